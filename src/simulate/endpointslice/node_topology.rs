//! The Nodes as the controller's topology cache sees them: allocatable CPU per zone.
//!
//! Upstream: `kubernetes/endpointslice` `topologycache/topologycache.go` (`SetNodes`).
//! Semantics doc §3.2.

use crate::model::Node;
use std::collections::BTreeMap;

/// What the controller's topology cache knows about Nodes.
#[derive(Debug, Clone, PartialEq, Default)]
pub enum NodeTopology {
    /// Nodes could not be read: `Auto` hints are not simulated (existing hints are left alone).
    #[default]
    Unknown,
    /// Nodes were read.
    Known {
        /// Share of allocatable CPU per zone; `None` when the node information is insufficient
        /// (a usable node without a zone or CPU, or fewer than two zones).
        ratios: Option<BTreeMap<String, f64>>,
    },
}

impl NodeTopology {
    /// `SetNodes`: skips control-plane nodes and nodes that are not Ready; any remaining node
    /// without a zone or allocatable CPU makes the information insufficient.
    pub fn from_nodes(nodes: &[Node], known: bool) -> Self {
        if !known {
            return NodeTopology::Unknown;
        }
        let mut by_zone: BTreeMap<String, i64> = BTreeMap::new();
        for n in nodes {
            if n.is_control_plane() || n.ready != Some(true) {
                continue;
            }
            match (n.zone(), n.allocatable_cpu_milli.filter(|c| *c != 0)) {
                (Some(z), Some(cpu)) => *by_zone.entry(z.to_string()).or_default() += cpu,
                _ => return NodeTopology::Known { ratios: None },
            }
        }
        let total: i64 = by_zone.values().sum();
        if total == 0 || by_zone.len() < 2 {
            return NodeTopology::Known { ratios: None };
        }
        let ratios = by_zone
            .into_iter()
            .map(|(z, c)| (z, c as f64 / total as f64))
            .collect();
        NodeTopology::Known {
            ratios: Some(ratios),
        }
    }
}
