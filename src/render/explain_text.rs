//! The human view of `explain`: a header of Service facts, then tables.

use super::styles::{Role, Ui};
use super::table::{cell, new_table, write_table};
use crate::analysis::{Explanation, PortRow};
use crate::model::{EndpointSlice, Endpoints, Service, ServiceType, SessionAffinity};
use std::io::{self, Write};

/// Writes the explanation as text.
pub fn render_explanation_text(out: &mut dyn Write, ex: &Explanation, ui: &Ui) -> io::Result<()> {
    let s = &ui.styles;
    let svc = &ex.service;
    let kind = if svc.is_headless() {
        format!("{} (headless)", svc.service_type())
    } else {
        svc.service_type().to_string()
    };
    writeln!(
        out,
        "{} {}/{}  {}",
        s.paint(Role::Name, "Service"),
        svc.namespace,
        s.paint(Role::Name, &svc.name),
        kind
    )?;
    for (k, v) in facts(ex) {
        writeln!(out, "  {:<22}{v}", format!("{k}:"))?;
    }
    if let Some(view) = &ex.manifest {
        use super::explain_manifest_text as m;
        if svc.service_type() != ServiceType::ExternalName {
            section(out, ui, "PORTS")?;
            m::ports(out, view, svc.selector.is_none(), ui)?;
            if svc.selector.is_some() {
                section(out, ui, "WOULD-BE PODS (pod templates)")?;
                m::workloads(out, view, ui)?;
            }
            if !ex.endpoint_slices.is_empty() {
                section(out, ui, "ENDPOINTSLICES")?;
                slices(out, &ex.endpoint_slices, ex.endpoint_slices_known, ui)?;
            }
        }
        section(out, ui, "ROUTED FROM")?;
        m::routed_from(out, view, ui)?;
        if !view.unknown.is_empty() {
            section(out, ui, "UNKNOWN UNTIL APPLIED")?;
            m::unknown(out, view)?;
        }
    } else if svc.service_type() != ServiceType::ExternalName {
        section(out, ui, "PORTS")?;
        ports(out, ex, ui)?;
        if svc.selector.is_some() {
            section(out, ui, "PODS")?;
            pods(out, ex, ui)?;
        }
        section(out, ui, "ENDPOINTSLICES")?;
        slices(out, &ex.endpoint_slices, ex.endpoint_slices_known, ui)?;
        section(out, ui, "ENDPOINTS (legacy v1)")?;
        endpoints(out, ex.endpoints.as_ref(), ex.endpoints_known)?;
    }
    if let Some(view) = &ex.traffic {
        super::traffic_text::render_traffic_text(out, svc, view, ui)?;
    }
    section(out, ui, "DNS")?;
    let mut t = new_table(ui, &["NAME", "TYPE", "ANSWERS"]);
    for r in &ex.dns {
        let values = if r.is_nxdomain() {
            "NXDOMAIN (no such name)".to_string()
        } else {
            r.values.join("\n")
        };
        t.add_row(vec![r.name.clone(), r.type_.clone(), values]);
    }
    write_table(out, &t)?;
    let manifest_note = ex
        .manifest
        .as_ref()
        .map(|m| format!("manifest, not applied: {}", m.reason));
    if !ex.notes.is_empty() || manifest_note.is_some() {
        section(out, ui, "NOTES")?;
        for n in manifest_note.iter().chain(&ex.notes) {
            writeln!(out, "  - {n}")?;
        }
    }
    Ok(())
}

fn section(out: &mut dyn Write, ui: &Ui, title: &str) -> io::Result<()> {
    writeln!(out)?;
    writeln!(out, "{}", ui.styles.paint(Role::Name, title))
}

fn facts(ex: &Explanation) -> Vec<(&'static str, String)> {
    let svc = &ex.service;
    let mut f = vec![(
        "Rules",
        format!(
            "Kubernetes {} ({})",
            ex.rules.version,
            ex.rules_source.describe()
        ),
    )];
    if svc.service_type() == ServiceType::ExternalName {
        f.push((
            "External name",
            svc.external_name.clone().unwrap_or_default(),
        ));
        if let Some(sel) = &svc.selector {
            f.push(("Selector", format!("{} (ignored)", selector(sel))));
        }
        return f;
    }
    let ips = if svc.is_headless() {
        "None".to_string()
    } else if svc.cluster_ips.is_empty() && ex.manifest.is_some() {
        "allocated when applied".to_string()
    } else {
        svc.cluster_ips.join(", ")
    };
    let fams: Vec<&str> = svc.ip_families.iter().map(|f| f.as_str()).collect();
    let policy = svc
        .ip_family_policy
        .clone()
        .unwrap_or_else(|| "SingleStack".into());
    f.push((
        "Cluster IPs",
        format!("{ips} ({}; {policy})", fams.join(", ")),
    ));
    f.push((
        "Selector",
        svc.selector
            .as_ref()
            .map_or_else(|| "(none)".to_string(), selector),
    ));
    f.push((
        "Session affinity",
        match svc.session_affinity {
            SessionAffinity::None => "None".to_string(),
            SessionAffinity::ClientIp { timeout_seconds } => {
                format!("ClientIP (timeout {timeout_seconds}s)")
            }
        },
    ));
    f.push(("Traffic policy", traffic(svc)));
    if let Some(td) = &svc.traffic_distribution {
        f.push(("Traffic distribution", td.clone()));
    }
    if let Some(tm) = svc.annotations.get("service.kubernetes.io/topology-mode") {
        f.push(("Topology mode", tm.to_string()));
    }
    if svc.publish_not_ready_addresses {
        f.push((
            "Publish not-ready",
            "true (not-ready pods are published as ready endpoints)".to_string(),
        ));
    }
    if svc.service_type() == ServiceType::LoadBalancer {
        let lb = if svc.load_balancer_ingress.is_empty() && ex.manifest.is_some() {
            "(assigned by the cloud provider when applied)".to_string()
        } else if svc.load_balancer_ingress.is_empty() {
            "pending (no ingress yet)".to_string()
        } else {
            svc.load_balancer_ingress.join(", ")
        };
        f.push(("LoadBalancer", lb));
        if let Some(c) = &svc.load_balancer_class {
            f.push(("LoadBalancer class", c.clone()));
        }
    }
    if !svc.external_ips.is_empty() {
        f.push(("External IPs", svc.external_ips.join(", ")));
    }
    if let Some(p) = svc.health_check_node_port {
        f.push(("Health check node port", p.to_string()));
    }
    f
}

fn traffic(svc: &Service) -> String {
    if svc.is_externally_reachable() {
        format!(
            "external {}, internal {}",
            svc.external_traffic_policy, svc.internal_traffic_policy
        )
    } else {
        format!("internal {}", svc.internal_traffic_policy)
    }
}

fn selector(sel: &crate::model::Labels) -> String {
    if sel.is_empty() {
        return "(empty: selects every pod)".to_string();
    }
    sel.iter()
        .map(|(k, v)| format!("{k}={v}"))
        .collect::<Vec<_>>()
        .join(",")
}

fn ports(out: &mut dyn Write, ex: &Explanation, ui: &Ui) -> io::Result<()> {
    if ex.ports.is_empty() {
        return writeln!(out, "  (no ports)");
    }
    let mut t = new_table(
        ui,
        &[
            "NAME",
            "PROTOCOL",
            "PORT",
            "TARGET PORT",
            "RESOLVES TO",
            "NODE PORT",
        ],
    );
    for row in &ex.ports {
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
            resolution_cell(ui, row, ex.pods.len(), ex.service.selector.is_none()),
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
    for row in &ex.ports {
        for r in row
            .resolutions
            .iter()
            .filter(|r| r.target_port_number.is_none())
        {
            for d in &r.details {
                writeln!(
                    out,
                    "  {} port {}: {d}",
                    ui.styles.paint(Role::Warn, "unresolved"),
                    row.port.port
                )?;
            }
        }
        if !row.undeclared_on.is_empty()
            && row
                .resolutions
                .iter()
                .all(|r| r.target_port_number.is_some())
        {
            writeln!(
                out,
                "  note: port {} -> {} is not declared in containerPorts of {} pod(s); that is fine, traffic still flows",
                row.port.port,
                row.port.target_port,
                row.undeclared_on.len()
            )?;
        }
    }
    Ok(())
}

fn resolution_cell(ui: &Ui, row: &PortRow, total: usize, no_selector: bool) -> comfy_table::Cell {
    if row.resolutions.is_empty() {
        let why = if no_selector {
            "(no selector)"
        } else {
            "(no pods)"
        };
        return cell(ui, why, Role::Muted);
    }
    let single = row.resolutions.len() == 1;
    let parts: Vec<String> = row
        .resolutions
        .iter()
        .map(|r| {
            let n = r.pods.len();
            let target = r
                .target_port_number
                .map_or("unresolved".to_string(), |p| p.to_string());
            if single && n == total {
                format!("{target} (all {n} pods)")
            } else {
                format!("{target} on {} ({n})", names(&r.pods))
            }
        })
        .collect();
    let role = if row
        .resolutions
        .iter()
        .any(|r| r.target_port_number.is_none())
    {
        Role::Error
    } else if single {
        Role::Ok
    } else {
        Role::Warn
    };
    cell(ui, parts.join("\n"), role)
}

fn names(pods: &[String]) -> String {
    const SHOWN: usize = 3;
    if pods.len() <= SHOWN {
        pods.join(", ")
    } else {
        format!("{}, +{} more", pods[..SHOWN].join(", "), pods.len() - SHOWN)
    }
}

fn pods(out: &mut dyn Write, ex: &Explanation, ui: &Ui) -> io::Result<()> {
    if ex.pods.is_empty() && !ex.pods_known {
        return writeln!(
            out,
            "  {}",
            ui.styles
                .paint(Role::Muted, "no Pods in the input (see NOTES)")
        );
    }
    if ex.pods.is_empty() {
        return writeln!(
            out,
            "  {}",
            ui.styles.paint(Role::Error, "no pod matches the selector")
        );
    }
    let mut t = new_table(
        ui,
        &[
            "NAME", "IP", "NODE", "ZONE", "PHASE", "READY", "ENDPOINT", "TRAFFIC", "WHY NOT",
        ],
    );
    for p in &ex.pods {
        let endpoint = match p.conditions {
            Some(c) if p.endpoint => {
                format!("yes ({})", conditions(c.ready, c.serving, c.terminating))
            }
            _ => "no".to_string(),
        };
        let unknown_zone = if p.node_known { "-" } else { "unknown" };
        t.add_row(vec![
            cell(ui, &p.name, Role::Name),
            cell(
                ui,
                if p.ips.is_empty() {
                    "-".to_string()
                } else {
                    p.ips.join(",")
                },
                Role::Info,
            ),
            cell(ui, p.node.as_deref().unwrap_or("-"), Role::Info),
            cell(ui, p.zone.as_deref().unwrap_or(unknown_zone), Role::Info),
            cell(
                ui,
                if p.terminating {
                    format!("{} (terminating)", p.phase)
                } else {
                    p.phase.clone()
                },
                if p.terminating {
                    Role::Warn
                } else {
                    Role::Info
                },
            ),
            cell(
                ui,
                if p.ready { "True" } else { "False" },
                if p.ready { Role::Ok } else { Role::Warn },
            ),
            cell(
                ui,
                endpoint,
                if p.endpoint { Role::Info } else { Role::Error },
            ),
            cell(
                ui,
                if p.receives_traffic { "yes" } else { "no" },
                if p.receives_traffic {
                    Role::Ok
                } else {
                    Role::Warn
                },
            ),
            cell(ui, p.reason.map_or("-", |r| r.as_str()), Role::Warn),
        ]);
    }
    write_table(out, &t)?;
    let receiving = ex.pods.iter().filter(|p| p.receives_traffic).count();
    writeln!(
        out,
        "  {receiving} of {} selected pod(s) receive new traffic",
        ex.pods.len()
    )
}

fn conditions(ready: bool, serving: bool, terminating: bool) -> String {
    let b = |x: bool| if x { "T" } else { "F" };
    format!("R={} S={} T={}", b(ready), b(serving), b(terminating))
}

fn slices(out: &mut dyn Write, slices: &[EndpointSlice], known: bool, ui: &Ui) -> io::Result<()> {
    if slices.is_empty() {
        let what = if known {
            "(none)"
        } else {
            "(unknown: EndpointSlices were not read)"
        };
        return writeln!(out, "  {what}");
    }
    for s in slices {
        let ports: Vec<String> = s
            .ports
            .iter()
            .map(|p| {
                format!(
                    "{}={}/{}",
                    p.name.as_deref().unwrap_or(""),
                    p.port.map_or("?".into(), |n| n.to_string()),
                    p.protocol.as_str()
                )
            })
            .collect();
        let owner = s
            .owner_references
            .iter()
            .find(|o| o.controller)
            .or(s.owner_references.first());
        writeln!(
            out,
            "  {}  {}  ports: {}  endpoints: {}  managed-by: {}  owner: {}",
            ui.styles.paint(Role::Name, &s.name),
            s.address_type.as_ref().map_or("?", |a| a.as_str()),
            if ports.is_empty() {
                "(none)".to_string()
            } else {
                ports.join(",")
            },
            s.endpoints.len(),
            s.managed_by().unwrap_or("(none)"),
            owner.map_or("(none)".to_string(), |o| format!("{}/{}", o.kind, o.name)),
        )?;
        if s.endpoints.is_empty() {
            continue;
        }
        let mut t = new_table(
            ui,
            &[
                "    ADDRESSES",
                "READY",
                "SERVING",
                "TERMINATING",
                "POD",
                "NODE",
                "ZONE",
                "HINTS",
            ],
        );
        for e in &s.endpoints {
            let c = e.conditions;
            let hints = e.hints.as_ref().map_or("-".to_string(), |h| {
                let mut v: Vec<String> = h.for_zones.iter().map(|z| format!("zone={z}")).collect();
                v.extend(h.for_nodes.iter().map(|n| format!("node={n}")));
                v.join(",")
            });
            t.add_row(vec![
                cell(ui, format!("    {}", e.addresses.join(",")), Role::Info),
                cell(
                    ui,
                    c.is_ready(),
                    if c.is_ready() { Role::Ok } else { Role::Warn },
                ),
                cell(ui, c.is_serving(), Role::Info),
                cell(
                    ui,
                    c.is_terminating(),
                    if c.is_terminating() {
                        Role::Warn
                    } else {
                        Role::Info
                    },
                ),
                cell(
                    ui,
                    e.target_ref.as_ref().map_or("-", |r| r.name.as_str()),
                    Role::Info,
                ),
                cell(ui, e.node_name.as_deref().unwrap_or("-"), Role::Info),
                cell(ui, e.zone.as_deref().unwrap_or("-"), Role::Info),
                cell(ui, hints, Role::Info),
            ]);
        }
        write_table(out, &t)?;
    }
    Ok(())
}

fn endpoints(out: &mut dyn Write, e: Option<&Endpoints>, known: bool) -> io::Result<()> {
    let Some(e) = e else {
        return writeln!(
            out,
            "  {}",
            if known {
                "(none)"
            } else {
                "(unknown: not read)"
            }
        );
    };
    let ready: usize = e.subsets.iter().map(|s| s.addresses.len()).sum();
    let not_ready: usize = e.subsets.iter().map(|s| s.not_ready_addresses.len()).sum();
    write!(
        out,
        "  {}: {ready} ready, {not_ready} not ready address(es)",
        e.name
    )?;
    if let Some(v) = e.over_capacity() {
        write!(
            out,
            "; over-capacity: {v} (the legacy Endpoints holds at most 1000 addresses; EndpointSlices are complete)"
        )?;
    }
    writeln!(out)
}
