//! `snapshot` through the fake API server: `-f snapshot` gives what the live run gave (JSON and
//! stderr, byte for byte), the requests are the commands' own GETs (never a Secret or a
//! ConfigMap), and refused reads stay refused offline.

use super::{scenarios, serve, svcx_live};
use crate::support::fake_apiserver::{FakeApiServer, resource};
use crate::util::{fixture, svcx};
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::Output;

/// `snapshot ARGS --output-file DIR/NAME` against `server`; returns the file.
fn snapshot(server: &FakeApiServer, args: &[&str], file: &str) -> PathBuf {
    let path = server.dir().join(file);
    let out = svcx_live(server)
        .arg("snapshot")
        .args(args)
        .arg("--output-file")
        .arg(&path)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "snapshot {args:?}: exit {:?}: {}",
        out.status.code(),
        String::from_utf8_lossy(&out.stderr)
    );
    path
}

fn run_live(server: &FakeApiServer, args: &[&str]) -> Output {
    svcx_live(server).args(args).output().unwrap()
}

fn run_file(file: &Path, args: &[&str]) -> Output {
    svcx().args(args).arg("-f").arg(file).output().unwrap()
}

/// Same exit status, same stdout (parsed JSON), same stderr.
fn assert_same(live: &Output, offline: &Output, what: &str) {
    assert_eq!(live.status.code(), offline.status.code(), "{what}");
    let a: Value = serde_json::from_slice(&live.stdout)
        .unwrap_or_else(|e| panic!("{what}: {e}: {}", String::from_utf8_lossy(&live.stderr)));
    let b: Value = serde_json::from_slice(&offline.stdout)
        .unwrap_or_else(|e| panic!("{what}: {e}: {}", String::from_utf8_lossy(&offline.stderr)));
    pretty_assertions::assert_eq!(a, b, "{what}");
    assert_eq!(
        String::from_utf8_lossy(&live.stderr),
        String::from_utf8_lossy(&offline.stderr),
        "{what}: stderr"
    );
}

fn services(server: &FakeApiServer) -> Vec<(String, String)> {
    server
        .store()
        .objects(&resource("services"))
        .iter()
        .map(|o| (o.namespace.clone().unwrap(), o.name.clone()))
        .collect()
}

#[test]
fn explain_and_traffic_from_a_service_snapshot_equal_live_for_every_service_of_every_scenario() {
    let mut compared = 0;
    for name in scenarios() {
        let server = serve(&name);
        for (ns, svc) in services(&server) {
            let file = snapshot(&server, &[&svc, "-n", &ns], &format!("{ns}-{svc}.json"));
            for extra in [&[][..], &["--traffic"][..]] {
                let args: Vec<&str> = ["explain", svc.as_str(), "-n", ns.as_str(), "-o", "json"]
                    .into_iter()
                    .chain(extra.iter().copied())
                    .collect();
                let live = run_live(&server, &args);
                let offline = run_file(&file, &args);
                assert_same(&live, &offline, &format!("{name}: {ns}/{svc} {extra:?}"));
                // The snapshot knows the server's version: the rules come from the same place.
                let json: Value = serde_json::from_slice(&offline.stdout).unwrap();
                assert_eq!(json["rules"]["source"], "server", "{name} {svc}");
            }
            compared += 1;
        }
    }
    assert!(compared >= 15, "compared only {compared} services");
}

#[test]
fn diagnose_from_namespace_and_cluster_snapshots_equals_live_for_every_scenario() {
    for name in scenarios() {
        let server = serve(&name);
        let mut namespaces: Vec<String> = services(&server).into_iter().map(|(ns, _)| ns).collect();
        namespaces.dedup();
        for ns in &namespaces {
            let file = snapshot(&server, &["-n", ns], &format!("ns-{ns}.json"));
            let args = ["diagnose", "-n", ns, "-o", "json", "--fail-on", "never"];
            assert_same(
                &run_live(&server, &args),
                &run_file(&file, &args),
                &format!("{name} -n {ns}"),
            );
        }
        let file = snapshot(&server, &["-A"], "all.json.gz");
        let args = ["diagnose", "-A", "-o", "json"];
        assert_same(
            &run_live(&server, &args),
            &run_file(&file, &args),
            &format!("{name} -A"),
        );
    }
}

#[test]
fn a_snapshot_is_a_gzipped_list_of_only_get_requests_never_secrets_or_configmaps() {
    let server = serve("stale-controller-down");
    server.clear_requests();
    let file = snapshot(&server, &["-A"], "all.json.gz");
    let bytes = std::fs::read(&file).unwrap();
    assert_eq!(&bytes[..2], &[0x1f, 0x8b], "gzip magic");
    let requests = server.requests();
    assert!(!requests.is_empty());
    for r in &requests {
        assert_eq!(r.method, "GET", "{}", r.describe());
        assert!(
            !r.path.contains("secrets") && !r.path.contains("configmaps"),
            "{}",
            r.describe()
        );
    }
    // Exactly the lists `diagnose -A` sends.
    let paths = |reqs: &[crate::support::fake_apiserver::Recorded]| {
        let mut p: Vec<String> = reqs.iter().map(|r| r.describe()).collect();
        p.sort();
        p
    };
    let snap = paths(&requests);
    server.clear_requests();
    run_live(&server, &["diagnose", "-A", "-o", "json"]);
    assert_eq!(snap, paths(&server.requests()));

    let plain = snapshot(&server, &["-A"], "all.json");
    let doc: Value = serde_json::from_slice(&std::fs::read(plain).unwrap()).unwrap();
    assert_eq!(doc["kind"], "List");
    let meta = &doc["items"][0];
    assert_eq!(meta["apiVersion"], "svcx/v1alpha1");
    assert_eq!(meta["kind"], "Snapshot");
    assert_eq!(meta["scope"], "allNamespaces");
    assert_eq!(meta["serverVersion"], "v1.32");
    assert_eq!(
        meta["read"],
        serde_json::json!([
            "Service",
            "Pod",
            "EndpointSlice",
            "Endpoints",
            "Node",
            "Event",
            "NetworkPolicy",
            "Deployment",
            "StatefulSet",
            "DaemonSet",
            "Ingress",
            "HTTPRoute",
            "GRPCRoute",
            "Namespace",
            "CiliumNetworkPolicy.cilium.io",
            "CiliumClusterwideNetworkPolicy.cilium.io",
            "NetworkPolicy.crd.projectcalico.org",
            "GlobalNetworkPolicy.crd.projectcalico.org",
            "AdminNetworkPolicy.policy.networking.k8s.io",
            "BaselineAdminNetworkPolicy.policy.networking.k8s.io",
            "AuthorizationPolicy.security.istio.io"
        ])
    );
    assert_eq!(meta["warnings"], serde_json::json!([]));
    for item in doc["items"].as_array().unwrap().iter().skip(1) {
        assert!(
            item["apiVersion"].is_string() && item["kind"].is_string(),
            "{item}"
        );
        assert!(item.pointer("/metadata/managedFields").is_none());
    }
}

#[test]
fn refused_reads_stay_unknown_offline_with_the_live_warnings() {
    let server = serve("stale-controller-down");
    server.faults(|f| {
        f.forbidden.push(("list".into(), "nodes".into()));
        f.forbidden.push(("list".into(), "endpointslices".into()));
        f.forbidden.push(("get".into(), "endpoints".into()));
    });
    let file = snapshot(
        &server,
        &["cache", "-n", "stale-controller-down"],
        "cache.json",
    );
    for args in [
        &[
            "explain",
            "cache",
            "-n",
            "stale-controller-down",
            "-o",
            "json",
        ][..],
        &[
            "explain",
            "cache",
            "-n",
            "stale-controller-down",
            "-o",
            "json",
            "--traffic",
        ][..],
    ] {
        let live = run_live(&server, args);
        let offline = run_file(&file, args);
        assert_same(&live, &offline, &format!("{args:?}"));
        let stderr = String::from_utf8_lossy(&offline.stderr);
        assert_eq!(stderr.lines().count(), 3, "{stderr}");
        assert!(
            stderr.contains("cannot list nodes at the cluster scope"),
            "{stderr}"
        );
        let json: Value = serde_json::from_slice(&offline.stdout).unwrap();
        assert_eq!(json["endpointsKnown"], false);
    }
    let file = snapshot(&server, &["-n", "stale-controller-down"], "ns.json");
    let args = ["diagnose", "-n", "stale-controller-down", "-o", "json"];
    assert_same(
        &run_live(&server, &args),
        &run_file(&file, &args),
        "diagnose",
    );
}

#[test]
fn snapshot_refuses_files_and_a_missing_service() {
    let server = serve("healthy-clusterip");
    let out = svcx_live(&server)
        .args(["snapshot", "-f", "x.yaml"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        "error: snapshot reads a live cluster; -f is not allowed (a snapshot is already a file)\n"
    );
    let out = svcx_live(&server)
        .args(["snapshot", "nope", "-n", "healthy-clusterip"])
        .output()
        .unwrap();
    assert_ne!(out.status.code(), Some(0));
    assert!(out.stdout.is_empty(), "nothing written on failure");
}

/// Every string of a JSON value (keys too).
fn strings(v: &Value, out: &mut Vec<String>) {
    match v {
        Value::String(s) => out.push(s.clone()),
        Value::Array(a) => a.iter().for_each(|x| strings(x, out)),
        Value::Object(m) => {
            for (k, x) in m {
                out.push(k.clone());
                strings(x, out);
            }
        }
        _ => {}
    }
}

/// Every string value of a JSON value (not keys).
fn values_of(v: &Value, out: &mut Vec<String>) {
    match v {
        Value::String(s) => out.push(s.clone()),
        Value::Array(a) => a.iter().for_each(|x| values_of(x, out)),
        Value::Object(m) => m.values().for_each(|x| values_of(x, out)),
        _ => {}
    }
}

/// What a user would not want to share: every object's name and namespace, label values, node
/// names (object names), and every IP address, of everything the fake serves.
fn secrets_of(server: &FakeApiServer) -> Vec<String> {
    use svcx::source::snapshot::redact::{KEPT_LABEL_VALUES, KEPT_NAMES};
    let mut out = Vec::new();
    for r in crate::support::fake_apiserver::RESOURCES {
        for o in server.store().objects(r) {
            out.push(o.name.clone());
            out.extend(o.namespace.clone());
            for (k, v) in &o.labels {
                if !KEPT_LABEL_VALUES.contains(&k.as_str()) && !k.starts_with("node-role.") {
                    out.push(v.clone());
                }
            }
            let body: Value = serde_json::from_str(&o.body).unwrap();
            let mut all = Vec::new();
            strings(&body, &mut all);
            out.extend(
                all.into_iter()
                    .filter(|s| s.parse::<std::net::IpAddr>().is_ok()),
            );
        }
    }
    out.retain(|s| !KEPT_NAMES.contains(&s.as_str()) && !s.bytes().all(|b| b.is_ascii_digit()));
    out.sort();
    out.dedup();
    out
}

/// (code, severity, Service, objects) of each finding, names passed through `rename`.
fn finding_keys(diagnosis: &Value, rename: &dyn Fn(&str) -> String) -> Vec<String> {
    let mut keys: Vec<String> = diagnosis["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            // Objects are ordered by name, so renaming may reorder them: compare them as a set.
            let mut objects: Vec<String> = f["objects"]
                .as_array()
                .unwrap()
                .iter()
                .map(|o| {
                    format!(
                        "{}/{}/{}",
                        o["kind"].as_str().unwrap(),
                        o["namespace"].as_str().map(rename).unwrap_or_default(),
                        rename(o["name"].as_str().unwrap())
                    )
                })
                .collect();
            objects.sort();
            format!(
                "{} {} {}/{} [{}]",
                f["code"].as_str().unwrap(),
                f["severity"].as_str().unwrap(),
                rename(f["namespace"].as_str().unwrap()),
                f["service"].as_str().map(rename).unwrap_or_default(),
                objects.join(" ")
            )
        })
        .collect();
    keys.sort();
    keys
}

#[test]
fn a_redacted_snapshot_holds_no_original_name_or_address_and_diagnoses_the_same_under_new_names() {
    use svcx::source::snapshot::redact::Redactor;
    let key = "support-ticket-42";
    let r = Redactor::with_key(key);
    let mut scanned = 0;
    // Every scenario, and workloads, routes, policies and events around Services.
    let servers = scenarios()
        .into_iter()
        .map(|name| {
            let server = serve(&name);
            (name, server)
        })
        .chain(std::iter::once((
            "around-services".to_string(),
            FakeApiServer::from_files(&[fixture("live/around-services.yaml")]),
        )));
    for (name, server) in servers {
        let file = server.dir().join("redacted.json");
        let out = svcx_live(&server)
            .args(["snapshot", "-A", "--redact-key", key, "--output-file"])
            .arg(&file)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let text = std::fs::read_to_string(&file).unwrap();
        let doc: Value = serde_json::from_str(&text).unwrap();
        assert_eq!(doc["items"][0]["redacted"], true);
        let mut values = Vec::new();
        values_of(&doc, &mut values);
        // `v1` as a label value is renamed; `v1` as an apiVersion is the API's, not the user's.
        let vocabulary: Vec<&Value> = doc["items"]
            .as_array()
            .unwrap()
            .iter()
            .flat_map(|i| [&i["apiVersion"], &i["kind"]])
            .collect();
        for secret in secrets_of(&server) {
            if vocabulary
                .iter()
                .any(|v| v.as_str() == Some(secret.as_str()))
            {
                continue;
            }
            // As a whole value anywhere, or inside any value when long enough to mean something.
            // Keys are the API's field names (a namespace may be called `terminating`) and the
            // label keys, which redaction keeps by design (docs/snapshot.md).
            assert!(
                !values.iter().any(|s| s == &secret)
                    && !values
                        .iter()
                        .any(|s| secret.len() >= 4 && s.contains(&secret)),
                "{name}: {secret:?} survived redaction: {:?}",
                values
                    .iter()
                    .find(|s| s.contains(&secret))
                    .map_or("", String::as_str)
            );
            scanned += 1;
        }
        // Same findings (code, severity, Service, objects), with names substituted; same exit.
        let live = run_live(&server, &["diagnose", "-A", "-o", "json"]);
        let offline = run_file(&file, &["diagnose", "-A", "-o", "json"]);
        assert_eq!(live.status.code(), offline.status.code(), "{name}");
        let a: Value = serde_json::from_slice(&live.stdout).unwrap();
        let b: Value = serde_json::from_slice(&offline.stdout).unwrap();
        // The one documented difference (docs/snapshot.md): a one-key selector's near typo
        // (`wbe` for `web`) is no near typo under pseudonyms, so that hint is gone.
        let near_typo = |k: &String| !k.starts_with("selector-near-miss ");
        let mut want = finding_keys(&a, &|s| r.name(s));
        let lost = want.len();
        want.retain(near_typo);
        let lost = lost - want.len();
        let mut got = finding_keys(&b, &|s| s.to_string());
        got.retain(near_typo);
        pretty_assertions::assert_eq!(want, got, "{name}");
        if lost == 0 {
            assert_eq!(a["summary"], b["summary"], "{name}");
        }
    }
    assert!(scanned > 200, "scanned only {scanned} values");
}

#[test]
fn the_same_key_gives_the_same_file_a_random_key_another() {
    let server = serve("named-port-partial");
    let run = |args: &[&str]| {
        let out = svcx_live(&server)
            .args(["snapshot", "-n", "named-port-partial"])
            .args(args)
            .output()
            .unwrap();
        assert!(out.status.success());
        let mut doc: Value = serde_json::from_slice(&out.stdout).unwrap();
        doc["items"][0]["time"] = Value::Null;
        doc
    };
    let a = run(&["--redact-key", "k"]);
    assert_eq!(a, run(&["--redact-key", "k"]));
    let random = run(&["--redact"]);
    assert_ne!(a, random);
    assert_ne!(random, run(&["--redact"]));
    assert!(
        !serde_json::to_string(&random)
            .unwrap()
            .contains("named-port-partial")
    );
}

/// NetworkPolicies refused live (403) stay unknown offline: `reach` from the snapshot makes the
/// policy hops unknown with the live run's reason, as `reach` live does, never "no policy".
#[test]
fn refused_network_policies_stay_unknown_for_reach_offline() {
    let file = fixture("reach/paths.yaml");
    let server = FakeApiServer::from_files(std::slice::from_ref(&file));
    server.faults(|f| f.forbidden.push(("list".into(), "networkpolicies".into())));
    let snap = snapshot(&server, &["-A"], "all.json");
    let args = ["reach", "billing/pod/biller", "payments.shop", "-o", "json"];
    let live = run_live(&server, &args);
    let offline = run_file(&snap, &args);
    assert_eq!(offline.status.code(), Some(1));
    let hops = |out: &Output| -> Vec<(String, String)> {
        let v: Value = serde_json::from_slice(&out.stdout).unwrap();
        assert_eq!(v["verdict"], "unknown", "{v}");
        v["backends"]
            .as_array()
            .unwrap()
            .iter()
            .flat_map(|b| b["hops"].as_array().unwrap()[..2].to_vec())
            .map(|h| {
                (
                    h["status"].as_str().unwrap().to_string(),
                    h["message"].as_str().unwrap().to_string(),
                )
            })
            .collect()
    };
    let (live_hops, offline_hops) = (hops(&live), hops(&offline));
    assert!(!offline_hops.is_empty());
    for (status, message) in &offline_hops {
        assert_eq!(status, "unknown");
        assert!(
            message.starts_with("NetworkPolicies could not be read (forbidden: "),
            "{message}"
        );
    }
    assert_eq!(live_hops, offline_hops);
}

/// An `-A` snapshot holds the Namespaces, so a `namespaceSelector` on a label other than
/// `kubernetes.io/metadata.name` decides `reach` offline as it did live (redacted too: label
/// keys stay, values are renamed consistently).
#[test]
fn reach_from_an_all_namespaces_snapshot_sees_namespace_labels() {
    let file = fixture("live/namespace-labels.yaml");
    let server = FakeApiServer::from_files(std::slice::from_ref(&file));
    let snap = snapshot(&server, &["-A"], "all.json");
    for (from, verdict, code) in [
        ("web/pod/front", "reachable", Some(0)),
        ("batch/pod/job", "blocked", Some(1)),
    ] {
        let args = ["reach", from, "db.data", "-o", "json"];
        let live = run_live(&server, &args);
        let offline = run_file(&snap, &args);
        assert_same(&live, &offline, from);
        assert_eq!(live.status.code(), code, "{from}");
        let v: Value = serde_json::from_slice(&offline.stdout).unwrap();
        assert_eq!(v["verdict"], verdict, "{from}: {v}");
    }
}

/// An `-A` snapshot holds the objects of other policy APIs `reach` names (a CiliumNetworkPolicy
/// served, the other APIs not installed), and a refused list of one becomes the same
/// "(not readable)" offline as live, without a warning (only `reach` cares).
#[test]
fn reach_from_an_all_namespaces_snapshot_names_other_policy_apis_as_live() {
    let files = [fixture("reach/paths.yaml"), fixture("reach/cilium.yaml")];
    let args = ["reach", "billing/pod/biller", "payments.shop", "-o", "json"];
    for refuse in [false, true] {
        let server = FakeApiServer::from_files(&files);
        if refuse {
            server.faults(|f| {
                f.forbidden
                    .push(("list".into(), "ciliumnetworkpolicies".into()));
            });
        }
        let snap = snapshot(&server, &["-A"], "all.json");
        let live = run_live(&server, &args);
        let offline = run_file(&snap, &args);
        assert_same(&live, &offline, &format!("refused: {refuse}"));
        let text = String::from_utf8_lossy(&offline.stdout);
        assert!(
            text.contains("CiliumNetworkPolicy objects are in the input and are not evaluated"),
            "{text}"
        );
        // Refused: recorded as such; served: the object itself.
        let doc: Value = serde_json::from_slice(&std::fs::read(&snap).unwrap()).unwrap();
        let items = doc["items"].as_array().unwrap();
        let cilium = items
            .iter()
            .filter(|i| i["kind"] == "CiliumNetworkPolicy")
            .count();
        if refuse {
            assert_eq!(
                items[0]["unreadable"],
                serde_json::json!(["CiliumNetworkPolicy"])
            );
            assert_eq!(cilium, 0);
        } else {
            assert!(items[0].get("unreadable").is_none(), "{}", items[0]);
            assert!(cilium > 0);
        }
        // diagnose -A warns of nothing about it.
        let diagnose = run_live(&server, &["diagnose", "-A", "-o", "json"]);
        assert!(
            diagnose.stderr.is_empty(),
            "{}",
            String::from_utf8_lossy(&diagnose.stderr)
        );
    }
}
