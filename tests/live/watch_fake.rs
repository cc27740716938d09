//! The fake's watch is faithful enough for the real client: `kubectl get pods -w` lists, then
//! watches from the list's resourceVersion with bookmarks, and prints exactly the changes the
//! test made, in order; a too-old resourceVersion gets the watch cache's 410.

use super::{kubectl, serve};
use crate::support::fake_apiserver::{FakeApiServer, Script};
use serde_json::{Value, json};
use std::time::{Duration, Instant};

const NS: &str = "healthy-clusterip";

/// Waits until a watch request for `plural` has reached the fake.
pub fn wait_for_watch(server: &FakeApiServer, plural: &str, count: usize) {
    let start = Instant::now();
    while server
        .requests()
        .iter()
        .filter(|r| r.path.ends_with(plural) && r.param("watch").is_some())
        .count()
        < count
    {
        assert!(
            start.elapsed() < Duration::from_secs(20),
            "no watch on {plural}: {:?}",
            server.requests()
        );
        std::thread::sleep(Duration::from_millis(20));
    }
}

#[test]
fn kubectl_get_pods_watch_sees_each_scripted_change() {
    let server = serve("healthy-clusterip");
    let Some(mut cmd) = kubectl() else { return };
    let mut child = cmd
        .arg("--kubeconfig")
        .arg(server.kubeconfig())
        .args([
            "get",
            "pods",
            "-n",
            NS,
            "-w",
            "-o",
            "json",
            "--output-watch-events",
        ])
        .env("HOME", server.dir())
        .env_remove("KUBECONFIG")
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    wait_for_watch(&server, "pods", 1);
    let list_rv = server.store().resource_version;
    let script = Script::new()
        .at(50, |t| {
            t.edit("pods", NS, "web-7d949cdfb6-qhms4", |p| {
                p["status"]["conditions"] = json!([{"type": "Ready", "status": "False"}]);
            });
        })
        .at(100, |t| t.bookmark())
        .at(150, |t| {
            t.delete("pods", NS, "web-7d949cdfb6-tl8rc");
        })
        .at(200, |t| {
            // Another namespace's pod: not this watch's business.
            let mut other = t.get("pods", NS, "web-7d949cdfb6-xtm5w").unwrap();
            other["metadata"]["namespace"] = json!("elsewhere");
            t.apply(other);
        })
        .play(server.timeline());
    script.join().unwrap();
    std::thread::sleep(Duration::from_millis(500));
    child.kill().unwrap();
    let out = String::from_utf8(child.wait_with_output().unwrap().stdout).unwrap();
    let events: Vec<(String, String, String)> = serde_json::Deserializer::from_str(&out)
        .into_iter::<Value>()
        .map(|e| {
            let e = e.unwrap();
            (
                e["type"].as_str().unwrap().to_string(),
                e["object"]["metadata"]["name"]
                    .as_str()
                    .unwrap()
                    .to_string(),
                e["object"]["metadata"]["resourceVersion"]
                    .as_str()
                    .unwrap()
                    .to_string(),
            )
        })
        .collect();
    let rv = |n: u64| (list_rv + n).to_string();
    assert_eq!(
        events,
        vec![
            ("ADDED".into(), "web-7d949cdfb6-qhms4".into(), "255".into()),
            ("ADDED".into(), "web-7d949cdfb6-tl8rc".into(), "256".into()),
            ("ADDED".into(), "web-7d949cdfb6-xtm5w".into(), "257".into()),
            ("MODIFIED".into(), "web-7d949cdfb6-qhms4".into(), rv(1)),
            ("DELETED".into(), "web-7d949cdfb6-tl8rc".into(), rv(2)),
        ]
    );
    let watch = server
        .requests()
        .into_iter()
        .find(|r| r.param("watch").is_some())
        .unwrap();
    assert_eq!(watch.param("resourceVersion"), Some(list_rv.to_string()));
    // kubectl's get -w does not ask for bookmarks (our bookmark above reached nobody).
    assert_eq!(watch.param("allowWatchBookmarks"), None);
}
