//! Turning one port group's placement into planned slices: updates with kept and appended
//! endpoints, slices kept as stored, deletes and creates.
//!
//! Upstream: `kubernetes/endpointslice` `reconciler.go` `reconcileByPortMapping` (how the
//! update, delete and create lists are built). Semantics doc §2.2–§2.4.

use super::delete::delete;
use super::input::ReconcileInput;
use super::placement::{FillTarget, Placement, SliceClass};
use super::plan::{
    DeleteReason, DesiredRef, ExistingRef, PlannedEndpoint, PlannedSlice, SliceAction, SliceDiff,
    UpdateReasons,
};
use super::type_work::{GroupCtx, Kept, TypeWork};
use crate::model::AddressType;
use crate::simulate::shared::slice_meta::desired_slice_labels;

pub(crate) fn emit(
    ctx: &GroupCtx<'_, '_>,
    kept: &[Kept],
    placement: &Placement,
    unplaced: &[(u32, Option<ExistingRef>)],
    w: &mut TypeWork,
) {
    let input = ctx.input;
    let existing = input.existing;
    let labels = desired_slice_labels(input.service);
    let new_ep = |&(i, before): &(u32, Option<ExistingRef>)| PlannedEndpoint {
        desired: DesiredRef {
            group: ctx.gi,
            index: i,
        },
        before,
        fresh: true,
        hints: None,
    };
    let mut appended: Vec<Vec<PlannedEndpoint>> = vec![Vec::new(); ctx.slices.len()];
    let mut created: Vec<Vec<PlannedEndpoint>> = placement
        .new_slices
        .iter()
        .map(|&n| Vec::with_capacity(n))
        .collect();
    let mut next = unplaced.iter();
    for &(target, n) in &placement.fills {
        let dest = match target {
            FillTarget::Existing(li) => &mut appended[li],
            FillTarget::New(k) => &mut created[k],
        };
        dest.extend(next.by_ref().take(n).map(new_ep));
    }
    for (li, &s) in ctx.slices.iter().enumerate() {
        let slice = existing[s];
        let k = &kept[li];
        let endpoints_touched = k.kept < slice.endpoints.len() || k.changed > 0;
        match placement.classes[li] {
            SliceClass::Delete => w.deletes.push(delete(input, s, DeleteReason::Emptied)),
            SliceClass::Unchanged => w.unchanged.push(as_is(input, s, ctx.gi, k, None)),
            SliceClass::Update if endpoints_touched => {
                let mut eps: Vec<PlannedEndpoint> = k
                    .slots
                    .iter()
                    .enumerate()
                    .filter_map(|(j, slot)| {
                        slot.map(|i| PlannedEndpoint {
                            desired: DesiredRef {
                                group: ctx.gi,
                                index: i,
                            },
                            before: Some(ExistingRef {
                                slice: s as u32,
                                index: j as u32,
                            }),
                            fresh: true,
                            hints: None,
                        })
                    })
                    .collect();
                let added = appended[li].len();
                eps.append(&mut appended[li]);
                w.updates.push(PlannedSlice {
                    action: SliceAction::Update,
                    existing: Some(s),
                    address_type: ctx.group.address_type.clone(),
                    ports: slice.ports.clone(),
                    labels: labels.clone(),
                    endpoints: eps,
                    placeholder: false,
                    delete_reason: None,
                    update_reasons: UpdateReasons {
                        endpoints: true,
                        labels: k.labels_changed,
                        filled: added > 0,
                        ..UpdateReasons::default()
                    },
                    diff: SliceDiff {
                        added,
                        removed: slice.endpoints.len() - k.kept,
                        changed: k.changed,
                    },
                });
            }
            SliceClass::Update => {
                // Labels only, or an unchanged slice taking the remainder: the stored endpoints
                // are kept as they are (with their hints), new ones appended.
                let extra = std::mem::take(&mut appended[li]);
                let mut ps = as_is(input, s, ctx.gi, k, Some(extra));
                if k.labels_changed {
                    ps.labels = labels.clone();
                }
                w.updates.push(ps);
            }
        }
    }
    for eps in created {
        let n = eps.len();
        w.creates.push(PlannedSlice {
            action: SliceAction::Create,
            existing: None,
            address_type: ctx.group.address_type.clone(),
            ports: ctx.group.ports.clone(),
            labels: labels.clone(),
            endpoints: eps,
            placeholder: false,
            delete_reason: None,
            update_reasons: UpdateReasons::default(),
            diff: SliceDiff {
                added: n,
                ..SliceDiff::default()
            },
        });
    }
}

/// An existing slice whose stored endpoints are kept (unchanged, labels-only, or filled).
fn as_is(
    input: &ReconcileInput<'_>,
    s: usize,
    gi: u32,
    k: &Kept,
    extra: Option<Vec<PlannedEndpoint>>,
) -> PlannedSlice {
    let slice = input.existing[s];
    let mut eps: Vec<PlannedEndpoint> = k
        .slots
        .iter()
        .zip(&slice.endpoints)
        .enumerate()
        .map(|(j, (slot, e))| PlannedEndpoint {
            desired: DesiredRef {
                group: gi,
                index: slot.expect("every endpoint of a kept-as-is slice is desired"),
            },
            before: Some(ExistingRef {
                slice: s as u32,
                index: j as u32,
            }),
            fresh: false,
            hints: e.hints.clone(),
        })
        .collect();
    let (action, added) = match extra {
        None => (SliceAction::Unchanged, 0),
        Some(mut more) => {
            let n = more.len();
            eps.append(&mut more);
            (SliceAction::Update, n)
        }
    };
    PlannedSlice {
        action,
        existing: Some(s),
        address_type: slice.address_type.clone().unwrap_or(AddressType::IPv4),
        ports: slice.ports.clone(),
        labels: slice.labels.clone(),
        endpoints: eps,
        placeholder: false,
        delete_reason: None,
        update_reasons: UpdateReasons {
            labels: k.labels_changed,
            filled: added > 0,
            ..UpdateReasons::default()
        },
        diff: SliceDiff {
            added,
            ..SliceDiff::default()
        },
    }
}
