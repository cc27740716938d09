//! Objects that point at Services or restrict traffic to their pods: Ingress, Gateway API
//! routes, NetworkPolicy (and the Namespaces its selectors read). Only the fields the checks
//! and `reach` need.

use super::labels::Labels;
use super::service::Protocol;
use std::fmt;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

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

/// One port entry of a NetworkPolicy rule (`NetworkPolicyPort`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PolicyPort {
    /// Protocol (default TCP).
    pub protocol: Protocol,
    /// Port number or named port; `None` means every port of that protocol.
    pub port: Option<PortRef>,
    /// `endPort` for a range.
    pub end_port: Option<i32>,
}

/// An `ipBlock` CIDR, held as its network: the API server accepts a CIDR written with host bits
/// set (`10.233.65.10/4`) and, like the plugins, it means the network those bits fall in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Cidr {
    /// The network address (host bits cleared).
    pub network: IpAddr,
    /// The prefix length.
    pub prefix: u8,
}

impl Cidr {
    /// Parses `ADDR/PREFIX`; `None` when it is not a CIDR (the API server rejects those).
    pub fn parse(s: &str) -> Option<Cidr> {
        let (addr, prefix) = s.trim().split_once('/')?;
        let addr: IpAddr = addr.parse().ok()?;
        let prefix: u8 = prefix.parse().ok()?;
        let bits = if addr.is_ipv4() { 32 } else { 128 };
        if prefix > bits {
            return None;
        }
        Some(Cidr {
            network: mask(addr, prefix),
            prefix,
        })
    }

    /// Whether `ip` is inside (an address of the other family never is).
    pub fn contains(&self, ip: IpAddr) -> bool {
        ip.is_ipv4() == self.network.is_ipv4() && mask(ip, self.prefix) == self.network
    }
}

impl fmt::Display for Cidr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.network, self.prefix)
    }
}

fn mask(ip: IpAddr, prefix: u8) -> IpAddr {
    match ip {
        IpAddr::V4(v4) => {
            let m = u32::MAX.checked_shl(32 - u32::from(prefix)).unwrap_or(0);
            IpAddr::V4(Ipv4Addr::from(u32::from(v4) & m))
        }
        IpAddr::V6(v6) => {
            let m = u128::MAX.checked_shl(128 - u32::from(prefix)).unwrap_or(0);
            IpAddr::V6(Ipv6Addr::from(u128::from(v6) & m))
        }
    }
}

/// One `from`/`to` entry of a NetworkPolicy rule (`NetworkPolicyPeer`).
#[derive(Debug, Clone, PartialEq)]
pub enum PolicyPeer {
    /// `podSelector` and/or `namespaceSelector`; `None` = the field is absent (no
    /// namespaceSelector: the policy's own namespace; no podSelector: every pod).
    Pods {
        /// `podSelector`.
        pods: Option<kube::core::Selector>,
        /// `namespaceSelector`.
        namespaces: Option<kube::core::Selector>,
    },
    /// `ipBlock`: inside `cidr` and in none of `except`.
    IpBlock {
        /// `cidr`, as its network.
        cidr: Cidr,
        /// `except`, as networks.
        except: Vec<Cidr>,
    },
    /// A peer the API server would reject (an unreadable selector or CIDR, or nothing set): it
    /// matches nothing.
    Invalid(String),
}

/// One ingress or egress rule: traffic from/to `peers` (empty: any) on `ports` (empty: any).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct PolicyRule {
    /// `ports`.
    pub ports: Vec<PolicyPort>,
    /// `from` (ingress) or `to` (egress).
    pub peers: Vec<PolicyPeer>,
}

/// A NetworkPolicy (networking.k8s.io/v1), as the API server stores it (policyTypes defaulted).
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
    /// `policyTypes` contains Ingress (unset: always).
    pub affects_ingress: bool,
    /// `policyTypes` contains Egress (unset: when the policy has egress rules).
    pub affects_egress: bool,
    /// Ingress rules.
    pub ingress: Vec<PolicyRule>,
    /// Egress rules.
    pub egress: Vec<PolicyRule>,
}

/// A Namespace: its labels decide `namespaceSelector` peers.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Namespace {
    /// Name.
    pub name: String,
    /// Labels (the API server always sets `kubernetes.io/metadata.name`).
    pub labels: Labels,
}

/// The label the API server sets on every Namespace to its name (immutable, since 1.22).
pub const NAMESPACE_NAME_LABEL: &str = "kubernetes.io/metadata.name";

/// Kinds of other policy APIs that also filter traffic, which svcx does not evaluate.
pub const FOREIGN_POLICY_KINDS: &[(&str, &str)] = &[
    ("cilium.io/", "CiliumNetworkPolicy"),
    ("cilium.io/", "CiliumClusterwideNetworkPolicy"),
    ("crd.projectcalico.org/", "NetworkPolicy"),
    ("crd.projectcalico.org/", "GlobalNetworkPolicy"),
    ("projectcalico.org/", "NetworkPolicy"),
    ("projectcalico.org/", "GlobalNetworkPolicy"),
    ("policy.networking.k8s.io/", "AdminNetworkPolicy"),
    ("policy.networking.k8s.io/", "BaselineAdminNetworkPolicy"),
    ("security.istio.io/", "AuthorizationPolicy"),
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cidrs_mean_their_network() {
        let c = Cidr::parse("10.233.65.10/4").unwrap();
        assert_eq!(c.to_string(), "0.0.0.0/4");
        assert!(c.contains("15.1.2.3".parse().unwrap()));
        assert!(!c.contains("16.0.0.1".parse().unwrap()));
        assert!(!c.contains("::1".parse().unwrap()));
        let host = Cidr::parse("10.0.0.7/32").unwrap();
        assert!(host.contains("10.0.0.7".parse().unwrap()));
        assert!(!host.contains("10.0.0.8".parse().unwrap()));
        assert!(
            Cidr::parse("0.0.0.0/0")
                .unwrap()
                .contains("1.2.3.4".parse().unwrap())
        );
        let v6 = Cidr::parse("fd00::1:2/112").unwrap();
        assert_eq!(v6.to_string(), "fd00::1:0/112");
        assert!(v6.contains("fd00::1:ffff".parse().unwrap()));
        assert_eq!(Cidr::parse("10.0.0.0/33"), None);
        assert_eq!(Cidr::parse("10.0.0.0"), None);
        assert_eq!(Cidr::parse("x/8"), None);
    }
}
