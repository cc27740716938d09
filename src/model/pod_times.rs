//! When a Pod's readiness last changed and when its deletion was asked for: what the watch needs
//! to measure propagation lag. Kept beside the `Pod` rather than in it, so the big dumps read by
//! every other command do not carry two more fields per pod.

use jiff::Timestamp;

/// Timestamps of one Pod, as the API reports them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct PodTimes {
    /// `status.conditions[type=Ready].lastTransitionTime` (set by the kubelet, node clock).
    pub ready_changed: Option<Timestamp>,
    /// `metadata.deletionTimestamp` (set by the API server).
    pub deletion: Option<Timestamp>,
}
