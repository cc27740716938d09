//! `explain --traffic` / `--from-node` and the DNS view on the real v1.32 fixtures: exact
//! endpoint sets per node, exact DNS answers, and the text output (TRAFFIC and DNS sections).

use crate::util::{scenario, svcx};
use serde_json::Value;
use std::collections::BTreeMap;

fn json(scn: &str, args: &[&str]) -> Value {
    let out = svcx()
        .args(["explain"])
        .args(args)
        .args(["-f", &scenario(scn), "-o", "json"])
        .output()
        .expect("runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("JSON")
}

fn text(scn: &str, args: &[&str]) -> String {
    let out = svcx()
        .args(["explain"])
        .args(args)
        .args(["-f", &scenario(scn), "--width", "120", "--color", "never"])
        .output()
        .expect("runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("UTF-8")
}

/// The sections this feature owns: from TRAFFIC (or DNS) up to NOTES.
fn sections(full: &str) -> String {
    let start = full
        .find("\nTRAFFIC")
        .or_else(|| full.find("\nDNS"))
        .expect("a TRAFFIC or DNS section");
    let rest = &full[start + 1..];
    let end = rest.find("\nNOTES").map_or(rest.len(), |i| i + 1);
    rest[..end].to_string()
}

/// node -> (sorted pods of `field`, externalOutcome).
fn per_node(doc: &Value, field: &str) -> BTreeMap<String, (Vec<String>, String)> {
    doc["traffic"]["nodes"]
        .as_array()
        .expect("nodes")
        .iter()
        .map(|n| {
            let mut pods: Vec<String> = n[field]
                .as_array()
                .unwrap()
                .iter()
                .map(|e| e["pod"].as_str().unwrap().to_string())
                .collect();
            pods.sort();
            (
                n["node"].as_str().unwrap().to_string(),
                (pods, n["externalOutcome"].as_str().unwrap().to_string()),
            )
        })
        .collect()
}

fn strings(v: &[&str]) -> Vec<String> {
    v.iter().map(|s| (*s).to_string()).collect()
}

#[test]
fn etp_local_routes_external_traffic_on_node_1_only() {
    let doc = json("etp-local", &["ingress-gw", "--traffic"]);
    let both = strings(&["ingress-gw-746f554d6c-mztzz", "ingress-gw-746f554d6c-tbj4n"]);
    let cluster = per_node(&doc, "clusterEndpoints");
    let local = per_node(&doc, "localEndpoints");
    for node in ["node-1", "node-2", "node-3"] {
        // ClusterIP traffic (internalTrafficPolicy Cluster) reaches both pods from every node.
        assert_eq!(cluster[node].0, both, "{node}");
    }
    assert_eq!(local["node-1"], (both.clone(), "routed".to_string()));
    assert_eq!(local["node-2"], (vec![], "dropped".to_string()));
    assert_eq!(local["node-3"], (vec![], "dropped".to_string()));
    let nodes = doc["traffic"]["nodes"].as_array().unwrap();
    assert!(nodes.iter().all(|n| n["internalOutcome"] == "routed"));
    assert_eq!(doc["traffic"]["healthCheckNodePort"], Value::Null);
    insta::assert_snapshot!(
        "etp_local_traffic",
        sections(&text("etp-local", &["ingress-gw", "--traffic"]))
    );
}

#[test]
fn etp_local_from_node_2_shows_the_drop_in_detail() {
    let doc = json("etp-local", &["ingress-gw", "--from-node", "node-2"]);
    let nodes = doc["traffic"]["nodes"].as_array().unwrap();
    assert_eq!(nodes.len(), 1);
    assert_eq!(nodes[0]["node"], "node-2");
    assert_eq!(nodes[0]["externalOutcome"], "dropped");
    assert_eq!(doc["traffic"]["fromNode"], "node-2");
    insta::assert_snapshot!(
        "etp_local_from_node_2",
        sections(&text("etp-local", &["ingress-gw", "--from-node", "node-2"]))
    );
}

#[test]
fn terminating_cluster_endpoints_are_the_ready_ones() {
    // api-3 is serving+terminating and api-4 not serving: with ready endpoints around, kube-proxy
    // uses only api-1 and api-2 on every node.
    let doc = json("terminating", &["api", "--traffic"]);
    let cluster = per_node(&doc, "clusterEndpoints");
    assert_eq!(
        cluster.keys().cloned().collect::<Vec<_>>(),
        strings(&["node-1", "node-2"])
    );
    for (node, (pods, external)) in &cluster {
        assert_eq!(pods, &strings(&["api-1", "api-2"]), "{node}");
        assert_eq!(external, "not-applicable");
    }
    let eps: BTreeMap<String, (bool, bool, bool)> = doc["traffic"]["ports"][0]["endpoints"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["pod"].as_str().unwrap().to_string(),
                (
                    e["ready"].as_bool().unwrap(),
                    e["serving"].as_bool().unwrap(),
                    e["terminating"].as_bool().unwrap(),
                ),
            )
        })
        .collect();
    assert_eq!(eps["api-3"], (false, true, true));
    assert_eq!(eps["api-4"], (false, false, true));
    insta::assert_snapshot!(
        "terminating_traffic",
        sections(&text("terminating", &["api", "--traffic"]))
    );
}

#[test]
fn topology_hints_keep_traffic_in_the_zone_of_each_node() {
    let doc = json("topology-hints-applied", &["search", "--traffic"]);
    let expected = [
        (
            "node-1",
            ["search-7cf98ccf6-2xngj", "search-7cf98ccf6-hzp56"],
        ),
        (
            "node-2",
            ["search-7cf98ccf6-69fz6", "search-7cf98ccf6-vjt58"],
        ),
        (
            "node-3",
            ["search-7cf98ccf6-7p4vs", "search-7cf98ccf6-wf5c9"],
        ),
    ];
    let cluster = per_node(&doc, "clusterEndpoints");
    for (node, pods) in expected {
        assert_eq!(cluster[node].0, strings(&pods), "{node}");
    }
    for n in doc["traffic"]["nodes"].as_array().unwrap() {
        assert_eq!(n["ports"][0]["topology"], "same-zone");
    }
    insta::assert_snapshot!(
        "topology_hints_traffic",
        sections(&text("topology-hints-applied", &["search", "--traffic"]))
    );
    insta::assert_snapshot!(
        "topology_hints_from_node_1",
        sections(&text(
            "topology-hints-applied",
            &["search", "--from-node", "node-1"]
        ))
    );
}

#[test]
fn headless_is_not_proxied_and_dns_publishes_not_ready_db_2() {
    let doc = json("headless-publish", &["db", "--traffic"]);
    assert_eq!(doc["traffic"]["proxied"], false);
    assert_eq!(doc["traffic"]["nodes"], Value::Array(vec![]));
    assert_eq!(doc["traffic"]["slices"][0]["used"], false);
    assert_eq!(
        doc["traffic"]["slices"][0]["skipReason"],
        "labelled service.kubernetes.io/headless"
    );
    let zone = "db.headless-publish.svc.cluster.local";
    let dns: Vec<(String, String, Vec<String>)> = doc["dns"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["name"].as_str().unwrap().to_string(),
                r["type"].as_str().unwrap().to_string(),
                r["values"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|v| v.as_str().unwrap().to_string())
                    .collect(),
            )
        })
        .collect();
    let rr = |name: &str, t: &str, v: &[&str]| (name.to_string(), t.to_string(), strings(v));
    assert_eq!(
        dns,
        vec![
            rr(zone, "A", &["10.244.1.4", "10.244.2.4", "10.244.3.4"]),
            rr(&format!("db-0.{zone}"), "A", &["10.244.1.4"]),
            rr(&format!("db-1.{zone}"), "A", &["10.244.2.4"]),
            rr(&format!("db-2.{zone}"), "A", &["10.244.3.4"]),
            rr(
                &format!("_postgres._tcp.{zone}"),
                "SRV",
                &[
                    &format!("0 33 5432 db-0.{zone}"),
                    &format!("0 33 5432 db-1.{zone}"),
                    &format!("0 33 5432 db-2.{zone}"),
                ]
            ),
        ]
    );
    assert!(
        doc["notes"].as_array().unwrap().contains(&Value::from(
            "publishNotReadyAddresses: DNS also answers with endpoints whose pods are not ready: db-2"
        )),
        "{}",
        doc["notes"]
    );
    insta::assert_snapshot!(
        "headless_traffic_and_dns",
        sections(&text("headless-publish", &["db", "--traffic"]))
    );
}

#[test]
fn cluster_ip_dns_is_the_cluster_ip_and_one_srv_per_named_port() {
    let doc = json("terminating", &["api"]);
    assert_eq!(
        doc["dns"],
        serde_json::json!([
            {"name": "api.terminating.svc.cluster.local", "type": "A", "values": ["10.96.54.19"]},
            {"name": "_http._tcp.api.terminating.svc.cluster.local", "type": "SRV",
             "values": ["0 100 80 api.terminating.svc.cluster.local"]},
        ])
    );
    // Without --traffic there is no traffic key at all.
    assert!(doc.get("traffic").is_none());
}

#[test]
fn from_node_with_an_unknown_node_is_exit_2_with_one_line() {
    svcx()
        .args(["explain", "ingress-gw", "--from-node", "node-9"])
        .args(["-f", &scenario("etp-local")])
        .assert()
        .code(2)
        .stdout("")
        .stderr("error: node \"node-9\" not found (nodes: node-1, node-2, node-3)\n");
}

/// Every `console` example of docs/traffic.md is real: each line shown (other than `...`)
/// appears in the command's output, in order.
#[test]
fn docs_traffic_examples_match_real_output() {
    let root = env!("CARGO_MANIFEST_DIR");
    let doc = std::fs::read_to_string(format!("{root}/docs/traffic.md")).expect("docs");
    let mut checked = 0;
    for block in doc.split("```console\n").skip(1) {
        let block = &block[..block.find("```").expect("closed block")];
        let mut lines = block.lines();
        let cmd = lines
            .next()
            .unwrap()
            .strip_prefix("$ kubectl svcx ")
            .unwrap();
        let out = svcx()
            .current_dir(root)
            .args(cmd.split_whitespace())
            .args(["--color", "never"])
            .output()
            .expect("runs");
        assert!(out.status.success(), "{cmd}");
        let actual = String::from_utf8(out.stdout).unwrap();
        let mut rest = actual.lines();
        for want in lines.filter(|l| l.trim() != "...") {
            assert!(
                rest.any(|got| got == want),
                "{cmd}: line not found (in order):\n{want}\n--- actual ---\n{actual}"
            );
        }
        checked += 1;
    }
    assert_eq!(checked, 4, "examples in docs/traffic.md");
}
