//! The assembled view on small clusters: which nodes route, drop or reject, and the notes.

use super::*;
use crate::analysis::test_slices::{mk_ep, mk_slice};
use crate::model::{Node, Protocol, TargetPort, TrafficPolicy};
use crate::testing::{mk_node, mk_service, mk_svc_port};

fn cluster(svc: &Service, slices: Vec<EndpointSlice>, nodes: Vec<Node>) -> Cluster {
    Cluster {
        services: vec![svc.clone()],
        endpoint_slices: slices,
        nodes,
        nodes_known: true,
        endpoints_known: true,
        ..Cluster::default()
    }
}

fn two_pods_on_n1() -> Vec<EndpointSlice> {
    vec![mk_slice(
        "web-abc",
        "web",
        &[("http", 8080)],
        vec![
            mk_ep("10.0.0.2", "web-2", "n1", "a"),
            mk_ep("10.0.0.1", "web-1", "n1", "a"),
        ],
    )]
}

fn nodes() -> Vec<Node> {
    vec![mk_node("n2", "b"), mk_node("n1", "a")]
}

fn pods(view: &TrafficView, node: &str, local: bool) -> Vec<String> {
    let n = view.node(node).unwrap();
    let c = &n.ports[0].categorized;
    let set = if local { &c.local } else { &c.cluster };
    set.clone()
        .unwrap_or_default()
        .into_iter()
        .map(|i| view.ports[0].endpoints[i].pod.clone().unwrap())
        .collect()
}

#[test]
fn headless_and_external_name_services_are_not_proxied() {
    let mut svc = mk_service("web", &[]);
    svc.cluster_ip = Some("None".into());
    svc.cluster_ips = vec!["None".into()];
    let mut slice = two_pods_on_n1().remove(0);
    slice
        .labels
        .insert("service.kubernetes.io/headless".into(), "".into());
    let view = traffic(
        &cluster(&svc, vec![slice], nodes()),
        &svc,
        &ControllerRules::default(),
    );
    assert!(view.not_proxied.as_deref().unwrap().starts_with("headless"));
    assert!(view.nodes.is_empty());
    assert_eq!(view.slices[0].skip, Some(super::super::SliceSkip::Headless));
    assert!(view.notes.is_empty());

    svc.type_ = Some(ServiceType::ExternalName);
    let view = traffic(
        &cluster(&svc, vec![], nodes()),
        &svc,
        &ControllerRules::default(),
    );
    assert!(
        view.not_proxied
            .as_deref()
            .unwrap()
            .starts_with("ExternalName")
    );
}

#[test]
fn node_port_with_external_traffic_local_drops_on_nodes_without_local_endpoints() {
    let mut svc = mk_service("web", &[]);
    svc.uid = "u".into();
    svc.type_ = Some(ServiceType::NodePort);
    svc.ports[0].node_port = Some(30080);
    svc.external_traffic_policy = TrafficPolicy::Local;
    let view = traffic(
        &cluster(&svc, two_pods_on_n1(), nodes()),
        &svc,
        &ControllerRules::default(),
    );
    let names: Vec<&str> = view.nodes.iter().map(|n| n.node.as_str()).collect();
    assert_eq!(names, vec!["n1", "n2"]);
    assert_eq!(pods(&view, "n1", false), vec!["web-1", "web-2"]);
    assert_eq!(pods(&view, "n2", false), vec!["web-1", "web-2"]);
    assert_eq!(pods(&view, "n1", true), vec!["web-1", "web-2"]);
    assert!(pods(&view, "n2", true).is_empty());
    let n1 = view.node("n1").unwrap();
    let n2 = view.node("n2").unwrap();
    assert_eq!(
        (n1.internal, n1.external),
        (Outcome::Routed, Outcome::Routed)
    );
    assert_eq!(
        (n2.internal, n2.external),
        (Outcome::Routed, Outcome::Dropped)
    );
    assert_eq!(n2.health_check, None);
    assert!(
        view.notes[0].starts_with("external traffic arriving at n2 is dropped"),
        "{:?}",
        view.notes
    );
}

#[test]
fn load_balancer_health_check_fails_where_no_local_endpoint_is_ready() {
    let mut svc = mk_service("web", &[]);
    svc.uid = "u".into();
    svc.type_ = Some(ServiceType::LoadBalancer);
    svc.ports[0].node_port = Some(30080);
    svc.external_traffic_policy = TrafficPolicy::Local;
    svc.health_check_node_port = Some(31999);
    svc.load_balancer_ingress = vec!["203.0.113.7".into()];
    let view = traffic(
        &cluster(&svc, two_pods_on_n1(), nodes()),
        &svc,
        &ControllerRules::default(),
    );
    assert_eq!(view.health_check_node_port, Some(31999));
    assert_eq!(
        view.node("n1").unwrap().health_check,
        Some(HealthCheck { local_ready: 2 })
    );
    assert_eq!(
        view.node("n2").unwrap().health_check,
        Some(HealthCheck { local_ready: 0 })
    );
    assert!(
        view.notes
            .iter()
            .any(|n| n == "the load balancer's health check (node port 31999) answers 503 on n2: it should send them no traffic"),
        "{:?}",
        view.notes
    );
}

#[test]
fn internal_traffic_local_drops_cluster_ip_traffic_from_nodes_without_local_endpoints() {
    let mut svc = mk_service("web", &[]);
    svc.internal_traffic_policy = TrafficPolicy::Local;
    let view = traffic(
        &cluster(&svc, two_pods_on_n1(), nodes()),
        &svc,
        &ControllerRules::default(),
    );
    let n2 = view.node("n2").unwrap();
    assert_eq!(n2.ports[0].categorized.cluster, None);
    assert_eq!(n2.internal, Outcome::Dropped);
    assert_eq!(n2.external, Outcome::NotApplicable);
    assert_eq!(view.node("n1").unwrap().internal, Outcome::Routed);
    assert!(view.notes[0].starts_with("ClusterIP traffic from pods on n2 is dropped"));
}

#[test]
fn unknown_nodes_come_from_endpoint_node_names() {
    let svc = mk_service("web", &[]);
    let mut c = cluster(&svc, two_pods_on_n1(), vec![]);
    c.nodes_known = false;
    let view = traffic(&c, &svc, &ControllerRules::default());
    assert_eq!(view.nodes.len(), 1);
    assert_eq!(view.nodes[0].node, "n1");
    assert_eq!(view.nodes[0].zone.as_deref(), Some("a"));
    assert!(!view.nodes[0].known);
    assert!(
        view.notes
            .last()
            .unwrap()
            .starts_with("Nodes were not read")
    );
}

#[test]
fn ports_without_endpoints_reject_and_unmatched_slice_ports_are_reported() {
    let mut svc = mk_service("web", &[]);
    svc.ports = vec![mk_svc_port(
        "api",
        80,
        TargetPort::Number(8080),
        Protocol::Tcp,
    )];
    let view = traffic(
        &cluster(&svc, two_pods_on_n1(), nodes()),
        &svc,
        &ControllerRules::default(),
    );
    assert_eq!(view.unmatched_slice_ports, vec!["http/TCP"]);
    assert!(view.ports[0].endpoints.is_empty());
    assert!(view.nodes.iter().all(|n| n.internal == Outcome::Rejected));
    assert!(view.notes[0].starts_with("no ready or serving-terminating endpoint anywhere"));
}

#[test]
fn dual_stack_services_get_one_port_entry_per_family() {
    let mut svc = mk_service("web", &[]);
    svc.cluster_ips = vec!["10.96.0.10".into(), "fd00::a".into()];
    svc.ip_families = vec![crate::model::IpFamily::V4, crate::model::IpFamily::V6];
    let mut v6 = mk_slice(
        "web-v6",
        "web",
        &[("http", 8080)],
        vec![mk_ep("fd00::1", "web-1", "n1", "a")],
    );
    v6.address_type = Some(crate::model::AddressType::IPv6);
    let mut slices = two_pods_on_n1();
    slices.push(v6);
    let view = traffic(
        &cluster(&svc, slices, nodes()),
        &svc,
        &ControllerRules::default(),
    );
    assert!(view.multi_family());
    let labels: Vec<String> = view.ports.iter().map(|p| p.label(true)).collect();
    assert_eq!(labels, vec!["http 80/TCP IPv4", "http 80/TCP IPv6"]);
    assert_eq!(view.ports[0].endpoints.len(), 2);
    assert_eq!(view.ports[1].endpoints[0].key(), "[fd00::1]:8080");
    assert!(view.slices.iter().all(|s| s.skip.is_none()));
}

#[test]
fn a_single_stack_service_skips_slices_of_the_other_family() {
    let svc = mk_service("web", &[]);
    let mut v6 = mk_slice(
        "web-v6",
        "web",
        &[("http", 8080)],
        vec![mk_ep("fd00::1", "web-1", "n1", "a")],
    );
    v6.address_type = Some(crate::model::AddressType::IPv6);
    let view = traffic(
        &cluster(&svc, vec![v6], nodes()),
        &svc,
        &ControllerRules::default(),
    );
    assert_eq!(
        view.slices[0].skip,
        Some(super::super::SliceSkip::OtherFamily("IPv6".into()))
    );
    assert!(view.ports[0].endpoints.is_empty());
}
