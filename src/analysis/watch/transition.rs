//! What `explain -w` reports: one transition per observed change that matters to the Service's
//! traffic, each stamped with the time the watch received it (or, for deadline-driven ones such
//! as `stale`, the moment the deadline fell).

use crate::analysis::PodReason;
use jiff::Timestamp;

/// One endpoint of a slice, named the way the rest of the tool names it.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct EndpointRef {
    /// The slice holding it.
    pub slice: String,
    /// Its first address (the only one kube-proxy uses).
    pub address: String,
    /// The Pod of its `targetRef`, when it names one.
    pub pod: Option<String>,
}

/// Which endpoint condition changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ConditionName {
    /// `ready`.
    Ready,
    /// `serving`.
    Serving,
    /// `terminating`.
    Terminating,
}

impl ConditionName {
    /// The API spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            ConditionName::Ready => "ready",
            ConditionName::Serving => "serving",
            ConditionName::Terminating => "terminating",
        }
    }
}

/// What happened.
#[derive(Debug, Clone, PartialEq)]
pub enum TransitionKind {
    /// A Pod the selector matches appeared.
    PodAdded {
        /// Name.
        pod: String,
        /// Its Ready condition was True already.
        ready: bool,
    },
    /// A selected Pod is gone (deleted, or no longer matched by the selector).
    PodDeleted {
        /// Name.
        pod: String,
    },
    /// Ready became True.
    PodReady {
        /// Name.
        pod: String,
    },
    /// Ready stopped being True.
    PodNotReady {
        /// Name.
        pod: String,
        /// Why it gets no new traffic, as `explain` words it.
        reason: PodReason,
        /// The Ready condition's (or a waiting container's) reason and message.
        detail: Option<String>,
    },
    /// Its deletion was asked for (`deletionTimestamp` appeared).
    PodTerminating {
        /// Name.
        pod: String,
    },
    /// An endpoint appeared in a slice.
    EndpointAdded {
        /// Which.
        endpoint: EndpointRef,
        /// `ready` as consumers read it.
        ready: bool,
        /// `serving` as consumers read it.
        serving: bool,
        /// `terminating` as consumers read it.
        terminating: bool,
        /// Propagation lag of the Pod change behind it.
        lag_ms: Option<i64>,
    },
    /// An endpoint left a slice (or its slice was deleted).
    EndpointRemoved {
        /// Which.
        endpoint: EndpointRef,
        /// Propagation lag of the Pod deletion behind it.
        lag_ms: Option<i64>,
    },
    /// A condition of an endpoint changed (as stored: nil, true or false).
    EndpointCondition {
        /// Which.
        endpoint: EndpointRef,
        /// Which condition.
        condition: ConditionName,
        /// Before.
        old: Option<bool>,
        /// After.
        new: Option<bool>,
        /// Propagation lag of the Pod change behind it.
        lag_ms: Option<i64>,
    },
    /// A slice of the Service was created.
    SliceCreated {
        /// Name.
        slice: String,
        /// How many endpoints it holds.
        endpoints: usize,
    },
    /// A slice of the Service was deleted.
    SliceDeleted {
        /// Name.
        slice: String,
    },
    /// The Service's spec changed.
    ServiceChanged {
        /// `selector`, `ports`, `type`, ...
        field: &'static str,
    },
    /// The Service itself was deleted.
    ServiceDeleted,
    /// A Service port has no ready endpoint any more.
    OutageStart {
        /// The port's name (its number when unnamed).
        port: String,
    },
    /// It has some again.
    OutageEnd {
        /// The port.
        port: String,
        /// How long it had none.
        seconds: f64,
    },
    /// The slices have differed from what the controller would write for `--stale-after`.
    Stale {
        /// Since when they differ.
        since: Timestamp,
    },
    /// They are what the controller would write again.
    StaleEnd {
        /// How long they differed.
        seconds: f64,
    },
    /// Every selected Pod is Ready, the slices are what the controller would write and no
    /// endpoint is terminating.
    Converged,
}

impl TransitionKind {
    /// The kebab-case type in output.
    pub fn type_name(&self) -> &'static str {
        match self {
            TransitionKind::PodAdded { .. } => "pod-added",
            TransitionKind::PodDeleted { .. } => "pod-deleted",
            TransitionKind::PodReady { .. } => "pod-ready",
            TransitionKind::PodNotReady { .. } => "pod-not-ready",
            TransitionKind::PodTerminating { .. } => "pod-terminating",
            TransitionKind::EndpointAdded { .. } => "endpoint-added",
            TransitionKind::EndpointRemoved { .. } => "endpoint-removed",
            TransitionKind::EndpointCondition { .. } => "endpoint-condition",
            TransitionKind::SliceCreated { .. } => "slice-created",
            TransitionKind::SliceDeleted { .. } => "slice-deleted",
            TransitionKind::ServiceChanged { .. } => "service-changed",
            TransitionKind::ServiceDeleted => "service-deleted",
            TransitionKind::OutageStart { .. } => "outage-start",
            TransitionKind::OutageEnd { .. } => "outage-end",
            TransitionKind::Stale { .. } => "stale",
            TransitionKind::StaleEnd { .. } => "stale-end",
            TransitionKind::Converged => "converged",
        }
    }

    /// Every type, in the order the summary counts them.
    pub const TYPES: [&'static str; 17] = [
        "pod-added",
        "pod-deleted",
        "pod-ready",
        "pod-not-ready",
        "pod-terminating",
        "endpoint-added",
        "endpoint-removed",
        "endpoint-condition",
        "slice-created",
        "slice-deleted",
        "service-changed",
        "service-deleted",
        "outage-start",
        "outage-end",
        "stale",
        "stale-end",
        "converged",
    ];
}

/// One transition and when it happened.
#[derive(Debug, Clone, PartialEq)]
pub struct Transition {
    /// When the watch received the change (or the deadline fell).
    pub time: Timestamp,
    /// What.
    pub kind: TransitionKind,
}
