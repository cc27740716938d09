//! What every check of one Service reads, computed once: the Service, its pods, what the
//! EndpointSlice controller wants, its slices, and the endpoints traffic goes to. The checks and
//! `run_service` (mod.rs) both import it; it imports none of them.

use crate::analysis::finding::{Finding, ObjRef};
use crate::analysis::lookup::Lookup;
use crate::model::{
    Atom, ControllerRules, EndpointSlice, Endpoints, Pod, Service, ServiceType, Str,
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
/// selector-less Services, the slices as they are. Texts are `Str`s (names, nodes and zones
/// fit inline: one row per endpoint without an allocation).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Effective {
    /// The pod's name, when the endpoint is a pod.
    pub pod: Option<Str>,
    /// `conditions.ready` (nil read as true).
    pub ready: bool,
    /// `conditions.serving`.
    pub serving: bool,
    /// `conditions.terminating`.
    pub terminating: bool,
    /// `nodeName`.
    pub node: Option<Atom>,
    /// `zone`.
    pub zone: Option<Atom>,
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
        code: crate::analysis::finding::Code,
        severity: crate::analysis::finding::Severity,
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
    use foldhash::{HashSet, HashSetExt};
    let n = d.groups.iter().map(|g| g.endpoints.len()).sum();
    let mut seen: HashSet<&str> = HashSet::with_capacity(n);
    let mut out = Vec::with_capacity(n);
    for g in &d.groups {
        for e in &g.endpoints {
            if seen.insert(e.target_ref.name.as_str()) {
                out.push(Effective {
                    pod: Some(e.target_ref.name.clone()),
                    ready: e.conditions.ready,
                    serving: e.conditions.serving,
                    terminating: e.conditions.terminating,
                    node: e.node_name,
                    zone: e.zone,
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
            node: e.node_name,
            zone: e.zone,
        })
        .collect()
}
