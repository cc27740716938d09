//! The two ends of a connection.

use crate::model::{Pod, Protocol};
use std::net::IpAddr;

/// One end: a pod (its namespace, labels and container ports decide selectors and named ports)
/// and/or an address.
#[derive(Debug, Clone, Copy)]
pub struct Party<'a> {
    /// The pod, when the end is a pod on the pod network. Host-network pods and nodes are
    /// addresses only: pod selectors never match them.
    pub pod: Option<&'a Pod>,
    /// Its address, when known (a pod template has none yet).
    pub ip: Option<IpAddr>,
}

impl<'a> Party<'a> {
    /// A pod, with its first IP when it has one.
    pub fn pod(pod: &'a Pod) -> Party<'a> {
        Party {
            pod: Some(pod),
            ip: pod.all_ips().first().and_then(|s| s.parse().ok()),
        }
    }

    /// An address that is not a pod (a node, a client outside the cluster); `None`: unknown.
    pub fn address(ip: Option<IpAddr>) -> Party<'a> {
        Party { pod: None, ip }
    }
}

/// A connection: from one party to another, on the destination port and protocol (after
/// kube-proxy's DNAT, the endpoint's port).
#[derive(Debug, Clone, Copy)]
pub struct Connection<'a> {
    /// The client.
    pub from: Party<'a>,
    /// The server.
    pub to: Party<'a>,
    /// Destination port.
    pub port: i32,
    /// Protocol.
    pub protocol: &'a Protocol,
}
