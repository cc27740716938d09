//! What one address type's pass of the reconciler works on: its slice lists and, per port group,
//! the context and step-1 result it hands to the emitting and placeholder steps.
//!
//! Upstream: `kubernetes/endpointslice` `reconciler.go` `reconcileByAddressType` (the
//! `slicesToCreate`, `slicesToUpdate`, `slicesToDelete` lists). Semantics doc §2.

use super::desired::DesiredGroup;
use super::input::ReconcileInput;
use super::plan::PlannedSlice;
use crate::simulate::shared::config::SimConfig;

/// The slice lists of one address type, in the order upstream builds them.
#[derive(Default)]
pub(crate) struct TypeWork {
    pub creates: Vec<PlannedSlice>,
    pub updates: Vec<PlannedSlice>,
    pub deletes: Vec<PlannedSlice>,
    pub unchanged: Vec<PlannedSlice>,
    pub added_per_sync: usize,
    pub removed_per_sync: usize,
    /// Identities present before that no desired endpoint matches.
    pub identities_removed: usize,
}

/// One port group of the pass, as `type_pass` hands it to `group_emit`.
pub(crate) struct GroupCtx<'c, 'a> {
    pub input: &'c ReconcileInput<'a>,
    pub cfg: &'c SimConfig,
    pub gi: u32,
    pub group: &'a DesiredGroup,
    pub slices: &'c [usize],
    pub group_of: &'c [u32],
    pub local: &'c [u32],
}

/// What step 1 found in one existing slice of the group.
pub(crate) struct Kept {
    /// Per existing position: the desired endpoint that keeps it.
    pub slots: Vec<Option<u32>>,
    pub kept: usize,
    pub changed: usize,
    pub labels_changed: bool,
}
