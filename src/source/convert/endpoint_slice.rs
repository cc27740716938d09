//! discovery.k8s.io/v1 EndpointSlice -> model, keeping nil conditions as nil.

use super::{meta, typed};
use crate::model::{
    AddressType, Endpoint, EndpointConditions, EndpointHints, EndpointPort, EndpointSlice,
    ObjectRef, Protocol,
};
use k8s_openapi::api::core::v1::ObjectReference;
use k8s_openapi::api::discovery::v1 as api;

pub(crate) fn endpoint_slice(value: impl super::Input) -> Result<EndpointSlice, String> {
    let s: api::EndpointSlice = typed(value, "EndpointSlice")?;
    Ok(EndpointSlice {
        namespace: meta::namespace(&s.metadata),
        name: s.metadata.name.clone().unwrap_or_default(),
        labels: meta::labels(&s.metadata),
        annotations: meta::annotations(&s.metadata),
        address_type: Some(AddressType::parse(&s.address_type)),
        ports: s
            .ports
            .unwrap_or_default()
            .into_iter()
            .map(|p| EndpointPort {
                name: p.name,
                port: p.port,
                protocol: Protocol::parse(p.protocol.as_deref()),
                app_protocol: p.app_protocol,
            })
            .collect(),
        // Real v1.32 servers write `endpoints: null` for an empty slice.
        endpoints: s
            .endpoints
            .unwrap_or_default()
            .into_iter()
            .map(endpoint)
            .collect(),
        owner_references: meta::owner_refs(&s.metadata),
        deleting: s.metadata.deletion_timestamp.is_some(),
    })
}

fn endpoint(e: api::Endpoint) -> Endpoint {
    let c = e.conditions.unwrap_or_default();
    Endpoint {
        addresses: e.addresses,
        conditions: EndpointConditions {
            ready: c.ready,
            serving: c.serving,
            terminating: c.terminating,
        },
        hostname: e.hostname,
        node_name: e.node_name,
        zone: e.zone,
        target_ref: e.target_ref.map(object_ref),
        hints: e.hints.map(|h| EndpointHints {
            for_zones: h
                .for_zones
                .unwrap_or_default()
                .into_iter()
                .map(|z| z.name)
                .collect(),
            for_nodes: h
                .for_nodes
                .unwrap_or_default()
                .into_iter()
                .map(|n| n.name)
                .collect(),
        }),
    }
}

pub(super) fn object_ref(r: ObjectReference) -> ObjectRef {
    ObjectRef {
        kind: r.kind.unwrap_or_default(),
        namespace: r.namespace.unwrap_or_default(),
        name: r.name.unwrap_or_default(),
        uid: r.uid.unwrap_or_default(),
    }
}
