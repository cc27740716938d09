//! Ready endpoints: `no-ready-endpoints`, `single-ready-endpoint`, `terminating-endpoints`,
//! `publish-not-ready-addresses`.
//!
//! Conditions follow `endpointslice/utils.go` `podToEndpoint` (semantics §1.5): serving = pod
//! Ready, terminating = deletionTimestamp, ready = publishNotReadyAddresses || (serving &&
//! !terminating). kube-proxy sends new connections to ready endpoints and falls back to serving
//! terminating ones when none is ready (`pkg/proxy/topology.go` `CategorizeEndpoints`, §5).

use super::Ctx;
use crate::analysis::finding::{Code, Finding, Severity};
use crate::model::ServiceType;

/// All four readiness checks.
pub(super) fn check_readiness(ctx: &Ctx<'_>) -> Vec<Finding> {
    if ctx.svc.service_type() == ServiceType::ExternalName {
        return vec![];
    }
    let mut out = Vec::new();
    out.extend(ready_count(ctx));
    out.extend(terminating(ctx));
    out.extend(publish_not_ready(ctx));
    out
}

fn ready_count(ctx: &Ctx<'_>) -> Option<Finding> {
    let has_backends = if ctx.svc.selector.is_some() {
        !ctx.selected.is_empty()
    } else {
        !ctx.effective.is_empty()
    };
    if !has_backends {
        return None;
    }
    let ready: Vec<_> = ctx.effective.iter().filter(|e| e.ready).collect();
    match ready.len() {
        0 => Some(no_ready(ctx)),
        1 => {
            let e = ready[0];
            let who = e.pod.as_deref().unwrap_or("one address").to_string();
            Some(
                ctx.finding(
                    Code::SingleReadyEndpoint,
                    Severity::Info,
                    format!("Only one endpoint ({who}) is ready: one pod restart, eviction or failed probe takes the Service down."),
                    "Run at least two replicas (and a PodDisruptionBudget) if the Service must stay up during rollouts and node maintenance.",
                )
                .with_objects(e.pod.iter().map(|p| ctx.pod_ref(p)).collect()),
            )
        }
        _ => None,
    }
}

fn no_ready(ctx: &Ctx<'_>) -> Finding {
    let total = ctx.effective.len();
    let fallback = ctx
        .effective
        .iter()
        .filter(|e| e.serving && e.terminating)
        .count();
    let mut message = if total == 0 {
        format!(
            "None of the {} is an endpoint, so the Service has no endpoint at all: connections are refused.",
            super::plural(ctx.selected.len(), "selected pod", "selected pods")
        )
    } else {
        format!(
            "None of the {} is ready: kube-proxy has nowhere to send new connections and rejects them.",
            super::plural(total, "endpoint", "endpoints")
        )
    };
    if fallback > 0 {
        message = format!(
            "No endpoint is ready; kube-proxy falls back to the {} that are terminating but still serving, until they are gone.",
            super::plural(fallback, "endpoint", "endpoints")
        );
    }
    let objects = ctx
        .effective
        .iter()
        .filter_map(|e| e.pod.as_deref())
        .map(|p| ctx.pod_ref(p))
        .collect();
    ctx.finding(
        Code::NoReadyEndpoints,
        Severity::Error,
        message,
        "Make the pods Ready: see pods-not-ready for each pod's reason (`kubectl describe pod`).",
    )
    .with_objects(objects)
}

fn terminating(ctx: &Ctx<'_>) -> Option<Finding> {
    let mut objects = Vec::new();
    let mut details = Vec::new();
    for e in ctx
        .slices
        .iter()
        .flat_map(|s| &s.endpoints)
        .filter(|e| e.conditions.is_terminating())
    {
        let who = match &e.target_ref {
            Some(r) if r.kind == "Pod" => {
                objects.push(ctx.pod_ref(&r.name));
                r.name.clone()
            }
            _ => e.addresses.first().cloned().unwrap_or_default(),
        };
        let state = if e.conditions.is_serving() {
            "terminating, still serving (drains existing connections; new ones only if nothing is ready)"
        } else {
            "terminating, not serving"
        };
        details.push(format!("{who}: {state}"));
    }
    if details.is_empty() {
        return None;
    }
    objects.sort();
    objects.dedup();
    details.sort();
    details.dedup();
    Some(
        ctx.finding(
            Code::TerminatingEndpoints,
            Severity::Info,
            format!(
                "{} terminating: kube-proxy sends them no new connections while ready endpoints exist.",
                super::plural(details.len(), "endpoint is", "endpoints are")
            ),
            "Nothing to do if a rollout or scale-down is in progress; if they linger, check terminationGracePeriodSeconds, preStop hooks and finalizers.",
        )
        .with_objects(objects)
        .with_details(details),
    )
}

fn publish_not_ready(ctx: &Ctx<'_>) -> Option<Finding> {
    let svc = ctx.svc;
    if !svc.publish_not_ready_addresses {
        return None;
    }
    let not_ready: Vec<&str> = ctx
        .selected
        .iter()
        .filter(|p| !p.phase.is_terminal() && !p.is_ready())
        .map(|p| p.name.as_str())
        .collect();
    let effect = if svc.is_headless() {
        "DNS returns them"
    } else {
        "DNS returns them and kube-proxy sends them traffic"
    };
    let message = if not_ready.is_empty() {
        format!(
            "publishNotReadyAddresses is true: every endpoint is published as ready whatever its pod's readiness ({effect} too); no pod is unready right now."
        )
    } else {
        format!(
            "publishNotReadyAddresses is true: not-ready pods ({}) are published as ready endpoints and {effect}.",
            not_ready.join(", ")
        )
    };
    Some(
        ctx.finding(
            Code::PublishNotReadyAddresses,
            Severity::Info,
            message,
            "Intended for peer discovery (e.g. StatefulSet members finding each other before they are ready); clients that need ready backends should use a Service without it.",
        )
        .with_objects(not_ready.iter().map(|p| ctx.pod_ref(p)).collect()),
    )
}
