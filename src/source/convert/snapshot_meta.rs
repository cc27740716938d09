//! A snapshot's own object (`svcx/v1alpha1 Snapshot`): what the live run knew, for the offline
//! run. Kinds it read are known even when none exist (a namespace without pods is not a dump
//! without Pods), the server's version applies its rules, and what was refused is warned
//! about again, in the live run's words.

use super::{Input, Refused};
use crate::model::{Cluster, KubeVersion};
use crate::source::snapshot::{META_KIND, SnapshotMeta};

/// How the live run's warning about refused NetworkPolicies ends (`LiveWarning` in
/// `source/live/fetch.rs` writes it); what comes before it is the API server's reason.
pub(crate) const POLICIES_REFUSED_SUFFIX: &str = "; NetworkPolicy hops are reported as unknown";

/// Applies a `Snapshot` object to `cluster`.
pub(crate) fn snapshot_meta(value: impl Input, cluster: &mut Cluster) -> Result<(), Refused> {
    let meta: SnapshotMeta = super::typed(value, META_KIND)?;
    for kind in &meta.read {
        match kind.as_str() {
            "Pod" => cluster.pods_known = true,
            "EndpointSlice" => cluster.endpoint_slices_known = true,
            "Endpoints" => cluster.endpoints_known = true,
            "Node" => cluster.nodes_known = true,
            _ => {}
        }
    }
    // A snapshot without NetworkPolicies does not say that none exist: `reach` from it must
    // call the policy hops unknown, with the live run's reason when the read was refused.
    if !meta.read.iter().any(|k| k == "NetworkPolicy") {
        let why = meta
            .warnings
            .iter()
            .find_map(|w| w.strip_suffix(POLICIES_REFUSED_SUFFIX))
            .unwrap_or("the snapshot did not read them");
        cluster.network_policies_unreadable = Some(why.to_string());
    }
    if let Some(v) = meta.server_version.as_deref() {
        cluster.server_version = KubeVersion::parse_lenient(v);
    }
    cluster.foreign_policies.extend(
        meta.unreadable
            .iter()
            .map(|k| crate::model::ObjectKey::not_readable(k)),
    );
    cluster.read_warnings.extend(meta.warnings);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn unreadable(read: &[&str], warnings: &[&str]) -> Option<String> {
        let mut cluster = Cluster::default();
        let meta = json!({
            "apiVersion": "svcx/v1alpha1", "kind": "Snapshot", "toolVersion": "0.1.0",
            "time": "2026-12-03T00:00:00Z", "scope": "allNamespaces",
            "read": read, "warnings": warnings
        });
        snapshot_meta(meta, &mut cluster).unwrap();
        cluster.network_policies_unreadable
    }

    #[test]
    fn network_policies_not_read_are_unknown_with_the_live_reason() {
        assert_eq!(unreadable(&["Service", "Pod", "NetworkPolicy"], &[]), None);
        assert_eq!(
            unreadable(
                &["Service", "Pod"],
                &["forbidden: cannot list networkpolicies; NetworkPolicy hops are reported as unknown"]
            )
            .as_deref(),
            Some("forbidden: cannot list networkpolicies")
        );
        assert_eq!(
            unreadable(&["Service", "Pod"], &[]).as_deref(),
            Some("the snapshot did not read them")
        );
    }
}
