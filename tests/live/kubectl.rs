//! The fake is faithful enough for the real client: kubectl lists through it (discovery,
//! aggregated discovery, paging) and sees exactly the served objects.

use super::{kubectl, serve_all};
use crate::support::fake_apiserver::{FakeApiServer, resource};
use serde_json::Value;
use std::collections::BTreeMap;

/// `kubectl --kubeconfig <fake> ARGS -o json`, HOME pointed at a scratch dir (discovery cache).
fn kubectl_json(server: &FakeApiServer, args: &[&str]) -> Option<Value> {
    let mut cmd = kubectl()?;
    let out = cmd
        .arg("--kubeconfig")
        .arg(server.kubeconfig())
        .args(args)
        .args(["-o", "json", "--show-managed-fields"])
        .env("HOME", server.dir())
        .env_remove("KUBECONFIG")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "kubectl {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(String::from_utf8_lossy(&out.stderr), "", "kubectl warned");
    Some(serde_json::from_slice(&out.stdout).unwrap())
}

/// `(kind, namespace, name)` -> object without apiVersion/kind, as kubectl printed it.
fn by_key(list: &Value) -> BTreeMap<(String, String, String), Value> {
    list["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|item| {
            let mut o = item.clone();
            let kind = o["kind"].as_str().unwrap().to_string();
            let m = o.as_object_mut().unwrap();
            m.remove("kind");
            m.remove("apiVersion");
            let ns = item["metadata"]["namespace"]
                .as_str()
                .unwrap_or("")
                .to_string();
            let name = item["metadata"]["name"].as_str().unwrap().to_string();
            ((kind, ns, name), o)
        })
        .collect()
}

/// What the fake stores for `plural`, keyed like `by_key`.
fn served(server: &FakeApiServer, plural: &str) -> BTreeMap<(String, String, String), Value> {
    let r = resource(plural);
    server
        .store()
        .objects(&r)
        .iter()
        .map(|o| {
            (
                (
                    r.kind.to_string(),
                    o.namespace.clone().unwrap_or_default(),
                    o.name.clone(),
                ),
                serde_json::from_str(&o.body).unwrap(),
            )
        })
        .collect()
}

#[test]
fn kubectl_get_all_namespaces_sees_every_served_object() {
    let server = serve_all();
    let Some(list) = kubectl_json(&server, &["get", "services,pods,endpointslices", "-A"]) else {
        return;
    };
    let mut want = served(&server, "services");
    want.extend(served(&server, "pods"));
    want.extend(served(&server, "endpointslices"));
    let got = by_key(&list);
    assert_eq!(got.len(), want.len());
    // Every object exactly as served, managedFields included.
    for (k, v) in &want {
        if got.get(k) != Some(v) {
            pretty_assertions::assert_eq!(got.get(k), Some(v), "{k:?}");
        }
    }
    // kubectl paged through the pods (default --chunk-size 500) with our continue tokens.
    let pod_pages: Vec<_> = server
        .requests()
        .into_iter()
        .filter(|r| r.path == "/api/v1/pods")
        .collect();
    let pods = server.store().count(&resource("pods"));
    assert_eq!(pod_pages.len(), pods.div_ceil(500));
    assert!(server.requests().iter().all(|r| r.method == "GET"));
}

#[test]
fn kubectl_selectors_and_small_chunks_agree_with_the_fake() {
    let server = serve_all();
    let pods = served(&server, "pods");
    let label = |o: &Value, k: &str| o["metadata"]["labels"][k].as_str().map(str::to_string);
    type Keep<'a> = Box<dyn Fn(&Value) -> bool + 'a>;
    let cases: Vec<(Vec<&str>, Keep)> = vec![
        (
            vec!["-l", "app=web"],
            Box::new(|o| label(o, "app").as_deref() == Some("web")),
        ),
        (
            vec!["-l", "app in (web,bulk),app!=bulk"],
            Box::new(|o| label(o, "app").as_deref() == Some("web")),
        ),
        (
            vec!["-l", "app notin (web),!pod-template-hash"],
            Box::new(|o| {
                label(o, "app").as_deref() != Some("web") && label(o, "pod-template-hash").is_none()
            }),
        ),
        (
            vec![
                "-l",
                "app",
                "--field-selector",
                "metadata.namespace=terminating",
            ],
            Box::new(|o| label(o, "app").is_some() && o["metadata"]["namespace"] == "terminating"),
        ),
        // Many small pages (kubectl throttles itself to ~10 requests/s, so not too many).
        (vec!["--chunk-size", "50"], Box::new(|_| true)),
    ];
    for (args, keep) in cases {
        let mut full = vec!["get", "pods", "-A"];
        full.extend(&args);
        let Some(list) = kubectl_json(&server, &full) else {
            return;
        };
        let got: Vec<_> = by_key(&list).into_keys().collect();
        let want: Vec<_> = pods
            .iter()
            .filter(|(_, o)| keep(o))
            .map(|(k, _)| k.clone())
            .collect();
        assert!(!want.is_empty(), "{args:?} selects nothing: a useless case");
        assert_eq!(got, want, "{args:?}");
    }
}

#[test]
fn kubectl_describe_service_works_against_the_fake() {
    let server = super::serve("healthy-clusterip");
    let Some(mut cmd) = kubectl() else {
        return;
    };
    let out = cmd
        .arg("--kubeconfig")
        .arg(server.kubeconfig())
        .args(["describe", "service", "web", "-n", "healthy-clusterip"])
        .env("HOME", server.dir())
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(text.contains("Name:") && text.contains("web"), "{text}");
    assert!(text.contains("10.96.245.181"), "{text}");
}
