//! The fake's answers have the shapes of the responses recorded from a real v1.32 apiserver
//! (`tests/fixtures/apiserver/`), checked with raw HTTPS requests through kube's client stack.

use super::serve;
use crate::support::fake_apiserver::{FakeApiServer, decode_continue};
use http_body_util::BodyExt;
use serde_json::Value;

/// A raw response: status code, content type, JSON body.
struct Raw {
    code: u16,
    content_type: String,
    body: Value,
}

/// `METHOD path` against the fake with kubeconfig `kubeconfig`, optionally impersonating.
fn raw_with(
    kubeconfig: &std::path::Path,
    method: &str,
    path: &str,
    impersonate: Option<&str>,
) -> Raw {
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    rt.block_on(async {
        let kc = kube::config::Kubeconfig::read_from(kubeconfig).unwrap();
        let mut config = kube::Config::from_custom_kubeconfig(kc, &Default::default())
            .await
            .unwrap();
        config.auth_info.impersonate = impersonate.map(str::to_string);
        let client = kube::Client::try_from(config).unwrap();
        let req = http::Request::builder()
            .method(method)
            .uri(path)
            .body(kube::client::Body::empty())
            .unwrap();
        let resp = client.send(req).await.unwrap();
        let code = resp.status().as_u16();
        let content_type = resp
            .headers()
            .get("content-type")
            .map(|v| v.to_str().unwrap().to_string())
            .unwrap_or_default();
        let bytes = resp.into_body().collect().await.unwrap().to_bytes();
        Raw {
            code,
            content_type,
            body: serde_json::from_slice(&bytes).unwrap(),
        }
    })
}

fn raw(server: &FakeApiServer, path: &str) -> Raw {
    raw_with(server.kubeconfig(), "GET", path, None)
}

fn recorded(name: &str) -> Value {
    let path = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/apiserver")
        .join(name);
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

fn names(v: &Value) -> Vec<String> {
    v["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["metadata"]["name"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn pages_match_the_recorded_pages() {
    let server = serve("large-250");
    let mut path = "/api/v1/namespaces/large-250/pods?limit=100".to_string();
    for n in 1..=3 {
        let page = raw(&server, &path);
        let want = recorded(&format!("podlist-limit100-page{n}.json"));
        assert_eq!(page.code, 200);
        assert_eq!(page.content_type, "application/json");
        assert_eq!(
            (&page.body["kind"], &page.body["apiVersion"]),
            (&want["kind"], &want["apiVersion"])
        );
        assert_eq!(
            names(&page.body),
            names(&want),
            "page {n}: same objects, same order"
        );
        assert!(
            page.body["items"][0].get("kind").is_none(),
            "list items carry no kind"
        );
        let meta = &page.body["metadata"];
        assert_eq!(
            meta["remainingItemCount"], want["metadata"]["remainingItemCount"],
            "page {n}"
        );
        assert_eq!(
            meta.get("continue").is_some(),
            want["metadata"].get("continue").is_some()
        );
        if let Some(token) = meta["continue"].as_str() {
            let ours = decode_continue(token).unwrap();
            let real = decode_continue(want["metadata"]["continue"].as_str().unwrap()).unwrap();
            assert_eq!(
                ours.start, real.start,
                "page {n}: continues after the same key"
            );
            path = format!("/api/v1/namespaces/large-250/pods?limit=100&continue={token}");
        }
    }
}

#[test]
fn lists_and_gets_match_the_recorded_ones() {
    let server = serve("large-250");
    let slices = raw(
        &server,
        "/apis/discovery.k8s.io/v1/namespaces/large-250/endpointslices?labelSelector=kubernetes.io%2Fservice-name%3Dweb",
    );
    let want = recorded("endpointslicelist-labelselector.json");
    assert_eq!(slices.body["kind"], want["kind"]);
    assert_eq!(names(&slices.body), names(&want));
    // The fake serves the dump's objects; the recording came from the same cluster.
    assert_eq!(
        slices.body["items"][0]["endpoints"],
        want["items"][0]["endpoints"]
    );
    let services = raw(&server, "/api/v1/namespaces/large-250/services");
    assert_eq!(names(&services.body), names(&recorded("servicelist.json")));
    let endpoints = raw(&server, "/api/v1/namespaces/large-250/endpoints");
    assert_eq!(
        names(&endpoints.body),
        names(&recorded("endpointslist.json"))
    );
    assert_eq!(raw(&server, "/version").body, recorded("version.json"));
    let ns = raw(&server, "/api/v1/namespaces/large-250");
    assert_eq!(
        (
            ns.body["kind"].as_str(),
            ns.body["metadata"]["name"].as_str()
        ),
        (Some("Namespace"), Some("large-250"))
    );
    let by_name = raw(
        &server,
        "/api/v1/pods?fieldSelector=metadata.name%3Dweb-7d949cdfb6-265sj",
    );
    assert_eq!(names(&by_name.body), ["web-7d949cdfb6-265sj"]);
}

#[test]
fn errors_match_the_recorded_status_objects() {
    let server = serve("large-250");
    let r = raw(
        &server,
        "/api/v1/namespaces/large-250/services/does-not-exist",
    );
    assert_eq!(
        (r.code, r.body),
        (404, recorded("error-404-service-not-found.json"))
    );
    let r = raw(&server, "/api/v1/namespaces/no-such-namespace");
    assert_eq!(
        (r.code, r.body),
        (404, recorded("error-404-namespace-not-found.json"))
    );
    server.faults(|f| f.forbidden.push(("list".into(), "pods".into())));
    let r = raw_with(
        server.kubeconfig(),
        "GET",
        "/api/v1/namespaces/large-250/pods",
        Some("noaccess"),
    );
    assert_eq!(
        (r.code, r.body),
        (403, recorded("error-403-noaccess-list-pods.json"))
    );
    let mut spec = server.spec();
    spec.token = "bad-token".into();
    let bad = server.write_kubeconfig("bad-token", &spec);
    let r = raw_with(&bad, "GET", "/api/v1/namespaces/large-250/pods", None);
    assert_eq!(
        (r.code, r.body),
        (401, recorded("error-401-bad-token.json"))
    );
    let r = raw(
        &server,
        "/api/v1/namespaces/large-250/services?limit=100&continue=not-a-token",
    );
    let want = recorded("error-400-invalid-continue.json");
    assert_eq!((r.code, &r.body["reason"]), (400, &want["reason"]));
    assert!(
        r.body["message"]
            .as_str()
            .unwrap()
            .starts_with("invalid continue token: continue key is not valid")
    );
}

#[test]
fn an_expired_continue_token_is_410_with_a_fresh_token() {
    let server = serve("large-250");
    let page1 = raw(&server, "/api/v1/namespaces/large-250/pods?limit=100");
    let token = page1.body["metadata"]["continue"]
        .as_str()
        .unwrap()
        .to_string();
    server.faults(|f| {
        f.expire_continue.insert("pods".into(), 1);
    });
    let r = raw(
        &server,
        &format!("/api/v1/namespaces/large-250/pods?limit=100&continue={token}"),
    );
    let want = recorded("error-410-expired-continue.json");
    assert_eq!(r.code, 410);
    for k in ["kind", "status", "message", "reason", "code"] {
        assert_eq!(r.body[k], want[k], "{k}");
    }
    let fresh = decode_continue(r.body["metadata"]["continue"].as_str().unwrap()).unwrap();
    let real = decode_continue(want["metadata"]["continue"].as_str().unwrap()).unwrap();
    assert_eq!((fresh.rv, &fresh.start), (real.rv, &real.start));
}

#[test]
fn only_get_is_served_and_everything_is_recorded() {
    let server = serve("large-250");
    let r = raw_with(
        server.kubeconfig(),
        "DELETE",
        "/api/v1/namespaces/large-250/pods/x",
        None,
    );
    assert_eq!(r.code, 405);
    assert_eq!(r.body["reason"], "MethodNotAllowed");
    let reqs = server.requests();
    assert_eq!(reqs.len(), 1);
    assert_eq!(
        (reqs[0].method.as_str(), reqs[0].path.as_str()),
        ("DELETE", "/api/v1/namespaces/large-250/pods/x")
    );
}
