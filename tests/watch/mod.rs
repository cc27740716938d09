//! `explain -w` end to end against the fake API server's watch: a scripted rollout, record and
//! replay, dropped connections and 410, `--until converged`, the terminal view.

mod ending;
mod rollout;

use crate::live::{serve, svcx_live};
use crate::support::fake_apiserver::{FakeApiServer, Timeline};
use serde_json::{Value, json};

pub const NS: &str = "healthy-clusterip";
pub const OLD: [&str; 3] = [
    "web-7d949cdfb6-qhms4",
    "web-7d949cdfb6-tl8rc",
    "web-7d949cdfb6-xtm5w",
];
pub const SLICE: &str = "web-smx4l";

/// Now, as the API server writes times (seconds).
pub fn now() -> String {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs();
    jiff::Timestamp::from_second(secs as i64)
        .unwrap()
        .to_string()
}

/// Sets the pod's Ready and ContainersReady conditions, as the kubelet does.
pub fn set_pod_ready(t: &Timeline, pod: &str, ready: bool) {
    t.edit("pods", NS, pod, |p| {
        let status = if ready { "True" } else { "False" };
        for c in p["status"]["conditions"].as_array_mut().unwrap() {
            if c["type"] == "Ready" || c["type"] == "ContainersReady" {
                c["status"] = json!(status);
                c["lastTransitionTime"] = json!(now());
                if ready {
                    c.as_object_mut().unwrap().remove("reason");
                    c.as_object_mut().unwrap().remove("message");
                } else {
                    c["reason"] = json!("ContainersNotReady");
                    c["message"] = json!("containers with unready status: [web]");
                }
            }
        }
        for s in p["status"]["containerStatuses"]
            .as_array_mut()
            .into_iter()
            .flatten()
        {
            s["ready"] = json!(ready);
        }
    });
}

/// Sets the conditions of the pod's endpoint in the slice, as the controller does.
pub fn set_endpoint(t: &Timeline, pod: &str, ready: bool, serving: bool, terminating: bool) {
    t.edit("endpointslices", NS, SLICE, |s| {
        for e in s["endpoints"].as_array_mut().unwrap() {
            if e["targetRef"]["name"] == pod {
                e["conditions"] =
                    json!({"ready": ready, "serving": serving, "terminating": terminating});
            }
        }
    });
}

/// A new pod `name` at `ip` on the node of `like` (a copy of it), not ready yet, and its endpoint.
pub fn add_pod(t: &Timeline, like: &str, name: &str, ip: &str) {
    let mut p = t.get("pods", NS, like).unwrap();
    p["metadata"]["name"] = json!(name);
    p["metadata"]["uid"] = json!(format!("uid-{name}"));
    p["status"]["podIP"] = json!(ip);
    p["status"]["podIPs"] = json!([{"ip": ip}]);
    for c in p["status"]["conditions"].as_array_mut().unwrap() {
        if c["type"] == "Ready" || c["type"] == "ContainersReady" {
            c["status"] = json!("False");
            c["lastTransitionTime"] = json!(now());
            c["reason"] = json!("ContainersNotReady");
            c["message"] = json!("containers with unready status: [web]");
        }
    }
    for s in p["status"]["containerStatuses"]
        .as_array_mut()
        .into_iter()
        .flatten()
    {
        s["ready"] = json!(false);
    }
    t.apply(p);
}

/// The controller adds `name`'s endpoint (not ready), copying node and zone from `like`'s.
pub fn add_endpoint(t: &Timeline, like: &str, name: &str, ip: &str) {
    t.edit("endpointslices", NS, SLICE, |s| {
        let eps = s["endpoints"].as_array_mut().unwrap();
        let mut e = eps
            .iter()
            .find(|e| e["targetRef"]["name"] == like)
            .unwrap()
            .clone();
        e["addresses"] = json!([ip]);
        e["targetRef"]["name"] = json!(name);
        e["targetRef"]["uid"] = json!(format!("uid-{name}"));
        e["conditions"] = json!({"ready": false, "serving": false, "terminating": false});
        eps.push(e);
    });
}

/// The pod's deletion is asked for: deletionTimestamp, and the kubelet marks it not ready.
pub fn terminate_pod(t: &Timeline, pod: &str) {
    t.edit("pods", NS, pod, |p| {
        p["metadata"]["deletionTimestamp"] = json!(now());
        p["metadata"]["deletionGracePeriodSeconds"] = json!(30);
    });
}

/// The controller drops the pod's endpoint.
pub fn remove_endpoint(t: &Timeline, pod: &str) {
    t.edit("endpointslices", NS, SLICE, |s| {
        s["endpoints"]
            .as_array_mut()
            .unwrap()
            .retain(|e| e["targetRef"]["name"] != pod);
    });
}

/// One NDJSON line with what varies from run to run (times, lags, durations) masked.
pub fn masked(line: &str) -> String {
    let mut v: Value = serde_json::from_str(line).unwrap_or_else(|e| panic!("{e}: {line}"));
    let m = v.as_object_mut().unwrap();
    for k in ["time", "since", "start", "end"] {
        if m.contains_key(k) {
            m.insert(k.into(), json!("T"));
        }
    }
    for k in ["lagMs", "seconds", "staleSeconds"] {
        if let Some(x) = m.get(k)
            && !x.is_null()
        {
            m.insert(k.into(), json!("N"));
        }
    }
    if let Some(lag) = m.get_mut("lag").and_then(Value::as_object_mut) {
        for (_, x) in lag.iter_mut().filter(|(k, _)| k.ends_with("Ms")) {
            *x = json!("N");
        }
    }
    for p in m
        .get_mut("ports")
        .and_then(Value::as_array_mut)
        .into_iter()
        .flatten()
    {
        for o in p["outages"].as_array_mut().into_iter().flatten() {
            o["start"] = json!("T");
            o["end"] = json!("T");
            o["seconds"] = json!("N");
        }
    }
    m.remove("apiVersion");
    m.remove("namespace");
    m.remove("service");
    serde_json::to_string(&v).unwrap()
}

/// `explain web -w` against `server` with extra args; returns (exit code, stdout, stderr).
pub fn watch(server: &FakeApiServer, args: &[&str]) -> (Option<i32>, String, String) {
    let out = svcx_live(server)
        .args(["explain", "web", "-n", NS, "-w"])
        .args(args)
        .timeout(std::time::Duration::from_secs(60))
        .output()
        .unwrap();
    (
        out.status.code(),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

/// A fake serving the healthy-clusterip scenario (3 ready pods, one slice).
pub fn fake() -> FakeApiServer {
    serve("healthy-clusterip")
}
