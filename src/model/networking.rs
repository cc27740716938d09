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

/// Where in its Ingress or route a backend is written, so a finding can name the rule.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum BackendSite {
    /// Ingress `spec.defaultBackend` (`spec.backend` in the removed v1beta1 APIs).
    #[default]
    DefaultBackend,
    /// Ingress `spec.rules[rule].http.paths[path]`.
    IngressPath {
        /// Index of the rule.
        rule: usize,
        /// Index of the path in the rule.
        path: usize,
        /// `host` of the rule (`None`: every host).
        host: Option<String>,
        /// `path` (`None` when not written).
        value: Option<String>,
    },
    /// Route `spec.rules[rule]`.
    RouteRule {
        /// Index of the rule.
        rule: usize,
        /// `name` of the rule, when set.
        name: Option<String>,
        /// The first match's path value, when set.
        path: Option<String>,
    },
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
    /// Where it is written.
    pub site: BackendSite,
}

/// One backend of a `networking.k8s.io/v1` Ingress as written, with the fields the API server's
/// validation looks at (kept apart from `backends`, which holds only usable Service backends).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct WrittenIngressBackend {
    /// Where it is written.
    pub site: BackendSite,
    /// `pathType` of the path (`None`: not written, or the default backend).
    pub path_type: Option<String>,
    /// `service.name`, when a `service` is written (possibly empty).
    pub service_name: Option<String>,
    /// `service.port.name`, when written and not empty.
    pub port_name: Option<String>,
    /// `service.port.number`, when written and not 0.
    pub port_number: Option<i32>,
    /// A `resource` backend is written.
    pub resource: bool,
    /// Fields of the removed v1beta1 backend written here (`serviceName`, `servicePort`).
    pub legacy_fields: Vec<String>,
}

/// An Ingress (networking.k8s.io/v1) or a Gateway API route (HTTPRoute, GRPCRoute), reduced to
/// the Services it sends traffic to.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Router {
    /// `Ingress`, `HTTPRoute` or `GRPCRoute`. Ingresses of the removed `extensions/v1beta1`
    /// and `networking.k8s.io/v1beta1` APIs are read too (their `serviceName`/`servicePort`).
    pub kind: String,
    /// Namespace.
    pub namespace: String,
    /// Name.
    pub name: String,
    /// Every Service backend it references (non-Service backends are left out).
    pub backends: Vec<BackendRef>,
    /// `apiVersion` as written (`networking.k8s.io/v1`, `extensions/v1beta1`, ...).
    pub api_version: String,
    /// `metadata.uid`: set when the object was read back from a cluster, which accepted it.
    pub uid: String,
    /// Ingress (`networking.k8s.io/v1`) only: every backend as written, in document order.
    pub written: Vec<WrittenIngressBackend>,
    /// Ingress only: `spec.rules` is not empty.
    pub has_rules: bool,
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
