//! `explain` on a Service judged as a manifest (docs/explain.md#manifests): its ports resolved
//! against each pod template it selects (which workload, which container, which container
//! port), the Ingresses and routes that point at it, and what stays unknown until it is applied.
//!
//! Same rules as for pods: selection on every selector pair within the namespace
//! (`endpointslice_controller.go` `syncService`), named targetPorts by name and protocol on app
//! containers then sidecars (`pkg/api/v1/pod` `FindPort`), numeric targetPorts used as they are.

use super::checks::{pod_count_phrase, template_selected, workload_label};
use super::lookup_manifests::ManifestLookup;
use super::manifest_view::{ManifestView, RouteRow, TemplatePort, TemplateRow};
use super::port_map::unresolved_reason;
use crate::model::{
    Cluster, ControllerRules, PortRef, Service, ServicePort, ServiceType, Workload,
};
use crate::simulate::{PortLookup, resolve_target_port};

/// The manifest view of `svc`.
pub(crate) fn manifest_view(
    cluster: &Cluster,
    svc: &Service,
    rules: &ControllerRules,
    reason: String,
) -> ManifestView {
    let look = ManifestLookup::new(cluster);
    let selected: Vec<&Workload> = match &svc.selector {
        Some(sel) if svc.service_type() != ServiceType::ExternalName => look
            .templates_in(&svc.namespace)
            .iter()
            .copied()
            .filter(|w| template_selected(w, sel))
            .collect(),
        _ => vec![],
    };
    let workloads = selected
        .iter()
        .map(|w| TemplateRow {
            kind: w.kind_str().to_string(),
            name: w.name.clone(),
            pods: pod_count_phrase(w),
            made_by: w.made_by.clone(),
        })
        .collect();
    let mut ports = Vec::new();
    for sp in &svc.ports {
        if selected.is_empty() {
            ports.push(TemplatePort {
                port: sp.clone(),
                workload: None,
                container: None,
                target_port_number: None,
                note: Some(if svc.selector.is_none() {
                    "no selector: endpoints come from EndpointSlices or Endpoints written by hand"
                        .into()
                } else {
                    "no pod template selected".into()
                }),
            });
        }
        for w in &selected {
            ports.push(resolve(w, sp, rules));
        }
    }
    let mut routed_from: Vec<RouteRow> = look
        .backends_of(&svc.namespace, &svc.name)
        .iter()
        .map(|(r, b)| {
            let (port, port_exists) = match &b.port {
                PortRef::Number(n) => (n.to_string(), svc.ports.iter().any(|p| p.port == *n)),
                PortRef::Name(n) => (n.clone(), svc.ports.iter().any(|p| &p.name == n)),
                PortRef::Unset => ("(none)".to_string(), false),
            };
            RouteRow {
                kind: r.kind.clone(),
                namespace: r.namespace.clone(),
                name: r.name.clone(),
                port,
                port_exists,
            }
        })
        .collect();
    // One row per router and port: an Ingress naming the same backend in several paths repeats it.
    routed_from.dedup();
    let mut unknown = Vec::new();
    if svc.service_type() != ServiceType::ExternalName {
        if svc.is_headless() {
            unknown.push("pod IPs (the DNS answers of a headless Service)".to_string());
        } else if svc.cluster_ips.is_empty() {
            unknown.push("cluster IP (allocated by the API server)".to_string());
        }
        if svc.selector.is_some() {
            unknown.push("endpoints: which pods run, their IPs and readiness".to_string());
        }
        if svc.service_type() != ServiceType::ClusterIp
            && svc.ports.iter().any(|p| p.node_port.is_none())
        {
            unknown.push(
                "node ports not set in the manifest (allocated by the API server)".to_string(),
            );
        }
        if svc.service_type() == ServiceType::LoadBalancer {
            unknown.push("load-balancer address (set by the cloud provider)".to_string());
        }
    }
    ManifestView {
        reason,
        workloads,
        ports,
        routed_from,
        unknown,
    }
}

fn resolve(w: &Workload, sp: &ServicePort, rules: &ControllerRules) -> TemplatePort {
    let pod = &w.template;
    let (container, number, note) =
        match resolve_target_port(pod, sp, rules.slice_named_ports_on_sidecars) {
            PortLookup::Named {
                port, container, ..
            } => (Some(container.to_string()), Some(port), None),
            PortLookup::Number { port, declared } => {
                let container = pod
                    .containers
                    .iter()
                    .chain(pod.sidecars())
                    .find(|c| {
                        c.ports
                            .iter()
                            .any(|p| p.port == port && p.protocol == sp.protocol)
                    })
                    .map(|c| c.name.to_string());
                let note = (!declared).then(|| {
                    "no container declares this port (traffic still reaches it if the app listens)"
                        .to_string()
                });
                (container, Some(port), note)
            }
            PortLookup::Unresolved {
                wrong_protocol,
                only_on_sidecar,
            } => {
                let name = match &sp.target_port {
                    crate::model::TargetPort::Name(n) => n.as_str(),
                    crate::model::TargetPort::Number(_) => "",
                };
                (
                    None,
                    None,
                    Some(unresolved_reason(
                        pod,
                        name,
                        &wrong_protocol,
                        only_on_sidecar,
                    )),
                )
            }
        };
    TemplatePort {
        port: sp.clone(),
        workload: Some(workload_label(w)),
        container,
        target_port_number: number,
        note,
    }
}
