//! The planned slices of one address type while hints are worked out, and the moves both hint
//! modes make on them.
//!
//! Upstream: `kubernetes/endpointslice` `topologycache/utils.go` (`RemoveHintsFromSlices`),
//! `reconciler.go` (unchanged slices whose hints change are updated). Semantics doc §3.

use super::plan::{PlannedSlice, SliceAction};

/// The create, update and unchanged lists of one address type while hints are worked out.
pub(crate) struct HintLists<'w> {
    pub creates: &'w mut Vec<PlannedSlice>,
    pub updates: &'w mut Vec<PlannedSlice>,
    pub unchanged: &'w mut Vec<PlannedSlice>,
}

/// `RemoveHintsFromSlices`: no hints on creates and updates; unchanged slices holding any hint
/// are rewritten without them.
pub(crate) fn strip(lists: HintLists<'_>) {
    move_unchanged(lists.unchanged, lists.updates, |s| {
        s.endpoints.iter().any(|e| e.hints.is_some())
    });
    for s in lists.creates.iter_mut().chain(lists.updates.iter_mut()) {
        for e in &mut s.endpoints {
            e.hints = None;
        }
    }
}

/// Moves the unchanged slices for which `needs_update` holds to the update list (in order).
pub(crate) fn move_unchanged(
    unchanged: &mut Vec<PlannedSlice>,
    updates: &mut Vec<PlannedSlice>,
    mut needs_update: impl FnMut(&PlannedSlice) -> bool,
) {
    let mut keep = Vec::with_capacity(unchanged.len());
    for mut s in unchanged.drain(..) {
        if needs_update(&s) {
            s.action = SliceAction::Update;
            s.update_reasons.hints = true;
            updates.push(s);
        } else {
            keep.push(s);
        }
    }
    *unchanged = keep;
}
