//! The one input type: everything known about the cluster (or the part of it that was read).

use super::{EndpointSlice, Endpoints, Event, KubeVersion, Node, Pod, Service, Workload};

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
    /// Deployments, StatefulSets, DaemonSets and ReplicaSets (pod templates), when read.
    pub workloads: Vec<Workload>,
    /// Whether Nodes could be read (false: zones and node existence are unknown).
    pub nodes_known: bool,
    /// Whether Endpoints could be read.
    pub endpoints_known: bool,
    /// The server's version, when known (live: `/version`).
    pub server_version: Option<KubeVersion>,
}

impl Cluster {
    /// A Service by namespace and name.
    pub fn service(&self, namespace: &str, name: &str) -> Option<&Service> {
        self.services
            .iter()
            .find(|s| s.namespace == namespace && s.name == name)
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
