//! The answer: a chain of hops, per backend and overall.

use crate::analysis::finding::ObjRef;

/// Which hop.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum HopKind {
    /// 1. The client's resolver turns the name into an address.
    Dns,
    /// 2. The Service has the port, with that protocol.
    ServicePort,
    /// 3. kube-proxy on the client's node (or on the entry node) picks an endpoint.
    KubeProxy,
    /// 4. The client's egress NetworkPolicies let the connection out.
    Egress,
    /// 5. The backend's ingress NetworkPolicies let it in.
    Ingress,
    /// 6. The backend pod declares the port.
    BackendPort,
}

impl HopKind {
    /// The hop's number in the chain.
    pub fn number(self) -> u8 {
        self as u8 + 1
    }

    /// Kebab-case name used in output.
    pub fn as_str(self) -> &'static str {
        match self {
            HopKind::Dns => "dns",
            HopKind::ServicePort => "service-port",
            HopKind::KubeProxy => "kube-proxy",
            HopKind::Egress => "egress",
            HopKind::Ingress => "ingress",
            HopKind::BackendPort => "backend-port",
        }
    }
}

/// A hop's outcome.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum HopStatus {
    /// Passes.
    Ok,
    /// Cannot be judged from the input.
    Unknown,
    /// Breaks the path.
    Blocked,
}

impl HopStatus {
    /// `ok`, `unknown`, `blocked`.
    pub fn as_str(self) -> &'static str {
        match self {
            HopStatus::Ok => "ok",
            HopStatus::Unknown => "unknown",
            HopStatus::Blocked => "blocked",
        }
    }
}

/// One hop: its outcome in one sentence, and the object to look at or fix.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hop {
    /// Which hop.
    pub kind: HopKind,
    /// Its outcome.
    pub status: HopStatus,
    /// One sentence.
    pub message: String,
    /// The object that decides it (to fix when blocked).
    pub object: Option<ObjRef>,
}

impl Hop {
    pub(super) fn new(kind: HopKind, status: HopStatus, message: impl Into<String>) -> Hop {
        Hop {
            kind,
            status,
            message: message.into(),
            object: None,
        }
    }

    pub(super) fn with_object(mut self, object: Option<ObjRef>) -> Hop {
        self.object = object;
        self
    }
}

/// One backend the connection may land on, with the hops that depend on it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BackendReach {
    /// The pod's name, or the address when the endpoint is not a known pod.
    pub name: String,
    /// `IP:port` (after kube-proxy's DNAT); the port alone for a pod template.
    pub address: String,
    /// The node it runs on.
    pub node: Option<String>,
    /// Egress, ingress, backend port.
    pub hops: Vec<Hop>,
}

impl BackendReach {
    /// The first hop that is not ok (blocked before unknown).
    pub fn breaking(&self) -> Option<&Hop> {
        self.hops
            .iter()
            .find(|h| h.status == HopStatus::Blocked)
            .or_else(|| self.hops.iter().find(|h| h.status == HopStatus::Unknown))
    }

    /// Worst status of its hops.
    pub fn status(&self) -> HopStatus {
        self.hops
            .iter()
            .map(|h| h.status)
            .max()
            .unwrap_or(HopStatus::Ok)
    }
}

/// The overall answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Overall {
    /// Every backend kube-proxy would use is reachable.
    Reachable,
    /// Some are reachable and some are blocked: connections fail intermittently.
    SomeBackendsBlocked,
    /// Nothing is reachable.
    Blocked,
    /// No hop is blocked, but some cannot be judged.
    Unknown,
}

impl Overall {
    /// Kebab-case word used in output.
    pub fn as_str(self) -> &'static str {
        match self {
            Overall::Reachable => "reachable",
            Overall::SomeBackendsBlocked => "some-backends-blocked",
            Overall::Blocked => "blocked",
            Overall::Unknown => "unknown",
        }
    }

    /// At least one backend is reachable.
    pub fn is_reachable(self) -> bool {
        matches!(self, Overall::Reachable | Overall::SomeBackendsBlocked)
    }
}

/// The whole answer for one client and one destination.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reach {
    /// The client as given (`pod/web-1`).
    pub from: String,
    /// The client, described (`pod shop/web-1 on node worker-1, 10.244.1.5`).
    pub client: String,
    /// The destination as given.
    pub to: String,
    /// The Service it resolved to, when it did.
    pub service: Option<ObjRef>,
    /// The Service port (`https 443/TCP`), when known.
    pub port: Option<String>,
    /// Hops shared by every backend (DNS, Service port, kube-proxy).
    pub hops: Vec<Hop>,
    /// The backends kube-proxy would use from the client, with their own hops.
    pub backends: Vec<BackendReach>,
    /// The verdict.
    pub overall: Overall,
    /// One sentence saying it.
    pub summary: String,
    /// What the answer assumes.
    pub notes: Vec<String>,
}
