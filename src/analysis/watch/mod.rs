//! `explain -w`: the transitions of one Service as its objects change, and their summary.
//!
//! `diff` is the pure diff of an object's two states; `tracker` applies changes in order, with
//! the time passed in, and follows outages, staleness and convergence; `summary` is what the
//! watch amounted to. Nothing here reads a clock or the network.

mod diff;
mod summary;
mod tracker;
mod transition;

#[cfg(test)]
mod tests;

pub use diff::{endpoint_ref, pod_transitions, service_transitions, slice_transitions};
pub use summary::{LagStats, OutageWindow, PortSummary, Summary, seconds_between};
pub use tracker::{EVALUATE_EVERY, Tracker, WatchOptions, port_label};
pub use transition::{ConditionName, EndpointRef, Transition, TransitionKind};
