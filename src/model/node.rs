//! The Node, reduced to what zones, topology hints and traffic policies need.

use super::labels::Labels;

/// `topology.kubernetes.io/zone`: the only zone label the EndpointSlice controller reads
/// (`endpointslice/utils.go` `podToEndpoint`; no fallback to the old failure-domain label).
pub const ZONE_LABEL: &str = "topology.kubernetes.io/zone";

/// A Node.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Node {
    /// Name.
    pub name: String,
    /// Labels (zone, roles).
    pub labels: Labels,
    /// The Ready condition: `Some(true)` True, `Some(false)` False/Unknown, `None` absent.
    pub ready: Option<bool>,
    /// Allocatable CPU in millicores, when reported.
    pub allocatable_cpu_milli: Option<i64>,
    /// `status.nodeInfo.kubeletVersion`.
    pub kubelet_version: Option<String>,
    /// `status.addresses` of type InternalIP (the source of host-network traffic).
    pub internal_ips: Vec<String>,
}

impl Node {
    /// The zone label, when set and not empty.
    pub fn zone(&self) -> Option<&str> {
        self.labels
            .get(ZONE_LABEL)
            .map(|s| s.as_str())
            .filter(|z| !z.is_empty())
    }

    /// Control-plane nodes are skipped by the topology cache
    /// (`endpointslice/topologycache/topologycache.go` `SetNodes`).
    pub fn is_control_plane(&self) -> bool {
        self.labels
            .contains_key("node-role.kubernetes.io/control-plane")
            || self.labels.contains_key("node-role.kubernetes.io/master")
    }
}
