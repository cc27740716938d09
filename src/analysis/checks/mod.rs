//! The checks of `diagnose`, one file per concern. Each is a pure function of a `Ctx` (one
//! Service and the indexed cluster) returning findings; none prints or fails.
//!
//! How to add a check: add its code to `finding.rs` (never rename one), write
//! `check_<thing>(ctx) -> Vec<Finding>` in the file of its concern citing the Kubernetes rule it
//! relies on, call it from `run_service`, document it in docs/findings.md, and add a fixture where
//! it fires and one where it must not (tests/fixtures/diagnose/).

mod api_rules;
mod ctx;
mod did_you_mean;
mod dual_stack;
mod endpoints;
mod exclusion;
mod ingress_api_removed;
mod ingress_validation;
mod invalid_object;
mod near_miss;
mod network_policy;
mod plural;
mod pods;
mod ports;
mod probes;
mod readiness;
mod routers;
mod scaled_to_zero;
mod selector;
mod selector_format;
mod service_shape;
mod service_validation;
mod slices;
mod stale;
mod stale_discrepancy;
mod stale_report;
mod statefulset;
mod template_pods;
mod template_selector;
mod template_validation;
mod templates;
mod topology;
mod traffic_policy;

pub(crate) use ctx::{Ctx, Effective};
pub(crate) use plural::plural;
pub(crate) use templates::{pod_count_phrase, template_selected, workload_label};

use super::finding::Finding;
use super::lookup::Lookup;
use crate::model::{ControllerRules, EndpointSlice, Router, Workload};

/// Every per-Service check, in documentation order.
pub(crate) fn run_service(ctx: &Ctx<'_>) -> Vec<Finding> {
    let mut out = Vec::new();
    out.extend(service_validation::check_service_valid(ctx));
    if !out.is_empty() {
        // The API server refuses it, so it never exists: nothing else about it matters until
        // it is fixed (docs/findings.md#invalid-object).
        return out;
    }
    out.extend(selector::check_selector(ctx));
    out.extend(near_miss::check_near_miss(ctx));
    out.extend(exclusion::check_pods_excluded(ctx));
    out.extend(readiness::check_readiness(ctx));
    out.extend(pods::check_pods_not_ready(ctx));
    out.extend(probes::check_pod_probes(ctx));
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
    out.extend(service_validation::check_service_valid(ctx));
    if !out.is_empty() {
        // Refused by the API server: nothing else about it matters (as in `run_service`).
        return out;
    }
    out.extend(template_selector::check_template_selector(ctx, &templates));
    out.extend(probes::check_template_probes(ctx, &templates));
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

/// Ingress/route backends and StatefulSet serviceNames naming Services that do not exist, and
/// Ingresses and workloads the API server would refuse (or no longer serves), for the routers
/// and workloads of the namespaces in scope.
pub(crate) fn run_unattached_refs<'a>(
    look: &Lookup<'a>,
    rules: &ControllerRules,
    routers: impl Iterator<Item = &'a Router> + Clone,
    workloads: impl Iterator<Item = &'a Workload> + Clone,
) -> Vec<Finding> {
    let mut out = statefulset::check_missing_services(look, workloads.clone());
    out.extend(workloads.filter_map(template_validation::check_template_valid));
    for router in routers.clone() {
        out.extend(ingress_validation::check_ingress_valid(router));
        out.extend(ingress_api_removed::check_ingress_api(router, rules));
    }
    out.extend(routers::check_missing_services(look, routers));
    out
}
