//! API JSON -> model types. Applies the API server's defaults that manifests omit, so a
//! hand-written manifest and a dump of the same object convert to the same model.

mod endpoint_slice;
mod endpoints;
mod event;
mod input;
mod meta;
mod networking;
mod node;
mod pod;
mod pod_wire;
mod service;
mod workload;

use crate::model::{Cluster, WorkloadKind};
use serde_json::Value;
use std::collections::BTreeMap;

// The converters reach these as `super::Input` and `super::typed`.
pub(crate) use input::Input;
use input::typed;

pub(crate) use endpoint_slice::endpoint_slice;
pub(crate) use endpoints::endpoints;
pub(crate) use event::{core_event, events_v1_event};
pub(crate) use networking::{ingress, network_policy, route};
pub(crate) use node::node;
pub(crate) use pod::pod;
pub(crate) use service::service;
pub(crate) use workload::workload;

/// How many objects of each kind were used, skipped, or unwrapped from Lists.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct ConvertStats {
    /// `kind` -> count of objects used.
    pub used: BTreeMap<String, usize>,
    /// `kind` -> count of objects of kinds the tool does not use.
    pub skipped: BTreeMap<String, usize>,
}

impl ConvertStats {
    /// Adds another run's counts to these.
    pub fn absorb(&mut self, other: ConvertStats) {
        for (k, n) in other.used {
            *self.used.entry(k).or_default() += n;
        }
        for (k, n) in other.skipped {
            *self.skipped.entry(k).or_default() += n;
        }
    }
}

/// Adds one API object (or a `kind: List` of them) to `cluster`.
///
/// `Err` carries the deserializer's message for an object of a known kind that is malformed.
pub fn objects_to_cluster(
    value: Value,
    cluster: &mut Cluster,
    stats: &mut ConvertStats,
) -> Result<(), String> {
    let kind = value
        .get("kind")
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_string();
    let api_version = value
        .get("apiVersion")
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_string();
    // A List, or a document that is only `items` (kubectl always writes `kind: List`; a
    // hand-trimmed dump may not).
    if (kind.ends_with("List") || kind.is_empty()) && value.get("items").is_some() {
        // An API server's PodList (e.g. `curl .../api/v1/pods`) says the pods were read, even
        // when it is empty; kubectl's `kind: List` does not say which kinds were asked for.
        cluster.pods_known |= kind == "PodList" && api_version == "v1";
        let Value::Object(mut map) = value else {
            return Ok(());
        };
        let Some(Value::Array(items)) = map.remove("items") else {
            return Ok(());
        };
        for item in items {
            objects_to_cluster(item, cluster, stats)?;
        }
        return Ok(());
    }
    add(&api_version, &kind, value, cluster, stats)
}

/// Adds one object of a List streamed from a big JSON file (`json_stream`): the item's bytes are
/// deserialized straight into the typed API object, without a `serde_json::Value` in between.
pub fn raw_object_to_cluster(
    object: super::json_stream::ApiObject<'_>,
    cluster: &mut Cluster,
    stats: &mut ConvertStats,
) -> Result<(), String> {
    use super::json_stream::ApiObject;
    let raw = match object {
        ApiObject::Value(value) => return objects_to_cluster(value, cluster, stats),
        ApiObject::Raw(raw) => raw,
    };
    #[derive(serde::Deserialize)]
    #[serde(rename_all = "camelCase")]
    struct Head {
        #[serde(default)]
        api_version: String,
        #[serde(default)]
        kind: String,
        items: Option<serde::de::IgnoredAny>,
    }
    if let Some((api_version, kind)) = super::json_head::head(raw) {
        if !kind.ends_with("List") {
            return add(api_version, kind, raw, cluster, stats);
        }
    }
    let head: Head = serde_json::from_slice(raw).map_err(|e| e.to_string())?;
    if head.items.is_some() {
        let value: Value = serde_json::from_slice(raw).map_err(|e| e.to_string())?;
        return objects_to_cluster(value, cluster, stats);
    }
    add(&head.api_version, &head.kind, raw, cluster, stats)
}

/// Converts one object of a known (apiVersion, kind); counts the rest as skipped.
fn add(
    api_version: &str,
    kind: &str,
    value: impl Input,
    cluster: &mut Cluster,
    stats: &mut ConvertStats,
) -> Result<(), String> {
    match (api_version, kind) {
        ("v1", "Service") => cluster.services.push(service(value)?),
        ("v1", "Pod") => {
            cluster.pods.push(pod(value)?);
            cluster.pods_known = true;
        }
        ("v1", "Node") => {
            cluster.nodes.push(node(value)?);
            cluster.nodes_known = true;
        }
        ("v1", "Endpoints") => {
            cluster.endpoints.push(endpoints(value)?);
            cluster.endpoints_known = true;
        }
        ("discovery.k8s.io/v1", "EndpointSlice") => {
            cluster.endpoint_slices.push(endpoint_slice(value)?);
            cluster.endpoint_slices_known = true;
        }
        ("v1", "Event") => cluster.events.push(core_event(value)?),
        // The v1beta1 Ingress APIs were removed in v1.22; still read, so their backends are
        // judged and the removal is reported (`ingress-api-removed`).
        (
            "networking.k8s.io/v1" | "networking.k8s.io/v1beta1" | "extensions/v1beta1",
            "Ingress",
        ) => {
            cluster.routers.push(ingress(value, api_version)?);
        }
        ("networking.k8s.io/v1", "NetworkPolicy") => {
            cluster.network_policies.push(network_policy(value)?);
        }
        (v, "HTTPRoute" | "GRPCRoute") if v.starts_with("gateway.networking.k8s.io/") => {
            cluster.routers.push(route(value, api_version, kind)?);
        }
        ("events.k8s.io/v1", "Event") => cluster.events.push(events_v1_event(value)?),
        ("apps/v1", "Deployment") => {
            cluster
                .workloads
                .push(workload(value, WorkloadKind::Deployment)?);
        }
        ("apps/v1", "StatefulSet") => {
            cluster
                .workloads
                .push(workload(value, WorkloadKind::StatefulSet)?);
        }
        ("apps/v1", "DaemonSet") => {
            cluster
                .workloads
                .push(workload(value, WorkloadKind::DaemonSet)?);
        }
        ("apps/v1", "ReplicaSet") => {
            cluster
                .workloads
                .push(workload(value, WorkloadKind::ReplicaSet)?);
        }
        ("v1", "ReplicationController") => {
            cluster
                .workloads
                .push(workload(value, WorkloadKind::ReplicationController)?);
        }
        ("batch/v1", "Job") => {
            cluster.workloads.push(workload(value, WorkloadKind::Job)?);
        }
        ("batch/v1", "CronJob") => {
            cluster
                .workloads
                .push(workload(value, WorkloadKind::CronJob)?);
        }
        _ => {
            *stats.skipped.entry(display_kind(kind)).or_default() += 1;
            return Ok(());
        }
    }
    *stats.used.entry(kind.to_string()).or_default() += 1;
    Ok(())
}

fn display_kind(kind: &str) -> String {
    if kind.is_empty() {
        "(no kind)".to_string()
    } else {
        kind.to_string()
    }
}
