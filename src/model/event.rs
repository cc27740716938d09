//! Events, kept only to explain (e.g. why topology hints were refused).

/// A core/v1 or events.k8s.io Event.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Event {
    /// Namespace.
    pub namespace: String,
    /// Name (identity only: an Event read twice is kept once).
    pub name: String,
    /// Kind of the involved object.
    pub involved_kind: String,
    /// Name of the involved object.
    pub involved_name: String,
    /// `Normal` or `Warning`.
    pub type_: String,
    /// Reason, e.g. `TopologyAwareHintsDisabled`.
    pub reason: String,
    /// Message.
    pub message: String,
    /// How many times it happened.
    pub count: i32,
}
