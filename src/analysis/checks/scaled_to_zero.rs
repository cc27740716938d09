//! `selector-matches-only-scaled-to-zero`: the workloads a selector matches all run no pod.
//!
//! A workload's controller creates `replicas` pods, none at zero, and the EndpointSlice
//! controller lists only pods that exist (`endpointslice_controller.go` `syncService`).

use super::Ctx;
use super::selector_format::format_selector;
use super::templates::{pod_count_phrase, workload_label, workload_ref};
use crate::analysis::finding::{Code, Finding, Severity};
use crate::model::{Labels, Workload};

/// Every selected workload runs no pod (`replicas: 0`): the Service would have no endpoints
/// until one is scaled up (by hand, an HPA or KEDA).
pub(super) fn scaled_to_zero(
    ctx: &Ctx<'_>,
    sel: &Labels,
    selected: &[&Workload],
) -> Option<Finding> {
    if !selected.iter().all(|w| w.pod_count() == Some(0)) {
        return None;
    }
    Some(
        ctx.finding(
            Code::SelectorMatchesOnlyScaledToZero,
            Severity::Warning,
            format!(
                "The selector {} matches only {} scaled to zero replicas, so the Service would have no endpoints until one is scaled up.",
                format_selector(sel),
                super::plural(selected.len(), "workload", "workloads"),
            ),
            "Scale the workload up (spec.replicas), or leave it at zero on purpose if an autoscaler (HPA, KEDA) or a later step scales it.",
        )
        .with_objects(selected.iter().map(|w| workload_ref(w)).collect())
        .with_details(
            selected
                .iter()
                .map(|w| format!("{}: {}", workload_label(w), pod_count_phrase(w)))
                .collect(),
        ),
    )
}
