//! The `diagnose` command through the real binary: output, exit codes, flags.

use crate::util::{scenario, svcx};
use predicates::str::contains;

fn demo() -> &'static str {
    "examples/cluster.yaml"
}

fn stdout_of(args: &[&str]) -> (String, i32) {
    let out = svcx().args(args).output().unwrap();
    (
        String::from_utf8(out.stdout).unwrap(),
        out.status.code().unwrap(),
    )
}

#[test]
fn demo_cluster_text() {
    let (text, code) = stdout_of(&[
        "diagnose",
        "-A",
        "-f",
        demo(),
        "--width",
        "120",
        "--color",
        "never",
    ]);
    assert_eq!(code, 1, "errors found: exit 1");
    insta::assert_snapshot!("demo_cluster_text", text);
}

#[test]
fn own_fixtures_text() {
    for name in ["pods", "slices", "stale"] {
        let (text, _) = stdout_of(&[
            "diagnose",
            "-f",
            &crate::util::fixture(&format!("diagnose/{name}.yaml"))
                .display()
                .to_string(),
            "--width",
            "120",
            "--color",
            "never",
        ]);
        insta::assert_snapshot!(format!("fixture_{name}_text"), text);
    }
}

#[test]
fn colour_passes_through() {
    let (text, _) = stdout_of(&[
        "diagnose",
        "-f",
        &scenario("etp-local"),
        "--width",
        "120",
        "--color",
        "always",
    ]);
    assert!(text.contains("\u{1b}["), "escape codes expected");
    insta::assert_snapshot!("etp_local_color", text);
    let (plain, _) = stdout_of(&["diagnose", "-f", &scenario("etp-local"), "--color", "never"]);
    assert!(!plain.contains('\u{1b}'));
}

#[test]
fn json_document() {
    let (text, code) = stdout_of(&[
        "diagnose",
        "-f",
        &scenario("stale-controller-down"),
        "-o",
        "json",
    ]);
    assert_eq!(code, 1);
    insta::assert_snapshot!("stale_json", text);
    let v: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(v["apiVersion"], "svcx/v1alpha1");
    assert_eq!(v["kind"], "Diagnosis");
    assert_eq!(
        v["summary"],
        serde_json::json!({"services": 1, "ok": 0, "errors": 1, "warnings": 1, "infos": 0})
    );
    let f = &v["findings"][0];
    assert_eq!(f["code"], "slice-stale");
    assert_eq!(f["severity"], "error");
    assert_eq!(f["namespace"], "stale-controller-down");
    assert_eq!(f["service"], "cache");
    assert_eq!(
        f["docs"],
        "https://github.com/kubectl-svcx/kubectl-svcx/blob/main/docs/findings.md#slice-stale"
    );
    assert_eq!(
        f["objects"][5],
        serde_json::json!({"kind": "EndpointSlice", "namespace": "stale-controller-down", "name": "cache-x26mx"})
    );
}

#[test]
fn yaml_document_of_a_healthy_cluster() {
    let (text, code) = stdout_of(&[
        "diagnose",
        "-f",
        &scenario("healthy-clusterip"),
        "-o",
        "yaml",
    ]);
    assert_eq!(code, 0);
    assert!(
        text.starts_with("apiVersion: svcx/v1alpha1\nkind: Diagnosis\nfindings: []\n"),
        "{text}"
    );
    assert!(text.contains("status: ok"), "{text}");
}

#[test]
fn healthy_service_is_one_line() {
    let (text, code) = stdout_of(&[
        "diagnose",
        "-f",
        &scenario("healthy-clusterip"),
        "--color",
        "never",
    ]);
    assert_eq!(code, 0);
    assert_eq!(
        text,
        "healthy-clusterip/web  ClusterIP  OK\n\nSummary: 1 service diagnosed, 1 OK; 0 errors, 0 warnings, 0 infos.\n"
    );
}

#[test]
fn fail_on_thresholds() {
    let cases: &[(&str, &[&str], i32)] = &[
        ("etp-local", &[], 0),
        ("etp-local", &["--fail-on", "warning"], 1),
        ("etp-local", &["--fail-on", "error"], 0),
        ("terminating", &["--fail-on", "info"], 1),
        ("terminating", &["--fail-on", "warning"], 0),
        ("stale-controller-down", &[], 1),
        ("stale-controller-down", &["--fail-on", "never"], 0),
        ("healthy-clusterip", &["--fail-on", "info"], 0),
    ];
    for (s, extra, want) in cases {
        let mut args = vec!["diagnose", "-f"];
        let path = scenario(s);
        args.push(&path);
        args.extend_from_slice(extra);
        let (_, code) = stdout_of(&args);
        assert_eq!(code, *want, "{s} {extra:?}");
    }
}

#[test]
fn ignore_leaves_codes_out() {
    let (text, code) = stdout_of(&[
        "diagnose",
        "-f",
        &scenario("stale-controller-down"),
        "--ignore",
        "slice-stale",
        "--ignore",
        "pods-not-ready",
        "--color",
        "never",
    ]);
    assert_eq!(code, 0);
    assert!(
        text.starts_with("stale-controller-down/cache  ClusterIP  OK\n"),
        "{text}"
    );
}

#[test]
fn unknown_ignore_code_is_a_usage_error() {
    svcx()
        .args([
            "diagnose",
            "-f",
            &scenario("etp-local"),
            "--ignore",
            "slice-stal",
        ])
        .assert()
        .code(2)
        .stderr(contains("unknown finding code \"slice-stal\""))
        .stderr(contains("slice-stale"));
}

#[test]
fn service_and_all_namespaces_conflict() {
    svcx()
        .args(["diagnose", "web", "-A", "-f", demo()])
        .assert()
        .code(2)
        .stdout("")
        .stderr("error: a Service cannot be named across all namespaces: drop -A, or the Service name\n");
}

#[test]
fn one_service_by_name_or_namespace_slash_name() {
    for target in ["cache", "stale-controller-down/cache"] {
        let (text, code) = stdout_of(&["diagnose", target, "-f", demo(), "--color", "never"]);
        assert_eq!(code, 1);
        assert!(
            text.starts_with("stale-controller-down/cache  ClusterIP  1 error, 1 warning\n"),
            "{text}"
        );
        assert!(
            text.ends_with("Summary: 1 service diagnosed, 0 OK; 1 error, 1 warning, 0 infos.\n"),
            "{text}"
        );
    }
    svcx()
        .args(["diagnose", "nope", "-n", "etp-local", "-f", demo()])
        .assert()
        .code(2)
        .stderr(contains(
            "service \"nope\" not found in namespace \"etp-local\"",
        ));
}

#[test]
fn namespace_scope_and_default_scope() {
    let (text, code) = stdout_of(&[
        "diagnose",
        "-n",
        "etp-local",
        "-f",
        demo(),
        "--color",
        "never",
    ]);
    assert_eq!(code, 0);
    assert!(
        text.starts_with("etp-local/ingress-gw  NodePort  1 warning\n"),
        "{text}"
    );
    assert!(text.ends_with("Summary: 1 service diagnosed, 0 OK; 0 errors, 1 warning, 0 infos.\n"));
    // With files and neither SERVICE, -n nor -A: every namespace in the files.
    let (all, _) = stdout_of(&["diagnose", "-f", demo(), "--color", "never"]);
    let (with_a, _) = stdout_of(&["diagnose", "-A", "-f", demo(), "--color", "never"]);
    assert_eq!(all, with_a);
    assert!(all.contains("Summary: 16 services diagnosed"), "{all}");
    // A namespace that holds nothing is no silent success (docs/input.md).
    let out = crate::util::svcx()
        .args(["diagnose", "-n", "nothing-here", "-f", demo()])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty());
    assert_eq!(
        String::from_utf8(out.stderr).unwrap(),
        "error: no Service in namespace nothing-here; the files hold Services in: etp-local (1), headless-publish (1), healthy-clusterip (1), kube-system (1), lb-pending-externalname (2), named-port-partial (1), no-ready (1), reach-demo (2), selector-typo (1), selectorless-manual (2), stale-controller-down (1), terminating (1), topology-hints-applied (1)\n"
    );
}

#[test]
fn help_examples_work() {
    let help = svcx().args(["diagnose", "--help"]).output().unwrap();
    let help = String::from_utf8(help.stdout).unwrap();
    let examples: Vec<&str> = help
        .lines()
        .map(str::trim)
        .filter(|l| {
            l.starts_with("kubectl svcx diagnose") && l.contains("-f examples/cluster.yaml")
        })
        .collect();
    assert!(examples.len() >= 3, "{help}");
    for ex in examples {
        let args: Vec<&str> = ex.split_whitespace().skip(2).collect();
        let out = svcx().args(&args).output().unwrap();
        let code = out.status.code().unwrap();
        assert!(
            code == 0 || code == 1,
            "{ex}: exit {code}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(!out.stdout.is_empty(), "{ex}");
    }
}

#[test]
fn docs_have_a_section_per_code() {
    let doc =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/docs/findings.md")).unwrap();
    for code in svcx::analysis::Code::ALL {
        let heading = format!("\n## {code}\n");
        assert_eq!(
            doc.matches(&heading).count(),
            1,
            "docs/findings.md: section {code}"
        );
        let section = doc
            .split(&heading)
            .nth(1)
            .unwrap()
            .split("\n## ")
            .next()
            .unwrap();
        for part in [
            "**Meaning.**",
            "**Why Kubernetes behaves so.**",
            "**How to fix.**",
            "**Example.**",
        ] {
            assert!(section.contains(part), "{code}: {part}");
        }
    }
}

/// `kubectl get services,endpointslices,nodes -o json`: real dumps with their Pods left out.
/// The pod checks must stay silent (the pods may exist) and say they were skipped; checks of
/// the slices themselves still run.
#[test]
fn dump_without_pods_skips_pod_checks() {
    let dir = tempfile::tempdir().unwrap();
    let mut items = Vec::new();
    for s in [
        "healthy-clusterip",
        "named-port-partial",
        "stale-controller-down",
    ] {
        let text =
            std::fs::read_to_string(crate::util::fixture(&format!("{s}/cluster.json"))).unwrap();
        let list: serde_json::Value = serde_json::from_str(&text).unwrap();
        items.extend(
            list["items"]
                .as_array()
                .unwrap()
                .iter()
                .filter(|i| i["kind"] != "Pod")
                .cloned(),
        );
    }
    let path = dir.path().join("no-pods.json");
    let list = serde_json::json!({"apiVersion": "v1", "kind": "List", "items": items});
    std::fs::write(&path, list.to_string()).unwrap();
    let path = path.to_str().unwrap();

    let (json, code) = stdout_of(&["diagnose", "-f", path, "-o", "json"]);
    let d: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(d["mode"], "without-pods");
    let skipped: Vec<&str> = d["skippedCodes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c.as_str().unwrap())
        .collect();
    assert_eq!(skipped.len(), 19);
    assert!(skipped.contains(&"selector-matches-no-pods") && skipped.contains(&"slice-stale"));
    let found: Vec<(String, String)> = d["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                format!(
                    "{}/{}",
                    f["namespace"].as_str().unwrap(),
                    f["service"].as_str().unwrap()
                ),
                f["code"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    // The slice without ports is a fact of the slice alone (kube-proxy ignores it).
    assert_eq!(
        found,
        [(
            "named-port-partial/shop".to_string(),
            "slice-without-ports".to_string()
        )]
    );
    assert_eq!(code, 1);

    let (text, _) = stdout_of(&["diagnose", "-f", path, "--width", "100", "--color", "never"]);
    assert!(
        text.starts_with(
            "Input without pods: 3 Services carry cluster state but the input holds no Pod (a dump of"
        ),
        "{text}"
    );
    assert!(
        text.contains("docs/findings.md#input-without-pods"),
        "{text}"
    );

    // explain says the pods were not read, not that none matches.
    let args = ["explain", "web", "-n", "healthy-clusterip", "-f", path];
    let (text, code) = stdout_of(&[&args[..], &["--color", "never"]].concat());
    assert_eq!(code, 0);
    assert!(
        text.contains("PODS\n  no Pods in the input (see NOTES)\n"),
        "{text}"
    );
    assert!(!text.contains("no pod matches the selector"), "{text}");
    assert!(text.contains("the input holds no Pods"), "{text}");
    let (json, _) = stdout_of(&[&args[..], &["-o", "json"]].concat());
    let ex: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(ex["podsKnown"], false);
}

/// `kubectl get all -o yaml` holds Pods and Services but no EndpointSlices, Endpoints or Nodes:
/// nothing is called stale or missing, and explain says what was not read.
#[test]
fn dump_of_pods_and_services_only() {
    let dir = tempfile::tempdir().unwrap();
    let text =
        std::fs::read_to_string(crate::util::fixture("healthy-clusterip/cluster.json")).unwrap();
    let mut list: serde_json::Value = serde_json::from_str(&text).unwrap();
    list["items"]
        .as_array_mut()
        .unwrap()
        .retain(|i| i["kind"] == "Pod" || i["kind"] == "Service");
    // A Service without selector whose (mirrored) slice is not in the dump: not "no endpoints".
    let selectorless = r#"{"apiVersion":"v1","kind":"Service","metadata":{"name":"external-db","namespace":"healthy-clusterip","uid":"5d1e-external-db"},"spec":{"ports":[{"port":5432}]},"status":{"loadBalancer":{}}}"#;
    list["items"]
        .as_array_mut()
        .unwrap()
        .push(serde_json::from_str(selectorless).unwrap());
    let path = dir.path().join("get-all.json");
    std::fs::write(&path, list.to_string()).unwrap();
    let path = path.to_str().unwrap();

    let (json, code) = stdout_of(&["diagnose", "-f", path, "-o", "json"]);
    let d: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(d["mode"], "live");
    assert_eq!(d["findings"], serde_json::json!([]), "{json}");
    assert_eq!(code, 0);

    let (text, _) = stdout_of(&["explain", "web", "-f", path, "--color", "never"]);
    assert!(
        text.contains("ENDPOINTSLICES\n  (unknown: EndpointSlices were not read)\n"),
        "{text}"
    );
    assert!(
        text.contains("ENDPOINTS (legacy v1)\n  (unknown: not read)\n"),
        "{text}"
    );
    assert!(
        text.contains("Nodes were not read (not in the input, or not allowed)"),
        "{text}"
    );
    let (json, _) = stdout_of(&["explain", "web", "-f", path, "-o", "json", "--traffic"]);
    let ex: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(ex["endpointSlicesKnown"], false);
    assert_eq!(ex["podsKnown"], true);
    // kube-proxy's view needs the slices: unknown, not "no endpoints".
    assert_eq!(ex["traffic"]["slicesKnown"], false);
    assert_eq!(ex["traffic"]["ports"], serde_json::json!([]));
    let (text, _) = stdout_of(&[
        "explain",
        "web",
        "-f",
        path,
        "--traffic",
        "--color",
        "never",
    ]);
    assert!(
        text.contains("TRAFFIC (kube-proxy, per node)\n  Slices used:        (unknown: EndpointSlices were not read)\n  - EndpointSlices were not read, so the endpoints kube-proxy programs are unknown"),
        "{text}"
    );
    assert!(!text.contains("has no endpoints"), "{text}");
}
