//! `reach` through the fake API server equals `reach -f` on the same objects (the demo cluster
//! and the hop fixture), with only GET requests; a 403 on NetworkPolicies makes the policy hops
//! unknown, never ok.

use super::{code_and_stderr, svcx_live};
use crate::support::fake_apiserver::FakeApiServer;
use crate::util::{fixture, svcx};
use serde_json::Value;
use std::path::PathBuf;

fn examples() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("examples/cluster.yaml")
}

fn run(cmd: &mut assert_cmd::Command) -> (Value, Option<i32>) {
    let out = cmd.output().unwrap();
    let v = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&out.stderr)));
    (v, out.status.code())
}

#[test]
fn reach_live_equals_reach_from_file() {
    let cases: [(PathBuf, &[&str]); 7] = [
        (
            examples(),
            &["pod/web-5c8d7f9b6d-k2x9p", "api", "-n", "reach-demo"],
        ),
        (
            examples(),
            &["deployment/web", "payments:https", "-n", "reach-demo"],
        ),
        (examples(), &["reach-demo/pod/batch", "api"]),
        (examples(), &["reach-demo/pod/batch", "10.96.200.10:80"]),
        (
            fixture("reach/paths.yaml"),
            &["front/pod/fenced", "web.shop"],
        ),
        (
            fixture("reach/paths.yaml"),
            &["front/pod/client", "local.shop"],
        ),
        (
            fixture("reach/paths.yaml"),
            &["billing/pod/biller", "payments.shop"],
        ),
    ];
    for (file, args) in cases {
        let server = FakeApiServer::from_files(std::slice::from_ref(&file));
        let (offline, offline_code) = run(svcx()
            .arg("reach")
            .args(args)
            .args(["-o", "json", "-f"])
            .arg(&file));
        let (live, live_code) = run(svcx_live(&server)
            .arg("reach")
            .args(args)
            .args(["-o", "json"]));
        pretty_assertions::assert_eq!(live, offline, "{args:?}");
        assert_eq!(live_code, offline_code, "{args:?}");
        // Only GETs, and never a list of one namespace only (the destination may be anywhere).
        for r in server.requests() {
            assert_eq!(r.method, "GET", "{}", r.describe());
        }
    }
}

#[test]
fn forbidden_network_policies_make_policy_hops_unknown() {
    let file = fixture("reach/paths.yaml");
    let server = FakeApiServer::from_files(std::slice::from_ref(&file));
    server.faults(|f| f.forbidden.push(("list".into(), "networkpolicies".into())));
    let (code, stderr) = code_and_stderr(svcx_live(&server).args([
        "reach",
        "billing/pod/biller",
        "payments.shop",
        "-o",
        "json",
    ]));
    assert_eq!(code, Some(1), "{stderr}");
    assert!(
        stderr.contains("cannot list networkpolicies.networking.k8s.io")
            && stderr.contains("NetworkPolicy hops are reported as unknown"),
        "{stderr}"
    );
    let (v, _) = run(svcx_live(&server).args([
        "reach",
        "billing/pod/biller",
        "payments.shop",
        "-o",
        "json",
    ]));
    assert_eq!(v["verdict"], "unknown");
    for b in v["backends"].as_array().unwrap() {
        for h in &b["hops"].as_array().unwrap()[..2] {
            assert_eq!(h["status"], "unknown", "{h}");
            assert!(
                h["message"]
                    .as_str()
                    .unwrap()
                    .starts_with("NetworkPolicies could not be read (forbidden: "),
                "{h}"
            );
        }
    }
}

/// A CiliumNetworkPolicy served live is found (its API is listed) and makes the policy hops
/// unknown, as the same object in a file does.
#[test]
fn other_policy_apis_are_found_live() {
    let files = [fixture("reach/paths.yaml"), fixture("reach/cilium.yaml")];
    let server = FakeApiServer::from_files(&files);
    let args = ["reach", "billing/pod/biller", "payments.shop", "-o", "json"];
    let (offline, _) = run(svcx()
        .args(args)
        .arg("-f")
        .arg(&files[0])
        .arg("-f")
        .arg(&files[1]));
    let (live, code) = run(svcx_live(&server).args(args));
    assert_eq!(code, Some(1));
    assert_eq!(live["verdict"], "unknown");
    pretty_assertions::assert_eq!(live, offline);
    assert!(
        server
            .requests()
            .iter()
            .any(|r| r.path == "/apis/cilium.io/v2/ciliumnetworkpolicies"),
        "{:?}",
        server
            .requests()
            .iter()
            .map(|r| r.path.clone())
            .collect::<Vec<_>>()
    );
}
