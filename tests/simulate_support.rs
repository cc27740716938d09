//! Builders for simulate tests: a Service, pods and nodes in the shape upstream's reconciler
//! tests use, and a tiny "cluster" that syncs like the controller would.

#![allow(dead_code)]

use svcx::model::{
    ControllerRules, EndpointSlice, IpFamily, Labels, Node, Pod, PodCondition, PodPhase, Protocol,
    Service, ServicePort, TargetPort, ZONE_LABEL,
};
use svcx::simulate::SliceActions;
use svcx::simulate::{
    DesiredState, NodeIndex, NodeTopology, Plan, ReconcileInput, SimConfig, apply_plan,
    desired_slice_labels, desired_state, reconcile, service_owner_ref,
};

pub fn labels(pairs: &[(&str, &str)]) -> Labels {
    pairs
        .iter()
        .map(|(k, v)| ((*k).into(), (*v).into()))
        .collect()
}

/// ClusterIP Service `default/foo`, selector app=foo, one unnamed port 80 -> 8080.
pub fn service() -> Service {
    Service {
        namespace: "default".into(),
        name: "foo".into(),
        uid: "svc-uid".into(),
        cluster_ip: Some("10.96.0.10".into()),
        cluster_ips: vec!["10.96.0.10".into()],
        ip_families: vec![IpFamily::V4],
        selector: Some(labels(&[("app", "foo")])),
        ports: vec![ServicePort {
            name: String::new(),
            protocol: Protocol::Tcp,
            port: 80,
            target_port: TargetPort::Number(8080),
            node_port: None,
            app_protocol: None,
        }],
        ..Service::default()
    }
}

/// Ready, Running `pod-NNNN` with a unique IPv4 address, on `node-1`.
pub fn pod(i: usize) -> Pod {
    Pod {
        namespace: "default".into(),
        name: compact_str::format_compact!("pod-{i:04}"),
        uid: format!("uid-{i}").into(),
        labels: labels(&[("app", "foo")]).into(),
        node_name: Some("node-1".into()),
        phase: PodPhase::Running,
        pod_ip: Some(ip(i).into()),
        listed_ips: vec![ip(i).into()],
        conditions: vec![PodCondition::new("Ready", "True")],
        ..Pod::default()
    }
}

pub fn ip(i: usize) -> String {
    format!("10.{}.{}.{}", 1 + i / 65536, (i / 256) % 256, i % 256)
}

pub fn set_ready(p: &mut Pod, ready: bool) {
    p.conditions[0].status = if ready { "True" } else { "False" }.into();
}

/// A Ready node with 1000m CPU, optionally in a zone.
pub fn node(name: &str, zone: Option<&str>) -> Node {
    Node {
        name: name.into(),
        labels: zone.map_or_else(Labels::new, |z| labels(&[(ZONE_LABEL, z)])),
        ready: Some(true),
        allocatable_cpu_milli: Some(1000),
        kubelet_version: None,
        internal_ips: vec![],
    }
}

/// An owned, correctly labelled slice of `svc` holding `endpoints` of `desired` group 0.
pub fn slice_of(
    svc: &Service,
    name: &str,
    desired: &DesiredState,
    range: std::ops::Range<usize>,
) -> EndpointSlice {
    let g = &desired.groups[0];
    EndpointSlice {
        namespace: svc.namespace.clone().into(),
        name: name.into(),
        labels: desired_slice_labels(svc),
        annotations: Labels::new(),
        address_type: Some(g.address_type.clone()),
        ports: g.ports.clone(),
        endpoints: g.endpoints[range].iter().map(|e| e.to_endpoint()).collect(),
        owner_references: vec![service_owner_ref(svc)],
        deleting: false,
    }
}

/// A Service with its pods, nodes and slices, synced like the controller would.
pub struct World {
    pub svc: Service,
    pub pods: Vec<Pod>,
    pub nodes: Vec<Node>,
    pub nodes_known: bool,
    pub slices: Vec<EndpointSlice>,
    pub cfg: SimConfig,
    pub created: usize,
}

impl World {
    pub fn new(svc: Service, pods: Vec<Pod>) -> Self {
        World {
            svc,
            pods,
            nodes: vec![node("node-1", Some("zone-a"))],
            nodes_known: true,
            slices: Vec::new(),
            cfg: SimConfig::default(),
            created: 0,
        }
    }

    pub fn with_rules(mut self, rules: ControllerRules) -> Self {
        self.cfg = SimConfig::new(self.cfg.max_endpoints_per_slice(), rules).unwrap();
        self
    }

    pub fn desired(&self) -> DesiredState {
        let idx = NodeIndex::new(&self.nodes, self.nodes_known);
        let refs: Vec<&Pod> = self.pods.iter().collect();
        desired_state(&self.svc, &refs, &idx, &self.cfg.rules)
    }

    /// The next sync's plan.
    pub fn plan(&self) -> Plan {
        self.run(false).0
    }

    /// Runs a sync and keeps its result as the new slices.
    pub fn sync(&mut self) -> Plan {
        let (plan, slices) = self.run(true);
        self.slices = slices.expect("applied");
        self.created += plan.creates();
        plan
    }

    fn run(&self, apply: bool) -> (Plan, Option<Vec<EndpointSlice>>) {
        let desired = self.desired();
        let existing: Vec<&EndpointSlice> = self.slices.iter().collect();
        let topology = NodeTopology::from_nodes(&self.nodes, self.nodes_known);
        let input = ReconcileInput {
            service: &self.svc,
            desired: &desired,
            existing: &existing,
            topology: &topology,
        };
        let plan = reconcile(&input, &self.cfg);
        let slices = apply.then(|| {
            let mut k = self.created;
            apply_plan(&input, &plan, || {
                k += 1;
                format!("{}-sim{k}", self.svc.name)
            })
        });
        (plan, slices)
    }

    /// Sizes of the current slices, sorted.
    pub fn sizes(&self) -> Vec<usize> {
        let mut v: Vec<usize> = self.slices.iter().map(|s| s.endpoints.len()).collect();
        v.sort_unstable();
        v
    }
}

/// Sizes of a plan's resulting slices, sorted.
pub fn result_sizes(plan: &Plan) -> Vec<usize> {
    let mut v: Vec<usize> = plan.result().map(|s| s.endpoints.len()).collect();
    v.sort_unstable();
    v
}

/// `(creates, updates, deletes)`.
pub fn counts(plan: &Plan) -> (usize, usize, usize) {
    (plan.creates(), plan.updates(), plan.deletes())
}
