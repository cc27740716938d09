//! The human view of `simulate`: a header, then per sync a plan line, a slice table and totals.

use super::styles::{Role, Ui};
use super::table::{cell, new_table, write_table};
use super::wire::hint_mode_str;
use crate::model::EndpointPort;
use crate::simulate::SliceActions;
use crate::simulate::{ControllerKind, Simulation, SliceAction, SliceOutcome, StepOutcome};
use std::io::{self, Write};

/// Above this many slices in one sync, the table is shortened: unchanged slices are counted,
/// and at most `PER_ACTION` rows of each other action are listed.
const MAX_ROWS: usize = 40;
const PER_ACTION: usize = 10;
/// Cells of the fill bar.
const BAR: usize = 10;

/// Writes the simulation as text.
pub fn render_simulation_text(out: &mut dyn Write, sim: &Simulation, ui: &Ui) -> io::Result<()> {
    let s = &ui.styles;
    let what = if sim.synthetic {
        "a made-up Service"
    } else {
        "Service"
    };
    writeln!(
        out,
        "{} {}/{}  ({what})",
        s.paint(Role::Name, "Simulation"),
        sim.namespace,
        s.paint(Role::Name, &sim.name)
    )?;
    let controller = sim
        .steps
        .first()
        .and_then(|st| st.controller)
        .map_or("none", controller_name);
    for (k, v) in [
        ("Controller", controller.to_string()),
        (
            "Rules",
            format!(
                "Kubernetes {} ({})",
                sim.rules.version, sim.rules_source_text
            ),
        ),
        (
            "Max endpoints/slice",
            sim.max_endpoints_per_slice.to_string(),
        ),
        ("Hints", hint_mode_str(sim.hint_mode).to_string()),
    ] {
        writeln!(out, "  {:<22}{v}", format!("{k}:"))?;
    }
    for (i, st) in sim.steps.iter().enumerate() {
        step(out, i + 1, st, sim.max_endpoints_per_slice, ui)?;
    }
    if !sim.notes.is_empty() {
        writeln!(out)?;
        writeln!(out, "{}", s.paint(Role::Name, "NOTES"))?;
        for n in &sim.notes {
            writeln!(out, "  - {n}")?;
        }
    }
    Ok(())
}

fn controller_name(c: ControllerKind) -> &'static str {
    match c {
        ControllerKind::EndpointSlice => "EndpointSlice controller",
        ControllerKind::Mirroring => "EndpointSliceMirroring controller",
        ControllerKind::None => "none",
    }
}

fn step(out: &mut dyn Write, n: usize, st: &StepOutcome, m: usize, ui: &Ui) -> io::Result<()> {
    let s = &ui.styles;
    writeln!(out)?;
    writeln!(
        out,
        "{}",
        s.paint(Role::Name, format!("STEP {n}: {}", st.label))
    )?;
    let plan = if st.is_empty() {
        s.paint(Role::Ok, "no changes (the slices are up to date)")
    } else {
        format!(
            "{} create, {} update, {} delete",
            st.creates(),
            st.updates(),
            st.deletes()
        )
    };
    writeln!(out, "  plan:       {plan}")?;
    let t = &st.totals;
    writeln!(
        out,
        "  endpoints:  {} after ({} added, {} removed, {} moved, {} changed)",
        t.desired, t.added, t.removed, t.moved, t.changed
    )?;
    writeln!(out, "  result:     {}", layout(st))?;
    if let Some(e) = &st.endpoints {
        let mut line = format!("{} ready, {} not ready", e.addresses, e.not_ready_addresses);
        if e.over_capacity {
            line.push_str(&format!(
                "; over capacity: truncated from {} (annotation endpoints.kubernetes.io/over-capacity: truncated)",
                e.addresses_before_truncation + e.not_ready_before_truncation
            ));
        }
        match e.up_to_date {
            Some(true) => line.push_str("; stored object up to date"),
            Some(false) => line.push_str("; stored object differs"),
            None => {}
        }
        writeln!(out, "  Endpoints:  {line}")?;
    }
    if !st.slices.is_empty() {
        table(out, st, m, ui)?;
    }
    for e in &st.events {
        let role = if e.type_ == "Warning" {
            Role::Warn
        } else {
            Role::Info
        };
        writeln!(
            out,
            "  event: {} {}: {}",
            s.paint(role, e.type_),
            e.reason,
            e.message
        )?;
    }
    for note in &st.notes {
        writeln!(out, "  note: {note}")?;
    }
    Ok(())
}

/// `3 slices: 100×2, 50` (sizes after the sync, run-length encoded).
fn layout(st: &StepOutcome) -> String {
    let sizes = st.sizes();
    let mut runs: Vec<(usize, usize)> = Vec::new();
    for &sz in &sizes {
        match runs.last_mut() {
            Some((v, n)) if *v == sz => *n += 1,
            _ => runs.push((sz, 1)),
        }
    }
    let text: Vec<String> = runs
        .iter()
        .map(|&(v, n)| {
            if n == 1 {
                v.to_string()
            } else {
                format!("{v}×{n}")
            }
        })
        .collect();
    let word = if sizes.len() == 1 { "slice" } else { "slices" };
    if sizes.is_empty() {
        "no slices".into()
    } else {
        format!("{} {word}: {}", sizes.len(), text.join(", "))
    }
}

fn table(out: &mut dyn Write, st: &StepOutcome, m: usize, ui: &Ui) -> io::Result<()> {
    let mut t = new_table(
        ui,
        &[
            "SLICE",
            "TYPE",
            "PORTS",
            "ENDPOINTS",
            "READY",
            "SERVING",
            "TERMINATING",
            "CHANGE",
            "ACTION",
        ],
    );
    // Long tables keep the first rows of each action and count the rest.
    let collapse = st.slices.len() > MAX_ROWS;
    let mut shown = [0usize; 4];
    let mut hidden = [(0usize, 0usize); 4];
    let mut listed: Vec<&SliceOutcome> = Vec::new();
    for r in &st.slices {
        let k = r.action as usize;
        let limit = if r.action == SliceAction::Unchanged {
            0
        } else {
            PER_ACTION
        };
        if collapse && shown[k] >= limit {
            hidden[k].0 += 1;
            hidden[k].1 += r.endpoints.max(r.diff.removed);
            continue;
        }
        shown[k] += 1;
        listed.push(r);
        t.add_row(vec![
            cell(
                ui,
                r.name.as_deref().unwrap_or("(new)"),
                if r.name.is_some() {
                    Role::Name
                } else {
                    Role::Ok
                },
            ),
            cell(ui, r.address_type.as_str(), Role::Info),
            cell(ui, ports(&r.ports), Role::Info),
            cell(
                ui,
                format!("{:>4} {}", r.endpoints, bar(r.endpoints, m)),
                Role::Info,
            ),
            cell(ui, r.ready, Role::Info),
            cell(ui, r.serving, Role::Info),
            cell(ui, r.terminating, Role::Info),
            cell(ui, change(r), Role::Info),
            action(ui, r),
        ]);
    }
    write_table(out, &t)?;
    for r in listed {
        named(out, r)?;
    }
    for (action, (n, eps)) in [
        SliceAction::Create,
        SliceAction::Update,
        SliceAction::Delete,
        SliceAction::Unchanged,
    ]
    .into_iter()
    .map(|a| (a, hidden[a as usize]))
    {
        if n > 0 {
            writeln!(
                out,
                "… {n} more {} slices ({eps} endpoints) not listed; -o json lists every slice",
                action.as_str()
            )?;
        }
    }
    Ok(())
}

/// Which endpoints an existing slice gains, loses and sees changed.
fn named(out: &mut dyn Write, r: &SliceOutcome) -> io::Result<()> {
    let (Some(name), c) = (&r.name, &r.named) else {
        return Ok(());
    };
    if c.added.is_empty() && c.removed.is_empty() && c.changed.is_empty() {
        return Ok(());
    }
    writeln!(out, "  {name}:")?;
    for (mark, names, total) in [
        ('+', &c.added, r.diff.added),
        ('-', &c.removed, r.diff.removed),
        ('~', &c.changed, r.diff.changed),
    ] {
        if names.is_empty() {
            continue;
        }
        let more = total.saturating_sub(names.len());
        let tail = if more > 0 {
            format!(" … and {more} more")
        } else {
            String::new()
        };
        writeln!(out, "    {mark} {}{tail}", names.join(", "))?;
    }
    Ok(())
}

fn action(ui: &Ui, r: &SliceOutcome) -> comfy_table::Cell {
    let role = match r.action {
        SliceAction::Create => Role::Ok,
        SliceAction::Update => Role::Warn,
        SliceAction::Delete => Role::Error,
        SliceAction::Unchanged => Role::Muted,
    };
    let text = if r.details.is_empty() {
        r.action.as_str().to_string()
    } else {
        format!("{} ({})", r.action.as_str(), r.details.join(", "))
    };
    cell(ui, text, role)
}

fn change(r: &SliceOutcome) -> String {
    let d = r.diff;
    let mut parts = Vec::new();
    if d.added > 0 {
        parts.push(format!("+{}", d.added));
    }
    if d.removed > 0 {
        parts.push(format!("-{}", d.removed));
    }
    if d.changed > 0 {
        parts.push(format!("~{}", d.changed));
    }
    if parts.is_empty() {
        "-".into()
    } else {
        parts.join(" ")
    }
}

/// `██████░░░░`: how full the slice is against `M`; a slice over `M` gets a `+`.
fn bar(n: usize, m: usize) -> String {
    let filled = if n == 0 {
        0
    } else {
        ((n * BAR).div_ceil(m.max(1))).clamp(1, BAR)
    };
    let mut s = "█".repeat(filled) + &"░".repeat(BAR - filled);
    if n > m {
        s.push('+');
    }
    s
}

fn ports(ps: &[EndpointPort]) -> String {
    if ps.is_empty() {
        return "(none)".into();
    }
    ps.iter()
        .map(|p| {
            let num = p.port.map_or_else(|| "?".into(), |n| n.to_string());
            match p.name.as_deref() {
                Some(n) if !n.is_empty() => format!("{n}:{num}/{}", p.protocol.as_str()),
                _ => format!("{num}/{}", p.protocol.as_str()),
            }
        })
        .collect::<Vec<_>>()
        .join(",")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bar_fills_in_tenths_and_marks_overfull() {
        assert_eq!(bar(0, 100), "░".repeat(10));
        assert_eq!(bar(1, 100), format!("█{}", "░".repeat(9)));
        assert_eq!(bar(50, 100), format!("{}{}", "█".repeat(5), "░".repeat(5)));
        assert_eq!(bar(100, 100), "█".repeat(10));
        assert_eq!(bar(120, 100), format!("{}+", "█".repeat(10)));
    }
}
