//! Objects that point at Services or restrict traffic to their pods: Ingress, Gateway API
//! routes, NetworkPolicy. Only the fields the manifest checks need.

use super::labels::Labels;
use super::service::Protocol;

/// A reference to a Service port, by number or by name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PortRef {
    /// `port.number` / `port: 80`.
    Number(i32),
    /// `port.name` (Ingress only).
    Name(String),
    /// No port given (allowed for some Gateway API backends; invalid for Service backends).
    Unset,
}

/// One backend reference: a Service (by namespace/name) and a port.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BackendRef {
    /// Namespace of the Service (routes may cross namespaces).
    pub namespace: String,
    /// Service name.
    pub service: String,
    /// The Service port.
    pub port: PortRef,
}

/// An Ingress (networking.k8s.io/v1) or a Gateway API route (HTTPRoute, GRPCRoute), reduced to
/// the Services it sends traffic to.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Router {
    /// `Ingress`, `HTTPRoute` or `GRPCRoute`.
    pub kind: String,
    /// Namespace.
    pub namespace: String,
    /// Name.
    pub name: String,
    /// Every Service backend it references (non-Service backends are left out).
    pub backends: Vec<BackendRef>,
}

/// One port entry of a NetworkPolicy ingress rule.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PolicyPort {
    /// Protocol (default TCP).
    pub protocol: Protocol,
    /// Port number or named port; `None` means every port of that protocol.
    pub port: Option<PortRef>,
    /// `endPort` for a range.
    pub end_port: Option<i32>,
}

/// A NetworkPolicy (networking.k8s.io/v1), reduced to what decides whether a pod port is
/// reachable at all.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct NetworkPolicy {
    /// Namespace.
    pub namespace: String,
    /// Name.
    pub name: String,
    /// `spec.podSelector.matchLabels` (an empty map selects every pod of the namespace).
    pub pod_selector: Labels,
    /// `spec.podSelector.matchExpressions` exist: the selector is not a plain map.
    pub pod_selector_has_expressions: bool,
    /// The whole `spec.podSelector` (matchLabels and matchExpressions) as a label selector;
    /// `None` when an expression cannot be read (unknown operator, In/NotIn without values),
    /// which the API server would reject.
    pub pod_selector_full: Option<kube::core::Selector>,
    /// The policy applies to ingress (`policyTypes` contains Ingress, or is unset).
    pub affects_ingress: bool,
    /// Ingress rules; each rule's ports (empty = all ports).
    pub ingress_rules: Vec<Vec<PolicyPort>>,
}
