//! `pods-excluded`: selected pods the EndpointSlice controller leaves out of every slice.
//!
//! Upstream `kubernetes/endpointslice` `reconciler.go` `reconcileByAddressType` and
//! `utils.go` `podToEndpoint` (semantics §1.3): terminal pods and pods without an IP are
//! skipped; a pod whose Node does not exist is skipped and the sync fails and is retried with
//! backoff (unless publishNotReadyAddresses); a pod without an IP of the slice's family gets no
//! endpoint of that family.

use super::Ctx;
use crate::analysis::finding::{Code, Finding, Severity};
use crate::model::{IpFamily, Pod, Service};
use crate::simulate::Exclusion;

/// Selected pods left out, each with the controller's reason.
pub(super) fn check_pods_excluded(ctx: &Ctx<'_>) -> Vec<Finding> {
    let Some(desired) = &ctx.desired else {
        return vec![];
    };
    let mut objects = Vec::new();
    let mut details = Vec::new();
    let mut node_missing = false;
    for v in &desired.verdicts {
        let Some(why) = v.exclusion else { continue };
        let pod = ctx.selected[v.pod];
        node_missing |= why == Exclusion::NodeMissing;
        objects.push(ctx.pod_ref(&pod.name));
        details.push(format!("{}: {}", pod.name, reason(ctx, pod, why)));
    }
    if objects.is_empty() {
        return vec![];
    }
    let mut message = format!(
        "{} selected by the Service {} in no EndpointSlice, so {} no traffic.",
        super::plural(objects.len(), "pod", "pods"),
        if objects.len() == 1 { "is" } else { "are" },
        if objects.len() == 1 {
            "it receives"
        } else {
            "they receive"
        },
    );
    if node_missing {
        message.push_str(
            " A pod on a Node that no longer exists also makes the controller fail and retry the Service's sync with backoff.",
        );
    }
    vec![
        ctx.finding(
            Code::PodsExcluded,
            Severity::Warning,
            message,
            "Fix each pod's reason: delete pods stuck on a deleted Node or finished pods (or relabel them out of the selector), and wait for pending pods to get an IP.",
        )
        .with_objects(objects)
        .with_details(details),
    ]
}

fn reason(ctx: &Ctx<'_>, pod: &Pod, why: Exclusion) -> String {
    match why {
        Exclusion::TerminalPhase => format!(
            "phase {} (finished pods never become endpoints)",
            pod.phase.as_str()
        ),
        Exclusion::NoIp => "has no IP yet (status.podIPs is empty)".to_string(),
        Exclusion::NodeMissing => {
            let node = pod.node_name.as_deref().unwrap_or("?");
            let legacy = if listed_in_endpoints(ctx, pod) {
                "; the legacy Endpoints object still lists it"
            } else {
                "; the legacy Endpoints controller does not check Nodes, so v1 Endpoints may still list it"
            };
            format!(
                "its Node {node} does not exist: the controller skips it and retries the sync forever{legacy}"
            )
        }
        Exclusion::FamilyMismatch => family_mismatch(ctx.svc, pod),
    }
}

fn family_mismatch(svc: &Service, pod: &Pod) -> String {
    let wanted: Vec<&str> = svc.address_families().iter().map(|f| f.as_str()).collect();
    if pod.pod_ips().is_empty() {
        return format!(
            "reports only status.podIP, no status.podIPs (the controller reads addresses from podIPs only; the Service wants {})",
            wanted.join("/")
        );
    }
    let have: Vec<&str> = pod
        .pod_ips()
        .iter()
        .filter_map(|ip| IpFamily::of(ip).map(IpFamily::as_str))
        .collect();
    format!(
        "has only {} addresses but the Service uses {}",
        if have.is_empty() {
            "unparseable".to_string()
        } else {
            have.join("/")
        },
        wanted.join("/")
    )
}

fn listed_in_endpoints(ctx: &Ctx<'_>, pod: &Pod) -> bool {
    ctx.endpoints.is_some_and(|e| {
        e.subsets
            .iter()
            .flat_map(|s| s.addresses.iter().chain(&s.not_ready_addresses))
            .any(|a| a.target_ref.as_ref().is_some_and(|r| r.name == pod.name))
    })
}
