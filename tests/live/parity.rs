//! `explain` through the fake server equals `explain -f` on the same dump, for every Service of
//! every scenario. The only difference allowed: where the rules' version came from (the live
//! server's `/version` v1.32.6 vs the Nodes' kubelet v1.32.6 offline): same version, other source.

use super::{scenarios, serve, stdout_ok, svcx_live};
use crate::support::fake_apiserver::resource;
use crate::util::{scenario, svcx};
use serde_json::Value;

#[test]
fn explain_live_equals_explain_from_file_for_every_service_of_every_scenario() {
    let mut compared = 0;
    for name in scenarios() {
        let server = serve(&name);
        let services: Vec<(String, String)> = server
            .store()
            .objects(&resource("services"))
            .iter()
            .map(|o| (o.namespace.clone().unwrap(), o.name.clone()))
            .collect();
        assert!(!services.is_empty(), "{name}: no services");
        for (ns, svc) in services {
            let offline: Value = serde_json::from_str(&stdout_ok(
                svcx()
                    .args(["explain", &svc, "-n", &ns, "-o", "json", "-f"])
                    .arg(scenario(&name)),
            ))
            .unwrap();
            let mut live: Value = serde_json::from_str(&stdout_ok(
                svcx_live(&server).args(["explain", &svc, "-n", &ns, "-o", "json"]),
            ))
            .unwrap();
            assert_eq!(live["rules"]["source"], "server", "{name} {svc}");
            assert_eq!(offline["rules"]["source"], "node-kubelets", "{name} {svc}");
            live["rules"]["source"] = offline["rules"]["source"].clone();
            pretty_assertions::assert_eq!(live, offline, "{name}: {ns}/{svc}");
            compared += 1;
        }
    }
    assert!(compared >= 15, "compared only {compared} services");
}

/// `simulate` live takes the same scoped fetch as `explain`, so its plan matches the offline one
/// (stale: the plan is not empty; healthy: it is).
#[test]
fn simulate_live_equals_simulate_from_file() {
    for (name, svc) in [("stale-controller-down", "cache"), ("large-250", "web")] {
        let server = serve(name);
        let offline: Value = serde_json::from_str(&stdout_ok(
            svcx()
                .args(["simulate", svc, "-n", name, "-o", "json", "-f"])
                .arg(scenario(name)),
        ))
        .unwrap();
        let mut live: Value = serde_json::from_str(&stdout_ok(
            svcx_live(&server).args(["simulate", svc, "-n", name, "-o", "json"]),
        ))
        .unwrap();
        assert_eq!(live["rules"]["source"], "server", "{name}");
        live["rules"]["source"] = offline["rules"]["source"].clone();
        pretty_assertions::assert_eq!(live, offline, "{name}/{svc}");
    }
}

/// `diagnose` live (paged lists of the namespace, or of everything with -A) finds exactly what it
/// finds in the dump of the same cluster, with the same exit status.
#[test]
fn diagnose_live_equals_diagnose_from_file() {
    for name in [
        "stale-controller-down",
        "selector-typo",
        "named-port-partial",
        "etp-local",
    ] {
        let server = serve(name);
        for args in [vec!["-A"], vec!["-n", name], vec![name_service(name)]] {
            let mut offline_cmd = svcx();
            offline_cmd
                .args(["diagnose", "-o", "json"])
                .args(&args)
                .arg("-f")
                .arg(scenario(name));
            let offline = offline_cmd.output().unwrap();
            let mut live_cmd = svcx_live(&server);
            live_cmd.args(["diagnose", "-o", "json"]).args(&args);
            if args[0] != "-n" {
                live_cmd.args(["-n", name]);
            }
            let live = live_cmd.output().unwrap();
            assert_eq!(live.status.code(), offline.status.code(), "{name} {args:?}");
            let a: Value = serde_json::from_slice(&live.stdout).unwrap();
            let b: Value = serde_json::from_slice(&offline.stdout).unwrap();
            pretty_assertions::assert_eq!(a, b, "{name} {args:?}");
        }
    }
}

fn name_service(scenario: &str) -> &'static str {
    match scenario {
        "stale-controller-down" => "cache",
        "etp-local" => "ingress-gw",
        "selector-typo" => "web",
        _ => "shop",
    }
}

/// Events are listed live (only those about Services), so `topology-hints-not-applied` carries
/// the controller's events as details just as it does from a dump that holds them.
#[test]
fn diagnose_live_shows_the_services_topology_events() {
    let file = crate::util::fixture("diagnose/topology.yaml");
    let server =
        crate::support::fake_apiserver::FakeApiServer::from_files(std::slice::from_ref(&file));
    let offline = svcx()
        .args(["diagnose", "-o", "json", "-n", "topology", "-f"])
        .arg(&file)
        .output()
        .unwrap();
    let live = svcx_live(&server)
        .args(["diagnose", "-o", "json", "-n", "topology"])
        .output()
        .unwrap();
    assert_eq!(live.status.code(), offline.status.code());
    let a: Value = serde_json::from_slice(&live.stdout).unwrap();
    let b: Value = serde_json::from_slice(&offline.stdout).unwrap();
    pretty_assertions::assert_eq!(a, b);
    let text = a.to_string();
    assert!(
        text.contains("Insufficient number of endpoints (2 endpoints, 3 zones)"),
        "{text}"
    );
    let events: Vec<String> = server
        .requests()
        .iter()
        .filter(|r| r.path.ends_with("/events"))
        .map(|r| r.describe())
        .collect();
    assert_eq!(
        events,
        [
            "GET /api/v1/namespaces/topology/events?fieldSelector=involvedObject.kind=Service&limit=500"
        ]
    );
}
