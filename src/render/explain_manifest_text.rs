//! The sections `explain` shows for a Service judged as a manifest: ports per pod template, the
//! would-be pods, who routes to it, and what stays unknown until it is applied.

use super::styles::{Role, Ui};
use super::table::{cell, new_table, write_table};
use crate::analysis::ManifestView;
use std::io::{self, Write};

/// PORTS: one row per Service port and selected template.
/// `no_selector`: the Service has none, so no template is ever selected.
pub(super) fn ports(
    out: &mut dyn Write,
    view: &ManifestView,
    no_selector: bool,
    ui: &Ui,
) -> io::Result<()> {
    if view.ports.is_empty() {
        return writeln!(out, "  (no ports)");
    }
    let mut t = new_table(
        ui,
        &[
            "NAME",
            "PROTOCOL",
            "PORT",
            "TARGET PORT",
            "WORKLOAD",
            "CONTAINER",
            "RESOLVES TO",
            "NODE PORT",
        ],
    );
    for row in &view.ports {
        let resolves = match row.target_port_number {
            Some(n) => cell(ui, n, Role::Ok),
            None if row.workload.is_none() && no_selector => cell(ui, "(no selector)", Role::Muted),
            None if row.workload.is_none() => cell(ui, "(no template)", Role::Muted),
            None => cell(ui, "unresolved", Role::Error),
        };
        t.add_row(vec![
            cell(
                ui,
                if row.port.name.is_empty() {
                    "-"
                } else {
                    &row.port.name
                },
                Role::Name,
            ),
            cell(ui, row.port.protocol.as_str(), Role::Info),
            cell(ui, row.port.port, Role::Info),
            cell(ui, &row.port.target_port, Role::Info),
            cell(ui, row.workload.as_deref().unwrap_or("-"), Role::Name),
            cell(ui, row.container.as_deref().unwrap_or("-"), Role::Info),
            resolves,
            cell(
                ui,
                row.port
                    .node_port
                    .map_or("-".to_string(), |n| n.to_string()),
                Role::Info,
            ),
        ]);
    }
    write_table(out, &t)?;
    for row in &view.ports {
        if let (Some(note), Some(w)) = (&row.note, &row.workload) {
            let label = if row.target_port_number.is_none() {
                ui.styles.paint(Role::Warn, "unresolved")
            } else {
                "note".to_string()
            };
            writeln!(out, "  {label} port {} on {w}: {note}", row.port.port)?;
        }
    }
    Ok(())
}

/// WOULD-BE PODS: the workloads whose template the selector matches.
pub(super) fn workloads(out: &mut dyn Write, view: &ManifestView, ui: &Ui) -> io::Result<()> {
    if view.workloads.is_empty() {
        return writeln!(
            out,
            "  no pod template in the input matches the selector (the workload may be in another file)"
        );
    }
    let mut t = new_table(ui, &["KIND", "NAME", "PODS", "MADE BY"]);
    for w in &view.workloads {
        t.add_row(vec![
            cell(ui, &w.kind, Role::Info),
            cell(ui, &w.name, Role::Name),
            cell(ui, &w.pods, Role::Info),
            cell(ui, w.made_by.as_deref().unwrap_or("-"), Role::Info),
        ]);
    }
    write_table(out, &t)
}

/// ROUTED FROM: Ingresses and routes naming the Service.
pub(super) fn routed_from(out: &mut dyn Write, view: &ManifestView, ui: &Ui) -> io::Result<()> {
    if view.routed_from.is_empty() {
        return writeln!(out, "  no Ingress or route in the input sends traffic here");
    }
    let mut t = new_table(ui, &["KIND", "NAME", "SERVICE PORT"]);
    for r in &view.routed_from {
        let port = if r.port_exists {
            cell(ui, &r.port, Role::Info)
        } else {
            cell(ui, format!("{} (no such port)", r.port), Role::Error)
        };
        t.add_row(vec![
            cell(ui, &r.kind, Role::Info),
            cell(ui, format!("{}/{}", r.namespace, r.name), Role::Name),
            port,
        ]);
    }
    write_table(out, &t)
}

/// UNKNOWN UNTIL APPLIED.
pub(super) fn unknown(out: &mut dyn Write, view: &ManifestView) -> io::Result<()> {
    for u in &view.unknown {
        writeln!(out, "  - {u}")?;
    }
    Ok(())
}
