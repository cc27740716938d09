//! The traffic view in sentences: what is dropped, rejected, filtered or ignored, and where.

use super::categorize::TopologyMode;
use super::policies::Outcome;
use super::proxy_endpoints::Ignored;
use super::view::TrafficView;
use crate::model::{Service, ServiceType, TrafficPolicy};

/// Notes for `view` (built for `svc`), most important first.
pub fn notes(svc: &Service, view: &TrafficView) -> Vec<String> {
    let mut out = Vec::new();
    if view.not_proxied.is_some() {
        return out;
    }
    let nodes_where = |pred: &dyn Fn(&super::view::NodeTraffic) -> bool| -> Vec<String> {
        view.nodes
            .iter()
            .filter(|n| pred(n))
            .map(|n| n.node.clone())
            .collect()
    };
    if !view.nodes.is_empty() && view.nodes.iter().all(|n| n.internal == Outcome::Rejected) {
        out.push(
            "no ready or serving-terminating endpoint anywhere: kube-proxy rejects connections (ICMP unreachable / TCP reset)"
                .to_string(),
        );
    }
    let dropped_ext = nodes_where(&|n| n.external == Outcome::Dropped);
    if !dropped_ext.is_empty() {
        out.push(format!(
            "external traffic arriving at {} is dropped: externalTrafficPolicy Local and no local endpoint (pods on those nodes and the nodes themselves still reach the cluster endpoints)",
            dropped_ext.join(", ")
        ));
    }
    if let Some(port) = view.health_check_node_port {
        let failing = nodes_where(&|n| n.health_check.is_some_and(|h| !h.passing()));
        if !failing.is_empty() && svc.service_type() == ServiceType::LoadBalancer {
            let port = if port == 0 {
                String::new()
            } else {
                format!(" (node port {port})")
            };
            out.push(format!(
                "the load balancer's health check{port} answers 503 on {}: it should send them no traffic",
                failing.join(", ")
            ));
        }
    }
    let dropped_int = nodes_where(&|n| n.internal == Outcome::Dropped);
    if !dropped_int.is_empty() && svc.internal_traffic_policy == TrafficPolicy::Local {
        out.push(format!(
            "ClusterIP traffic from pods on {} is dropped: internalTrafficPolicy Local and no local endpoint",
            dropped_int.join(", ")
        ));
    }
    out.extend(fallback_notes(view));
    out.extend(topology_notes(view));
    for p in &view.ports {
        if p.endpoints.is_empty() {
            out.push(format!(
                "port {}: no slice kube-proxy uses lists this port, so it has no endpoints",
                p.label(view.multi_family())
            ));
        }
    }
    for p in &view.unmatched_slice_ports {
        out.push(format!(
            "slice port {p} matches no Service port (by name and protocol): kube-proxy makes no rules for it"
        ));
    }
    for s in &view.slices {
        if let Some(skip) = &s.skip {
            out.push(format!(
                "kube-proxy skips slice {}: {}",
                s.name,
                skip.describe()
            ));
        }
    }
    out.extend(view.ignored.iter().map(ignored_note));
    out.extend(unused_endpoints(view));
    if !view.nodes_known {
        out.push(
            "Nodes were not read: rows come from the endpoints' nodeName, and nodes without endpoints are missing"
                .to_string(),
        );
    }
    out
}

/// Endpoints no node sends new connections to, and why (by conditions).
fn unused_endpoints(view: &TrafficView) -> Vec<String> {
    let mut out = Vec::new();
    for (i, p) in view.ports.iter().enumerate() {
        let used = |idx: usize| {
            view.nodes.iter().any(|n| {
                let c = &n.ports[i].categorized;
                c.cluster.as_ref().is_some_and(|s| s.contains(&idx))
                    || c.local.as_ref().is_some_and(|s| s.contains(&idx))
            })
        };
        let unused: Vec<String> = p
            .endpoints
            .iter()
            .enumerate()
            .filter(|(idx, _)| !used(*idx))
            .map(|(_, e)| {
                let name = e.pod.clone().unwrap_or_else(|| e.key());
                let why = match (e.ready, e.serving, e.terminating) {
                    (false, true, true) => {
                        "terminating but still serving: used only when no endpoint is ready"
                    }
                    (false, false, true) => "terminating, not serving",
                    (false, _, false) => "not ready",
                    (true, _, _) => "ready, but hinted away from every node",
                };
                format!("{name} ({why})")
            })
            .collect();
        if !unused.is_empty() && !view.nodes.is_empty() {
            out.push(format!(
                "port {}: no node sends new connections to {}",
                p.label(view.multi_family()),
                unused.join(", ")
            ));
        }
    }
    out
}

fn fallback_notes(view: &TrafficView) -> Vec<String> {
    let mut out = Vec::new();
    for (i, p) in view.ports.iter().enumerate() {
        let fallback = view
            .nodes
            .iter()
            .any(|n| n.ports[i].categorized.cluster_fallback);
        if fallback {
            out.push(format!(
                "port {}: no ready endpoint, so kube-proxy falls back to the serving, terminating ones (topology ignored)",
                p.label(view.multi_family())
            ));
        }
        let local: Vec<&str> = view
            .nodes
            .iter()
            .filter(|n| n.ports[i].categorized.local_fallback)
            .map(|n| n.node.as_str())
            .collect();
        if !local.is_empty() {
            out.push(format!(
                "port {}: on {} the only local endpoints are terminating; Local-policy traffic goes to them while they still serve",
                p.label(view.multi_family()),
                local.join(", ")
            ));
        }
    }
    out
}

fn topology_notes(view: &TrafficView) -> Vec<String> {
    let modes: Vec<TopologyMode> = view
        .nodes
        .iter()
        .flat_map(|n| n.ports.iter().map(|p| p.categorized.topology.mode))
        .collect();
    let any_hints = view
        .ports
        .iter()
        .flat_map(|p| &p.endpoints)
        .any(|e| !e.zone_hints.is_empty() || !e.node_hints.is_empty());
    let mut out = Vec::new();
    if modes.contains(&TopologyMode::SameNode) {
        out.push("node hints applied: those nodes use only the endpoints hinted for them".into());
    }
    if modes.contains(&TopologyMode::SameZone) {
        out.push(
            "zone hints applied: each node uses only the ready endpoints hinted for its zone"
                .into(),
        );
    }
    let ignored: Vec<String> = view
        .nodes
        .iter()
        .flat_map(|n| {
            n.ports
                .iter()
                .filter(|p| {
                    p.categorized.topology.mode == TopologyMode::None
                        && p.categorized.topology.reason.starts_with("hints ignored")
                })
                .map(move |p| format!("{}: {}", n.node, p.categorized.topology.reason))
        })
        .collect();
    if any_hints && !ignored.is_empty() {
        let mut ignored = ignored;
        ignored.dedup();
        out.push(format!(
            "topology hints not used on some nodes ({})",
            ignored.join("; ")
        ));
    }
    out
}

fn ignored_note(i: &Ignored) -> String {
    match i {
        Ignored::NoUsablePorts { slice, endpoints } => format!(
            "slice {slice} has no usable port: its {endpoints} endpoint(s) get no traffic from kube-proxy"
        ),
        Ignored::PortWithoutName { slice } => {
            format!("slice {slice}: a port without a name is ignored")
        }
        Ignored::PortWithoutNumber { slice, name } => {
            format!("slice {slice}: port {name:?} has no number and is ignored")
        }
        Ignored::NoAddresses { slice, pod } => format!(
            "slice {slice}: an endpoint{} has no addresses and is ignored",
            pod.as_ref().map_or(String::new(), |p| format!(" ({p})"))
        ),
        Ignored::BadAddress { slice, address } => format!(
            "slice {slice}: endpoint address {address} is not an IP of the slice's family and is ignored"
        ),
        Ignored::ExtraAddresses {
            slice,
            used,
            ignored,
        } => format!(
            "slice {slice}: kube-proxy uses only the first address {used}; {} ignored",
            ignored.join(", ")
        ),
        Ignored::Duplicate {
            key,
            kept,
            dropped,
            ambiguous,
        } => {
            if *ambiguous {
                format!(
                    "{key} is listed in {kept} and {dropped} with different conditions; which copy kube-proxy keeps depends on its map order (shown: {kept})"
                )
            } else {
                format!(
                    "{key} is listed twice; kube-proxy keeps the non-terminating copy from {kept}"
                )
            }
        }
    }
}
