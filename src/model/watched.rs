//! What `explain -w` observes: objects as the source converted them, and how they changed.

use super::{EndpointSlice, Endpoints, Node, Pod, PodTimes, Service};

/// The kinds `explain -w` watches (Nodes are read once, at the start).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum WatchedKind {
    /// The Service.
    Service,
    /// Its Pods (by the Service's selector).
    Pod,
    /// Its EndpointSlices (by `kubernetes.io/service-name`).
    EndpointSlice,
    /// Its legacy Endpoints.
    Endpoints,
    /// Nodes (zones for the controller's view).
    Node,
}

impl WatchedKind {
    /// The API kind.
    pub fn as_str(self) -> &'static str {
        match self {
            WatchedKind::Service => "Service",
            WatchedKind::Pod => "Pod",
            WatchedKind::EndpointSlice => "EndpointSlice",
            WatchedKind::Endpoints => "Endpoints",
            WatchedKind::Node => "Node",
        }
    }
}

/// One object.
#[derive(Debug, Clone, PartialEq)]
pub enum Observed {
    /// The Service.
    Service(Service),
    /// A Pod and its timestamps.
    Pod(Pod, PodTimes),
    /// An EndpointSlice.
    EndpointSlice(EndpointSlice),
    /// The Endpoints.
    Endpoints(Endpoints),
    /// A Node.
    Node(Node),
}

impl Observed {
    /// Its kind.
    pub fn kind(&self) -> WatchedKind {
        match self {
            Observed::Service(_) => WatchedKind::Service,
            Observed::Pod(..) => WatchedKind::Pod,
            Observed::EndpointSlice(_) => WatchedKind::EndpointSlice,
            Observed::Endpoints(_) => WatchedKind::Endpoints,
            Observed::Node(_) => WatchedKind::Node,
        }
    }

    /// Its name.
    pub fn name(&self) -> &str {
        match self {
            Observed::Service(s) => &s.name,
            Observed::Pod(p, _) => &p.name,
            Observed::EndpointSlice(s) => &s.name,
            Observed::Endpoints(e) => &e.name,
            Observed::Node(n) => &n.name,
        }
    }
}

/// A change the watch saw.
#[derive(Debug, Clone, PartialEq)]
pub enum WatchChange {
    /// ADDED or MODIFIED: the object as it is now.
    Upserted(Observed),
    /// DELETED: the object's last state.
    Deleted(Observed),
    /// A fresh list of every object of a kind (after `410 Gone`, or a new selector): whatever
    /// differs from what was known is a change.
    Relisted(WatchedKind, Vec<Observed>),
}
