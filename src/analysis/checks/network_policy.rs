//! `network-policy-blocks-target-port`: NetworkPolicies isolate the pods behind a Service for
//! ingress and none of their rules lets anything reach the port the Service sends traffic to.
//!
//! Which policies isolate a pod and whether a rule's ports let a port in is decided by
//! `analysis::netpol`, the same evaluation `reach` uses (its module docs cite the rules).
//! Traffic through a Service arrives at the pod on the resolved targetPort (kube-proxy DNATs to
//! the endpoint port), so that is the port the policies must allow. Sources (`from`) are not
//! judged here: a Service's clients are not known, and a port some rule allows from somewhere is
//! an intended restriction (`kubectl svcx reach CLIENT SERVICE` judges one client).

use super::Ctx;
use super::templates::{workload_label, workload_ref};
use crate::analysis::finding::{Code, Finding, ObjRef, Severity};
use crate::analysis::netpol::{Direction, Policies};
use crate::model::{Pod, Workload};
use crate::simulate::resolve_target_port;
use std::collections::BTreeSet;

/// A pod, or a workload's would-be pod, that receives the Service's traffic.
pub(super) struct Backend<'a> {
    /// The pod or the workload, as a finding object.
    pub obj: ObjRef,
    /// How details name it (`web-1`, `Deployment web`).
    pub label: String,
    /// The pod (or the template's would-be pod).
    pub pod: &'a Pod,
}

/// Live: the selected pods that are not finished.
pub(super) fn check_pods(ctx: &Ctx<'_>) -> Vec<Finding> {
    // No policy in the namespace, nothing blocks (`check` says so too): no rows to build.
    if ctx
        .look
        .manifests
        .policies_in(&ctx.svc.namespace)
        .is_empty()
    {
        return vec![];
    }
    let backends: Vec<Backend<'_>> = ctx
        .selected
        .iter()
        .filter(|p| !p.phase.is_terminal())
        .map(|p| Backend {
            obj: ctx.pod_ref(&p.name),
            label: p.name.to_string(),
            pod: p,
        })
        .collect();
    check(ctx, &backends, "pods")
}

/// Manifests: the selected pod templates.
pub(super) fn check_templates(ctx: &Ctx<'_>, selected: &[&Workload]) -> Vec<Finding> {
    let backends: Vec<Backend<'_>> = selected
        .iter()
        .map(|w| Backend {
            obj: workload_ref(w),
            label: workload_label(w),
            pod: &w.template,
        })
        .collect();
    check(ctx, &backends, "pod templates")
}

fn check(ctx: &Ctx<'_>, backends: &[Backend<'_>], what: &str) -> Vec<Finding> {
    let policies = ctx.look.manifests.policies_in(&ctx.svc.namespace);
    if policies.is_empty() || backends.is_empty() {
        return vec![];
    }
    let evaluation = Policies::new(policies.iter().copied(), &ctx.look.cluster.namespaces);
    let mut blocking: BTreeSet<&str> = BTreeSet::new();
    let mut blocked_objects = Vec::new();
    let mut details = Vec::new();
    let mut ports_blocked: BTreeSet<String> = BTreeSet::new();
    for b in backends {
        let isolating = evaluation.selecting(b.pod, Direction::Ingress);
        if isolating.is_empty() {
            continue;
        }
        let mut denied = Vec::new();
        for sp in &ctx.svc.ports {
            let lookup = resolve_target_port(b.pod, sp, ctx.rules.slice_named_ports_on_sidecars);
            // An unresolved named targetPort is `named-target-port-unresolved`'s business.
            let Some(number) = lookup.number() else {
                continue;
            };
            if evaluation.ingress_port_open(b.pod, number, &sp.protocol) == Some(false) {
                let port = format!(
                    "{number}/{} (targetPort of port {})",
                    sp.protocol.as_str(),
                    if sp.name.is_empty() {
                        sp.port.to_string()
                    } else {
                        sp.name.clone()
                    }
                );
                ports_blocked.insert(port.clone());
                denied.push(port);
            }
        }
        if denied.is_empty() {
            continue;
        }
        let mut names: Vec<&str> = isolating.iter().map(|p| p.name.as_str()).collect();
        names.sort_unstable();
        blocking.extend(&names);
        blocked_objects.push(b.obj.clone());
        details.push(format!(
            "{}: {} not allowed by any ingress rule of {}",
            b.label,
            denied.join(", "),
            names.join(", ")
        ));
    }
    if details.is_empty() {
        return vec![];
    }
    let ns = &ctx.svc.namespace;
    let policy_refs: Vec<ObjRef> = blocking
        .iter()
        .map(|n| ObjRef::namespaced("NetworkPolicy", ns, n))
        .collect();
    let first = policy_refs[0].clone();
    let mut objects = policy_refs;
    objects.extend(blocked_objects);
    vec![
        ctx.finding(
            Code::NetworkPolicyBlocksTargetPort,
            Severity::Warning,
            format!(
                "{} {} {} {} and none of {} ingress rules allows {}: connections through the Service to these pods are dropped.",
                if blocking.len() == 1 { "NetworkPolicy" } else { "NetworkPolicies" },
                blocking.iter().copied().collect::<Vec<_>>().join(", "),
                if blocking.len() == 1 { "selects" } else { "select" },
                how_many(details.len(), backends.len(), what),
                if blocking.len() == 1 { "its" } else { "their" },
                ports_blocked.into_iter().collect::<Vec<_>>().join(", ")
            ),
            "Add an ingress rule allowing the targetPort (by number or by the container port's name) to a policy selecting these pods, from the clients that should reach the Service (ignore this if your network plugin does not enforce NetworkPolicy).",
        )
        .with_subject(first)
        .with_objects(objects)
        .with_details(details),
    ]
}

/// `the pod template behind the Service`, `all 3 pods ...`, `1 of the 2 pods ...`.
fn how_many(blocked: usize, total: usize, what: &str) -> String {
    let one = what.strip_suffix('s').unwrap_or(what);
    match (blocked, total) {
        (1, 1) => format!("the {one} behind the Service"),
        (b, t) if b == t => format!("all {t} {what} behind the Service"),
        (b, t) => format!("{b} of the {t} {what} behind the Service"),
    }
}

#[cfg(test)]
mod tests {
    use crate::analysis::netpol::{Direction, Policies};
    use crate::model::NetworkPolicy;
    use crate::testing::mk_pod;

    #[test]
    fn unreadable_selectors_select_nothing() {
        let pod = mk_pod("p", &[("app", "web")]);
        let mut p = NetworkPolicy {
            namespace: pod.namespace.into(),
            affects_ingress: true,
            pod_selector_full: Some(kube::core::Selector::default()),
            ..NetworkPolicy::default()
        };
        let selects = |p: &NetworkPolicy| {
            !Policies::new([p], &[])
                .selecting(&pod, Direction::Ingress)
                .is_empty()
        };
        assert!(selects(&p), "empty selector: every pod");
        p.pod_selector_full = None;
        assert!(!selects(&p));
    }
}
