//! Lean serde shapes of a v1 Endpoints: only the fields the model uses. Read by serde, or by
//! hand from JSON text (`endpoints_decode`). Like `k8s_openapi`, a missing or `null` required
//! field (`ip`, `port`) reads as its default. What the model makes of them is here too, below
//! both readers.

use super::endpoint_slice_wire::{WireObjectRef, WirePort, WireSliceMeta, object_ref};
use super::meta;
use super::stamp::Stamp;
use crate::model::{
    Atom, EndpointAddress, EndpointPort, Endpoints, EndpointsSubset, Protocol, Str,
};
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
    pub(super) hostname: Option<Atom>,
    pub(super) node_name: Option<Atom>,
    pub(super) target_ref: Option<WireObjectRef>,
}

/// The model of an Endpoints with `metadata` and `subsets` (already converted), and what its
/// [`Definition`](crate::model::Definition) records, from the same `metadata`: a v1 Endpoints
/// has no `status` (as an EndpointSlice has none), so its text is not looked at again for one.
pub(super) fn assemble(
    metadata: Option<WireSliceMeta>,
    subsets: Vec<EndpointsSubset>,
) -> (Endpoints, Stamp) {
    let m = metadata.unwrap_or_default();
    let stamp = Stamp::new(m.namespace.as_deref(), m.uid, m.resource_version.as_deref());
    let endpoints = Endpoints {
        namespace: meta::namespace_or_default(m.namespace),
        name: m.name.unwrap_or_default(),
        labels: m.labels.unwrap_or_default(),
        annotations: m.annotations.unwrap_or_default(),
        subsets,
    };
    (endpoints, stamp)
}

/// A subset's ports as the model keeps them.
pub(super) fn ports(p: Option<Vec<WirePort>>) -> Vec<EndpointPort> {
    p.unwrap_or_default()
        .into_iter()
        .map(|p| EndpointPort {
            name: p.name,
            port: Some(p.port.unwrap_or_default()),
            protocol: Protocol::parse(p.protocol.as_deref()),
            app_protocol: p.app_protocol,
        })
        .collect()
}

pub(super) fn address(a: WireAddress) -> EndpointAddress {
    EndpointAddress {
        ip: a.ip.unwrap_or_default(),
        hostname: a.hostname,
        node_name: a.node_name,
        target_ref: a.target_ref.map(object_ref),
    }
}

/// The Endpoints serde read, as the model keeps it, and its stamp.
pub(super) fn from_wire(e: WireEndpoints) -> (Endpoints, Stamp) {
    let subsets = e.subsets.unwrap_or_default().into_iter();
    let subsets = subsets
        .map(|s| EndpointsSubset {
            addresses: addresses(s.addresses),
            not_ready_addresses: addresses(s.not_ready_addresses),
            ports: ports(s.ports),
        })
        .collect();
    assemble(e.metadata, subsets)
}

fn addresses(a: Option<Vec<WireAddress>>) -> Vec<EndpointAddress> {
    a.unwrap_or_default().into_iter().map(address).collect()
}
