//! Manifest mode's `named-target-port-unresolved` and `target-port-mixed-numbers`, judged on
//! the pod templates a Service selects (`readiness-probe-missing` is in `probes`).
//!
//! Same rules as for pods: a
//! named targetPort resolves to the first container port with that name AND protocol, app
//! containers first, then sidecars when the controller version searches them
//! (`pkg/api/v1/pod` `FindPort`, semantics §1.4; `ControllerRules`).

use super::Ctx;
use super::templates::{workload_label, workload_ref};
use crate::analysis::finding::{Code, Finding, Severity};
use crate::analysis::port_map::unresolved_reason;
use crate::model::{ServicePort, TargetPort, Workload};
use crate::simulate::{PortLookup, resolve_target_port};
use std::collections::BTreeMap;

/// Named targetPorts that do not resolve on some templates, or resolve to different numbers.
pub(super) fn check_template_ports(ctx: &Ctx<'_>, selected: &[&Workload]) -> Vec<Finding> {
    let mut out = Vec::new();
    for sp in &ctx.svc.ports {
        let TargetPort::Name(name) = &sp.target_port else {
            continue;
        };
        let mut by_number: BTreeMap<i32, Vec<&Workload>> = BTreeMap::new();
        let mut unresolved = Vec::new();
        let mut details = Vec::new();
        for w in selected {
            match resolve_target_port(&w.template, sp, ctx.rules.slice_named_ports_on_sidecars) {
                PortLookup::Unresolved {
                    wrong_protocol,
                    only_on_sidecar,
                } => {
                    unresolved.push(*w);
                    details.push(format!(
                        "{}: {}",
                        workload_label(w),
                        unresolved_reason(&w.template, name, &wrong_protocol, only_on_sidecar)
                    ));
                }
                lookup => {
                    if let Some(n) = lookup.number() {
                        by_number.entry(n).or_default().push(*w);
                    }
                }
            }
        }
        if !unresolved.is_empty() {
            let total = selected.len();
            out.push(
                ctx.finding(
                    Code::NamedTargetPortUnresolved,
                    if by_number.is_empty() {
                        Severity::Error
                    } else {
                        Severity::Warning
                    },
                    format!(
                        "targetPort {name:?} of port {} does not resolve on {}: their pods would be endpoints in no slice with that port and get no traffic on it.",
                        describe(sp),
                        match (unresolved.len(), total) {
                            (_, 1) => format!("the pod template of {}", workload_label(unresolved[0])),
                            (n, t) if n == t => format!("any of the {t} selected pod templates"),
                            (n, t) => format!("the pod templates of {n} of the {t} selected workloads"),
                        },
                    ),
                    format!(
                        "Declare a container port named {name:?} with protocol {} in every selected pod template, or point targetPort at a port name (or number) they all declare.",
                        sp.protocol.as_str()
                    ),
                )
                .with_objects(unresolved.iter().map(|w| workload_ref(w)).collect())
                .with_details(details),
            );
        }
        if by_number.len() >= 2 {
            let numbers: Vec<String> = by_number.keys().map(i32::to_string).collect();
            let mut objects: Vec<_> = by_number
                .values()
                .flatten()
                .map(|w| workload_ref(w))
                .collect();
            objects.sort();
            out.push(
                ctx.finding(
                    Code::TargetPortMixedNumbers,
                    Severity::Info,
                    format!(
                        "targetPort {name:?} of port {} resolves to different numbers in different pod templates ({}): the controller would put each group in its own slices.",
                        describe(sp),
                        numbers.join(", ")
                    ),
                    "Fine during a migration between port numbers; otherwise make the templates agree so their pods are interchangeable.",
                )
                .with_objects(objects)
                .with_details(
                    by_number
                        .iter()
                        .map(|(n, ws)| {
                            let names: Vec<String> = ws.iter().map(|w| workload_label(w)).collect();
                            format!("{n}: {}", names.join(", "))
                        })
                        .collect(),
                ),
            );
        }
    }
    out
}

/// `http (80/TCP)` or `80/TCP`.
pub(super) fn describe(p: &ServicePort) -> String {
    if p.name.is_empty() {
        format!("{}/{}", p.port, p.protocol.as_str())
    } else {
        format!("{} ({}/{})", p.name, p.port, p.protocol.as_str())
    }
}
