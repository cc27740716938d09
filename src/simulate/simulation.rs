//! Simulating a Service of a cluster (or a made-up one): which controller writes its slices,
//! what its next sync does, and a [`Simulator`] to continue with what-if steps.

use crate::model::{
    AddressType, Cluster, EndpointPort, EndpointSlice, IpFamily, Labels, Pod, Protocol, Service,
    ServicePort, ServiceType, TargetPort, selector_matches,
};
use crate::simulate::endpoints::truncation::{EndpointsOutcome, endpoints_outcome};
use crate::simulate::endpointslice::desired::{NodeIndex, desired_state};
use crate::simulate::endpointslice::hints::{HintMode, hint_mode};
use crate::simulate::endpointslice::input::ReconcileInput;
use crate::simulate::endpointslice::node_topology::NodeTopology;
use crate::simulate::endpointslice::plan::SliceAction;
use crate::simulate::endpointslice::reconcile::reconcile;
use crate::simulate::mirroring::mirror::mirror;
use crate::simulate::shared::config::SimConfig;
use crate::simulate::whatif::engine::LayoutSlice;
use crate::simulate::whatif::outcome::{
    ControllerKind, EndpointsSummary, StepOutcome, stored_row, summarize_mirror, summarize_plan,
};
use crate::simulate::whatif::population::Population;
use crate::simulate::whatif::steps::Simulator;

/// The next sync of one Service.
pub struct ServiceSimulation {
    /// What it writes.
    pub outcome: StepOutcome,
    /// The legacy Endpoints object (selector Services only).
    pub endpoints: Option<EndpointsOutcome>,
    /// The hint mode in force.
    pub hint_mode: HintMode,
    /// Continues from the state after the sync (Services with a selector only).
    pub simulator: Option<Simulator>,
}

/// Simulates the next sync of `svc` (one of `cluster.services`).
pub fn simulate_service(cluster: &Cluster, svc: &Service, cfg: &SimConfig) -> ServiceSimulation {
    let slices: Vec<&EndpointSlice> = cluster.slices_of(&svc.namespace, &svc.name).collect();
    let mode = hint_mode(svc, &cfg.rules);
    if svc.service_type() == ServiceType::ExternalName {
        let mut outcome = StepOutcome {
            label: "sync".into(),
            controller: Some(ControllerKind::None),
            slices: slices
                .iter()
                .map(|s| stored_row(s, SliceAction::Unchanged))
                .collect(),
            ..StepOutcome::default()
        };
        outcome.notes.push("ExternalName: no controller writes slices or Endpoints for it (slices left from before stay until the Service is deleted)".into());
        return ServiceSimulation {
            outcome,
            endpoints: None,
            hint_mode: mode,
            simulator: None,
        };
    }
    let Some(selector) = &svc.selector else {
        let endpoints = cluster.endpoints_of(&svc.namespace, &svc.name);
        let plan = mirror(svc, endpoints, &slices, cfg);
        let mut outcome = summarize_mirror(&slices, &plan);
        outcome.label = "sync".into();
        if !cluster.endpoints_known {
            outcome.notes.push(
                "Endpoints were not read: mirroring is simulated as if there were none".into(),
            );
        }
        if plan.slices.is_empty() && endpoints.is_none() {
            outcome.controller = Some(ControllerKind::None);
            outcome.notes.push(
                "no selector and no Endpoints to mirror: nobody writes slices for this Service"
                    .into(),
            );
        }
        add_foreign(
            &mut outcome,
            &slices,
            svc,
            &[crate::model::MANAGED_BY_MIRRORING],
        );
        return ServiceSimulation {
            outcome,
            endpoints: None,
            hint_mode: mode,
            simulator: None,
        };
    };
    let pods: Vec<&Pod> = cluster
        .pods
        .iter()
        .filter(|p| p.namespace == svc.namespace && selector_matches(selector, &p.labels))
        .collect();
    let nodes = NodeIndex::new(&cluster.nodes, cluster.nodes_known);
    let desired = desired_state(svc, &pods, &nodes, &cfg.rules);
    let topology = NodeTopology::from_nodes(&cluster.nodes, cluster.nodes_known);
    let input = ReconcileInput {
        service: svc,
        desired: &desired,
        existing: &slices,
        topology: &topology,
    };
    let plan = reconcile(&input, cfg);
    let mut outcome = summarize_plan(&input, &plan);
    outcome.label = "sync".into();
    let current = cluster
        .endpoints_known
        .then(|| cluster.endpoints_of(&svc.namespace, &svc.name))
        .flatten();
    let endpoints = endpoints_outcome(svc, &pods, current);
    if let Some(e) = &endpoints {
        let mut summary = EndpointsSummary::from(e);
        if current.is_none() {
            summary.up_to_date = cluster.endpoints_known.then_some(false);
        }
        outcome.endpoints = Some(summary);
    }
    // Slices the mirroring controller made earlier are its to delete.
    let mirrored = mirror(svc, None, &slices, cfg);
    for ms in &mirrored.slices {
        let mut row = stored_row(slices[ms.existing.expect("existing")], SliceAction::Delete);
        row.endpoints = 0;
        row.diff.removed = ms.diff.removed;
        row.details = vec!["mirrored", "deleted by the mirroring controller"];
        outcome.slices.push(row);
    }
    add_foreign(
        &mut outcome,
        &slices,
        svc,
        &[
            crate::model::MANAGED_BY_CONTROLLER,
            crate::model::MANAGED_BY_MIRRORING,
        ],
    );
    if !cluster.nodes_known {
        outcome
            .notes
            .push("Nodes were not read (not in the input, or not allowed): zones and node existence are unknown".into());
    }
    if !cluster.slices_read() {
        outcome.notes.push(
            "EndpointSlices were not read: the plan starts from none, as for a new Service".into(),
        );
    }
    let mut k = 0;
    let layout: Vec<LayoutSlice> = plan
        .result()
        .map(|ps| {
            let name = match ps.existing {
                Some(i) => slices[i].name.to_string(),
                None => {
                    k += 1;
                    format!("{}-sim{k}", svc.name)
                }
            };
            LayoutSlice {
                name,
                address_type: ps.address_type.clone(),
                ports: ps.ports.clone(),
                members: ps
                    .endpoints
                    .iter()
                    .map(|pe| (pe.desired.group, pe.desired.index))
                    .collect(),
            }
        })
        .collect();
    let pop = Population::from_desired(svc, &pods, &desired);
    let simulator = Simulator::new(svc.clone(), *cfg, pop, topology, layout, k);
    ServiceSimulation {
        outcome,
        endpoints,
        hint_mode: mode,
        simulator: Some(simulator),
    }
}

/// A note about slices labelled with the Service's name that other managers own.
fn add_foreign(outcome: &mut StepOutcome, slices: &[&EndpointSlice], svc: &Service, ours: &[&str]) {
    let foreign: Vec<&str> = slices
        .iter()
        .filter(|s| {
            s.namespace == svc.namespace && !s.managed_by().is_some_and(|m| ours.contains(&m))
        })
        .map(|s| s.name.as_str())
        .collect();
    if !foreign.is_empty() {
        outcome.notes.push(format!(
            "not touched by the controller (another manager): {}",
            foreign.join(", ")
        ));
    }
}

/// A made-up Service for `--endpoints N`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyntheticSpec {
    /// Pods (one endpoint each).
    pub pods: usize,
    /// Zones pods are spread over (round robin); empty: no zones.
    pub zones: Vec<String>,
    /// `(name, port)` of each Service port (targetPort = port).
    pub ports: Vec<(String, i32)>,
}

/// The made-up Service `default/synthetic` and a simulator with no slices yet. Its first step
/// should be `scale=N`.
pub fn synthetic(spec: &SyntheticSpec, cfg: &SimConfig) -> (Service, Simulator) {
    let selector: Labels = [("app".into(), "synthetic".into())].into_iter().collect();
    let svc = Service {
        namespace: "default".into(),
        name: "synthetic".into(),
        uid: "synthetic-uid".into(),
        cluster_ip: Some("10.96.0.10".into()),
        cluster_ips: vec!["10.96.0.10".into()],
        ip_families: vec![IpFamily::V4],
        selector: Some(selector),
        ports: spec
            .ports
            .iter()
            .map(|(name, port)| ServicePort {
                name: name.clone(),
                protocol: Protocol::Tcp,
                port: *port,
                target_port: TargetPort::Number(*port),
                node_port: None,
                app_protocol: None,
            })
            .collect(),
        ..Service::default()
    };
    let ports: Vec<EndpointPort> = spec
        .ports
        .iter()
        .map(|(name, port)| EndpointPort {
            name: Some(name.clone()),
            port: Some(*port),
            protocol: Protocol::Tcp,
            app_protocol: None,
        })
        .collect();
    let (zones, nodes) = if spec.zones.is_empty() {
        (vec![None], vec![Some("node-1".into())])
    } else {
        (
            spec.zones.iter().map(|z| Some(z.as_str().into())).collect(),
            spec.zones
                .iter()
                .map(|z| Some(format!("node-{z}").into()))
                .collect(),
        )
    };
    let pop = Population::synthetic(
        &svc.namespace,
        vec![AddressType::IPv4],
        vec![(AddressType::IPv4, ports)],
        zones,
        nodes,
    );
    let ratios = (spec.zones.len() >= 2).then(|| {
        let share = 1.0 / spec.zones.len() as f64;
        spec.zones.iter().map(|z| (z.clone(), share)).collect()
    });
    let topology = NodeTopology::Known { ratios };
    let sim = Simulator::new(svc.clone(), *cfg, pop, topology, Vec::new(), 0);
    (svc, sim)
}

/// A whole simulation as printed: the Service, the knobs, and one outcome per sync.
#[derive(Debug, Clone, PartialEq)]
pub struct Simulation {
    /// Namespace of the Service.
    pub namespace: String,
    /// Name of the Service.
    pub name: String,
    /// A made-up Service (`--endpoints N`).
    pub synthetic: bool,
    /// The rules applied.
    pub rules: crate::model::ControllerRules,
    /// Where the rules' version came from: `flag`, `server`, `node-kubelets` or `default`.
    pub rules_source: String,
    /// The same for people (`from --kube-version`).
    pub rules_source_text: String,
    /// `M`.
    pub max_endpoints_per_slice: usize,
    /// The hint mode.
    pub hint_mode: HintMode,
    /// One outcome per controller sync, in order.
    pub steps: Vec<StepOutcome>,
    /// Remarks about the whole run.
    pub notes: Vec<String>,
}
