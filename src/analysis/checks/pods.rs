//! Selected pods' own health: `pods-not-ready`, with each pod's reason
//! (`readiness-probe-missing` is in `probes`).
//!
//! A pod is Ready when every container is ready and every readiness gate condition is True
//! (<https://kubernetes.io/docs/concepts/workloads/pods/pod-lifecycle/#pod-readiness-gate>;
//! kubelet `status.GeneratePodReadyCondition`: reasons `ContainersNotReady`,
//! `ReadinessGatesNotReady`). A container without a readinessProbe counts as ready as soon as it
//! runs (<https://kubernetes.io/docs/concepts/configuration/liveness-readiness-startup-probes/>).

use super::Ctx;
use crate::analysis::finding::{Code, Finding, Severity};
use crate::model::{ContainerState, Pod};

/// Selected pods (not terminating, not finished) whose Ready condition is not True.
pub(super) fn check_pods_not_ready(ctx: &Ctx<'_>) -> Vec<Finding> {
    let mut objects = Vec::new();
    let mut details = Vec::new();
    for pod in ctx
        .selected
        .iter()
        .filter(|p| !p.deleting && !p.phase.is_terminal() && !p.is_ready())
    {
        objects.push(ctx.pod_ref(&pod.name));
        details.push(format!("{}: {}", pod.name, not_ready_reason(ctx, pod)));
    }
    if objects.is_empty() {
        return vec![];
    }
    let n = objects.len();
    vec![
        ctx.finding(
            Code::PodsNotReady,
            Severity::Warning,
            format!(
                "{} of {} selected {} not Ready, so {} no new connections.",
                n,
                ctx.selected.len(),
                if ctx.selected.len() == 1 {
                    "pod is"
                } else {
                    "pods are"
                },
                if n == 1 { "it gets" } else { "they get" }
            ),
            "Fix each pod's reason (`kubectl describe pod POD` shows probe failures and events).",
        )
        .with_objects(objects)
        .with_details(details),
    ]
}

/// Why a pod is not Ready, from its conditions, its containers' statuses and its Node.
pub(crate) fn not_ready_reason(ctx: &Ctx<'_>, pod: &Pod) -> String {
    let mut reasons = Vec::new();
    match pod.node_name.as_deref() {
        None => {
            let why = pod
                .condition("PodScheduled")
                .filter(|c| c.status != "True")
                .and_then(|c| c.message().or(c.reason()));
            reasons.push(match why {
                Some(m) => format!("not scheduled: {m}"),
                None => "not scheduled to a node yet".to_string(),
            });
        }
        Some(node) => {
            if ctx
                .look
                .nodes
                .get(node)
                .is_some_and(|n| n.ready == Some(false))
            {
                reasons.push(format!("node {node} is not ready"));
            }
        }
    }
    for c in pod.containers.iter().chain(pod.sidecars()) {
        match &c.state {
            Some(ContainerState::Waiting(reason)) => reasons.push(format!(
                "container {} waiting: {}",
                c.name,
                reason.as_deref().unwrap_or("no reason given")
            )),
            Some(ContainerState::Terminated(reason)) => reasons.push(format!(
                "container {} terminated: {}",
                c.name,
                reason.as_deref().unwrap_or("no reason given")
            )),
            Some(ContainerState::Running) if c.ready == Some(false) => {
                reasons.push(if c.has_readiness_probe {
                    format!(
                        "container {} running but failing its readiness probe",
                        c.name
                    )
                } else {
                    format!("container {} running but not ready yet", c.name)
                });
            }
            _ => {}
        }
    }
    for gate in pod.readiness_gates() {
        match pod.condition(gate) {
            Some(c) if c.status == "True" => {}
            Some(c) => reasons.push(format!("readiness gate {gate} is {}", c.status)),
            None => reasons.push(format!("readiness gate {gate} not set by its controller")),
        }
    }
    if reasons.is_empty() {
        reasons.push(match pod.condition("Ready") {
            Some(c) => {
                let why = [c.reason(), c.message()]
                    .into_iter()
                    .flatten()
                    .collect::<Vec<_>>()
                    .join(": ");
                if why.is_empty() {
                    format!("Ready is {}", c.status)
                } else {
                    format!("Ready is {} ({why})", c.status)
                }
            }
            None => format!(
                "phase {}, no Ready condition reported yet",
                pod.phase.as_str()
            ),
        });
    }
    reasons.join("; ")
}
