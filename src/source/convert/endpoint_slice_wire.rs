//! Lean serde shapes of a discovery.k8s.io/v1 EndpointSlice: only the fields the model uses,
//! everything else skipped (the full `k8s_openapi` type cost most of the load time of big
//! dumps, docs/performance.md). Read by serde, or by hand from JSON text
//! (`endpoint_slice_decode`). Like `k8s_openapi`, a missing or `null` required field reads as
//! its default.

use super::pod_wire::WireOwnerRef;
use crate::model::{Labels, ObjectUid, Str};
use serde::Deserialize;
use serde::de::IgnoredAny;

#[derive(Deserialize, Default, Debug, PartialEq)]
#[serde(rename_all = "camelCase")]
pub(super) struct WireSlice {
    pub(super) metadata: Option<WireSliceMeta>,
    pub(super) address_type: Option<String>,
    pub(super) ports: Option<Vec<WirePort>>,
    pub(super) endpoints: Option<Vec<WireEndpoint>>,
}

#[derive(Deserialize, Default, Debug, PartialEq)]
#[serde(rename_all = "camelCase")]
pub(super) struct WireSliceMeta {
    pub(super) name: Option<Str>,
    pub(super) namespace: Option<Str>,
    pub(super) uid: Option<ObjectUid>,
    pub(super) resource_version: Option<Str>,
    pub(super) labels: Option<Labels>,
    pub(super) annotations: Option<Labels>,
    pub(super) deletion_timestamp: Option<IgnoredAny>,
    pub(super) owner_references: Option<Vec<WireOwnerRef>>,
}

#[derive(Deserialize, Default, Debug, PartialEq)]
#[serde(rename_all = "camelCase")]
pub(super) struct WirePort {
    pub(super) name: Option<String>,
    pub(super) port: Option<i32>,
    pub(super) protocol: Option<String>,
    pub(super) app_protocol: Option<String>,
}

#[derive(Deserialize, Default, Debug, PartialEq)]
#[serde(rename_all = "camelCase")]
pub(super) struct WireEndpoint {
    pub(super) addresses: Option<crate::model::Addresses>,
    pub(super) conditions: Option<WireConditions>,
    pub(super) hostname: Option<Box<str>>,
    pub(super) node_name: Option<Str>,
    pub(super) zone: Option<Str>,
    pub(super) target_ref: Option<WireObjectRef>,
    pub(super) hints: Option<WireHints>,
}

#[derive(Deserialize, Default, Debug, PartialEq)]
pub(super) struct WireConditions {
    pub(super) ready: Option<bool>,
    pub(super) serving: Option<bool>,
    pub(super) terminating: Option<bool>,
}

#[derive(Deserialize, Default, Debug, PartialEq)]
pub(super) struct WireObjectRef {
    pub(super) kind: Option<Str>,
    pub(super) namespace: Option<Str>,
    pub(super) name: Option<Str>,
    pub(super) uid: Option<ObjectUid>,
}

#[derive(Deserialize, Default, Debug, PartialEq)]
#[serde(rename_all = "camelCase")]
pub(super) struct WireHints {
    pub(super) for_zones: Option<Vec<WireName>>,
    pub(super) for_nodes: Option<Vec<WireName>>,
}

#[derive(Deserialize, Default, Debug, PartialEq)]
pub(super) struct WireName {
    pub(super) name: Option<String>,
}
