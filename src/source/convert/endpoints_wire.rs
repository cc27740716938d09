//! Lean serde shapes of a v1 Endpoints: only the fields the model uses. Read by serde, or by
//! hand from JSON text (`endpoints_decode`). Like `k8s_openapi`, a missing or `null` required
//! field (`ip`, `port`) reads as its default.

use super::endpoint_slice_wire::{WireObjectRef, WirePort, WireSliceMeta};
use crate::model::Str;
use serde::Deserialize;

#[derive(Deserialize, Default, Debug, PartialEq)]
pub(super) struct WireEndpoints {
    pub(super) metadata: Option<WireSliceMeta>,
    pub(super) subsets: Option<Vec<WireSubset>>,
}

#[derive(Deserialize, Default, Debug, PartialEq)]
#[serde(rename_all = "camelCase")]
pub(super) struct WireSubset {
    pub(super) addresses: Option<Vec<WireAddress>>,
    pub(super) not_ready_addresses: Option<Vec<WireAddress>>,
    pub(super) ports: Option<Vec<WirePort>>,
}

#[derive(Deserialize, Default, Debug, PartialEq)]
#[serde(rename_all = "camelCase")]
pub(super) struct WireAddress {
    pub(super) ip: Option<Str>,
    pub(super) hostname: Option<Box<str>>,
    pub(super) node_name: Option<Str>,
    pub(super) target_ref: Option<WireObjectRef>,
}
