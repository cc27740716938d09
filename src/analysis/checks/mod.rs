//! The checks of `diagnose`, one file per concern. Each is a pure function of a `Ctx` (one
//! Service and the indexed cluster) returning findings; none prints or fails.
//!
//! How to add a check: add its code to `finding.rs` (never rename one), write
//! `check_<thing>(ctx) -> Vec<Finding>` in the file of its concern citing the Kubernetes rule it
//! relies on, call it from `run_service`, document it in docs/findings.md, and add a fixture where
//! it fires and one where it must not (tests/fixtures/diagnose/).

mod dual_stack;
mod endpoints;
mod exclusion;
mod near_miss;
mod network_policy;
mod pods;
mod ports;
mod readiness;
mod routers;
mod selector;
mod service_shape;
mod slices;
mod stale;
mod stale_report;
mod statefulset;
mod template_pods;
mod template_selector;
mod templates;
mod topology;
mod traffic_policy;

use super::finding::{Finding, ObjRef};
use super::lookup::Lookup;
use crate::model::{
    ControllerRules, EndpointSlice, Endpoints, Pod, Router, Service, ServiceType, Workload,
};
use crate::simulate::{DesiredState, desired_state};

/// One Service and everything its checks need, computed once.
pub(crate) struct Ctx<'a> {
    /// The Service.
    pub svc: &'a Service,
    /// Indexes over the whole input.
    pub look: &'a Lookup<'a>,
    /// Controller rules in force.
    pub rules: &'a ControllerRules,
    /// Pods the selector matches (empty without a selector and for ExternalName).
    pub selected: Vec<&'a Pod>,
    /// What the EndpointSlice controller wants now (only for Services it manages).
    pub desired: Option<DesiredState>,
    /// Slices labelled with the Service's name.
    pub slices: Vec<&'a EndpointSlice>,
    /// The legacy Endpoints.
    pub endpoints: Option<&'a Endpoints>,
    /// The endpoints traffic goes to, as checks about readiness and locality see them.
    pub effective: Vec<Effective>,
}

/// One endpoint as kube-proxy would consume it: for Services with a selector, what the
/// controller writes now (stale slices are reported separately, by `slice-stale`); for
/// selector-less Services, the slices as they are.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Effective {
    /// The pod's name, when the endpoint is a pod.
    pub pod: Option<String>,
    /// `conditions.ready` (nil read as true).
    pub ready: bool,
    /// `conditions.serving`.
    pub serving: bool,
    /// `conditions.terminating`.
    pub terminating: bool,
    /// `nodeName`.
    pub node: Option<String>,
    /// `zone`.
    pub zone: Option<String>,
}

impl<'a> Ctx<'a> {
    /// Builds the context of `svc`.
    pub fn new(svc: &'a Service, look: &'a Lookup<'a>, rules: &'a ControllerRules) -> Self {
        let managed = svc.service_type() != ServiceType::ExternalName;
        let selected = match (&svc.selector, managed) {
            (Some(sel), true) => look.pods.select(&svc.namespace, sel),
            _ => vec![],
        };
        // The controller manages only Services with a selector that are not ExternalName
        // (semantics §1.1; `endpointslice_controller.go` `syncService`).
        let desired = (managed && svc.selector.is_some())
            .then(|| desired_state(svc, &selected, &look.nodes, rules));
        let slices = look.slices_of(&svc.namespace, &svc.name);
        let effective = match &desired {
            Some(d) => from_desired(d),
            None if managed => from_slices(&slices),
            None => vec![],
        };
        Ctx {
            svc,
            look,
            rules,
            selected,
            desired,
            slices,
            endpoints: look.endpoints_of(&svc.namespace, &svc.name),
            effective,
        }
    }

    /// A finding about this Service.
    pub fn finding(
        &self,
        code: super::finding::Code,
        severity: super::finding::Severity,
        message: impl Into<String>,
        fix: impl Into<String>,
    ) -> Finding {
        Finding::new(
            code,
            severity,
            &self.svc.namespace,
            Some(&self.svc.name),
            message,
            fix,
        )
    }

    /// A Pod of this namespace as a finding object.
    pub fn pod_ref(&self, name: &str) -> ObjRef {
        ObjRef::namespaced("Pod", &self.svc.namespace, name)
    }

    /// An EndpointSlice as a finding object.
    pub fn slice_ref(&self, slice: &EndpointSlice) -> ObjRef {
        ObjRef::namespaced("EndpointSlice", &slice.namespace, &slice.name)
    }
}

/// One entry per pod (the first address type it appears in), in pod order.
fn from_desired(d: &DesiredState) -> Vec<Effective> {
    let mut seen = std::collections::HashSet::new();
    let mut out = Vec::new();
    for g in &d.groups {
        for e in &g.endpoints {
            if seen.insert(e.target_ref.name.clone()) {
                out.push(Effective {
                    pod: Some(e.target_ref.name.clone()),
                    ready: e.conditions.ready,
                    serving: e.conditions.serving,
                    terminating: e.conditions.terminating,
                    node: e.node_name.clone(),
                    zone: e.zone.clone(),
                });
            }
        }
    }
    out
}

/// Endpoints of the slices kube-proxy reads (IP address types; semantics §5).
fn from_slices(slices: &[&EndpointSlice]) -> Vec<Effective> {
    use crate::model::AddressType;
    slices
        .iter()
        .filter(|s| matches!(s.address_type, Some(AddressType::IPv4 | AddressType::IPv6)))
        .flat_map(|s| &s.endpoints)
        .filter(|e| !e.addresses.is_empty())
        .map(|e| Effective {
            pod: e
                .target_ref
                .as_ref()
                .filter(|r| r.kind == "Pod")
                .map(|r| r.name.clone()),
            ready: e.conditions.is_ready(),
            serving: e.conditions.is_serving(),
            terminating: e.conditions.is_terminating(),
            node: e.node_name.clone(),
            zone: e.zone.clone(),
        })
        .collect()
}

/// Every per-Service check, in documentation order.
pub(crate) fn run_service(ctx: &Ctx<'_>) -> Vec<Finding> {
    let mut out = Vec::new();
    out.extend(selector::check_selector(ctx));
    out.extend(near_miss::check_near_miss(ctx));
    out.extend(exclusion::check_pods_excluded(ctx));
    out.extend(readiness::check_readiness(ctx));
    out.extend(pods::check_pods_not_ready(ctx));
    out.extend(pods::check_readiness_probes(ctx));
    out.extend(ports::check_target_ports(ctx));
    out.extend(stale::check_slice_stale(ctx));
    out.extend(slices::check_service_slices(ctx));
    out.extend(endpoints::check_over_capacity(ctx));
    out.extend(traffic_policy::check_traffic_policies(ctx));
    out.extend(topology::check_topology_hints(ctx));
    out.extend(service_shape::check_service_shape(ctx));
    out.extend(dual_stack::check_dual_stack(ctx));
    out.extend(statefulset::check_governed_statefulsets(ctx));
    out.extend(routers::check_backend_ports(ctx));
    out.extend(network_policy::check_pods(ctx));
    out
}

/// Every per-Service check that means something for manifests not applied yet, in
/// documentation order: pod templates stand in for pods, and checks of live state (readiness,
/// controller-written slices, nodes) are left out. `diagnose` also drops any finding
/// `InputMode::SKIPPED_IN_MANIFESTS` names (`loadbalancer-pending` from the Service shape).
pub(crate) fn run_manifest_service(ctx: &Ctx<'_>) -> Vec<Finding> {
    let templates = templates::selected_templates(ctx);
    let mut out = Vec::new();
    out.extend(template_selector::check_template_selector(ctx, &templates));
    out.extend(template_pods::check_template_probes(ctx, &templates));
    out.extend(template_pods::check_template_ports(ctx, &templates));
    out.extend(slices::check_service_slices(ctx));
    out.extend(service_shape::check_service_shape(ctx));
    out.extend(statefulset::check_governed_statefulsets(ctx));
    out.extend(routers::check_backend_ports(ctx));
    out.extend(network_policy::check_templates(ctx, &templates));
    out
}

/// Checks of slices that belong to no existing Service, for one namespace.
pub(crate) fn run_unattached<'a>(
    look: &Lookup<'a>,
    slices: impl Iterator<Item = &'a EndpointSlice>,
) -> Vec<Finding> {
    slices::check_unattached_slices(look, slices)
}

/// Ingress/route backends and StatefulSet serviceNames naming Services that do not exist, for
/// the routers and workloads of the namespaces in scope.
pub(crate) fn run_unattached_refs<'a>(
    look: &Lookup<'a>,
    routers: impl Iterator<Item = &'a Router>,
    workloads: impl Iterator<Item = &'a Workload>,
) -> Vec<Finding> {
    let mut out = statefulset::check_missing_services(look, workloads);
    out.extend(routers::check_missing_services(look, routers));
    out
}

/// `1 pod` / `2 pods`.
pub(crate) fn plural(n: usize, one: &str, many: &str) -> String {
    if n == 1 {
        format!("{n} {one}")
    } else {
        format!("{n} {many}")
    }
}
