//! v1 Endpoints -> model.
//!
//! Read through lean serde shapes (only the fields the model uses, as for Pods and
//! EndpointSlices; from JSON text by hand, `endpoints_decode`): a big dump holds one Endpoints object per Service with an address per pod,
//! and the full `k8s_openapi` type copies every `targetRef` field into its own string. Like
//! `k8s_openapi`, a missing or `null` required field (`ip`, `port`) reads as its default.

use super::endpoint_slice::{WireObjectRef, WirePort, WireSliceMeta, object_ref};
use super::meta;
use crate::model::{EndpointAddress, EndpointPort, Endpoints, EndpointsSubset, Protocol, Str};
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

pub(crate) fn endpoints(value: impl super::Input) -> Result<Endpoints, super::Refused> {
    let e: WireEndpoints = value.decoded("Endpoints", super::endpoints_decode::endpoints)?;
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
