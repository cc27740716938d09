//! `graph` on a terminal: the traffic path as a compact tree, Service ▸ port ▸ slice ▸ pod ▸
//! node, with routers above and pods that are in no slice below.

use super::graph_dot::zone_title;
use super::styles::{Role, Ui};
use crate::analysis::{Edge, Graph, Health, Vertex, VertexKind};
use std::io::{self, Write};

/// Writes each graph's Services as trees.
pub fn write_graph_text(out: &mut dyn Write, graphs: &[Graph], ui: &Ui) -> io::Result<()> {
    let mut first = true;
    for g in graphs {
        for svc in g.vertices.iter().filter(|v| v.kind == VertexKind::Service) {
            if !first {
                writeln!(out)?;
            }
            first = false;
            service(out, g, svc, ui)?;
        }
    }
    Ok(())
}

fn role(h: Health) -> Role {
    match h {
        Health::Ok => Role::Ok,
        Health::Degraded => Role::Warn,
        Health::Broken => Role::Error,
    }
}

fn service(out: &mut dyn Write, g: &Graph, svc: &Vertex, ui: &Ui) -> io::Result<()> {
    let s = &ui.styles;
    writeln!(
        out,
        "{} {}  {}",
        s.paint(role(svc.health), svc.health.icon()),
        s.paint(Role::Name, &svc.title),
        s.paint(
            Role::Muted,
            svc.lines
                .iter()
                .take(2)
                .cloned()
                .collect::<Vec<_>>()
                .join("  ")
        )
    )?;
    for e in g.edges.iter().filter(|e| e.to == svc.id) {
        if let Some(r) = g.vertex(&e.from) {
            let label = if e.blocked.is_some() {
                ""
            } else {
                e.label.as_str()
            };
            writeln!(out, "  ◂ {}  {label}{}", r.title, blocked(e, ui))?;
        }
    }
    let from_svc: Vec<&Edge> = g.edges.iter().filter(|e| e.from == svc.id).collect();
    let slices: Vec<&Edge> = from_svc
        .iter()
        .copied()
        .filter(|e| g.vertex(&e.to).is_some_and(|v| v.kind == VertexKind::Slice))
        .collect();
    let ports: Vec<(usize, &str)> = g
        .ports
        .iter()
        .enumerate()
        .filter(|(_, p)| p.service == svc.id)
        .map(|(i, p)| (i, p.label.as_str()))
        .collect();
    let port_groups: Vec<(Option<usize>, String)> = if ports.is_empty() {
        vec![(None, "no ports".to_string())]
    } else {
        ports
            .iter()
            .map(|(i, l)| (Some(*i), format!("port {l}")))
            .collect()
    };
    for (port, title) in &port_groups {
        writeln!(out, "  ▸ {}", s.paint(Role::Name, title))?;
        if slices.is_empty() {
            writeln!(out, "    {}", s.paint(Role::Muted, "(no EndpointSlices)"))?;
        }
        for se in &slices {
            let slice = g.vertex(&se.to).expect("filtered above");
            writeln!(
                out,
                "    ▸ {} {}  {}{}",
                s.paint(role(slice.health), slice.health.icon()),
                slice.title,
                s.paint(Role::Muted, slice.lines.join("  ")),
                blocked(se, ui)
            )?;
            for e in g
                .edges
                .iter()
                .filter(|e| e.from == slice.id && (e.port.is_none() || e.port == *port))
            {
                if let Some(v) = g.vertex(&e.to) {
                    endpoint(out, g, v, e, "      ", ui)?;
                }
            }
        }
    }
    let other: Vec<&Edge> = from_svc
        .iter()
        .copied()
        .filter(|e| g.vertex(&e.to).is_some_and(|v| v.kind != VertexKind::Slice))
        .collect();
    if !other.is_empty() {
        writeln!(
            out,
            "  ▸ {}",
            s.paint(Role::Name, "not through an EndpointSlice")
        )?;
        for e in other {
            if let Some(v) = g.vertex(&e.to) {
                endpoint(out, g, v, e, "    ", ui)?;
            }
        }
    }
    Ok(())
}

/// `▸ ✓ Pod web-1  10.0.0.1  ✓ ready  port 80 → 8080  ▸ Node node-1 (zone a)`.
fn endpoint(
    out: &mut dyn Write,
    g: &Graph,
    v: &Vertex,
    e: &Edge,
    indent: &str,
    ui: &Ui,
) -> io::Result<()> {
    let s = &ui.styles;
    let mut line = format!(
        "{indent}▸ {} {}",
        s.paint(role(v.health), v.health.icon()),
        v.title
    );
    if !v.lines.is_empty() {
        line.push_str(&format!("  {}", v.lines.join("  ")));
    }
    if !e.label.is_empty() && e.blocked.is_none() {
        line.push_str(&format!("  {}", s.paint(Role::Muted, &e.label)));
    }
    line.push_str(&blocked(e, ui));
    for p in &v.policies {
        line.push_str(&format!("  ⛨ {p}"));
    }
    for ne in g.edges.iter().filter(|n| n.from == v.id) {
        if let Some(n) = g.vertex(&ne.to).filter(|n| n.kind == VertexKind::Node) {
            line.push_str(&format!(
                "  ▸ {} ({})",
                n.title,
                zone_title(n.zone.as_deref())
            ));
            if n.health != Health::Ok {
                line.push_str(&format!(" {}", s.paint(role(n.health), n.lines.join(" "))));
            }
        }
    }
    writeln!(out, "{line}")
}

fn blocked(e: &Edge, ui: &Ui) -> String {
    match e.blocked {
        Some(code) => format!(
            "  {}",
            ui.styles.paint(
                Role::Error,
                if e.label.is_empty() {
                    format!("✗ [{code}]")
                } else {
                    format!("✗ {} [{code}]", e.label)
                }
            )
        ),
        None => String::new(),
    }
}
