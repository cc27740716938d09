//! Every failure mode: one line on stderr, exit code 2 (or a warning and exit 0 where the
//! analysis can go on without the data).

use super::{code_and_stderr, serve, stdout_ok, svcx_live};
use crate::support::fake_apiserver::{FakeApiServer, closed_port_kubeconfig, stranger_ca_pem};
use crate::util::svcx;
use serde_json::Value;
use std::time::{Duration, Instant};

const NS: &str = "healthy-clusterip";

fn healthy() -> FakeApiServer {
    serve(NS)
}

/// `explain web -n healthy-clusterip` with the default kubeconfig of `server`.
fn explain(server: &FakeApiServer) -> assert_cmd::Command {
    let mut cmd = svcx_live(server);
    cmd.args(["explain", "web", "-n", NS, "-o", "json"]);
    cmd
}

fn assert_error(cmd: &mut assert_cmd::Command, expected: &str) {
    let (code, err) = code_and_stderr(cmd);
    assert_eq!(code, Some(2), "{err}");
    assert_eq!(err, format!("error: {expected}\n"));
}

#[test]
fn unreachable_server_is_named() {
    let dir = tempfile::tempdir().unwrap();
    let (kubeconfig, url) = closed_port_kubeconfig(dir.path());
    let (code, err) = code_and_stderr(
        svcx()
            .args(["explain", "web", "-n", NS, "--kubeconfig"])
            .arg(&kubeconfig),
    );
    assert_eq!(code, Some(2));
    let prefix = format!("error: cannot reach the API server at {url}: ");
    assert!(err.starts_with(&prefix), "{err}");
    assert!(err.to_lowercase().contains("refused"), "{err}");
    assert_eq!(err.lines().count(), 1, "{err}");
}

#[test]
fn an_untrusted_certificate_is_a_tls_error() {
    let server = healthy();
    let mut spec = server.spec();
    spec.ca_pem = stranger_ca_pem();
    let kubeconfig = server.write_kubeconfig("stranger-ca", &spec);
    assert_error(
        svcx()
            .args(["explain", "web", "-n", NS, "--kubeconfig"])
            .arg(&kubeconfig),
        &format!(
            "TLS handshake with {} failed: invalid peer certificate: UnknownIssuer (check certificate-authority in the kubeconfig)",
            server.url()
        ),
    );
    assert!(server.requests().is_empty(), "nothing got through");
}

#[test]
fn a_rejected_token_is_401() {
    let server = healthy();
    let mut spec = server.spec();
    spec.token = "wrong".into();
    let kubeconfig = server.write_kubeconfig("bad-token", &spec);
    assert_error(
        svcx()
            .args(["explain", "web", "-n", NS, "--kubeconfig"])
            .arg(&kubeconfig),
        &format!(
            "the API server at {} rejected the credentials (401 Unauthorized); check the user in the kubeconfig",
            server.url()
        ),
    );
}

#[test]
fn a_slow_server_times_out_within_request_timeout() {
    let server = healthy();
    server.faults(|f| f.delay = Some(Duration::from_secs(30)));
    let start = Instant::now();
    assert_error(
        explain(&server).args(["--request-timeout", "1s"]),
        &format!(
            "the API server at {} did not answer within 1s (--request-timeout)",
            server.url()
        ),
    );
    assert!(
        start.elapsed() < Duration::from_secs(20),
        "{:?}",
        start.elapsed()
    );
}

#[test]
fn missing_context_and_kubeconfig() {
    let server = healthy();
    assert_error(
        explain(&server).args(["--context", "nope"]),
        "context \"nope\" not found in the kubeconfig",
    );
    assert_error(
        explain(&server).args(["--user", "nobody"]),
        "user \"nobody\" not found in the kubeconfig",
    );
    let missing = server.dir().join("no-such-kubeconfig");
    assert_error(
        svcx()
            .args(["explain", "web", "--kubeconfig"])
            .arg(&missing),
        &format!("kubeconfig {}: no such file", missing.display()),
    );
    // No flag, no KUBECONFIG, no ~/.kube/config (svcx() points HOME at an empty directory).
    let home = tempfile::tempdir().unwrap();
    assert_error(
        svcx().args(["explain", "web"]).env("HOME", home.path()),
        &format!(
            "no kubeconfig found ({} does not exist); pass --kubeconfig, set KUBECONFIG, or use -f FILE",
            home.path().join(".kube/config").display()
        ),
    );
}

#[test]
fn forbidden_services_or_pods_fail_naming_verb_and_resource() {
    let server = healthy();
    server.faults(|f| f.forbidden.push(("get".into(), "services".into())));
    assert_error(
        &mut explain(&server),
        "forbidden: user \"svcx-tester\" cannot get service \"web\" in namespace \"healthy-clusterip\" (check with: kubectl auth can-i get services -n healthy-clusterip)",
    );
    let server = healthy();
    server.faults(|f| f.forbidden.push(("list".into(), "pods".into())));
    assert_error(
        &mut explain(&server),
        "forbidden: user \"svcx-tester\" cannot list pods in namespace \"healthy-clusterip\" (check with: kubectl auth can-i list pods -n healthy-clusterip)",
    );
}

#[test]
fn forbidden_endpoints_warn_and_report_unknown() {
    let server = healthy();
    server.faults(|f| f.forbidden.push(("get".into(), "endpoints".into())));
    let out = explain(&server).output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        "warning: forbidden: user \"svcx-tester\" cannot get endpoints \"web\" in namespace \"healthy-clusterip\" (check with: kubectl auth can-i get endpoints -n healthy-clusterip); legacy Endpoints are reported as unknown\n"
    );
    let json: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["endpointsKnown"], false);
    assert_eq!(json["endpoints"], Value::Null);
    assert_eq!(json["nodesKnown"], true);
}

#[test]
fn forbidden_nodes_warn_and_report_unknown() {
    let server = healthy();
    server.faults(|f| f.forbidden.push(("list".into(), "nodes".into())));
    let out = explain(&server).output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        "warning: forbidden: user \"svcx-tester\" cannot list nodes at the cluster scope (check with: kubectl auth can-i list nodes); zones and node existence are reported as unknown\n"
    );
    let json: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["nodesKnown"], false);
    assert_eq!(json["endpointsKnown"], true);
    assert!(
        json["notes"]
            .as_array()
            .unwrap()
            .iter()
            .any(|n| n == "Nodes were not read (not in the input, or not allowed): zones and node existence are unknown"),
        "{json}"
    );
}

#[test]
fn a_server_error_is_one_line() {
    let server = healthy();
    server.faults(|f| f.internal_error.push("endpointslices".into()));
    assert_error(
        &mut explain(&server),
        "cannot list endpointslices.discovery.k8s.io in namespace \"healthy-clusterip\": the API server answered 500 InternalError: Internal error occurred: injected failure",
    );
}

#[test]
fn an_unknown_service_is_not_found() {
    let server = healthy();
    assert_error(
        svcx_live(&server).args(["explain", "nope", "-n", NS]),
        "service \"nope\" not found in namespace \"healthy-clusterip\"",
    );
}

#[test]
fn impersonation_headers_are_sent() {
    let server = healthy();
    stdout_ok(explain(&server).args(["--as", "alice", "--as-group", "dev", "--as-group", "ops"]));
    let reqs = server.requests();
    assert!(!reqs.is_empty());
    for r in &reqs {
        assert_eq!(r.impersonate_user.as_deref(), Some("alice"));
        assert_eq!(r.impersonate_groups, ["dev", "ops"]);
    }
    server.faults(|f| f.forbidden.push(("list".into(), "pods".into())));
    let (_, err) = code_and_stderr(explain(&server).args(["--as", "alice"]));
    assert!(
        err.contains("forbidden: user \"alice\" cannot list pods"),
        "{err}"
    );
    assert_error(
        explain(&server).args(["--as-group", "dev"]),
        "--as-group requires --as",
    );
}

#[test]
fn the_context_namespace_is_the_default_and_kubeconfig_paths_merge() {
    let server = healthy();
    let mut spec = server.spec();
    spec.namespace = Some(NS.into());
    let with_ns = server.write_kubeconfig("with-namespace", &spec);
    let missing = server.dir().join("missing");
    let list = std::env::join_paths([missing.as_path(), with_ns.as_path()]).unwrap();
    let out = stdout_ok(
        svcx()
            .args(["explain", "web", "-o", "json"])
            .env("KUBECONFIG", &list),
    );
    let json: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(json["service"]["namespace"], NS);
    assert!(
        server
            .requests()
            .iter()
            .any(|r| r.path == "/api/v1/namespaces/healthy-clusterip/services/web")
    );
}

#[test]
fn explain_does_not_take_all_namespaces() {
    let server = healthy();
    assert_error(
        svcx_live(&server).args(["explain", "web", "-A"]),
        "explain takes one Service; -A/--all-namespaces does not apply",
    );
    assert!(server.requests().is_empty());
}

#[test]
fn forbidden_events_warn_and_diagnose_goes_on() {
    let server = healthy();
    server.faults(|f| f.forbidden.push(("list".into(), "events".into())));
    let out = svcx_live(&server)
        .args(["diagnose", "-n", NS, "-o", "json"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        "warning: forbidden: user \"svcx-tester\" cannot list events in namespace \"healthy-clusterip\" (check with: kubectl auth can-i list events -n healthy-clusterip); the controller's topology-hint events are not shown\n"
    );
    let json: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["summary"]["errors"], 0);
}

#[test]
fn forbidden_endpointslices_warn_and_report_unknown() {
    let server = healthy();
    server.faults(|f| f.forbidden.push(("list".into(), "endpointslices".into())));
    let out = svcx_live(&server)
        .args(["explain", "web", "-n", NS, "-o", "json", "--traffic"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        "warning: forbidden: user \"svcx-tester\" cannot list endpointslices.discovery.k8s.io in namespace \"healthy-clusterip\" (check with: kubectl auth can-i list endpointslices.discovery.k8s.io -n healthy-clusterip); EndpointSlices (and kube-proxy's view) are reported as unknown\n"
    );
    let json: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["endpointSlicesKnown"], false);
    assert_eq!(json["traffic"]["slicesKnown"], false);
    assert_eq!(json["pods"].as_array().unwrap().len(), 3);

    // diagnose: nothing is called stale for want of slices.
    let out = svcx_live(&server)
        .args(["diagnose", "-n", NS, "-o", "json"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let json: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["findings"], serde_json::json!([]), "{json}");
}
