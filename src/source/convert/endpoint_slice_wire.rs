//! Lean serde shapes of a discovery.k8s.io/v1 EndpointSlice: only the fields the model uses,
//! everything else skipped (the full `k8s_openapi` type cost most of the load time of big
//! dumps, docs/performance.md). Read by serde, or by hand from JSON text
//! (`endpoint_slice_decode`). Like `k8s_openapi`, a missing or `null` required field reads as
//! its default.

use super::meta;
use super::pod_wire::WireOwnerRef;
use super::stamp::Stamp;
use crate::model::{
    AddressType, Atom, Endpoint, EndpointConditions, EndpointHints, EndpointPort, EndpointSlice,
    Labels, ObjectRef, ObjectUid, OwnerRef, Protocol, Str,
};
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
    pub(super) hostname: Option<Atom>,
    pub(super) node_name: Option<Atom>,
    pub(super) zone: Option<Atom>,
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
    pub(super) kind: Option<Atom>,
    pub(super) namespace: Option<Atom>,
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

/// The model of slice `s` with `endpoints` (already converted; `s.endpoints` is not read). Real
/// v1.32 servers write `endpoints: null` for an empty slice.
pub(super) fn assemble(s: WireSlice, endpoints: Vec<Endpoint>) -> (EndpointSlice, Stamp) {
    let m = s.metadata.unwrap_or_default();
    let stamp = Stamp::new(m.namespace.as_deref(), m.uid, m.resource_version.as_deref());
    let slice = EndpointSlice {
        namespace: meta::namespace_or_default(m.namespace),
        name: m.name.unwrap_or_default(),
        labels: m.labels.unwrap_or_default(),
        annotations: m.annotations.unwrap_or_default(),
        address_type: Some(AddressType::parse(
            s.address_type.as_deref().unwrap_or_default(),
        )),
        ports: s
            .ports
            .unwrap_or_default()
            .into_iter()
            .map(|p| EndpointPort {
                // The API server stores an omitted name as "" (`pkg/apis/discovery/v1/
                // defaults.go` `SetDefaults_EndpointPort`; the protocol's TCP default is
                // `Protocol::parse`'s): a hand-made slice reads as the object it becomes.
                name: Some(p.name.unwrap_or_default()),
                port: p.port,
                protocol: Protocol::parse(p.protocol.as_deref()),
                app_protocol: p.app_protocol,
            })
            .collect(),
        endpoints,
        owner_references: m
            .owner_references
            .unwrap_or_default()
            .into_iter()
            .map(|o| OwnerRef {
                api_version: o.api_version.unwrap_or_default().into(),
                kind: o.kind.unwrap_or_default().into(),
                name: o.name.unwrap_or_default().into(),
                uid: o.uid.unwrap_or_default().into(),
                controller: o.controller.unwrap_or(false),
            })
            .collect(),
        deleting: m.deletion_timestamp.is_some(),
    };
    (slice, stamp)
}

/// An endpoint as the model keeps it (nil conditions stay nil).
pub(super) fn endpoint(e: WireEndpoint) -> Endpoint {
    let c = e.conditions.unwrap_or_default();
    let names = |ns: Option<Vec<WireName>>| {
        ns.unwrap_or_default()
            .into_iter()
            .map(|n| n.name.unwrap_or_default())
            .collect()
    };
    let mut addresses = e.addresses.unwrap_or_default();
    addresses.shrink_to_fit();
    Endpoint {
        addresses,
        conditions: EndpointConditions {
            ready: c.ready,
            serving: c.serving,
            terminating: c.terminating,
        },
        hostname: e.hostname,
        node_name: e.node_name,
        zone: e.zone,
        target_ref: e.target_ref.map(object_ref),
        hints: e.hints.map(|h| {
            Box::new(EndpointHints {
                for_zones: names(h.for_zones),
                for_nodes: names(h.for_nodes),
            })
        }),
    }
}

/// A `targetRef` as the model keeps it.
pub(super) fn object_ref(r: WireObjectRef) -> ObjectRef {
    ObjectRef {
        kind: r.kind.unwrap_or_default(),
        namespace: r.namespace.unwrap_or_default(),
        name: r.name.unwrap_or_default(),
        uid: r.uid.unwrap_or_default(),
    }
}

/// The slice serde read: its endpoints converted into a list of exactly their number (`collect`
/// would reuse the wire list's larger buffer in place, and shrinking it copied them again).
pub(super) fn from_wire(mut s: WireSlice) -> (EndpointSlice, Stamp) {
    let wire = s.endpoints.take().unwrap_or_default();
    let mut endpoints = Vec::with_capacity(wire.len());
    endpoints.extend(wire.into_iter().map(endpoint));
    assemble(s, endpoints)
}
