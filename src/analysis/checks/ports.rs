//! Named targetPorts: `named-target-port-unresolved` and `target-port-mixed-numbers`.
//!
//! A named targetPort resolves per pod to the first container port with the same name AND
//! protocol (`pkg/api/v1/pod` `FindPort`, used by `endpointslice/utils.go` `getEndpointPorts`;
//! semantics §1.4). A pod where it does not resolve still becomes an endpoint, in a slice
//! without that port, so it gets no traffic on it. A numeric targetPort is used as is, whatever
//! the containers declare, so an undeclared number is not a finding.

use super::Ctx;
use crate::analysis::finding::{Code, Finding, Severity};
use crate::analysis::port_map::port_row;
use crate::model::{ServicePort, TargetPort};
use crate::simulate::DesiredState;

/// One finding per Service port whose named targetPort is unresolved or ambiguous.
pub(super) fn check_target_ports(ctx: &Ctx<'_>) -> Vec<Finding> {
    let Some(desired) = &ctx.desired else {
        return vec![];
    };
    let mut out = Vec::new();
    // Only a named targetPort that some pod leaves unresolved, or that resolves to two numbers,
    // makes a finding: the rows (a name per pod) are built only for those.
    let named = (0..ctx.svc.ports.len()).filter(|&i| {
        matches!(ctx.svc.ports[i].target_port, TargetPort::Name(_)) && !uniform(ctx, desired, i)
    });
    for i in named {
        let row = port_row(ctx.svc, i, &ctx.selected, &desired.verdicts);
        let TargetPort::Name(name) = &row.port.target_port else {
            continue;
        };
        let resolved: Vec<_> = row
            .resolutions
            .iter()
            .filter(|r| r.target_port_number.is_some())
            .collect();
        if let Some(unresolved) = row
            .resolutions
            .iter()
            .find(|r| r.target_port_number.is_none())
        {
            let total =
                unresolved.pods.len() + resolved.iter().map(|r| r.pods.len()).sum::<usize>();
            let none = resolved.is_empty();
            let message = format!(
                "targetPort {name:?} of port {} does not resolve on {} of {} {}: {} in no slice with that port and get no traffic on it.",
                describe(&row.port),
                unresolved.pods.len(),
                total,
                if total == 1 { "pod" } else { "pods" },
                if unresolved.pods.len() == 1 {
                    "it is an endpoint"
                } else {
                    "they are endpoints"
                },
            );
            out.push(
                ctx.finding(
                    Code::NamedTargetPortUnresolved,
                    if none { Severity::Error } else { Severity::Warning },
                    message,
                    format!(
                        "Declare a container port named {name:?} with protocol {} on every selected pod, or point targetPort at a port name (or number) they all declare.",
                        row.port.protocol.as_str()
                    ),
                )
                .with_objects(unresolved.pods.iter().map(|p| ctx.pod_ref(p)).collect())
                .with_details(unresolved.details.clone()),
            );
        }
        if resolved.len() >= 2 {
            let numbers: Vec<String> = resolved
                .iter()
                .map(|r| r.target_port_number.unwrap_or_default().to_string())
                .collect();
            let mut objects: Vec<_> = resolved
                .iter()
                .flat_map(|r| &r.pods)
                .map(|p| ctx.pod_ref(p))
                .collect();
            objects.sort();
            out.push(
                ctx.finding(
                    Code::TargetPortMixedNumbers,
                    Severity::Info,
                    format!(
                        "targetPort {name:?} of port {} resolves to different numbers on different pods ({}): the controller puts each group in its own slices.",
                        describe(&row.port),
                        numbers.join(", ")
                    ),
                    "Fine during a migration between port numbers; otherwise make the pods agree so they are interchangeable.",
                )
                .with_objects(objects)
                .with_details(
                    resolved
                        .iter()
                        .map(|r| {
                            format!(
                                "{}: {}",
                                r.target_port_number.unwrap_or_default(),
                                r.pods.join(", ")
                            )
                        })
                        .collect(),
                ),
            );
        }
    }
    out
}

/// Every unfinished selected pod resolved the `i`-th port, all to the same number.
fn uniform(ctx: &Ctx<'_>, desired: &DesiredState, i: usize) -> bool {
    let mut numbers = desired
        .verdicts
        .iter()
        .filter(|v| !ctx.selected[v.pod].phase.is_terminal())
        .map(|v| v.ports[i].number());
    match numbers.next() {
        None => true,
        Some(None) => false,
        Some(first) => numbers.all(|n| n == first),
    }
}

/// `http (80/TCP)` or `80/TCP`.
fn describe(p: &ServicePort) -> String {
    if p.name.is_empty() {
        format!("{}/{}", p.port, p.protocol.as_str())
    } else {
        format!("{} ({}/{})", p.name, p.port, p.protocol.as_str())
    }
}
