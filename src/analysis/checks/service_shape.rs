//! The Service object itself: `loadbalancer-pending`, `externalname-with-selector`,
//! `node-port-out-of-range`, `node-port-duplicate`, `duplicate-service-port`.
//!
//! References: <https://kubernetes.io/docs/concepts/services-networking/service/> (LoadBalancer,
//! ExternalName, NodePort and its default range `--service-node-port-range=30000-32767`), and
//! `pkg/apis/core/validation/validation.go` `ValidateService` (port/protocol pairs must be
//! unique; a nodePort is allocated to one Service only).

use super::Ctx;
use crate::analysis::finding::{Code, Finding, ObjRef, Severity};
use crate::model::ServiceType;

/// The API server's default `--service-node-port-range`.
const NODE_PORT_RANGE: std::ops::RangeInclusive<i32> = 30000..=32767;

/// Every check of the Service's own spec and status.
pub(super) fn check_service_shape(ctx: &Ctx<'_>) -> Vec<Finding> {
    let mut out = Vec::new();
    out.extend(loadbalancer_pending(ctx));
    out.extend(externalname_with_selector(ctx));
    out.extend(node_ports(ctx));
    out.extend(duplicate_ports(ctx));
    out
}

fn loadbalancer_pending(ctx: &Ctx<'_>) -> Option<Finding> {
    let svc = ctx.svc;
    if svc.service_type() != ServiceType::LoadBalancer || !svc.load_balancer_ingress.is_empty() {
        return None;
    }
    let (message, fix) = match &svc.load_balancer_class {
        Some(class) => (
            format!("The LoadBalancer has no ingress address yet: no controller for loadBalancerClass {class:?} has provisioned it (the node ports work meanwhile)."),
            format!("Check that the load-balancer controller for class {class:?} is installed and look at the Service's events."),
        ),
        None => (
            "The LoadBalancer has no ingress address yet: no cloud provider or load-balancer controller has provisioned it (the node ports work meanwhile).".to_string(),
            "On a cloud, check the cloud controller manager and the Service's events; on bare metal, install a load-balancer implementation (e.g. MetalLB, kube-vip, Cilium LB IPAM) or use a NodePort.".to_string(),
        ),
    };
    Some(ctx.finding(Code::LoadbalancerPending, Severity::Warning, message, fix))
}

fn externalname_with_selector(ctx: &Ctx<'_>) -> Option<Finding> {
    let svc = ctx.svc;
    let sel = svc.selector.as_ref()?;
    if svc.service_type() != ServiceType::ExternalName {
        return None;
    }
    let pods = ctx.look.pods.select(&svc.namespace, sel);
    let mut objects: Vec<ObjRef> = pods.iter().map(|p| ctx.pod_ref(&p.name)).collect();
    objects.sort();
    let who = if pods.is_empty() {
        String::new()
    } else {
        format!(
            " ({} it matches get nothing through this Service)",
            super::plural(pods.len(), "pod", "pods")
        )
    };
    Some(
        ctx.finding(
            Code::ExternalnameWithSelector,
            Severity::Warning,
            format!(
                "type ExternalName with a selector: the selector and ports are ignored, no endpoints are made and DNS answers with a CNAME to {}{who}.",
                svc.external_name.as_deref().unwrap_or("(no externalName)")
            ),
            "Remove the selector (and ports) if the CNAME is intended; otherwise change the type to ClusterIP so the selector takes effect.",
        )
        .with_objects(objects),
    )
}

fn node_ports(ctx: &Ctx<'_>) -> Vec<Finding> {
    let svc = ctx.svc;
    let mut out = Vec::new();
    for (i, p) in svc.ports.iter().enumerate() {
        let Some(np) = p.node_port else { continue };
        if !NODE_PORT_RANGE.contains(&np) {
            out.push(ctx.finding(
                Code::NodePortOutOfRange,
                Severity::Error,
                format!("nodePort {np} of port {} is outside the default range 30000-32767: the API server rejects it unless its --service-node-port-range was changed.", p.port),
                "Use a nodePort in 30000-32767 or leave it out to get one allocated (ignore this finding if your cluster uses a custom --service-node-port-range).",
            ));
        }
        let twice_here = svc.ports[..i]
            .iter()
            .any(|q| q.node_port == Some(np) && q.protocol == p.protocol);
        let others: Vec<ObjRef> = ctx
            .look
            .services_with_node_port(np)
            .iter()
            .filter(|s| !(s.namespace == svc.namespace && s.name == svc.name))
            .map(|s| ObjRef::namespaced("Service", &s.namespace, &s.name))
            .collect();
        if twice_here || !others.is_empty() {
            let whom = if others.is_empty() {
                "another port of this Service with the same protocol".to_string()
            } else {
                others
                    .iter()
                    .map(|o| format!("{}/{}", o.namespace.as_deref().unwrap_or(""), o.name))
                    .collect::<Vec<_>>()
                    .join(", ")
            };
            out.push(
                ctx.finding(
                    Code::NodePortDuplicate,
                    Severity::Error,
                    format!("nodePort {np} is also used by {whom}: a node port is allocated to one Service only, so the API server rejects the second one."),
                    "Give each Service its own nodePort, or leave nodePort out to get a free one allocated.",
                )
                .with_objects(others),
            );
        }
    }
    out
}

fn duplicate_ports(ctx: &Ctx<'_>) -> Vec<Finding> {
    let ports = &ctx.svc.ports;
    let mut out = Vec::new();
    for (i, p) in ports.iter().enumerate() {
        // A port without a number is refused as such (`invalid-object`), not as a repeat.
        if p.port == 0 {
            continue;
        }
        let first = ports[..i]
            .iter()
            .all(|q| !(q.port == p.port && q.protocol == p.protocol));
        let later = ports[i + 1..]
            .iter()
            .any(|q| q.port == p.port && q.protocol == p.protocol);
        if first && later {
            out.push(ctx.finding(
                Code::DuplicateServicePort,
                Severity::Error,
                format!("Port {}/{} is listed more than once: the API server rejects a Service whose ports repeat a port and protocol.", p.port, p.protocol.as_str()),
                "Keep one entry per port and protocol (use different port numbers to reach different targetPorts).",
            ));
        }
    }
    out
}
