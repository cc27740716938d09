//! A pure model of the EndpointSlice controller: which endpoints it wants, and (later) how it
//! packs them into slices. Deterministic; no I/O, no clock.
//!
//! Spec: `../shared/docs/endpointslice-semantics.md`; upstream `kubernetes/endpointslice`
//! `reconciler.go` and `utils.go`.

mod desired;
mod named_port;

pub use desired::{
    DesiredConditions, DesiredEndpoint, DesiredGroup, DesiredState, Exclusion, NodeIndex,
    PodVerdict, desired_state,
};
pub use named_port::{PortLookup, resolve_target_port};

#[cfg(test)]
mod desired_tests;
