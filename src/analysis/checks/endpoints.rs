//! The legacy v1 Endpoints object: `endpoints-over-capacity`.
//!
//! The Endpoints controller keeps at most 1000 addresses and then sets
//! `endpoints.kubernetes.io/over-capacity: truncated`
//! (`pkg/controller/endpoint/endpoints_controller.go` `maxCapacity`, semantics §4.2;
//! <https://kubernetes.io/docs/concepts/services-networking/service/#over-capacity-endpoints>).
//! EndpointSlices are complete, so only tools still reading v1 Endpoints see a partial list.

use super::Ctx;
use crate::analysis::finding::{Code, Finding, ObjRef, Severity};

/// The over-capacity annotation on the Service's Endpoints.
pub(super) fn check_over_capacity(ctx: &Ctx<'_>) -> Vec<Finding> {
    let Some(ep) = ctx.endpoints else {
        return vec![];
    };
    let Some(value) = ep.over_capacity().filter(|v| !v.is_empty()) else {
        return vec![];
    };
    let listed: usize = ep
        .subsets
        .iter()
        .map(|s| s.addresses.len() + s.not_ready_addresses.len())
        .sum();
    let total = ctx.effective.len();
    let counts = if total > listed {
        format!("it lists {listed} of the {total} endpoints")
    } else {
        format!("it lists {listed} addresses")
    };
    vec![
        ctx.finding(
            Code::EndpointsOverCapacity,
            Severity::Info,
            format!(
                "The legacy Endpoints object is annotated endpoints.kubernetes.io/over-capacity={value}: {counts}, so anything still reading v1 Endpoints sees a partial list (EndpointSlices are complete)."
            ),
            "Move consumers of v1 Endpoints (ingress controllers, service meshes, scripts) to EndpointSlices (discovery.k8s.io/v1).",
        )
        .with_objects(vec![ObjRef::namespaced("Endpoints", &ep.namespace, &ep.name)]),
    ]
}
