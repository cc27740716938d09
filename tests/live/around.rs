//! What lies around a Service besides its pods and slices — the workloads behind it, the
//! Ingresses and Gateway API routes to it, the NetworkPolicies over its pods, the Events about
//! it — is read live as a dump of the namespace would hold it: live `diagnose` finds what it
//! finds in the file, for a namespace and for one Service, and a one-Service snapshot holds
//! all of it, so every command on the snapshot prints what it printed live.

use super::{stdout_ok, svcx_live};
use crate::support::fake_apiserver::FakeApiServer;
use crate::util::{fixture, svcx};
use serde_json::Value;
use std::collections::BTreeSet;
use std::process::Output;

fn around() -> std::path::PathBuf {
    fixture("live/around-services.yaml")
}

fn serve() -> FakeApiServer {
    FakeApiServer::from_files(&[around()])
}

fn live(server: &FakeApiServer, args: &[&str]) -> Output {
    svcx_live(server).args(args).output().unwrap()
}

fn offline(file: &std::path::Path, args: &[&str]) -> Output {
    svcx().args(args).arg("-f").arg(file).output().unwrap()
}

/// Same exit status, stdout and stderr (the source line aside, which says where objects came
/// from); JSON compared parsed.
fn assert_same(a: &Output, b: &Output, what: &str) {
    assert_eq!(a.status.code(), b.status.code(), "{what}");
    let parse = |o: &Output| -> Value {
        serde_json::from_slice(&o.stdout).unwrap_or_else(|_| {
            Value::String(
                String::from_utf8_lossy(&o.stdout)
                    .lines()
                    .filter(|l| !l.contains("source"))
                    .collect::<Vec<_>>()
                    .join("\n"),
            )
        })
    };
    pretty_assertions::assert_eq!(parse(a), parse(b), "{what}");
    assert_eq!(
        String::from_utf8_lossy(&a.stderr),
        String::from_utf8_lossy(&b.stderr),
        "{what}: stderr"
    );
}

/// `(service, code)` of every finding of a `diagnose -o json`.
fn codes(out: &Output) -> Vec<(String, String)> {
    let d: Value = serde_json::from_slice(&out.stdout).unwrap();
    d["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["service"].as_str().unwrap_or_default().to_string(),
                f["code"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
    list.iter()
        .map(|(s, c)| ((*s).to_string(), (*c).to_string()))
        .collect()
}

#[test]
fn live_diagnose_judges_workloads_routes_and_policies_as_the_dump_of_the_namespace_does() {
    let server = serve();
    for args in [
        &["diagnose", "-n", "shop", "-o", "json"][..],
        &["diagnose", "-A", "-o", "json"][..],
        &["diagnose", "web", "-n", "shop", "-o", "json"][..],
        &["diagnose", "api", "-n", "shop", "-o", "json"][..],
    ] {
        let l = live(&server, args);
        let f = offline(&around(), args);
        assert_eq!(l.status.code(), f.status.code(), "{args:?}");
        let a: Value = serde_json::from_slice(&l.stdout).unwrap();
        let b: Value = serde_json::from_slice(&f.stdout).unwrap();
        pretty_assertions::assert_eq!(a, b, "{args:?}");
        assert!(
            l.stderr.is_empty(),
            "{}",
            String::from_utf8_lossy(&l.stderr)
        );
    }
    let l = live(&server, &["diagnose", "-n", "shop", "-o", "json"]);
    assert_eq!(
        codes(&l),
        pairs(&[
            ("web", "ingress-backend-missing"),
            ("web", "route-backend-missing"),
            ("web", "selector-matches-only-scaled-to-zero"),
            ("web", "selector-near-miss"),
            ("api", "network-policy-blocks-target-port"),
            ("api", "single-ready-endpoint"),
        ])
    );
}

#[test]
fn a_service_snapshot_holds_what_is_around_it_and_every_command_on_it_equals_live() {
    let server = serve();
    let file = server.dir().join("web.json");
    stdout_ok(
        svcx_live(&server)
            .args(["snapshot", "web", "-n", "shop", "--output-file"])
            .arg(&file),
    );
    let doc: Value = serde_json::from_slice(&std::fs::read(&file).unwrap()).unwrap();
    let objects: BTreeSet<String> = doc["items"]
        .as_array()
        .unwrap()
        .iter()
        .skip(1)
        .map(|o| {
            format!(
                "{}/{}",
                o["kind"].as_str().unwrap(),
                o["metadata"]["name"].as_str().unwrap()
            )
        })
        .collect();
    // Its selector selects no pod: the namespace's pods come too (what it almost selects).
    let want: BTreeSet<String> = [
        "Service/web",
        "Pod/api-7d9f8-abcde",
        "Pod/typo",
        "Endpoints/web",
        "EndpointSlice/web-q8r7s",
        "Node/n1",
        "Event/web.1800a1b2c3d4e5f6",
        "NetworkPolicy/api-only-9090",
        "Deployment/api",
        "Deployment/web",
        "Ingress/shop",
        "HTTPRoute/web-route",
    ]
    .into_iter()
    .map(String::from)
    .collect();
    assert_eq!(objects, want);
    for args in [
        &["diagnose", "web", "-n", "shop", "-o", "json"][..],
        &["explain", "web", "-n", "shop", "-o", "json"][..],
        &["explain", "web", "-n", "shop", "-o", "json", "--traffic"][..],
        &["graph", "web", "-n", "shop", "--format", "dot"][..],
        &["graph", "web", "-n", "shop", "--format", "mermaid"][..],
    ] {
        assert_same(
            &live(&server, args),
            &offline(&file, args),
            &format!("{args:?}"),
        );
    }
    // The graph shows the routes to the Service, live and offline.
    let dot =
        String::from_utf8(live(&server, &["graph", "web", "-n", "shop", "--format", "dot"]).stdout)
            .unwrap();
    assert!(dot.contains("web-route") && dot.contains("shop"), "{dot}");

    // A Service whose selector selects pods: only those pods are read.
    let api = server.dir().join("api.json");
    stdout_ok(
        svcx_live(&server)
            .args(["snapshot", "api", "-n", "shop", "--output-file"])
            .arg(&api),
    );
    let text = std::fs::read_to_string(&api).unwrap();
    assert!(!text.contains("\"typo\""), "{text}");
    let args = ["diagnose", "api", "-n", "shop", "-o", "json"];
    assert_same(&live(&server, &args), &offline(&api, &args), "api");
}

#[test]
fn gateway_api_not_installed_is_no_route_and_refused_workloads_are_said_once() {
    let server = serve();
    server.faults(|f| {
        f.not_installed = vec!["httproutes".into(), "grpcroutes".into()];
        f.forbidden = ["deployments", "statefulsets", "daemonsets"]
            .into_iter()
            .map(|p| ("list".to_string(), p.to_string()))
            .collect();
    });
    let args = ["diagnose", "-n", "shop", "-o", "json"];
    let l = live(&server, &args);
    let stderr = String::from_utf8_lossy(&l.stderr).to_string();
    // One warning for the three workload kinds; nothing about the routes' missing API.
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(
        stderr.contains("deployments")
            && stderr.contains("checks of the workloads behind Services (scaled to zero, a StatefulSet's serviceName) are skipped"),
        "{stderr}"
    );
    assert_eq!(
        codes(&l),
        pairs(&[
            ("web", "selector-matches-no-pods"),
            ("web", "ingress-backend-missing"),
            ("web", "selector-near-miss"),
            ("api", "network-policy-blocks-target-port"),
            ("api", "single-ready-endpoint"),
        ])
    );
    let file = server.dir().join("shop.json");
    stdout_ok(
        svcx_live(&server)
            .args(["snapshot", "-n", "shop", "--output-file"])
            .arg(&file),
    );
    let doc: Value = serde_json::from_slice(&std::fs::read(&file).unwrap()).unwrap();
    let read: Vec<&str> = doc["items"][0]["read"]
        .as_array()
        .unwrap()
        .iter()
        .map(|k| k.as_str().unwrap())
        .collect();
    // Routes of an API that is not installed were read (there are none); workloads were not.
    assert!(
        read.contains(&"HTTPRoute") && read.contains(&"GRPCRoute"),
        "{read:?}"
    );
    assert!(!read.contains(&"Deployment"), "{read:?}");
    assert_same(
        &l,
        &offline(&file, &args),
        "forbidden workloads, no Gateway API",
    );
}
