//! Where and in which state each object of a file input was defined, so that an object defined
//! more than once (a file passed twice, overlapping dumps) can be kept once (`source::identity`).

use super::WorkloadKind;

/// The API kinds the model holds, with their API group: with namespace and name, an object's
/// identity.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DefinedKind {
    /// v1 Service.
    Service,
    /// v1 Pod.
    Pod,
    /// v1 Node (cluster-scoped).
    Node,
    /// v1 Namespace (cluster-scoped).
    Namespace,
    /// discovery.k8s.io EndpointSlice.
    EndpointSlice,
    /// v1 Endpoints.
    Endpoints,
    /// v1 Event or events.k8s.io Event: one stored object served by both APIs
    /// (KEP-383, "the new API is a view of the same Event objects"), so one identity.
    Event,
    /// networking.k8s.io Ingress.
    Ingress,
    /// networking.k8s.io NetworkPolicy.
    NetworkPolicy,
    /// gateway.networking.k8s.io HTTPRoute.
    HttpRoute,
    /// gateway.networking.k8s.io GRPCRoute.
    GrpcRoute,
    /// A pod controller (apps, batch, or v1 ReplicationController).
    Workload(WorkloadKind),
    /// Anything else that stands in for pods: a kind with a pod template, an operator resource,
    /// or a Pod manifest (its kind is the workload's `custom_kind`, part of its identity).
    CustomWorkload,
}

impl DefinedKind {
    /// The API kind, as written in `kind:`.
    pub fn as_str(self) -> &'static str {
        match self {
            DefinedKind::Service => "Service",
            DefinedKind::Pod => "Pod",
            DefinedKind::Node => "Node",
            DefinedKind::Namespace => "Namespace",
            DefinedKind::EndpointSlice => "EndpointSlice",
            DefinedKind::Endpoints => "Endpoints",
            DefinedKind::Event => "Event",
            DefinedKind::Ingress => "Ingress",
            DefinedKind::NetworkPolicy => "NetworkPolicy",
            DefinedKind::HttpRoute => "HTTPRoute",
            DefinedKind::GrpcRoute => "GRPCRoute",
            DefinedKind::Workload(k) => k.as_str(),
            DefinedKind::CustomWorkload => "Workload",
        }
    }

    /// Whether objects of this kind live in a namespace (Nodes and Namespaces do not).
    pub fn namespaced(self) -> bool {
        !matches!(self, DefinedKind::Node | DefinedKind::Namespace)
    }
}

/// An object's `metadata.uid`: a UUID (as API servers write them) stored as a number, else the
/// text.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Uid {
    /// A UUID.
    Uuid(u128),
    /// Anything else.
    Text(Box<str>),
}

impl Uid {
    /// Reads a uid; `None` for an empty one.
    pub fn parse(s: &str) -> Option<Uid> {
        if s.is_empty() {
            return None;
        }
        // The 8-4-4-4-12 layout only, so that two different texts never read as one number.
        let b = s.as_bytes();
        let layout = b.len() == 36
            && b.iter().enumerate().all(|(i, c)| {
                if matches!(i, 8 | 13 | 18 | 23) {
                    *c == b'-'
                } else {
                    c.is_ascii_hexdigit()
                }
            });
        if !layout {
            return Some(Uid::Text(s.into()));
        }
        let n = b
            .iter()
            .filter_map(|c| char::from(*c).to_digit(16))
            .fold(0u128, |n, d| (n << 4) | u128::from(d));
        Some(Uid::Uuid(n))
    }
}

/// One object as read from a file, in input order. `Cluster::definitions` holds one per object
/// converted from files, in the order the objects were appended to their `Cluster` lists, so the
/// n-th definition of a kind's list is that list's n-th object.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Definition {
    /// Its kind (and so the `Cluster` list holding it).
    pub kind: DefinedKind,
    /// `metadata.namespace` was set (else the object was placed in `-n`, or `default`).
    pub namespace_given: bool,
    /// `metadata.uid`, when set (cluster state: read back from an API server).
    pub uid: Option<Uid>,
    /// `metadata.resourceVersion` as an integer, when set and numeric (etcd-backed API servers
    /// write the etcd revision; the API calls it opaque, so other values are not compared).
    pub resource_version: Option<u64>,
    /// It carries cluster state (`uid`, `resourceVersion` or a `status` with values): a dump,
    /// not a manifest.
    pub live: bool,
    /// Index of its file in the load's file list.
    pub file: u32,
    /// 1-based line where it starts, 0 when not known.
    pub line: u32,
}
