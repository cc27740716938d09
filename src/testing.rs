//! Small object builders for unit tests: each test shows only the fields that matter; and the
//! fixture files they read.

use crate::model::{
    Container, ContainerPort, IpFamily, Labels, Node, Pod, PodCondition, PodPhase, Protocol,
    Service, ServicePort, TargetPort, ZONE_LABEL,
};

pub(crate) fn labels(pairs: &[(&str, &str)]) -> Labels {
    pairs
        .iter()
        .map(|(k, v)| ((*k).into(), (*v).into()))
        .collect()
}

/// A ClusterIP Service `ns/name` selecting `selector`, port 80 -> 8080.
pub(crate) fn mk_service(name: &str, selector: &[(&str, &str)]) -> Service {
    Service {
        namespace: "ns".into(),
        name: name.into(),
        uid: format!("uid-{name}"),
        cluster_ip: Some("10.96.0.10".into()),
        cluster_ips: vec!["10.96.0.10".into()],
        ip_families: vec![IpFamily::V4],
        selector: Some(labels(selector)),
        ports: vec![mk_svc_port(
            "http",
            80,
            TargetPort::Number(8080),
            Protocol::Tcp,
        )],
        live: true,
        ..Service::default()
    }
}

pub(crate) fn mk_svc_port(
    name: &str,
    port: i32,
    target: TargetPort,
    protocol: Protocol,
) -> ServicePort {
    ServicePort {
        name: name.into(),
        protocol,
        port,
        target_port: target,
        node_port: None,
        app_protocol: None,
    }
}

/// A Running, Ready pod `ns/name` on node-1 with IP 10.0.0.1.
pub(crate) fn mk_pod(name: &str, pod_labels: &[(&str, &str)]) -> Pod {
    Pod {
        namespace: "ns".into(),
        name: name.into(),
        uid: format!("uid-{name}").into(),
        labels: labels(pod_labels).into(),
        node_name: Some("node-1".into()),
        containers: vec![mk_container("app", &[("http", 8080, Protocol::Tcp)])],
        phase: PodPhase::Running,
        pod_ip: Some("10.0.0.1".into()),
        listed_ips: vec!["10.0.0.1".into()],
        conditions: vec![mk_condition("Ready", "True")],
        ..Pod::default()
    }
}

pub(crate) fn mk_condition(type_: &str, status: &str) -> PodCondition {
    PodCondition::new(type_, status)
}

pub(crate) fn mk_container(name: &str, ports: &[(&str, i32, Protocol)]) -> Container {
    Container {
        name: name.into(),
        ports: ports
            .iter()
            .map(|(n, p, proto)| ContainerPort {
                name: ((!n.is_empty()).then(|| (*n).to_string())).map(Into::into),
                port: *p,
                protocol: proto.clone(),
            })
            .collect(),
        has_readiness_probe: true,
        ready: Some(true),
        state: None,
    }
}

/// A Ready node in `zone`.
pub(crate) fn mk_node(name: &str, zone: &str) -> Node {
    Node {
        name: name.into(),
        labels: labels(&[(ZONE_LABEL, zone)]),
        ready: Some(true),
        allocatable_cpu_milli: Some(4000),
        kubelet_version: None,
        internal_ips: vec![],
    }
}

/// Every scenario's `tests/fixtures/*/cluster.yaml` (kubectl's `-o yaml` List layout), sorted.
pub(crate) fn scenario_yaml_files() -> Vec<std::path::PathBuf> {
    let root = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures");
    let mut files: Vec<std::path::PathBuf> = std::fs::read_dir(root)
        .unwrap()
        .filter_map(Result::ok)
        .map(|e| e.path().join("cluster.yaml"))
        .filter(|p| p.is_file())
        .collect();
    files.sort();
    assert!(files.len() >= 10, "{files:?}");
    files
}

/// A small xorshift for tests that want many varied inputs, the same ones every run, without a
/// test dependency.
pub(crate) struct Xorshift(u64);

impl Xorshift {
    /// From a non-zero seed.
    pub(crate) fn new(seed: u64) -> Xorshift {
        Xorshift(seed)
    }

    /// The next number below `bound`.
    pub(crate) fn below(&mut self, bound: usize) -> usize {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 % bound as u64) as usize
    }
}
