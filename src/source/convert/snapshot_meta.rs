//! A snapshot's own object (`svcx/v1alpha1 Snapshot`): what the live run knew, for the offline
//! run. Kinds it read are known even when none exist (a namespace without pods is not a dump
//! without Pods), the server's version applies its rules, and what was refused is warned
//! about again, in the live run's words.

use super::{Input, Refused};
use crate::model::{Cluster, KubeVersion};
use crate::source::snapshot::{META_KIND, SnapshotMeta};

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
    if let Some(v) = meta.server_version.as_deref() {
        cluster.server_version = KubeVersion::parse_lenient(v);
    }
    cluster.read_warnings.extend(meta.warnings);
    Ok(())
}
