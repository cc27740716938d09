//! `simulate` against the real-cluster fixtures: where the controller was running when the
//! dump was taken, its next sync writes nothing, and from scratch it would build the recorded
//! layout; for the stale scenario, the plan is exactly what the restarted controller wrote.

use serde_json::Value;
use svcx::model::{Cluster, ControllerRules, EndpointSlice, KubeVersion, Pod, selector_matches};
use svcx::simulate::SliceActions;
use svcx::simulate::{
    NodeIndex, NodeTopology, ReconcileInput, SimConfig, SliceAction, apply_plan, desired_state,
    endpoints_outcome, mirror, reconcile, simulate_service,
};
use svcx::source::{FileInput, load_files};

fn load(rel: &str) -> Cluster {
    // The 6.7 MB over-capacity dump is slow to parse in a debug build: parse it once.
    static OVER_CAPACITY: std::sync::OnceLock<Cluster> = std::sync::OnceLock::new();
    let parse = || {
        let path = crate::util::fixture(rel).display().to_string();
        load_files(&[FileInput::parse(&path)])
            .expect("fixture loads")
            .0
    };
    if rel.starts_with("over-capacity/") {
        return OVER_CAPACITY.get_or_init(parse).clone();
    }
    parse()
}

fn expected() -> Value {
    let text = std::fs::read_to_string(crate::util::fixture("EXPECTED.json")).unwrap();
    serde_json::from_str(&text).unwrap()
}

/// The fixture's own version (its Nodes' kubelets: v1.32).
fn rules_of(cluster: &Cluster) -> ControllerRules {
    let v = cluster
        .nodes
        .iter()
        .filter_map(|n| {
            n.kubelet_version
                .as_deref()
                .and_then(KubeVersion::parse_lenient)
        })
        .max()
        .expect("nodes carry a kubelet version");
    ControllerRules::for_version(v)
}

fn selected<'a>(cluster: &'a Cluster, svc: &svcx::model::Service) -> Vec<&'a Pod> {
    let sel = svc.selector.as_ref().unwrap();
    cluster
        .pods
        .iter()
        .filter(|p| p.namespace == svc.namespace && selector_matches(sel, &p.labels))
        .collect()
}

/// Slice sizes the controllers would build with no slices at all.
fn from_scratch(cluster: &Cluster, svc: &svcx::model::Service, cfg: &SimConfig) -> Vec<usize> {
    let mut sizes: Vec<usize> = if svc.service_type() == svcx::model::ServiceType::ExternalName {
        vec![]
    } else if svc.selector.is_none() {
        let ep = cluster.endpoints_of(&svc.namespace, &svc.name);
        mirror(svc, ep, &[], cfg)
            .slices
            .iter()
            .map(|s| s.endpoints.len())
            .collect()
    } else {
        let pods = selected(cluster, svc);
        let nodes = NodeIndex::new(&cluster.nodes, true);
        let desired = desired_state(svc, &pods, &nodes, &cfg.rules);
        let topology = NodeTopology::from_nodes(&cluster.nodes, true);
        let input = ReconcileInput {
            service: svc,
            desired: &desired,
            existing: &[],
            topology: &topology,
        };
        reconcile(&input, cfg)
            .result()
            .map(|s| s.endpoints.len())
            .collect()
    };
    sizes.sort_unstable();
    sizes
}

#[test]
fn converged_fixtures_have_empty_plans_and_the_recorded_layout_from_scratch() {
    let exp = expected();
    let mut checked = 0;
    for (name, sc) in exp["scenarios"].as_object().unwrap() {
        if !sc["controllers_at_dump"]
            .as_str()
            .unwrap()
            .starts_with("running")
        {
            continue;
        }
        let cluster = load(&format!("{name}/cluster.yaml"));
        let cfg = SimConfig::new(100, rules_of(&cluster)).unwrap();
        for (key, want) in sc["services"].as_object().unwrap() {
            let (ns, svc_name) = key.split_once('/').unwrap();
            let svc = cluster.service(ns, svc_name).expect("service in dump");
            let sim = simulate_service(&cluster, svc, &cfg);
            if name == "named-port-partial" {
                // v1.32: the port-less slice is rewritten on every sync (k/k #133474); see
                // `named_port_partial_churns_before_1_36`.
                assert_eq!(sim.outcome.updates(), 1, "{key}");
            } else {
                assert!(sim.outcome.is_empty(), "{key}: {:#?}", sim.outcome);
            }
            if let Some(e) = &sim.endpoints {
                assert_eq!(e.up_to_date, Some(true), "{key}: legacy Endpoints");
            }
            let mut recorded: Vec<usize> = want["endpointslices"]["sizes"]
                .as_array()
                .unwrap()
                .iter()
                .map(|v| v.as_u64().unwrap() as usize)
                .collect();
            recorded.sort_unstable();
            assert_eq!(
                from_scratch(&cluster, svc, &cfg),
                recorded,
                "{key}: from scratch"
            );
            checked += 1;
        }
    }
    assert_eq!(checked, 14, "every Service of every converged scenario");
}

#[test]
fn named_port_partial_churns_before_1_36() {
    let cluster = load("named-port-partial/cluster.yaml");
    let svc = cluster.service("named-port-partial", "shop").unwrap();
    let old = simulate_service(
        &cluster,
        svc,
        &SimConfig::new(100, rules_of(&cluster)).unwrap(),
    );
    let rewritten: Vec<_> = old
        .outcome
        .slices
        .iter()
        .filter(|s| s.action == SliceAction::Update)
        .collect();
    assert_eq!(rewritten.len(), 1);
    assert_eq!(rewritten[0].name.as_deref(), Some("shop-rm8mf"));
    assert!(rewritten[0].ports.is_empty());
    assert_eq!(rewritten[0].diff, Default::default(), "same content");
    assert!(old.outcome.notes.iter().any(|n| n.contains("133474")));
    let new = simulate_service(
        &cluster,
        svc,
        &SimConfig::new(100, ControllerRules::for_version(KubeVersion::new(1, 36))).unwrap(),
    );
    assert!(new.outcome.is_empty());
}

#[test]
fn large_250_and_over_capacity_from_scratch() {
    for (scenario, ns, name, sizes) in [
        ("large-250", "large-250", "web", vec![50, 100, 100]),
        ("over-capacity", "over-capacity", "bulk", {
            let mut v = vec![100; 10];
            v.insert(0, 5);
            v
        }),
    ] {
        let cluster = load(&format!("{scenario}/cluster.yaml"));
        let svc = cluster.service(ns, name).unwrap();
        assert_eq!(from_scratch(&cluster, svc, &SimConfig::default()), sizes);
    }
    let cluster = load("over-capacity/cluster.yaml");
    let svc = cluster.service("over-capacity", "bulk").unwrap();
    let e = endpoints_outcome(
        svc,
        &selected(&cluster, svc),
        cluster.endpoints_of("over-capacity", "bulk"),
    )
    .unwrap();
    assert!(e.over_capacity);
    assert_eq!(
        (
            e.addresses,
            e.not_ready_addresses,
            e.addresses_before_truncation
        ),
        (1000, 0, 1005)
    );
    assert_eq!(
        e.up_to_date,
        Some(true),
        "the same 1000 addresses the real controller kept"
    );
}

/// The stale scenario: the plan is what the controller did once restarted
/// (`after-controller-restart.yaml`), slice for slice and endpoint for endpoint.
#[test]
fn stale_controller_down_plan_is_what_the_restarted_controller_wrote() {
    let before = load("stale-controller-down/cluster.yaml");
    let after = load("stale-controller-down/after-controller-restart.yaml");
    let svc = before.service("stale-controller-down", "cache").unwrap();
    let cfg = SimConfig::new(100, rules_of(&before)).unwrap();
    let pods = selected(&before, svc);
    let nodes = NodeIndex::new(&before.nodes, true);
    let desired = desired_state(svc, &pods, &nodes, &cfg.rules);
    let existing: Vec<&EndpointSlice> = before.slices_of(&svc.namespace, &svc.name).collect();
    let topology = NodeTopology::from_nodes(&before.nodes, true);
    let input = ReconcileInput {
        service: svc,
        desired: &desired,
        existing: &existing,
        topology: &topology,
    };
    let plan = reconcile(&input, &cfg);
    assert!(!plan.is_empty());
    assert_eq!((plan.creates(), plan.updates(), plan.deletes()), (0, 1, 0));
    let d = plan.slices[0].diff;
    assert_eq!(
        (d.added, d.removed, d.changed),
        (2, 2, 1),
        "cache-7/8 in, cache-2/5 out, cache-3 not ready"
    );
    let result = apply_plan(&input, &plan, || unreachable!("no creates"));
    let real: Vec<&EndpointSlice> = after.slices_of(&svc.namespace, &svc.name).collect();
    assert_eq!(result.len(), real.len());
    assert_eq!(result[0].name, real[0].name);
    assert_eq!(result[0].ports, real[0].ports);
    assert_eq!(result[0].labels, real[0].labels);
    // Endpoint for endpoint, in the controller's order (kept ones in place, new ones appended).
    assert_eq!(result[0].endpoints, real[0].endpoints);
    // And the legacy Endpoints object the restarted controller wrote.
    let e = endpoints_outcome(
        svc,
        &pods,
        after.endpoints_of("stale-controller-down", "cache"),
    )
    .unwrap();
    assert_eq!(e.up_to_date, Some(true));
    assert_eq!((e.addresses, e.not_ready_addresses), (5, 1));
    // Once applied, the next sync has nothing to do.
    let cluster_after = Cluster {
        endpoint_slices: result,
        ..before.clone()
    };
    assert!(
        simulate_service(&cluster_after, svc, &cfg)
            .outcome
            .is_empty()
    );
    // And the restarted controller's own state is converged too.
    assert!(simulate_service(&after, svc, &cfg).outcome.is_empty());
}
