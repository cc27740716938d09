//! Indexes over the objects that describe what should run and who points at it: workload pod
//! templates, NetworkPolicies, Ingress/route backends. Built once per `diagnose` run, next to
//! the live indexes of `Lookup`.

use crate::model::{BackendRef, Cluster, NetworkPolicy, Router, Workload, WorkloadKind};
use foldhash::{HashMap, HashMapExt, HashSet};

/// Namespace -> name -> values (nested so lookups by `&str` need no key of lifetime `'a`).
type ByName<'a, T> = HashMap<&'a str, HashMap<&'a str, Vec<T>>>;

/// Templates, policies and backend references, by namespace or by the Service they name.
#[derive(Debug, Default)]
pub(crate) struct ManifestLookup<'a> {
    templates: Vec<&'a Workload>,
    templates_by_ns: HashMap<&'a str, Vec<&'a Workload>>,
    policies_by_ns: HashMap<&'a str, Vec<&'a NetworkPolicy>>,
    backends_by_service: ByName<'a, (&'a Router, &'a BackendRef)>,
    statefulsets_by_service: ByName<'a, &'a Workload>,
}

impl<'a> ManifestLookup<'a> {
    /// Indexes `cluster` in one pass per kind.
    pub fn new(cluster: &'a Cluster) -> Self {
        let present: HashSet<(&str, &str, &str)> = cluster
            .workloads
            .iter()
            .map(|w| (w.namespace.as_str(), w.kind_str(), w.name.as_str()))
            .collect();
        // A workload owned by another one in the input (a Deployment's ReplicaSets, a CronJob's
        // Jobs) repeats (an older revision of) its owner's template: count the owner only.
        let mut templates: Vec<&Workload> = cluster
            .workloads
            .iter()
            .filter(|w| {
                !w.owner.as_ref().is_some_and(|(kind, name)| {
                    present.contains(&(w.namespace.as_str(), kind.as_str(), name.as_str()))
                })
            })
            .collect();
        templates
            .sort_by(|a, b| (&a.namespace, &a.name, a.kind).cmp(&(&b.namespace, &b.name, b.kind)));
        let mut templates_by_ns: HashMap<&str, Vec<&Workload>> = HashMap::new();
        let mut statefulsets_by_service: ByName<'a, &'a Workload> = HashMap::new();
        for w in &templates {
            templates_by_ns
                .entry(w.namespace.as_str())
                .or_default()
                .push(w);
        }
        for w in &cluster.workloads {
            if let (Some(WorkloadKind::StatefulSet), Some(svc)) = (w.kind, &w.service_name) {
                statefulsets_by_service
                    .entry(w.namespace.as_str())
                    .or_default()
                    .entry(svc.as_str())
                    .or_default()
                    .push(w);
            }
        }
        let mut policies_by_ns: HashMap<&str, Vec<&NetworkPolicy>> = HashMap::new();
        for p in &cluster.network_policies {
            policies_by_ns
                .entry(p.namespace.as_str())
                .or_default()
                .push(p);
        }
        let mut backends_by_service: ByName<'a, (&'a Router, &'a BackendRef)> = HashMap::new();
        for r in &cluster.routers {
            for b in &r.backends {
                backends_by_service
                    .entry(b.namespace.as_str())
                    .or_default()
                    .entry(b.service.as_str())
                    .or_default()
                    .push((r, b));
            }
        }
        ManifestLookup {
            templates,
            templates_by_ns,
            policies_by_ns,
            backends_by_service,
            statefulsets_by_service,
        }
    }

    /// Every workload whose pods are its own (not repeated by an owner in the input), by
    /// namespace, name and kind.
    pub fn templates(&self) -> &[&'a Workload] {
        &self.templates
    }

    /// The same, in one namespace.
    pub fn templates_in(&self, namespace: &str) -> &[&'a Workload] {
        self.templates_by_ns
            .get(namespace)
            .map_or(&[], Vec::as_slice)
    }

    /// NetworkPolicies of a namespace, in input order.
    pub fn policies_in(&self, namespace: &str) -> &[&'a NetworkPolicy] {
        self.policies_by_ns
            .get(namespace)
            .map_or(&[], Vec::as_slice)
    }

    /// Ingress and route backends that name the Service `namespace/name`, in input order.
    pub fn backends_of(&self, namespace: &str, name: &str) -> &[(&'a Router, &'a BackendRef)] {
        self.backends_by_service
            .get(namespace)
            .and_then(|m| m.get(name))
            .map_or(&[], Vec::as_slice)
    }

    /// StatefulSets of `namespace` whose serviceName is `name`.
    pub fn statefulsets_governed_by(&self, namespace: &str, name: &str) -> &[&'a Workload] {
        self.statefulsets_by_service
            .get(namespace)
            .and_then(|m| m.get(name))
            .map_or(&[], Vec::as_slice)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn w(kind: WorkloadKind, name: &str, owner: Option<(&str, &str)>) -> Workload {
        Workload {
            kind: Some(kind),
            namespace: "ns".into(),
            name: name.into(),
            owner: owner.map(|(k, n)| (k.into(), n.into())),
            ..Workload::default()
        }
    }

    #[test]
    fn owned_workloads_do_not_count_twice() {
        let cluster = Cluster {
            workloads: vec![
                w(
                    WorkloadKind::ReplicaSet,
                    "web-5d4f",
                    Some(("Deployment", "web")),
                ),
                w(WorkloadKind::Deployment, "web", None),
                w(WorkloadKind::Job, "report-28", Some(("CronJob", "report"))),
                w(WorkloadKind::CronJob, "report", None),
                // Its Deployment is not in the input: the ReplicaSet is all there is.
                w(
                    WorkloadKind::ReplicaSet,
                    "api-77c",
                    Some(("Deployment", "api")),
                ),
            ],
            ..Cluster::default()
        };
        let look = ManifestLookup::new(&cluster);
        let names: Vec<String> = look
            .templates_in("ns")
            .iter()
            .map(|w| format!("{}/{}", w.kind_str(), w.name))
            .collect();
        assert_eq!(
            names,
            ["ReplicaSet/api-77c", "CronJob/report", "Deployment/web"]
        );
        assert!(look.templates_in("other").is_empty());
    }
}
