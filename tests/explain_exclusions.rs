//! Every exclusion reason of the EndpointSlice controller, on one hand-written cluster.

use crate::util::{fixture, svcx};
use serde_json::Value;

#[test]
fn each_pod_gets_its_reason() {
    let path = fixture("manifests/exclusions.yaml").display().to_string();
    let out = svcx()
        .args(["explain", "api", "-n", "edge", "-f", &path, "-o", "json"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let got: Value = serde_json::from_slice(&out.stdout).unwrap();
    let rows: Vec<(String, bool, bool, Value)> = got["pods"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            (
                p["name"].as_str().unwrap().to_string(),
                p["endpoint"].as_bool().unwrap(),
                p["receivesTraffic"].as_bool().unwrap(),
                p["reason"].clone(),
            )
        })
        .collect();
    let want = |name: &str, endpoint: bool, traffic: bool, reason: Option<&str>| {
        (
            name.to_string(),
            endpoint,
            traffic,
            reason.map_or(Value::Null, Value::from),
        )
    };
    assert_eq!(
        rows,
        vec![
            want("ready", true, true, None),
            want("done", false, false, Some("terminal-phase")),
            want("pending", false, false, Some("no-ip")),
            want("orphan", false, false, Some("node-missing")),
            want("v6only", false, false, Some("family-mismatch")),
            want("udp-only", true, false, Some("port-unresolved")),
        ],
        "other-ns (another namespace) and partial-labels (selector does not match) are not selected"
    );
    let udp = &got["ports"][0]["resolutions"];
    assert!(
        udp.to_string()
            .contains("exists with another protocol (http/UDP)"),
        "{udp}"
    );
}

/// The same cluster through `diagnose`: every excluded pod is named with its reason, and an
/// input without any EndpointSlice is not called stale.
#[test]
fn diagnose_names_each_exclusion_and_does_not_guess_staleness() {
    let path = fixture("manifests/exclusions.yaml").display().to_string();
    let out = svcx()
        .args(["diagnose", "-n", "edge", "-f", &path, "-o", "json"])
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "warnings only: below the default --fail-on error"
    );
    let got: Value = serde_json::from_slice(&out.stdout).unwrap();
    let mut codes: Vec<&str> = got["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["code"].as_str().unwrap())
        .collect();
    codes.sort_unstable();
    assert_eq!(
        codes,
        [
            "named-target-port-unresolved",
            "pods-excluded",
            "pods-not-ready",
            "readiness-probe-missing"
        ]
    );
    let excluded = got["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["code"] == "pods-excluded")
        .unwrap();
    let text = excluded.to_string();
    for needle in ["done", "pending", "orphan", "v6only", "node-gone"] {
        assert!(text.contains(needle), "{needle} in {text}");
    }
}
