//! `explain -o json` on every real-cluster scenario agrees with the recorded ground truth
//! (`tests/fixtures/EXPECTED.json`): who is selected, who is an endpoint with which conditions,
//! which named ports do not resolve, and the slices the controller wrote.

use crate::util::{fixture, scenario, svcx};
use serde_json::Value;
use std::collections::BTreeSet;

fn expected() -> Value {
    let text = std::fs::read_to_string(fixture("EXPECTED.json")).unwrap();
    serde_json::from_str(&text).unwrap()
}

fn explain_json(dir: &str, ns_name: &str) -> Value {
    let out = svcx()
        .args(["explain", ns_name, "-f", &scenario(dir), "-o", "json"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{dir} {ns_name}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

fn names(v: &Value) -> BTreeSet<String> {
    v.as_array()
        .map(|a| a.iter().map(|x| x.as_str().unwrap().to_string()).collect())
        .unwrap_or_default()
}

#[test]
fn every_scenario_matches_ground_truth() {
    let truth = expected();
    let mut checked = 0;
    for (dir, sc) in truth["scenarios"].as_object().unwrap() {
        for (ns_name, want) in sc["services"].as_object().unwrap() {
            let got = explain_json(dir, ns_name);
            check_service(&format!("{dir} {ns_name}"), &got, want);
            checked += 1;
        }
    }
    assert_eq!(
        checked, 15,
        "every service of the public scenarios is checked"
    );
}

fn check_service(ctx: &str, got: &Value, want: &Value) {
    assert_eq!(got["apiVersion"], "svcx/v1alpha1");
    assert_eq!(got["kind"], "ServiceExplanation");
    assert_eq!(got["service"]["type"], want["type"], "{ctx}: type");
    // The fixtures come from v1.32 nodes; the rules applied must say so.
    assert_eq!(got["rules"]["kubernetesVersion"], "v1.32", "{ctx}");
    let pods = got["pods"].as_array().unwrap();
    let got_selected: BTreeSet<String> = pods
        .iter()
        .map(|p| p["name"].as_str().unwrap().to_string())
        .collect();
    if want.get("selector_ignored").is_some() {
        assert!(
            got_selected.is_empty(),
            "{ctx}: ExternalName selects nothing"
        );
        assert!(got["notes"].to_string().contains("ignored"), "{ctx}");
        return;
    }
    assert_eq!(
        got_selected,
        names(&want["selected_pods"]),
        "{ctx}: selected pods"
    );
    let got_endpoints: BTreeSet<String> = pods
        .iter()
        .filter(|p| p["endpoint"] == true)
        .map(|p| p["name"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(
        got_endpoints,
        names(&want["endpoint_pods"]),
        "{ctx}: endpoint pods"
    );
    let got_ready: BTreeSet<String> = pods
        .iter()
        .filter(|p| p["conditions"]["ready"] == true)
        .map(|p| p["name"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(
        got_ready,
        names(&want["ready_endpoint_pods"]),
        "{ctx}: ready endpoints"
    );
    if let Some(per_pod) = want["pods"].as_object() {
        for (pod, facts) in per_pod {
            let row = pods.iter().find(|p| p["name"] == pod.as_str()).unwrap();
            assert_eq!(
                row["conditions"], facts["slice_conditions"],
                "{ctx} {pod}: conditions"
            );
            assert_eq!(row["zone"], facts["zone"], "{ctx} {pod}: zone");
            assert_eq!(row["node"], facts["nodeName"], "{ctx} {pod}: node");
            let unresolved = facts
                .get("unresolved_ports")
                .cloned()
                .unwrap_or(Value::Array(vec![]));
            assert_eq!(
                row["unresolvedPorts"], unresolved,
                "{ctx} {pod}: unresolved ports"
            );
        }
    }
    for (pod, reason) in want["excluded_pods"].as_object().into_iter().flatten() {
        let row = pods.iter().find(|p| p["name"] == pod.as_str()).unwrap();
        assert_eq!(row["endpoint"], false, "{ctx} {pod}");
        assert_eq!(row["reason"], *reason, "{ctx} {pod}: exclusion reason");
    }
    let slices = got["endpointSlices"].as_array().unwrap();
    let want_slices = &want["endpointslices"];
    let mut got_sizes: Vec<u64> = slices
        .iter()
        .map(|s| s["endpoints"].as_array().unwrap().len() as u64)
        .collect();
    let mut want_sizes: Vec<u64> = want_slices["sizes"]
        .as_array()
        .map(|a| a.iter().map(|x| x.as_u64().unwrap()).collect())
        .unwrap_or_default();
    got_sizes.sort_unstable();
    want_sizes.sort_unstable();
    assert_eq!(got_sizes, want_sizes, "{ctx}: slice sizes");
}

#[test]
fn named_port_partial_groups_pods_by_resolution() {
    let got = explain_json("named-port-partial", "named-port-partial/shop");
    let res = &got["ports"][0]["resolutions"];
    assert_eq!(res[0]["targetPortNumber"], 8080);
    assert_eq!(
        names(&res[0]["pods"]),
        names(&serde_json::json!([
            "shop-v1-7855fdd74f-8bkpm",
            "shop-v1-7855fdd74f-hqk9f"
        ]))
    );
    assert_eq!(res[1]["targetPortNumber"], Value::Null);
    assert_eq!(
        names(&res[1]["pods"]),
        names(&serde_json::json!([
            "shop-v2-7d5f78d4df-2d7gl",
            "shop-v2-7d5f78d4df-kj2xg"
        ]))
    );
    assert!(
        res[1]["details"][0]
            .as_str()
            .unwrap()
            .contains("declares web=8080/TCP")
    );
    let v2 = got["pods"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["name"] == "shop-v2-7d5f78d4df-2d7gl")
        .unwrap();
    assert_eq!(v2["receivesTraffic"], false);
    assert_eq!(v2["reason"], "port-unresolved");
}

#[test]
fn not_ready_and_terminating_reasons() {
    let got = explain_json("terminating", "terminating/api");
    let reason = |name: &str| {
        got["pods"]
            .as_array()
            .unwrap()
            .iter()
            .find(|p| p["name"] == name)
            .unwrap()["reason"]
            .clone()
    };
    assert_eq!(reason("api-1"), Value::Null);
    assert_eq!(reason("api-3"), "terminating");
    assert_eq!(reason("api-4"), "terminating");
    let got = explain_json("no-ready", "no-ready/api");
    assert!(
        got["pods"]
            .as_array()
            .unwrap()
            .iter()
            .all(|p| p["reason"] == "not-ready")
    );
}

#[test]
fn json_and_yaml_dumps_explain_the_same() {
    for dir in [
        "healthy-clusterip",
        "named-port-partial",
        "stale-controller-down",
    ] {
        let ns = dir;
        let truth = expected();
        let svc = truth["scenarios"][dir]["services"]
            .as_object()
            .unwrap()
            .keys()
            .next()
            .unwrap()
            .clone();
        let yaml = explain_json(dir, &svc);
        let json_path = fixture(&format!("{dir}/cluster.json"))
            .display()
            .to_string();
        let out = svcx()
            .args(["explain", &svc, "-f", &json_path, "-o", "json"])
            .output()
            .unwrap();
        assert!(out.status.success(), "{ns}");
        let json: Value = serde_json::from_slice(&out.stdout).unwrap();
        assert_eq!(yaml, json, "{dir}: YAML and JSON dumps of the same cluster");
    }
}

#[test]
fn headless_publish_dns_lists_every_pod_hostname() {
    let got = explain_json("headless-publish", "headless-publish/db");
    let dns = got["dns"].as_array().unwrap();
    let a = dns
        .iter()
        .find(|r| r["name"] == "db.headless-publish.svc.cluster.local" && r["type"] == "A")
        .unwrap();
    assert_eq!(
        a["values"].as_array().unwrap().len(),
        3,
        "publishNotReadyAddresses publishes db-2 too"
    );
    for host in ["db-0", "db-1", "db-2"] {
        let name = format!("{host}.db.headless-publish.svc.cluster.local");
        assert!(dns.iter().any(|r| r["name"] == name.as_str()), "{name}");
    }
}

#[test]
fn external_name_answers_with_a_cname() {
    let got = explain_json(
        "lb-pending-externalname",
        "lb-pending-externalname/legacy-api",
    );
    assert_eq!(got["dns"][0]["type"], "CNAME");
    assert_eq!(got["dns"][0]["values"][0], "legacy.example.com");
    let lb = explain_json(
        "lb-pending-externalname",
        "lb-pending-externalname/frontend",
    );
    assert_eq!(lb["service"]["loadBalancer"]["pending"], true);
}

#[test]
fn over_capacity_endpoints_are_reported() {
    let got = explain_json("over-capacity", "over-capacity/bulk");
    assert_eq!(got["endpoints"]["overCapacity"], "truncated");
    assert_eq!(got["endpoints"]["addressCount"], 1000);
    assert_eq!(got["pods"].as_array().unwrap().len(), 1005);
}
