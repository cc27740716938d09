//! `kubectl svcx simulate` as users run it: real binary, real fixture dumps, exact output.

use crate::util::{fixture, scenario, svcx};
use serde_json::Value;

fn run_ok(args: &[&str]) -> String {
    let out = svcx().args(args).output().expect("runs");
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(out.stderr.is_empty(), "no stderr on success");
    String::from_utf8(out.stdout).expect("utf-8")
}

fn json(args: &[&str]) -> Value {
    let mut all = args.to_vec();
    all.extend(["-o", "json"]);
    serde_json::from_str(&run_ok(&all)).expect("valid JSON")
}

fn fail(args: &[&str]) -> String {
    let out = svcx().args(args).output().expect("runs");
    assert_eq!(out.status.code(), Some(2), "{args:?}");
    assert!(out.stdout.is_empty());
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(
        !err.contains("panicked") && !err.contains("backtrace"),
        "{err}"
    );
    err
}

#[test]
fn stale_scenario_text() {
    let s = scenario("stale-controller-down");
    let text = run_ok(&[
        "simulate", "cache", "-f", &s, "--width", "120", "--color", "never",
    ]);
    insta::assert_snapshot!("simulate_stale_text", text);
}

#[test]
fn converged_scenario_text_says_up_to_date() {
    let s = scenario("large-250");
    let text = run_ok(&[
        "simulate", "web", "-f", &s, "--width", "120", "--color", "never",
    ]);
    insta::assert_snapshot!("simulate_large_250_text", text);
}

#[test]
fn stale_scenario_json_has_the_documented_fields() {
    let s = scenario("stale-controller-down");
    let v = json(&["simulate", "cache", "-f", &s]);
    assert_eq!(v["apiVersion"], "svcx/v1alpha1");
    assert_eq!(v["kind"], "Simulation");
    assert_eq!(v["rules"]["kubernetesVersion"], "v1.32");
    let step = &v["steps"][0];
    assert_eq!(
        step["plan"],
        serde_json::json!({"create": 0, "update": 1, "delete": 0})
    );
    let slice = &step["slices"][0];
    assert_eq!(slice["name"], "cache-x26mx");
    assert_eq!(slice["addressType"], "IPv4");
    assert_eq!(slice["ports"][0]["port"], 6379);
    assert_eq!(slice["endpoints"], 6);
    assert_eq!(slice["action"], "update");
    assert_eq!(
        (
            slice["added"].as_u64(),
            slice["removed"].as_u64(),
            slice["changed"].as_u64()
        ),
        (Some(2), Some(2), Some(1))
    );
    assert_eq!(
        (
            step["endpointsAdded"].as_u64(),
            step["endpointsRemoved"].as_u64()
        ),
        (Some(2), Some(2))
    );
    assert_eq!(step["endpoints"]["addresses"], 5);
    assert_eq!(step["endpoints"]["notReadyAddresses"], 1);
    assert_eq!(step["endpoints"]["overCapacity"], false);
    assert_eq!(step["endpoints"]["upToDate"], false);
}

#[test]
fn yaml_output_is_the_same_document() {
    let s = scenario("healthy-clusterip");
    let yaml = run_ok(&["simulate", "web", "-f", &s, "-o", "yaml"]);
    assert!(yaml.contains("kind: Simulation"), "{yaml}");
    assert!(yaml.contains("action: unchanged"), "{yaml}");
}

#[test]
fn over_capacity_endpoints_are_truncated_at_1000() {
    let v = json(&["simulate", "--endpoints", "1005", "--zones", "a,b,c"]);
    let step = &v["steps"][0];
    assert_eq!(step["plan"]["create"], 11);
    let sizes: Vec<u64> = step["slices"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["endpoints"].as_u64().unwrap())
        .collect();
    assert_eq!(sizes, [vec![100; 10], vec![5]].concat());
    assert!(
        step["slices"]
            .as_array()
            .unwrap()
            .iter()
            .all(|s| s["name"].is_null())
    );
    let e = &step["endpoints"];
    assert_eq!(
        (e["addresses"].as_u64(), e["overCapacity"].as_bool()),
        (Some(1000), Some(true))
    );
    assert_eq!(e["addressesBeforeTruncation"], 1005);
}

#[test]
fn synthetic_steps_scale_and_roll_out() {
    let v = json(&[
        "simulate",
        "--endpoints",
        "250",
        "--steps",
        "scale=180,rollout",
        "--max-surge",
        "50%",
        "--max-endpoints-per-slice",
        "50",
    ]);
    let labels: Vec<&str> = v["steps"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["step"].as_str().unwrap())
        .collect();
    assert_eq!(
        labels,
        ["scale=250", "scale=180", "rollout 1/2", "rollout 2/2"]
    );
    assert_eq!(v["steps"][0]["plan"]["create"], 5);
    let down = &v["steps"][1];
    assert_eq!(down["endpointsRemoved"], 70);
    assert_eq!(
        down["plan"],
        serde_json::json!({"create": 0, "update": 1, "delete": 1})
    );
    for st in &v["steps"].as_array().unwrap()[2..] {
        assert_eq!(st["endpointsAdded"], 90);
        assert_eq!(st["endpointsRemoved"], 90);
        assert_eq!(st["desiredEndpoints"], 180);
    }
}

#[test]
fn steps_on_a_real_service() {
    let text = run_ok(&[
        "simulate",
        "web",
        "-n",
        "healthy-clusterip",
        "-f",
        &fixture("../../examples/cluster.yaml").display().to_string(),
        "--steps",
        "scale=250,rollout",
        "--max-surge",
        "50%",
        "--width",
        "120",
        "--color",
        "never",
    ]);
    insta::assert_snapshot!("simulate_real_steps_text", text);
}

#[test]
fn selectorless_service_is_mirrored() {
    let s = scenario("selectorless-manual");
    let v = json(&["simulate", "external-db", "-f", &s]);
    assert_eq!(
        v["steps"][0]["controller"],
        "endpointslicemirroring-controller.k8s.io"
    );
    assert_eq!(v["steps"][0]["slices"][0]["action"], "unchanged");
    assert_eq!(v["steps"][0]["slices"][0]["endpoints"], 2);
    let err = fail(&["simulate", "external-db", "-f", &s, "--steps", "scale=3"]);
    assert_eq!(
        err,
        "error: --steps needs a Service with a selector: selectorless-manual/external-db has no EndpointSlice controller to simulate\n"
    );
}

#[test]
fn colour_goes_through_when_asked() {
    let s = scenario("stale-controller-down");
    let text = run_ok(&["simulate", "cache", "-f", &s, "--color", "always"]);
    assert!(text.contains("\u{1b}["));
    let plain = run_ok(&["simulate", "cache", "-f", &s]);
    assert!(!plain.contains('\u{1b}'));
}

#[test]
fn bad_input_is_one_line_and_exit_2() {
    let s = scenario("large-250");
    let err = fail(&[
        "simulate",
        "--endpoints",
        "10",
        "--max-endpoints-per-slice",
        "0",
    ]);
    assert!(err.contains("--max-endpoints-per-slice"), "{err}");
    let err = fail(&["simulate", "--endpoints", "10", "--steps", "grow"]);
    assert_eq!(
        err,
        "error: unknown step \"grow\" (want scale=N or rollout, comma-separated)\n"
    );
    let err = fail(&["simulate", "--endpoints", "10", "--max-surge", "0"]);
    assert_eq!(
        err,
        "error: --max-surge must be a count (e.g. 25) or a percentage (e.g. 25%), got \"0\"\n"
    );
    let err = fail(&["simulate", "nope", "-f", &s]);
    assert_eq!(
        err,
        "error: service \"nope\" not found in namespace \"default\"; the files hold Services in: large-250 (1)\n"
    );
    fail(&["simulate"]);
    let err = fail(&["simulate", "--endpoints", "10", "-f", &s]);
    assert!(
        err.starts_with("error: --endpoints makes up its own Service"),
        "{err}"
    );
}

#[test]
fn help_examples_run() {
    let help = run_ok(&["simulate", "--help"]);
    let examples: Vec<&str> = help
        .lines()
        .skip_while(|l| !l.starts_with("Examples:"))
        .skip(1)
        .map(str::trim)
        .filter(|l| l.starts_with("kubectl svcx simulate"))
        .collect();
    assert_eq!(examples.len(), 4);
    let root = env!("CARGO_MANIFEST_DIR");
    for ex in examples {
        let args: Vec<&str> = ex.split_whitespace().skip(2).collect();
        let out = svcx().current_dir(root).args(&args).output().unwrap();
        assert!(
            out.status.success(),
            "{ex}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
}

#[test]
fn kube_version_decides_the_port_less_slice_churn() {
    let example = fixture("../../examples/cluster.yaml").display().to_string();
    let old = json(&[
        "simulate",
        "shop",
        "-n",
        "named-port-partial",
        "-f",
        &example,
    ]);
    assert_eq!(old["rules"]["source"], "node-kubelets");
    assert_eq!(
        old["steps"][0]["plan"],
        serde_json::json!({"create": 0, "update": 1, "delete": 0})
    );
    assert!(
        old["steps"][0]["notes"][0]
            .as_str()
            .unwrap()
            .contains("kubernetes/kubernetes#133474")
    );
    let new = json(&[
        "simulate",
        "shop",
        "-n",
        "named-port-partial",
        "-f",
        &example,
        "--kube-version",
        "1.36",
    ]);
    assert_eq!(new["rules"]["source"], "flag");
    assert_eq!(
        new["steps"][0]["plan"],
        serde_json::json!({"create": 0, "update": 0, "delete": 0})
    );
}
