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
    /// Indexes `cluster` in one pass per kind, the pods' label index on a second thread when
    /// `threads` allows: it is most of the indexing, which `diagnose` does before its checks
    /// can start on every core (docs/performance.md, "lean model").
    pub fn new(cluster: &'a Cluster, threads: usize) -> Self {
        if threads < 2 {
            return Lookup::around(cluster, PodIndex::new(&cluster.pods));
        }
        std::thread::scope(|scope| {
            let pods = scope.spawn(|| PodIndex::new(&cluster.pods));
            let mut look = Lookup::around(cluster, PodIndex::default());
            look.pods = pods
                .join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
            look
        })
    }

    /// Every index but the pods' label index, which is `pods`.
    fn around(cluster: &'a Cluster, pods: PodIndex<'a>) -> Self {
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
            pods,
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
        let look = Lookup::new(&cluster, 1);
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

    /// The pods' label index built on a second thread is the one built in line.
    #[test]
    fn the_pod_index_is_the_same_on_two_threads() {
        let mut cluster = Cluster::default();
        for i in 0..50 {
            let app = format!("app-{}", i % 7);
            let mut pod =
                crate::testing::mk_pod(&format!("p{i}"), &[("app", &app), ("tier", "web")]);
            pod.namespace = ["a", "b"][i % 2].into();
            cluster.pods.push(pod);
        }
        let (one, two) = (Lookup::new(&cluster, 1), Lookup::new(&cluster, 2));
        let names = |look: &Lookup, ns: &str, app: &str| -> Vec<String> {
            look.pods
                .with_label(ns, "app", app)
                .iter()
                .map(|p| p.name.to_string())
                .collect()
        };
        for ns in ["a", "b", "c"] {
            for i in 0..8 {
                let app = format!("app-{i}");
                assert_eq!(names(&one, ns, &app), names(&two, ns, &app));
            }
            assert_eq!(one.pods.values(ns, "app"), two.pods.values(ns, "app"));
        }
        assert_eq!(names(&two, "a", "app-0"), ["p0", "p14", "p28", "p42"]);
    }
}
