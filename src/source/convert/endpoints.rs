//! v1 Endpoints -> model.
//!
//! Read through the lean shapes of `endpoints_wire` (by hand from JSON text, `endpoints_decode`;
//! by serde otherwise): a big dump holds one Endpoints object per Service with an address per
//! pod, and the full `k8s_openapi` type copies every `targetRef` field into its own string.

use super::endpoint_slice::object_ref;
use super::endpoints_wire::{WireAddress, WireEndpoints};
use super::meta;
use crate::model::{EndpointAddress, EndpointPort, Endpoints, EndpointsSubset, Protocol};

pub(crate) fn endpoints(value: impl super::Input) -> Result<Endpoints, super::Refused> {
    let e: WireEndpoints = value.decoded("Endpoints", super::endpoints_decode::endpoints, |e| e)?;
    let m = e.metadata.unwrap_or_default();
    let addresses = |a: Option<Vec<WireAddress>>| -> Vec<EndpointAddress> {
        a.unwrap_or_default().into_iter().map(address).collect()
    };
    Ok(Endpoints {
        namespace: meta::namespace_or_default(m.namespace),
        name: m.name.unwrap_or_default(),
        labels: m.labels.unwrap_or_default(),
        annotations: m.annotations.unwrap_or_default(),
        subsets: e
            .subsets
            .unwrap_or_default()
            .into_iter()
            .map(|s| EndpointsSubset {
                addresses: addresses(s.addresses),
                not_ready_addresses: addresses(s.not_ready_addresses),
                ports: s
                    .ports
                    .unwrap_or_default()
                    .into_iter()
                    .map(|p| EndpointPort {
                        name: p.name,
                        port: Some(p.port.unwrap_or_default()),
                        protocol: Protocol::parse(p.protocol.as_deref()),
                        app_protocol: p.app_protocol,
                    })
                    .collect(),
            })
            .collect(),
    })
}

fn address(a: WireAddress) -> EndpointAddress {
    EndpointAddress {
        ip: a.ip.unwrap_or_default(),
        hostname: a.hostname,
        node_name: a.node_name,
        target_ref: a.target_ref.map(object_ref),
    }
}
