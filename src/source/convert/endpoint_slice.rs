//! discovery.k8s.io/v1 EndpointSlice -> model, keeping nil conditions as nil.
//!
//! Read through the lean shapes of `endpoint_slice_wire` (by hand from JSON text,
//! `endpoint_slice_decode`; by serde otherwise).

use super::endpoint_slice_wire::{WireEndpoint, WireName, WireObjectRef, WireSlice};
use super::meta;
use super::stamp::Stamp;
use crate::model::{
    AddressType, Endpoint, EndpointConditions, EndpointHints, EndpointPort, EndpointSlice,
    ObjectRef, OwnerRef, Protocol,
};

pub(crate) fn endpoint_slice(value: impl super::Input) -> Result<EndpointSlice, super::Refused> {
    endpoint_slice_stamped(value).map(|(slice, _)| slice)
}

/// [`endpoint_slice`], and what its [`Definition`](crate::model::Definition) records, read in
/// the same pass (a big dump holds thousands; an EndpointSlice has no status).
pub(crate) fn endpoint_slice_stamped(
    value: impl super::Input,
) -> Result<(EndpointSlice, Stamp), super::Refused> {
    value.decoded(
        "EndpointSlice",
        super::endpoint_slice_decode::slice,
        from_wire,
    )
}

/// The slice serde read: its endpoints converted into a list of exactly their number (`collect`
/// would reuse the wire list's larger buffer in place, and shrinking it copied them again).
pub(super) fn from_wire(mut s: WireSlice) -> (EndpointSlice, Stamp) {
    let wire = s.endpoints.take().unwrap_or_default();
    let mut endpoints = Vec::with_capacity(wire.len());
    endpoints.extend(wire.into_iter().map(endpoint));
    assemble(s, endpoints)
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
