//! kube-proxy's `CategorizeEndpoints` for one node: the cluster-policy endpoints (topology
//! applied, serving-terminating fallback) and the local-policy endpoints.
//!
//! Spec: `endpointslice-semantics.md` §5 "Choosing endpoints"; upstream `pkg/proxy/topology.go`
//! (`CategorizeEndpoints`, `topologyModeFromHints`, `availableForTopology`), newest version,
//! which decides the topology mode from the hints alone. (An older version, `803d40a5`, also
//! required the TopologyAwareHints gate, the hints annotation on the Service and a zone label
//! on the node; the release where that changed is not pinned down, and it is not modelled.)

use super::proxy_endpoints::ProxyEndpoint;
use std::fmt;

/// Which topology filter kube-proxy applies on a node.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TopologyMode {
    /// Every ready endpoint.
    None,
    /// Ready endpoints hinted for this node's zone (`PreferSameZone`).
    SameZone,
    /// Ready endpoints hinted for this node (`PreferSameNode`).
    SameNode,
}

impl fmt::Display for TopologyMode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            TopologyMode::None => "none",
            TopologyMode::SameZone => "same-zone",
            TopologyMode::SameNode => "same-node",
        })
    }
}

/// The topology mode and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TopologyDecision {
    /// The mode.
    pub mode: TopologyMode,
    /// Why, in words (which hint condition held or failed).
    pub reason: String,
}

/// The node kube-proxy runs on, as it sees itself.
#[derive(Debug, Clone, Copy)]
pub struct ProxyNode<'a> {
    /// Node name (`isLocal`, node hints).
    pub name: &'a str,
    /// Its `topology.kubernetes.io/zone` label, `""` when absent.
    pub zone: &'a str,
}

/// The result of `CategorizeEndpoints` for one Service port on one node, as indices into the
/// port's endpoints.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Categorized {
    /// The topology mode used for the cluster endpoints.
    pub topology: TopologyDecision,
    /// Cluster-policy endpoints; `None` when the Service never uses the Cluster policy.
    pub cluster: Option<Vec<usize>>,
    /// The cluster endpoints are the serving-and-terminating fallback (no ready endpoint).
    pub cluster_fallback: bool,
    /// Local-policy endpoints; `None` when the Service never uses the Local policy.
    pub local: Option<Vec<usize>>,
    /// The local endpoints are the local serving-and-terminating fallback.
    pub local_fallback: bool,
    /// Some ready, or serving-and-terminating, endpoint exists anywhere (`hasAnyEndpoints`).
    pub has_any: bool,
}

/// `topologyModeFromHints`, computed over the ready endpoints: same node when
/// PreferSameTrafficDistribution is on (`node_hints_enabled`), every ready endpoint has a node
/// hint and one names this node; else same zone when every ready endpoint has a zone hint and
/// one names this node's zone; else none (also when nothing is ready).
pub fn topology_mode(
    eps: &[ProxyEndpoint],
    node: ProxyNode<'_>,
    node_hints_enabled: bool,
) -> TopologyDecision {
    let ready: Vec<&ProxyEndpoint> = eps.iter().filter(|e| e.ready).collect();
    let decision = |mode, reason: String| TopologyDecision { mode, reason };
    if ready.is_empty() {
        return decision(TopologyMode::None, "no ready endpoint".into());
    }
    let all_node = ready.iter().all(|e| !e.node_hints.is_empty());
    if node_hints_enabled
        && all_node
        && ready
            .iter()
            .any(|e| e.node_hints.iter().any(|n| n == node.name))
    {
        return decision(
            TopologyMode::SameNode,
            format!(
                "every ready endpoint has a node hint; some are for {}",
                node.name
            ),
        );
    }
    let with_zone = ready.iter().filter(|e| !e.zone_hints.is_empty()).count();
    if with_zone < ready.len() {
        let why = if with_zone == 0 {
            "no endpoint carries a zone hint".to_string()
        } else {
            format!(
                "hints ignored: only {with_zone} of {} ready endpoints carry a zone hint",
                ready.len()
            )
        };
        return decision(TopologyMode::None, why);
    }
    if ready
        .iter()
        .any(|e| e.zone_hints.iter().any(|z| z == node.zone))
    {
        return decision(
            TopologyMode::SameZone,
            format!(
                "every ready endpoint has a zone hint; some are for {}",
                node.zone
            ),
        );
    }
    let why = if node.zone.is_empty() {
        "hints ignored: the node has no topology.kubernetes.io/zone label".to_string()
    } else {
        format!(
            "hints ignored: no ready endpoint is hinted for zone {}",
            node.zone
        )
    };
    decision(TopologyMode::None, why)
}

/// `availableForTopology`: no fallback here, the fallback is in choosing the mode.
fn available(ep: &ProxyEndpoint, mode: TopologyMode, node: ProxyNode<'_>) -> bool {
    match mode {
        TopologyMode::None => true,
        TopologyMode::SameNode => ep.node_hints.iter().any(|n| n == node.name),
        TopologyMode::SameZone => ep.zone_hints.iter().any(|z| z == node.zone),
    }
}

fn indices(eps: &[ProxyEndpoint], keep: impl Fn(&ProxyEndpoint) -> bool) -> Vec<usize> {
    eps.iter()
        .enumerate()
        .filter(|(_, e)| keep(e))
        .map(|(i, _)| i)
        .collect()
}

/// `CategorizeEndpoints` for one Service port. `uses_cluster`/`uses_local` come from the
/// traffic policies (`policies::uses_cluster`/`uses_local`).
pub fn categorize(
    eps: &[ProxyEndpoint],
    node: ProxyNode<'_>,
    uses_cluster: bool,
    uses_local: bool,
    node_hints_enabled: bool,
) -> Categorized {
    let has_any = eps.iter().any(|e| e.ready || e.serving_terminating());
    let mut topology = TopologyDecision {
        mode: TopologyMode::None,
        reason: "the Cluster policy is not used".into(),
    };
    let mut cluster = None;
    let mut cluster_fallback = false;
    if uses_cluster {
        topology = topology_mode(eps, node, node_hints_enabled);
        let mode = topology.mode;
        let mut chosen = indices(eps, |e| e.ready && available(e, mode, node));
        if chosen.is_empty() {
            // No ready endpoint anywhere (the mode already fell back when none was ready for
            // this topology): serving ∧ terminating ones, topology ignored.
            chosen = indices(eps, ProxyEndpoint::serving_terminating);
            cluster_fallback = !chosen.is_empty();
        }
        cluster = Some(chosen);
    }
    let mut local = None;
    let mut local_fallback = false;
    if uses_local {
        // Topology never filters the local endpoints.
        let ready = indices(eps, |e| e.is_local(node.name) && e.ready);
        local = Some(if ready.is_empty() {
            let st = indices(eps, |e| e.is_local(node.name) && e.serving_terminating());
            local_fallback = !st.is_empty();
            st
        } else {
            ready
        });
    }
    Categorized {
        topology,
        cluster,
        cluster_fallback,
        local,
        local_fallback,
        has_any,
    }
}

#[cfg(test)]
#[path = "categorize_tests.rs"]
mod tests;
