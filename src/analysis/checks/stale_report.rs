//! Turns the discrepancies found by `stale::compare` into the `slice-stale` finding: which pods
//! and slices, one detail line each, and a summary by kind of difference.

use super::Ctx;
use super::stale_discrepancy::Discrepancy;
use crate::analysis::finding::{Code, Finding, ObjRef, Severity};
use std::collections::BTreeSet;

/// The `slice-stale` finding for `diffs` (sorted).
pub(super) fn stale_finding(ctx: &Ctx<'_>, diffs: &[Discrepancy]) -> Finding {
    let mut pods: BTreeSet<String> = BTreeSet::new();
    let mut slices: BTreeSet<String> = BTreeSet::new();
    let mut details = Vec::new();
    let mut missing = vec![];
    let (mut extra, mut changed, mut duplicate, mut slice_level) = (0, 0, 0, 0);
    for d in diffs {
        match d {
            Discrepancy::Missing { pod } => {
                pods.insert(pod.clone());
                missing.push(pod.clone());
            }
            Discrepancy::Extra {
                who,
                slice,
                why,
                pod,
            } => {
                extra += 1;
                if *pod {
                    pods.insert(who.clone());
                }
                slices.insert(slice.clone());
                details.push(format!("{who} in {slice}: listed, but {why}"));
            }
            Discrepancy::Changed { pod, slice, fields } => {
                changed += 1;
                pods.insert(pod.clone());
                slices.insert(slice.clone());
                details.push(format!("{pod} in {slice}: {}", fields.join(", ")));
            }
            Discrepancy::Duplicate { pod, slice } => {
                duplicate += 1;
                pods.insert(pod.clone());
                slices.insert(slice.clone());
                details.push(format!("{pod} in {slice}: listed a second time"));
            }
            Discrepancy::Slice { slice, why } => {
                slice_level += 1;
                slices.insert(slice.clone());
                details.push(format!("{slice}: {why}"));
            }
            Discrepancy::MissingPlaceholder { address_type } => {
                slice_level += 1;
                details.push(format!(
                    "no {address_type} slice at all: the controller keeps one empty placeholder slice"
                ));
            }
        }
    }
    if !missing.is_empty() {
        details.insert(
            0,
            format!("missing from every slice: {}", missing.join(", ")),
        );
    }
    let parts: Vec<String> = [
        (missing.len(), "pod missing", "pods missing"),
        (extra, "endpoint to remove", "endpoints to remove"),
        (
            changed,
            "endpoint with outdated fields",
            "endpoints with outdated fields",
        ),
        (duplicate, "duplicate endpoint", "duplicate endpoints"),
        (
            slice_level,
            "slice to rewrite or delete",
            "slices to rewrite or delete",
        ),
    ]
    .into_iter()
    .filter(|(n, _, _)| *n > 0)
    .map(|(n, one, many)| super::plural(n, one, many))
    .collect();
    let effect = if missing.len() + extra + changed + duplicate > 0 {
        ", so kube-proxy routes to an outdated set of endpoints"
    } else {
        ""
    };
    let mut objects: Vec<ObjRef> = pods.iter().map(|p| ctx.pod_ref(p)).collect();
    objects.extend(
        slices
            .iter()
            .map(|s| ObjRef::namespaced("EndpointSlice", &ctx.svc.namespace, s)),
    );
    ctx.finding(
        Code::SliceStale,
        Severity::Error,
        format!(
            "The EndpointSlices differ from what the EndpointSlice controller would write now ({}){effect}.",
            parts.join(", ")
        ),
        "The controller fixes this on its next sync; if it persists, check that kube-controller-manager is running and look for EndpointSlice errors in its log and in the Service's events.",
    )
    .with_objects(objects)
    .with_details(details)
}
