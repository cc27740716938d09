//! A generated cluster for the benchmark: realistic objects (copied from the real v1.32 dump
//! `tests/fixtures/large-250`, managedFields included) renamed and rewired into `services`
//! Services of `pods / services` Pods each, one EndpointSlice and one Endpoints per Service,
//! 200 Services per namespace, 100 Nodes in 3 zones.

use crate::fake_apiserver::{Store, StoreBuilder};
use serde_json::{Value, json};

const ZONES: [&str; 3] = ["eu-west-1a", "eu-west-1b", "eu-west-1c"];
const NODES: usize = 100;
const SERVICES_PER_NAMESPACE: usize = 200;

/// Templates: the first object of each kind in the large-250 dump.
struct Templates {
    namespace: Value,
    node: Value,
    service: Value,
    pod: Value,
    endpoints: Value,
    slice: Value,
}

fn templates() -> Templates {
    let text = include_str!("../../tests/fixtures/large-250/cluster.yaml");
    let docs = svcx::source::decode_documents(text).expect("fixture");
    let items = docs[0].value["items"].as_array().expect("List").clone();
    let first = |kind: &str| {
        items
            .iter()
            .find(|i| i["kind"] == kind)
            .cloned()
            .unwrap_or_else(|| panic!("no {kind} in large-250"))
    };
    Templates {
        namespace: first("Namespace"),
        node: first("Node"),
        service: first("Service"),
        pod: first("Pod"),
        endpoints: first("Endpoints"),
        slice: first("EndpointSlice"),
    }
}

fn uid(n: u64) -> String {
    format!("00000000-0000-4000-8000-{n:012x}")
}

/// Sets `value` at a JSON pointer that exists in the template.
fn set(v: &mut Value, pointer: &str, value: Value) {
    *v.pointer_mut(pointer)
        .unwrap_or_else(|| panic!("template lacks {pointer}")) = value;
}

/// What was generated, for checking the tool's counts.
pub struct Generated {
    /// The served objects.
    pub store: Store,
    /// Namespaces.
    pub namespaces: usize,
    /// A Service to explain / describe: `(namespace, name)`.
    pub sample: (String, String),
}

/// Generates `services` Services and `pods` Pods (rounded down to a multiple of `services`).
pub fn cluster(services: usize, pods: usize) -> Generated {
    let t = templates();
    let per_service = (pods / services).max(1);
    let mut b = StoreBuilder::new();
    let mut ids = 1u64;
    let mut next_uid = || {
        ids += 1;
        uid(ids)
    };
    for n in 0..NODES {
        let mut node = t.node.clone();
        let name = format!("node-{n:03}");
        set(&mut node, "/metadata/name", json!(name));
        set(&mut node, "/metadata/uid", json!(next_uid()));
        set(
            &mut node,
            "/metadata/labels/kubernetes.io~1hostname",
            json!(name),
        );
        set(
            &mut node,
            "/metadata/labels/topology.kubernetes.io~1zone",
            json!(ZONES[n % 3]),
        );
        b.add(node);
    }
    let namespaces = services.div_ceil(SERVICES_PER_NAMESPACE);
    for ns in 0..namespaces {
        let mut o = t.namespace.clone();
        let name = format!("ns-{ns:03}");
        set(&mut o, "/metadata/name", json!(name));
        set(&mut o, "/metadata/uid", json!(next_uid()));
        set(
            &mut o,
            "/metadata/labels/kubernetes.io~1metadata.name",
            json!(name),
        );
        b.add(o);
    }
    let mut pod_number = 0u32;
    for s in 0..services {
        let ns = format!("ns-{:03}", s / SERVICES_PER_NAMESPACE);
        let svc_name = format!("svc-{s:05}");
        let svc_uid = next_uid();
        let mut svc = t.service.clone();
        set(&mut svc, "/metadata/name", json!(svc_name));
        set(&mut svc, "/metadata/namespace", json!(ns));
        set(&mut svc, "/metadata/uid", json!(svc_uid));
        let ip = format!("10.96.{}.{}", s / 250, s % 250 + 1);
        set(&mut svc, "/spec/clusterIP", json!(ip));
        set(&mut svc, "/spec/clusterIPs", json!([ip]));
        set(&mut svc, "/spec/selector", json!({"app": svc_name}));
        b.add(svc);
        let rs = format!("{svc_name}-7d949cdfb6");
        let rs_uid = next_uid();
        let mut endpoints = Vec::with_capacity(per_service);
        let mut addresses = Vec::with_capacity(per_service);
        for p in 0..per_service {
            pod_number += 1;
            let name = format!("{rs}-{p:05}");
            let pod_uid = next_uid();
            let node_n = (pod_number as usize) % NODES;
            let node = format!("node-{node_n:03}");
            let ip = format!(
                "10.{}.{}.{}",
                64 + (pod_number >> 16),
                (pod_number >> 8) & 255,
                pod_number & 255
            );
            let mut pod = t.pod.clone();
            set(&mut pod, "/metadata/name", json!(name));
            set(&mut pod, "/metadata/generateName", json!(format!("{rs}-")));
            set(&mut pod, "/metadata/namespace", json!(ns));
            set(&mut pod, "/metadata/uid", json!(pod_uid));
            set(&mut pod, "/metadata/labels/app", json!(svc_name));
            set(&mut pod, "/metadata/ownerReferences/0/name", json!(rs));
            set(&mut pod, "/metadata/ownerReferences/0/uid", json!(rs_uid));
            set(&mut pod, "/spec/nodeName", json!(node));
            set(&mut pod, "/status/podIP", json!(ip));
            set(&mut pod, "/status/podIPs", json!([{"ip": ip}]));
            b.add(pod);
            let target = json!({"kind": "Pod", "name": name, "namespace": ns, "uid": pod_uid});
            endpoints.push(json!({
                "addresses": [ip],
                "conditions": {"ready": true, "serving": true, "terminating": false},
                "nodeName": node,
                "targetRef": target,
                "zone": ZONES[node_n % 3],
            }));
            addresses.push(json!({"ip": ip, "nodeName": node, "targetRef": target}));
        }
        let mut slice = t.slice.clone();
        set(
            &mut slice,
            "/metadata/name",
            json!(format!("{svc_name}-abcde")),
        );
        set(
            &mut slice,
            "/metadata/generateName",
            json!(format!("{svc_name}-")),
        );
        set(&mut slice, "/metadata/namespace", json!(ns));
        set(&mut slice, "/metadata/uid", json!(next_uid()));
        set(
            &mut slice,
            "/metadata/labels/kubernetes.io~1service-name",
            json!(svc_name),
        );
        set(
            &mut slice,
            "/metadata/ownerReferences/0/name",
            json!(svc_name),
        );
        set(
            &mut slice,
            "/metadata/ownerReferences/0/uid",
            json!(svc_uid),
        );
        set(&mut slice, "/endpoints", Value::Array(endpoints));
        b.add(slice);
        let mut ep = t.endpoints.clone();
        set(&mut ep, "/metadata/name", json!(svc_name));
        set(&mut ep, "/metadata/namespace", json!(ns));
        set(&mut ep, "/metadata/uid", json!(next_uid()));
        set(&mut ep, "/subsets/0/addresses", Value::Array(addresses));
        b.add(ep);
    }
    Generated {
        store: b.build(),
        namespaces,
        sample: ("ns-000".to_string(), "svc-00000".to_string()),
    }
}
