//! `diagnose` on manifests not applied yet (tests/fixtures/manifests-app/: a Helm-like app,
//! healthy and broken, an export of every workload kind, and a live dump with policies): exact
//! codes and objects per Service, the CLI's text, JSON and SARIF (validated against the vendored
//! SARIF 2.1.0 schema), and the rejection of `-o sarif` outside diagnose.

mod edges;
mod origins;
mod validation;

use crate::diagnose::{codes, finding, load, objects};
use crate::util::{fixture, svcx};
use pretty_assertions::assert_eq;
use std::collections::{BTreeMap, BTreeSet};
use svcx::analysis::{DiagnoseOptions, Diagnosis, InputMode, Scope, diagnose};
use svcx::model::{ControllerRules, KubeVersion};

/// Diagnoses with the newest rules (what the CLI uses without --kube-version or Nodes).
fn run(rel: &str) -> Diagnosis {
    run_with(rel, ControllerRules::default())
}

fn run_with(rel: &str, rules: ControllerRules) -> Diagnosis {
    let opts = DiagnoseOptions {
        rules,
        ..DiagnoseOptions::default()
    };
    diagnose(&load(&[rel]), &Scope::All, &opts)
}

fn want(pairs: &[(&str, &[&str])]) -> BTreeMap<String, BTreeSet<String>> {
    pairs
        .iter()
        .map(|(svc, codes)| {
            (
                (*svc).to_string(),
                codes.iter().map(|c| (*c).to_string()).collect(),
            )
        })
        .collect()
}

/// Unattached findings as `code objects`.
fn unattached(d: &Diagnosis) -> Vec<String> {
    d.unattached
        .iter()
        .map(|f| format!("{} {}", f.code, objects(f).join(",")))
        .collect()
}

fn subject(d: &Diagnosis, svc: &str, code: &str) -> Option<String> {
    finding(d, svc, code)
        .subject
        .as_ref()
        .map(|o| format!("{}/{}", o.kind, o.name))
}

fn stdout_of(args: &[&str]) -> (String, i32) {
    let out = svcx().args(args).output().unwrap();
    (
        String::from_utf8(out.stdout).unwrap(),
        out.status.code().unwrap(),
    )
}

fn dir(name: &str) -> String {
    fixture(&format!("manifests-app/{name}"))
        .display()
        .to_string()
}

#[test]
fn healthy_app_has_no_findings() {
    let d = run("manifests-app/healthy");
    assert_eq!(d.mode, InputMode::Manifests);
    assert_eq!(
        codes(&d),
        want(&[
            ("shop/api", &[]),
            ("shop/cart", &[]),
            ("shop/log-agent", &[]),
            ("shop/postgres", &[]),
            ("shop/postgres-headless", &[]),
            ("shop/smtp", &[]),
            ("shop/web", &[]),
            ("shop-canary/web-canary", &[]),
        ])
    );
    assert!(d.unattached.is_empty(), "{:?}", d.unattached);
}

#[test]
fn sidecar_named_ports_follow_the_controller_version() {
    // web's metrics port is declared only on a restartable init container (a sidecar): the
    // EndpointSlice controller resolves it from v1.33 on.
    let d = run_with(
        "manifests-app/healthy",
        ControllerRules::for_version(KubeVersion::new(1, 32)),
    );
    assert_eq!(
        codes(&d)["shop/web"],
        ["named-target-port-unresolved".to_string()].into()
    );
    let f = finding(&d, "shop/web", "named-target-port-unresolved");
    assert_eq!(f.severity, svcx::analysis::Severity::Error);
    assert_eq!(objects(f), ["Deployment/web"]);
    assert_eq!(
        f.details,
        [
            "Deployment web: \"metrics\" is declared only on a sidecar (port 9113); this version's EndpointSlice controller does not search sidecars (v1.33+ does)"
        ]
    );
}

#[test]
fn broken_app_fires_each_code_on_its_service() {
    let d = run("manifests-app/broken");
    assert_eq!(
        codes(&d),
        want(&[
            (
                "shop/api",
                &[
                    "readiness-probe-missing",
                    "target-port-mixed-numbers",
                    "network-policy-blocks-target-port",
                ]
            ),
            (
                "shop/cart",
                &[
                    "selector-matches-no-pods",
                    "selector-near-miss",
                    "route-backend-missing",
                ]
            ),
            ("shop/log-agent", &["network-policy-blocks-target-port"]),
            ("shop/postgres", &["statefulset-service-mismatch"]),
            ("shop/postgres-headless", &[]),
            ("shop/redis", &[]),
            ("shop/smtp", &["service-without-selector-no-endpoints"]),
            (
                "shop/web",
                &["named-target-port-unresolved", "ingress-backend-missing"]
            ),
        ])
    );
    assert_eq!(
        unattached(&d),
        [
            "ingress-backend-missing Ingress/shop",
            "statefulset-service-mismatch StatefulSet/redis",
            // web-canary of shop-canary, a namespace the input holds no Service of: a warning.
            "route-backend-missing HTTPRoute/shop",
        ]
    );
    let msg = |svc, code| finding(&d, svc, code).message.clone();
    assert!(msg("shop/cart", "route-backend-missing").contains(
        "8080 is the targetPort of port 80: a backend names the Service port, not the container port"
    ));
    assert!(msg("shop/web", "ingress-backend-missing").contains("port \"https\""));
    assert!(d.unattached[2].message.contains(
        "Service shop-canary/web-canary, and the input holds no Service in namespace shop-canary"
    ));
    assert!(msg("shop/postgres", "statefulset-service-mismatch").contains("is not headless"));

    // Findings name workloads, and point at what to change.
    let near = finding(&d, "shop/cart", "selector-near-miss");
    assert_eq!(objects(near), ["Deployment/cart"]);
    assert_eq!(
        near.details,
        [
            "Deployment cart: app.kubernetes.io/component=api (selector wants app.kubernetes.io/component=backend)"
        ]
    );
    let probe = finding(&d, "shop/api", "readiness-probe-missing");
    assert_eq!(objects(probe), ["Deployment/api-canary"]);
    assert_eq!(
        probe.details,
        [
            "container api: Service api port http (80/TCP) -> http, Service api port grpc (9000/TCP) -> grpc"
        ]
    );
    assert_eq!(
        finding(&d, "shop/api", "target-port-mixed-numbers").details,
        ["8080: Deployment api", "8081: Deployment api-canary"]
    );
    assert_eq!(
        objects(finding(&d, "shop/web", "named-target-port-unresolved")),
        ["Deployment/web"]
    );
    let np = finding(&d, "shop/api", "network-policy-blocks-target-port");
    assert_eq!(
        objects(np),
        [
            "NetworkPolicy/allow-api",
            "NetworkPolicy/default-deny-ingress",
            "Deployment/api-canary"
        ]
    );
    assert_eq!(
        np.details,
        [
            "Deployment api-canary: 8081/TCP (targetPort of port http) not allowed by any ingress rule of allow-api, default-deny-ingress"
        ]
    );
    // 24224 is allowed over UDP only; the Service port is TCP.
    assert_eq!(
        objects(finding(
            &d,
            "shop/log-agent",
            "network-policy-blocks-target-port"
        )),
        [
            "NetworkPolicy/allow-log-agent",
            "NetworkPolicy/default-deny-ingress",
            "DaemonSet/fluent-bit"
        ]
    );
    assert_eq!(
        subject(&d, "shop/api", "network-policy-blocks-target-port").as_deref(),
        Some("NetworkPolicy/allow-api")
    );
    assert_eq!(
        subject(&d, "shop/api", "readiness-probe-missing").as_deref(),
        Some("Deployment/api-canary")
    );
    assert_eq!(
        subject(&d, "shop/web", "ingress-backend-missing").as_deref(),
        Some("Ingress/shop")
    );
    assert_eq!(
        subject(&d, "shop/postgres", "statefulset-service-mismatch").as_deref(),
        Some("StatefulSet/postgres")
    );
    assert_eq!(subject(&d, "shop/cart", "selector-matches-no-pods"), None);
}

#[test]
fn every_workload_kind_counts_once() {
    let d = run("manifests-app/workloads-export.yaml");
    assert_eq!(d.mode, InputMode::Manifests);
    // The ReplicaSet web-6b8f5d7c9 holds an old revision (port "web", no probe): it is its
    // Deployment's, so only the Deployment's template counts. The Job report-29012340 is the
    // CronJob's. api-7c9d8f6b5's Deployment is not in the input: the ReplicaSet counts.
    assert_eq!(
        codes(&d),
        want(&[
            ("batch/agent", &["readiness-probe-missing"]),
            ("batch/api", &[]),
            ("batch/legacy", &["readiness-probe-missing"]),
            ("batch/migrate", &[]),
            ("batch/report", &["readiness-probe-missing"]),
            ("batch/web", &[]),
        ])
    );
    let details = |svc| finding(&d, svc, "readiness-probe-missing").details.clone();
    assert_eq!(
        finding(&d, "batch/agent", "readiness-probe-missing").message,
        "Container agent of DaemonSet agent (one pod per node) serves Service agent without a readinessProbe: its pods would count as ready as soon as the container starts, so they would get traffic before the application can answer it."
    );
    assert_eq!(
        details("batch/agent"),
        ["container agent: Service agent port metrics (9100/TCP) -> metrics"]
    );
    assert_eq!(
        details("batch/legacy"),
        ["container legacy: Service legacy port http (80/TCP) -> http"]
    );
    assert_eq!(
        details("batch/report"),
        ["container report: Service report port http (80/TCP) -> http"]
    );
    assert_eq!(
        objects(finding(&d, "batch/report", "readiness-probe-missing")),
        ["CronJob/report"]
    );
    assert!(d.unattached.is_empty());
}

#[test]
fn live_state_gets_the_new_checks_on_pods() {
    let d = run("manifests-app/live-with-policy.yaml");
    assert_eq!(d.mode, InputMode::Live);
    assert_eq!(
        codes(&d),
        want(&[(
            "pods/healthy",
            &[
                "ingress-backend-missing",
                "network-policy-blocks-target-port"
            ]
        )])
    );
    assert_eq!(
        objects(finding(
            &d,
            "pods/healthy",
            "network-policy-blocks-target-port"
        )),
        [
            "NetworkPolicy/allow-metrics",
            "NetworkPolicy/deny-all",
            "Pod/healthy-1",
            "Pod/healthy-2"
        ]
    );
}

#[test]
fn text_output() {
    for name in ["healthy", "broken", "workloads-export.yaml"] {
        let (text, code) = stdout_of(&[
            "diagnose",
            "-f",
            &dir(name),
            "--width",
            "120",
            "--color",
            "never",
        ]);
        assert_eq!(code, if name == "broken" { 1 } else { 0 }, "{name}");
        assert!(text.starts_with("Manifest mode: "), "{name}");
        insta::assert_snapshot!(
            format!("manifests_{}_text", name.trim_end_matches(".yaml")),
            text
        );
    }
}

#[test]
fn exit_codes_follow_fail_on() {
    let healthy = dir("healthy");
    assert_eq!(
        stdout_of(&["diagnose", "-f", &healthy, "--fail-on", "info"]).1,
        0
    );
    let export = dir("workloads-export.yaml");
    assert_eq!(stdout_of(&["diagnose", "-A", "-f", &export]).1, 0);
    assert_eq!(
        stdout_of(&["diagnose", "-A", "-f", &export, "--fail-on", "warning"]).1,
        1
    );
}

#[test]
fn json_says_which_checks_were_skipped() {
    let (text, _) = stdout_of(&["diagnose", "-f", &dir("healthy"), "-o", "json"]);
    let v: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(v["mode"], "manifests");
    let skipped: Vec<&str> = v["skippedCodes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c.as_str().unwrap())
        .collect();
    let want: Vec<&str> = InputMode::SKIPPED_IN_MANIFESTS
        .iter()
        .map(|c| c.as_str())
        .collect();
    assert_eq!(skipped, want);
    assert!(skipped.contains(&"slice-stale") && skipped.contains(&"pods-not-ready"));
}

/// The `language` pattern of the SARIF 2.1.0 schema (OASIS and schemastore alike) has a stray
/// `]` that only ECMAScript's Annex B accepts, so a strict validator refuses the schema itself.
/// We never write `language`; the keyword is dropped from the in-memory copy only, so the
/// vendored file stays byte-identical to its source.
const BROKEN_LANGUAGE_PATTERN: &str = "^[a-zA-Z]{2}|^[a-zA-Z]{2}-[a-zA-Z]{2}]?$";

fn drop_broken_patterns(v: &mut serde_json::Value) -> usize {
    match v {
        serde_json::Value::Object(map) => {
            let mut n = 0;
            if map.get("pattern").and_then(|p| p.as_str()) == Some(BROKEN_LANGUAGE_PATTERN) {
                map.remove("pattern");
                n += 1;
            }
            n + map.values_mut().map(drop_broken_patterns).sum::<usize>()
        }
        serde_json::Value::Array(items) => items.iter_mut().map(drop_broken_patterns).sum(),
        _ => 0,
    }
}

/// Validates a SARIF log against the vendored SARIF 2.1.0 schema (draft-04).
fn assert_valid_sarif(log: &serde_json::Value) {
    let errors = sarif_errors(log);
    assert!(errors.is_empty(), "SARIF schema violations: {errors:#?}");
}

fn sarif_errors(log: &serde_json::Value) -> Vec<String> {
    let mut schema: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(fixture("sarif/sarif-schema-2.1.0.json")).unwrap(),
    )
    .unwrap();
    assert_eq!(
        drop_broken_patterns(&mut schema),
        2,
        "run.language and toolComponent.language"
    );
    let validator = jsonschema::draft4::new(&schema).expect("the schema compiles");
    validator
        .iter_errors(log)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect()
}

#[test]
fn the_schema_check_catches_invalid_sarif() {
    let (log, _) = sarif(&["diagnose", "-f", &dir("broken"), "-o", "sarif"]);
    assert!(sarif_errors(&log).is_empty());
    let mut bad = log.clone();
    bad["runs"][0]["results"][0]["level"] = "info".into();
    assert_eq!(sarif_errors(&bad).len(), 1, "SARIF has no level info");
    let mut bad = log;
    bad["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"]["startLine"] =
        0.into();
    assert_eq!(sarif_errors(&bad).len(), 1, "lines start at 1");
}

fn sarif(args: &[&str]) -> (serde_json::Value, i32) {
    let (text, code) = stdout_of(args);
    (serde_json::from_str(&text).expect("SARIF is JSON"), code)
}

#[test]
fn sarif_is_valid_and_points_at_the_offending_objects() {
    // Relative paths as given, as code scanning expects (run from the repository root).
    let root = env!("CARGO_MANIFEST_DIR");
    let out = svcx()
        .current_dir(root)
        .args([
            "diagnose",
            "-f",
            "tests/fixtures/manifests-app/broken/",
            "--fail-on",
            "warning",
            "-o",
            "sarif",
        ])
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(1),
        "--fail-on still decides the exit"
    );
    let log: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_valid_sarif(&log);
    assert_eq!(log["version"], "2.1.0");
    let run = &log["runs"][0];
    let driver = &run["tool"]["driver"];
    assert_eq!(driver["name"], "kubectl-svcx");
    assert_eq!(driver["version"], env!("CARGO_PKG_VERSION"));
    let rules = driver["rules"].as_array().unwrap();
    assert_eq!(rules.len(), svcx::analysis::Code::ALL.len());
    for (rule, code) in rules.iter().zip(svcx::analysis::Code::ALL) {
        assert_eq!(rule["id"], code.as_str());
        assert_eq!(rule["helpUri"], code.docs_url());
        assert_eq!(rule["shortDescription"]["text"], code.summary());
    }
    let dir = "tests/fixtures/manifests-app/broken/";
    let results: Vec<(String, String, String, u64)> = run["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            let loc = &r["locations"][0]["physicalLocation"];
            let uri = loc["artifactLocation"]["uri"].as_str().unwrap();
            (
                r["ruleId"].as_str().unwrap().to_string(),
                r["level"].as_str().unwrap().to_string(),
                uri.strip_prefix(dir).unwrap_or(uri).to_string(),
                loc["region"]["startLine"].as_u64().unwrap(),
            )
        })
        .collect();
    let row = |rule: &str, level: &str, file: &str, line| {
        (rule.to_string(), level.to_string(), file.to_string(), line)
    };
    assert_eq!(
        results,
        [
            // shop/cart (the Service, its HTTPRoute, the Service again for the near miss)
            row("selector-matches-no-pods", "error", "api.yaml", 90),
            row("route-backend-missing", "error", "httproute.yaml", 5),
            row("selector-near-miss", "note", "api.yaml", 90),
            // shop/web
            row("named-target-port-unresolved", "error", "web.yaml", 5),
            row("ingress-backend-missing", "error", "ingress.yaml", 3),
            // shop/api: the canary Deployment, the first policy, the Service
            row("readiness-probe-missing", "warning", "api.yaml", 59),
            row(
                "network-policy-blocks-target-port",
                "warning",
                "networkpolicy.yaml",
                38
            ),
            row("target-port-mixed-numbers", "note", "api.yaml", 3),
            // shop/log-agent, shop/postgres, shop/smtp
            row(
                "network-policy-blocks-target-port",
                "warning",
                "networkpolicy.yaml",
                74
            ),
            row(
                "statefulset-service-mismatch",
                "warning",
                "postgres.yaml",
                35
            ),
            row(
                "service-without-selector-no-endpoints",
                "warning",
                "smtp.yaml",
                5
            ),
            // objects of no existing Service
            row("ingress-backend-missing", "error", "ingress.yaml", 3),
            row("statefulset-service-mismatch", "warning", "redis.yaml", 16),
            row("route-backend-missing", "warning", "httproute.yaml", 5),
        ]
    );
    // The lines are where the objects start.
    let text = |file: &str| std::fs::read_to_string(format!("{root}/{dir}{file}")).unwrap();
    let line = |file: &str, n: usize| text(file).lines().nth(n - 1).unwrap().to_string();
    assert_eq!(line("api.yaml", 59), "apiVersion: apps/v1");
    assert_eq!(line("api.yaml", 60), "kind: Deployment");
    assert!(
        text("networkpolicy.yaml")
            .lines()
            .skip(37)
            .take(4)
            .any(|l| l == "  name: allow-api")
    );
    assert!(
        text("postgres.yaml")
            .lines()
            .skip(34)
            .take(4)
            .any(|l| l == "kind: StatefulSet")
    );
    // Related locations: the Service and the other objects.
    let np = &run["results"][6];
    let related: Vec<String> = np["relatedLocations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["message"]["text"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(
        related,
        [
            "deployment/api-canary -n shop",
            "networkpolicy/default-deny-ingress -n shop",
            "service/api -n shop"
        ]
    );
    assert!(
        np["message"]["text"]
            .as_str()
            .unwrap()
            .starts_with("Service shop/api: NetworkPolicies allow-api, default-deny-ingress select 1 of the 2 pod templates behind the Service and none of their ingress rules allows 8081/TCP")
    );
    assert_eq!(np["properties"]["service"], "api");
}

#[test]
fn sarif_of_lists_healthy_input_and_stdin_is_valid() {
    // List items are located at their own lines.
    let (log, code) = sarif(&[
        "diagnose",
        "-f",
        &dir("workloads-export.yaml"),
        "-o",
        "sarif",
    ]);
    assert_eq!(code, 0);
    assert_valid_sarif(&log);
    let lines: Vec<u64> = log["runs"][0]["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            r["locations"][0]["physicalLocation"]["region"]["startLine"]
                .as_u64()
                .unwrap()
        })
        .collect();
    // DaemonSet agent, ReplicationController legacy, CronJob report.
    assert_eq!(lines, [69, 86, 122]);
    // A live dump (a List of Services, Pods, slices...) works the same: the Service's item line.
    let (log, code) = sarif(&[
        "diagnose",
        "-f",
        &crate::util::scenario("selector-typo"),
        "-o",
        "sarif",
    ]);
    assert_eq!(code, 1);
    assert_valid_sarif(&log);
    let first = &log["runs"][0]["results"][0];
    assert_eq!(first["ruleId"], "selector-matches-no-pods");
    let svc_line = first["locations"][0]["physicalLocation"]["region"]["startLine"]
        .as_u64()
        .unwrap() as usize;
    let dump = std::fs::read_to_string(crate::util::scenario("selector-typo")).unwrap();
    let item: Vec<&str> = dump.lines().skip(svc_line - 1).take(40).collect();
    assert_eq!(item[0], "- apiVersion: v1");
    assert!(item.contains(&"  kind: Service") && item.contains(&"    name: web"));
    let (log, _) = sarif(&["diagnose", "-f", &dir("healthy"), "-o", "sarif"]);
    assert_valid_sarif(&log);
    assert_eq!(log["runs"][0]["results"], serde_json::json!([]));
    // From stdin there is no file to point at: results without locations, still valid.
    let text = std::fs::read_to_string(fixture("manifests-app/broken/postgres.yaml")).unwrap();
    let out = svcx()
        .args(["diagnose", "-f", "-", "-o", "sarif"])
        .write_stdin(text)
        .output()
        .unwrap();
    let log: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_valid_sarif(&log);
    let r = &log["runs"][0]["results"][0];
    assert_eq!(r["ruleId"], "statefulset-service-mismatch");
    assert!(r.get("locations").is_none());
}

#[test]
fn sarif_is_for_diagnose_only() {
    let out = svcx()
        .args([
            "explain",
            "web",
            "-n",
            "shop",
            "-f",
            &dir("healthy"),
            "-o",
            "sarif",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty());
    assert_eq!(
        String::from_utf8(out.stderr).unwrap(),
        "error: -o sarif is only available for diagnose (use -o text, json or yaml)\n"
    );
}
