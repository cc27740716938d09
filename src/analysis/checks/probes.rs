//! `readiness-probe-missing`: the container that serves a Service's port has no
//! readinessProbe, so the pod counts as ready as soon as that container starts.
//!
//! A pod is Ready only when all its containers are (kubelet `status.GeneratePodReadyCondition`;
//! restartable init containers count too,
//! <https://kubernetes.io/docs/concepts/workloads/pods/sidecar-containers/>), and a container
//! without a readinessProbe is ready once it runs
//! (<https://kubernetes.io/docs/concepts/configuration/liveness-readiness-startup-probes/>). So
//! what matters is the container that receives the Service's traffic: a sidecar without a probe
//! (a log shipper, a backup agent) delays nothing, while a serving container without one gets
//! traffic before it can answer, even when another container's probe holds the pod back for a
//! while (then readiness hangs on that other probe, which says nothing about the server).
//!
//! A sidecar (restartable init container) serving a port is not reported when an app container
//! has a probe: sidecars start before the app containers, and the pod turns Ready only once
//! that probe passes, by which time the sidecar has long been running.
//!
//! The serving container of a port: the container a named targetPort resolves to
//! (`pkg/api/v1/pod` `FindPort`); for a numeric targetPort, the container declaring that
//! containerPort, else the pod's only container. When that cannot be told (several containers,
//! none declaring the number), the finding is made only if no container of the pod has a
//! readinessProbe at all, and names the first container (kubectl's default container).
//!
//! One finding per workload (per pod for pods without a controller), naming every Service that
//! sends traffic to the unprobed containers; every such Service computes the same finding and
//! `diagnose` keeps it under the first one.

use super::Ctx;
use super::templates::{pod_count_phrase, template_selected, workload_label, workload_ref};
use crate::analysis::finding::{Code, Finding, ObjRef, Severity};
use crate::model::{Labels, Pod, Service, ServiceType, TargetPort, Workload};
use crate::simulate::{PortLookup, resolve_target_port};
use foldhash::{HashMap, HashMapExt};
use std::collections::BTreeMap;

const FIX: &str = "Add a readinessProbe (httpGet, tcpSocket or exec) to each container named, checking that it can serve the port.";

/// Pod templates (manifests) the Service selects whose serving containers lack a probe.
pub(super) fn check_template_probes(ctx: &Ctx<'_>, selected: &[&Workload]) -> Vec<Finding> {
    let mut out = Vec::new();
    // An operator's pods carry the operator's containers and probes: nothing the manifest's
    // author can add a probe to.
    for w in selected.iter().filter(|w| w.made_by.is_none()) {
        let services = selecting_services(ctx, |sel| template_selected(w, sel));
        let gap = gap(
            &w.template,
            &services,
            ctx.rules.slice_named_ports_on_sidecars,
        );
        if !gap.names(&ctx.svc.name) {
            continue;
        }
        // A Pod manifest is one pod: no replica count to give.
        let who = if w.kind.is_none() && w.kind_str() == "Pod" {
            workload_label(w)
        } else {
            format!("{} ({})", workload_label(w), pod_count_phrase(w))
        };
        let message = gap.message(&who, false);
        out.push(
            ctx.finding(Code::ReadinessProbeMissing, Severity::Warning, message, FIX)
                .with_objects(vec![workload_ref(w)])
                .with_subject(workload_ref(w))
                .with_details(gap.details()),
        );
    }
    out
}

/// Selected, unfinished pods whose serving containers lack a probe: one finding per controller,
/// and one for the pods without a controller.
pub(super) fn check_pod_probes(ctx: &Ctx<'_>) -> Vec<Finding> {
    let live = || ctx.selected.iter().filter(|p| !p.phase.is_terminal());
    // A pod whose every container has a probe has no gap (`gap` names only unprobed
    // containers), so most Services are done here without grouping their pods.
    if live().all(|p| fully_probed(p)) {
        return vec![];
    }
    let groups = by_controller(ctx, live());
    let sidecars = ctx.rules.slice_named_ports_on_sidecars;
    // Pods of one controller carry the same labels: look their Services up once per label set.
    let mut by_labels: HashMap<&Labels, Vec<&Service>> = HashMap::new();
    let mut out = Vec::new();
    for (owner, pods) in groups {
        // Pods of one controller share its template, up to a rollout: the first that lacks a
        // probe speaks for the group, and every such pod is listed.
        let mut lacking: Vec<&Pod> = Vec::new();
        let mut found: Option<Gap> = None;
        for pod in pods.iter().filter(|p| !fully_probed(p)) {
            let services = by_labels
                .entry(&pod.labels)
                .or_insert_with(|| services_for_labels(ctx, &pod.labels));
            let g = gap(pod, services, sidecars);
            if g.names(&ctx.svc.name) {
                lacking.push(pod);
                found.get_or_insert(g);
            }
        }
        let Some(gap) = found else { continue };
        let label = match (&owner, lacking.as_slice()) {
            (None, [one]) => format!("pod {}", one.name),
            (None, many) => {
                let names: Vec<&str> = many.iter().map(|p| p.name.as_str()).collect();
                format!("the pods {} (no controller)", and_list(&names))
            }
            (Some(o), _) => format!(
                "the {} of {} {}",
                super::plural(pods.len(), "pod", "pods"),
                o.kind,
                o.name
            ),
        };
        let subject = owner.or_else(|| match lacking.as_slice() {
            [one] => Some(ctx.pod_ref(&one.name)),
            _ => None,
        });
        let mut finding = ctx
            .finding(
                Code::ReadinessProbeMissing,
                Severity::Warning,
                gap.message(&label, true),
                FIX,
            )
            .with_objects(lacking.iter().map(|p| ctx.pod_ref(&p.name)).collect())
            .with_details(gap.details());
        finding.subject = subject;
        out.push(finding);
    }
    out
}

/// Every container, sidecars included, has a readinessProbe.
fn fully_probed(pod: &Pod) -> bool {
    pod.containers
        .iter()
        .chain(pod.sidecars())
        .all(|c| c.has_readiness_probe)
}

/// An owner reference's kind and name, borrowed from the pod.
type OwnerName<'a> = (&'a str, &'a str);

/// Pods by workload ([`controller_of`]), workloads in order, pods in the order given; the
/// workload of each distinct owner reference is looked up once (a Service's pods share a few).
fn by_controller<'p>(
    ctx: &Ctx<'_>,
    pods: impl Iterator<Item = &'p &'p Pod>,
) -> Vec<(Option<ObjRef>, Vec<&'p Pod>)> {
    let mut groups: Vec<(Option<ObjRef>, Vec<&Pod>)> = Vec::new();
    let mut by_top: BTreeMap<Option<ObjRef>, usize> = BTreeMap::new();
    // (namespace, owner reference's kind and name) -> group.
    let mut by_owner: HashMap<(&str, Option<OwnerName<'_>>), usize> = HashMap::new();
    for &pod in pods {
        let owner = pod.owner.as_ref().map(|(k, n)| (k.as_str(), n.as_str()));
        let i = *by_owner
            .entry((pod.namespace.as_str(), owner))
            .or_insert_with(|| {
                *by_top
                    .entry(controller_of(ctx, pod))
                    .or_insert_with_key(|top| {
                        groups.push((top.clone(), Vec::new()));
                        groups.len() - 1
                    })
            });
        groups[i].1.push(pod);
    }
    groups.sort_by(|a, b| a.0.cmp(&b.0));
    groups
}

/// The workload a pod belongs to: its controller, or the controller's own controller when the
/// input holds it (a ReplicaSet's Deployment); `None` without one.
fn controller_of(ctx: &Ctx<'_>, pod: &Pod) -> Option<ObjRef> {
    let (kind, name) = pod.owner.as_ref()?;
    let top = ctx
        .look
        .cluster
        .workloads
        .iter()
        .find(|w| w.namespace == pod.namespace && w.kind_str() == kind && w.name == *name)
        .and_then(|w| w.owner.clone());
    let (kind, name) = top.unwrap_or_else(|| (kind.to_string(), name.to_string()));
    Some(ObjRef::namespaced(&kind, &pod.namespace, &name))
}

/// Services of the namespace (by name) that would send traffic to pods like this one.
fn selecting_services<'a>(ctx: &Ctx<'a>, selects: impl Fn(&Labels) -> bool) -> Vec<&'a Service> {
    let out: Vec<&Service> = ctx
        .look
        .services_in(&ctx.svc.namespace)
        .iter()
        .copied()
        .filter(|s| s.service_type() != ServiceType::ExternalName)
        .filter(|s| s.selector.as_ref().is_some_and(&selects))
        .collect();
    by_name(out)
}

/// Services sorted by name, the first of each name kept (a name defined twice in the input).
fn by_name(mut services: Vec<&Service>) -> Vec<&Service> {
    services.sort_by(|a, b| a.name.cmp(&b.name));
    services.dedup_by(|a, b| a.name == b.name);
    services
}

/// [`selecting_services`] for a pod's labels, from the Services' selector index.
fn services_for_labels<'a>(ctx: &Ctx<'a>, labels: &Labels) -> Vec<&'a Service> {
    let mut out = ctx.look.services_selecting(&ctx.svc.namespace, labels);
    out.retain(|s| s.service_type() != ServiceType::ExternalName);
    by_name(out)
}

/// Which unprobed containers serve which Services' ports, for one pod (or template).
#[derive(Debug, Default, PartialEq)]
struct Gap {
    /// Container -> `(Service, port)` it serves without a probe.
    unprobed: BTreeMap<String, Vec<(String, String)>>,
    /// Containers that do have a readinessProbe (the pod's readiness hangs on them).
    probed: Vec<String>,
}

fn gap(pod: &Pod, services: &[&Service], search_sidecars: bool) -> Gap {
    let all: Vec<_> = pod.containers.iter().chain(pod.sidecars()).collect();
    let probed: Vec<String> = all
        .iter()
        .filter(|c| c.has_readiness_probe)
        .map(|c| c.name.to_string())
        .collect();
    let app_probed = pod.containers.iter().any(|c| c.has_readiness_probe);
    let mut unprobed: BTreeMap<String, Vec<(String, String)>> = BTreeMap::new();
    for svc in services {
        for sp in &svc.ports {
            let serving: Vec<&str> = match resolve_target_port(pod, sp, search_sidecars) {
                PortLookup::Named { container, .. } => all
                    .iter()
                    .filter(|c| c.name == container)
                    .map(|c| c.name.as_str())
                    .collect(),
                PortLookup::Number { port, .. } => {
                    let declaring: Vec<&str> = all
                        .iter()
                        .filter(|c| {
                            c.ports
                                .iter()
                                .any(|p| p.port == port && p.protocol == sp.protocol)
                        })
                        .map(|c| c.name.as_str())
                        .take(1)
                        .collect();
                    match (declaring.is_empty(), all.as_slice()) {
                        (false, _) => declaring,
                        (true, [only]) => vec![only.name.as_str()],
                        // Unknown server: only a pod without any probe is sure to be early; name
                        // its first container, the one kubectl treats as the main one.
                        (true, _) if probed.is_empty() => pod
                            .containers
                            .iter()
                            .map(|c| c.name.as_str())
                            .take(1)
                            .collect(),
                        (true, _) => vec![],
                    }
                }
                PortLookup::Unresolved { .. } => vec![],
            };
            for name in serving {
                let sidecar = pod.sidecars().iter().any(|c| c.name == name);
                if probed.iter().any(|p| p == name) || (sidecar && app_probed) {
                    continue;
                }
                let entry = unprobed.entry(name.to_string()).or_default();
                let item = (svc.name.clone(), port_text(sp));
                if !entry.contains(&item) {
                    entry.push(item);
                }
            }
        }
    }
    Gap { unprobed, probed }
}

impl Gap {
    /// Whether the Service `name` sends traffic to an unprobed container.
    fn names(&self, name: &str) -> bool {
        self.unprobed.values().flatten().any(|(s, _)| s == name)
    }

    fn services(&self) -> Vec<&str> {
        let mut all: Vec<&str> = self
            .unprobed
            .values()
            .flatten()
            .map(|(s, _)| s.as_str())
            .collect();
        all.sort_unstable();
        all.dedup();
        all
    }

    /// One sentence: which containers of `whose` serve which Services without a probe, and what
    /// follows (`live`: pods that exist; else pods a template would make).
    fn message(&self, whose: &str, live: bool) -> String {
        let containers: Vec<&str> = self.unprobed.keys().map(String::as_str).collect();
        let services = self.services();
        let (s, serve) = if containers.len() == 1 {
            ("", "serves")
        } else {
            ("s", "serve")
        };
        let svc_list = format!(
            "Service{} {}",
            if services.len() == 1 { "" } else { "s" },
            and_list(&services)
        );
        let one_pod = whose.starts_with("pod ") || whose.starts_with("the 1 pod ");
        let (pods, count, they, get) = match (live, one_pod) {
            (true, true) => ("the pod", "counts", "it", "gets"),
            (true, false) => ("the pods", "count", "they", "get"),
            (false, _) => ("its pods", "would count", "they", "would get"),
        };
        let then = if self.probed.is_empty() {
            format!(
                "{pods} {count} as ready as soon as {}, so {they} {get} traffic before the application can answer it",
                if containers.len() == 1 {
                    "the container starts"
                } else {
                    "the containers start"
                },
            )
        } else {
            format!(
                "readiness hangs only on the readinessProbe of {} {}, which says nothing about whether {} can serve",
                if self.probed.len() == 1 {
                    "container"
                } else {
                    "containers"
                },
                and_list(&self.probed.iter().map(String::as_str).collect::<Vec<_>>()),
                and_list(&containers)
            )
        };
        format!(
            "Container{s} {} of {whose} {serve} {svc_list} without a readinessProbe: {then}.",
            and_list(&containers)
        )
    }

    /// `container web: Service web port http (80/TCP), Service web-canary port 80/TCP`.
    fn details(&self) -> Vec<String> {
        self.unprobed
            .iter()
            .map(|(c, ports)| {
                let ports: Vec<String> = ports
                    .iter()
                    .map(|(svc, port)| format!("Service {svc} port {port}"))
                    .collect();
                format!("container {c}: {}", ports.join(", "))
            })
            .collect()
    }
}

fn port_text(sp: &crate::model::ServicePort) -> String {
    let target = match &sp.target_port {
        TargetPort::Number(n) if *n == sp.port => String::new(),
        t => format!(" -> {t}"),
    };
    if sp.name.is_empty() {
        format!("{}/{}{target}", sp.port, sp.protocol.as_str())
    } else {
        format!("{} ({}/{}){target}", sp.name, sp.port, sp.protocol.as_str())
    }
}

fn and_list(items: &[&str]) -> String {
    match items {
        [] => String::new(),
        [one] => (*one).to_string(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Container, ContainerPort, Protocol, ServicePort};
    use crate::testing::labels;

    fn container(name: &str, ports: &[(&str, i32)], probe: bool) -> Container {
        Container {
            name: name.into(),
            ports: ports
                .iter()
                .map(|(n, p)| ContainerPort {
                    name: (!n.is_empty()).then(|| (*n).into()),
                    port: *p,
                    protocol: Protocol::Tcp,
                })
                .collect(),
            has_readiness_probe: probe,
            ready: None,
            state: None,
        }
    }

    fn service(name: &str, port: i32, target: TargetPort) -> Service {
        Service {
            namespace: "d".into(),
            name: name.into(),
            selector: Some(labels(&[("app", "x")])),
            ports: vec![ServicePort {
                name: String::new(),
                protocol: Protocol::Tcp,
                port,
                target_port: target,
                node_port: None,
                app_protocol: None,
            }],
            ..Service::default()
        }
    }

    fn pod(containers: Vec<Container>) -> Pod {
        Pod {
            containers,
            ..Pod::default()
        }
    }

    #[test]
    fn an_unprobed_sidecar_does_not_count() {
        let p = pod(vec![
            container("loki", &[("http-metrics", 3100)], true),
            container("rules-sidecar", &[], false),
        ]);
        let svc = service("loki", 3100, TargetPort::Name("http-metrics".into()));
        assert_eq!(gap(&p, &[&svc], true).unprobed, BTreeMap::new());
    }

    #[test]
    fn the_serving_container_without_a_probe_counts_and_says_what_readiness_hangs_on() {
        let p = pod(vec![
            container("mysql", &[("mysql", 3306)], true),
            container("xtrabackup", &[("xtrabackup", 3307)], false),
        ]);
        let svc = service("backup", 3307, TargetPort::Number(3307));
        let g = gap(&p, &[&svc], true);
        assert_eq!(
            g.message("StatefulSet mysql", false),
            "Container xtrabackup of StatefulSet mysql serves Service backup without a readinessProbe: readiness hangs only on the readinessProbe of container mysql, which says nothing about whether xtrabackup can serve."
        );
        assert_eq!(
            g.details(),
            ["container xtrabackup: Service backup port 3307/TCP"]
        );
    }

    #[test]
    fn a_sidecar_serving_a_port_is_covered_by_the_app_containers_probe() {
        let mut p = pod(vec![container("nginx", &[("http", 8080)], true)]);
        p.extras_mut().sidecars = vec![container("exporter", &[("metrics", 9113)], false)];
        let svc = service("web", 9113, TargetPort::Name("metrics".into()));
        assert!(gap(&p, &[&svc], true).unprobed.is_empty());
        p.containers[0].has_readiness_probe = false;
        assert_eq!(
            gap(&p, &[&svc], true).unprobed.keys().collect::<Vec<_>>(),
            ["exporter"]
        );
    }

    #[test]
    fn an_undeclared_number_blames_the_only_container_or_a_pod_without_probes() {
        let svc = service("web", 80, TargetPort::Number(8080));
        let one = pod(vec![container("web", &[], false)]);
        assert_eq!(gap(&one, &[&svc], true).unprobed.len(), 1);
        let two_probed = pod(vec![
            container("web", &[], false),
            container("proxy", &[], true),
        ]);
        assert!(gap(&two_probed, &[&svc], true).unprobed.is_empty());
        let two_bare = pod(vec![
            container("web", &[], false),
            container("log", &[], false),
        ]);
        let g = gap(&two_bare, &[&svc], true);
        assert_eq!(g.unprobed.keys().collect::<Vec<_>>(), ["web"]);
        assert_eq!(
            g.message("Deployment web", true),
            "Container web of Deployment web serves Service web without a readinessProbe: the pods count as ready as soon as the container starts, so they get traffic before the application can answer it."
        );
        let other = service("api", 81, TargetPort::Number(81));
        let mut both = gap(&one, &[&svc, &other], true);
        both.unprobed
            .insert("sidecar".into(), vec![("web".into(), "x".into())]);
        assert_eq!(
            both.message("the 2 pods of ReplicaSet web-1", true),
            "Containers sidecar and web of the 2 pods of ReplicaSet web-1 serve Services api and web without a readinessProbe: the pods count as ready as soon as the containers start, so they get traffic before the application can answer it."
        );
    }
}
