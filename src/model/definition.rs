//! Where and in which state each object of a file input was defined, so that an object defined
//! more than once (a file passed twice, overlapping dumps) can be kept once (`source::identity`).

use super::{ObjectUid, WorkloadKind};

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
    pub uid: Option<ObjectUid>,
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
    /// A hash of its identity (kind, namespace, name) as read, computed where it is read
    /// (on the loader's threads) for `source::identity` to find repeated identities without
    /// hashing every object again on one thread.
    pub identity_hash: u64,
    /// It has a `metadata.name` (an object with only `generateName` has no identity).
    pub named: bool,
}
