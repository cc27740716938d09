//! Recycling: creates become updates of slices that were going to be deleted.
//!
//! Upstream: `kubernetes/endpointslice` `reconciler.go` `finalize`. Semantics doc §2.8: walk the
//! delete list from the front; while creates remain, the *last* create takes the name of the
//! current delete if that slice has the same addressType and is owned by the Service. The new
//! object replaces the old one whole.

use super::identity::{IdentityKey, endpoint_changed};
use super::input::ReconcileInput;
use super::plan::{PlannedSlice, SliceAction, SliceDiff};
use crate::simulate::shared::slice_meta::owned_by;
use std::collections::HashMap;

/// Turns creates into updates of deletable slices; returns how many were recycled.
pub(crate) fn recycle(
    input: &ReconcileInput<'_>,
    creates: &mut Vec<PlannedSlice>,
    updates: &mut Vec<PlannedSlice>,
    deletes: &mut Vec<PlannedSlice>,
) -> usize {
    let mut recycled = 0;
    let mut i = 0;
    while i < deletes.len() && !creates.is_empty() {
        let s = deletes[i].existing.expect("deletes are existing slices");
        let old = input.existing[s];
        let last = creates.last().expect("non-empty");
        if old.address_type.as_ref() == Some(&last.address_type) && owned_by(old, input.service) {
            let mut slice = creates.pop().expect("non-empty");
            deletes.remove(i);
            slice.action = SliceAction::Update;
            slice.existing = Some(s);
            slice.update_reasons.recycled = true;
            slice.diff = diff_against(input, s, &slice);
            updates.push(slice);
            recycled += 1;
        } else {
            i += 1;
        }
    }
    recycled
}

/// Compares a recycled slice's new content with what the slice it overwrites held.
fn diff_against(input: &ReconcileInput<'_>, s: usize, new: &PlannedSlice) -> SliceDiff {
    let old = input.existing[s];
    let mut before: HashMap<IdentityKey<'_>, usize> = HashMap::with_capacity(old.endpoints.len());
    for (j, e) in old.endpoints.iter().enumerate() {
        before.entry(IdentityKey::of_endpoint(e)).or_insert(j);
    }
    let mut diff = SliceDiff::default();
    let mut kept = 0;
    for pe in &new.endpoints {
        let d =
            &input.desired.groups[pe.desired.group as usize].endpoints[pe.desired.index as usize];
        match before.get(&IdentityKey::of_desired(d)) {
            Some(&j) => {
                kept += 1;
                if endpoint_changed(d, &old.endpoints[j]) {
                    diff.changed += 1;
                }
            }
            None => diff.added += 1,
        }
    }
    diff.removed = old.endpoints.len() - kept;
    diff
}
