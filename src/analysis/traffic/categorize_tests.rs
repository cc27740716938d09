//! §5 "Choosing endpoints (CategorizeEndpoints)", one test per rule.

use super::*;

/// A ready endpoint `ip` on `node`.
fn ep(ip: &str, node: &str) -> ProxyEndpoint {
    ProxyEndpoint {
        ip: ip.into(),
        port: 80,
        ready: true,
        serving: true,
        terminating: false,
        node_name: Some(node.into()),
        zone: None,
        zone_hints: vec![],
        node_hints: vec![],
        pod: None,
        slice: "s".into(),
    }
}

fn zoned(mut e: ProxyEndpoint, zone: &str) -> ProxyEndpoint {
    e.zone_hints = vec![zone.into()];
    e
}

fn node_hinted(mut e: ProxyEndpoint) -> ProxyEndpoint {
    e.node_hints = vec![e.node_name.clone().unwrap()];
    e
}

fn state(mut e: ProxyEndpoint, ready: bool, serving: bool, terminating: bool) -> ProxyEndpoint {
    (e.ready, e.serving, e.terminating) = (ready, serving, terminating);
    e
}

const N1: ProxyNode<'static> = ProxyNode {
    name: "n1",
    zone: "a",
};

fn cluster<'a>(eps: &'a [ProxyEndpoint], node: ProxyNode<'_>, node_hints: bool) -> Vec<&'a str> {
    let c = categorize(eps, node, true, false, node_hints);
    c.cluster
        .unwrap()
        .into_iter()
        .map(|i| eps[i].ip.as_str())
        .collect()
}

#[test]
fn cluster_endpoints_are_the_ready_ones() {
    let eps = [
        ep("10.0.0.1", "n1"),
        state(ep("10.0.0.2", "n2"), false, false, false),
        state(ep("10.0.0.3", "n2"), false, true, true),
    ];
    let c = categorize(&eps, N1, true, false, true);
    assert_eq!(c.cluster, Some(vec![0]));
    assert!(!c.cluster_fallback);
    assert_eq!(c.local, None);
    assert!(c.has_any);
}

#[test]
fn no_ready_endpoint_falls_back_to_serving_terminating_ignoring_topology() {
    let eps = [
        zoned(state(ep("10.0.0.1", "n2"), false, true, true), "b"),
        state(ep("10.0.0.2", "n2"), false, false, true),
        state(ep("10.0.0.3", "n2"), false, false, false),
    ];
    let c = categorize(&eps, N1, true, false, true);
    assert_eq!(c.cluster, Some(vec![0]));
    assert!(c.cluster_fallback);
    assert_eq!(c.topology.mode, TopologyMode::None);
    assert!(c.has_any);
}

#[test]
fn nothing_usable_anywhere_means_no_endpoints() {
    let eps = [state(ep("10.0.0.1", "n1"), false, false, true)];
    let c = categorize(&eps, N1, true, true, true);
    assert_eq!(c.cluster, Some(vec![]));
    assert_eq!(c.local, Some(vec![]));
    assert!(!c.cluster_fallback && !c.local_fallback);
    assert!(!c.has_any);
}

#[test]
fn zone_hints_filter_to_this_zone_when_every_ready_endpoint_has_one() {
    let eps = [
        zoned(ep("10.0.0.1", "n1"), "a"),
        zoned(ep("10.0.0.2", "n2"), "b"),
        zoned(ep("10.0.0.3", "n3"), "a"),
        // Not ready and unhinted: does not count for all-or-nothing.
        state(ep("10.0.0.4", "n2"), false, false, false),
    ];
    assert_eq!(cluster(&eps, N1, true), vec!["10.0.0.1", "10.0.0.3"]);
    let c = categorize(&eps, N1, true, false, true);
    assert_eq!(c.topology.mode, TopologyMode::SameZone);
}

#[test]
fn one_ready_endpoint_without_a_zone_hint_disables_hints() {
    let eps = [zoned(ep("10.0.0.1", "n1"), "a"), ep("10.0.0.2", "n2")];
    assert_eq!(cluster(&eps, N1, true), vec!["10.0.0.1", "10.0.0.2"]);
    let d = topology_mode(&eps, N1, true);
    assert_eq!(d.mode, TopologyMode::None);
    assert_eq!(
        d.reason,
        "hints ignored: only 1 of 2 ready endpoints carry a zone hint"
    );
}

#[test]
fn no_endpoint_for_this_zone_or_no_zone_label_disables_hints() {
    let eps = [
        zoned(ep("10.0.0.1", "n2"), "b"),
        zoned(ep("10.0.0.2", "n3"), "c"),
    ];
    let d = topology_mode(&eps, N1, true);
    assert_eq!(d.mode, TopologyMode::None);
    assert!(d.reason.contains("no ready endpoint is hinted for zone a"));
    let unlabeled = ProxyNode {
        name: "n1",
        zone: "",
    };
    assert!(
        topology_mode(&eps, unlabeled, true)
            .reason
            .contains("no topology.kubernetes.io/zone label")
    );
    assert_eq!(cluster(&eps, N1, true), vec!["10.0.0.1", "10.0.0.2"]);
}

#[test]
fn same_node_needs_the_gate_every_ready_node_hint_and_one_for_this_node() {
    let eps = [
        node_hinted(zoned(ep("10.0.0.1", "n1"), "a")),
        node_hinted(zoned(ep("10.0.0.2", "n2"), "a")),
        node_hinted(zoned(ep("10.0.0.3", "n3"), "b")),
    ];
    assert_eq!(cluster(&eps, N1, true), vec!["10.0.0.1"]);
    assert_eq!(topology_mode(&eps, N1, true).mode, TopologyMode::SameNode);
    // Gate off: the node hints are ignored, the zone hints apply.
    assert_eq!(cluster(&eps, N1, false), vec!["10.0.0.1", "10.0.0.2"]);
    // No endpoint on n4: falls back to its zone's endpoints.
    let n4 = ProxyNode {
        name: "n4",
        zone: "b",
    };
    assert_eq!(cluster(&eps, n4, true), vec!["10.0.0.3"]);
    assert_eq!(topology_mode(&eps, n4, true).mode, TopologyMode::SameZone);
}

#[test]
fn local_endpoints_are_local_ready_else_local_serving_terminating_never_topology() {
    let eps = [
        zoned(ep("10.0.0.1", "n1"), "b"),
        zoned(ep("10.0.0.2", "n2"), "a"),
        zoned(state(ep("10.0.0.3", "n1"), false, true, true), "a"),
    ];
    let c = categorize(&eps, N1, true, true, true);
    // Cluster: the zone-a hinted ready endpoint; local: n1's ready one, although hinted for b.
    assert_eq!(c.cluster, Some(vec![1]));
    assert_eq!(c.local, Some(vec![0]));
    assert!(!c.local_fallback);
    let draining_only = [
        ep("10.0.0.2", "n2"),
        state(ep("10.0.0.3", "n1"), false, true, true),
        state(ep("10.0.0.4", "n1"), false, false, true),
    ];
    let c = categorize(&draining_only, N1, false, true, true);
    assert_eq!(c.local, Some(vec![1]));
    assert!(c.local_fallback);
    assert_eq!(c.cluster, None);
    assert_eq!(c.topology.reason, "the Cluster policy is not used");
}

#[test]
fn local_means_same_node_name() {
    let mut nameless = ep("10.0.0.1", "n1");
    nameless.node_name = None;
    let eps = [nameless, ep("10.0.0.2", "n2")];
    assert_eq!(categorize(&eps, N1, false, true, true).local, Some(vec![]));
}
