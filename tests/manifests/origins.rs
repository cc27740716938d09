//! Each object judged by where it came from (tests/fixtures/origins/), and pods from more than
//! the core workload kinds (tests/fixtures/workloads/): exact modes, codes, objects and the
//! first line of the text output.

use super::{run, stdout_of, want};
use crate::diagnose::{codes, finding, objects};
use crate::util::fixture;
use pretty_assertions::assert_eq;
use svcx::analysis::{InputMode, Severity};

fn path(rel: &str) -> String {
    fixture(rel).display().to_string()
}

fn modes(d: &svcx::analysis::Diagnosis) -> Vec<String> {
    d.services
        .iter()
        .map(|s| format!("{}/{} {}", s.namespace, s.name, s.mode.as_str()))
        .collect()
}

#[test]
fn a_bare_pod_manifest_next_to_deployments_keeps_the_input_manifests() {
    let d = run("origins/bare-pod-with-deployments.yaml");
    assert_eq!(d.mode, InputMode::Manifests);
    // No false selector-matches-no-pods, no loadbalancer-pending for a Service never applied.
    assert_eq!(
        codes(&d),
        want(&[("shop/cart", &[]), ("shop/frontend", &[])])
    );
    let (out, code) = stdout_of(&[
        "diagnose",
        "-f",
        &path("origins/bare-pod-with-deployments.yaml"),
    ]);
    assert_eq!(
        out.lines().next().unwrap(),
        "Manifest mode: nothing in the input carries cluster state (no uid, resourceVersion, creationTimestamp or status on 2 Services, 2 workloads, 1 Pod manifest), so workload pod templates stand in for pods."
    );
    assert_eq!(code, 0);
}

#[test]
fn a_never_applied_pod_is_a_would_be_pod() {
    let d = run("origins/never-applied-pod.yaml");
    assert_eq!(d.mode, InputMode::Manifests);
    assert_eq!(
        codes(&d),
        want(&[("lab/echo", &[])]),
        "no no-ready-endpoints"
    );
}

#[test]
fn a_dump_of_services_without_pods_is_input_without_pods() {
    let d = run("origins/services-dump.yaml");
    assert_eq!(d.mode, InputMode::WithoutPods);
    assert_eq!(codes(&d), want(&[("prod/api", &[]), ("prod/web", &[])]));
    assert_eq!(
        d.mode_reason,
        "2 Services carry cluster state but the input holds no Pod (a dump of Services without their Pods, e.g. kubectl get svc -A -o yaml), so checks that judge pods are skipped"
    );
    let (out, _) = stdout_of(&[
        "diagnose",
        "-f",
        &path("origins/services-dump.yaml"),
        "-o",
        "json",
    ]);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["mode"], "without-pods");
    assert_eq!(v["modeReason"], d.mode_reason.as_str());
    assert_eq!(v["services"][0]["mode"], "without-pods");
    assert_eq!(v["skippedCodes"][0], "selector-matches-no-pods");
}

#[test]
fn a_mix_judges_each_service_by_its_origin_and_says_so() {
    let d = run("origins/mixed.yaml");
    assert_eq!(d.mode, InputMode::Mixed);
    assert_eq!(modes(&d), ["prod/api live", "prod/web manifests"]);
    // prod/web is new (no status): judged on its Deployment's template, no loadbalancer-pending.
    assert_eq!(
        codes(&d),
        want(&[("prod/api", &["single-ready-endpoint"]), ("prod/web", &[])])
    );
    let (out, _) = stdout_of(&["diagnose", "-f", &path("origins/mixed.yaml")]);
    assert_eq!(
        out.lines().next().unwrap(),
        "Mixed input: the input mixes cluster state (Pods, 1 Service) with manifests not applied yet (1 Service, 1 workload); each Service is judged by where it and its pods came from: 1 Service on live state, 1 Service as manifests."
    );
    assert!(
        out.contains("\nprod/api  ClusterIP  1 info  (judged on live state)\n"),
        "{out}"
    );
    assert!(
        out.contains("\nprod/web  LoadBalancer  OK  (judged as a manifest)\n"),
        "{out}"
    );
    let (json, _) = stdout_of(&["diagnose", "-f", &path("origins/mixed.yaml"), "-o", "json"]);
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(v["mode"], "mixed");
    assert!(
        v["modeReason"]
            .as_str()
            .unwrap()
            .starts_with("the input mixes")
    );
}

#[test]
fn any_kind_with_a_pod_template_stands_in_for_pods() {
    let d = run("workloads/custom-kinds.yaml");
    assert_eq!(d.mode, InputMode::Manifests);
    assert_eq!(
        codes(&d),
        want(&[("shop/checkout", &[]), ("shop/legacy", &[])])
    );
}

#[test]
fn prometheus_operator_resources_make_pods_with_the_operators_labels_and_ports() {
    let d = run("workloads/prometheus-operator.yaml");
    assert_eq!(
        codes(&d),
        want(&[
            ("monitoring/alertmanager-main", &[]),
            ("monitoring/prometheus-k8s", &[]),
            ("monitoring/thanos-ruler", &["named-target-port-unresolved"]),
        ])
    );
    let f = finding(
        &d,
        "monitoring/thanos-ruler",
        "named-target-port-unresolved",
    );
    assert_eq!(objects(f), ["ThanosRuler/rules"]);
    assert_eq!(
        f.details,
        [
            "ThanosRuler rules: no container port named \"http\" (declares grpc=10901/TCP, web=10902/TCP, reloader-web=8080/TCP)"
        ]
    );
}

#[test]
fn selection_against_templates_names_missing_workloads_scaled_to_zero_and_abbreviations() {
    let d = run("workloads/selection.yaml");
    assert_eq!(
        codes(&d),
        want(&[
            ("elsewhere/cart", &["no-workloads-in-namespace"]),
            (
                "shop/pay",
                &["selector-matches-no-pods", "selector-near-miss"]
            ),
            ("shop/worker", &["selector-matches-only-scaled-to-zero"]),
        ])
    );
    let none = finding(&d, "elsewhere/cart", "no-workloads-in-namespace");
    assert_eq!(none.severity, Severity::Warning);
    assert_eq!(
        none.message,
        "The input holds no workload in namespace elsewhere, so nothing tells whether the selector app=cart will match pods: they may come from a workload in another file, or from an operator or controller that makes pods from its own resource."
    );
    let zero = finding(&d, "shop/worker", "selector-matches-only-scaled-to-zero");
    assert_eq!(zero.severity, Severity::Warning);
    assert_eq!(objects(zero), ["Deployment/worker"]);
    assert_eq!(
        zero.details,
        ["Deployment worker: replicas 0: no pods until scaled up"]
    );
    assert_eq!(
        finding(&d, "shop/pay", "selector-matches-no-pods").severity,
        Severity::Error
    );
    let near = finding(&d, "shop/pay", "selector-near-miss");
    assert_eq!(objects(near), ["Deployment/payment"]);
    assert_eq!(
        near.details,
        ["Deployment payment: app=payment (selector wants app=pay, an abbreviation of it)"]
    );
}

#[test]
fn explain_resolves_ports_on_each_template_and_says_what_is_unknown() {
    let file = path("workloads/prometheus-operator.yaml");
    let (json, code) = stdout_of(&[
        "explain",
        "alertmanager-main",
        "-n",
        "monitoring",
        "-f",
        &file,
        "-o",
        "json",
    ]);
    assert_eq!(code, 0);
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    let m = &v["manifest"];
    assert_eq!(
        m["workloads"],
        serde_json::json!([{"kind": "Alertmanager", "name": "main", "pods": "3 replicas", "madeBy": "prometheus-operator"}])
    );
    let ports: Vec<String> = m["ports"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            format!(
                "{} -> {} {} {}",
                p["name"].as_str().unwrap(),
                p["workload"].as_str().unwrap(),
                p["container"].as_str().unwrap(),
                p["targetPortNumber"]
            )
        })
        .collect();
    assert_eq!(
        ports,
        [
            "web -> Alertmanager main alertmanager 9093",
            "reloader-web -> Alertmanager main config-reloader 8080"
        ]
    );
    assert_eq!(
        m["unknown"],
        serde_json::json!([
            "cluster IP (allocated by the API server)",
            "endpoints: which pods run, their IPs and readiness"
        ])
    );
    assert_eq!(m["routedFrom"], serde_json::json!([]));
    assert_eq!(v["pods"], serde_json::json!([]));

    let (json, _) = stdout_of(&[
        "explain",
        "prometheus-k8s",
        "-n",
        "monitoring",
        "-f",
        &file,
        "-o",
        "json",
    ]);
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(
        v["manifest"]["routedFrom"],
        serde_json::json!([{"kind": "Ingress", "namespace": "monitoring", "name": "prometheus", "port": "web", "portExists": true}])
    );

    let (text, _) = stdout_of(&[
        "explain",
        "alertmanager-main",
        "-n",
        "monitoring",
        "-f",
        &file,
        "--width",
        "120",
        "--color",
        "never",
    ]);
    insta::assert_snapshot!("explain_operator_manifest_text", text);
}

#[test]
fn explain_of_a_live_service_has_no_manifest_view() {
    let (json, _) = stdout_of(&[
        "explain",
        "api",
        "-n",
        "prod",
        "-f",
        &path("origins/mixed.yaml"),
        "-o",
        "json",
    ]);
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert!(v.get("manifest").is_none(), "{json}");
    let (json, _) = stdout_of(&[
        "explain",
        "web",
        "-n",
        "prod",
        "-f",
        &path("origins/mixed.yaml"),
        "-o",
        "json",
    ]);
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(v["manifest"]["ports"][0]["targetPortNumber"], 8080);
    assert_eq!(
        v["manifest"]["unknown"],
        serde_json::json!([
            "cluster IP (allocated by the API server)",
            "endpoints: which pods run, their IPs and readiness",
            "node ports not set in the manifest (allocated by the API server)",
            "load-balancer address (set by the cloud provider)"
        ])
    );
}

/// `../shared/realworld` next to the repository, when present.
#[allow(clippy::print_stderr)]
fn realworld(rel: &str) -> Option<std::path::PathBuf> {
    let p = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/realworld")
        .join(rel);
    if p.exists() {
        Some(p)
    } else {
        eprintln!(
            "skipped: {} is absent (the public-manifest corpus)",
            p.display()
        );
        None
    }
}

#[test]
fn realworld_operator_services_and_a_bare_pod_next_to_online_boutique() {
    let (Some(kp), Some(ob)) = (realworld("kube-prometheus"), realworld("online-boutique")) else {
        return;
    };
    let (json, _) = stdout_of(&["diagnose", "-f", kp.to_str().unwrap(), "-o", "json"]);
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    for svc in ["alertmanager-main", "prometheus-k8s"] {
        let entry = v["services"]
            .as_array()
            .unwrap()
            .iter()
            .find(|s| s["name"] == svc)
            .unwrap_or_else(|| panic!("no {svc}"));
        assert_eq!(entry["status"], "ok", "{svc}: {json}");
    }
    let pod = path("origins/bare-pod-with-deployments.yaml");
    let (json, _) = stdout_of(&[
        "diagnose",
        "-f",
        ob.to_str().unwrap(),
        "-f",
        &pod,
        "-o",
        "json",
    ]);
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(v["mode"], "manifests");
    let codes: Vec<&str> = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["code"].as_str().unwrap())
        .collect();
    assert!(
        !codes.contains(&"selector-matches-no-pods") && !codes.contains(&"loadbalancer-pending"),
        "{codes:?}"
    );
}

#[test]
fn a_live_workload_scaled_to_zero_is_named_as_such() {
    let d = run("workloads/live-scaled-to-zero.yaml");
    assert_eq!(d.mode, InputMode::Live);
    assert_eq!(
        codes(&d),
        want(&[("jobs/worker", &["selector-matches-only-scaled-to-zero"])])
    );
    let f = finding(&d, "jobs/worker", "selector-matches-only-scaled-to-zero");
    assert_eq!(objects(f), ["Deployment/worker"]);
    assert_eq!(
        f.details,
        ["Deployment worker: replicas 0: no pods until scaled up"]
    );
}

#[test]
fn explain_of_a_selectorless_manifest_says_what_the_api_server_allocates() {
    let (json, _) = stdout_of(&[
        "explain",
        "db",
        "-n",
        "x",
        "-f",
        &path("origins/selectorless.yaml"),
        "-o",
        "json",
    ]);
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    let m = &v["manifest"];
    assert_eq!(
        m["reason"],
        "the Service carries no cluster state (no uid, resourceVersion, creationTimestamp or status): what the API server allocates is unknown until it is applied"
    );
    assert_eq!(m["workloads"], serde_json::json!([]));
    assert_eq!(m["ports"][0]["workload"], serde_json::Value::Null);
    assert_eq!(
        m["ports"][0]["note"],
        "no selector: endpoints come from EndpointSlices or Endpoints written by hand"
    );
    assert_eq!(
        m["unknown"],
        serde_json::json!(["cluster IP (allocated by the API server)"])
    );
    assert_eq!(v["endpointSlices"][0]["name"], "db-1");
}

#[test]
fn a_pod_manifest_next_to_a_dump_is_named_not_judged_as_a_pod() {
    let d = run("origins/live-service-manifest-pod.yaml");
    assert_eq!(d.mode, InputMode::Mixed);
    assert_eq!(
        codes(&d),
        want(&[(
            "lab/echo",
            &["selector-matches-no-pods", "selector-near-miss"]
        )])
    );
    let f = finding(&d, "lab/echo", "selector-near-miss");
    assert_eq!(objects(f), ["Pod/echo"]);
    assert_eq!(
        f.details,
        ["Pod echo: a Pod manifest in the input matches, but it is not applied (no status)"]
    );
}
