//! The pure diff: an object's old and new state -> the transitions between them.
//!
//! Readiness follows `podutil.IsPodReady` (the Ready condition is True); an endpoint's
//! conditions are compared as stored (nil, true, false), because nil is meaningful: nil `ready`
//! means ready to consumers (discovery/v1 `EndpointConditions` API docs). Endpoints of a slice
//! are matched by their `targetRef` Pod, else by their first address (the only one kube-proxy
//! uses, `pkg/proxy/endpointslicecache.go`).

use super::transition::{ConditionName, EndpointRef, TransitionKind};
use crate::analysis::PodReason;
use crate::model::{ContainerState, Endpoint, EndpointSlice, Pod, Service};
use std::collections::HashMap;

/// Transitions of one Pod between two states (`None`: absent).
pub fn pod_transitions(old: Option<&Pod>, new: Option<&Pod>) -> Vec<TransitionKind> {
    let mut out = Vec::new();
    match (old, new) {
        (None, Some(p)) => out.push(TransitionKind::PodAdded {
            pod: p.name.to_string(),
            ready: p.is_ready(),
        }),
        (Some(p), None) => out.push(TransitionKind::PodDeleted {
            pod: p.name.to_string(),
        }),
        (Some(o), Some(n)) => {
            if !o.deleting && n.deleting {
                out.push(TransitionKind::PodTerminating {
                    pod: n.name.to_string(),
                });
            }
            match (o.is_ready(), n.is_ready()) {
                (false, true) => out.push(TransitionKind::PodReady {
                    pod: n.name.to_string(),
                }),
                (true, false) => out.push(not_ready(n)),
                _ => {}
            }
        }
        (None, None) => {}
    }
    out
}

/// `pod-not-ready` with `explain`'s reason and what the Pod says about it.
fn not_ready(p: &Pod) -> TransitionKind {
    let reason = if p.deleting {
        PodReason::Terminating
    } else if p.phase.is_terminal() {
        PodReason::TerminalPhase
    } else {
        PodReason::NotReady
    };
    TransitionKind::PodNotReady {
        pod: p.name.to_string(),
        reason,
        detail: not_ready_detail(p),
    }
}

/// `ContainersNotReady: containers with unready status: [app]`, else a waiting container's
/// reason (`app: CrashLoopBackOff`).
fn not_ready_detail(p: &Pod) -> Option<String> {
    let from_condition = p
        .condition("Ready")
        .and_then(|c| match (c.reason(), c.message()) {
            (Some(r), Some(m)) => Some(format!("{r}: {m}")),
            (Some(r), None) => Some(r.to_string()),
            (None, Some(m)) => Some(m.to_string()),
            (None, None) => None,
        });
    from_condition.or_else(|| {
        p.containers.iter().find_map(|c| match &c.state {
            Some(ContainerState::Waiting(Some(r)) | ContainerState::Terminated(Some(r))) => {
                Some(format!("{}: {r}", c.name))
            }
            _ => None,
        })
    })
}

/// The key an endpoint is matched by inside one slice.
fn endpoint_key(e: &Endpoint) -> String {
    match &e.target_ref {
        Some(r) if r.kind == "Pod" => format!("pod/{}", r.name),
        _ => format!("ip/{}", e.addresses.first().map_or("", |a| a.as_str())),
    }
}

/// How an endpoint is named in output.
pub fn endpoint_ref(slice: &str, e: &Endpoint) -> EndpointRef {
    EndpointRef {
        slice: slice.to_string(),
        address: e.addresses.first().cloned().unwrap_or_default().to_string(),
        pod: (e
            .target_ref
            .as_ref()
            .filter(|r| r.kind == "Pod")
            .map(|r| r.name.clone()))
        .map(String::from),
    }
}

fn added(slice: &str, e: &Endpoint) -> TransitionKind {
    TransitionKind::EndpointAdded {
        endpoint: endpoint_ref(slice, e),
        ready: e.conditions.is_ready(),
        serving: e.conditions.is_serving(),
        terminating: e.conditions.is_terminating(),
        lag_ms: None,
    }
}

fn removed(slice: &str, e: &Endpoint) -> TransitionKind {
    TransitionKind::EndpointRemoved {
        endpoint: endpoint_ref(slice, e),
        lag_ms: None,
    }
}

/// Transitions of one EndpointSlice between two states. Lags are left `None`: only the tracker
/// knows the Pods' timestamps.
pub fn slice_transitions(
    old: Option<&EndpointSlice>,
    new: Option<&EndpointSlice>,
) -> Vec<TransitionKind> {
    let mut out = Vec::new();
    match (old, new) {
        (None, Some(s)) => {
            out.push(TransitionKind::SliceCreated {
                slice: s.name.to_string(),
                endpoints: s.endpoints.len(),
            });
            out.extend(s.endpoints.iter().map(|e| added(&s.name, e)));
        }
        (Some(s), None) => {
            out.extend(s.endpoints.iter().map(|e| removed(&s.name, e)));
            out.push(TransitionKind::SliceDeleted {
                slice: s.name.to_string(),
            });
        }
        (Some(o), Some(n)) => endpoint_changes(&n.name, &o.endpoints, &n.endpoints, &mut out),
        (None, None) => {}
    }
    out
}

/// Removed endpoints (in old order), then added and changed ones (in new order).
fn endpoint_changes(
    slice: &str,
    old: &[Endpoint],
    new: &[Endpoint],
    out: &mut Vec<TransitionKind>,
) {
    let before: HashMap<String, &Endpoint> = old.iter().map(|e| (endpoint_key(e), e)).collect();
    let after: HashMap<String, &Endpoint> = new.iter().map(|e| (endpoint_key(e), e)).collect();
    for e in old {
        if !after.contains_key(&endpoint_key(e)) {
            out.push(removed(slice, e));
        }
    }
    for e in new {
        let Some(o) = before.get(&endpoint_key(e)) else {
            out.push(added(slice, e));
            continue;
        };
        let (oc, nc) = (o.conditions, e.conditions);
        for (name, old, new) in [
            (ConditionName::Ready, oc.ready, nc.ready),
            (ConditionName::Serving, oc.serving, nc.serving),
            (ConditionName::Terminating, oc.terminating, nc.terminating),
        ] {
            if old != new {
                out.push(TransitionKind::EndpointCondition {
                    endpoint: endpoint_ref(slice, e),
                    condition: name,
                    old,
                    new,
                    lag_ms: None,
                });
            }
        }
    }
}

/// Which parts of a Service's spec changed, one transition each, in a fixed order.
pub fn service_transitions(old: &Service, new: &Service) -> Vec<TransitionKind> {
    let fields: [(&'static str, bool); 13] = [
        ("selector", old.selector != new.selector),
        ("ports", old.ports != new.ports),
        ("type", old.type_ != new.type_),
        (
            "clusterIP",
            old.cluster_ip != new.cluster_ip || old.cluster_ips != new.cluster_ips,
        ),
        ("ipFamilies", old.ip_families != new.ip_families),
        (
            "publishNotReadyAddresses",
            old.publish_not_ready_addresses != new.publish_not_ready_addresses,
        ),
        (
            "externalTrafficPolicy",
            old.external_traffic_policy != new.external_traffic_policy,
        ),
        (
            "internalTrafficPolicy",
            old.internal_traffic_policy != new.internal_traffic_policy,
        ),
        (
            "trafficDistribution",
            old.traffic_distribution != new.traffic_distribution,
        ),
        (
            "sessionAffinity",
            old.session_affinity != new.session_affinity,
        ),
        ("externalName", old.external_name != new.external_name),
        ("labels", old.labels != new.labels),
        ("annotations", old.annotations != new.annotations),
    ];
    fields
        .into_iter()
        .filter(|(_, changed)| *changed)
        .map(|(field, _)| TransitionKind::ServiceChanged { field })
        .collect()
}
