//! Indexes over a `Cluster`, built once per `diagnose` run so every per-Service question is a
//! hash lookup: the cost grows with the size of the input, not with services × pods.

use super::lookup_manifests::ManifestLookup;
use super::name_index::NameIndex;
use super::selection::PodIndex;
use super::selector_index::SelectorIndex;
use crate::model::{Cluster, EndpointSlice, Endpoints, Event, Labels, Pod, Service};
use crate::simulate::NodeIndex;
use foldhash::{HashMap, HashMapExt};

type Key<'a> = (&'a str, &'a str);

fn pod_key(p: &Pod) -> (&str, &str) {
    (&p.namespace, &p.name)
}

/// Everything a check may look up besides its own Service.
#[derive(Debug)]
pub(crate) struct Lookup<'a> {
    /// The whole input.
    pub cluster: &'a Cluster,
    /// Pods by namespace and label.
    pub pods: PodIndex<'a>,
    /// Nodes by name ("unknown" kept apart from "absent").
    pub nodes: NodeIndex<'a>,
    /// Workload templates, NetworkPolicies and Ingress/route backends.
    pub manifests: ManifestLookup<'a>,
    services: HashMap<Key<'a>, usize>,
    services_by_namespace: HashMap<&'a str, Vec<&'a Service>>,
    selectors: SelectorIndex<'a>,
    pods_by_name: NameIndex,
    slices_by_service: HashMap<Key<'a>, Vec<usize>>,
    endpoints: HashMap<Key<'a>, usize>,
    events: HashMap<(&'a str, &'a str, &'a str), Vec<usize>>,
    node_ports: HashMap<i32, Vec<&'a Service>>,
}

impl<'a> Lookup<'a> {
    /// Indexes `cluster` in one pass per kind.
    pub fn new(cluster: &'a Cluster) -> Self {
        let mut slices_by_service: HashMap<Key<'a>, Vec<usize>> = HashMap::new();
        for (i, s) in cluster.endpoint_slices.iter().enumerate() {
            if let Some(name) = s.service_name() {
                slices_by_service
                    .entry((s.namespace.as_str(), name))
                    .or_default()
                    .push(i);
            }
        }
        let mut events: HashMap<(&str, &str, &str), Vec<usize>> = HashMap::new();
        for (i, e) in cluster.events.iter().enumerate() {
            events
                .entry((
                    e.namespace.as_str(),
                    e.involved_kind.as_str(),
                    e.involved_name.as_str(),
                ))
                .or_default()
                .push(i);
        }
        let mut node_ports: HashMap<i32, Vec<&Service>> = HashMap::new();
        for svc in &cluster.services {
            let mut seen: Vec<i32> = svc.ports.iter().filter_map(|p| p.node_port).collect();
            seen.sort_unstable();
            seen.dedup();
            for np in seen {
                node_ports.entry(np).or_default().push(svc);
            }
        }
        let mut services_by_namespace: HashMap<&str, Vec<&Service>> = HashMap::new();
        for svc in &cluster.services {
            services_by_namespace
                .entry(svc.namespace.as_str())
                .or_default()
                .push(svc);
        }
        Lookup {
            cluster,
            services_by_namespace,
            selectors: SelectorIndex::new(&cluster.services),
            pods: PodIndex::new(&cluster.pods),
            nodes: NodeIndex::new(&cluster.nodes, cluster.nodes_known),
            manifests: ManifestLookup::new(cluster),
            services: cluster
                .services
                .iter()
                .enumerate()
                .map(|(i, s)| ((s.namespace.as_str(), s.name.as_str()), i))
                .collect(),
            pods_by_name: NameIndex::new(&cluster.pods, pod_key),
            slices_by_service,
            endpoints: cluster
                .endpoints
                .iter()
                .enumerate()
                .map(|(i, e)| ((e.namespace.as_str(), e.name.as_str()), i))
                .collect(),
            events,
            node_ports,
        }
    }

    /// A Service by namespace and name.
    pub fn service(&self, namespace: &str, name: &str) -> Option<&'a Service> {
        let map: &HashMap<Key<'_>, usize> = &self.services;
        map.get(&(namespace, name))
            .map(|&i| &self.cluster.services[i])
    }

    /// The Services of one namespace, in input order (checks that ask "which Services select
    /// this pod" stay linear in the namespace, not in the cluster).
    pub fn services_in(&self, namespace: &str) -> &[&'a Service] {
        self.services_by_namespace
            .get(namespace)
            .map_or(&[], Vec::as_slice)
    }

    /// The Services of `namespace` whose selector matches `labels`, in input order.
    pub fn services_selecting(&self, namespace: &str, labels: &Labels) -> Vec<&'a Service> {
        self.selectors.selecting(namespace, labels)
    }

    /// A Pod by namespace and name.
    pub fn pod(&self, namespace: &str, name: &str) -> Option<&'a Pod> {
        self.pods_by_name
            .find(&self.cluster.pods, pod_key, namespace, name)
    }

    /// Slices labelled `kubernetes.io/service-name=<name>` in `namespace`, in input order.
    pub fn slices_of(&self, namespace: &str, name: &str) -> Vec<&'a EndpointSlice> {
        let map: &HashMap<Key<'_>, Vec<usize>> = &self.slices_by_service;
        map.get(&(namespace, name))
            .map(|v| {
                v.iter()
                    .map(|&i| &self.cluster.endpoint_slices[i])
                    .collect()
            })
            .unwrap_or_default()
    }

    /// The legacy Endpoints of a Service.
    pub fn endpoints_of(&self, namespace: &str, name: &str) -> Option<&'a Endpoints> {
        let map: &HashMap<Key<'_>, usize> = &self.endpoints;
        map.get(&(namespace, name))
            .map(|&i| &self.cluster.endpoints[i])
    }

    /// Events about one object, in input order.
    pub fn events_of(&self, namespace: &str, kind: &str, name: &str) -> Vec<&'a Event> {
        let map: &HashMap<(&str, &str, &str), Vec<usize>> = &self.events;
        map.get(&(namespace, kind, name))
            .map(|v| v.iter().map(|&i| &self.cluster.events[i]).collect())
            .unwrap_or_default()
    }

    /// Services (any namespace) that use `node_port`.
    pub fn services_with_node_port(&self, node_port: i32) -> &[&'a Service] {
        self.node_ports.get(&node_port).map_or(&[], Vec::as_slice)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::mk_service;

    /// The probes check asks "which Services of this namespace select these pods" once per pod
    /// group: the answer comes from this index, in input order, never from another namespace.
    #[test]
    fn services_in_one_namespace_in_input_order() {
        let mut cluster = Cluster::default();
        for (ns, name) in [
            ("a", "s1"),
            ("b", "s2"),
            ("a", "s3"),
            ("c", "s4"),
            ("a", "s5"),
        ] {
            let mut svc = mk_service(name, &[("app", name)]);
            svc.namespace = ns.to_string();
            cluster.services.push(svc);
        }
        let look = Lookup::new(&cluster);
        let names = |ns: &str| -> Vec<&str> {
            look.services_in(ns)
                .iter()
                .map(|s| s.name.as_str())
                .collect()
        };
        assert_eq!(names("a"), ["s1", "s3", "s5"]);
        assert_eq!(names("b"), ["s2"]);
        assert!(names("z").is_empty());
    }
}
