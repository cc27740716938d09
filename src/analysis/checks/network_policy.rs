//! `network-policy-blocks-target-port`: NetworkPolicies isolate the pods behind a Service for
//! ingress and none of their rules lets anything reach the port the Service sends traffic to.
//!
//! Rules (<https://kubernetes.io/docs/concepts/services-networking/network-policies/>, API
//! reference `networking.k8s.io/v1` NetworkPolicy): a pod is isolated for ingress once any
//! policy of its namespace whose policyTypes include Ingress (or that has no policyTypes) selects
//! it; it then accepts only what the union of those policies' ingress rules allows (no rules =
//! nothing). A rule without ports allows every port; a port entry matches by protocol (default
//! TCP) and number, number range (`endPort`), named container port of the pod, or every port
//! when it has no port. Traffic through a Service arrives at the pod on the resolved targetPort
//! (kube-proxy DNATs to the endpoint port), so that is the port the policies must allow. Sources
//! (`from`) are not judged: a port some rule allows from somewhere is an intended restriction.

use super::Ctx;
use super::templates::{workload_label, workload_ref};
use crate::analysis::finding::{Code, Finding, ObjRef, Severity};
use crate::model::{NetworkPolicy, Pod, PolicyPort, PortRef, Protocol, Workload};
use crate::simulate::resolve_target_port;
use kube::core::SelectorExt;
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
    let backends: Vec<Backend<'_>> = ctx
        .selected
        .iter()
        .filter(|p| !p.phase.is_terminal())
        .map(|p| Backend {
            obj: ctx.pod_ref(&p.name),
            label: p.name.clone(),
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
    let mut blocking: BTreeSet<&str> = BTreeSet::new();
    let mut blocked_objects = Vec::new();
    let mut details = Vec::new();
    let mut ports_blocked: BTreeSet<String> = BTreeSet::new();
    for b in backends {
        let isolating: Vec<&NetworkPolicy> = policies
            .iter()
            .copied()
            .filter(|p| p.affects_ingress && selects(p, b.pod))
            .collect();
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
            let allowed = isolating
                .iter()
                .flat_map(|p| &p.ingress_rules)
                .any(|rule| rule_allows(rule, number, &sp.protocol, b.pod));
            if !allowed {
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

/// The policy's pod selector (matchLabels and matchExpressions) matches the pod. A selector that
/// cannot be read selects nothing: the API server would reject the policy.
fn selects(policy: &NetworkPolicy, pod: &Pod) -> bool {
    policy
        .pod_selector_full
        .as_ref()
        .is_some_and(|s| s.matches(&pod.labels))
}

/// One ingress rule's ports let `number`/`protocol` of `pod` in (from some source).
fn rule_allows(ports: &[PolicyPort], number: i32, protocol: &Protocol, pod: &Pod) -> bool {
    ports.is_empty()
        || ports.iter().any(|p| {
            &p.protocol == protocol
                && match &p.port {
                    None | Some(PortRef::Unset) => true,
                    Some(PortRef::Number(n)) => match p.end_port {
                        Some(end) => (*n..=end).contains(&number),
                        None => *n == number,
                    },
                    Some(PortRef::Name(name)) => pod
                        .containers
                        .iter()
                        .chain(&pod.sidecars)
                        .flat_map(|c| &c.ports)
                        .any(|cp| {
                            cp.name.as_deref() == Some(name.as_str())
                                && &cp.protocol == protocol
                                && cp.port == number
                        }),
                }
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::{mk_container, mk_pod};

    fn port(protocol: Protocol, port: Option<PortRef>, end_port: Option<i32>) -> PolicyPort {
        PolicyPort {
            protocol,
            port,
            end_port,
        }
    }

    #[test]
    fn rule_ports() {
        let mut pod = mk_pod("p", &[]);
        pod.containers = vec![mk_container(
            "app",
            &[("http", 8080, Protocol::Tcp), ("dns", 53, Protocol::Udp)],
        )];
        pod.sidecars = vec![mk_container("proxy", &[("admin", 15000, Protocol::Tcp)])];
        let tcp = Protocol::Tcp;
        // No ports: every port.
        assert!(rule_allows(&[], 8080, &tcp, &pod));
        let num = |n| port(Protocol::Tcp, Some(PortRef::Number(n)), None);
        assert!(rule_allows(&[num(8080)], 8080, &tcp, &pod));
        assert!(!rule_allows(&[num(80)], 8080, &tcp, &pod));
        // Ranges are inclusive.
        let range = port(Protocol::Tcp, Some(PortRef::Number(8000)), Some(8080));
        assert!(rule_allows(std::slice::from_ref(&range), 8080, &tcp, &pod));
        assert!(!rule_allows(&[range], 8081, &tcp, &pod));
        // Protocol must agree (default TCP).
        assert!(!rule_allows(&[num(53)], 53, &Protocol::Udp, &pod));
        assert!(rule_allows(
            &[port(Protocol::Udp, None, None)],
            53,
            &Protocol::Udp,
            &pod
        ));
        // Named ports resolve on the pod's containers, sidecars included, by name and protocol.
        let named = |n: &str, proto| port(proto, Some(PortRef::Name(n.into())), None);
        assert!(rule_allows(
            &[named("http", Protocol::Tcp)],
            8080,
            &tcp,
            &pod
        ));
        assert!(rule_allows(
            &[named("admin", Protocol::Tcp)],
            15000,
            &tcp,
            &pod
        ));
        assert!(!rule_allows(
            &[named("http", Protocol::Tcp)],
            9090,
            &tcp,
            &pod
        ));
        assert!(!rule_allows(
            &[named("dns", Protocol::Tcp)],
            53,
            &Protocol::Udp,
            &pod
        ));
        assert!(!rule_allows(
            &[named("metrics", Protocol::Tcp)],
            8080,
            &tcp,
            &pod
        ));
    }

    #[test]
    fn unreadable_selectors_select_nothing() {
        let pod = mk_pod("p", &[("app", "web")]);
        let mut p = NetworkPolicy {
            pod_selector_full: Some(kube::core::Selector::default()),
            ..NetworkPolicy::default()
        };
        assert!(selects(&p, &pod), "empty selector: every pod");
        p.pod_selector_full = None;
        assert!(!selects(&p, &pod));
    }
}
