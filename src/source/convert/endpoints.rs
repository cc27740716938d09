//! v1 Endpoints -> model.

use super::endpoint_slice::object_ref;
use super::{meta, typed};
use crate::model::{EndpointAddress, EndpointPort, Endpoints, EndpointsSubset, Protocol};
use k8s_openapi::api::core::v1 as api;

pub(crate) fn endpoints(value: impl super::Input) -> Result<Endpoints, super::Refused> {
    let e: api::Endpoints = typed(value, "Endpoints")?;
    Ok(Endpoints {
        namespace: meta::namespace(&e.metadata).into(),
        name: e.metadata.name.clone().unwrap_or_default().into(),
        labels: meta::labels(&e.metadata),
        annotations: meta::annotations(&e.metadata),
        subsets: e
            .subsets
            .unwrap_or_default()
            .into_iter()
            .map(|s| EndpointsSubset {
                addresses: s
                    .addresses
                    .unwrap_or_default()
                    .into_iter()
                    .map(address)
                    .collect(),
                not_ready_addresses: s
                    .not_ready_addresses
                    .unwrap_or_default()
                    .into_iter()
                    .map(address)
                    .collect(),
                ports: s
                    .ports
                    .unwrap_or_default()
                    .into_iter()
                    .map(|p| EndpointPort {
                        name: p.name,
                        port: Some(p.port),
                        protocol: Protocol::parse(p.protocol.as_deref()),
                        app_protocol: p.app_protocol,
                    })
                    .collect(),
            })
            .collect(),
    })
}

fn address(a: api::EndpointAddress) -> EndpointAddress {
    EndpointAddress {
        ip: a.ip.into(),
        hostname: a.hostname.map(Into::into),
        node_name: a.node_name.map(Into::into),
        target_ref: a.target_ref.map(object_ref),
    }
}
