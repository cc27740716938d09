//! An object's identity — its kind, namespace and name — found in its `Cluster` list, and its
//! hash. Below both the converters, which hash each object's identity as they append it (on the
//! loader's threads), and `identity`, which resolves repeated identities with those hashes.

use crate::model::{Cluster, DefinedKind};

/// Which `Cluster` list holds a kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum List {
    Services,
    Pods,
    Nodes,
    Slices,
    Endpoints,
    Events,
    Routers,
    Policies,
    Workloads,
    Namespaces,
}

pub(super) const LISTS: usize = 10;

pub(super) fn list_of(kind: DefinedKind) -> List {
    match kind {
        DefinedKind::Service => List::Services,
        DefinedKind::Pod => List::Pods,
        DefinedKind::Node => List::Nodes,
        DefinedKind::EndpointSlice => List::Slices,
        DefinedKind::Endpoints => List::Endpoints,
        DefinedKind::Event => List::Events,
        DefinedKind::Ingress | DefinedKind::HttpRoute | DefinedKind::GrpcRoute => List::Routers,
        DefinedKind::NetworkPolicy => List::Policies,
        DefinedKind::Workload(_) | DefinedKind::CustomWorkload => List::Workloads,
        DefinedKind::Namespace => List::Namespaces,
    }
}

pub(super) fn list_len(c: &Cluster, list: List) -> usize {
    match list {
        List::Services => c.services.len(),
        List::Pods => c.pods.len(),
        List::Nodes => c.nodes.len(),
        List::Slices => c.endpoint_slices.len(),
        List::Endpoints => c.endpoints.len(),
        List::Events => c.events.len(),
        List::Routers => c.routers.len(),
        List::Policies => c.network_policies.len(),
        List::Workloads => c.workloads.len(),
        List::Namespaces => c.namespaces.len(),
    }
}

/// An object's identity: its kind, the kind as written, its namespace and name.
pub(super) type Identity<'c> = (DefinedKind, &'c str, &'c str, &'c str);

pub(super) fn identity_at(c: &Cluster, kind: DefinedKind, list: List, i: usize) -> Identity<'_> {
    let (ns, name) = id_of(c, list, i);
    (kind, kind_of(c, kind, list, i), ns, name)
}

/// The hash of an identity, the same on every thread (a fixed seed).
pub(super) fn hash_identity(id: &Identity<'_>) -> u64 {
    std::hash::BuildHasher::hash_one(&foldhash::fast::FixedState::default(), id)
}

/// Fills in the identity of the object last appended (`Definition::identity_hash`, `named`):
/// its definition is `cluster.definitions`' last, the object its list's last.
pub(crate) fn identify_last(cluster: &mut Cluster) {
    let Some(d) = cluster.definitions.last() else {
        return;
    };
    let (kind, list) = (d.kind, list_of(d.kind));
    let Some(i) = list_len(cluster, list).checked_sub(1) else {
        return;
    };
    let id = identity_at(cluster, kind, list, i);
    let (hash, named) = (hash_identity(&id), !id.3.is_empty());
    if let Some(d) = cluster.definitions.last_mut() {
        d.identity_hash = hash;
        d.named = named;
    }
}

/// Namespace and name of the `i`-th object of a list.
pub(super) fn id_of(c: &Cluster, list: List, i: usize) -> (&str, &str) {
    match list {
        List::Services => (&c.services[i].namespace, &c.services[i].name),
        List::Pods => (&c.pods[i].namespace, &c.pods[i].name),
        List::Nodes => ("", &c.nodes[i].name),
        List::Slices => (&c.endpoint_slices[i].namespace, &c.endpoint_slices[i].name),
        List::Endpoints => (&c.endpoints[i].namespace, &c.endpoints[i].name),
        List::Events => (&c.events[i].namespace, &c.events[i].name),
        List::Routers => (&c.routers[i].namespace, &c.routers[i].name),
        List::Policies => (
            &c.network_policies[i].namespace,
            &c.network_policies[i].name,
        ),
        List::Workloads => (&c.workloads[i].namespace, &c.workloads[i].name),
        List::Namespaces => ("", &c.namespaces[i].name),
    }
}

/// The kind as written in `kind:`: a custom workload's own (two kinds of pod makers may share a
/// name), else the defined kind's.
pub(super) fn kind_of(c: &Cluster, kind: DefinedKind, list: List, i: usize) -> &str {
    match (kind, list) {
        (DefinedKind::CustomWorkload, List::Workloads) => c.workloads[i].kind_str(),
        _ => kind.as_str(),
    }
}
