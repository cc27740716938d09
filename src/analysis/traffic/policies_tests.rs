//! §5 "Traffic policies", one test per rule.

use super::*;
use crate::analysis::traffic::categorize::TopologyDecision;
use crate::analysis::traffic::categorize::TopologyMode;
use crate::testing::mk_service;

fn cat(cluster: Option<Vec<usize>>, local: Option<Vec<usize>>, has_any: bool) -> Categorized {
    Categorized {
        topology: TopologyDecision {
            mode: TopologyMode::None,
            reason: String::new(),
        },
        cluster,
        cluster_fallback: false,
        local,
        local_fallback: false,
        has_any,
    }
}

fn node_port_svc() -> Service {
    let mut svc = mk_service("web", &[]);
    svc.uid = "u".into();
    svc.type_ = Some(ServiceType::NodePort);
    svc.ports[0].node_port = Some(30080);
    svc
}

#[test]
fn externally_reachable_means_node_port_lb_ip_or_external_ip() {
    let mut svc = mk_service("web", &[]);
    svc.uid = "u".into();
    assert!(!externally_reachable(&svc, &svc.ports[0]));
    svc.external_ips = vec!["192.0.2.10".into()];
    assert!(externally_reachable(&svc, &svc.ports[0]));
    let svc = node_port_svc();
    assert!(externally_reachable(&svc, &svc.ports[0]));
    // LoadBalancer without node ports (allocateLoadBalancerNodePorts: false): only an IP
    // ingress makes it reachable; a hostname ingress is not captured on nodes.
    let mut lb = mk_service("web", &[]);
    lb.uid = "u".into();
    lb.type_ = Some(ServiceType::LoadBalancer);
    lb.load_balancer_ingress = vec!["lb.example.com".into()];
    assert!(!externally_reachable(&lb, &lb.ports[0]));
    lb.load_balancer_ingress = vec!["203.0.113.7".into()];
    assert!(externally_reachable(&lb, &lb.ports[0]));
}

#[test]
fn which_policies_kube_proxy_computes() {
    let mut svc = mk_service("web", &[]);
    assert!(uses_cluster(&svc, false) && !uses_local(&svc, false));
    svc.internal_traffic_policy = TrafficPolicy::Local;
    assert!(!uses_cluster(&svc, false) && uses_local(&svc, false));
    // Externally reachable: the cluster set is needed for the short-circuit of pod and host
    // traffic even under internalTrafficPolicy Local.
    assert!(uses_cluster(&svc, true));
    let mut svc = mk_service("web", &[]);
    svc.external_traffic_policy = TrafficPolicy::Local;
    assert!(!uses_local(&svc, false));
    assert!(uses_local(&svc, true));
}

#[test]
fn internal_traffic_local_without_local_endpoint_is_dropped() {
    let mut svc = mk_service("web", &[]);
    assert_eq!(
        internal_outcome(&svc, &cat(Some(vec![0]), None, true)),
        Outcome::Routed
    );
    svc.internal_traffic_policy = TrafficPolicy::Local;
    assert_eq!(
        internal_outcome(&svc, &cat(None, Some(vec![]), true)),
        Outcome::Dropped
    );
    assert_eq!(
        internal_outcome(&svc, &cat(None, Some(vec![1]), true)),
        Outcome::Routed
    );
}

#[test]
fn no_endpoints_anywhere_is_rejected_for_internal_and_external() {
    let mut svc = node_port_svc();
    svc.external_traffic_policy = TrafficPolicy::Local;
    let c = cat(Some(vec![]), Some(vec![]), false);
    assert_eq!(internal_outcome(&svc, &c), Outcome::Rejected);
    assert_eq!(external_outcome(&svc, true, &c), Outcome::Rejected);
}

#[test]
fn external_traffic_local_without_local_endpoint_is_dropped() {
    let mut svc = node_port_svc();
    let c = cat(Some(vec![0]), Some(vec![]), true);
    assert_eq!(external_outcome(&svc, true, &c), Outcome::Routed);
    svc.external_traffic_policy = TrafficPolicy::Local;
    assert_eq!(external_outcome(&svc, true, &c), Outcome::Dropped);
    assert_eq!(
        external_outcome(&svc, true, &cat(Some(vec![0]), Some(vec![0]), true)),
        Outcome::Routed
    );
    assert_eq!(external_outcome(&svc, false, &c), Outcome::NotApplicable);
}

#[test]
fn outcomes_combine_over_ports() {
    assert_eq!(
        Outcome::combine([Outcome::Routed, Outcome::Routed]),
        Outcome::Routed
    );
    assert_eq!(
        Outcome::combine([Outcome::Routed, Outcome::Dropped]),
        Outcome::Mixed
    );
    assert_eq!(Outcome::combine([]), Outcome::NotApplicable);
}

#[test]
fn health_check_exists_for_load_balancers_with_external_traffic_local() {
    let mut svc = node_port_svc();
    svc.external_traffic_policy = TrafficPolicy::Local;
    assert!(!has_health_check(&svc));
    svc.type_ = Some(ServiceType::LoadBalancer);
    assert!(has_health_check(&svc));
    svc.external_traffic_policy = TrafficPolicy::Cluster;
    assert!(!has_health_check(&svc));
    svc.health_check_node_port = Some(31000);
    assert!(has_health_check(&svc));
}

#[test]
fn health_check_counts_distinct_ips_of_ready_local_endpoints() {
    let ep = |ip: &str, port: i32, node: &str, ready: bool| ProxyEndpoint {
        ip: ip.into(),
        port,
        ready,
        serving: true,
        terminating: !ready,
        node_name: Some(node.into()),
        zone: None,
        zone_hints: vec![],
        node_hints: vec![],
        pod: None,
        slice: "s".into(),
    };
    let eps = [
        ep("10.0.0.1", 80, "n1", true),
        ep("10.0.0.1", 443, "n1", true),
        ep("10.0.0.2", 80, "n1", false),
        ep("10.0.0.3", 80, "n2", true),
    ];
    assert_eq!(health_check_endpoints(&eps, "n1"), 1);
    // Only terminating local endpoints: the check fails although traffic still reaches them.
    assert_eq!(health_check_endpoints(&eps[2..3], "n1"), 0);
}
