//! The placeholder slice: when every slice of an address type is going and nothing is created,
//! one slice with no ports and no endpoints stays (or is created) so that consumers see the
//! Service has no endpoints rather than no information.
//!
//! Upstream: `kubernetes/endpointslice` `reconciler.go` (`reconcileByAddressType`, the
//! `placeholderSliceCompare` equality). Semantics doc §2.6.

use super::input::ReconcileInput;
use super::plan::{PlannedSlice, SliceAction, SliceDiff, UpdateReasons};
use super::type_work::TypeWork;
use crate::model::AddressType;
use crate::simulate::shared::slice_meta::{desired_slice_labels, equals_placeholder};

/// §2.6: when every slice of this type is going and nothing is created, keep (or create) the
/// placeholder: no ports, no endpoints.
pub(crate) fn placeholder(
    input: &ReconcileInput<'_>,
    at: &AddressType,
    of_type: usize,
    w: &mut TypeWork,
) {
    if of_type != w.deletes.len() || !w.creates.is_empty() {
        return;
    }
    if let [only] = w.deletes.as_slice() {
        let s = only.existing.expect("deletes are existing slices");
        if equals_placeholder(input.existing[s], input.service) {
            let mut kept = w.deletes.pop().expect("one delete");
            kept.action = SliceAction::Unchanged;
            kept.delete_reason = None;
            kept.diff = SliceDiff::default();
            kept.placeholder = true;
            w.unchanged.push(kept);
            return;
        }
    }
    w.creates.push(PlannedSlice {
        action: SliceAction::Create,
        existing: None,
        address_type: at.clone(),
        ports: Vec::new(),
        labels: desired_slice_labels(input.service),
        endpoints: Vec::new(),
        placeholder: true,
        delete_reason: None,
        update_reasons: UpdateReasons::default(),
        diff: SliceDiff::default(),
    });
}
