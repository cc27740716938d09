//! Building the objects a plan describes: the slices as they are after the sync.

use super::input::ReconcileInput;
use super::input::desired_of;
use super::plan::{Plan, PlannedEndpoint, PlannedSlice, SliceAction};
use crate::model::{Endpoint, EndpointSlice, Labels};
use crate::simulate::shared::slice_meta::service_owner_ref;

/// The endpoint as the controller writes it.
pub fn materialize_endpoint(input: &ReconcileInput<'_>, pe: &PlannedEndpoint) -> Endpoint {
    let mut e = desired_of(input, pe).to_endpoint();
    e.hints.clone_from(&pe.hints);
    e
}

/// One planned slice as an object; `name` is used for creates.
pub fn materialize_slice(
    input: &ReconcileInput<'_>,
    ps: &PlannedSlice,
    name: impl FnOnce() -> String,
) -> EndpointSlice {
    let svc = input.service;
    let old = ps.existing.map(|i| input.existing[i]);
    if ps.action == SliceAction::Unchanged {
        return old.expect("unchanged slices exist").clone();
    }
    // A recycled slice replaces the old object whole; an in-place update keeps its metadata.
    let in_place = old.filter(|_| !ps.update_reasons.recycled);
    EndpointSlice {
        namespace: svc.namespace.clone().into(),
        name: old.map_or_else(name, |o| o.name.to_string()).into(),
        labels: ps.labels.clone(),
        annotations: in_place.map_or_else(Labels::new, |o| o.annotations.clone()),
        address_type: Some(ps.address_type.clone()),
        ports: ps.ports.clone(),
        endpoints: ps
            .endpoints
            .iter()
            .map(|pe| materialize_endpoint(input, pe))
            .collect(),
        owner_references: in_place.map_or_else(
            || vec![service_owner_ref(svc)],
            |o| o.owner_references.clone(),
        ),
        deleting: false,
    }
}

/// Every slice after the sync: the untouched (ignored) ones, then the plan's result in plan
/// order. New slices are named by `name_new`.
pub fn apply_plan(
    input: &ReconcileInput<'_>,
    plan: &Plan,
    mut name_new: impl FnMut() -> String,
) -> Vec<EndpointSlice> {
    let mut out: Vec<EndpointSlice> = plan
        .ignored
        .iter()
        .map(|&i| input.existing[i].clone())
        .collect();
    if plan.skipped.is_some() {
        out.extend(
            (0..input.existing.len())
                .filter(|i| !plan.ignored.contains(i))
                .map(|i| input.existing[i].clone()),
        );
        return out;
    }
    for ps in plan.result() {
        out.push(materialize_slice(input, ps, &mut name_new));
    }
    out
}
