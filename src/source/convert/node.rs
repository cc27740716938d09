//! v1 Node -> model.

use super::{meta, typed};
use crate::model::Node;
use k8s_openapi::api::core::v1 as api;

pub(crate) fn node(value: impl super::Input) -> Result<Node, super::Refused> {
    let node: api::Node = typed(value, "Node")?;
    let status = node.status.unwrap_or_default();
    let ready = status
        .conditions
        .iter()
        .flatten()
        .find(|c| c.type_ == "Ready")
        .map(|c| c.status == "True");
    let allocatable_cpu_milli = status
        .allocatable
        .as_ref()
        .and_then(|a| a.get("cpu"))
        .and_then(|q| cpu_milli(&q.0));
    Ok(Node {
        name: node.metadata.name.clone().unwrap_or_default(),
        labels: meta::labels(&node.metadata),
        ready,
        allocatable_cpu_milli,
        kubelet_version: status.node_info.map(|i| i.kubelet_version),
        internal_ips: status
            .addresses
            .unwrap_or_default()
            .into_iter()
            .filter(|a| a.type_ == "InternalIP")
            .map(|a| a.address)
            .collect(),
    })
}

/// Parses a CPU quantity (`4`, `3500m`, `2.5`) into millicores.
fn cpu_milli(q: &str) -> Option<i64> {
    if let Some(m) = q.strip_suffix('m') {
        return m.parse().ok();
    }
    if let Some(n) = q.strip_suffix('n') {
        return n.parse::<i64>().ok().map(|n| n / 1_000_000);
    }
    if let Some(u) = q.strip_suffix('u') {
        return u.parse::<i64>().ok().map(|u| u / 1_000);
    }
    let cores: f64 = q.parse().ok()?;
    #[allow(clippy::cast_possible_truncation)]
    Some((cores * 1000.0).round() as i64)
}

#[cfg(test)]
mod tests {
    #[test]
    fn cpu_quantities() {
        assert_eq!(super::cpu_milli("4"), Some(4000));
        assert_eq!(super::cpu_milli("3500m"), Some(3500));
        assert_eq!(super::cpu_milli("2.5"), Some(2500));
        assert_eq!(super::cpu_milli("x"), None);
    }
}
