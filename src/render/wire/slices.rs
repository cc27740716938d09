//! Wire shapes of EndpointSlices and Endpoints.

use crate::model::{Endpoint, EndpointAddress, EndpointPort, EndpointSlice, Endpoints};
use serde::Serialize;

/// A slice port.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct WireEndpointPort {
    /// Name.
    pub name: Option<String>,
    /// Number.
    pub port: Option<i32>,
    /// Protocol.
    pub protocol: String,
    /// appProtocol.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub app_protocol: Option<String>,
}

impl WireEndpointPort {
    /// From the model.
    pub fn from_port(p: &EndpointPort) -> Self {
        WireEndpointPort {
            name: p.name.clone(),
            port: p.port,
            protocol: p.protocol.as_str().to_string(),
            app_protocol: p.app_protocol.clone(),
        }
    }
}

/// Hints.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct WireHints {
    /// forZones names.
    pub for_zones: Vec<String>,
    /// forNodes names.
    pub for_nodes: Vec<String>,
}

/// One slice endpoint; conditions as consumers read them (nil ready = ready).
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct WireEndpoint {
    /// Addresses.
    pub addresses: Vec<String>,
    /// Ready.
    pub ready: bool,
    /// Serving.
    pub serving: bool,
    /// Terminating.
    pub terminating: bool,
    /// targetRef pod name.
    pub pod: Option<String>,
    /// nodeName.
    pub node: Option<String>,
    /// zone.
    pub zone: Option<String>,
    /// hostname.
    pub hostname: Option<String>,
    /// Hints.
    pub hints: Option<WireHints>,
}

impl WireEndpoint {
    /// From the model.
    pub fn from_endpoint(e: &Endpoint) -> Self {
        WireEndpoint {
            addresses: e
                .addresses
                .clone()
                .into_iter()
                .map(String::from)
                .collect::<Vec<_>>(),
            ready: e.conditions.is_ready(),
            serving: e.conditions.is_serving(),
            terminating: e.conditions.is_terminating(),
            pod: (e
                .target_ref
                .as_ref()
                .filter(|r| r.kind == "Pod")
                .map(|r| r.name.clone()))
            .map(String::from),
            node: e.node_name.as_deref().map(String::from),
            zone: e.zone.as_deref().map(String::from),
            hostname: e.hostname.as_deref().map(String::from),
            hints: e.hints.as_ref().map(|h| WireHints {
                for_zones: h.for_zones.clone(),
                for_nodes: h.for_nodes.clone(),
            }),
        }
    }
}

/// The owner of a slice.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct WireOwner {
    /// Kind.
    pub kind: String,
    /// Name.
    pub name: String,
    /// UID.
    pub uid: String,
}

/// An EndpointSlice.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct WireEndpointSlice {
    /// Name.
    pub name: String,
    /// addressType.
    pub address_type: Option<String>,
    /// managed-by label.
    pub managed_by: Option<String>,
    /// Controlling owner.
    pub owner: Option<WireOwner>,
    /// Ports.
    pub ports: Vec<WireEndpointPort>,
    /// Endpoints.
    pub endpoints: Vec<WireEndpoint>,
}

impl WireEndpointSlice {
    /// From the model.
    pub fn from_slice(s: &EndpointSlice) -> Self {
        WireEndpointSlice {
            name: s.name.to_string(),
            address_type: s.address_type.as_ref().map(|a| a.as_str().to_string()),
            managed_by: s.managed_by().map(str::to_string),
            owner: s
                .owner_references
                .iter()
                .find(|o| o.controller)
                .or_else(|| s.owner_references.first())
                .map(|o| WireOwner {
                    kind: o.kind.clone(),
                    name: o.name.clone(),
                    uid: o.uid.clone(),
                }),
            ports: s.ports.iter().map(WireEndpointPort::from_port).collect(),
            endpoints: s
                .endpoints
                .iter()
                .map(WireEndpoint::from_endpoint)
                .collect(),
        }
    }
}

/// A legacy Endpoints address.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct WireAddress {
    /// IP.
    pub ip: String,
    /// Pod name.
    pub pod: Option<String>,
    /// Node.
    pub node: Option<String>,
    /// Hostname.
    pub hostname: Option<String>,
}

fn address(a: &EndpointAddress) -> WireAddress {
    WireAddress {
        ip: a.ip.to_string(),
        pod: a.target_ref.as_ref().map(|r| r.name.to_string()),
        node: a.node_name.as_deref().map(String::from),
        hostname: a.hostname.as_deref().map(String::from),
    }
}

/// One legacy subset.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct WireSubset {
    /// Ready addresses.
    pub addresses: Vec<WireAddress>,
    /// Not-ready addresses.
    pub not_ready_addresses: Vec<WireAddress>,
    /// Ports.
    pub ports: Vec<WireEndpointPort>,
}

/// The legacy v1 Endpoints.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct WireEndpoints {
    /// Name.
    pub name: String,
    /// The over-capacity annotation (`truncated`), if set.
    pub over_capacity: Option<String>,
    /// Total ready addresses.
    pub address_count: usize,
    /// Total not-ready addresses.
    pub not_ready_address_count: usize,
    /// Subsets.
    pub subsets: Vec<WireSubset>,
}

impl WireEndpoints {
    /// From the model.
    pub fn from_endpoints(e: &Endpoints) -> Self {
        WireEndpoints {
            name: e.name.to_string(),
            over_capacity: e.over_capacity().map(str::to_string),
            address_count: e.subsets.iter().map(|s| s.addresses.len()).sum(),
            not_ready_address_count: e.subsets.iter().map(|s| s.not_ready_addresses.len()).sum(),
            subsets: e
                .subsets
                .iter()
                .map(|s| WireSubset {
                    addresses: s.addresses.iter().map(address).collect(),
                    not_ready_addresses: s.not_ready_addresses.iter().map(address).collect(),
                    ports: s.ports.iter().map(WireEndpointPort::from_port).collect(),
                })
                .collect(),
        }
    }
}
