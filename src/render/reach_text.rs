//! `reach` as text: the shared hops, then each backend's hops, then the verdict.

use super::styles::{Role, Ui};
use crate::analysis::reach::{Hop, HopStatus, Overall, Reach};
use std::io::{self, Write};

/// Writes the hop chain.
pub fn render_reach_text(out: &mut dyn Write, r: &Reach, ui: &Ui) -> io::Result<()> {
    let s = &ui.styles;
    writeln!(
        out,
        "{} {} -> {}",
        s.paint(Role::Name, "From"),
        r.client,
        r.to
    )?;
    if let (Some(svc), Some(port)) = (&r.service, &r.port) {
        writeln!(
            out,
            "{} {}/{} port {port}",
            s.paint(Role::Name, "Service"),
            svc.namespace.as_deref().unwrap_or_default(),
            svc.name
        )?;
    }
    writeln!(out)?;
    for h in &r.hops {
        hop_line(out, h, "", ui)?;
    }
    if !r.backends.is_empty() {
        writeln!(out)?;
        writeln!(
            out,
            "{}",
            s.paint(Role::Name, format!("Backends ({})", r.backends.len()))
        )?;
        for b in &r.backends {
            let verdict = match b.status() {
                HopStatus::Ok => s.paint(Role::Ok, "reachable"),
                HopStatus::Blocked => s.paint(Role::Error, "blocked"),
                HopStatus::Unknown => s.paint(Role::Warn, "unknown"),
            };
            let node = b
                .node
                .as_deref()
                .map(|n| format!(" on {n}"))
                .unwrap_or_default();
            writeln!(
                out,
                "  {} {}{node}: {verdict}",
                s.paint(Role::Name, &b.name),
                b.address
            )?;
            for h in &b.hops {
                hop_line(out, h, "    ", ui)?;
            }
        }
    }
    for n in &r.notes {
        writeln!(out, "{}", s.paint(Role::Muted, format!("note: {n}")))?;
    }
    writeln!(out)?;
    let role = match r.overall {
        Overall::Reachable => Role::Ok,
        Overall::SomeBackendsBlocked | Overall::Unknown => Role::Warn,
        Overall::Blocked => Role::Error,
    };
    writeln!(
        out,
        "{} {}",
        s.paint(Role::Name, "Verdict:"),
        s.paint(role, &r.summary)
    )
}

fn hop_line(out: &mut dyn Write, h: &Hop, indent: &str, ui: &Ui) -> io::Result<()> {
    let s = &ui.styles;
    let status = match h.status {
        HopStatus::Ok => s.paint(Role::Ok, format!("{:<7}", "ok")),
        HopStatus::Blocked => s.paint(Role::Error, format!("{:<7}", "blocked")),
        HopStatus::Unknown => s.paint(Role::Warn, format!("{:<7}", "unknown")),
    };
    let object = match &h.object {
        Some(o) if h.status != HopStatus::Ok => format!(
            " [{} {}{}]",
            o.kind,
            o.namespace
                .as_deref()
                .map(|n| format!("{n}/"))
                .unwrap_or_default(),
            o.name
        ),
        _ => String::new(),
    };
    writeln!(
        out,
        "{indent}{} {:<13} {status} {}{}",
        h.kind.number(),
        h.kind.as_str(),
        h.message,
        s.paint(Role::Muted, object)
    )
}
