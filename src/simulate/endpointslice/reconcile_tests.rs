//! Unit tests of `reconcile` for the rules the upstream vectors do not cover.

use crate::model::{
    AddressType, EndpointHints, EndpointSlice, IpFamily, Node, Pod, Service, ServiceType,
};
use crate::simulate::*;
use crate::testing::{mk_condition, mk_node, mk_pod, mk_service};

fn pods(n: usize, nodes: &[&str]) -> Vec<Pod> {
    (0..n)
        .map(|i| {
            let mut p = mk_pod(&format!("p{i:02}"), &[("app", "web")]);
            p.listed_ips = vec![
                compact_str::format_compact!("10.0.1.{}", i + 1),
                compact_str::format_compact!("fd00::{:x}", i + 1),
            ];
            p.pod_ip = Some(p.listed_ips[0].clone());
            p.node_name = Some((nodes[i % nodes.len()].to_string()).into());
            p
        })
        .collect()
}

struct Run {
    svc: Service,
    pods: Vec<Pod>,
    nodes: Vec<Node>,
    slices: Vec<EndpointSlice>,
    cfg: SimConfig,
}

impl Run {
    fn new(svc: Service, pods: Vec<Pod>) -> Self {
        Run {
            svc,
            pods,
            nodes: vec![mk_node("node-1", "z1")],
            slices: vec![],
            cfg: SimConfig::default(),
        }
    }

    fn go(&mut self, apply: bool) -> Plan {
        let idx = NodeIndex::new(&self.nodes, true);
        let refs: Vec<&Pod> = self.pods.iter().collect();
        let desired = desired_state(&self.svc, &refs, &idx, &self.cfg.rules);
        let existing: Vec<&EndpointSlice> = self.slices.iter().collect();
        let topology = NodeTopology::from_nodes(&self.nodes, true);
        let input = ReconcileInput {
            service: &self.svc,
            desired: &desired,
            existing: &existing,
            topology: &topology,
        };
        let plan = reconcile(&input, &self.cfg);
        if apply {
            let mut k = 0;
            let next = apply_plan(&input, &plan, || {
                k += 1;
                format!("web-new{k}-{}", existing.len())
            });
            self.slices = next;
        }
        plan
    }
}

#[test]
fn dual_stack_without_pods_gets_one_placeholder_per_family() {
    let mut svc = mk_service("web", &[("app", "web")]);
    svc.ip_families = vec![IpFamily::V4, IpFamily::V6];
    let mut r = Run::new(svc, vec![]);
    let plan = r.go(true);
    let types: Vec<_> = plan.slices.iter().map(|s| s.address_type.clone()).collect();
    assert_eq!(types, vec![AddressType::IPv4, AddressType::IPv6]);
    assert!(
        plan.slices
            .iter()
            .all(|s| s.placeholder && s.action == SliceAction::Create)
    );
    assert!(r.go(false).is_empty());
}

#[test]
fn unsupported_address_type_is_deleted_and_never_recycled() {
    let mut r = Run::new(mk_service("web", &[("app", "web")]), pods(2, &["node-1"]));
    r.svc.ip_families = vec![IpFamily::V4, IpFamily::V6];
    r.go(true);
    r.svc.ip_families = vec![IpFamily::V4];
    let plan = r.go(false);
    assert!(
        plan.slices
            .iter()
            .any(|s| s.delete_reason == Some(DeleteReason::UnsupportedAddressType))
    );
    // Contrast: an IPv4 slice whose ports are no longer desired is recycled into the create.
    r.go(true);
    r.svc.ports[0].target_port = crate::model::TargetPort::Number(9090);
    let plan = r.go(false);
    assert_eq!((plan.creates(), plan.updates(), plan.deletes()), (0, 1, 0));
    assert!(plan.slices[0].update_reasons.recycled);
}

#[test]
fn slices_not_owned_by_the_service_are_deleted_not_recycled() {
    let mut r = Run::new(mk_service("web", &[("app", "web")]), pods(3, &["node-1"]));
    r.go(true);
    r.svc.uid = "uid-web-recreated".into();
    let plan = r.go(false);
    assert_eq!((plan.creates(), plan.updates(), plan.deletes()), (1, 0, 1));
    assert_eq!(plan.slices[0].delete_reason, Some(DeleteReason::NotOwned));
    assert_eq!(plan.totals.moved, 3);
    assert_eq!(plan.totals.added + plan.totals.removed, 0);
}

#[test]
fn a_second_copy_of_an_endpoint_is_dropped() {
    let mut r = Run::new(mk_service("web", &[("app", "web")]), pods(3, &["node-1"]));
    r.go(true);
    let mut copy = r.slices[0].clone();
    copy.name = "web-zz".into();
    copy.endpoints.truncate(1);
    r.slices.push(copy);
    let plan = r.go(false);
    assert_eq!((plan.creates(), plan.updates(), plan.deletes()), (0, 0, 1));
    let del = plan
        .slices
        .iter()
        .find(|s| s.action == SliceAction::Delete)
        .unwrap();
    assert_eq!(del.existing, Some(1));
    assert_eq!(plan.metrics.removed_per_sync, 1);
    assert_eq!(plan.totals.removed, 0);
}

#[test]
fn stale_hints_on_an_unchanged_slice_are_removed() {
    let mut r = Run::new(mk_service("web", &[("app", "web")]), pods(2, &["node-1"]));
    r.go(true);
    r.slices[0].endpoints[0].hints = Some(Box::new(EndpointHints {
        for_zones: vec!["z1".into()],
        for_nodes: vec![],
    }));
    let plan = r.go(true);
    assert_eq!(plan.updates(), 1);
    assert!(plan.slices[0].update_reasons.hints);
    assert!(r.slices[0].endpoints.iter().all(|e| e.hints.is_none()));
    assert!(r.go(false).is_empty());
}

#[test]
fn label_only_update_keeps_endpoints_as_stored() {
    let mut r = Run::new(mk_service("web", &[("app", "web")]), pods(2, &["node-1"]));
    r.go(true);
    r.svc.labels.insert("team".into(), "a".into());
    let plan = r.go(false);
    let s = &plan.slices[0];
    assert_eq!(s.action, SliceAction::Update);
    assert!(s.update_reasons.labels && !s.update_reasons.endpoints);
    assert!(s.endpoints.iter().all(|e| !e.fresh));
    assert_eq!(s.labels.get("team").map(|s| s.as_str()), Some("a"));
}

#[test]
fn prefer_close_hints_ready_endpoints_with_their_zone() {
    let mut svc = mk_service("web", &[("app", "web")]);
    svc.traffic_distribution = Some("PreferSameNode".into());
    let mut ps = pods(3, &["node-1"]);
    ps[2].conditions = vec![mk_condition("Ready", "False")];
    let mut r = Run::new(svc, ps);
    r.go(true);
    let eps = &r.slices[0].endpoints;
    let h = eps[0].hints.as_ref().unwrap();
    assert_eq!(
        (h.for_zones.as_slice(), h.for_nodes.as_slice()),
        (&["z1".to_string()][..], &["node-1".to_string()][..])
    );
    assert!(eps[2].hints.is_none(), "not-ready endpoints get no hint");
    assert!(r.go(false).is_empty());
}

#[test]
fn topology_mode_auto_hints_each_zone_and_reaches_a_fixed_point() {
    let mut svc = mk_service("web", &[("app", "web")]);
    svc.annotations
        .insert(TOPOLOGY_MODE_ANNOTATION.into(), "Auto".into());
    let mut r = Run::new(svc, pods(6, &["n-a", "n-b", "n-c"]));
    r.nodes = vec![
        mk_node("n-a", "a"),
        mk_node("n-b", "b"),
        mk_node("n-c", "c"),
    ];
    let plan = r.go(true);
    assert_eq!(plan.events[0].reason, "TopologyAwareHintsEnabled");
    for e in &r.slices[0].endpoints {
        assert_eq!(e.hints.as_ref().unwrap().for_zones, vec![e.zone.unwrap()]);
    }
    let again = r.go(false);
    assert!(again.is_empty(), "{again:?}");
    assert!(again.events.is_empty());
}

#[test]
fn auto_with_uneven_zones_moves_hints_from_giver_to_receiver() {
    let mut svc = mk_service("web", &[("app", "web")]);
    svc.annotations
        .insert(TOPOLOGY_MODE_ANNOTATION.into(), "Auto".into());
    // 6 endpoints all in zone a, but CPU split evenly over a/b/c: a gives 4.
    let mut r = Run::new(svc, pods(6, &["n-a"]));
    r.nodes = vec![
        mk_node("n-a", "a"),
        mk_node("n-b", "b"),
        mk_node("n-c", "c"),
    ];
    r.go(true);
    let mut per_zone = std::collections::BTreeMap::new();
    for e in &r.slices[0].endpoints {
        *per_zone
            .entry(e.hints.as_ref().unwrap().for_zones[0].clone())
            .or_insert(0) += 1;
    }
    assert_eq!(
        per_zone.into_iter().collect::<Vec<_>>(),
        vec![("a".into(), 2), ("b".into(), 2), ("c".into(), 2)]
    );
    assert!(r.go(false).is_empty());
}

#[test]
fn deleting_service_gets_no_creates_but_recycled_updates() {
    let mut r = Run::new(mk_service("web", &[("app", "web")]), pods(2, &["node-1"]));
    r.svc.deleting = true;
    let plan = r.go(false);
    assert_eq!(plan.creates(), 0);
    assert_eq!(plan.creates_suppressed, 1);
}

#[test]
fn external_name_and_selectorless_services_are_skipped() {
    let mut svc = mk_service("web", &[("app", "web")]);
    svc.type_ = Some(ServiceType::ExternalName);
    let mut r = Run::new(svc, pods(2, &["node-1"]));
    assert_eq!(r.go(false).skipped, Some(SkipReason::ExternalName));
    r.svc.type_ = None;
    r.svc.selector = None;
    assert_eq!(r.go(false).skipped, Some(SkipReason::NoSelector));
}

#[test]
fn auto_needs_enough_endpoints_per_zone() {
    let ratios: std::collections::BTreeMap<String, f64> = [("a", 0.5), ("b", 0.45), ("c", 0.05)]
        .iter()
        .map(|(z, r)| (z.to_string(), *r))
        .collect();
    assert_eq!(
        allocations(Some(&ratios), 4).unwrap_err(),
        "Unable to allocate minimum required endpoints to each zone without exceeding overload threshold (4 endpoints, 3 zones)"
    );
    let a = allocations(Some(&ratios), 20).unwrap();
    assert_eq!((a["a"].minimum, a["b"].minimum, a["c"].minimum), (9, 8, 1));
    assert_eq!(a["a"].maximum, 9 + 2);
}

/// `TestGetGivingAndReceivingZones` examples from semantics §3.2 step 5.
#[test]
fn giving_and_receiving_zones() {
    let case = |desired: [f64; 3], have: [i64; 3]| {
        let zones = ["a", "b", "c"];
        let allocs = zones
            .iter()
            .zip(desired)
            .map(|(z, d)| {
                (
                    z.to_string(),
                    Allocation {
                        minimum: 0,
                        maximum: 0,
                        desired: d,
                    },
                )
            })
            .collect();
        let allocated = zones
            .iter()
            .zip(have)
            .map(|(z, h)| (z.to_string(), h))
            .collect();
        let (g, r) = giving_and_receiving(&allocs, &allocated);
        (
            g.into_iter().collect::<Vec<_>>(),
            r.into_iter().collect::<Vec<_>>(),
        )
    };
    let s = |z: &str, n: usize| (z.to_string(), n);
    assert_eq!(
        case([5.1, 5.1, 5.8], [16, 0, 0]),
        (vec![s("a", 10)], vec![s("b", 5), s("c", 5)])
    );
    assert_eq!(
        case([5.0, 5.6, 5.4], [16, 0, 0]),
        (vec![s("a", 11)], vec![s("b", 6), s("c", 5)])
    );
    assert_eq!(
        case([5.0, 5.6, 5.4], [0, 8, 8]),
        (vec![s("b", 2), s("c", 3)], vec![s("a", 5)])
    );
}

#[test]
fn auto_refuses_with_the_upstream_events() {
    let mut svc = mk_service("web", &[("app", "web")]);
    svc.annotations
        .insert(TOPOLOGY_MODE_ANNOTATION.into(), "Auto".into());
    let zoned = || vec![mk_node("n-a", "a"), mk_node("n-b", "b")];
    // A ready endpoint on a node without a zone label.
    let mut r = Run::new(svc.clone(), pods(4, &["n-a", "n-b", "n-x"]));
    let mut x = mk_node("n-x", "");
    x.labels.clear();
    x.ready = Some(false); // not counted for CPU, but the pod's endpoint has no zone
    r.nodes = zoned();
    r.nodes.push(x);
    let plan = r.go(false);
    assert_eq!(
        plan.events[0].message,
        "One or more endpoints do not have a zone specified, addressType: IPv4"
    );
    assert!(
        plan.slices
            .iter()
            .flat_map(|s| &s.endpoints)
            .all(|e| e.hints.is_none())
    );
    // A usable node without allocatable CPU.
    let mut r = Run::new(svc, pods(4, &["n-a", "n-b"]));
    r.nodes = zoned();
    r.nodes[1].allocatable_cpu_milli = None;
    let plan = r.go(false);
    assert_eq!(plan.events[0].type_, "Warning");
    assert_eq!(plan.events[0].reason, "TopologyAwareHintsDisabled");
    assert_eq!(
        plan.events[0].message,
        "Insufficient Node information: allocatable CPU or zone not specified on one or more nodes, addressType: IPv4"
    );
}
