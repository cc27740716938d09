//! v1 Endpoints -> model.
//!
//! Read through the lean shapes of `endpoints_wire` (by hand from JSON text, `endpoints_decode`;
//! by serde otherwise): a big dump holds one Endpoints object per Service with an address per
//! pod, and the full `k8s_openapi` type copies every `targetRef` field into its own string.

use super::endpoint_slice::object_ref;
use super::endpoint_slice_wire::{WirePort, WireSliceMeta};
use super::endpoints_wire::{WireAddress, WireEndpoints};
use super::meta;
use crate::model::{EndpointAddress, EndpointPort, Endpoints, EndpointsSubset, Protocol};

pub(crate) fn endpoints(value: impl super::Input) -> Result<Endpoints, super::Refused> {
    value.decoded("Endpoints", super::endpoints_decode::endpoints, from_wire)
}

/// The Endpoints serde read, as the model keeps it.
pub(super) fn from_wire(e: WireEndpoints) -> Endpoints {
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

/// The model of an Endpoints with `metadata` and `subsets` (already converted).
pub(super) fn assemble(
    metadata: Option<WireSliceMeta>,
    subsets: Vec<EndpointsSubset>,
) -> Endpoints {
    let m = metadata.unwrap_or_default();
    Endpoints {
        namespace: meta::namespace_or_default(m.namespace),
        name: m.name.unwrap_or_default(),
        labels: m.labels.unwrap_or_default(),
        annotations: m.annotations.unwrap_or_default(),
        subsets,
    }
}

fn addresses(a: Option<Vec<WireAddress>>) -> Vec<EndpointAddress> {
    a.unwrap_or_default().into_iter().map(address).collect()
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
