//! Service port -> targetPort -> the number each pod resolves it to (semantics §1.4).

use super::explanation::{PortRow, Resolution};
use crate::model::{Pod, Service, TargetPort};
use crate::simulate::{PodVerdict, PortLookup};
use std::collections::BTreeMap;

/// One row per Service port, grouping pods by the number their targetPort resolves to.
/// Terminal pods are left out: they never receive traffic, whatever they declare.
pub(crate) fn port_rows(svc: &Service, pods: &[&Pod], verdicts: &[PodVerdict]) -> Vec<PortRow> {
    (0..svc.ports.len())
        .map(|i| port_row(svc, i, pods, verdicts))
        .collect()
}

/// The row of the Service's `i`-th port (see [`port_rows`]).
pub(crate) fn port_row(svc: &Service, i: usize, pods: &[&Pod], verdicts: &[PodVerdict]) -> PortRow {
    let sp = &svc.ports[i];
    let mut by_number: BTreeMap<i32, Vec<String>> = BTreeMap::new();
    let mut unresolved = Resolution {
        target_port_number: None,
        pods: vec![],
        details: vec![],
    };
    let mut undeclared_on = Vec::new();
    for v in verdicts {
        let pod = pods[v.pod];
        if pod.phase.is_terminal() {
            continue;
        }
        match &v.ports[i] {
            PortLookup::Number { port, declared } => {
                by_number
                    .entry(*port)
                    .or_default()
                    .push(pod.name.to_string());
                if !declared {
                    undeclared_on.push(pod.name.to_string());
                }
            }
            PortLookup::Named { port, .. } => {
                by_number
                    .entry(*port)
                    .or_default()
                    .push(pod.name.to_string());
            }
            PortLookup::Unresolved {
                wrong_protocol,
                only_on_sidecar,
            } => {
                unresolved.pods.push(pod.name.to_string());
                unresolved.details.push(unresolved_detail(
                    pod,
                    sp_name(&sp.target_port),
                    wrong_protocol,
                    *only_on_sidecar,
                ));
            }
        }
    }
    let mut resolutions: Vec<Resolution> = by_number
        .into_iter()
        .map(|(n, pods)| Resolution {
            target_port_number: Some(n),
            pods,
            details: vec![],
        })
        .collect();
    if !unresolved.pods.is_empty() {
        resolutions.push(unresolved);
    }
    PortRow {
        port: sp.clone(),
        resolutions,
        undeclared_on,
    }
}

fn sp_name(tp: &TargetPort) -> String {
    tp.to_string()
}

fn unresolved_detail(
    pod: &Pod,
    name: String,
    wrong_protocol: &[String],
    sidecar: Option<i32>,
) -> String {
    format!(
        "{}: {}",
        pod.name,
        unresolved_reason(pod, &name, wrong_protocol, sidecar)
    )
}

/// Why a named targetPort does not resolve on `pod` (a pod or a workload's pod template).
pub(crate) fn unresolved_reason(
    pod: &Pod,
    name: &str,
    wrong_protocol: &[String],
    sidecar: Option<i32>,
) -> String {
    if let Some(port) = sidecar {
        return format!(
            "{name:?} is declared only on a sidecar (port {port}); this version's EndpointSlice controller does not search sidecars (v1.33+ does)"
        );
    }
    if !wrong_protocol.is_empty() {
        return format!(
            "{name:?} exists with another protocol ({})",
            wrong_protocol.join(", ")
        );
    }
    let declared: Vec<String> = pod
        .containers
        .iter()
        .chain(pod.sidecars())
        .flat_map(|c| &c.ports)
        .map(|p| match &p.name {
            Some(n) => format!("{n}={}/{}", p.port, p.protocol.as_str()),
            None => format!("{}/{}", p.port, p.protocol.as_str()),
        })
        .collect();
    if declared.is_empty() {
        format!("no container port named {name:?} (declares no ports)")
    } else {
        format!(
            "no container port named {name:?} (declares {})",
            declared.join(", ")
        )
    }
}
