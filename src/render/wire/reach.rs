//! `kind: Reach`: the hop chain of `reach -o json|yaml`.

use super::API_VERSION;
use super::diagnosis::WireObject;
use crate::analysis::reach::{BackendReach, Hop, Reach};
use serde::Serialize;

/// The document `reach -o json|yaml` prints.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct WireReach<'a> {
    /// `svcx/v1alpha1`.
    pub api_version: &'static str,
    /// `Reach`.
    pub kind: &'static str,
    /// FROM as given.
    pub from: String,
    /// The client, described.
    pub client: String,
    /// TO as given.
    pub to: String,
    /// The Service it leads to (null when DNS did not get there).
    pub service: Option<WireObject<'a>>,
    /// The Service port (`https 443/TCP`), when known.
    pub port: Option<String>,
    /// `reachable`, `some-backends-blocked`, `blocked` or `unknown`.
    pub verdict: &'static str,
    /// The verdict in one sentence.
    pub summary: String,
    /// Hops every backend shares (dns, service-port, kube-proxy), in order.
    pub hops: Vec<WireHop<'a>>,
    /// The backends kube-proxy would use, each with its own hops.
    pub backends: Vec<WireBackend<'a>>,
    /// Remarks in prose (open-ended).
    pub notes: Vec<String>,
}

/// One hop.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct WireHop<'a> {
    /// 1..6.
    pub number: u8,
    /// `dns`, `service-port`, `kube-proxy`, `egress`, `ingress`, `backend-port`.
    pub hop: &'static str,
    /// `ok`, `blocked` or `unknown`.
    pub status: &'static str,
    /// One sentence.
    pub message: String,
    /// The object that decides it (null: none in particular).
    pub object: Option<WireObject<'a>>,
}

/// One backend.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct WireBackend<'a> {
    /// Pod name (or the address, or `Kind name` for a pod template).
    pub name: String,
    /// `IP:port` after kube-proxy's DNAT.
    pub address: String,
    /// Node, when known.
    pub node: Option<String>,
    /// `reachable`, `blocked` or `unknown`.
    pub verdict: &'static str,
    /// egress, ingress, backend-port.
    pub hops: Vec<WireHop<'a>>,
}

fn hop(h: &Hop) -> WireHop<'_> {
    WireHop {
        number: h.kind.number(),
        hop: h.kind.as_str(),
        status: h.status.as_str(),
        message: h.message.clone(),
        object: h.object.as_ref().map(WireObject::of),
    }
}

fn backend(b: &BackendReach) -> WireBackend<'_> {
    WireBackend {
        name: b.name.clone(),
        address: b.address.clone(),
        node: b.node.clone(),
        verdict: match b.status() {
            crate::analysis::reach::HopStatus::Ok => "reachable",
            crate::analysis::reach::HopStatus::Blocked => "blocked",
            crate::analysis::reach::HopStatus::Unknown => "unknown",
        },
        hops: b.hops.iter().map(hop).collect(),
    }
}

impl<'a> WireReach<'a> {
    /// The wire form of `r`.
    pub fn from_reach(r: &'a Reach) -> Self {
        WireReach {
            api_version: API_VERSION,
            kind: "Reach",
            from: r.from.clone(),
            client: r.client.clone(),
            to: r.to.clone(),
            service: r.service.as_ref().map(WireObject::of),
            port: r.port.clone(),
            verdict: r.overall.as_str(),
            summary: r.summary.clone(),
            hops: r.hops.iter().map(hop).collect(),
            backends: r.backends.iter().map(backend).collect(),
            notes: r.notes.clone(),
        }
    }
}
