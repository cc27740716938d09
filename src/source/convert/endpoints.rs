//! v1 Endpoints -> model.
//!
//! Read through lean serde shapes (only the fields the model uses, as for Pods and
//! EndpointSlices): a big dump holds one Endpoints object per Service with an address per pod,
//! and the full `k8s_openapi` type copies every `targetRef` field into its own string. Like
//! `k8s_openapi`, a missing or `null` required field (`ip`, `port`) reads as its default.

use super::endpoint_slice::{WireObjectRef, WirePort, WireSliceMeta, object_ref};
use super::{meta, typed};
use crate::model::{EndpointAddress, EndpointPort, Endpoints, EndpointsSubset, Protocol, Str};
use serde::Deserialize;

#[derive(Deserialize, Default)]
struct WireEndpoints {
    metadata: Option<WireSliceMeta>,
    subsets: Option<Vec<WireSubset>>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct WireSubset {
    addresses: Option<Vec<WireAddress>>,
    not_ready_addresses: Option<Vec<WireAddress>>,
    ports: Option<Vec<WirePort>>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct WireAddress {
    ip: Option<Str>,
    hostname: Option<Box<str>>,
    node_name: Option<Str>,
    target_ref: Option<WireObjectRef>,
}

pub(crate) fn endpoints(value: impl super::Input) -> Result<Endpoints, super::Refused> {
    let e: WireEndpoints = typed(value, "Endpoints")?;
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
