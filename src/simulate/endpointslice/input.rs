//! What one sync of the EndpointSlice controller looks at, shared by `reconcile` and the passes
//! it calls (they read it, never call back into `reconcile`).
//!
//! Upstream: `kubernetes/endpointslice` `reconciler.go` (`Reconcile`'s arguments: the Service,
//! its pods, the existing slices and the topology cache).

use super::desired::{DesiredEndpoint, DesiredState};
use super::node_topology::NodeTopology;
use super::plan::PlannedEndpoint;
use crate::model::{EndpointSlice, Service};

/// Everything one sync looks at.
#[derive(Debug, Clone, Copy)]
pub struct ReconcileInput<'a> {
    /// The Service.
    pub service: &'a Service,
    /// What its pods make (from [`desired_state`](crate::simulate::desired_state)).
    pub desired: &'a DesiredState,
    /// Slices labelled with the Service's name (others are ignored; the controller lists only
    /// its own, see [`listed_by_controller`](crate::simulate::listed_by_controller)).
    pub existing: &'a [&'a EndpointSlice],
    /// Node zones and CPU, for `topology-mode: Auto`.
    pub topology: &'a NodeTopology,
}

/// The desired endpoint a planned endpoint is. Endpoints kept as stored are equal to it beyond
/// hints, so its fields are theirs too.
pub(crate) fn desired_of<'a>(
    input: &ReconcileInput<'a>,
    pe: &PlannedEndpoint,
) -> &'a DesiredEndpoint {
    &input.desired.groups[pe.desired.group as usize].endpoints[pe.desired.index as usize]
}
