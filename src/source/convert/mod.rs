//! API JSON -> model types. Applies the API server's defaults that manifests omit, so a
//! hand-written manifest and a dump of the same object convert to the same model.

mod custom_workload;
#[cfg(test)]
mod decode_testing;
mod endpoint_slice;
mod endpoint_slice_decode;
mod endpoint_slice_wire;
mod endpoints;
mod endpoints_decode;
mod endpoints_wire;
mod event;
mod input;
mod meta;
mod meta_decode;
mod networking;
mod node;
mod operator_workload;
mod pod;
mod pod_decode;
mod pod_finish;
mod pod_wire;
mod refused;
mod service;
mod service_decode;
mod snapshot_meta;
mod stamp;
mod workload;

use crate::model::{Cluster, DefinedKind, WorkloadKind};
use crate::source::snapshot::{META_API_VERSION, META_KIND};
use serde_json::Value;
use stamp::Stamp;
use std::collections::BTreeMap;

// The converters reach these as `super::Input` and `super::typed`.
pub(crate) use input::Input;
use input::typed;

pub(crate) use custom_workload::custom_workload;
pub(crate) use endpoint_slice::{endpoint_slice, endpoint_slice_stamped};
pub(crate) use endpoints::{endpoints, endpoints_stamped};
pub(crate) use event::{core_event, events_v1_event};
pub(crate) use networking::{ingress, namespace, network_policy, route};
pub(crate) use node::node;
pub(crate) use operator_workload::{is_operator_kind, operator_workload};
pub(crate) use pod::{pod, pod_stamped};
pub use refused::Refused;
pub(crate) use service::service;
pub(crate) use snapshot_meta::POLICIES_REFUSED_SUFFIX;
pub(crate) use workload::{manifest_pod, workload};

/// How many objects of each kind were used, skipped, or unwrapped from Lists.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct ConvertStats {
    /// `kind` -> count of objects used.
    pub used: BTreeMap<String, usize>,
    /// `kind` -> count of objects of kinds the tool does not use.
    pub skipped: BTreeMap<String, usize>,
}

impl ConvertStats {
    /// Counts one object of `kind` used (the kind is copied only the first time it is seen).
    fn count_used(&mut self, kind: &str) {
        match self.used.get_mut(kind) {
            Some(n) => *n += 1,
            None => {
                self.used.insert(kind.to_string(), 1);
            }
        }
    }

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
/// `Err` names the object and field for an object of a known kind that is malformed, and
/// refuses what is not an object at all (a bare string or list, which kubectl cannot decode).
pub fn objects_to_cluster(
    value: Value,
    cluster: &mut Cluster,
    stats: &mut ConvertStats,
) -> Result<(), Refused> {
    if !value.is_object() && !value.is_null() {
        return Err(Refused {
            what: "document".to_string(),
            within: Vec::new(),
            path: Vec::new(),
            problem: format!(
                "expected a Kubernetes object (a mapping with apiVersion, kind, metadata, ...), found {}",
                describe(&value)
            ),
        });
    }
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
        for (i, item) in items.into_iter().enumerate() {
            objects_to_cluster(item, cluster, stats).map_err(|r| r.in_item(i))?;
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
) -> Result<(), Refused> {
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
    if let Some((api_version, kind)) = super::json_head::head(raw)
        && !kind.ends_with("List")
    {
        return add(api_version, kind, raw, cluster, stats);
    }
    let head: Head = raw.typed("object")?;
    if head.items.is_some() {
        let value: Value = raw.typed("List")?;
        return objects_to_cluster(value, cluster, stats);
    }
    add(&head.api_version, &head.kind, raw, cluster, stats)
}

/// Converts one List item whose head (`json_head::head`) says (`api_version`, `kind`), not a
/// List: what [`raw_object_to_cluster`] does with such an item.
pub(crate) fn raw_item_to_cluster(
    (api_version, kind): (&str, &str),
    raw: impl Input,
    cluster: &mut Cluster,
    stats: &mut ConvertStats,
) -> Result<(), Refused> {
    add(api_version, kind, raw, cluster, stats)
}

/// Whether converting an object of this kind reads all of its text, so that a success proves
/// the text is exactly one JSON value (`json_runs` relies on it): the kinds deserialized whole,
/// by serde or the hand-written readers, which both refuse trailing text.
pub(crate) fn reads_whole(api_version: &str, kind: &str) -> bool {
    matches!(
        defined_kind(api_version, kind),
        Some(
            DefinedKind::Pod
                | DefinedKind::Service
                | DefinedKind::Node
                | DefinedKind::Endpoints
                | DefinedKind::EndpointSlice
        )
    )
}

/// Converts one object read live as a list item of (`api_version`, `kind`), which the item
/// itself does not carry. A live read holds one definition per object by construction, so no
/// [`Definition`](crate::model::Definition) is kept.
pub(crate) fn object_of_kind(
    api_version: &str,
    kind: &str,
    value: Value,
    cluster: &mut Cluster,
) -> Result<(), String> {
    add(
        api_version,
        kind,
        value,
        cluster,
        &mut ConvertStats::default(),
    )?;
    cluster.definitions.clear();
    Ok(())
}

/// Converts one object of a known (apiVersion, kind); counts the rest as skipped. Each object
/// converted also gets its [`Definition`] (identity and cluster state, for `source::identity`).
fn add(
    api_version: &str,
    kind: &str,
    value: impl Input,
    cluster: &mut Cluster,
    stats: &mut ConvertStats,
) -> Result<(), Refused> {
    if (api_version, kind) == (META_API_VERSION, META_KIND) {
        snapshot_meta::snapshot_meta(value, cluster)?;
        stats.count_used(kind);
        return Ok(());
    }
    if defined_kind(api_version, kind).is_none() && is_foreign_policy(api_version, kind) {
        // Only that it exists (no definition: it takes no part in identity resolution).
        cluster.foreign_policies.push(foreign(value, kind)?);
        stats.count_used(kind);
        return Ok(());
    }
    // Any other kind may still stand in for pods (`CustomWorkload`), or is skipped.
    let mut defined = defined_kind(api_version, kind).unwrap_or(DefinedKind::CustomWorkload);
    // Pods and EndpointSlices, most of a big dump, are stamped while they are deserialized;
    // other kinds are looked at first (`looked_at`).
    let stamp = match defined {
        DefinedKind::Service => {
            let (mut svc, stamp) = looked_at(value, service)?;
            // `kubectl create service|expose --dry-run=client -o yaml` writes `status:
            // {loadBalancer: {}}` next to `creationTimestamp: null`: a manifest, not a dump.
            if stamp.created_null && !stamp.live() {
                svc.live = false;
            }
            push(&mut cluster.services, (svc, stamp))
        }
        DefinedKind::Pod => {
            let (p, stamp, live) = pod_stamped(value)?;
            if live {
                cluster.pods_known = true;
                push(&mut cluster.pods, (p, stamp))
            } else {
                // A Pod manifest is one would-be pod, judged like a workload's template.
                defined = DefinedKind::CustomWorkload;
                push(&mut cluster.workloads, (manifest_pod(p), stamp))
            }
        }
        DefinedKind::Node => {
            cluster.nodes_known = true;
            push(&mut cluster.nodes, looked_at(value, node)?)
        }
        DefinedKind::Endpoints => {
            cluster.endpoints_known = true;
            push(&mut cluster.endpoints, endpoints_stamped(value)?)
        }
        DefinedKind::EndpointSlice => {
            cluster.endpoint_slices_known = true;
            push(&mut cluster.endpoint_slices, endpoint_slice_stamped(value)?)
        }
        DefinedKind::Event if api_version == "v1" => {
            push(&mut cluster.events, looked_at(value, core_event)?)
        }
        DefinedKind::Event => push(&mut cluster.events, looked_at(value, events_v1_event)?),
        DefinedKind::Namespace => push(&mut cluster.namespaces, looked_at(value, namespace)?),
        DefinedKind::Ingress => push(
            &mut cluster.routers,
            looked_at(value, |v| ingress(v, api_version))?,
        ),
        DefinedKind::NetworkPolicy => push(
            &mut cluster.network_policies,
            looked_at(value, network_policy)?,
        ),
        DefinedKind::HttpRoute | DefinedKind::GrpcRoute => push(
            &mut cluster.routers,
            looked_at(value, |v| route(v, api_version, kind))?,
        ),
        DefinedKind::Workload(k) => push(
            &mut cluster.workloads,
            looked_at(value, |v| workload(v, k))?,
        ),
        DefinedKind::CustomWorkload => {
            // A kind with a pod template (Rollout, DeploymentConfig, CloneSet...) or an
            // operator resource that makes pods stands in for pods like a Deployment.
            let (made, stamp) = looked_at(value, |v| {
                if is_operator_kind(api_version, kind) {
                    operator_workload(v, api_version, kind)
                        .map(Some)
                        .map_err(|problem| Refused {
                            what: kind.to_string(),
                            within: Vec::new(),
                            path: Vec::new(),
                            problem,
                        })
                } else {
                    Ok(custom_workload(v, api_version, kind))
                }
            })?;
            let Some(w) = made else {
                *stats.skipped.entry(display_kind(kind)).or_default() += 1;
                return Ok(());
            };
            push(&mut cluster.workloads, (w, stamp))
        }
    };
    cluster.definitions.push(stamp.definition(defined));
    super::identity_of::identify_last(cluster);
    stats.count_used(kind);
    Ok(())
}

/// Reads the [`Stamp`] of an object, then converts it.
fn looked_at<I: Input, T>(
    value: I,
    convert: impl FnOnce(I) -> Result<T, Refused>,
) -> Result<(T, Stamp), Refused> {
    let stamp = value.stamp();
    Ok((convert(value)?, stamp))
}

/// Appends a converted object; returns its stamp.
fn push<T>(list: &mut Vec<T>, (object, stamp): (T, Stamp)) -> Stamp {
    list.push(object);
    stamp
}

/// The kinds the model holds, by `apiVersion` and `kind`.
fn defined_kind(api_version: &str, kind: &str) -> Option<DefinedKind> {
    Some(match (api_version, kind) {
        ("v1", "Service") => DefinedKind::Service,
        ("v1", "Pod") => DefinedKind::Pod,
        ("v1", "Node") => DefinedKind::Node,
        ("v1", "Namespace") => DefinedKind::Namespace,
        ("v1", "Endpoints") => DefinedKind::Endpoints,
        ("discovery.k8s.io/v1", "EndpointSlice") => DefinedKind::EndpointSlice,
        ("v1" | "events.k8s.io/v1", "Event") => DefinedKind::Event,
        // The v1beta1 Ingress APIs were removed in v1.22; still read, so their backends are
        // judged and the removal is reported (`ingress-api-removed`).
        (
            "networking.k8s.io/v1" | "networking.k8s.io/v1beta1" | "extensions/v1beta1",
            "Ingress",
        ) => DefinedKind::Ingress,
        ("networking.k8s.io/v1", "NetworkPolicy") => DefinedKind::NetworkPolicy,
        (v, "HTTPRoute") if v.starts_with("gateway.networking.k8s.io/") => DefinedKind::HttpRoute,
        (v, "GRPCRoute") if v.starts_with("gateway.networking.k8s.io/") => DefinedKind::GrpcRoute,
        ("apps/v1", "Deployment") => DefinedKind::Workload(WorkloadKind::Deployment),
        ("apps/v1", "StatefulSet") => DefinedKind::Workload(WorkloadKind::StatefulSet),
        ("apps/v1", "DaemonSet") => DefinedKind::Workload(WorkloadKind::DaemonSet),
        ("apps/v1", "ReplicaSet") => DefinedKind::Workload(WorkloadKind::ReplicaSet),
        ("v1", "ReplicationController") => {
            DefinedKind::Workload(WorkloadKind::ReplicationController)
        }
        ("batch/v1", "Job") => DefinedKind::Workload(WorkloadKind::Job),
        ("batch/v1", "CronJob") => DefinedKind::Workload(WorkloadKind::CronJob),
        _ => return None,
    })
}

/// Another policy API's object (Cilium, Calico, AdminNetworkPolicy, Istio): recorded so that
/// `reach` says its policy hops are unknown rather than open.
fn is_foreign_policy(api_version: &str, kind: &str) -> bool {
    crate::model::FOREIGN_POLICY_KINDS
        .iter()
        .any(|(group, k)| api_version.starts_with(group) && kind == *k)
}

/// Only the identity of such an object is read.
fn foreign(value: impl Input, kind: &str) -> Result<crate::model::ObjectKey, Refused> {
    #[derive(serde::Deserialize, Default)]
    struct Meta {
        name: Option<String>,
        namespace: Option<String>,
    }
    #[derive(serde::Deserialize)]
    struct Object {
        #[serde(default)]
        metadata: Meta,
    }
    let o: Object = value.typed(kind)?;
    Ok(crate::model::ObjectKey::new(
        kind,
        o.metadata.namespace.as_deref().unwrap_or_default(),
        o.metadata.name.as_deref().unwrap_or_default(),
    ))
}

/// A value that is not an object, for messages: `the text "hello"`, `a list`.
fn describe(value: &Value) -> String {
    match value {
        Value::String(s) => format!("the text {s:?}"),
        Value::Array(_) => "a list".to_string(),
        Value::Bool(b) => format!("the boolean {b}"),
        Value::Number(n) => format!("the number {n}"),
        Value::Null => "nothing".to_string(),
        Value::Object(_) => "an object".to_string(),
    }
}

fn display_kind(kind: &str) -> String {
    if kind.is_empty() {
        "(no kind)".to_string()
    } else {
        kind.to_string()
    }
}
