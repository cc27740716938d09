//! The fake's answers have the shapes of the recorded v1.32 responses.

use super::serve;
use crate::support::fake_apiserver::{FakeApiServer, TOKEN, decode_continue};
use serde_json::Value;

/// GET through kube's own client stack would hide status codes; use kubectl's raw mode when
/// present, else skip. Returns `(ok, body)`.
fn raw_get(server: &FakeApiServer, path: &str) -> Option<(bool, Value)> {
    let mut cmd = super::kubectl()?;
    let out = cmd
        .arg("--kubeconfig")
        .arg(server.kubeconfig())
        .args(["get", "--raw", path])
        .env("HOME", server.dir())
        .output()
        .unwrap();
    let body = if out.status.success() {
        serde_json::from_slice(&out.stdout).unwrap()
    } else {
        Value::String(String::from_utf8_lossy(&out.stderr).into_owned())
    };
    Some((out.status.success(), body))
}

#[test]
fn pages_look_like_the_recorded_ones() {
    let server = serve("large-250");
    let Some((ok, page1)) = raw_get(&server, "/api/v1/namespaces/large-250/pods?limit=100") else {
        return;
    };
    assert!(ok);
    let recorded: Value = serde_json::from_str(include_str!(
        "../fixtures/apiserver/podlist-limit100-page1.json"
    ))
    .unwrap();
    assert_eq!(page1["kind"], "PodList");
    assert_eq!(page1["metadata"]["remainingItemCount"], 150);
    assert_eq!(
        page1["metadata"]["remainingItemCount"],
        recorded["metadata"]["remainingItemCount"]
    );
    // Same objects in the same order as the real server's page (items carry no kind).
    let names = |v: &Value| -> Vec<String> {
        v["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|i| i["metadata"]["name"].as_str().unwrap().to_string())
            .collect()
    };
    assert_eq!(names(&page1), names(&recorded));
    assert!(page1["items"][0].get("kind").is_none());
    let token = page1["metadata"]["continue"].as_str().unwrap();
    let real = decode_continue(recorded["metadata"]["continue"].as_str().unwrap()).unwrap();
    assert_eq!(decode_continue(token).unwrap().start, real.start);
    let page3_path = {
        let (_, p2) = raw_get(
            &server,
            &format!("/api/v1/namespaces/large-250/pods?limit=100&continue={token}"),
        )
        .unwrap();
        assert_eq!(p2["metadata"]["remainingItemCount"], 50);
        format!(
            "/api/v1/namespaces/large-250/pods?limit=100&continue={}",
            p2["metadata"]["continue"].as_str().unwrap()
        )
    };
    let (_, p3) = raw_get(&server, &page3_path).unwrap();
    assert_eq!(p3["items"].as_array().unwrap().len(), 50);
    assert!(p3["metadata"].get("continue").is_none());
    assert!(p3["metadata"].get("remainingItemCount").is_none());
    let _ = TOKEN;
}

#[test]
fn errors_are_status_objects() {
    let server = serve("large-250");
    let Some((ok, err)) = raw_get(
        &server,
        "/api/v1/namespaces/large-250/services/does-not-exist",
    ) else {
        return;
    };
    assert!(!ok);
    assert!(
        err.as_str()
            .unwrap()
            .contains("services \\\"does-not-exist\\\" not found")
            || err.as_str().unwrap().contains("(NotFound)"),
        "{err}"
    );
}
