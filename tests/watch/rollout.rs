//! A scripted rollout: 3 pods replaced one by one, one new pod failing readiness twice, every
//! endpoint briefly not ready.

use super::*;
use crate::live::watch_fake::wait_for_watch;
use crate::support::fake_apiserver::Script;

#[test]
fn a_quiet_service_is_converged_at_once() {
    let server = fake();
    let (code, out, err) = watch(&server, &["--timeout", "1s"]);
    assert_eq!(code, Some(0), "{err}");
    let lines: Vec<String> = out.lines().map(masked).collect();
    assert_eq!(lines.len(), 2, "{out}");
    assert_eq!(
        lines[0],
        r#"{"kind":"WatchTransition","time":"T","type":"converged"}"#
    );
    assert_eq!(
        lines[1],
        r#"{"converged":true,"counts":{"converged":1,"endpoint-added":0,"endpoint-condition":0,"endpoint-removed":0,"outage-end":0,"outage-start":0,"pod-added":0,"pod-deleted":0,"pod-not-ready":0,"pod-ready":0,"pod-terminating":0,"service-changed":0,"service-deleted":0,"slice-created":0,"slice-deleted":0,"stale":0,"stale-end":0},"end":"T","flapping":[],"kind":"WatchSummary","lag":null,"minReady":3,"ports":[{"minReady":3,"outages":[],"port":"http"}],"seconds":"N","staleSeconds":"N","start":"T","time":"T","type":"summary"}"#
    );
}

/// What may break the watch in the middle of the rollout.
#[derive(Clone, Copy, PartialEq)]
pub enum Trouble {
    None,
    /// Every watch connection is cut twice.
    Drops,
    /// The history is compacted and the connections cut: every watch gets 410 and relists.
    Gone,
}

/// The rollout, one change every `step` ms: new-1 replaces OLD[0]; new-2 (failing readiness
/// twice) replaces OLD[1]; every endpoint goes not ready and back; new-3 replaces OLD[2].
pub fn rollout(step: u64, trouble: Trouble) -> Script {
    type Step = Box<dyn FnOnce(&Timeline) + Send>;
    let mut steps: Vec<Step> = Vec::new();
    let mut replace = |old: &'static str, new: &'static str, ip: &'static str, flaps: usize| {
        steps.push(Box::new(move |t| add_pod(t, old, new, ip)));
        steps.push(Box::new(move |t| add_endpoint(t, old, new, ip)));
        for i in 0..(1 + 2 * flaps) {
            let ready = i % 2 == 0;
            steps.push(Box::new(move |t| set_pod_ready(t, new, ready)));
            steps.push(Box::new(move |t| set_endpoint(t, new, ready, ready, false)));
        }
        steps.push(Box::new(move |t| terminate_pod(t, old)));
        steps.push(Box::new(move |t| set_endpoint(t, old, false, true, true)));
        steps.push(Box::new(move |t| {
            t.delete("pods", NS, old);
        }));
        steps.push(Box::new(move |t| remove_endpoint(t, old)));
    };
    replace(OLD[0], "web-new-1", "10.244.1.10", 0);
    replace(OLD[1], "web-new-2", "10.244.2.10", 2);
    let mut dark: Vec<Step> = Vec::new();
    for pod in ["web-new-1", "web-new-2", OLD[2]] {
        dark.push(Box::new(move |t| set_pod_ready(t, pod, false)));
    }
    dark.push(Box::new(|t| {
        for pod in ["web-new-1", "web-new-2", OLD[2]] {
            set_endpoint_quietly(t, pod, false);
        }
        t.bookmark();
    }));
    for pod in ["web-new-1", "web-new-2", OLD[2]] {
        dark.push(Box::new(move |t| set_pod_ready(t, pod, true)));
    }
    dark.push(Box::new(|t| {
        for pod in ["web-new-1", "web-new-2", OLD[2]] {
            set_endpoint_quietly(t, pod, true);
        }
    }));
    let mut steps2: Vec<Step> = Vec::new();
    let mut replace2 = |old: &'static str, new: &'static str, ip: &'static str| {
        steps2.push(Box::new(move |t| add_pod(t, old, new, ip)));
        steps2.push(Box::new(move |t| add_endpoint(t, old, new, ip)));
        steps2.push(Box::new(move |t| set_pod_ready(t, new, true)));
        steps2.push(Box::new(move |t| set_endpoint(t, new, true, true, false)));
        steps2.push(Box::new(move |t| terminate_pod(t, old)));
        steps2.push(Box::new(move |t| set_endpoint(t, old, false, true, true)));
        steps2.push(Box::new(move |t| {
            t.delete("pods", NS, old);
        }));
        steps2.push(Box::new(move |t| remove_endpoint(t, old)));
    };
    replace2(OLD[2], "web-new-3", "10.244.3.10");
    steps.extend(dark);
    steps.extend(steps2);
    let mut script = Script::new();
    let n = steps.len() as u64;
    for (i, s) in steps.into_iter().enumerate() {
        script = script.at(step * (i as u64 + 1), s);
    }
    // Trouble falls halfway between two steps, so each change is still seen on its own.
    let between = |k: u64| step * k + step / 2;
    match trouble {
        Trouble::None => {}
        Trouble::Drops => {
            script = script
                .at(between(5), |t| t.drop_watches())
                .at(between(n / 2), |t| t.drop_watches());
        }
        Trouble::Gone => {
            script = script
                .at(between(7), |t| {
                    t.compact();
                    t.drop_watches();
                })
                .at(between(n - 4), |t| {
                    t.compact();
                    t.drop_watches();
                });
        }
    }
    script
}

/// Sets the endpoint of `pod` all ready or all not ready, in one slice write.
fn set_endpoint_quietly(t: &Timeline, pod: &str, ready: bool) {
    set_endpoint(t, pod, ready, ready, false);
}

/// Runs `explain web -w` during the rollout; returns (code, stdout, stderr).
pub fn run_rollout(
    server: &FakeApiServer,
    trouble: Trouble,
    args: &[&str],
) -> (Option<i32>, String, String) {
    const STEP: u64 = 200;
    let timeline = server.timeline();
    let n_steps = 38;
    let total = STEP * (n_steps + 4);
    let watcher = {
        let kubeconfig = server.kubeconfig().to_path_buf();
        let args: Vec<String> = args.iter().map(|s| s.to_string()).collect();
        std::thread::spawn(move || {
            let out = crate::util::svcx()
                .arg("--kubeconfig")
                .arg(&kubeconfig)
                .args([
                    "explain",
                    "web",
                    "-n",
                    NS,
                    "-w",
                    "--timeout",
                    &format!("{}ms", total),
                ])
                .args(&args)
                .output()
                .unwrap();
            (
                out.status.code(),
                String::from_utf8(out.stdout).unwrap(),
                String::from_utf8(out.stderr).unwrap(),
            )
        })
    };
    wait_for_watch(server, "endpointslices", 1);
    wait_for_watch(server, "pods", 1);
    rollout(STEP, trouble).play(timeline).join().unwrap();
    watcher.join().unwrap()
}

#[test]
fn a_rollout_gives_exact_transitions_outage_flapping_and_summary() {
    let server = fake();
    let dir = tempfile::tempdir().unwrap();
    let rec = dir.path().join("rollout.watch");
    let (code, out, err) =
        run_rollout(&server, Trouble::None, &["--record", rec.to_str().unwrap()]);
    assert_eq!(code, Some(0), "{err}");
    let got: Vec<String> = out.lines().map(masked).collect();
    if let Some(dump) = std::env::var_os("SVCX_DUMP") {
        std::fs::write(dump, format!("{}\n----\n{out}", got.join("\n"))).unwrap();
    }
    let want: Vec<&str> = EXPECTED
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect();
    pretty_assertions::assert_eq!(got, want, "stderr: {err}");
    // The recording replays to the very same bytes (times and lags included).
    let replayed = crate::util::svcx()
        .args([
            "explain",
            "web",
            "-n",
            NS,
            "-w",
            "--replay",
            rec.to_str().unwrap(),
        ])
        .output()
        .unwrap();
    assert!(
        replayed.status.success(),
        "{}",
        String::from_utf8_lossy(&replayed.stderr)
    );
    pretty_assertions::assert_eq!(String::from_utf8(replayed.stdout).unwrap(), out);
    if std::env::var_os("SVCX_WRITE_EXAMPLE").is_some() {
        std::fs::copy(&rec, crate::util::fixture("../../examples/rollout.watch")).unwrap();
    }
}

#[test]
fn dropped_connections_lose_and_double_nothing() {
    let server = fake();
    let (code, out, err) = run_rollout(&server, Trouble::Drops, &[]);
    assert_eq!(code, Some(0), "{err}");
    assert!(err.contains("watch interrupted"), "{err}");
    assert_same_observations(&out);
}

#[test]
fn gone_410_relists_and_loses_and_doubles_nothing() {
    let server = fake();
    let (code, out, err) = run_rollout(&server, Trouble::Gone, &[]);
    assert_eq!(code, Some(0), "{err}");
    let relists = server
        .requests()
        .iter()
        .filter(|r| r.path.ends_with("/pods") && r.param("watch").is_none())
        .count();
    assert_eq!(relists, 3, "the initial list and one per 410");
    assert_same_observations(&out);
}

/// Every observed transition of EXPECTED, exactly once and in order. `converged` is left out:
/// it is judged at evaluation points, and a resumed watch delivers the changes it missed
/// together, so an instant of convergence between two of them may not be seen (and so is its
/// count in the summary); the watch must still end converged.
fn assert_same_observations(out: &str) {
    let strip = |lines: Vec<String>| -> Vec<String> {
        lines
            .into_iter()
            .filter(|l| !l.contains(r#""type":"converged""#))
            .map(|l| {
                let mut v: Value = serde_json::from_str(&l).unwrap();
                if let Some(c) = v.get_mut("counts") {
                    c["converged"] = json!("N");
                }
                v.to_string()
            })
            .collect()
    };
    let got = strip(out.lines().map(masked).collect());
    let want = strip(
        EXPECTED
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .map(str::to_string)
            .collect(),
    );
    pretty_assertions::assert_eq!(got, want);
    let lines: Vec<&str> = out.lines().collect();
    assert!(lines[lines.len() - 2].contains(r#""type":"converged""#));
    assert!(lines[lines.len() - 1].contains(r#""converged":true"#));
}

const EXPECTED: &str = r#"
{"kind":"WatchTransition","time":"T","type":"converged"}
{"kind":"WatchTransition","pod":"web-new-1","ready":false,"time":"T","type":"pod-added"}
{"address":"10.244.1.10","endpointSlice":"web-smx4l","kind":"WatchTransition","lagMs":null,"pod":"web-new-1","ready":false,"serving":false,"terminating":false,"time":"T","type":"endpoint-added"}
{"kind":"WatchTransition","pod":"web-new-1","time":"T","type":"pod-ready"}
{"address":"10.244.1.10","condition":"ready","endpointSlice":"web-smx4l","kind":"WatchTransition","lagMs":"N","new":true,"old":false,"pod":"web-new-1","time":"T","type":"endpoint-condition"}
{"address":"10.244.1.10","condition":"serving","endpointSlice":"web-smx4l","kind":"WatchTransition","lagMs":null,"new":true,"old":false,"pod":"web-new-1","time":"T","type":"endpoint-condition"}
{"kind":"WatchTransition","time":"T","type":"converged"}
{"kind":"WatchTransition","pod":"web-7d949cdfb6-qhms4","time":"T","type":"pod-terminating"}
{"address":"10.244.1.4","condition":"ready","endpointSlice":"web-smx4l","kind":"WatchTransition","lagMs":null,"new":false,"old":true,"pod":"web-7d949cdfb6-qhms4","time":"T","type":"endpoint-condition"}
{"address":"10.244.1.4","condition":"terminating","endpointSlice":"web-smx4l","kind":"WatchTransition","lagMs":"N","new":true,"old":false,"pod":"web-7d949cdfb6-qhms4","time":"T","type":"endpoint-condition"}
{"kind":"WatchTransition","pod":"web-7d949cdfb6-qhms4","time":"T","type":"pod-deleted"}
{"address":"10.244.1.4","endpointSlice":"web-smx4l","kind":"WatchTransition","lagMs":"N","pod":"web-7d949cdfb6-qhms4","time":"T","type":"endpoint-removed"}
{"kind":"WatchTransition","time":"T","type":"converged"}
{"kind":"WatchTransition","pod":"web-new-2","ready":false,"time":"T","type":"pod-added"}
{"address":"10.244.2.10","endpointSlice":"web-smx4l","kind":"WatchTransition","lagMs":null,"pod":"web-new-2","ready":false,"serving":false,"terminating":false,"time":"T","type":"endpoint-added"}
{"kind":"WatchTransition","pod":"web-new-2","time":"T","type":"pod-ready"}
{"address":"10.244.2.10","condition":"ready","endpointSlice":"web-smx4l","kind":"WatchTransition","lagMs":"N","new":true,"old":false,"pod":"web-new-2","time":"T","type":"endpoint-condition"}
{"address":"10.244.2.10","condition":"serving","endpointSlice":"web-smx4l","kind":"WatchTransition","lagMs":null,"new":true,"old":false,"pod":"web-new-2","time":"T","type":"endpoint-condition"}
{"kind":"WatchTransition","time":"T","type":"converged"}
{"detail":"ContainersNotReady: containers with unready status: [web]","kind":"WatchTransition","pod":"web-new-2","reason":"not-ready","time":"T","type":"pod-not-ready"}
{"address":"10.244.2.10","condition":"ready","endpointSlice":"web-smx4l","kind":"WatchTransition","lagMs":"N","new":false,"old":true,"pod":"web-new-2","time":"T","type":"endpoint-condition"}
{"address":"10.244.2.10","condition":"serving","endpointSlice":"web-smx4l","kind":"WatchTransition","lagMs":null,"new":false,"old":true,"pod":"web-new-2","time":"T","type":"endpoint-condition"}
{"kind":"WatchTransition","pod":"web-new-2","time":"T","type":"pod-ready"}
{"address":"10.244.2.10","condition":"ready","endpointSlice":"web-smx4l","kind":"WatchTransition","lagMs":"N","new":true,"old":false,"pod":"web-new-2","time":"T","type":"endpoint-condition"}
{"address":"10.244.2.10","condition":"serving","endpointSlice":"web-smx4l","kind":"WatchTransition","lagMs":null,"new":true,"old":false,"pod":"web-new-2","time":"T","type":"endpoint-condition"}
{"kind":"WatchTransition","time":"T","type":"converged"}
{"detail":"ContainersNotReady: containers with unready status: [web]","kind":"WatchTransition","pod":"web-new-2","reason":"not-ready","time":"T","type":"pod-not-ready"}
{"address":"10.244.2.10","condition":"ready","endpointSlice":"web-smx4l","kind":"WatchTransition","lagMs":"N","new":false,"old":true,"pod":"web-new-2","time":"T","type":"endpoint-condition"}
{"address":"10.244.2.10","condition":"serving","endpointSlice":"web-smx4l","kind":"WatchTransition","lagMs":null,"new":false,"old":true,"pod":"web-new-2","time":"T","type":"endpoint-condition"}
{"kind":"WatchTransition","pod":"web-new-2","time":"T","type":"pod-ready"}
{"address":"10.244.2.10","condition":"ready","endpointSlice":"web-smx4l","kind":"WatchTransition","lagMs":"N","new":true,"old":false,"pod":"web-new-2","time":"T","type":"endpoint-condition"}
{"address":"10.244.2.10","condition":"serving","endpointSlice":"web-smx4l","kind":"WatchTransition","lagMs":null,"new":true,"old":false,"pod":"web-new-2","time":"T","type":"endpoint-condition"}
{"kind":"WatchTransition","time":"T","type":"converged"}
{"kind":"WatchTransition","pod":"web-7d949cdfb6-tl8rc","time":"T","type":"pod-terminating"}
{"address":"10.244.2.4","condition":"ready","endpointSlice":"web-smx4l","kind":"WatchTransition","lagMs":null,"new":false,"old":true,"pod":"web-7d949cdfb6-tl8rc","time":"T","type":"endpoint-condition"}
{"address":"10.244.2.4","condition":"terminating","endpointSlice":"web-smx4l","kind":"WatchTransition","lagMs":"N","new":true,"old":false,"pod":"web-7d949cdfb6-tl8rc","time":"T","type":"endpoint-condition"}
{"kind":"WatchTransition","pod":"web-7d949cdfb6-tl8rc","time":"T","type":"pod-deleted"}
{"address":"10.244.2.4","endpointSlice":"web-smx4l","kind":"WatchTransition","lagMs":"N","pod":"web-7d949cdfb6-tl8rc","time":"T","type":"endpoint-removed"}
{"kind":"WatchTransition","time":"T","type":"converged"}
{"detail":"ContainersNotReady: containers with unready status: [web]","kind":"WatchTransition","pod":"web-new-1","reason":"not-ready","time":"T","type":"pod-not-ready"}
{"detail":"ContainersNotReady: containers with unready status: [web]","kind":"WatchTransition","pod":"web-new-2","reason":"not-ready","time":"T","type":"pod-not-ready"}
{"detail":"ContainersNotReady: containers with unready status: [web]","kind":"WatchTransition","pod":"web-7d949cdfb6-xtm5w","reason":"not-ready","time":"T","type":"pod-not-ready"}
{"address":"10.244.1.10","condition":"ready","endpointSlice":"web-smx4l","kind":"WatchTransition","lagMs":"N","new":false,"old":true,"pod":"web-new-1","time":"T","type":"endpoint-condition"}
{"address":"10.244.1.10","condition":"serving","endpointSlice":"web-smx4l","kind":"WatchTransition","lagMs":null,"new":false,"old":true,"pod":"web-new-1","time":"T","type":"endpoint-condition"}
{"address":"10.244.2.10","condition":"ready","endpointSlice":"web-smx4l","kind":"WatchTransition","lagMs":"N","new":false,"old":true,"pod":"web-new-2","time":"T","type":"endpoint-condition"}
{"address":"10.244.2.10","condition":"serving","endpointSlice":"web-smx4l","kind":"WatchTransition","lagMs":null,"new":false,"old":true,"pod":"web-new-2","time":"T","type":"endpoint-condition"}
{"address":"10.244.3.4","condition":"ready","endpointSlice":"web-smx4l","kind":"WatchTransition","lagMs":"N","new":false,"old":true,"pod":"web-7d949cdfb6-xtm5w","time":"T","type":"endpoint-condition"}
{"address":"10.244.3.4","condition":"serving","endpointSlice":"web-smx4l","kind":"WatchTransition","lagMs":null,"new":false,"old":true,"pod":"web-7d949cdfb6-xtm5w","time":"T","type":"endpoint-condition"}
{"kind":"WatchTransition","port":"http","time":"T","type":"outage-start"}
{"kind":"WatchTransition","pod":"web-new-1","time":"T","type":"pod-ready"}
{"kind":"WatchTransition","pod":"web-new-2","time":"T","type":"pod-ready"}
{"kind":"WatchTransition","pod":"web-7d949cdfb6-xtm5w","time":"T","type":"pod-ready"}
{"address":"10.244.1.10","condition":"ready","endpointSlice":"web-smx4l","kind":"WatchTransition","lagMs":"N","new":true,"old":false,"pod":"web-new-1","time":"T","type":"endpoint-condition"}
{"address":"10.244.1.10","condition":"serving","endpointSlice":"web-smx4l","kind":"WatchTransition","lagMs":null,"new":true,"old":false,"pod":"web-new-1","time":"T","type":"endpoint-condition"}
{"kind":"WatchTransition","port":"http","seconds":"N","time":"T","type":"outage-end"}
{"address":"10.244.2.10","condition":"ready","endpointSlice":"web-smx4l","kind":"WatchTransition","lagMs":"N","new":true,"old":false,"pod":"web-new-2","time":"T","type":"endpoint-condition"}
{"address":"10.244.2.10","condition":"serving","endpointSlice":"web-smx4l","kind":"WatchTransition","lagMs":null,"new":true,"old":false,"pod":"web-new-2","time":"T","type":"endpoint-condition"}
{"address":"10.244.3.4","condition":"ready","endpointSlice":"web-smx4l","kind":"WatchTransition","lagMs":"N","new":true,"old":false,"pod":"web-7d949cdfb6-xtm5w","time":"T","type":"endpoint-condition"}
{"address":"10.244.3.4","condition":"serving","endpointSlice":"web-smx4l","kind":"WatchTransition","lagMs":null,"new":true,"old":false,"pod":"web-7d949cdfb6-xtm5w","time":"T","type":"endpoint-condition"}
{"kind":"WatchTransition","time":"T","type":"converged"}
{"kind":"WatchTransition","pod":"web-new-3","ready":false,"time":"T","type":"pod-added"}
{"address":"10.244.3.10","endpointSlice":"web-smx4l","kind":"WatchTransition","lagMs":null,"pod":"web-new-3","ready":false,"serving":false,"terminating":false,"time":"T","type":"endpoint-added"}
{"kind":"WatchTransition","pod":"web-new-3","time":"T","type":"pod-ready"}
{"address":"10.244.3.10","condition":"ready","endpointSlice":"web-smx4l","kind":"WatchTransition","lagMs":"N","new":true,"old":false,"pod":"web-new-3","time":"T","type":"endpoint-condition"}
{"address":"10.244.3.10","condition":"serving","endpointSlice":"web-smx4l","kind":"WatchTransition","lagMs":null,"new":true,"old":false,"pod":"web-new-3","time":"T","type":"endpoint-condition"}
{"kind":"WatchTransition","time":"T","type":"converged"}
{"kind":"WatchTransition","pod":"web-7d949cdfb6-xtm5w","time":"T","type":"pod-terminating"}
{"address":"10.244.3.4","condition":"ready","endpointSlice":"web-smx4l","kind":"WatchTransition","lagMs":null,"new":false,"old":true,"pod":"web-7d949cdfb6-xtm5w","time":"T","type":"endpoint-condition"}
{"address":"10.244.3.4","condition":"terminating","endpointSlice":"web-smx4l","kind":"WatchTransition","lagMs":"N","new":true,"old":false,"pod":"web-7d949cdfb6-xtm5w","time":"T","type":"endpoint-condition"}
{"kind":"WatchTransition","pod":"web-7d949cdfb6-xtm5w","time":"T","type":"pod-deleted"}
{"address":"10.244.3.4","endpointSlice":"web-smx4l","kind":"WatchTransition","lagMs":"N","pod":"web-7d949cdfb6-xtm5w","time":"T","type":"endpoint-removed"}
{"kind":"WatchTransition","time":"T","type":"converged"}
{"converged":true,"counts":{"converged":10,"endpoint-added":3,"endpoint-condition":32,"endpoint-removed":3,"outage-end":1,"outage-start":1,"pod-added":3,"pod-deleted":3,"pod-not-ready":5,"pod-ready":8,"pod-terminating":3,"service-changed":0,"service-deleted":0,"slice-created":0,"slice-deleted":0,"stale":0,"stale-end":0},"end":"T","flapping":[{"count":2,"pod":"web-7d949cdfb6-xtm5w"},{"count":3,"pod":"web-new-1"},{"count":7,"pod":"web-new-2"}],"kind":"WatchSummary","lag":{"count":19,"maxMs":"N","medianMs":"N","minMs":"N"},"minReady":0,"ports":[{"minReady":0,"outages":[{"end":"T","seconds":"N","start":"T"}],"port":"http"}],"seconds":"N","staleSeconds":"N","start":"T","time":"T","type":"summary"}
"#;

#[test]
fn only_scoped_lists_and_watches_with_bookmarks_are_sent() {
    let server = fake();
    let (code, _, err) = watch(&server, &["--timeout", "800ms"]);
    assert_eq!(code, Some(0), "{err}");
    let mut seen: Vec<String> = server
        .requests()
        .iter()
        .map(|r| {
            assert_eq!(r.method, "GET");
            let mut d = r.describe();
            // The list's resourceVersion varies with the fixture; the watch starts from it.
            if let Some(rv) = r.param("resourceVersion") {
                assert_eq!(rv, server.store().resource_version.to_string(), "{d}");
                d = d.replace(&format!("resourceVersion={rv}"), "resourceVersion=RV");
            }
            d
        })
        .collect();
    seen.sort();
    seen.dedup();
    let ns = format!("/namespaces/{NS}");
    let want = vec![
        format!("GET /api/v1/namespaces/{NS}/endpoints?fieldSelector=metadata.name=web&limit=500"),
        format!(
            "GET /api/v1/namespaces/{NS}/endpoints?allowWatchBookmarks=true&fieldSelector=metadata.name=web&resourceVersion=RV&timeoutSeconds=290&watch=true"
        ),
        format!("GET /api/v1/namespaces/{NS}/pods?labelSelector=app=web&limit=500"),
        format!(
            "GET /api/v1/namespaces/{NS}/pods?allowWatchBookmarks=true&labelSelector=app=web&resourceVersion=RV&timeoutSeconds=290&watch=true"
        ),
        format!("GET /api/v1/namespaces/{NS}/services?fieldSelector=metadata.name=web&limit=500"),
        format!(
            "GET /api/v1/namespaces/{NS}/services?allowWatchBookmarks=true&fieldSelector=metadata.name=web&resourceVersion=RV&timeoutSeconds=290&watch=true"
        ),
        "GET /api/v1/nodes?limit=500".to_string(),
        format!(
            "GET /apis/discovery.k8s.io/v1{ns}/endpointslices?labelSelector=kubernetes.io/service-name=web&limit=500"
        ),
        format!(
            "GET /apis/discovery.k8s.io/v1{ns}/endpointslices?allowWatchBookmarks=true&labelSelector=kubernetes.io/service-name=web&resourceVersion=RV&timeoutSeconds=290&watch=true"
        ),
        "GET /version".to_string(),
    ];
    let mut want = want;
    want.sort();
    pretty_assertions::assert_eq!(seen, want);
}

#[test]
fn mistakes_are_one_line_and_exit_2() {
    let server = fake();
    let out = svcx_live(&server)
        .args(["explain", "nope", "-n", NS, "-w"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8(out.stderr).unwrap();
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.contains("\"nope\" not found"), "{err}");
    let out = crate::util::svcx()
        .args(["explain", "web", "-w", "-f", "examples/cluster.yaml"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        String::from_utf8(out.stderr).unwrap(),
        "error: explain -w watches a live cluster; files (-f) do not change (replay a recording with --replay FILE)\n"
    );
    let dir = tempfile::tempdir().unwrap();
    let cut = dir.path().join("cut.watch");
    let text =
        std::fs::read_to_string(crate::util::fixture("../../examples/rollout.watch")).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    std::fs::write(&cut, lines[..10].join("\n")).unwrap();
    let out = crate::util::svcx()
        .args(["explain", "web", "-w", "--replay"])
        .arg(&cut)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        String::from_utf8(out.stderr).unwrap(),
        format!(
            "error: {}:10: the recording has no END line (cut short?)\n",
            cut.display()
        )
    );
    let out = crate::util::svcx()
        .args(["explain", "api", "-w", "--replay", "examples/rollout.watch"])
        .current_dir(crate::util::fixture("../.."))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        String::from_utf8(out.stderr).unwrap(),
        "error: examples/rollout.watch records service healthy-clusterip/web, not api\n"
    );
}
