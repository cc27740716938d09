//! Version-dependent controller rules: sidecar named ports (v1.33+), and where the rules'
//! version comes from.

use crate::util::{fixture, svcx};
use serde_json::Value;

fn explain(extra: &[&str]) -> Value {
    let path = fixture("manifests/sidecar-named-port.yaml")
        .display()
        .to_string();
    let mut args = vec![
        "explain",
        "app",
        "-n",
        "demo",
        "-f",
        path.as_str(),
        "-o",
        "json",
    ];
    args.extend_from_slice(extra);
    let out = svcx().args(&args).output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

#[test]
fn sidecar_named_port_is_unresolved_for_slices_before_1_33() {
    let got = explain(&["--kube-version", "1.32"]);
    assert_eq!(got["rules"]["kubernetesVersion"], "v1.32");
    assert_eq!(got["rules"]["source"], "flag");
    let metrics = &got["ports"][1];
    assert_eq!(metrics["resolutions"][0]["targetPortNumber"], Value::Null);
    assert!(
        metrics["resolutions"][0]["details"][0]
            .as_str()
            .unwrap()
            .contains("only on a sidecar")
    );
    assert_eq!(
        got["pods"][0]["unresolvedPorts"],
        serde_json::json!(["metrics"])
    );
    // Still receives traffic on http.
    assert_eq!(got["pods"][0]["receivesTraffic"], true);
}

#[test]
fn sidecar_named_port_resolves_from_1_33() {
    let got = explain(&["--kube-version", "1.33"]);
    assert_eq!(got["ports"][1]["resolutions"][0]["targetPortNumber"], 9100);
    assert_eq!(got["pods"][0]["unresolvedPorts"], serde_json::json!([]));
}

#[test]
fn manifests_get_api_defaults_and_newest_rules_without_a_version() {
    let got = explain(&[]);
    assert_eq!(got["rules"]["source"], "default");
    assert_eq!(got["rules"]["kubernetesVersion"], "v1.36");
    assert_eq!(got["service"]["type"], "ClusterIP");
    assert_eq!(got["ports"][0]["protocol"], "TCP");
    assert_eq!(got["pods"][0]["zone"], "zone-a");
    assert_eq!(got["ports"][0]["resolutions"][0]["targetPortNumber"], 8080);
}

#[test]
fn target_port_defaults_to_port() {
    let yaml = "apiVersion: v1\nkind: Service\nmetadata: {name: s}\nspec:\n  selector: {a: b}\n  ports:\n  - port: 8080\n";
    let out = svcx()
        .args(["explain", "s", "-f", "-", "-o", "json"])
        .write_stdin(yaml)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let got: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(got["service"]["namespace"], "default");
    assert_eq!(got["ports"][0]["targetPort"], 8080);
    assert_eq!(got["service"]["sessionAffinity"], "None");
    assert_eq!(got["service"]["ipFamilies"], serde_json::json!(["IPv4"]));
}
