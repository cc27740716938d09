//! `external-traffic-local-no-local-endpoints` and `internal-traffic-local-no-local-endpoints`.
//!
//! With a traffic policy of Local, kube-proxy on a node uses only that node's endpoints: the
//! local ready ones, else the local serving-and-terminating ones, else none — and then the
//! traffic is dropped (`pkg/proxy/topology.go` `CategorizeEndpoints`, semantics §5;
//! <https://kubernetes.io/docs/reference/networking/virtual-ips/#traffic-policies>). Headless
//! Services are not proxied, so the policies do not apply to them.

use super::{Ctx, Effective};
use crate::analysis::finding::{Code, Finding, ObjRef, Severity};
use crate::model::{ServiceType, TrafficPolicy};

/// Both Local policies, judged per Node.
pub(super) fn check_traffic_policies(ctx: &Ctx<'_>) -> Vec<Finding> {
    let svc = ctx.svc;
    if svc.is_headless() || svc.service_type() == ServiceType::ExternalName {
        return vec![];
    }
    let cluster = ctx.look.cluster;
    // Without Nodes there is nothing to judge; with no usable endpoint anywhere the Service is
    // down on every node anyway and `no-ready-endpoints` says so.
    if !cluster.nodes_known || cluster.nodes.is_empty() || !ctx.effective.iter().any(usable) {
        return vec![];
    }
    let mut out = Vec::new();
    if svc.external_traffic_policy == TrafficPolicy::Local && svc.is_externally_reachable() {
        out.extend(local(ctx, Code::ExternalTrafficLocalNoLocalEndpoints));
    }
    if svc.internal_traffic_policy == TrafficPolicy::Local {
        out.extend(local(ctx, Code::InternalTrafficLocalNoLocalEndpoints));
    }
    out
}

/// kube-proxy uses an endpoint locally when it is ready, or serving while terminating.
fn usable(e: &Effective) -> bool {
    e.ready || (e.serving && e.terminating)
}

fn local(ctx: &Ctx<'_>, code: Code) -> Option<Finding> {
    let mut nodes: Vec<&str> = ctx
        .look
        .cluster
        .nodes
        .iter()
        .map(|n| n.name.as_str())
        .collect();
    nodes.sort_unstable();
    let served: std::collections::HashSet<&str> = ctx
        .effective
        .iter()
        .filter(|e| usable(e))
        .filter_map(|e| e.node.as_deref())
        .collect();
    let (with, without): (Vec<&str>, Vec<&str>) = nodes.iter().partition(|n| served.contains(*n));
    if without.is_empty() {
        return None;
    }
    let external = code == Code::ExternalTrafficLocalNoLocalEndpoints;
    let policy = if external {
        "externalTrafficPolicy"
    } else {
        "internalTrafficPolicy"
    };
    let effect = if external {
        if ctx.svc.service_type() == ServiceType::LoadBalancer {
            "external traffic reaching them through the node port is dropped (the load balancer's health check on healthCheckNodePort should take them out of rotation)"
        } else {
            "external traffic reaching them through the node port is dropped"
        }
    } else {
        "connections from pods running on them are dropped"
    };
    let (severity, summary) = if with.is_empty() {
        (
            Severity::Error,
            format!(
                "{policy} is Local but no node has a ready local endpoint ({} checked): {effect}.",
                super::plural(nodes.len(), "node", "nodes")
            ),
        )
    } else {
        (
            Severity::Warning,
            format!(
                "{policy} is Local and {} of {} nodes have no ready local endpoint ({}; only {} {}): {effect}.",
                without.len(),
                nodes.len(),
                without.join(", "),
                with.join(", "),
                if with.len() == 1 {
                    "has one"
                } else {
                    "have one"
                }
            ),
        )
    };
    let fix = if external {
        "Run a backend on every node that receives external traffic (a DaemonSet, or topology spread constraints), or set externalTrafficPolicy: Cluster if the client source IP need not be preserved."
    } else {
        "Run a backend on every node whose pods call the Service (e.g. a DaemonSet), or set internalTrafficPolicy: Cluster."
    };
    Some(
        ctx.finding(code, severity, summary, fix)
            .with_objects(without.iter().map(|n| ObjRef::node(n)).collect()),
    )
}
