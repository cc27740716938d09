//! The one input type: everything known about the cluster (or the part of it that was read).

use std::collections::BTreeMap;
use std::path::PathBuf;

use super::{
    Definition, EndpointSlice, Endpoints, Event, KubeVersion, Namespace, NetworkPolicy, Node, Pod,
    Router, Service, Workload,
};

/// Objects read from a cluster or from files. What was not read is empty; `nodes_known` and
/// `endpoints_known` say whether "empty" means "none exist" or "not allowed to read".
#[derive(Debug, Clone, Default)]
pub struct Cluster {
    /// Services.
    pub services: Vec<Service>,
    /// Pods.
    pub pods: Vec<Pod>,
    /// Nodes.
    pub nodes: Vec<Node>,
    /// EndpointSlices.
    pub endpoint_slices: Vec<EndpointSlice>,
    /// Legacy Endpoints.
    pub endpoints: Vec<Endpoints>,
    /// Events.
    pub events: Vec<Event>,
    /// Ingresses and Gateway API routes (their Service backends).
    pub routers: Vec<Router>,
    /// NetworkPolicies.
    pub network_policies: Vec<NetworkPolicy>,
    /// Why NetworkPolicies could not be read (live: 403), when they could not.
    pub network_policies_unreadable: Option<String>,
    /// Objects of other policy APIs that also filter traffic (Cilium, Calico,
    /// AdminNetworkPolicy, Istio AuthorizationPolicy), which are not evaluated.
    pub foreign_policies: Vec<ObjectKey>,
    /// Namespaces (their labels), when read.
    pub namespaces: Vec<Namespace>,
    /// Where each object was read from (files read with line tracking only).
    pub origins: BTreeMap<ObjectKey, Origin>,
    /// Pod controllers (Deployments, StatefulSets, DaemonSets, ReplicaSets,
    /// ReplicationControllers, Jobs, CronJobs) with their pod templates, when read.
    pub workloads: Vec<Workload>,
    /// Whether Pods were read at all: a live list, or a dump holding at least one Pod. A dump of
    /// Services and EndpointSlices only holds none, which says nothing about the cluster's pods.
    pub pods_known: bool,
    /// Whether Nodes could be read (false: zones and node existence are unknown).
    pub nodes_known: bool,
    /// Whether Endpoints could be read.
    pub endpoints_known: bool,
    /// Whether EndpointSlices were read at all (a dump of pods and Services only holds none,
    /// which says nothing about the cluster's slices).
    pub endpoint_slices_known: bool,
    /// The server's version, when known (live: `/version`).
    pub server_version: Option<KubeVersion>,
    /// Files only, while loading: one entry per object converted, in input order (see
    /// [`Definition`]). The loader resolves objects defined more than once and empties it.
    pub definitions: Vec<Definition>,
    /// Reads refused when a snapshot was taken, in the live run's words (said again offline).
    pub read_warnings: Vec<String>,
}

/// `into.extend(from)`, but an empty `into` takes `from`'s buffer as it is: merging a whole
/// cluster into an empty one (a YAML List's items after its head, a file's objects into the
/// load's) then copies nothing, where the copy held every pod twice for a moment (45 MB at 150k
/// pods).
fn append_vec<T>(into: &mut Vec<T>, from: Vec<T>) {
    if into.is_empty() {
        *into = from;
    } else {
        into.extend(from);
    }
}

impl Cluster {
    /// Moves every object of `other` into `self`. Destructures exhaustively, so a new field
    /// cannot be forgotten here.
    pub fn append(&mut self, other: Cluster) {
        let Cluster {
            services,
            pods,
            nodes,
            endpoint_slices,
            endpoints,
            events,
            routers,
            network_policies,
            network_policies_unreadable,
            foreign_policies,
            namespaces,
            origins,
            workloads,
            pods_known,
            nodes_known,
            endpoints_known,
            endpoint_slices_known,
            server_version,
            definitions,
            read_warnings,
        } = other;
        append_vec(&mut self.services, services);
        append_vec(&mut self.pods, pods);
        append_vec(&mut self.nodes, nodes);
        append_vec(&mut self.endpoint_slices, endpoint_slices);
        append_vec(&mut self.endpoints, endpoints);
        append_vec(&mut self.events, events);
        append_vec(&mut self.routers, routers);
        append_vec(&mut self.network_policies, network_policies);
        self.network_policies_unreadable = self
            .network_policies_unreadable
            .take()
            .or(network_policies_unreadable);
        append_vec(&mut self.foreign_policies, foreign_policies);
        append_vec(&mut self.namespaces, namespaces);
        self.origins.extend(origins);
        append_vec(&mut self.workloads, workloads);
        self.pods_known |= pods_known;
        self.nodes_known |= nodes_known;
        self.endpoints_known |= endpoints_known;
        self.endpoint_slices_known |= endpoint_slices_known;
        self.server_version = self.server_version.or(server_version);
        append_vec(&mut self.definitions, definitions);
        append_vec(&mut self.read_warnings, read_warnings);
    }

    /// Whether EndpointSlices were read at all (the flag, or any slice present in a cluster
    /// built by hand).
    pub fn slices_read(&self) -> bool {
        self.endpoint_slices_known || !self.endpoint_slices.is_empty()
    }

    /// Whether Pods were read at all (the flag, or any pod present).
    pub fn pods_read(&self) -> bool {
        self.pods_known || !self.pods.is_empty()
    }

    /// A Service by namespace and name.
    pub fn service(&self, namespace: &str, name: &str) -> Option<&Service> {
        self.services
            .iter()
            .find(|s| s.namespace == namespace && s.name == name)
    }

    /// A Namespace by name, when read.
    pub fn namespace(&self, name: &str) -> Option<&Namespace> {
        self.namespaces.iter().find(|n| n.name == name)
    }

    /// A Pod by namespace and name.
    pub fn pod(&self, namespace: &str, name: &str) -> Option<&Pod> {
        self.pods
            .iter()
            .find(|p| p.namespace == namespace && p.name == name)
    }

    /// A Node by name.
    pub fn node(&self, name: &str) -> Option<&Node> {
        self.nodes.iter().find(|n| n.name == name)
    }

    /// The legacy Endpoints of a Service.
    pub fn endpoints_of(&self, namespace: &str, name: &str) -> Option<&Endpoints> {
        self.endpoints
            .iter()
            .find(|e| e.namespace == namespace && e.name == name)
    }

    /// Slices labelled `kubernetes.io/service-name=<name>` in the namespace.
    pub fn slices_of<'a>(
        &'a self,
        namespace: &'a str,
        name: &'a str,
    ) -> impl Iterator<Item = &'a EndpointSlice> + 'a {
        self.endpoint_slices
            .iter()
            .filter(move |s| s.namespace == namespace && s.service_name() == Some(name))
    }
}

/// Identifies an object: kind, namespace (empty for cluster-scoped kinds), name.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ObjectKey {
    /// Kind, e.g. `Service`.
    pub kind: String,
    /// Namespace (`""` for Nodes and Namespaces).
    pub namespace: String,
    /// Name.
    pub name: String,
}

impl ObjectKey {
    /// Objects of `kind` (another policy API) that may exist but could not be listed (403):
    /// `reach` names them as "(not readable)".
    pub fn not_readable(kind: &str) -> Self {
        ObjectKey::new(kind, "", "(not readable)")
    }

    /// Builds a key.
    pub fn new(kind: &str, namespace: &str, name: &str) -> Self {
        ObjectKey {
            kind: kind.into(),
            namespace: namespace.into(),
            name: name.into(),
        }
    }
}

/// Where an object was read from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Origin {
    /// The file (`-` for stdin).
    pub file: PathBuf,
    /// 1-based line where the object starts.
    pub line: u32,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn appending_to_an_empty_list_moves_the_buffer() {
        let mut into: Vec<u32> = Vec::with_capacity(8);
        let from = vec![1, 2, 3];
        let buffer = from.as_ptr();
        append_vec(&mut into, from);
        assert_eq!(into.as_ptr(), buffer, "moved, not copied");
        append_vec(&mut into, vec![4, 5]);
        append_vec(&mut into, Vec::new());
        assert_eq!(into, [1, 2, 3, 4, 5]);
    }
}
