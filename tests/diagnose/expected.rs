//! Every real-cluster scenario against tests/fixtures/EXPECTED.json: each expected code is found,
//! nothing outside expected + allowed is (a false alarm), and `healthy` means no finding at all.

use super::{codes, finding, load, objects, run};
use pretty_assertions::assert_eq;
use serde_json::Value;
use std::collections::BTreeSet;

fn expected() -> Value {
    let text = std::fs::read_to_string(crate::util::fixture("EXPECTED.json")).unwrap();
    serde_json::from_str(&text).unwrap()
}

fn strings(v: &Value) -> BTreeSet<String> {
    v.as_array()
        .unwrap()
        .iter()
        .map(|s| s.as_str().unwrap().to_string())
        .collect()
}

#[test]
fn every_scenario_matches_the_ground_truth() {
    let truth = expected();
    let scenarios = truth["scenarios"].as_object().unwrap();
    assert_eq!(scenarios.len(), 13);
    for (name, scenario) in scenarios {
        for file in ["cluster.yaml", "cluster.json"] {
            let has = scenario["files"]
                .as_array()
                .unwrap()
                .iter()
                .any(|f| f == file);
            if !has {
                continue;
            }
            let d = run(&load(&[&format!("{name}/{file}")]));
            let found = codes(&d);
            let services = scenario["services"].as_object().unwrap();
            assert_eq!(
                found.keys().cloned().collect::<BTreeSet<_>>(),
                services.keys().cloned().collect::<BTreeSet<_>>(),
                "{name}/{file}: services"
            );
            for (svc, want) in services {
                let mut expected = strings(&want["expected_codes"]);
                let allowed = strings(&want["allowed_codes"]);
                let got = &found[svc];
                if expected.remove("healthy") {
                    assert!(got.is_empty(), "{name}/{file} {svc}: healthy, got {got:?}");
                    continue;
                }
                for code in &expected {
                    assert!(
                        got.contains(code),
                        "{name}/{file} {svc}: missing {code}; got {got:?}"
                    );
                }
                for code in got {
                    assert!(
                        expected.contains(code) || allowed.contains(code),
                        "{name}/{file} {svc}: false alarm {code}"
                    );
                }
            }
            assert!(d.unattached.is_empty(), "{name}/{file}: {:?}", d.unattached);
        }
    }
}

#[test]
fn stale_slices_name_the_pods_and_the_slice() {
    let d = run(&load(&["stale-controller-down/cluster.yaml"]));
    let f = finding(&d, "stale-controller-down/cache", "slice-stale");
    assert_eq!(f.severity.as_str(), "error");
    assert_eq!(
        objects(f),
        [
            "Pod/cache-2",
            "Pod/cache-3",
            "Pod/cache-5",
            "Pod/cache-7",
            "Pod/cache-8",
            "EndpointSlice/cache-x26mx"
        ]
    );
    assert_eq!(
        f.details,
        [
            "missing from every slice: cache-7, cache-8",
            "cache-2 in cache-x26mx: listed, but its pod no longer exists",
            "cache-5 in cache-x26mx: listed, but its pod no longer exists",
            "cache-3 in cache-x26mx: ready true (should be false), serving true (should be false)",
        ]
    );
}

#[test]
fn after_the_controller_restart_nothing_is_stale() {
    // The real controller's own output for the same pods: our comparison must agree with it.
    let d = run(&load(&[
        "stale-controller-down/after-controller-restart.yaml",
    ]));
    let got = &codes(&d)["stale-controller-down/cache"];
    assert_eq!(got, &BTreeSet::from(["pods-not-ready".to_string()]));
}

#[test]
fn objects_of_the_real_scenarios() {
    let cases: &[(&str, &str, &str, &[&str])] = &[
        (
            "selector-typo",
            "selector-typo/web",
            "selector-near-miss",
            &[
                "Pod/web-99b5b6464-5xxdx",
                "Pod/web-99b5b6464-ccgvc",
                "Pod/web-99b5b6464-gkxpw",
            ],
        ),
        (
            "selector-typo",
            "selector-typo/web",
            "selector-matches-no-pods",
            &[],
        ),
        (
            "named-port-partial",
            "named-port-partial/shop",
            "named-target-port-unresolved",
            &[
                "Pod/shop-v2-7d5f78d4df-2d7gl",
                "Pod/shop-v2-7d5f78d4df-kj2xg",
            ],
        ),
        (
            "named-port-partial",
            "named-port-partial/shop",
            "slice-without-ports",
            &[
                "EndpointSlice/shop-rm8mf",
                "Pod/shop-v2-7d5f78d4df-2d7gl",
                "Pod/shop-v2-7d5f78d4df-kj2xg",
            ],
        ),
        (
            "no-ready",
            "no-ready/api",
            "pods-not-ready",
            &[
                "Pod/api-549ff7786d-rg7f6",
                "Pod/api-549ff7786d-rqfg5",
                "Pod/api-549ff7786d-xjx92",
            ],
        ),
        (
            "headless-publish",
            "headless-publish/db",
            "pods-not-ready",
            &["Pod/db-2"],
        ),
        (
            "headless-publish",
            "headless-publish/db",
            "publish-not-ready-addresses",
            &["Pod/db-2"],
        ),
        (
            "etp-local",
            "etp-local/ingress-gw",
            "external-traffic-local-no-local-endpoints",
            &["Node/node-2", "Node/node-3"],
        ),
        (
            "stale-controller-down",
            "stale-controller-down/cache",
            "pods-not-ready",
            &["Pod/cache-3"],
        ),
        (
            "terminating",
            "terminating/api",
            "terminating-endpoints",
            &["Pod/api-3", "Pod/api-4"],
        ),
        (
            "lb-pending-externalname",
            "lb-pending-externalname/legacy-api",
            "externalname-with-selector",
            &["Pod/legacy-api-0"],
        ),
        (
            "lb-pending-externalname",
            "lb-pending-externalname/frontend",
            "loadbalancer-pending",
            &[],
        ),
        (
            "over-capacity",
            "over-capacity/bulk",
            "endpoints-over-capacity",
            &["Endpoints/bulk"],
        ),
        (
            "selectorless-manual",
            "selectorless-manual/external-cache",
            "service-without-selector-no-endpoints",
            &[],
        ),
    ];
    for (scenario, svc, code, want) in cases {
        let d = run(&load(&[&format!("{scenario}/cluster.yaml")]));
        assert_eq!(objects(finding(&d, svc, code)), *want, "{svc} {code}");
    }
}

#[test]
fn reasons_of_pods_not_ready_come_from_conditions_and_statuses() {
    let d = run(&load(&["no-ready/cluster.yaml"]));
    assert_eq!(
        finding(&d, "no-ready/api", "pods-not-ready").details,
        [
            "api-549ff7786d-rg7f6: container api running but failing its readiness probe",
            "api-549ff7786d-rqfg5: container api running but failing its readiness probe",
            "api-549ff7786d-xjx92: readiness gate example.com/lb-registered is False",
        ]
    );
}

#[test]
fn severities_of_the_real_scenarios() {
    let d = run(&load(&["named-port-partial/cluster.yaml"]));
    // Two of four pods resolve "http": a warning, not an error.
    let f = finding(
        &d,
        "named-port-partial/shop",
        "named-target-port-unresolved",
    );
    assert_eq!(f.severity.as_str(), "warning");
    let d = run(&load(&["etp-local/cluster.yaml"]));
    let f = finding(
        &d,
        "etp-local/ingress-gw",
        "external-traffic-local-no-local-endpoints",
    );
    assert_eq!(f.severity.as_str(), "warning");
}
