//! `topology-hints-not-applied`: topology aware routing was asked for but no endpoint carries
//! hints, with the EndpointSlice controller's reason.
//!
//! Which mode applies: `kubernetes/endpointslice` `reconciler.go` (semantics §3.1; the
//! topology-aware-hints annotation wins over topology-mode; on for `Auto`/`auto`). Why Auto gives
//! no hints: `topologycache/topologycache.go` `SetNodes` / `AddHints` and
//! `topologycache/utils.go` (§3.2). trafficDistribution hints every ready endpoint that has a
//! zone (`trafficdist/trafficdist.go`, §3.3). Events are cumulative, so slices decide and
//! Events only explain (<https://kubernetes.io/docs/concepts/services-networking/topology-aware-routing/>).

use super::Ctx;
use crate::analysis::finding::{Code, Finding, ObjRef, Severity};
use crate::model::{AddressType, EndpointSlice, Node, Service, ServiceType};
use std::collections::{BTreeMap, BTreeSet};

const TOPOLOGY_MODE: &str = "service.kubernetes.io/topology-mode";
const TOPOLOGY_AWARE_HINTS: &str = "service.kubernetes.io/topology-aware-hints";
/// The topology cache's overload threshold (`topologycache/topologycache.go`).
const OVERLOAD_THRESHOLD: f64 = 0.2;

/// Hints requested but absent from every slice.
pub(super) fn check_topology_hints(ctx: &Ctx<'_>) -> Vec<Finding> {
    let svc = ctx.svc;
    if svc.service_type() == ServiceType::ExternalName {
        return vec![];
    }
    let auto = auto_mode(svc);
    let distribution = traffic_distribution(ctx);
    if !auto && distribution.is_none() {
        return vec![];
    }
    let at = svc
        .address_families()
        .first()
        .map_or(AddressType::IPv4, |f| AddressType::parse(f.as_str()));
    let slices: Vec<&EndpointSlice> = ctx
        .slices
        .iter()
        .copied()
        .filter(|s| s.address_type.as_ref() == Some(&at))
        .collect();
    let ready: Vec<_> = slices
        .iter()
        .flat_map(|s| &s.endpoints)
        .filter(|e| e.conditions.is_ready())
        .collect();
    let hinted = slices.iter().flat_map(|s| &s.endpoints).any(|e| {
        e.hints
            .as_ref()
            .is_some_and(|h| !h.for_zones.is_empty() || !h.for_nodes.is_empty())
    });
    if ready.is_empty() || hinted {
        return vec![];
    }
    let zoneless = ready
        .iter()
        .filter(|e| e.zone.as_deref().unwrap_or("").is_empty())
        .count();
    let (requested, (reason, objects)) = if auto {
        (
            "service.kubernetes.io/topology-mode: Auto",
            auto_reason(ctx, ready.len(), zoneless),
        )
    } else {
        let td = distribution.unwrap_or_default();
        let why = if zoneless > 0 {
            format!(
                "{zoneless} ready endpoints have no zone (their Nodes lack the topology.kubernetes.io/zone label), and trafficDistribution hints only endpoints with a zone"
            )
        } else {
            "every ready endpoint has a zone, so the controller would add hints now: it has not synced the Service (or predates trafficDistribution, v1.31+)".to_string()
        };
        (
            if td == "PreferClose" {
                "trafficDistribution: PreferClose"
            } else {
                "trafficDistribution"
            },
            (why, vec![]),
        )
    };
    let details = events(ctx);
    vec![
        ctx.finding(
            Code::TopologyHintsNotApplied,
            Severity::Warning,
            format!("{requested} is set but no endpoint carries topology hints, so kube-proxy routes cluster-wide: {reason}."),
            "Fix the reason (zone labels and CPU on every Node, enough ready endpoints per zone), or remove the setting if cross-zone traffic is acceptable.",
        )
        .with_objects(objects)
        .with_details(details),
    ]
}

/// The annotation mode (A in §3.1).
fn auto_mode(svc: &Service) -> bool {
    let value = svc
        .annotations
        .get(TOPOLOGY_AWARE_HINTS)
        .or_else(|| svc.annotations.get(TOPOLOGY_MODE));
    matches!(value.map(|s| s.as_str()), Some("Auto" | "auto"))
}

/// A valid trafficDistribution (T in §3.1).
fn traffic_distribution(ctx: &Ctx<'_>) -> Option<String> {
    let td = ctx.svc.traffic_distribution.as_deref()?;
    let valid = match td {
        "PreferClose" => true,
        "PreferSameZone" | "PreferSameNode" => ctx.rules.prefer_same_traffic_distribution,
        _ => false,
    };
    valid.then(|| td.to_string())
}

/// The topology cache's verdict for `n` ready endpoints, and the Nodes it blames.
fn auto_reason(ctx: &Ctx<'_>, n: usize, zoneless: usize) -> (String, Vec<ObjRef>) {
    let cluster = ctx.look.cluster;
    if !cluster.nodes_known {
        return (
            "Nodes were not read, so the controller's reason is unknown".into(),
            vec![],
        );
    }
    // SetNodes: control-plane and not-ready nodes do not count.
    let nodes: Vec<&Node> = cluster
        .nodes
        .iter()
        .filter(|n| !n.is_control_plane() && n.ready == Some(true))
        .collect();
    let lacking: Vec<&Node> = nodes
        .iter()
        .copied()
        .filter(|n| n.zone().is_none() || n.allocatable_cpu_milli.unwrap_or(0) <= 0)
        .collect();
    if nodes.is_empty() || !lacking.is_empty() {
        let objects = lacking.iter().map(|n| ObjRef::node(&n.name)).collect();
        let names: Vec<&str> = lacking.iter().map(|n| n.name.as_str()).collect();
        let why = if nodes.is_empty() {
            "no ready worker node".to_string()
        } else {
            format!(
                "Insufficient Node information: allocatable CPU or zone not specified on {}",
                names.join(", ")
            )
        };
        return (why, objects);
    }
    let mut cpu: BTreeMap<&str, i64> = BTreeMap::new();
    for node in &nodes {
        *cpu.entry(node.zone().unwrap_or_default()).or_default() +=
            node.allocatable_cpu_milli.unwrap_or(0);
    }
    let zones = cpu.len();
    if zones < 2 {
        let zone = cpu.keys().next().copied().unwrap_or_default();
        return (
            format!("all ready nodes are in one zone ({zone}), so there is nothing to route by"),
            vec![],
        );
    }
    if zones > n {
        return (
            format!("Insufficient number of endpoints ({n} endpoints, {zones} zones)"),
            vec![],
        );
    }
    let total: i64 = cpu.values().sum();
    #[allow(clippy::cast_precision_loss)]
    let min_sum: f64 = cpu
        .values()
        .map(|c| ((*c as f64 / total as f64) * n as f64 / (1.0 + OVERLOAD_THRESHOLD)).ceil())
        .sum();
    #[allow(clippy::cast_precision_loss)]
    if min_sum > n as f64 {
        return (
            format!(
                "Unable to allocate minimum required endpoints to each zone without exceeding overload threshold ({n} endpoints, {zones} zones)"
            ),
            vec![],
        );
    }
    if zoneless > 0 {
        return (
            "One or more endpoints do not have a zone specified".into(),
            vec![],
        );
    }
    let zone_names: BTreeSet<&str> = cpu.keys().copied().collect();
    (
        format!(
            "the Nodes ({} zones: {}) and {n} ready endpoints allow hints now, so the controller has not synced the Service since",
            zones,
            zone_names.into_iter().collect::<Vec<_>>().join(", ")
        ),
        vec![],
    )
}

/// The Service's TopologyAwareHints events, distinct messages with counts, in input order.
fn events(ctx: &Ctx<'_>) -> Vec<String> {
    let mut seen: Vec<(String, String, i32)> = Vec::new();
    for e in ctx
        .look
        .events_of(&ctx.svc.namespace, "Service", &ctx.svc.name)
        .iter()
        .filter(|e| e.reason.starts_with("TopologyAwareHints"))
    {
        match seen
            .iter_mut()
            .find(|(r, m, _)| *r == e.reason && *m == e.message)
        {
            Some(s) => s.2 += e.count,
            None => seen.push((e.reason.clone(), e.message.clone(), e.count)),
        }
    }
    seen.into_iter()
        .map(|(r, m, c)| format!("event {r} (x{c}): {m}"))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::lookup::Lookup;
    use crate::model::{Cluster, Endpoint, EndpointConditions, EndpointSlice, ObjectRef};
    use crate::testing::{labels, mk_node, mk_pod, mk_service};

    fn slice(pods: &[(&str, &str)]) -> EndpointSlice {
        EndpointSlice {
            namespace: "ns".into(),
            name: "web-abc".into(),
            labels: labels(&[("kubernetes.io/service-name", "web")]),
            address_type: Some(AddressType::IPv4),
            endpoints: pods
                .iter()
                .map(|(p, zone)| Endpoint {
                    addresses: smallvec::smallvec!["10.0.0.1".into()],
                    conditions: EndpointConditions {
                        ready: Some(true),
                        serving: Some(true),
                        terminating: Some(false),
                    },
                    zone: Some((*zone).into()),
                    target_ref: Some(ObjectRef {
                        kind: "Pod".into(),
                        namespace: "ns".into(),
                        name: ((*p).to_string()).into(),
                        uid: String::new().into(),
                    }),
                    ..Endpoint::default()
                })
                .collect(),
            ..EndpointSlice::default()
        }
    }

    fn diagnose(
        nodes: Vec<Node>,
        annotations: &[(&str, &str)],
        eps: &[(&str, &str)],
    ) -> Vec<Finding> {
        diagnose_slice(nodes, annotations, eps, slice(eps))
    }

    fn diagnose_slice(
        nodes: Vec<Node>,
        annotations: &[(&str, &str)],
        eps: &[(&str, &str)],
        slice: EndpointSlice,
    ) -> Vec<Finding> {
        let mut svc = mk_service("web", &[("app", "web")]);
        svc.annotations = labels(annotations);
        let cluster = Cluster {
            services: vec![svc],
            pods: eps
                .iter()
                .map(|(p, _)| mk_pod(p, &[("app", "web")]))
                .collect(),
            nodes,
            endpoint_slices: vec![slice],
            nodes_known: true,
            ..Cluster::default()
        };
        let look = Lookup::new(&cluster, 1);
        let rules = crate::model::ControllerRules::default();
        let ctx = Ctx::new(&cluster.services[0], &look, &rules);
        check_topology_hints(&ctx)
    }

    fn cpu(name: &str, zone: &str, milli: i64) -> Node {
        let mut n = mk_node(name, zone);
        n.allocatable_cpu_milli = Some(milli);
        n
    }

    const AUTO: &[(&str, &str)] = &[("service.kubernetes.io/topology-mode", "Auto")];

    #[test]
    fn one_zone() {
        let f = diagnose(
            vec![mk_node("n1", "a"), mk_node("n2", "a")],
            AUTO,
            &[("p1", "a"), ("p2", "a")],
        );
        assert_eq!(f.len(), 1);
        assert!(
            f[0].message.contains("all ready nodes are in one zone (a)"),
            "{}",
            f[0].message
        );
    }

    #[test]
    fn missing_cpu_blames_the_node_but_control_plane_nodes_do_not_count() {
        let mut no_cpu = mk_node("n2", "b");
        no_cpu.allocatable_cpu_milli = None;
        let mut cp = mk_node("cp", "");
        cp.labels = labels(&[("node-role.kubernetes.io/control-plane", "")]);
        let f = diagnose(
            vec![mk_node("n1", "a"), no_cpu, cp],
            AUTO,
            &[("p1", "a"), ("p2", "b")],
        );
        assert!(
            f[0].message.contains(
                "Insufficient Node information: allocatable CPU or zone not specified on n2"
            ),
            "{}",
            f[0].message
        );
        assert_eq!(f[0].objects, vec![ObjRef::node("n2")]);
    }

    #[test]
    fn overload_threshold() {
        // Upstream topologycache test: 5000m/4500m/500m give ratios 0.5/0.45/0.05; with 3
        // endpoints the minimums 2+2+1 exceed 3.
        let nodes = vec![
            cpu("n1", "a", 5000),
            cpu("n2", "b", 4500),
            cpu("n3", "c", 500),
        ];
        let f = diagnose(nodes, AUTO, &[("p1", "a"), ("p2", "b"), ("p3", "c")]);
        assert!(
            f[0].message.contains("Unable to allocate minimum required endpoints to each zone without exceeding overload threshold (3 endpoints, 3 zones)"),
            "{}",
            f[0].message
        );
    }

    #[test]
    fn deprecated_annotation_wins() {
        let nodes = || vec![mk_node("n1", "a"), mk_node("n2", "b")];
        let eps = &[("p1", "a"), ("p2", "b")];
        let off = &[
            ("service.kubernetes.io/topology-aware-hints", "disabled"),
            ("service.kubernetes.io/topology-mode", "Auto"),
        ];
        assert!(diagnose(nodes(), off, eps).is_empty());
        let f = diagnose(nodes(), AUTO, eps);
        assert!(f[0].message.contains("allow hints now"), "{}", f[0].message);
        assert!(diagnose(nodes(), &[], eps).is_empty());
    }

    #[test]
    fn hints_present_silence_it() {
        let eps = &[("p1", "a"), ("p2", "a")];
        let mut hinted = slice(eps);
        for e in &mut hinted.endpoints {
            e.hints = Some(Box::new(crate::model::EndpointHints {
                for_zones: vec!["a".into()],
                for_nodes: vec![],
            }));
        }
        let nodes = vec![mk_node("n1", "a"), mk_node("n2", "a")];
        assert!(diagnose_slice(nodes, AUTO, eps, hinted).is_empty());
    }
}
