//! One existing slice on the delete list, as the reconciler plans it.
//!
//! Upstream: `kubernetes/endpointslice` `reconciler.go` (`slicesToDelete`). Semantics doc §2.4.

use super::input::ReconcileInput;
use super::plan::{DeleteReason, PlannedSlice, SliceAction, SliceDiff, UpdateReasons};
use crate::model::AddressType;

/// An existing slice on the delete list.
pub(crate) fn delete(input: &ReconcileInput<'_>, s: usize, reason: DeleteReason) -> PlannedSlice {
    let slice = input.existing[s];
    PlannedSlice {
        action: SliceAction::Delete,
        existing: Some(s),
        address_type: slice.address_type.clone().unwrap_or(AddressType::IPv4),
        ports: slice.ports.clone(),
        labels: slice.labels.clone(),
        endpoints: Vec::new(),
        placeholder: slice.ports.is_empty() && slice.endpoints.is_empty(),
        delete_reason: Some(reason),
        update_reasons: UpdateReasons::default(),
        diff: SliceDiff {
            removed: slice.endpoints.len(),
            ..SliceDiff::default()
        },
    }
}
