//! Builds the [`Graph`] of one Service from what `explain` and `diagnose` already found: the
//! explanation gives pods, ports and slices, the findings give the codes that label arrows
//! carrying no traffic and the why-not of each pod.
//!
//! An arrow carries no traffic when (kube-proxy reads only ready endpoints of slices with ports,
//! `pkg/proxy/endpointslicecache.go`; docs/endpointslice-semantics.md): the endpoint is not ready
//! or terminating, the targetPort does not resolve on the pod, the slice has no ports, a
//! NetworkPolicy isolating the pod allows no ingress on the port, the pod is left out of every
//! slice, or a router names a port the Service does not have.

use super::explanation::{Explanation, PodReason, PodRow};
use super::finding::{Code, Finding, Severity};
use super::graph::{Edge, Graph, Health, PortLine, Vertex, VertexKind};
use crate::model::full_selector_matches;
use crate::model::{
    BackendSite, Cluster, Endpoint, EndpointSlice, PortRef, Service, ServicePort, ServiceType,
    TargetPort,
};

/// Knobs of the picture.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct GraphOptions {
    /// Pods that get all their traffic are drawn one by one up to this many per Service; the
    /// rest become one "N more ready pods" box, so a 500-pod Deployment stays readable.
    pub max_healthy_pods: usize,
}

impl Default for GraphOptions {
    fn default() -> Self {
        GraphOptions {
            max_healthy_pods: 12,
        }
    }
}

/// The graph of `ex.service` (which must be in `cluster`), with `findings` being that
/// Service's findings from `diagnose`.
pub fn service_graph(
    cluster: &Cluster,
    ex: &Explanation,
    findings: &[Finding],
    opts: &GraphOptions,
) -> Graph {
    let svc = &ex.service;
    let mut b = Builder {
        svc,
        findings,
        g: Graph {
            title: format!("{}/{}", svc.namespace, svc.name),
            ..Graph::default()
        },
        svc_id: format!("service/{}/{}", svc.namespace, svc.name),
    };
    b.service_vertex();
    b.routers(cluster);
    b.ports();
    if svc.service_type() == ServiceType::ExternalName {
        b.external_name();
        return b.g;
    }
    let shown = shown_pods(ex, findings, opts);
    b.slices(cluster, ex, &shown);
    b.pods(cluster, ex, &shown);
    b.folded(cluster, ex, &shown);
    b.missing();
    b.g.vertices.sort_by_key(|v| v.kind.rank());
    b.g
}

/// Which pod rows get their own box: every pod with a problem (or named by a finding), and
/// healthy ones up to the limit.
fn shown_pods(ex: &Explanation, findings: &[Finding], opts: &GraphOptions) -> Vec<bool> {
    let named: std::collections::HashSet<&str> = findings
        .iter()
        .flat_map(|f| &f.objects)
        .filter(|o| o.kind == "Pod")
        .map(|o| o.name.as_str())
        .collect();
    let mut healthy = 0;
    ex.pods
        .iter()
        .map(|p| {
            let fine = p.receives_traffic
                && p.unresolved_ports.is_empty()
                && (p.in_current_slices || !ex.endpoint_slices_known)
                && !named.contains(p.name.as_str());
            if fine {
                healthy += 1;
                healthy <= opts.max_healthy_pods
            } else {
                true
            }
        })
        .collect()
}

struct Builder<'a> {
    svc: &'a Service,
    findings: &'a [Finding],
    g: Graph,
    svc_id: String,
}

impl Builder<'_> {
    fn has(&self, code: Code) -> bool {
        self.findings.iter().any(|f| f.code == code)
    }

    /// The detail line a finding of `code` gives for `name` (`name: why`), without the name.
    fn detail(&self, code: Code, name: &str) -> Option<&str> {
        let prefix = format!("{name}: ");
        self.findings
            .iter()
            .filter(|f| f.code == code)
            .flat_map(|f| &f.details)
            .find_map(|d| d.strip_prefix(&prefix))
    }

    fn edge(
        &mut self,
        from: &str,
        to: &str,
        label: String,
        port: Option<usize>,
        blocked: Option<Code>,
    ) {
        self.g.edges.push(Edge {
            from: from.to_string(),
            to: to.to_string(),
            label,
            port,
            blocked,
        });
    }

    fn service_vertex(&mut self) {
        let svc = self.svc;
        let mut kind = svc.service_type().to_string();
        if svc.is_headless() {
            kind.push_str(" (headless)");
        }
        let mut lines = vec![kind];
        lines.push(match &svc.selector {
            Some(sel) => format!("selector {}", labels_text(sel)),
            None => "no selector".to_string(),
        });
        let health = match self.findings.iter().map(|f| f.severity).max() {
            Some(Severity::Error) => Health::Broken,
            Some(Severity::Warning) => Health::Degraded,
            _ => Health::Ok,
        };
        self.g.vertices.push(Vertex {
            id: self.svc_id.clone(),
            kind: VertexKind::Service,
            title: format!("Service {}/{}", svc.namespace, svc.name),
            lines,
            health,
            zone: None,
            policies: vec![],
        });
    }

    /// Ingresses and routes sending to this Service, one arrow per backend reference.
    fn routers(&mut self, cluster: &Cluster) {
        let svc = self.svc;
        for r in &cluster.routers {
            let refs: Vec<_> = r
                .backends
                .iter()
                .filter(|b| b.namespace == svc.namespace && b.service == svc.name)
                .collect();
            if refs.is_empty() {
                continue;
            }
            let id = format!("{}/{}/{}", r.kind.to_lowercase(), r.namespace, r.name);
            let mut broken = false;
            for b in refs {
                let (port_text, found) = match &b.port {
                    PortRef::Number(n) => {
                        (format!("port {n}"), svc.ports.iter().any(|p| p.port == *n))
                    }
                    PortRef::Name(n) => {
                        (format!("port {n}"), svc.ports.iter().any(|p| &p.name == n))
                    }
                    PortRef::Unset => ("no port".to_string(), false),
                };
                let code = if r.kind == "Ingress" {
                    Code::IngressBackendMissing
                } else {
                    Code::RouteBackendMissing
                };
                broken |= !found;
                let label = format!("{} → {port_text}", serves(&b.site));
                self.edge(
                    &id,
                    &self.svc_id.clone(),
                    label,
                    None,
                    (!found).then_some(code),
                );
            }
            if self.g.vertex(&id).is_none() {
                self.g.vertices.push(Vertex {
                    id,
                    kind: VertexKind::Router,
                    title: format!("{} {}/{}", r.kind, r.namespace, r.name),
                    lines: vec![],
                    health: if broken { Health::Broken } else { Health::Ok },
                    zone: None,
                    policies: vec![],
                });
            }
        }
    }

    fn ports(&mut self) {
        for p in &self.svc.ports {
            self.g.ports.push(PortLine {
                service: self.svc_id.clone(),
                label: port_text(p),
            });
        }
        let lines: Vec<String> = self.g.ports.iter().map(|p| p.label.clone()).collect();
        if let Some(v) = self.g.vertices.iter_mut().find(|v| v.id == self.svc_id) {
            v.lines.extend(lines);
        }
    }

    fn external_name(&mut self) {
        let name = self.svc.external_name.clone().unwrap_or_default();
        let id = format!("address/{}/{}/cname", self.svc.namespace, self.svc.name);
        self.g.vertices.push(Vertex {
            id: id.clone(),
            kind: VertexKind::Address,
            title: format!("DNS {name}"),
            lines: vec!["CNAME; no proxying, no endpoints".to_string()],
            health: Health::Ok,
            zone: None,
            policies: vec![],
        });
        self.edge(&self.svc_id.clone(), &id, String::new(), None, None);
    }

    fn slices(&mut self, cluster: &Cluster, ex: &Explanation, shown: &[bool]) {
        let svc = self.svc;
        for s in &ex.endpoint_slices {
            let id = slice_id(s);
            let ports: Vec<String> = s
                .ports
                .iter()
                .map(|p| {
                    format!(
                        "{}{}/{}",
                        p.name
                            .as_deref()
                            .filter(|n| !n.is_empty())
                            .map(|n| format!("{n} "))
                            .unwrap_or_default(),
                        p.port.map_or("?".to_string(), |n| n.to_string()),
                        p.protocol.as_str()
                    )
                })
                .collect();
            let no_ports = s.ports.is_empty() && !s.endpoints.is_empty();
            let mut lines = vec![format!(
                "{} · {}",
                s.address_type
                    .as_ref()
                    .map_or("no addressType", |a| a.as_str()),
                s.managed_by().unwrap_or("hand-made (no managed-by)")
            )];
            lines.push(format!(
                "{} endpoint{}, {}",
                s.endpoints.len(),
                if s.endpoints.len() == 1 { "" } else { "s" },
                if ports.is_empty() {
                    "no ports".to_string()
                } else {
                    format!("ports {}", ports.join(", "))
                }
            ));
            let stale = self.has(Code::SliceStale)
                && self.findings.iter().any(|f| {
                    f.code == Code::SliceStale
                        && f.objects
                            .iter()
                            .any(|o| o.kind == "EndpointSlice" && o.name == s.name)
                });
            if stale {
                lines.push("stale (slice-stale)".to_string());
            }
            self.g.vertices.push(Vertex {
                id: id.clone(),
                kind: VertexKind::Slice,
                title: format!("EndpointSlice {}", s.name),
                lines,
                health: if no_ports {
                    Health::Broken
                } else if stale {
                    Health::Degraded
                } else {
                    Health::Ok
                },
                zone: None,
                policies: vec![],
            });
            self.edge(
                &self.svc_id.clone(),
                &id,
                String::new(),
                None,
                no_ports.then_some(Code::SliceWithoutPorts),
            );
            for e in &s.endpoints {
                match pod_of(ex, e) {
                    Some(i) if shown[i] => self.slice_to_pod(s, e, &ex.pods[i], ex, no_ports),
                    Some(_) => {}
                    None => self.address(cluster, s, e, no_ports),
                }
            }
        }
        let _ = svc;
    }

    /// Arrows from a slice to a selected pod it lists: one per Service port, or one when the
    /// endpoint gets nothing at all.
    fn slice_to_pod(
        &mut self,
        s: &EndpointSlice,
        e: &Endpoint,
        row: &PodRow,
        ex: &Explanation,
        no_ports: bool,
    ) {
        let from = slice_id(s);
        let to = pod_id(&self.svc.namespace, &row.name);
        if no_ports {
            self.edge(
                &from,
                &to,
                String::new(),
                None,
                Some(Code::SliceWithoutPorts),
            );
            return;
        }
        if !e.conditions.is_ready() {
            let code = if e.conditions.is_terminating() {
                Code::TerminatingEndpoints
            } else if self.has(Code::PodsNotReady) {
                Code::PodsNotReady
            } else {
                Code::NoReadyEndpoints
            };
            self.edge(
                &from,
                &to,
                "endpoint not ready".to_string(),
                None,
                Some(code),
            );
            return;
        }
        for (i, p) in self.svc.ports.iter().enumerate() {
            let number = resolved_on(ex, i, &row.name);
            let label = mapping(p, number);
            let blocked = match number {
                None => Some(Code::NamedTargetPortUnresolved),
                Some(n) if self.policy_blocks(&row.name, n, p) => {
                    Some(Code::NetworkPolicyBlocksTargetPort)
                }
                Some(_) => None,
            };
            self.edge(&from, &to, label, Some(i), blocked);
        }
    }

    /// Whether `network-policy-blocks-target-port` names this pod and this resolved port.
    fn policy_blocks(&self, pod: &str, number: i32, p: &ServicePort) -> bool {
        match self.detail(Code::NetworkPolicyBlocksTargetPort, pod) {
            Some(d) => d.contains(&format!("{number}/{}", p.protocol.as_str())),
            None => false,
        }
    }

    /// An endpoint that is no selected pod: a hand-made address, a mirrored one, or a pod that
    /// no longer exists (the slice is stale).
    fn address(&mut self, cluster: &Cluster, s: &EndpointSlice, e: &Endpoint, no_ports: bool) {
        let ns = &self.svc.namespace;
        let addr = e
            .addresses
            .first()
            .cloned()
            .unwrap_or_else(|| "(no address)".into());
        let id = format!("address/{ns}/{}/{addr}", s.name);
        let target = e.target_ref.as_ref().filter(|r| r.kind == "Pod");
        let gone = target.is_some_and(|r| {
            !cluster
                .pods
                .iter()
                .any(|p| p.namespace == r.namespace && p.name == r.name)
        });
        let ready = e.conditions.is_ready();
        let mut lines = vec![];
        if let Some(r) = target {
            lines.push(format!(
                "pod {}{}",
                r.name,
                if gone { " (no longer exists)" } else { "" }
            ));
        }
        if let Some(h) = &e.hostname {
            lines.push(format!("hostname {h}"));
        }
        lines.push(if e.conditions.is_terminating() {
            "terminating".to_string()
        } else if ready {
            "ready".to_string()
        } else {
            "not ready".to_string()
        });
        let blocked = if no_ports {
            Some(Code::SliceWithoutPorts)
        } else if gone {
            Some(Code::SliceStale)
        } else if !ready {
            Some(if e.conditions.is_terminating() {
                Code::TerminatingEndpoints
            } else {
                Code::NoReadyEndpoints
            })
        } else {
            None
        };
        self.g.vertices.push(Vertex {
            id: id.clone(),
            kind: VertexKind::Address,
            title: addr.to_string(),
            lines,
            health: if blocked.is_some() {
                Health::Broken
            } else {
                Health::Ok
            },
            zone: None,
            policies: vec![],
        });
        let from = slice_id(s);
        if blocked.is_some() {
            self.edge(&from, &id, String::new(), None, blocked);
        } else {
            for (i, p) in self.svc.ports.iter().enumerate() {
                // Hand-made slices name their ports after the Service ports; the number is
                // whatever the slice says (`pkg/proxy/endpointslicecache.go` matches by name).
                let number = s
                    .ports
                    .iter()
                    .find(|sp| sp.name.as_deref().unwrap_or("") == p.name)
                    .and_then(|sp| sp.port);
                self.edge(
                    &from,
                    &id,
                    mapping(p, number),
                    Some(i),
                    number.is_none().then_some(Code::SliceWithoutPorts),
                );
            }
        }
        if let Some(node) = &e.node_name {
            self.node(cluster, node, e.zone.as_deref());
            self.edge(&id, &format!("node/{node}"), String::new(), None, None);
        }
    }

    fn pods(&mut self, cluster: &Cluster, ex: &Explanation, shown: &[bool]) {
        let ns = self.svc.namespace.clone();
        for (row, _) in ex.pods.iter().zip(shown).filter(|(_, s)| **s) {
            let id = pod_id(&ns, &row.name);
            let (mut state, mut health) = self.pod_state(row);
            if !row.in_current_slices && ex.endpoint_slices_known && health == Health::Ok {
                // The controller would list it, the slices do not: it gets nothing yet.
                state = "✗ ready, but in no EndpointSlice".to_string();
                health = Health::Broken;
            }
            let mut lines = vec![
                row.ips
                    .first()
                    .cloned()
                    .unwrap_or_else(|| "no IP".to_string()),
            ];
            lines.push(state);
            if let Some(d) = self.detail(Code::NetworkPolicyBlocksTargetPort, &row.name) {
                lines.push(format!("✗ {d}"));
                health = health.max(Health::Degraded);
            }
            let policies = isolating_policies(cluster, &ns, &row.name);
            self.g.vertices.push(Vertex {
                id: id.clone(),
                kind: VertexKind::Pod,
                title: format!("Pod {}", row.name),
                lines,
                health,
                zone: None,
                policies,
            });
            if !row.in_current_slices && ex.endpoint_slices_known {
                let code = if matches!(
                    row.reason,
                    Some(
                        PodReason::TerminalPhase
                            | PodReason::NoIp
                            | PodReason::NodeMissing
                            | PodReason::FamilyMismatch
                    )
                ) {
                    Code::PodsExcluded
                } else {
                    Code::SliceStale
                };
                self.edge(
                    &self.svc_id.clone(),
                    &id,
                    "in no EndpointSlice".to_string(),
                    None,
                    Some(code),
                );
            }
            if let Some(node) = &row.node {
                self.node(cluster, node, row.zone.as_deref());
                self.edge(&id, &format!("node/{node}"), String::new(), None, None);
            }
        }
    }

    /// `ready`, `not ready: <why>`, ... and how the pod is doing.
    fn pod_state(&self, row: &PodRow) -> (String, Health) {
        let why = |code: Code| {
            self.detail(code, &row.name)
                .map(|d| format!(": {d}"))
                .unwrap_or_default()
        };
        match row.reason {
            None if row.unresolved_ports.is_empty() => ("✓ ready".to_string(), Health::Ok),
            None => (
                format!(
                    "! ready; port {} unresolved",
                    row.unresolved_ports.join(", ")
                ),
                Health::Degraded,
            ),
            Some(PodReason::NotReady) => (
                format!("✗ not ready{}", why(Code::PodsNotReady)),
                Health::Broken,
            ),
            Some(PodReason::Terminating) => ("✗ terminating".to_string(), Health::Broken),
            Some(PodReason::PortUnresolved) => (
                format!("✗ no port resolves ({})", row.unresolved_ports.join(", ")),
                Health::Broken,
            ),
            Some(r) => (
                format!("✗ excluded: {}{}", r.as_str(), why(Code::PodsExcluded)),
                Health::Broken,
            ),
        }
    }

    /// Healthy pods beyond the limit: one box, one arrow from each slice that lists them and
    /// one to each Node they run on (so the spread over zones stays visible).
    fn folded(&mut self, cluster: &Cluster, ex: &Explanation, shown: &[bool]) {
        let hidden: Vec<&PodRow> = ex
            .pods
            .iter()
            .zip(shown)
            .filter(|(_, s)| !**s)
            .map(|(p, _)| p)
            .collect();
        if hidden.is_empty() {
            return;
        }
        let id = format!("pod/{}/{}/more", self.svc.namespace, self.svc.name);
        let title = if hidden.len() == ex.pods.len() {
            format!("{} ready pods", hidden.len())
        } else {
            format!("{} more ready pods", hidden.len())
        };
        self.g.vertices.push(Vertex {
            id: id.clone(),
            kind: VertexKind::Pod,
            title,
            lines: vec!["✓ every port resolves".to_string()],
            health: Health::Ok,
            zone: None,
            policies: vec![],
        });
        for s in &ex.endpoint_slices {
            if s.endpoints
                .iter()
                .any(|e| pod_of(ex, e).is_some_and(|i| !shown[i]))
            {
                self.edge(&slice_id(s), &id, String::new(), None, None);
            }
        }
        let mut nodes: Vec<(&str, Option<&str>)> = hidden
            .iter()
            .filter_map(|p| Some((p.node.as_deref()?, p.zone.as_deref())))
            .collect();
        nodes.sort_unstable();
        nodes.dedup_by_key(|(n, _)| *n);
        for (node, zone) in nodes {
            self.node(cluster, node, zone);
            self.edge(&id, &format!("node/{node}"), String::new(), None, None);
        }
    }

    /// Placeholders for what should exist and does not.
    fn missing(&mut self) {
        let ns = &self.svc.namespace;
        let cases = [
            (Code::SelectorMatchesNoPods, "no pod matches the selector"),
            (Code::ServiceWithoutSelectorNoEndpoints, "no endpoints"),
        ];
        for (code, title) in cases {
            if !self.has(code) {
                continue;
            }
            let id = format!("missing/{ns}/{}/{}", self.svc.name, code.as_str());
            self.g.vertices.push(Vertex {
                id: id.clone(),
                kind: VertexKind::Missing,
                title: title.to_string(),
                lines: vec![],
                health: Health::Broken,
                zone: None,
                policies: vec![],
            });
            self.edge(&self.svc_id.clone(), &id, String::new(), None, Some(code));
        }
    }

    fn node(&mut self, cluster: &Cluster, name: &str, zone: Option<&str>) {
        let id = format!("node/{name}");
        if self.g.vertex(&id).is_some() {
            return;
        }
        let node = cluster.node(name);
        let zone = node.and_then(|n| n.zone()).or(zone).map(str::to_string);
        let (state, health) = match node {
            None if cluster.nodes_known => ("✗ does not exist".to_string(), Health::Broken),
            None => ("not read".to_string(), Health::Ok),
            Some(n) if n.ready == Some(false) => ("✗ not ready".to_string(), Health::Broken),
            Some(_) => ("✓ ready".to_string(), Health::Ok),
        };
        self.g.vertices.push(Vertex {
            id,
            kind: VertexKind::Node,
            title: format!("Node {name}"),
            lines: vec![state],
            health,
            zone,
            policies: vec![],
        });
    }
}

fn slice_id(s: &EndpointSlice) -> String {
    format!("slice/{}/{}", s.namespace, s.name)
}

fn pod_id(ns: &str, name: &str) -> String {
    format!("pod/{ns}/{name}")
}

/// The selected pod an endpoint stands for: by targetRef, else by address.
fn pod_of(ex: &Explanation, e: &Endpoint) -> Option<usize> {
    match &e.target_ref {
        Some(r) if r.kind == "Pod" => ex
            .pods
            .iter()
            .position(|p| p.name == r.name && r.namespace == ex.service.namespace),
        Some(_) => None,
        None => ex
            .pods
            .iter()
            .position(|p| e.addresses.iter().any(|a| p.ips.iter().any(|i| i == a))),
    }
}

/// The number Service port `i` resolves to on `pod`, if it does.
fn resolved_on(ex: &Explanation, i: usize, pod: &str) -> Option<i32> {
    ex.ports
        .get(i)?
        .resolutions
        .iter()
        .find(|r| r.pods.iter().any(|p| p == pod))?
        .target_port_number
}

/// `port 80 → targetPort http → 8080`; `port 80 → targetPort 8080`; `✗` when unresolved.
fn mapping(p: &ServicePort, number: Option<i32>) -> String {
    let end = number.map_or("✗".to_string(), |n| n.to_string());
    match &p.target_port {
        TargetPort::Name(name) => format!("port {} → targetPort {name} → {end}", p.port),
        TargetPort::Number(_) => format!("port {} → targetPort {end}", p.port),
    }
}

/// `http 80/TCP → targetPort http (nodePort 30080)`.
fn port_text(p: &ServicePort) -> String {
    let name = if p.name.is_empty() {
        String::new()
    } else {
        format!("{} ", p.name)
    };
    let node = p
        .node_port
        .map(|n| format!(" (nodePort {n})"))
        .unwrap_or_default();
    format!(
        "{name}{}/{} → targetPort {}{node}",
        p.port,
        p.protocol.as_str(),
        p.target_port
    )
}

/// Which requests a backend serves: `host/path` of an Ingress rule (`*`: any host, per the
/// Ingress API reference, IngressRule.host), `(default backend)`, or a route rule's first path
/// match (`/` when it has none: every path, Gateway API HTTPRouteRule.matches).
fn serves(site: &BackendSite) -> String {
    match site {
        BackendSite::DefaultBackend => "(default backend)".to_string(),
        BackendSite::IngressPath { host, value, .. } => format!(
            "{}{}",
            host.as_deref().unwrap_or("*"),
            value.as_deref().unwrap_or("/")
        ),
        BackendSite::RouteRule { rule, name, path } => format!(
            "rule {}{}",
            name.clone().unwrap_or_else(|| rule.to_string()),
            path.as_deref().map(|p| format!(" {p}")).unwrap_or_default()
        ),
    }
}

fn labels_text(l: &crate::model::Labels) -> String {
    l.iter()
        .map(|(k, v)| format!("{k}={v}"))
        .collect::<Vec<_>>()
        .join(",")
}

/// NetworkPolicies of the namespace that select the pod for ingress (it is isolated: only what
/// their rules allow gets in; <https://kubernetes.io/docs/concepts/services-networking/network-policies/>).
fn isolating_policies(cluster: &Cluster, ns: &str, pod: &str) -> Vec<String> {
    if !cluster.network_policies.iter().any(|p| p.namespace == ns) {
        return vec![];
    }
    let Some(pod) = cluster
        .pods
        .iter()
        .find(|p| p.namespace == ns && p.name == pod)
    else {
        return vec![];
    };
    let mut names: Vec<String> = cluster
        .network_policies
        .iter()
        .filter(|p| p.namespace == ns && p.affects_ingress)
        .filter(|p| {
            p.pod_selector_full
                .as_ref()
                .is_some_and(|s| full_selector_matches(s, &pod.labels))
        })
        .map(|p| p.name.clone())
        .collect();
    names.sort();
    names
}
