//! Property: for generated clusters (Services selecting by one or two labels, pods with labels,
//! IPs, nodes, zones and readiness, slices written for them), the diagnosis of the redacted
//! objects is the diagnosis of the originals with names substituted: same codes, severities,
//! Services and objects.

use proptest::prelude::*;
use serde_json::{Value, json};
use svcx::analysis::{DiagnoseOptions, Scope, diagnose};
use svcx::model::Cluster;
use svcx::source::snapshot::redact::Redactor;
use svcx::source::{ConvertStats, objects_to_cluster};

/// Values far apart (edit distance > 2), so no near typo is generated (docs/snapshot.md).
const VALUES: &[&str] = &["alpha", "bravo", "charlie", "delta"];
const NAMESPACES: &[&str] = &["shop", "default", "payments"];
const NODES: &[&str] = &["node-a", "node-b", "ip-10-0-1-7.ec2.internal"];

#[derive(Debug, Clone)]
struct Svc {
    ns: usize,
    selector: Vec<(bool, usize)>,
    named_port: bool,
}

#[derive(Debug, Clone)]
struct PodSpec {
    ns: usize,
    app: usize,
    tier: Option<usize>,
    node: usize,
    ready: bool,
    ip: (u8, u8),
    port_name: bool,
}

fn svc() -> impl Strategy<Value = Svc> {
    (
        0..NAMESPACES.len(),
        prop::collection::vec((any::<bool>(), 0..VALUES.len()), 1..3),
        any::<bool>(),
    )
        .prop_map(|(ns, selector, named_port)| Svc {
            ns,
            selector,
            named_port,
        })
}

fn pod() -> impl Strategy<Value = PodSpec> {
    (
        0..NAMESPACES.len(),
        0..VALUES.len(),
        prop::option::of(0..VALUES.len()),
        0..NODES.len(),
        any::<bool>(),
        (0u8..3, 1u8..250),
        any::<bool>(),
    )
        .prop_map(|(ns, app, tier, node, ready, ip, port_name)| PodSpec {
            ns,
            app,
            tier,
            node,
            ready,
            ip,
            port_name,
        })
}

fn objects(services: &[Svc], pods: &[PodSpec]) -> Vec<Value> {
    let mut out = Vec::new();
    for (i, n) in NODES.iter().enumerate() {
        out.push(json!({"apiVersion": "v1", "kind": "Node", "metadata": {"name": n,
            "labels": {"kubernetes.io/hostname": n, "topology.kubernetes.io/zone": format!("zone-{}", i % 2)}},
            "status": {"addresses": [{"type": "InternalIP", "address": format!("192.168.0.{}", i + 1)}],
                "nodeInfo": {"kubeletVersion": "v1.32.6"}}}));
    }
    for (i, p) in pods.iter().enumerate() {
        let mut labels = json!({"app": VALUES[p.app]});
        if let Some(t) = p.tier {
            labels["tier"] = json!(VALUES[t]);
        }
        let port = if p.port_name {
            json!({"containerPort": 8080, "name": "http"})
        } else {
            json!({"containerPort": 8080})
        };
        let ip = format!("10.244.{}.{}", p.ip.0, p.ip.1);
        out.push(json!({"apiVersion": "v1", "kind": "Pod",
            "metadata": {"name": format!("{}-{i}", VALUES[p.app]), "namespace": NAMESPACES[p.ns],
                "labels": labels, "uid": format!("uid-{i}")},
            "spec": {"nodeName": NODES[p.node], "containers": [{"name": "app", "ports": [port]}]},
            "status": {"phase": "Running", "podIP": ip, "podIPs": [{"ip": ip}],
                "conditions": [{"type": "Ready", "status": if p.ready { "True" } else { "False" }}]}}));
    }
    for (i, s) in services.iter().enumerate() {
        let mut selector = serde_json::Map::new();
        for (tier, v) in &s.selector {
            selector.insert(
                (if *tier { "tier" } else { "app" }).into(),
                json!(VALUES[*v]),
            );
        }
        let target = if s.named_port {
            json!("http")
        } else {
            json!(8080)
        };
        let name = format!("svc-{i}");
        out.push(json!({"apiVersion": "v1", "kind": "Service",
            "metadata": {"name": name, "namespace": NAMESPACES[s.ns]},
            "spec": {"selector": selector, "clusterIP": format!("10.96.0.{}", i + 10),
                "ports": [{"name": "web", "port": 80, "targetPort": target, "protocol": "TCP"}]}}));
        // A slice as the controller would write it for the ready pods it selects.
        let endpoints: Vec<Value> = pods
            .iter()
            .enumerate()
            .filter(|(_, p)| p.ns == s.ns && s.selector.iter().all(|(tier, v)| {
                if *tier { p.tier == Some(*v) } else { p.app == *v }
            }))
            .map(|(j, p)| json!({"addresses": [format!("10.244.{}.{}", p.ip.0, p.ip.1)],
                "conditions": {"ready": p.ready}, "nodeName": NODES[p.node],
                "targetRef": {"kind": "Pod", "name": format!("{}-{j}", VALUES[p.app]), "namespace": NAMESPACES[p.ns]}}))
            .collect();
        out.push(
            json!({"apiVersion": "discovery.k8s.io/v1", "kind": "EndpointSlice",
            "metadata": {"name": format!("{name}-abcde"), "namespace": NAMESPACES[s.ns],
                "labels": {"kubernetes.io/service-name": name,
                    "endpointslice.kubernetes.io/managed-by": "endpointslice-controller.k8s.io"}},
            "addressType": "IPv4", "endpoints": endpoints,
            "ports": [{"name": "web", "port": 8080, "protocol": "TCP"}]}),
        );
    }
    out
}

fn cluster(objects: Vec<Value>) -> Cluster {
    let mut c = Cluster::default();
    let mut stats = ConvertStats::default();
    for o in objects {
        objects_to_cluster(o, &mut c, &mut stats).unwrap();
    }
    c
}

/// Code, severity, Service and objects of each finding, names through `rename`, sorted.
fn keys(c: &Cluster, rename: &dyn Fn(&str) -> String) -> Vec<String> {
    let d = diagnose(c, &Scope::All, &DiagnoseOptions::default());
    let mut k: Vec<String> = d
        .findings()
        .map(|f| {
            // Objects are ordered by name, so renaming may reorder them: compare them as a set.
            let mut objects: Vec<String> = f
                .objects
                .iter()
                .map(|o| format!("{}/{}", o.kind, rename(&o.name)))
                .collect();
            objects.sort();
            format!(
                "{:?} {:?} {}/{} {objects:?}",
                f.code,
                f.severity,
                rename(&f.namespace),
                f.service.as_deref().map(rename).unwrap_or_default()
            )
        })
        .collect();
    k.sort();
    k
}

/// Whether `word` occurs in `text` between non-alphanumeric characters: an original name kept
/// shows as a whole name or segment (`shop`, `shop-v2`), while a pseudonym made of random letters
/// may contain it by chance (`pshopw`) without telling anything.
fn contains_word(text: &str, word: &str) -> bool {
    let bytes = text.as_bytes();
    text.match_indices(word).any(|(at, _)| {
        let before = at.checked_sub(1).map(|i| bytes[i]);
        let after = bytes.get(at + word.len()).copied();
        !before.is_some_and(|b| b.is_ascii_alphanumeric())
            && !after.is_some_and(|b| b.is_ascii_alphanumeric())
    })
}

#[test]
fn a_word_is_found_whole_not_inside_another() {
    assert!(contains_word(r#"{"name":"shop"}"#, "shop"));
    assert!(contains_word("shop-v2-abc", "shop"));
    assert!(contains_word("x.node-a.y", "node-a"));
    assert!(!contains_word("bjkowi-pshopw", "shop"));
    assert!(!contains_word("shopper", "shop"));
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn redacted_diagnosis_is_the_original_renamed(
        services in prop::collection::vec(svc(), 1..4),
        pods in prop::collection::vec(pod(), 0..8),
        key in "[a-z]{1,12}",
    ) {
        let r = Redactor::with_key(&key);
        let original = objects(&services, &pods);
        let mut redacted = original.clone();
        for o in &mut redacted {
            r.object(o);
        }
        let text = serde_json::to_string(&redacted).unwrap();
        for secret in ["shop", "payments", "alpha", "bravo", "charlie", "delta", "node-a", "ec2", "10-0-1"] {
            prop_assert!(!contains_word(&text, secret), "{secret} in {text}");
        }
        let mut ips: Vec<String> = pods.iter().map(|p| format!("\"10.244.{}.{}\"", p.ip.0, p.ip.1)).collect();
        ips.extend((0..services.len()).map(|i| format!("\"10.96.0.{}\"", i + 10)));
        ips.extend((1..=NODES.len()).map(|i| format!("\"192.168.0.{i}\"")));
        for ip in ips {
            prop_assert!(!text.contains(&ip), "{ip} in {text}");
        }
        let want = keys(&cluster(original), &|s| r.name(s));
        let got = keys(&cluster(redacted), &|s| s.to_string());
        prop_assert_eq!(want, got);
    }
}
