//! Lean serde shapes of a v1 Pod: only the fields the model reads, everything else skipped.
//!
//! Deserializing the full `k8s_openapi` `Pod` (about 100 optional fields, moved by value) was
//! most of the load time of a 150k-pod dump (docs/performance.md, "diagnose"). Field names and
//! defaults follow the API (`core/v1/types.go`); like `k8s_openapi`, a missing or `null`
//! required field reads as its default.

use crate::model::{Labels, ObjectUid, Str};
use k8s_openapi::api::core::v1 as api;
use serde::Deserialize;
use serde::de::IgnoredAny;

/// A Pod as the API serves it, reduced.
#[derive(Deserialize, Default, Debug, PartialEq)]
pub(super) struct WirePod {
    pub metadata: Option<WirePodMeta>,
    pub spec: Option<WirePodSpec>,
    pub status: Option<WirePodStatus>,
}

/// The `metadata` fields a Pod's model uses.
#[derive(Deserialize, Default, Debug, PartialEq)]
#[serde(rename_all = "camelCase")]
pub(super) struct WirePodMeta {
    pub name: Option<Str>,
    pub namespace: Option<Str>,
    pub uid: Option<ObjectUid>,
    pub resource_version: Option<Str>,
    pub creation_timestamp: Option<IgnoredAny>,
    pub labels: Option<Labels>,
    pub deletion_timestamp: Option<IgnoredAny>,
    pub owner_references: Option<Vec<WireOwnerRef>>,
}

/// One `metadata.ownerReferences` entry.
#[derive(Deserialize, Default, Debug, PartialEq)]
#[serde(rename_all = "camelCase")]
pub(super) struct WireOwnerRef {
    pub api_version: Option<Str>,
    pub kind: Option<Str>,
    pub name: Option<Str>,
    pub uid: Option<Str>,
    pub controller: Option<bool>,
}

/// `spec`.
#[derive(Deserialize, Default, Debug, PartialEq)]
#[serde(rename_all = "camelCase")]
pub(super) struct WirePodSpec {
    pub containers: Option<Vec<WireContainer>>,
    pub init_containers: Option<Vec<WireContainer>>,
    pub readiness_gates: Option<Vec<WireReadinessGate>>,
    pub hostname: Option<Str>,
    pub subdomain: Option<Str>,
    pub node_name: Option<Str>,
    pub host_network: Option<bool>,
    pub dns_policy: Option<Str>,
    pub dns_config: Option<api::PodDNSConfig>,
}

/// `spec.containers[]` / `spec.initContainers[]`.
#[derive(Deserialize, Default, Debug, PartialEq)]
#[serde(rename_all = "camelCase")]
pub(super) struct WireContainer {
    pub name: Option<Str>,
    pub ports: Option<Vec<WireContainerPort>>,
    pub readiness_probe: Option<IgnoredAny>,
    pub restart_policy: Option<Str>,
}

/// `ports[]` of a container.
#[derive(Deserialize, Default, Debug, PartialEq)]
#[serde(rename_all = "camelCase")]
pub(super) struct WireContainerPort {
    pub name: Option<Str>,
    pub container_port: Option<i32>,
    pub protocol: Option<Str>,
}

/// `spec.readinessGates[]`.
#[derive(Deserialize, Default, Debug, PartialEq)]
#[serde(rename_all = "camelCase")]
pub(super) struct WireReadinessGate {
    pub condition_type: Option<Str>,
}

/// `status`.
#[derive(Deserialize, Default, Debug, PartialEq)]
#[serde(rename_all = "camelCase")]
pub(super) struct WirePodStatus {
    pub phase: Option<Str>,
    #[serde(rename = "podIP")]
    pub pod_ip: Option<Str>,
    #[serde(rename = "podIPs")]
    pub pod_ips: Option<Vec<WirePodIp>>,
    pub conditions: Option<Vec<WirePodCondition>>,
    pub container_statuses: Option<Vec<WireContainerStatus>>,
    pub init_container_statuses: Option<Vec<WireContainerStatus>>,
}

/// `status.podIPs[]`.
#[derive(Deserialize, Default, Debug, PartialEq)]
pub(super) struct WirePodIp {
    pub ip: Option<Str>,
}

/// `status.conditions[]`.
#[derive(Deserialize, Default, Debug, PartialEq)]
pub(super) struct WirePodCondition {
    #[serde(rename = "type")]
    pub type_: Option<Str>,
    pub status: Option<Str>,
    pub reason: Option<Str>,
    pub message: Option<Str>,
}

/// `status.containerStatuses[]`.
#[derive(Deserialize, Default, Debug, PartialEq)]
pub(super) struct WireContainerStatus {
    pub name: Option<Str>,
    pub ready: Option<bool>,
    pub state: Option<WireContainerState>,
}

/// `state` of a container status (`running` is present but carries nothing we read).
#[derive(Deserialize, Default, Debug, PartialEq)]
pub(super) struct WireContainerState {
    pub waiting: Option<WireReason>,
    pub terminated: Option<WireReason>,
}

/// Anything with an optional `reason`.
#[derive(Deserialize, Default, Debug, PartialEq)]
pub(super) struct WireReason {
    pub reason: Option<Str>,
}

impl WirePodSpec {
    /// The same fields from a full pod template spec (workloads in manifest mode).
    pub(super) fn from_api(spec: &api::PodSpec) -> WirePodSpec {
        let containers = |cs: &[api::Container]| {
            cs.iter()
                .map(|c| WireContainer {
                    name: Some(c.name.as_str().into()),
                    ports: c.ports.as_ref().map(|ps| {
                        ps.iter()
                            .map(|p| WireContainerPort {
                                name: p.name.as_deref().map(Str::from),
                                container_port: Some(p.container_port),
                                protocol: p.protocol.as_deref().map(Str::from),
                            })
                            .collect()
                    }),
                    readiness_probe: c.readiness_probe.as_ref().map(|_| IgnoredAny),
                    restart_policy: c.restart_policy.as_deref().map(Str::from),
                })
                .collect()
        };
        WirePodSpec {
            containers: Some(containers(&spec.containers)),
            init_containers: spec.init_containers.as_deref().map(containers),
            readiness_gates: spec.readiness_gates.as_ref().map(|gs| {
                gs.iter()
                    .map(|g| WireReadinessGate {
                        condition_type: Some(g.condition_type.as_str().into()),
                    })
                    .collect()
            }),
            hostname: spec.hostname.as_deref().map(Str::from),
            subdomain: spec.subdomain.as_deref().map(Str::from),
            host_network: spec.host_network,
            dns_policy: spec.dns_policy.as_deref().map(Str::from),
            dns_config: spec.dns_config.clone(),
            node_name: spec.node_name.as_deref().map(Str::from),
        }
    }
}
