//! Builds the `TrafficView`: slices -> merged endpoints -> per node categorizing -> outcomes.

use super::affinity::session_affinity;
use super::categorize::{ProxyNode, categorize};
use super::notes::notes;
use super::policies::{
    Outcome, external_outcome, externally_reachable, has_health_check, health_check_endpoints,
    internal_outcome, uses_cluster, uses_local,
};
use super::proxy_endpoints::{
    HEADLESS_LABEL, MergedEndpoints, SERVICE_PROXY_NAME_LABEL, merge, slice_skip,
};
use super::view::{HealthCheck, NodeTraffic, PortOnNode, PortTraffic, SliceUse, TrafficView};
use crate::model::{
    Cluster, ControllerRules, EndpointSlice, IpFamily, Service, ServiceType, ZONE_LABEL,
};
use std::collections::BTreeMap;

/// kube-proxy's view of `svc` on every node of `cluster`. `rules` decides whether node hints
/// (PreferSameTrafficDistribution) are read.
pub fn traffic(cluster: &Cluster, svc: &Service, rules: &ControllerRules) -> TrafficView {
    let mut slices: Vec<&EndpointSlice> = cluster.slices_of(&svc.namespace, &svc.name).collect();
    slices.sort_by(|a, b| a.name.cmp(&b.name));
    let not_proxied = not_proxied(svc);
    let families = if not_proxied.is_some() {
        vec![]
    } else {
        proxied_families(svc)
    };
    let slice_uses: Vec<SliceUse> = slices
        .iter()
        .map(|s| SliceUse {
            name: s.name.to_string(),
            address_type: s
                .address_type
                .as_ref()
                .map_or_else(String::new, |t| t.as_str().to_string()),
            endpoints: s.endpoints.len(),
            skip: slice_skip(s, &families),
        })
        .collect();
    let node_hints = rules.prefer_same_traffic_distribution;
    let merged: Vec<(IpFamily, MergedEndpoints)> = families
        .iter()
        .map(|&fam| {
            let used: Vec<&EndpointSlice> = slices
                .iter()
                .zip(&slice_uses)
                .filter(|(s, u)| u.skip.is_none() && family_of(s) == Some(fam))
                .map(|(s, _)| *s)
                .collect();
            (fam, merge(&used, fam, node_hints))
        })
        .collect();
    // kube-proxy programs what the slices say: without any slice in the input, per-port and
    // per-node verdicts would be invented ("no endpoints"), so there are none.
    let slices_known = cluster.slices_read() || not_proxied.is_some();
    let ports = if slices_known {
        port_traffic(svc, &merged)
    } else {
        vec![]
    };
    let unmatched_slice_ports = unmatched(svc, &merged);
    let health = has_health_check(svc);
    let nodes = if not_proxied.is_some() || !slices_known {
        vec![]
    } else {
        node_rows(cluster, svc, &ports, &merged, health, node_hints)
    };
    let mut view = TrafficView {
        affinity: session_affinity(svc, not_proxied.is_none()),
        not_proxied,
        families,
        slices: slice_uses,
        ports,
        nodes,
        nodes_known: cluster.nodes_known,
        slices_known,
        health_check_node_port: health.then(|| svc.health_check_node_port.unwrap_or(0)),
        ignored: merged.into_iter().flat_map(|(_, m)| m.ignored).collect(),
        unmatched_slice_ports,
        notes: vec![],
        focus: None,
    };
    view.notes = if slices_known {
        notes(svc, &view)
    } else {
        vec!["EndpointSlices were not read, so the endpoints kube-proxy programs are unknown: include them (kubectl get endpointslices)".to_string()]
    };
    view
}

/// kube-proxy skips headless and ExternalName Services (`ShouldSkipService`) and, through its
/// informers' label selector, Services labelled headless or with a service-proxy-name.
fn not_proxied(svc: &Service) -> Option<String> {
    if svc.service_type() == ServiceType::ExternalName {
        return Some(
            "ExternalName: kube-proxy makes no rules; DNS answers with a CNAME".to_string(),
        );
    }
    if svc.is_headless() {
        return Some(
            "headless (clusterIP: None): kube-proxy makes no rules; clients connect to the endpoint addresses DNS returns"
                .to_string(),
        );
    }
    if let Some(p) = svc.labels.get(SERVICE_PROXY_NAME_LABEL) {
        return Some(format!(
            "labelled {SERVICE_PROXY_NAME_LABEL}={p}: kube-proxy leaves it to that proxy"
        ));
    }
    if svc.labels.contains_key(HEADLESS_LABEL) {
        return Some(format!(
            "labelled {HEADLESS_LABEL}: kube-proxy's informers filter it out"
        ));
    }
    None
}

/// One proxier per family handles the Service when it has a cluster IP of that family; a
/// manifest without allocated IPs falls back to the families the API server would assign.
fn proxied_families(svc: &Service) -> Vec<IpFamily> {
    let mut fams: Vec<IpFamily> = svc
        .cluster_ips
        .iter()
        .filter_map(|ip| IpFamily::of(ip))
        .collect();
    fams.dedup();
    if fams.is_empty() {
        fams = svc.address_families();
    }
    fams
}

fn family_of(slice: &EndpointSlice) -> Option<IpFamily> {
    match slice.address_type {
        Some(crate::model::AddressType::IPv4) => Some(IpFamily::V4),
        Some(crate::model::AddressType::IPv6) => Some(IpFamily::V6),
        _ => None,
    }
}

fn port_traffic(svc: &Service, merged: &[(IpFamily, MergedEndpoints)]) -> Vec<PortTraffic> {
    let mut out = Vec::new();
    for (fam, m) in merged {
        for sp in &svc.ports {
            let external = externally_reachable(svc, sp);
            out.push(PortTraffic {
                family: *fam,
                port: sp.clone(),
                externally_reachable: external,
                uses_cluster: uses_cluster(svc, external),
                uses_local: uses_local(svc, external),
                endpoints: m.for_port(&sp.name, &sp.protocol).to_vec(),
            });
        }
    }
    out
}

fn unmatched(svc: &Service, merged: &[(IpFamily, MergedEndpoints)]) -> Vec<String> {
    let mut out: Vec<String> = merged
        .iter()
        .flat_map(|(_, m)| &m.ports)
        .filter(|p| {
            !svc.ports
                .iter()
                .any(|sp| sp.name == p.name && sp.protocol == p.protocol)
        })
        .map(|p| format!("{}/{}", p.name, p.protocol.as_str()))
        .collect();
    out.sort();
    out.dedup();
    out
}

/// (name, zone label, ready, known): every Node when Nodes were read, else the nodes named
/// by endpoints (zone from the endpoint, which the controller copied from the Node).
fn node_list(
    cluster: &Cluster,
    ports: &[PortTraffic],
) -> Vec<(String, String, Option<bool>, bool)> {
    let mut rows: BTreeMap<String, (String, Option<bool>, bool)> = BTreeMap::new();
    if cluster.nodes_known {
        for n in &cluster.nodes {
            let zone = n
                .labels
                .get(ZONE_LABEL)
                .map(|z| z.to_string())
                .unwrap_or_default();
            rows.insert(n.name.clone(), (zone, n.ready, true));
        }
    } else {
        for e in ports.iter().flat_map(|p| &p.endpoints) {
            if let Some(node) = &e.node_name {
                rows.entry(node.clone())
                    .or_insert_with(|| (e.zone.clone().unwrap_or_default(), None, false));
            }
        }
    }
    rows.into_iter()
        .map(|(name, (zone, ready, known))| (name, zone, ready, known))
        .collect()
}

fn node_rows(
    cluster: &Cluster,
    svc: &Service,
    ports: &[PortTraffic],
    merged: &[(IpFamily, MergedEndpoints)],
    health: bool,
    node_hints: bool,
) -> Vec<NodeTraffic> {
    node_list(cluster, ports)
        .into_iter()
        .map(|(name, zone, ready, known)| {
            let node = ProxyNode {
                name: &name,
                zone: &zone,
            };
            let per_port: Vec<PortOnNode> = ports
                .iter()
                .map(|p| {
                    let cat =
                        categorize(&p.endpoints, node, p.uses_cluster, p.uses_local, node_hints);
                    PortOnNode {
                        internal: internal_outcome(svc, &cat),
                        external: external_outcome(svc, p.externally_reachable, &cat),
                        categorized: cat,
                    }
                })
                .collect();
            // The health check counts every slice port, matched to a Service port or not.
            let health_check = health.then(|| HealthCheck {
                local_ready: health_check_endpoints(
                    merged
                        .iter()
                        .flat_map(|(_, m)| &m.ports)
                        .flat_map(|p| &p.endpoints),
                    &name,
                ),
            });
            NodeTraffic {
                internal: Outcome::combine(per_port.iter().map(|p| p.internal)),
                external: Outcome::combine(per_port.iter().map(|p| p.external)),
                node: name.clone(),
                zone: (!zone.is_empty()).then_some(zone.clone()),
                ready,
                known,
                ports: per_port,
                health_check,
            }
        })
        .collect()
}

#[cfg(test)]
#[path = "build_tests.rs"]
mod tests;
