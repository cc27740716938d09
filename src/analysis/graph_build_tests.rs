//! Unit tests of `graph_build`: each builds a small cluster, explains and diagnoses it for real,
//! and checks the arrows and boxes that come out.

use super::graph::{Graph, Health, VertexKind};
use super::graph_build::{GraphOptions, service_graph};
use super::test_slices::{mk_ep, mk_slice};
use super::{Code, DiagnoseOptions, ExplainOptions, RulesSource, Scope, diagnose, explain};
use crate::model::{
    BackendRef, BackendSite, Cluster, ControllerRules, NetworkPolicy, PolicyPort, PolicyRule,
    PortRef, Protocol, Router,
};
use crate::testing::{labels, mk_node, mk_pod, mk_service};

fn pod(name: &str, ip: &str) -> crate::model::Pod {
    let mut p = mk_pod(name, &[("app", "web")]);
    p.pod_ip = Some(ip.into());
    p.set_pod_ips(vec![ip.into()]);
    p
}

/// `n` ready pods of `web`, all listed in one controller slice.
fn cluster(n: usize) -> Cluster {
    let pods: Vec<_> = (0..n)
        .map(|i| pod(&format!("web-{i}"), &format!("10.0.0.{}", i + 1)))
        .collect();
    let eps = pods
        .iter()
        .map(|p| mk_ep(p.pod_ip.as_deref().unwrap(), &p.name, "node-1", "a"))
        .collect();
    let mut svc = mk_service("web", &[("app", "web")]);
    svc.ports[0].target_port = crate::model::TargetPort::Name("http".into());
    let mut slice = mk_slice("web-abc", "web", &[("http", 8080)], eps);
    slice.owner_references = vec![crate::model::OwnerRef {
        api_version: "v1".into(),
        kind: "Service".into(),
        name: "web".into(),
        uid: svc.uid.clone(),
        controller: true,
    }];
    Cluster {
        services: vec![svc],
        pods,
        nodes: vec![mk_node("node-1", "a")],
        endpoint_slices: vec![slice],
        pods_known: true,
        nodes_known: true,
        endpoint_slices_known: true,
        ..Cluster::default()
    }
}

fn graph(c: &Cluster, opts: &GraphOptions) -> Graph {
    let rules = ControllerRules::default();
    let d = diagnose(
        c,
        &Scope::All,
        &DiagnoseOptions {
            rules,
            ..DiagnoseOptions::default()
        },
    );
    let ex = explain(
        c,
        &c.services[0],
        &ExplainOptions {
            rules,
            rules_source: RulesSource::Default,
            cluster_domain: "cluster.local".into(),
        },
    );
    service_graph(c, &ex, &d.services[0].findings, opts)
}

#[test]
fn healthy_path_is_plain_and_labelled_with_the_port_mapping() {
    let g = graph(&cluster(2), &GraphOptions::default());
    let kinds: Vec<VertexKind> = g.vertices.iter().map(|v| v.kind).collect();
    assert_eq!(
        kinds,
        [
            VertexKind::Service,
            VertexKind::Slice,
            VertexKind::Pod,
            VertexKind::Pod,
            VertexKind::Node
        ]
    );
    assert!(g.edges.iter().all(|e| e.blocked.is_none()), "{:?}", g.edges);
    let to_pod: Vec<&str> = g
        .edges
        .iter()
        .filter(|e| e.to == "pod/ns/web-0")
        .map(|e| e.label.as_str())
        .collect();
    assert_eq!(to_pod, ["port 80 → targetPort http → 8080"]);
    assert_eq!(g.vertex("node/node-1").unwrap().zone.as_deref(), Some("a"));
    assert_eq!(g.ports[0].label, "http 80/TCP → targetPort http");
}

#[test]
fn healthy_pods_beyond_the_limit_fold_into_one_box() {
    let c = cluster(15);
    let d = diagnose(&c, &Scope::All, &DiagnoseOptions::default());
    assert_eq!(d.services[0].findings, vec![], "a healthy Service");
    let g = graph(&c, &GraphOptions::default());
    let pods: Vec<&str> = g
        .vertices
        .iter()
        .filter(|v| v.kind == VertexKind::Pod)
        .map(|v| v.title.as_str())
        .collect();
    assert_eq!(pods.len(), 13);
    assert_eq!(pods[12], "3 more ready pods");
    let g = graph(
        &c,
        &GraphOptions {
            max_healthy_pods: 0,
        },
    );
    let more = g.vertex("pod/ns/web/more").unwrap();
    assert_eq!(more.title, "15 ready pods");
    assert!(
        g.edges
            .iter()
            .any(|e| e.from == more.id && e.to == "node/node-1")
    );
}

#[test]
fn not_ready_endpoint_and_missing_pod_are_blocked_with_their_codes() {
    let mut c = cluster(2);
    c.pods[1].conditions = vec![crate::testing::mk_condition("Ready", "False")];
    c.endpoint_slices[0].endpoints[1].conditions.ready = Some(false);
    c.endpoint_slices[0].endpoints[1].conditions.serving = Some(false);
    // A third pod the slice does not list yet.
    c.pods.push(pod("web-new", "10.0.0.9"));
    let g = graph(&c, &GraphOptions::default());
    let blocked = |to: &str| g.edges.iter().find(|e| e.to == to).and_then(|e| e.blocked);
    assert_eq!(blocked("pod/ns/web-1"), Some(Code::PodsNotReady));
    assert_eq!(blocked("pod/ns/web-new"), Some(Code::SliceStale));
    assert_eq!(blocked("pod/ns/web-0"), None);
    assert_eq!(g.vertex("pod/ns/web-new").unwrap().health, Health::Broken);
}

#[test]
fn routers_and_policies_show_up() {
    let mut c = cluster(1);
    c.routers.push(Router {
        kind: "Ingress".into(),
        namespace: "ns".into(),
        name: "front".into(),
        backends: vec![
            BackendRef {
                namespace: "ns".into(),
                service: "web".into(),
                port: PortRef::Number(80),
                site: BackendSite::IngressPath {
                    rule: 0,
                    path: 0,
                    host: Some("shop.example.com".into()),
                    value: Some("/".into()),
                },
            },
            BackendRef {
                namespace: "ns".into(),
                service: "web".into(),
                port: PortRef::Name("grpc".into()),
                site: BackendSite::IngressPath {
                    rule: 0,
                    path: 1,
                    host: Some("shop.example.com".into()),
                    value: Some("/api".into()),
                },
            },
        ],
        ..Router::default()
    });
    c.network_policies.push(NetworkPolicy {
        namespace: "ns".into(),
        name: "metrics-only".into(),
        pod_selector: labels(&[("app", "web")]),
        pod_selector_full: Some(kube::core::Selector::from_iter([
            kube::core::Expression::Equal("app".into(), "web".into()),
        ])),
        affects_ingress: true,
        ingress: vec![PolicyRule {
            ports: vec![PolicyPort {
                protocol: Protocol::Tcp,
                port: Some(PortRef::Number(9090)),
                end_port: None,
            }],
            peers: vec![],
        }],
        ..NetworkPolicy::default()
    });
    let g = graph(&c, &GraphOptions::default());
    let router: Vec<(&str, Option<Code>)> = g
        .edges
        .iter()
        .filter(|e| e.from == "ingress/ns/front")
        .map(|e| (e.label.as_str(), e.blocked))
        .collect();
    assert_eq!(
        router,
        [
            ("shop.example.com/ → port 80", None),
            (
                "shop.example.com/api → port grpc",
                Some(Code::IngressBackendMissing)
            ),
        ]
    );
    let pod = g.vertex("pod/ns/web-0").unwrap();
    assert_eq!(pod.policies, ["metrics-only"]);
    assert_eq!(pod.health, Health::Degraded);
    let to_pod = g.edges.iter().find(|e| e.to == "pod/ns/web-0").unwrap();
    assert_eq!(to_pod.blocked, Some(Code::NetworkPolicyBlocksTargetPort));
}
