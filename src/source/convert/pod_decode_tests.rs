//! `pod_decode` held to serde: whatever the hand-written reader reads, serde's wire shapes and
//! `from_wire` make the same (Pod, Stamp, live). A module of `pod`, which both sides belong to.

use super::super::decode_testing;
use super::super::pod_decode::pod;

fn agrees(text: &str) -> bool {
    decode_testing::agrees_as(pod, super::from_wire, text)
}

const BENCH_POD: &str = r#"{"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "svc-00000-07", "namespace": "team-00", "uid": "pod-uid-7", "labels": {"app": "svc-00000", "tier": "backend", "pod-template-hash": "5d4f8c"}, "ownerReferences": [{"apiVersion": "apps/v1", "kind": "ReplicaSet", "name": "svc-00000-5d4f8c", "uid": "rs-svc-00000", "controller": true}], "creationTimestamp": "2026-11-22T12:00:00Z"}, "spec": {"nodeName": "node-0007", "containers": [{"name": "app", "image": "example/app:1.0", "ports": [{"name": "http", "containerPort": 8080, "protocol": "TCP"}], "readinessProbe": {"httpGet": {"path": "/ready", "port": 8080}}}]}, "status": {"phase": "Running", "podIP": "10.0.0.7", "podIPs": [{"ip": "10.0.0.7"}], "conditions": [{"type": "Ready", "status": "True"}, {"type": "ContainersReady", "status": "True"}], "containerStatuses": [{"name": "app", "image": "example/app:1.0", "ready": true, "restartCount": 0, "state": {"running": {"startedAt": "2026-11-22T12:00:00Z"}}}]}}"#;

#[test]
fn a_dumped_pod_reads_as_serde_reads_it() {
    assert!(agrees(BENCH_POD), "the common shape is read by hand");
    let (read, _, live) = pod(BENCH_POD).unwrap();
    assert!(live);
    let labels = read.labels;
    // Sorted, whatever the order written.
    let keys: Vec<&str> = labels.iter().map(|(k, _)| k.as_str()).collect();
    assert_eq!(keys, ["app", "pod-template-hash", "tier"]);
}

/// Pods that write the same labels in the same order, one after the other, share one map;
/// any other pod gets its own, equal to what serde builds (repeated keys: the last wins).
#[test]
fn neighbours_with_the_same_labels_share_them() {
    let with = |labels: &str| {
        let text = format!(r#"{{"kind": "Pod", "metadata": {{"name": "p", "labels": {labels}}}}}"#);
        assert!(agrees(&text), "{labels}");
        pod(&text).unwrap().0.labels
    };
    let same = r#"{"tier": "backend", "app": "web"}"#;
    let (a, b) = (with(same), with(same));
    assert!(std::sync::Arc::ptr_eq(&a, &b), "shared");
    let reordered = with(r#"{"app": "web", "tier": "backend"}"#);
    assert_eq!(reordered, a, "the same map");
    let other = with(r#"{"app": "web", "tier": "frontend"}"#);
    assert!(!std::sync::Arc::ptr_eq(&other, &reordered));
    assert_eq!(other.get("tier").map(|v| v.as_str()), Some("frontend"));
    let repeated = with(r#"{"app": "web", "app": "api"}"#);
    assert_eq!(repeated.len(), 1);
    assert_eq!(repeated.get("app").map(|v| v.as_str()), Some("api"));
    let none = pod(r#"{"kind": "Pod", "metadata": {"name": "p"}}"#)
        .unwrap()
        .0
        .labels;
    assert!(none.is_empty());
}

/// A pod's IPs: the one listed IP that is its podIP is kept once (the reader never makes the
/// list), any other list is kept whole, an empty podIP is none.
#[test]
fn listed_ips_are_kept_as_serde_and_shrink_keep_them() {
    for (status, listed, once) in [
        (
            r#""podIP": "10.0.0.1", "podIPs": [{"ip": "10.0.0.1"}]"#,
            0,
            true,
        ),
        (
            r#""podIP": "10.0.0.1", "podIPs": [{"ip": "10.0.0.2"}]"#,
            1,
            false,
        ),
        (
            r#""podIP": "10.0.0.1", "podIPs": [{"ip": "10.0.0.1"}, {"ip": "fd00::1"}]"#,
            2,
            false,
        ),
        (r#""podIP": "", "podIPs": [{"ip": ""}]"#, 1, false),
        (r#""podIPs": [{"ip": "10.0.0.1"}]"#, 1, false),
        (r#""podIP": "10.0.0.1", "podIPs": null"#, 0, false),
        (r#""podIP": "10.0.0.1", "podIPs": []"#, 0, false),
        (
            r#""podIPs": [{"ip": "a"}, {"ip": "b"}, {"ip": "c"}]"#,
            3,
            false,
        ),
    ] {
        let text = format!(r#"{{"status": {{{status}}}}}"#);
        assert!(agrees(&text), "{text}");
        let (read, _, _) = pod(&text).unwrap();
        assert_eq!(
            (read.listed_ips.len(), read.ips_are_pod_ip),
            (listed, once),
            "{text}"
        );
    }
}

/// Every Pod of the recorded dumps, compact and indented, is read by hand and as serde
/// reads it.
#[test]
fn recorded_pods_read_as_serde_reads_them() {
    let pods = decode_testing::recorded("Pod");
    for text in &pods {
        assert!(agrees(text), "left to serde: {text}");
    }
    assert!(pods.len() >= 200, "{} recorded pods", pods.len());
}

/// What is left to serde: serde then refuses it, or reads it another way than a derived
/// struct would (a repeated field), or it is rare enough not to be worth a reader.
#[test]
fn the_unusual_is_left_to_serde() {
    for text in [
        r#"{"metadata": {"name": "a", "name": "b"}}"#,
        r#"{"metadata": {"labels": {"app": 1}}}"#,
        r#"{"metadata": ["a"]}"#,
        r#"{"spec": {"containers": [{"ports": [{"containerPort": 80.0}]}]}}"#,
        r#"{"spec": {"containers": [{"ports": [{"containerPort": 99999999999}]}]}}"#,
        r#"{"spec": {"dnsConfig": {"nameservers": ["1.1.1.1"]}}}"#,
        r#"{"spec": {"hostNetwork": "true"}}"#,
        r#"{"status": {"conditions": [null]}}"#,
        r#"{"metadata": {"name": "\ud83d\ude00"}}"#,
        r#"{"metadata": {}} {}"#,
        r#"{"metadata": {"name": "a"},}"#,
    ] {
        assert_eq!(pod(text), None, "{text}");
    }
    // Read by hand: nulls, empty objects, escapes and fields the shapes do not hold.
    for text in [
        r#"{"metadata": null, "spec": {}, "status": {"conditions": []}}"#,
        r#"{"metadata": {"name": "a\"b\\c\u00e9", "labels": {"b": "1", "a": "2", "b": "3"}}}"#,
        r#"{"spec": {"dnsConfig": null, "containers": [{"name": "x", "readinessProbe": null}]}}"#,
        r#"{"x": [1, -2.5e3, "\ud800", {"y": [true, false, null]}]}"#,
        "\n {\"status\": {\"phase\": \"Running\"}}\n",
        r#"{"metadata": {"na\u006de": "a", "k:{\"type\":\"Ready\"}": {}}}"#,
    ] {
        assert!(agrees(text), "{text}");
    }
}

/// Only values passed over count their nesting: a field the shapes do not hold, nested 100
/// deep inside the pod's own levels, is still read by hand; one level more is left to serde,
/// which reads it (its limit, 128, counts every level).
#[test]
fn nesting_counts_in_skipped_values_only() {
    let nested = |n: usize| {
        format!(
            r#"{{"metadata": {{"name": "p"}}, "spec": {{"x": {}{}, "containers": [{{"name": "c"}}]}}}}"#,
            "[".repeat(n),
            "]".repeat(n)
        )
    };
    assert!(agrees(&nested(100)));
    assert_eq!(pod(&nested(101)), None);
    assert!(serde_json::from_str::<super::super::pod_wire::WirePod>(&nested(101)).is_ok());
}

/// Random pods, with random damage: whenever the reader reads one, serde reads the same.
#[test]
fn random_pods_read_as_serde_reads_them() {
    let (read, whole) = decode_testing::random("pod", fields_of, agrees);
    // Not a test that passes by reading nothing: many undamaged pods are read by hand.
    assert!(read > whole / 3, "{read} of {whole} read by hand");
}

/// The wire shapes' fields and what each holds (`[]x`: an array of x).
fn fields_of(shape: &str) -> &'static [(&'static str, &'static str)] {
    match shape {
        "pod" => &[
            ("metadata", "meta"),
            ("spec", "spec"),
            ("status", "status"),
            ("kind", "str"),
        ],
        "meta" => &[
            ("name", "str"),
            ("namespace", "str"),
            ("uid", "str"),
            ("resourceVersion", "str"),
            ("creationTimestamp", "str"),
            ("labels", "labels"),
            ("deletionTimestamp", "str"),
            ("ownerReferences", "[]owner"),
        ],
        "spec" => &[
            ("containers", "[]container"),
            ("initContainers", "[]container"),
            ("readinessGates", "[]gate"),
            ("hostname", "str"),
            ("subdomain", "str"),
            ("nodeName", "str"),
            ("hostNetwork", "bool"),
            ("dnsPolicy", "str"),
        ],
        "container" => &[
            ("name", "str"),
            ("ports", "[]port"),
            ("readinessProbe", "probe"),
            ("restartPolicy", "str"),
        ],
        "probe" => &[("httpGet", "probe"), ("periodSeconds", "int")],
        "port" => &[
            ("name", "str"),
            ("containerPort", "int"),
            ("protocol", "str"),
        ],
        "gate" => &[("conditionType", "str")],
        "status" => &[
            ("phase", "str"),
            ("podIP", "str"),
            ("podIPs", "[]ip"),
            ("conditions", "[]condition"),
            ("containerStatuses", "[]cstatus"),
            ("initContainerStatuses", "[]cstatus"),
        ],
        "ip" => &[("ip", "str")],
        "condition" => &[
            ("type", "str"),
            ("status", "str"),
            ("reason", "str"),
            ("message", "str"),
        ],
        "cstatus" => &[("name", "str"), ("ready", "bool"), ("state", "state")],
        "state" => &[
            ("waiting", "reason"),
            ("terminated", "reason"),
            ("running", "probe"),
        ],
        "reason" => &[("reason", "str")],
        shared => decode_testing::shared_fields(shared),
    }
}
