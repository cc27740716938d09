//! What-if steps on top of one simulated sync: a pod population, the steps that change it, the
//! incremental engine that re-syncs cheaply, and the outcome rows shown to users.
//!
//! Follows the same upstream `kubernetes/endpointslice` `reconciler.go` as `endpointslice/`
//! (the property suite checks the engine against the full reconciler).

pub(super) mod engine;
pub(super) mod outcome;
pub(super) mod population;
pub(super) mod steps;
