//! The human view of the traffic analysis: a table of nodes (what ClusterIP and external
//! traffic on each node reaches), or one node in detail (`--from-node`).

use super::styles::{Role, Ui};
use super::table::{cell, new_table, write_table};
use crate::analysis::traffic::{
    NodeTraffic, Outcome, PortOnNode, ProxyEndpoint, TopologyMode, TrafficView,
};
use crate::model::{Service, ServiceType, TrafficPolicy};
use std::io::{self, Write};

/// Endpoints listed per cell before "+N more" (the detail view lists all).
const SHOWN: usize = 4;

/// Writes the TRAFFIC section of `explain`.
pub fn render_traffic_text(
    out: &mut dyn Write,
    svc: &Service,
    view: &TrafficView,
    ui: &Ui,
) -> io::Result<()> {
    let s = &ui.styles;
    writeln!(out)?;
    match &view.focus {
        Some(node) => writeln!(
            out,
            "{}",
            s.paint(Role::Name, format!("TRAFFIC FROM NODE {node}"))
        )?,
        None => writeln!(
            out,
            "{}",
            s.paint(Role::Name, "TRAFFIC (kube-proxy, per node)")
        )?,
    }
    if let Some(why) = &view.not_proxied {
        writeln!(
            out,
            "  {}",
            s.paint(Role::Warn, format!("not proxied: {why}"))
        )?;
        slices_line(out, view)?;
        if view.affinity.client_ip {
            affinity(out, view, ui)?;
        }
        return Ok(());
    }
    if !view.slices_known {
        writeln!(
            out,
            "  {:<20}{}",
            "Slices used:",
            s.paint(Role::Warn, "(unknown: EndpointSlices were not read)")
        )?;
        for n in &view.notes {
            writeln!(out, "  - {n}")?;
        }
        return Ok(());
    }
    slices_line(out, view)?;
    for (k, v) in policy_lines(svc, view) {
        writeln!(out, "  {:<20}{v}", format!("{k}:"))?;
    }
    match view.focus.as_deref().and_then(|n| view.node(n)) {
        Some(node) => {
            super::traffic_detail_text::node_detail(out, svc, view, node, ui)?;
            writeln!(out)?;
        }
        None => node_table(out, view, ui)?,
    }
    affinity(out, view, ui)?;
    for n in &view.notes {
        writeln!(out, "  - {n}")?;
    }
    Ok(())
}

fn slices_line(out: &mut dyn Write, view: &TrafficView) -> io::Result<()> {
    let used: Vec<String> = view
        .slices
        .iter()
        .filter(|s| s.skip.is_none())
        .map(|s| format!("{} ({}, {} endpoints)", s.name, s.address_type, s.endpoints))
        .collect();
    if view.not_proxied.is_none() || !used.is_empty() {
        let line = if used.is_empty() {
            "(none)".to_string()
        } else {
            used.join(", ")
        };
        writeln!(out, "  {:<20}{line}", "Slices used:")?;
    }
    for s in view.slices.iter() {
        if let Some(skip) = &s.skip {
            writeln!(
                out,
                "  {:<20}{} ({})",
                "Slice skipped:",
                s.name,
                skip.describe()
            )?;
        }
    }
    Ok(())
}

fn policy_lines(svc: &Service, view: &TrafficView) -> Vec<(&'static str, String)> {
    let internal = match svc.internal_traffic_policy {
        TrafficPolicy::Local => "internalTrafficPolicy Local: endpoints on the same node only",
        TrafficPolicy::Cluster => {
            "internalTrafficPolicy Cluster: ready endpoints anywhere (narrowed by topology hints when every ready endpoint has one)"
        }
    };
    let mut entry = Vec::new();
    if let Some(p) = svc.ports.iter().find_map(|p| p.node_port) {
        entry.push(format!("node port {p}"));
    }
    let lb: Vec<&str> = svc
        .load_balancer_ingress
        .iter()
        .map(String::as_str)
        .collect();
    if svc.service_type() == ServiceType::LoadBalancer {
        entry.push(if lb.is_empty() {
            "load balancer (no ingress yet)".to_string()
        } else {
            format!("load balancer {}", lb.join(", "))
        });
    }
    if !svc.external_ips.is_empty() {
        entry.push(format!("external IPs {}", svc.external_ips.join(", ")));
    }
    let external = if view.ports.iter().any(|p| p.externally_reachable) {
        let policy = match svc.external_traffic_policy {
            TrafficPolicy::Local => {
                "externalTrafficPolicy Local: endpoints on the receiving node only"
            }
            TrafficPolicy::Cluster => "externalTrafficPolicy Cluster: ready endpoints anywhere",
        };
        format!("{policy} (via {})", entry.join(", "))
    } else {
        "not exposed outside the cluster".to_string()
    };
    let mut lines = vec![
        ("ClusterIP traffic", internal.to_string()),
        ("External traffic", external),
    ];
    if let Some(port) = view.health_check_node_port {
        let port = if port == 0 {
            "not allocated yet".to_string()
        } else {
            format!("node port {port}")
        };
        lines.push((
            "Health check",
            format!("{port}: 200 where a local endpoint is ready, else 503"),
        ));
    }
    lines
}

fn outcome_cell(ui: &Ui, o: Outcome) -> comfy_table::Cell {
    let role = match o {
        Outcome::Routed => Role::Ok,
        Outcome::Dropped | Outcome::Rejected => Role::Error,
        Outcome::Mixed => Role::Warn,
        Outcome::NotApplicable => Role::Muted,
    };
    cell(ui, o.as_str(), role)
}

/// How an endpoint is named in the table: its pod, else `IP:port`.
fn short(e: &ProxyEndpoint) -> String {
    e.pod.clone().unwrap_or_else(|| e.key())
}

fn names(eps: &[&ProxyEndpoint], limit: usize) -> Vec<String> {
    let mut v: Vec<String> = eps.iter().take(limit).map(|e| short(e)).collect();
    if eps.len() > limit {
        v.push(format!("+{} more", eps.len() - limit));
    }
    v
}

/// One cell listing, per port, the endpoints `pick` selects; ports with the same list are shown
/// once. `None` from `pick` means the policy is not used ("-").
fn endpoint_cell(
    view: &TrafficView,
    node: &NodeTraffic,
    pick: impl Fn(&PortOnNode) -> (Option<&Vec<usize>>, Vec<&'static str>),
) -> String {
    let mut per_port: Vec<(String, Vec<String>)> = Vec::new();
    for (p, on) in view.ports.iter().zip(&node.ports) {
        let (set, tags) = pick(on);
        let Some(set) = set else {
            per_port.push((p.label(view.multi_family()), vec!["-".into()]));
            continue;
        };
        let eps: Vec<&ProxyEndpoint> = set.iter().map(|&i| &p.endpoints[i]).collect();
        let mut lines = if eps.is_empty() {
            vec!["(none)".to_string()]
        } else {
            names(&eps, SHOWN)
        };
        lines.extend(tags.iter().map(|t| format!("({t})")));
        per_port.push((p.label(view.multi_family()), lines));
    }
    let all_same = per_port.windows(2).all(|w| w[0].1 == w[1].1);
    if all_same {
        return per_port.first().map(|p| p.1.join("\n")).unwrap_or_default();
    }
    per_port
        .into_iter()
        .map(|(label, lines)| format!("{label}: {}", lines.join("\n  ")))
        .collect::<Vec<_>>()
        .join("\n")
}

fn cluster_tags(on: &PortOnNode) -> Vec<&'static str> {
    let c = &on.categorized;
    let mut tags = Vec::new();
    match c.topology.mode {
        TopologyMode::SameZone => tags.push("same zone"),
        TopologyMode::SameNode => tags.push("same node"),
        TopologyMode::None => {}
    }
    if c.cluster_fallback {
        tags.push("terminating fallback");
    }
    tags
}

fn node_table(out: &mut dyn Write, view: &TrafficView, ui: &Ui) -> io::Result<()> {
    if view.nodes.is_empty() {
        return writeln!(out, "  (no nodes)");
    }
    let health = view.health_check_node_port.is_some();
    let mut headers = vec![
        "NODE",
        "ZONE",
        "READY",
        "CLUSTER ENDPOINTS",
        "LOCAL ENDPOINTS",
        "CLUSTERIP",
        "EXTERNAL",
    ];
    if health {
        headers.push("HEALTH CHECK");
    }
    let mut t = new_table(ui, &headers);
    for n in &view.nodes {
        let cluster = endpoint_cell(view, n, |on| {
            (on.categorized.cluster.as_ref(), cluster_tags(on))
        });
        let local = endpoint_cell(view, n, |on| {
            let tags = if on.categorized.local_fallback {
                vec!["terminating fallback"]
            } else {
                vec![]
            };
            (on.categorized.local.as_ref(), tags)
        });
        let mut row = vec![
            cell(ui, &n.node, Role::Name),
            cell(ui, n.zone.as_deref().unwrap_or("-"), Role::Info),
            ready_cell(ui, n.ready),
            cell(ui, cluster, Role::Info),
            cell(ui, local, Role::Info),
            outcome_cell(ui, n.internal),
            outcome_cell(ui, n.external),
        ];
        if let Some(h) = n.health_check {
            row.push(if h.passing() {
                cell(ui, format!("200 ({} ready)", h.local_ready), Role::Ok)
            } else {
                cell(ui, "503 failing", Role::Error)
            });
        } else if health {
            row.push(cell(ui, "-", Role::Muted));
        }
        t.add_row(row);
    }
    write_table(out, &t)
}

fn ready_cell(ui: &Ui, ready: Option<bool>) -> comfy_table::Cell {
    match ready {
        Some(true) => cell(ui, "True", Role::Ok),
        Some(false) => cell(ui, "False", Role::Warn),
        None => cell(ui, "unknown", Role::Muted),
    }
}

fn affinity(out: &mut dyn Write, view: &TrafficView, ui: &Ui) -> io::Result<()> {
    let a = &view.affinity;
    let head = match a.timeout_seconds {
        Some(t) if a.client_ip => format!("ClientIP (timeout {t}s)"),
        _ => "None".to_string(),
    };
    writeln!(
        out,
        "  {:<20}{}",
        "Session affinity:",
        ui.styles.paint(Role::Info, head)
    )?;
    for i in &a.implications {
        writeln!(out, "    {i}")?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::test_slices::{mk_ep, mk_slice};
    use crate::analysis::traffic::traffic;
    use crate::model::{Cluster, ControllerRules, Protocol, TargetPort};
    use crate::testing::{mk_node, mk_service, mk_svc_port};

    fn render(svc: &Service, cluster: &Cluster, focus: Option<&str>) -> String {
        let mut view = traffic(cluster, svc, &ControllerRules::default());
        view.focus = focus.map(str::to_string);
        let mut out = Vec::new();
        render_traffic_text(&mut out, svc, &view, &Ui::default()).unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn ports_with_different_endpoints_are_listed_per_port() {
        let mut svc = mk_service("web", &[]);
        svc.ports.push(mk_svc_port(
            "metrics",
            9090,
            TargetPort::Name("metrics".into()),
            Protocol::Tcp,
        ));
        let both = mk_slice(
            "web-a",
            "web",
            &[("http", 8080), ("metrics", 9090)],
            vec![mk_ep("10.0.0.1", "web-1", "n1", "a")],
        );
        let http_only = mk_slice(
            "web-b",
            "web",
            &[("http", 8080)],
            vec![mk_ep("10.0.0.2", "web-2", "n1", "a")],
        );
        let cluster = Cluster {
            services: vec![svc.clone()],
            endpoint_slices: vec![both, http_only],
            nodes: vec![mk_node("n1", "a")],
            nodes_known: true,
            ..Cluster::default()
        };
        let text = render(&svc, &cluster, None);
        let cells: Vec<&str> = text.lines().map(str::trim).collect();
        assert!(
            cells
                .iter()
                .any(|l| l.contains("n1    a     True   http 80/TCP: web-1"))
                && cells.contains(&"web-2")
                && cells.contains(&"metrics 9090/TCP: web-1"),
            "{text}"
        );
        let detail = render(&svc, &cluster, Some("n1"));
        assert!(detail.contains("Port http 80/TCP\n"), "{detail}");
        assert!(detail.contains("Port metrics 9090/TCP\n"), "{detail}");
    }
}
