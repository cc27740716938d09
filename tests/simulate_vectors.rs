//! Table tests from `tests/fixtures/endpointslice-vectors.json`: facts from upstream's reconciler
//! and topology-cache tests, each test named after the upstream test it mirrors. The expected
//! numbers are read from the JSON, not repeated here.

use crate::simulate_support::*;
use serde_json::Value;
use svcx::model::{ControllerRules, KubeVersion, Labels, Node, TargetPort};
use svcx::simulate::SliceActions;
use svcx::simulate::{
    Exclusion, NodeTopology, ReconcileInput, SimConfig, SliceAction, desired_state, reconcile,
};

fn vectors() -> Vec<Value> {
    let text = std::fs::read_to_string(crate::util::fixture("endpointslice-vectors.json"))
        .expect("vectors file");
    serde_json::from_str(&text).expect("valid JSON")
}

fn vector(test: &str, subtest: Option<&str>) -> Value {
    vectors()
        .into_iter()
        .find(|v| {
            v["test"].as_str().is_some_and(|t| t.starts_with(test))
                && subtest.is_none_or(|s| v["subtest"] == s)
        })
        .unwrap_or_else(|| panic!("no vector for {test}"))
}

fn n(v: &Value) -> usize {
    v.as_u64().expect("a number") as usize
}

fn sizes(v: &Value) -> Vec<usize> {
    let mut s: Vec<usize> = v.as_array().expect("sizes").iter().map(n).collect();
    s.sort_unstable();
    s
}

fn assert_counts(plan: &svcx::simulate::Plan, expected: &Value) {
    assert_eq!(plan.creates(), n(&expected["creates"]), "creates");
    assert_eq!(plan.updates(), n(&expected["updates"]), "updates");
    assert_eq!(plan.deletes(), n(&expected["deletes"]), "deletes");
}

fn assert_metrics(plan: &svcx::simulate::Plan, m: &Value) {
    if !m["addedPerSync"].is_null() {
        assert_eq!(
            plan.metrics.added_per_sync,
            n(&m["addedPerSync"]),
            "addedPerSync"
        );
    }
    if !m["removedPerSync"].is_null() {
        assert_eq!(
            plan.metrics.removed_per_sync,
            n(&m["removedPerSync"]),
            "removedPerSync"
        );
    }
    if !m["desiredEndpoints"].is_null() {
        assert_eq!(
            plan.totals.desired,
            n(&m["desiredEndpoints"]),
            "desiredEndpoints"
        );
    }
    if !m["actualSlices"].is_null() {
        assert_eq!(plan.result().count(), n(&m["actualSlices"]), "actualSlices");
    }
}

fn pods(count: usize) -> Vec<svcx::model::Pod> {
    (0..count).map(pod).collect()
}

#[test]
fn test_reconcile_empty() {
    let v = vector("TestReconcileEmpty", None);
    let e = &v["expected"];
    let plan = World::new(service(), vec![]).plan();
    assert_counts(&plan, e);
    assert_eq!(result_sizes(&plan), sizes(&e["final_slice_sizes"]));
    let created = plan.result().next().expect("one slice");
    assert_eq!(created.placeholder, e["placeholder"].as_bool().unwrap());
    assert!(created.ports.is_empty());
    assert_metrics(&plan, &e["metrics"]);
}

#[test]
fn test_reconcile_1_endpoint_slice_existing_placeholder_same() {
    let v = vector(
        "TestReconcile1EndpointSlice",
        Some("Existing placeholder that's the same"),
    );
    let e = &v["expected"];
    let mut w = World::new(service(), vec![]);
    w.sync();
    let plan = w.plan();
    assert_counts(&plan, e);
    assert_eq!(plan.result().count(), n(&e["final_slice_count"]));
    assert!(plan.is_empty());
}

#[test]
fn test_reconcile_1_endpoint_slice_existing_placeholder_different() {
    let v = vector(
        "TestReconcile1EndpointSlice",
        Some("Existing placeholder that's different"),
    );
    let e = &v["expected"];
    let mut w = World::new(service(), vec![]);
    w.sync();
    // Upstream hands the slice to the reconciler directly; a real lister only returns slices
    // with the two controller labels, so they stay and `bar: baz` is the difference.
    w.slices[0].labels.insert("bar".into(), "baz".into());
    let plan = w.plan();
    assert_counts(&plan, e);
    assert_eq!(plan.result().count(), n(&e["final_slice_count"]));
}

#[test]
fn test_reconcile_many_pods() {
    let v = vector("TestReconcileManyPods", None);
    let e = &v["expected"];
    let mut ps = pods(n(&v["input"]["desired_endpoints"]));
    for p in ps.iter_mut().step_by(3) {
        set_ready(p, false); // "1/3 of pods not ready; all included"
    }
    let plan = World::new(service(), ps).plan();
    assert_counts(&plan, e);
    assert_eq!(result_sizes(&plan), sizes(&e["final_slice_sizes"]));
    assert_metrics(&plan, &e["metrics"]);
}

#[test]
fn test_reconcile_endpoint_slices_some_preexisting() {
    let v = vector("TestReconcileEndpointSlicesSomePreexisting", None);
    let (i, e) = (&v["input"], &v["expected"]);
    let mut w = World::new(service(), pods(n(&i["desired_endpoints"])));
    let d = w.desired();
    let a = n(&i["existing_slices"][0]["size"]);
    let b = n(&i["existing_slices"][1]["size"]);
    w.slices = vec![
        slice_of(&w.svc, "foo-a", &d, 0..a),
        slice_of(&w.svc, "foo-b", &d, a..a + b),
    ];
    let plan = w.plan();
    assert_counts(&plan, e);
    assert_eq!(result_sizes(&plan), sizes(&e["final_slice_sizes"]));
    // "the 62-endpoint slice (62->89)"
    let updated: Vec<_> = plan
        .slices
        .iter()
        .filter(|s| s.action == SliceAction::Update)
        .collect();
    assert_eq!(updated[0].existing, Some(0));
    assert_eq!(updated[0].endpoints.len(), 89);
    assert_metrics(&plan, &e["metrics"]);
}

#[test]
fn test_reconcile_endpoint_slices_updating() {
    let v = vector("TestReconcileEndpointSlicesUpdating", None);
    let e = &v["expected"];
    let mut w = World::new(
        service(),
        pods(n(&v["input"]["step1"]["desired_endpoints"])),
    );
    let first = w.sync();
    assert_eq!(first.creates(), n(&e["step1"]["creates"]));
    assert_eq!(w.sizes(), sizes(&e["step1"]["final_slice_sizes"]));
    w.svc.ports[0].target_port = TargetPort::Number(81);
    let plan = w.sync();
    assert_counts(&plan, &e["step2"]);
    assert_eq!(w.sizes(), sizes(&e["step2"]["final_slice_sizes"]));
}

#[test]
fn test_reconcile_endpoint_slices_services_labels_updating() {
    let v = vector("TestReconcileEndpointSlicesServicesLabelsUpdating", None);
    let (i, e) = (&v["input"], &v["expected"]["labels_updating"]);
    let mut w = World::new(service(), pods(n(&i["desired_endpoints"])));
    w.sync();
    let new_labels: Labels =
        serde_json::from_value(i["variants"]["labels_updating"]["service_labels"].clone()).unwrap();
    w.svc.labels = new_labels.clone();
    let plan = w.sync();
    assert_counts(&plan, e);
    assert_eq!(w.sizes(), sizes(&e["final_slice_sizes"]));
    for s in &w.slices {
        for (k, val) in &new_labels {
            assert_eq!(s.labels.get(k), Some(val));
        }
    }
}

#[test]
fn test_reconcile_endpoint_slices_services_reserved_labels() {
    let v = vector("TestReconcileEndpointSlicesServicesLabelsUpdating", None);
    let (i, e) = (&v["input"], &v["expected"]["reserved_labels"]);
    let mut w = World::new(service(), pods(n(&i["desired_endpoints"])));
    w.sync();
    w.svc.labels =
        serde_json::from_value(i["variants"]["reserved_labels"]["service_labels"].clone()).unwrap();
    let plan = w.plan();
    assert_eq!(
        plan.creates() + plan.updates() + plan.deletes(),
        n(&e["client_write_actions"])
    );
    assert_eq!(w.sizes(), sizes(&e["final_slice_sizes"]));
}

#[test]
fn test_reconcile_endpoint_slices_recycling() {
    let v = vector("TestReconcileEndpointSlicesRecycling", None);
    let (i, e) = (&v["input"], &v["expected"]);
    let mut w = World::new(service(), pods(n(&i["desired_endpoints"])));
    let d = w.desired();
    let mut start = 0;
    for (k, s) in i["existing_slices"].as_array().unwrap().iter().enumerate() {
        let size = n(&s["size"]);
        w.slices.push(slice_of(
            &w.svc,
            &format!("foo-{k}"),
            &d,
            start..start + size,
        ));
        start += size;
    }
    let step1 = w.plan();
    assert_eq!(
        step1.creates() + step1.updates() + step1.deletes(),
        n(&e["step1_client_actions"])
    );
    w.svc.ports[0].target_port = TargetPort::Number(81);
    let plan = w.sync();
    assert_counts(&plan, &e["step2"]);
    assert_eq!(w.sizes(), sizes(&e["step2"]["final_slice_sizes"]));
    assert_metrics(&plan, &e["metrics"]);
}

#[test]
fn test_reconcile_endpoint_slices_update_packing() {
    let v = vector("TestReconcileEndpointSlicesUpdatePacking", None);
    let (i, e) = (&v["input"], &v["expected"]);
    let total = n(&i["desired_endpoints"]);
    let (a, b) = (
        n(&i["existing_slices"][0]["size"]),
        n(&i["existing_slices"][1]["size"]),
    );
    let mut w = World::new(service(), pods(total));
    let d = w.desired();
    w.slices = vec![
        slice_of(&w.svc, "foo-a", &d, 0..a),
        slice_of(&w.svc, "foo-b", &d, a..a + b),
    ];
    let (ca, cb) = (
        n(&i["existing_slices"][0]["changed"]),
        n(&i["existing_slices"][1]["changed"]),
    );
    for k in (0..ca).chain(a..a + cb) {
        set_ready(&mut w.pods[k], false);
    }
    let plan = w.plan();
    assert_counts(&plan, e);
    assert_eq!(result_sizes(&plan), sizes(&e["final_slice_sizes"]));
    assert_metrics(&plan, &e["metrics"]);
}

#[test]
fn test_reconcile_endpoint_slices_named_ports() {
    let v = vector("TestReconcileEndpointSlicesNamedPorts", None);
    let e = &v["expected"];
    let mut svc = service();
    svc.ports[0].target_port = TargetPort::Name("http".into());
    let ps: Vec<_> = (0..n(&v["input"]["desired_endpoints"]))
        .map(|i| {
            let mut p = pod(i);
            p.containers = vec![svcx::model::Container {
                name: "app".into(),
                ports: vec![svcx::model::ContainerPort {
                    name: Some("http".into()),
                    port: 8080 + (i % 5) as i32,
                    protocol: svcx::model::Protocol::Tcp,
                }],
                has_readiness_probe: true,
                ready: Some(true),
                state: None,
            }];
            p
        })
        .collect();
    let plan = World::new(svc, ps).plan();
    assert_eq!(plan.creates(), n(&e["creates"]));
    assert_eq!(result_sizes(&plan), sizes(&e["final_slice_sizes"]));
    let mut got: Vec<(String, String, i32)> = plan
        .result()
        .map(|s| {
            let p = &s.ports[0];
            (
                p.name.clone().unwrap(),
                p.protocol.as_str().to_string(),
                p.port.unwrap(),
            )
        })
        .collect();
    got.sort();
    let want: Vec<(String, String, i32)> = e["slice_ports"]
        .as_array()
        .unwrap()
        .iter()
        .map(|ps| {
            let p = &ps[0];
            (
                p["name"].as_str().unwrap().into(),
                p["protocol"].as_str().unwrap().into(),
                p["port"].as_i64().unwrap() as i32,
            )
        })
        .collect();
    assert_eq!(got, want);
    assert_metrics(&plan, &e["metrics"]);
}

/// Each subtest of `TestReconcilerPodMissingNode`.
#[test]
fn test_reconciler_pod_missing_node() {
    let v = vector("TestReconcilerPodMissingNode", None);
    let cases = v["expected"].as_object().unwrap();
    assert_eq!(cases.len(), 6);
    for (name, c) in cases {
        let mut svc = service();
        svc.publish_not_ready_addresses = name.contains("publishNotReady true");
        let mut ps = vec![pod(0), pod(1)];
        ps[0].node_name = Some("node-0".into());
        ps[1].node_name = Some("node-1".into());
        let mut w = World::new(svc, ps);
        let names: Vec<String> = c["existing_nodes"]
            .as_array()
            .unwrap()
            .iter()
            .map(|n| n.as_str().unwrap().to_string())
            .collect();
        if !c["existing_slice"].is_null() {
            // "1 slice with pod0+pod1", as written while both nodes existed.
            w.nodes = vec![node("node-0", None), node("node-1", None)];
            w.svc.publish_not_ready_addresses = true;
            w.sync();
            w.svc.publish_not_ready_addresses = name.contains("publishNotReady true");
        }
        w.nodes = names.iter().map(|n| node(n, None)).collect::<Vec<Node>>();
        let plan = w.plan();
        let m = &c["metrics"];
        assert_eq!(plan.creates(), n(&m["numCreated"]), "{name}: created");
        assert_eq!(plan.updates(), n(&m["numUpdated"]), "{name}: updated");
        assert_eq!(plan.deletes(), n(&m["numDeleted"]), "{name}: deleted");
        assert_eq!(
            plan.result().count(),
            n(&c["final_slice_count"]),
            "{name}: slices"
        );
        assert_eq!(
            plan.metrics.added_per_sync,
            n(&m["addedPerSync"]),
            "{name}: added"
        );
        assert_eq!(
            plan.metrics.removed_per_sync,
            n(&m["removedPerSync"]),
            "{name}: removed"
        );
        assert_eq!(
            plan.totals.desired,
            n(&m["desiredEndpoints"]),
            "{name}: desired"
        );
        let errors = w
            .desired()
            .verdicts
            .iter()
            .any(|v| v.exclusion == Some(Exclusion::NodeMissing));
        assert_eq!(
            errors,
            c["returns_error"].as_bool().unwrap(),
            "{name}: requeue"
        );
    }
}

#[test]
fn test_reconcile_headless_service_no_ports() {
    let v = vector("TestReconcileHeadlessServiceNoPorts", None);
    let e = &v["expected"];
    let mut svc = service();
    svc.cluster_ip = Some("None".into());
    svc.cluster_ips = vec!["None".into()];
    svc.ports.clear();
    let mut w = World::new(svc, pods(n(&v["input"]["desired_endpoints"])));
    assert_eq!(w.sync().creates(), n(&e["step1"]["creates"]));
    let plan = w.plan();
    assert_eq!(
        plan.creates() + plan.updates() + plan.deletes(),
        n(&e["step2"]["client_write_actions"])
    );
    // Before v1.36 the nil ports the API returns never matched the controller's empty list, so
    // the slice was rewritten on every sync (k/k #133474).
    let old = World {
        cfg: SimConfig::new(100, ControllerRules::for_version(KubeVersion::new(1, 35))).unwrap(),
        ..w
    };
    let churn = old.plan();
    assert_eq!(
        (churn.creates(), churn.updates(), churn.deletes()),
        (0, 1, 0)
    );
    assert_eq!(churn.slices[0].diff, Default::default());
}

#[test]
fn test_add_hints_slice_to_create_with_2_endpoints_zone_ratios_require_3() {
    let v = vector(
        "TestAddHints",
        Some("slice to create with 2 endpoints, zone ratios require 3"),
    );
    let (i, e) = (&v["input"], &v["expected"]);
    let mut svc = service();
    svc.annotations
        .insert("service.kubernetes.io/topology-mode".into(), "Auto".into());
    let ratios = i["cpu_ratios"]
        .as_object()
        .unwrap()
        .iter()
        .map(|(z, r)| (z.clone(), r.as_f64().unwrap()))
        .collect();
    let topology = NodeTopology::Known {
        ratios: Some(ratios),
    };
    let w = World::new(svc, pods(n(&i["ready_endpoints"])));
    let desired = w.desired();
    let input = ReconcileInput {
        service: &w.svc,
        desired: &desired,
        existing: &[],
        topology: &topology,
    };
    let plan = reconcile(&input, &SimConfig::default());
    assert!(
        plan.slices
            .iter()
            .flat_map(|s| &s.endpoints)
            .all(|pe| pe.hints.is_none()),
        "hints: null"
    );
    let ev = &plan.events[0];
    assert_eq!(ev.type_, e["event"]["type"].as_str().unwrap());
    assert_eq!(ev.reason, e["event"]["reason"].as_str().unwrap());
    assert!(
        ev.message
            .starts_with(e["event"]["message_prefix"].as_str().unwrap())
    );
    assert_eq!(
        ev.message,
        "Insufficient number of endpoints (2 endpoints, 3 zones), addressType: IPv4"
    );
}

#[test]
fn test_set_nodes() {
    let v = vector("TestSetNodes", None);
    for (name, rows) in v["input"]["cases"].as_object().unwrap() {
        let nodes: Vec<Node> = rows
            .as_array()
            .unwrap()
            .iter()
            .enumerate()
            .map(|(k, r)| {
                let mut nd = node(&format!("n{k}"), r[0].as_str());
                nd.allocatable_cpu_milli = Some(
                    r[1].as_str()
                        .unwrap()
                        .trim_end_matches('m')
                        .parse()
                        .unwrap(),
                );
                nd.ready = Some(r[2] == "Ready");
                if let Some(role) = r.get(3).and_then(Value::as_str) {
                    nd.labels.insert(role.into(), "".into());
                }
                nd
            })
            .collect();
        let want = &v["expected"][name];
        let NodeTopology::Known { ratios } = NodeTopology::from_nodes(&nodes, true) else {
            panic!("known");
        };
        assert_eq!(
            ratios.is_some(),
            want["sufficient"].as_bool().unwrap(),
            "{name}"
        );
        if let Some(r) = ratios {
            for (z, expect) in want["ratios"].as_object().unwrap() {
                assert!((r[z] - expect.as_f64().unwrap()).abs() < 1e-9, "{name} {z}");
            }
        }
    }
}

/// The desired state is what the upstream tests feed in: all 250 pods, none excluded.
#[test]
fn many_pods_are_all_endpoints() {
    let w = World::new(service(), pods(250));
    let idx = svcx::simulate::NodeIndex::new(&w.nodes, true);
    let refs: Vec<_> = w.pods.iter().collect();
    let d = desired_state(&w.svc, &refs, &idx, &w.cfg.rules);
    assert_eq!(d.groups[0].endpoints.len(), 250);
}
