//! The result of the traffic analysis: kube-proxy's view of one Service, per node.

use super::affinity::AffinityView;
use super::categorize::Categorized;
use super::policies::Outcome;
use super::proxy_endpoints::{Ignored, ProxyEndpoint, SliceSkip};
use crate::model::{IpFamily, ServicePort};

/// One slice of the Service and whether kube-proxy uses it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SliceUse {
    /// Slice name.
    pub name: String,
    /// `addressType` as written.
    pub address_type: String,
    /// Number of endpoints in it.
    pub endpoints: usize,
    /// Why kube-proxy skips it; `None` = used.
    pub skip: Option<SliceSkip>,
}

/// One Service port of one address family, with the endpoints kube-proxy merged for it.
#[derive(Debug, Clone, PartialEq)]
pub struct PortTraffic {
    /// Address family (one kube-proxy proxier per family).
    pub family: IpFamily,
    /// The Service port.
    pub port: ServicePort,
    /// Reachable through a node port, an LB ingress IP or an external IP.
    pub externally_reachable: bool,
    /// kube-proxy computes cluster-policy endpoints for it.
    pub uses_cluster: bool,
    /// kube-proxy computes local-policy endpoints for it.
    pub uses_local: bool,
    /// The merged endpoints (every node sees the same list; categorizing differs per node).
    pub endpoints: Vec<ProxyEndpoint>,
}

impl PortTraffic {
    /// `http 80/TCP`, with the family when the Service has several.
    pub fn label(&self, with_family: bool) -> String {
        let name = if self.port.name.is_empty() {
            String::new()
        } else {
            format!("{} ", self.port.name)
        };
        let fam = if with_family {
            format!(" {}", self.family.as_str())
        } else {
            String::new()
        };
        format!(
            "{name}{}/{}{fam}",
            self.port.port,
            self.port.protocol.as_str()
        )
    }
}

/// One Service port on one node.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PortOnNode {
    /// `CategorizeEndpoints` (indices into `PortTraffic::endpoints`).
    pub categorized: Categorized,
    /// ClusterIP traffic from this node.
    pub internal: Outcome,
    /// External traffic arriving at this node.
    pub external: Outcome,
}

/// The LoadBalancer health check on one node.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct HealthCheck {
    /// Distinct IPs of ready local endpoints.
    pub local_ready: usize,
}

impl HealthCheck {
    /// 200 when some local endpoint is ready, else 503.
    pub fn passing(&self) -> bool {
        self.local_ready > 0
    }
}

/// One node, as kube-proxy on it sees the Service.
#[derive(Debug, Clone, PartialEq)]
pub struct NodeTraffic {
    /// Node name.
    pub node: String,
    /// Its zone label, when set.
    pub zone: Option<String>,
    /// Its Ready condition (`None`: unknown).
    pub ready: Option<bool>,
    /// The Node object was read (false: only known from endpoints' `nodeName`).
    pub known: bool,
    /// Parallel to `TrafficView::ports`.
    pub ports: Vec<PortOnNode>,
    /// ClusterIP traffic from this node, over all ports.
    pub internal: Outcome,
    /// External traffic arriving at this node, over all ports.
    pub external: Outcome,
    /// The health check, when kube-proxy serves one for the Service.
    pub health_check: Option<HealthCheck>,
}

/// kube-proxy's view of one Service.
#[derive(Debug, Clone, PartialEq)]
pub struct TrafficView {
    /// Why kube-proxy ignores the Service (headless, ExternalName, another proxy), if it does.
    pub not_proxied: Option<String>,
    /// The address families kube-proxy proxies it in.
    pub families: Vec<IpFamily>,
    /// Every slice labelled with the Service's name.
    pub slices: Vec<SliceUse>,
    /// One entry per (family, Service port).
    pub ports: Vec<PortTraffic>,
    /// One entry per node, sorted by name.
    pub nodes: Vec<NodeTraffic>,
    /// Whether Nodes were readable (false: the rows come from endpoints' `nodeName`).
    pub nodes_known: bool,
    /// Whether EndpointSlices were read (false: kube-proxy's endpoints are unknown, and the
    /// view has no ports or nodes rather than "no endpoints").
    pub slices_known: bool,
    /// The health check node port, when kube-proxy serves a health check (0: not allocated yet).
    pub health_check_node_port: Option<i32>,
    /// Session affinity.
    pub affinity: AffinityView,
    /// What kube-proxy leaves out of the slices it uses.
    pub ignored: Vec<Ignored>,
    /// Slice ports no Service port matches by name and protocol (no rules are made for them).
    pub unmatched_slice_ports: Vec<String>,
    /// What the view implies, one sentence each.
    pub notes: Vec<String>,
    /// The node asked about (`--from-node`), shown in detail.
    pub focus: Option<String>,
}

impl TrafficView {
    /// A node's row by name.
    pub fn node(&self, name: &str) -> Option<&NodeTraffic> {
        self.nodes.iter().find(|n| n.node == name)
    }

    /// The Service has several families (labels then say which).
    pub fn multi_family(&self) -> bool {
        self.families.len() > 1
    }
}
