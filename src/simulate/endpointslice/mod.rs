//! The EndpointSlice controller: which pods become endpoints, how one sync packs them into slices
//! (passes, placement, placeholder, recycling, hints) and the plan it writes.
//!
//! Upstream: `kubernetes/endpointslice` `reconciler.go`, `utils.go`, `topologycache/`.
//! `reconcile` orchestrates: `type_pass` (→ `group_emit`, `placeholder`), `hints`
//! (→ `topology_hints`), `recycle`; they share `input`, `type_work` and `hint_lists` below them.

pub(super) mod apply;
pub(super) mod delete;
pub(super) mod desired;
pub(super) mod group_emit;
pub(super) mod hint_lists;
pub(super) mod hints;
pub(super) mod identity;
pub(super) mod input;
pub(super) mod node_topology;
pub(super) mod placeholder;
pub(super) mod placement;
pub(super) mod plan;
pub(super) mod reconcile;
pub(super) mod recycle;
pub(super) mod topology_hints;
pub(super) mod type_pass;
pub(super) mod type_work;

#[cfg(test)]
mod desired_tests;
#[cfg(test)]
mod reconcile_tests;
