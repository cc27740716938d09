//! `traffic` of `kind: ServiceExplanation`: kube-proxy's view per node (`--traffic`,
//! `--from-node`).

use crate::analysis::traffic::{NodeTraffic, PortOnNode, PortTraffic, ProxyEndpoint, TrafficView};
use serde::Serialize;

/// kube-proxy's view of the Service.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct WireTraffic {
    /// kube-proxy makes rules for the Service.
    pub proxied: bool,
    /// Why not (headless, ExternalName, another proxy).
    pub not_proxied_reason: Option<String>,
    /// Families it is proxied in (`IPv4`, `IPv6`).
    pub families: Vec<String>,
    /// The node asked about with `--from-node` (then `nodes` holds only that node).
    pub from_node: Option<String>,
    /// Whether EndpointSlices were read (false: `ports` and `nodes` are empty because
    /// kube-proxy's endpoints are unknown).
    pub slices_known: bool,
    /// Every slice of the Service and whether kube-proxy uses it.
    pub slices: Vec<WireSliceUse>,
    /// Per (family, Service port): the endpoints kube-proxy merged from the slices.
    pub ports: Vec<WirePortTraffic>,
    /// One row per node.
    pub nodes: Vec<WireNodeTraffic>,
    /// The health check node port when kube-proxy serves a health check (0: not allocated).
    pub health_check_node_port: Option<i32>,
    /// Session affinity.
    pub session_affinity: WireAffinity,
    /// Slice ports no Service port matches.
    pub unmatched_slice_ports: Vec<String>,
    /// What the view implies.
    pub notes: Vec<String>,
}

/// A slice and whether kube-proxy uses it.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct WireSliceUse {
    /// Name.
    pub name: String,
    /// addressType.
    pub address_type: String,
    /// Number of endpoints.
    pub endpoints: usize,
    /// Used by kube-proxy.
    pub used: bool,
    /// Why not.
    pub skip_reason: Option<String>,
}

/// One Service port of one family.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct WirePortTraffic {
    /// Service port name.
    pub name: String,
    /// Service port.
    pub port: i32,
    /// Protocol.
    pub protocol: String,
    /// `IPv4` / `IPv6`.
    pub family: String,
    /// Reachable through a node port, LB ingress IP or external IP.
    pub externally_reachable: bool,
    /// kube-proxy computes cluster-policy endpoints.
    pub uses_cluster_policy: bool,
    /// kube-proxy computes local-policy endpoints.
    pub uses_local_policy: bool,
    /// Merged endpoints.
    pub endpoints: Vec<WireProxyEndpoint>,
}

/// An endpoint as kube-proxy holds it.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct WireProxyEndpoint {
    /// The Service port name it serves.
    pub service_port: String,
    /// `IP:port` (kube-proxy's key).
    pub address: String,
    /// Pod name.
    pub pod: Option<String>,
    /// nodeName.
    pub node: Option<String>,
    /// zone.
    pub zone: Option<String>,
    /// Ready (nil read as true).
    pub ready: bool,
    /// Serving (nil read as true).
    pub serving: bool,
    /// Terminating (nil read as false).
    pub terminating: bool,
    /// forZones.
    pub zone_hints: Vec<String>,
    /// forNodes (only read with PreferSameTrafficDistribution).
    pub node_hints: Vec<String>,
}

/// One node.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct WireNodeTraffic {
    /// Node name.
    pub node: String,
    /// Zone label.
    pub zone: Option<String>,
    /// Ready condition (null: unknown).
    pub ready: Option<bool>,
    /// Cluster-policy endpoints, every port (empty when the policy is not used).
    pub cluster_endpoints: Vec<WireProxyEndpoint>,
    /// Local-policy endpoints, every port (empty when the policy is not used).
    pub local_endpoints: Vec<WireProxyEndpoint>,
    /// ClusterIP traffic from this node: routed, dropped, rejected, mixed.
    pub internal_outcome: &'static str,
    /// External traffic arriving here: routed, dropped, rejected, not-applicable, mixed.
    pub external_outcome: &'static str,
    /// The LoadBalancer health check, when served.
    pub health_check: Option<WireHealthCheck>,
    /// Per port details.
    pub ports: Vec<WirePortOnNode>,
}

/// The health check answer on a node.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct WireHealthCheck {
    /// Distinct IPs of ready local endpoints.
    pub local_ready_endpoints: usize,
    /// 200 or 503.
    pub status_code: u16,
}

/// One port on one node.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct WirePortOnNode {
    /// Service port name.
    pub service_port: String,
    /// Family.
    pub family: String,
    /// `none`, `same-zone` or `same-node`.
    pub topology: String,
    /// Why.
    pub topology_reason: String,
    /// Cluster endpoints are the serving-terminating fallback.
    pub cluster_fallback: bool,
    /// Local endpoints are the local serving-terminating fallback.
    pub local_fallback: bool,
    /// ClusterIP outcome.
    pub internal_outcome: &'static str,
    /// External outcome.
    pub external_outcome: &'static str,
}

/// Session affinity.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct WireAffinity {
    /// `None` or `ClientIP`.
    #[serde(rename = "type")]
    pub type_: &'static str,
    /// ClientIP timeout.
    pub timeout_seconds: Option<i32>,
    /// What it implies.
    pub implications: Vec<String>,
}

impl WireTraffic {
    /// From the analysis result.
    pub fn from_view(v: &TrafficView) -> Self {
        let nodes = v
            .nodes
            .iter()
            .filter(|n| v.focus.as_ref().is_none_or(|f| *f == n.node))
            .map(|n| node(v, n))
            .collect();
        WireTraffic {
            proxied: v.not_proxied.is_none(),
            not_proxied_reason: v.not_proxied.clone(),
            families: v.families.iter().map(|f| f.as_str().to_string()).collect(),
            from_node: v.focus.clone(),
            slices_known: v.slices_known,
            slices: v
                .slices
                .iter()
                .map(|s| WireSliceUse {
                    name: s.name.clone(),
                    address_type: s.address_type.clone(),
                    endpoints: s.endpoints,
                    used: s.skip.is_none(),
                    skip_reason: s.skip.as_ref().map(|k| k.describe()),
                })
                .collect(),
            ports: v
                .ports
                .iter()
                .map(|p| WirePortTraffic {
                    name: p.port.name.clone(),
                    port: p.port.port,
                    protocol: p.port.protocol.as_str().to_string(),
                    family: p.family.as_str().to_string(),
                    externally_reachable: p.externally_reachable,
                    uses_cluster_policy: p.uses_cluster,
                    uses_local_policy: p.uses_local,
                    endpoints: p.endpoints.iter().map(|e| endpoint(p, e)).collect(),
                })
                .collect(),
            nodes,
            health_check_node_port: v.health_check_node_port,
            session_affinity: WireAffinity {
                type_: if v.affinity.client_ip {
                    "ClientIP"
                } else {
                    "None"
                },
                timeout_seconds: v.affinity.timeout_seconds,
                implications: v.affinity.implications.clone(),
            },
            unmatched_slice_ports: v.unmatched_slice_ports.clone(),
            notes: v.notes.clone(),
        }
    }
}

fn endpoint(p: &PortTraffic, e: &ProxyEndpoint) -> WireProxyEndpoint {
    WireProxyEndpoint {
        service_port: p.port.name.clone(),
        address: e.key(),
        pod: e.pod.clone(),
        node: e.node_name.clone(),
        zone: e.zone.clone(),
        ready: e.ready,
        serving: e.serving,
        terminating: e.terminating,
        zone_hints: e.zone_hints.clone(),
        node_hints: e.node_hints.clone(),
    }
}

fn pick(
    v: &TrafficView,
    n: &NodeTraffic,
    set: impl Fn(&PortOnNode) -> Option<&Vec<usize>>,
) -> Vec<WireProxyEndpoint> {
    v.ports
        .iter()
        .zip(&n.ports)
        .flat_map(|(p, on)| {
            set(on)
                .into_iter()
                .flatten()
                .map(move |&i| endpoint(p, &p.endpoints[i]))
        })
        .collect()
}

fn node(v: &TrafficView, n: &NodeTraffic) -> WireNodeTraffic {
    WireNodeTraffic {
        node: n.node.clone(),
        zone: n.zone.clone(),
        ready: n.ready,
        cluster_endpoints: pick(v, n, |on| on.categorized.cluster.as_ref()),
        local_endpoints: pick(v, n, |on| on.categorized.local.as_ref()),
        internal_outcome: n.internal.as_str(),
        external_outcome: n.external.as_str(),
        health_check: n.health_check.map(|h| WireHealthCheck {
            local_ready_endpoints: h.local_ready,
            status_code: if h.passing() { 200 } else { 503 },
        }),
        ports: v
            .ports
            .iter()
            .zip(&n.ports)
            .map(|(p, on)| WirePortOnNode {
                service_port: p.port.name.clone(),
                family: p.family.as_str().to_string(),
                topology: on.categorized.topology.mode.to_string(),
                topology_reason: on.categorized.topology.reason.clone(),
                cluster_fallback: on.categorized.cluster_fallback,
                local_fallback: on.categorized.local_fallback,
                internal_outcome: on.internal.as_str(),
                external_outcome: on.external.as_str(),
            })
            .collect(),
    }
}
