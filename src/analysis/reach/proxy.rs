//! Hop 3: kube-proxy on the client's node (or every node, from outside), and the backends it
//! hands out.

use super::backends::Target;
use super::client::Client;
use super::options::ReachOptions;
use super::report::{Hop, HopKind, HopStatus, Reach};
use super::service_port::port_label;
use crate::analysis::finding::ObjRef;
use crate::analysis::traffic::{Outcome, ProxyNode, categorize, traffic};
use crate::model::{
    Cluster, IpFamily, Pod, Service, ServicePort, ServiceType, TrafficPolicy, selector_matches,
};
use std::net::IpAddr;

/// Hop 3 and the backends it hands out.
pub(super) fn proxied<'a>(
    cluster: &'a Cluster,
    client: &Client<'_>,
    svc: &'a Service,
    sp: &ServicePort,
    dialed: Option<IpAddr>,
    opts: &ReachOptions,
    r: &mut Reach,
) -> Vec<Target<'a>> {
    let hop = |status, msg: String| Hop::new(HopKind::KubeProxy, status, msg);
    let svc_ref = Some(ObjRef::namespaced("Service", &svc.namespace, &svc.name));
    if svc.is_headless() {
        // Headless: DNS returned the endpoints; the client dials them on the port it chose.
        let ips: Vec<String> = cluster
            .slices_of(&svc.namespace, &svc.name)
            .flat_map(|s| &s.endpoints)
            .filter(|e| e.conditions.is_ready())
            .flat_map(|e| e.addresses.first().map(|a| a.to_string()))
            .collect();
        r.hops.push(hop(
            HopStatus::Ok,
            format!(
                "headless: no kube-proxy rules; the client connects to the {} address(es) DNS returns, on port {}",
                ips.len(),
                sp.port
            ),
        ));
        return ips
            .into_iter()
            .map(|ip| target_for_ip(cluster, svc, ip, Some(sp.port)))
            .collect();
    }
    let view = traffic(cluster, svc, &opts.rules);
    if let Some(why) = &view.not_proxied {
        r.hops.push(
            hop(
                HopStatus::Unknown,
                format!("kube-proxy does not serve it: {why}"),
            )
            .with_object(svc_ref),
        );
        return vec![];
    }
    if !view.slices_known {
        return without_slices(cluster, svc, sp, r, opts);
    }
    let family = dialed
        .map(|ip| {
            if ip.is_ipv4() {
                IpFamily::V4
            } else {
                IpFamily::V6
            }
        })
        .or_else(|| view.families.first().copied())
        .unwrap_or(IpFamily::V4);
    let Some(pi) = view.ports.iter().position(|p| {
        p.family == family && p.port.name == sp.name && p.port.protocol == sp.protocol
    }) else {
        r.hops.push(
            hop(
                HopStatus::Blocked,
                format!("kube-proxy has no {} rules for this port", family.as_str()),
            )
            .with_object(svc_ref),
        );
        return vec![];
    };
    let pt = &view.ports[pi];
    if client.external {
        return external(cluster, svc, sp, &view, pi, r);
    }
    let node = client.node.clone();
    let on_node = node
        .as_deref()
        .and_then(|n| view.node(n))
        .map(|n| n.ports[pi].clone());
    let (outcome, indices, detail) = match &on_node {
        Some(p) => {
            let set = match svc.internal_traffic_policy {
                TrafficPolicy::Local => p.categorized.local.clone(),
                TrafficPolicy::Cluster => p.categorized.cluster.clone(),
            };
            (
                p.internal,
                set.unwrap_or_default(),
                p.categorized.topology.reason.clone(),
            )
        }
        None => {
            let cat = categorize(
                &pt.endpoints,
                ProxyNode { name: "", zone: "" },
                pt.uses_cluster,
                pt.uses_local,
                opts.rules.prefer_same_traffic_distribution,
            );
            let outcome = if !cat.has_any {
                Outcome::Rejected
            } else if svc.internal_traffic_policy == TrafficPolicy::Local {
                r.hops.push(hop(
                    HopStatus::Unknown,
                    "internalTrafficPolicy Local and the client's node is not known: which endpoints are local cannot be told".into(),
                ));
                return vec![];
            } else {
                Outcome::Routed
            };
            (
                outcome,
                cat.cluster.unwrap_or_default(),
                cat.topology.reason,
            )
        }
    };
    let where_ = node.as_deref().map_or_else(
        || "kube-proxy".to_string(),
        |n| format!("kube-proxy on {n}"),
    );
    match outcome {
        Outcome::Rejected => {
            r.hops.push(
                hop(
                    HopStatus::Blocked,
                    format!("{}/{} has no ready endpoint for {}: {where_} rejects the connection (connection refused)", svc.namespace, svc.name, port_label(sp)),
                )
                .with_object(svc_ref),
            );
            vec![]
        }
        Outcome::Dropped => {
            r.hops.push(
                hop(
                    HopStatus::Blocked,
                    format!(
                        "internalTrafficPolicy Local and no ready endpoint on node {}: {where_} drops the connection (it times out)",
                        node.as_deref().unwrap_or("?")
                    ),
                )
                .with_object(svc_ref),
            );
            vec![]
        }
        _ => {
            let eps: Vec<_> = indices
                .iter()
                .filter_map(|&i| pt.endpoints.get(i))
                .collect();
            let fallback = on_node
                .as_ref()
                .is_some_and(|p| p.categorized.cluster_fallback || p.categorized.local_fallback);
            r.hops.push(hop(
                HopStatus::Ok,
                format!(
                    "{where_} sends {} to {} of {} endpoint(s){}{} (topology: {detail})",
                    port_label(sp),
                    eps.len(),
                    pt.endpoints.len(),
                    if svc.internal_traffic_policy == TrafficPolicy::Local {
                        ", node-local only (internalTrafficPolicy Local)"
                    } else {
                        ""
                    },
                    if fallback {
                        ", serving-terminating fallback: no endpoint is ready"
                    } else {
                        ""
                    },
                ),
            ));
            eps.into_iter()
                .map(|e| {
                    let mut t = target_for_ip(cluster, svc, e.ip.clone(), Some(e.port));
                    if t.node.is_none() {
                        t.node = e.node_name.clone();
                    }
                    if let (None, Some(p)) = (t.pod, &e.pod) {
                        t.name = p.clone();
                    }
                    t
                })
                .collect()
        }
    }
}

/// From outside: every node's NodePort / load balancer / external IP path.
fn external<'a>(
    cluster: &'a Cluster,
    svc: &'a Service,
    sp: &ServicePort,
    view: &crate::analysis::traffic::TrafficView,
    pi: usize,
    r: &mut Reach,
) -> Vec<Target<'a>> {
    let svc_ref = Some(ObjRef::namespaced("Service", &svc.namespace, &svc.name));
    let pt = &view.ports[pi];
    if !pt.externally_reachable {
        r.hops.push(
            Hop::new(
                HopKind::KubeProxy,
                HopStatus::Blocked,
                format!(
                    "{}/{} is type {} with no node port, load balancer IP or external IP: nothing outside the cluster reaches it",
                    svc.namespace,
                    svc.name,
                    svc.service_type()
                ),
            )
            .with_object(svc_ref),
        );
        return vec![];
    }
    let mut routed = Vec::new();
    let mut dropped = Vec::new();
    let mut indices = std::collections::BTreeSet::new();
    for n in &view.nodes {
        let p = &n.ports[pi];
        match p.external {
            Outcome::Routed => {
                routed.push(n.node.as_str());
                let set = match svc.external_traffic_policy {
                    TrafficPolicy::Local => &p.categorized.local,
                    TrafficPolicy::Cluster => &p.categorized.cluster,
                };
                indices.extend(set.iter().flatten().copied());
            }
            _ => dropped.push(n.node.as_str()),
        }
    }
    let entry = match (sp.node_port, svc.service_type()) {
        (Some(np), _) => format!("node port {np}"),
        (None, ServiceType::LoadBalancer) => "the load balancer".into(),
        _ => "external IPs".into(),
    };
    if routed.is_empty() {
        r.hops.push(
            Hop::new(
                HopKind::KubeProxy,
                HopStatus::Blocked,
                format!(
                    "no node routes {entry} to an endpoint (nodes: {})",
                    dropped.join(", ")
                ),
            )
            .with_object(svc_ref),
        );
        return vec![];
    }
    let mut msg = format!(
        "{entry}: routed to an endpoint on node(s) {}",
        routed.join(", ")
    );
    if !dropped.is_empty() {
        msg.push_str(&format!(
            "; dropped on {} ({})",
            dropped.join(", "),
            if svc.external_traffic_policy == TrafficPolicy::Local {
                "externalTrafficPolicy Local and no local endpoint; the health check fails there, so a load balancer skips them"
            } else {
                "no usable endpoint"
            }
        ));
    }
    // kube-proxy lets traffic to a load balancer address through only from
    // spec.loadBalancerSourceRanges (iptables: the KUBE-FW-* chain, pkg/proxy/iptables/proxier.go
    // "loadBalancerSourceRanges"; nftables: the firewall-ips set); the node port is not filtered.
    // The outside client's address is not known here, so the hop says what it depends on.
    if svc.service_type() == ServiceType::LoadBalancer
        && !svc.load_balancer_source_ranges.is_empty()
    {
        msg.push_str(&format!(
            "; the load balancer address accepts only clients from loadBalancerSourceRanges {} (the node port is not filtered)",
            svc.load_balancer_source_ranges.join(", ")
        ));
    }
    r.hops
        .push(Hop::new(HopKind::KubeProxy, HopStatus::Ok, msg));
    r.notes.push(if svc.external_traffic_policy == TrafficPolicy::Local {
        "externalTrafficPolicy Local keeps the client's source address: ingress policies see the outside address (unknown here)".into()
    } else {
        "externalTrafficPolicy Cluster: the source is NATed to a node's address on the way".into()
    });
    let _ = cluster;
    indices
        .into_iter()
        .filter_map(|i| pt.endpoints.get(i))
        .map(|e| {
            let mut t = target_for_ip(cluster, svc, e.ip.clone(), Some(e.port));
            t.node = t.node.or_else(|| e.node_name.clone());
            t
        })
        .collect()
}

/// Manifests (no EndpointSlices): the selected pods, or the selected templates standing in.
fn without_slices<'a>(
    cluster: &'a Cluster,
    svc: &'a Service,
    sp: &ServicePort,
    r: &mut Reach,
    opts: &ReachOptions,
) -> Vec<Target<'a>> {
    let Some(sel) = svc.selector.as_ref().filter(|s| !s.is_empty()) else {
        r.hops.push(Hop::new(
            HopKind::KubeProxy,
            HopStatus::Unknown,
            "no EndpointSlices in the input and no selector: the endpoints are unknown",
        ));
        return vec![];
    };
    let pods: Vec<&Pod> = cluster
        .pods
        .iter()
        .filter(|p| {
            p.namespace == svc.namespace && selector_matches(sel, &p.labels) && p.is_ready()
        })
        .collect();
    let templates: Vec<&crate::model::Workload> = cluster
        .workloads
        .iter()
        .filter(|w| w.namespace == svc.namespace && selector_matches(sel, &w.template.labels))
        .collect();
    let resolved = |pod: &'a Pod| {
        crate::simulate::resolve_target_port(pod, sp, opts.rules.slice_named_ports_on_sidecars)
            .number()
    };
    let (what, targets): (String, Vec<Target<'a>>) = if !pods.is_empty() {
        (
            format!("{} ready pod(s) the selector matches", pods.len()),
            pods.iter()
                .map(|p| Target {
                    pod: Some(p),
                    ip: p.all_ips().first().map(|a| a.to_string()),
                    port: resolved(p),
                    node: p.node_name.as_deref().map(String::from),
                    name: p.name.to_string(),
                })
                .collect(),
        )
    } else {
        (
            format!(
                "the pods of {} pod template(s) the selector matches",
                templates.len()
            ),
            templates
                .iter()
                .map(|w| Target {
                    pod: Some(&w.template),
                    ip: None,
                    port: resolved(&w.template),
                    node: None,
                    name: format!("{} {}", w.kind_str(), w.name),
                })
                .collect(),
        )
    };
    if targets.is_empty() {
        r.hops.push(
            Hop::new(
                HopKind::KubeProxy,
                HopStatus::Blocked,
                format!("the selector of {}/{} matches no pod or pod template: there would be no endpoint", svc.namespace, svc.name),
            )
            .with_object(Some(ObjRef::namespaced("Service", &svc.namespace, &svc.name))),
        );
        return vec![];
    }
    r.hops.push(Hop::new(
        HopKind::KubeProxy,
        HopStatus::Ok,
        format!(
            "no EndpointSlices in the input: assuming kube-proxy uses {what} once they are ready"
        ),
    ));
    targets
}

/// The pod behind an endpoint address, when it is one of the Service's namespace.
fn target_for_ip<'a>(
    cluster: &'a Cluster,
    svc: &Service,
    ip: String,
    port: Option<i32>,
) -> Target<'a> {
    let pod = cluster
        .pods
        .iter()
        .find(|p| p.namespace == svc.namespace && p.all_ips().iter().any(|a| *a == ip))
        .or_else(|| {
            cluster
                .pods
                .iter()
                .find(|p| !p.host_network && p.all_ips().iter().any(|a| *a == ip))
        });
    Target {
        pod,
        name: pod.map_or_else(|| ip.clone(), |p| p.name.to_string()),
        node: pod.and_then(|p| p.node_name.as_deref()).map(String::from),
        ip: Some(ip),
        port,
    }
}
