//! `--from-node`: one node's view of the Service in detail, every endpoint with its state,
//! hints, and whether this node's kube-proxy uses it for the Cluster and the Local policy.

use super::styles::{Role, Ui};
use super::table::{cell, new_table, write_table};
use crate::analysis::traffic::{
    NodeTraffic, Outcome, PortOnNode, PortTraffic, ProxyEndpoint, TrafficView,
};
use crate::model::{Service, TrafficPolicy};
use std::io::{self, Write};

/// Writes the node's detail: health check, then per port the outcomes, the topology decision
/// and the endpoint table.
pub(crate) fn node_detail(
    out: &mut dyn Write,
    svc: &Service,
    view: &TrafficView,
    n: &NodeTraffic,
    ui: &Ui,
) -> io::Result<()> {
    let s = &ui.styles;
    let ready = match n.ready {
        Some(true) => "Ready",
        Some(false) => "NotReady",
        None => "readiness unknown",
    };
    writeln!(
        out,
        "  {:<20}{} (zone {}, {ready})",
        "Node:",
        s.paint(Role::Name, &n.node),
        n.zone.as_deref().unwrap_or("none")
    )?;
    if let Some(h) = n.health_check {
        let text = if h.passing() {
            s.paint(
                Role::Ok,
                format!("200 ({} ready local endpoint IPs)", h.local_ready),
            )
        } else {
            s.paint(
                Role::Error,
                "503: no ready local endpoint; the load balancer should skip this node",
            )
        };
        writeln!(out, "  {:<20}{text}", "Health check:")?;
    }
    for (p, on) in view.ports.iter().zip(&n.ports) {
        writeln!(out)?;
        writeln!(
            out,
            "  {}",
            s.paint(Role::Name, format!("Port {}", p.label(view.multi_family())))
        )?;
        let internal = sentence(
            on.internal,
            svc.internal_traffic_policy,
            on,
            "internalTrafficPolicy",
            ui,
        );
        let external = sentence(
            on.external,
            svc.external_traffic_policy,
            on,
            "externalTrafficPolicy",
            ui,
        );
        writeln!(out, "    ClusterIP: {internal}")?;
        writeln!(out, "    External:  {external}")?;
        if p.uses_cluster {
            writeln!(
                out,
                "    Topology:  {} ({})",
                on.categorized.topology.mode, on.categorized.topology.reason
            )?;
        }
        endpoint_table(out, p, on, &n.node, ui)?;
    }
    Ok(())
}

fn count(set: Option<&Vec<usize>>) -> usize {
    set.map_or(0, Vec::len)
}

/// The set a traffic policy sends to: the local endpoints under Local, else the cluster ones.
fn policy_set(policy: TrafficPolicy, on: &PortOnNode) -> (Option<&Vec<usize>>, &'static str) {
    match policy {
        TrafficPolicy::Local => (on.categorized.local.as_ref(), "local"),
        TrafficPolicy::Cluster => (on.categorized.cluster.as_ref(), "cluster"),
    }
}

fn sentence(o: Outcome, policy: TrafficPolicy, on: &PortOnNode, name: &str, ui: &Ui) -> String {
    let (set, which) = policy_set(policy, on);
    outcome_sentence(o, count(set), which, name, ui)
}

fn outcome_sentence(o: Outcome, n: usize, which: &str, policy: &str, ui: &Ui) -> String {
    let s = &ui.styles;
    match o {
        Outcome::Routed => s.paint(Role::Ok, format!("routed to {n} {which} endpoint(s)")),
        Outcome::Dropped => s.paint(
            Role::Error,
            format!("DROPPED: {policy} Local and no endpoint on this node"),
        ),
        Outcome::Rejected => s.paint(
            Role::Error,
            "REJECTED: no ready or serving-terminating endpoint anywhere",
        ),
        Outcome::NotApplicable => s.paint(
            Role::Muted,
            "not applicable (no node port, load-balancer IP or external IP)",
        ),
        Outcome::Mixed => s.paint(Role::Warn, "mixed"),
    }
}

fn membership(set: Option<&Vec<usize>>, i: usize, fallback: bool) -> &'static str {
    match set {
        None => "-",
        Some(s) if s.contains(&i) && fallback => "fallback",
        Some(s) if s.contains(&i) => "yes",
        Some(_) => "no",
    }
}

fn endpoint_table(
    out: &mut dyn Write,
    p: &PortTraffic,
    on: &PortOnNode,
    node: &str,
    ui: &Ui,
) -> io::Result<()> {
    if p.endpoints.is_empty() {
        return writeln!(out, "    (no endpoints)");
    }
    let mut t = new_table(
        ui,
        &[
            "ENDPOINT", "POD", "NODE", "ZONE", "STATE", "HINTS", "CLUSTER", "LOCAL",
        ],
    );
    let c = &on.categorized;
    for (i, e) in p.endpoints.iter().enumerate() {
        let mut hints: Vec<String> = e.zone_hints.iter().map(|z| format!("zone={z}")).collect();
        hints.extend(e.node_hints.iter().map(|n| format!("node={n}")));
        let node_name = e.node_name.as_deref().unwrap_or("-");
        let in_cluster = membership(c.cluster.as_ref(), i, c.cluster_fallback);
        let in_local = membership(c.local.as_ref(), i, c.local_fallback);
        let role = |m: &str| match m {
            "yes" | "fallback" => Role::Ok,
            _ => Role::Muted,
        };
        let (state, state_role) = state(e);
        t.add_row(vec![
            cell(ui, e.key(), Role::Info),
            cell(ui, e.pod.as_deref().unwrap_or("-"), Role::Name),
            cell(
                ui,
                node_name,
                if node_name == node {
                    Role::Ok
                } else {
                    Role::Info
                },
            ),
            cell(ui, e.zone.as_deref().unwrap_or("-"), Role::Info),
            cell(ui, state, state_role),
            cell(
                ui,
                if hints.is_empty() {
                    "-".into()
                } else {
                    hints.join(",")
                },
                Role::Info,
            ),
            cell(ui, in_cluster, role(in_cluster)),
            cell(ui, in_local, role(in_local)),
        ]);
    }
    write_table(out, &t)
}

/// An endpoint's conditions as kube-proxy reads them, in words.
fn state(e: &ProxyEndpoint) -> (&'static str, Role) {
    match (e.ready, e.serving, e.terminating) {
        (true, _, _) => ("ready", Role::Ok),
        (false, true, true) => ("serving, terminating", Role::Warn),
        (false, false, true) => ("terminating", Role::Error),
        (false, _, false) => ("not ready", Role::Error),
    }
}
