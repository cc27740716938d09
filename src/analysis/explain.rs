//! `explain`: one Service, resolved the way the EndpointSlice controller and kube-proxy do it.

use super::dns::{dns_notes, dns_records};
use super::explain_manifest::manifest_view;
use super::explanation::{ExplainOptions, Explanation, PodReason, PodRow};
use super::input_mode::{InputMode, Origins};
use super::port_map::port_rows;
use super::selection::selected_pods;
use crate::model::{Cluster, EndpointSlice, Pod, Service, ServiceType};
use crate::simulate::{Exclusion, NodeIndex, PodVerdict, desired_state};

/// Explains `svc` (which must be one of `cluster.services`) against the rest of `cluster`.
pub fn explain(cluster: &Cluster, svc: &Service, opts: &ExplainOptions) -> Explanation {
    let slices: Vec<&EndpointSlice> = cluster.slices_of(&svc.namespace, &svc.name).collect();
    let mut notes = Vec::new();
    let pods: Vec<&Pod> = match (&svc.selector, svc.service_type()) {
        (_, ServiceType::ExternalName) => {
            if svc.selector.is_some() || !svc.ports.is_empty() {
                notes.push("ExternalName: the selector and ports are ignored; no endpoints are made and DNS answers with a CNAME".to_string());
            }
            vec![]
        }
        (None, _) => {
            notes.push("no selector: the EndpointSlice controller makes no endpoints; they come from hand-made EndpointSlices, or from Endpoints mirrored by the EndpointSliceMirroring controller".to_string());
            vec![]
        }
        (Some(sel), _) => selected_pods(&cluster.pods, &svc.namespace, sel),
    };
    let nodes = NodeIndex::new(&cluster.nodes, cluster.nodes_known);
    let desired = desired_state(svc, &pods, &nodes, &opts.rules);
    let ports = port_rows(svc, &pods, &desired.verdicts);
    let rows: Vec<PodRow> = desired
        .verdicts
        .iter()
        .map(|v| pod_row(svc, pods[v.pod], v, &slices))
        .collect();
    let manifest = (Origins::of(cluster).service_mode(svc, !pods.is_empty())
        == InputMode::Manifests)
        .then(|| {
            let selects = svc.selector.is_some() && svc.service_type() != ServiceType::ExternalName;
            let reason = match (svc.live, selects) {
                (true, _) => "no running pod in the input matches its selector, and workloads not applied yet would make them, so their pod templates stand in for pods",
                (false, true) => "the Service carries no cluster state (no uid, resourceVersion, creationTimestamp or status) and no running pod in the input matches its selector, so the pod templates of its workloads stand in for pods",
                (false, false) => "the Service carries no cluster state (no uid, resourceVersion, creationTimestamp or status): what the API server allocates is unknown until it is applied",
            };
            manifest_view(cluster, svc, &opts.rules, reason.to_string())
        });
    if !cluster.nodes_known && manifest.is_none() {
        notes.push("Nodes were not read (not in the input, or not allowed): zones and node existence are unknown".to_string());
    }
    // Pods only matter to a Service with a selector.
    let pods_known = cluster.pods_read() || svc.selector.is_none();
    if !pods_known && manifest.is_none() {
        notes.push("the input holds no Pods, so which pods the selector matches is unknown: include them (kubectl get pods,services,endpointslices -o yaml)".to_string());
    }
    let published: Vec<&str> = rows_not_ready_but_published(svc, &rows);
    if !published.is_empty() {
        notes.push(format!(
            "publishNotReadyAddresses: not-ready pod(s) {} are published as ready endpoints and receive traffic",
            published.join(", ")
        ));
    }
    if svc.is_headless() {
        notes.push(
            "headless: kube-proxy does not proxy it; DNS answers with the endpoints' addresses"
                .to_string(),
        );
    }
    notes.extend(dns_notes(svc, &slices));
    let owned: Vec<EndpointSlice> = slices.iter().map(|s| (*s).clone()).collect();
    Explanation {
        service: svc.clone(),
        rules: opts.rules,
        rules_source: opts.rules_source.clone(),
        ports,
        pods: rows,
        dns: dns_records(svc, &slices, &opts.cluster_domain),
        endpoint_slices: owned,
        endpoints: cluster.endpoints_of(&svc.namespace, &svc.name).cloned(),
        endpoints_known: cluster.endpoints_known,
        nodes_known: cluster.nodes_known,
        endpoint_slices_known: cluster.slices_read(),
        pods_known,
        notes,
        traffic: None,
        manifest,
    }
}

fn rows_not_ready_but_published<'a>(svc: &Service, rows: &'a [PodRow]) -> Vec<&'a str> {
    // Headless Services get the DNS wording from `dns_notes` instead.
    if !svc.publish_not_ready_addresses || svc.is_headless() {
        return vec![];
    }
    rows.iter()
        .filter(|r| r.endpoint && !r.ready)
        .map(|r| r.name.as_str())
        .collect()
}

fn pod_row(svc: &Service, pod: &Pod, v: &PodVerdict, slices: &[&EndpointSlice]) -> PodRow {
    let unresolved_ports: Vec<String> = svc
        .ports
        .iter()
        .zip(&v.ports)
        .filter(|(_, l)| l.number().is_none())
        .map(|(p, _)| {
            if p.name.is_empty() {
                p.port.to_string()
            } else {
                p.name.clone()
            }
        })
        .collect();
    let endpoint = !v.included.is_empty();
    let no_port = !svc.ports.is_empty() && unresolved_ports.len() == svc.ports.len();
    let reason = match v.exclusion {
        Some(Exclusion::TerminalPhase) => Some(PodReason::TerminalPhase),
        Some(Exclusion::NoIp) => Some(PodReason::NoIp),
        Some(Exclusion::NodeMissing) => Some(PodReason::NodeMissing),
        Some(Exclusion::FamilyMismatch) => Some(PodReason::FamilyMismatch),
        None => match v.conditions {
            Some(c) if !c.ready && c.terminating => Some(PodReason::Terminating),
            Some(c) if !c.ready => Some(PodReason::NotReady),
            _ if no_port => Some(PodReason::PortUnresolved),
            _ => None,
        },
    };
    PodRow {
        name: pod.name.to_string(),
        ips: pod.all_ips().iter().map(|a| a.to_string()).collect(),
        node: pod.node_name.as_deref().map(String::from),
        zone: v.zone.as_deref().map(String::from),
        phase: pod.phase.as_str().to_string(),
        ready: pod.is_ready(),
        terminating: pod.deleting,
        endpoint,
        conditions: v.conditions,
        receives_traffic: endpoint && reason.is_none(),
        reason,
        unresolved_ports,
        in_current_slices: listed(pod, slices),
        node_known: v.node_known,
    }
}

/// A current slice lists the pod: by targetRef name (controller/mirrored) or by IP (hand-made).
fn listed(pod: &Pod, slices: &[&EndpointSlice]) -> bool {
    let ips = pod.all_ips();
    slices
        .iter()
        .flat_map(|s| &s.endpoints)
        .any(|e| match &e.target_ref {
            Some(r) => r.kind == "Pod" && r.name == pod.name && r.namespace == pod.namespace,
            None => e.addresses.iter().any(|a| ips.contains(a)),
        })
}
