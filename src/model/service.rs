//! The Service, reduced to what resolution, simulation and traffic need.
//!
//! Defaults that the API server fills in (protocol TCP, targetPort = port, type ClusterIP,
//! sessionAffinity None, traffic policies Cluster) are applied by `source` when a manifest omits
//! them, so a hand-written manifest and a dump of the same Service look the same here.

use super::atom::Atom;
use super::labels::Labels;
use std::fmt;

/// `spec.type`, with headless (`clusterIP: None`) as its own kind because it behaves as one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ServiceType {
    /// A virtual IP inside the cluster.
    ClusterIp,
    /// ClusterIP plus a port on every node.
    NodePort,
    /// NodePort plus an external load balancer.
    LoadBalancer,
    /// A DNS CNAME; no proxying, no endpoints.
    ExternalName,
}

impl fmt::Display for ServiceType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            ServiceType::ClusterIp => "ClusterIP",
            ServiceType::NodePort => "NodePort",
            ServiceType::LoadBalancer => "LoadBalancer",
            ServiceType::ExternalName => "ExternalName",
        })
    }
}

/// An IP family.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum IpFamily {
    /// IPv4.
    V4,
    /// IPv6.
    V6,
}

impl IpFamily {
    /// The family of a textual IP address, if it parses.
    pub fn of(ip: &str) -> Option<IpFamily> {
        match ip.parse::<std::net::IpAddr>() {
            Ok(std::net::IpAddr::V4(_)) => Some(IpFamily::V4),
            Ok(std::net::IpAddr::V6(_)) => Some(IpFamily::V6),
            Err(_) => None,
        }
    }

    /// The API spelling (`IPv4`/`IPv6`), also the EndpointSlice addressType.
    pub fn as_str(self) -> &'static str {
        match self {
            IpFamily::V4 => "IPv4",
            IpFamily::V6 => "IPv6",
        }
    }
}

/// A port protocol.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Protocol {
    /// TCP (the default).
    Tcp,
    /// UDP.
    Udp,
    /// SCTP.
    Sctp,
    /// Anything else the API might hold; kept verbatim (interned: 16 bytes, not 24, in every
    /// container port of a big dump).
    Other(Atom),
}

impl Protocol {
    /// Parses the API spelling; `None` means the API default, TCP.
    pub fn parse(s: Option<&str>) -> Protocol {
        match s {
            None | Some("" | "TCP") => Protocol::Tcp,
            Some("UDP") => Protocol::Udp,
            Some("SCTP") => Protocol::Sctp,
            Some(o) => Protocol::Other(Atom::new(o)),
        }
    }

    /// The API spelling.
    pub fn as_str(&self) -> &str {
        match self {
            Protocol::Tcp => "TCP",
            Protocol::Udp => "UDP",
            Protocol::Sctp => "SCTP",
            Protocol::Other(s) => s,
        }
    }
}

/// `targetPort`: a number used as is, or a name resolved per Pod.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum TargetPort {
    /// A port number.
    Number(i32),
    /// A container port name.
    Name(String),
}

impl fmt::Display for TargetPort {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TargetPort::Number(n) => write!(f, "{n}"),
            TargetPort::Name(s) => f.write_str(s),
        }
    }
}

/// One entry of `spec.ports`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServicePort {
    /// Port name (`""` when unnamed; only allowed for a single port).
    pub name: String,
    /// Protocol (default TCP).
    pub protocol: Protocol,
    /// The Service port (0 when the manifest omits it, which the API server refuses).
    pub port: i32,
    /// Where traffic goes on the Pod (default: same as `port`).
    pub target_port: TargetPort,
    /// The node port, for NodePort/LoadBalancer.
    pub node_port: Option<i32>,
    /// `appProtocol`, copied into EndpointSlice ports.
    pub app_protocol: Option<String>,
}

/// `externalTrafficPolicy` / `internalTrafficPolicy`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum TrafficPolicy {
    /// Any ready endpoint in the cluster (the default).
    #[default]
    Cluster,
    /// Node-local endpoints only.
    Local,
}

impl fmt::Display for TrafficPolicy {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            TrafficPolicy::Cluster => "Cluster",
            TrafficPolicy::Local => "Local",
        })
    }
}

/// `sessionAffinity`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SessionAffinity {
    /// No affinity (the default).
    #[default]
    None,
    /// Sticky by client IP, for `timeout_seconds` (default 10800).
    ClientIp {
        /// `sessionAffinityConfig.clientIP.timeoutSeconds`.
        timeout_seconds: i32,
    },
}

/// A Service.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Service {
    /// Namespace.
    pub namespace: String,
    /// Name.
    pub name: String,
    /// UID (owner of the controller's slices).
    pub uid: String,
    /// Labels (copied onto slices).
    pub labels: Labels,
    /// Annotations (topology-mode lives here).
    pub annotations: Labels,
    /// `spec.type`.
    pub type_: Option<ServiceType>,
    /// `spec.clusterIP` (`None` string for headless).
    pub cluster_ip: Option<String>,
    /// `spec.clusterIPs`.
    pub cluster_ips: Vec<String>,
    /// `spec.ipFamilies`.
    pub ip_families: Vec<IpFamily>,
    /// `spec.ipFamilyPolicy`.
    pub ip_family_policy: Option<String>,
    /// `spec.selector`; `None` means no selector (endpoints are managed by hand or mirrored).
    pub selector: Option<Labels>,
    /// `spec.ports`.
    pub ports: Vec<ServicePort>,
    /// `spec.sessionAffinity`.
    pub session_affinity: SessionAffinity,
    /// `spec.externalTrafficPolicy`.
    pub external_traffic_policy: TrafficPolicy,
    /// `spec.internalTrafficPolicy`.
    pub internal_traffic_policy: TrafficPolicy,
    /// `spec.trafficDistribution`.
    pub traffic_distribution: Option<String>,
    /// `spec.publishNotReadyAddresses`.
    pub publish_not_ready_addresses: bool,
    /// `status.loadBalancer.ingress[]` as IP or hostname.
    pub load_balancer_ingress: Vec<String>,
    /// `spec.loadBalancerClass`.
    pub load_balancer_class: Option<String>,
    /// `spec.externalIPs`.
    pub external_ips: Vec<String>,
    /// `spec.healthCheckNodePort`.
    pub health_check_node_port: Option<i32>,
    /// `spec.loadBalancerSourceRanges`: the only client networks the load balancer address
    /// accepts.
    pub load_balancer_source_ranges: Vec<String>,
    /// `spec.externalName`.
    pub external_name: Option<String>,
    /// `metadata.deletionTimestamp` is set.
    pub deleting: bool,
    /// Whether this is cluster state (it has a uid, resourceVersion, creationTimestamp or
    /// status, or was read from an API server) rather than a manifest not applied yet.
    pub live: bool,
    /// What the manifest said where reading it leniently hides it (only validation looks).
    pub written: ServiceAsWritten,
}

/// Spellings of a Service manifest that `Service` reads as what they were meant to be, kept for
/// the checks that say the API server would refuse them.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ServiceAsWritten {
    /// `spec.type` when it is none of the four types (read as ClusterIP meanwhile).
    pub unknown_type: Option<String>,
    /// Indexes into `ports` of the ports whose targetPort was written as a string of digits
    /// (`"8080"`): read as that number, but the API server takes any string for a port name.
    pub numeric_string_target_ports: Vec<usize>,
}

impl Service {
    /// The effective type (API default ClusterIP).
    pub fn service_type(&self) -> ServiceType {
        self.type_.unwrap_or(ServiceType::ClusterIp)
    }

    /// Headless: `clusterIP: None`. The controller's headless label uses "None or empty"
    /// (`pkg/controller/endpointslice` `getEndpointSliceFromService`/reconciler labels).
    pub fn is_headless(&self) -> bool {
        self.cluster_ip.as_deref() == Some("None")
    }

    /// Reachable from outside the cluster through a node port, an LB ingress or externalIPs
    /// (kube-proxy `ExternallyAccessible`, used for traffic-policy decisions).
    pub fn is_externally_reachable(&self) -> bool {
        matches!(
            self.service_type(),
            ServiceType::NodePort | ServiceType::LoadBalancer
        ) || !self.external_ips.is_empty()
    }

    /// The EndpointSlice address families the controller reconciles, per
    /// `endpointslice/utils.go` `getAddressTypesForService`: `ipFamilies` when set; else the
    /// clusterIP's family; else (headless on an old server) both.
    pub fn address_families(&self) -> Vec<IpFamily> {
        if !self.ip_families.is_empty() {
            return self.ip_families.clone();
        }
        match self.cluster_ip.as_deref() {
            Some(ip) if ip != "None" && !ip.is_empty() => {
                IpFamily::of(ip).map_or_else(|| vec![IpFamily::V4], |f| vec![f])
            }
            _ => vec![IpFamily::V4, IpFamily::V6],
        }
    }
}
