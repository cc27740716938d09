//! `explain -w` for people: one line per transition, the summary, and the terminal screen (the
//! explain view over the transitions). The CLI owns the terminal; this only writes text.

use super::explain_text::render_explanation_text;
use super::styles::{Role, Ui};
use crate::analysis::Explanation;
use crate::analysis::watch::{Summary, Transition, TransitionKind};
use jiff::Timestamp;
use std::io::{self, Write};

fn clock(t: Timestamp) -> String {
    t.strftime("%H:%M:%S%.3f").to_string()
}

fn cond(v: Option<bool>) -> &'static str {
    match v {
        None => "nil",
        Some(true) => "true",
        Some(false) => "false",
    }
}

fn lag(l: Option<i64>) -> String {
    l.map(|ms| format!(" (lag {ms} ms)")).unwrap_or_default()
}

/// `10:00:01.200  endpoint-condition  web-abc 10.0.0.1 (pod web-1): ready true -> false (lag 300 ms)`.
pub fn transition_line(t: &Transition, ui: &Ui) -> String {
    let s = &ui.styles;
    let role = match &t.kind {
        TransitionKind::OutageStart { .. }
        | TransitionKind::Stale { .. }
        | TransitionKind::ServiceDeleted => Role::Error,
        TransitionKind::PodNotReady { .. }
        | TransitionKind::PodTerminating { .. }
        | TransitionKind::EndpointRemoved { .. } => Role::Warn,
        TransitionKind::OutageEnd { .. }
        | TransitionKind::StaleEnd { .. }
        | TransitionKind::Converged
        | TransitionKind::PodReady { .. } => Role::Ok,
        _ => Role::Info,
    };
    let ep = |e: &crate::analysis::watch::EndpointRef| match &e.pod {
        Some(p) => format!("{} {} (pod {p})", e.slice, e.address),
        None => format!("{} {}", e.slice, e.address),
    };
    let what = match &t.kind {
        TransitionKind::PodAdded { pod, ready } => {
            format!("{pod}{}", if *ready { " (ready)" } else { " (not ready)" })
        }
        TransitionKind::PodDeleted { pod }
        | TransitionKind::PodReady { pod }
        | TransitionKind::PodTerminating { pod } => pod.clone(),
        TransitionKind::PodNotReady {
            pod,
            reason,
            detail,
        } => match detail {
            Some(d) => format!("{pod}: {} ({d})", reason.as_str()),
            None => format!("{pod}: {}", reason.as_str()),
        },
        TransitionKind::EndpointAdded {
            endpoint,
            ready,
            serving,
            terminating,
            lag_ms,
        } => format!(
            "{}: ready={ready} serving={serving} terminating={terminating}{}",
            ep(endpoint),
            lag(*lag_ms)
        ),
        TransitionKind::EndpointRemoved { endpoint, lag_ms } => {
            format!("{}{}", ep(endpoint), lag(*lag_ms))
        }
        TransitionKind::EndpointCondition {
            endpoint,
            condition,
            old,
            new,
            lag_ms,
        } => format!(
            "{}: {} {} -> {}{}",
            ep(endpoint),
            condition.as_str(),
            cond(*old),
            cond(*new),
            lag(*lag_ms)
        ),
        TransitionKind::SliceCreated { slice, endpoints } => {
            format!("{slice} ({endpoints} endpoints)")
        }
        TransitionKind::SliceDeleted { slice } => slice.clone(),
        TransitionKind::ServiceChanged { field } => format!("spec {field}"),
        TransitionKind::ServiceDeleted => "the Service was deleted".into(),
        TransitionKind::OutageStart { port } => format!("port {port}: no ready endpoint"),
        TransitionKind::OutageEnd { port, seconds } => {
            format!("port {port}: ready endpoints again after {seconds:.3} s")
        }
        TransitionKind::Stale { since } => format!(
            "the slices differ from what the controller would write since {}",
            clock(*since)
        ),
        TransitionKind::StaleEnd { seconds } => {
            format!("the slices are up to date again after {seconds:.3} s")
        }
        TransitionKind::Converged => {
            "every pod ready, slices up to date, nothing terminating".into()
        }
    };
    format!(
        "{}  {}  {what}",
        s.paint(Role::Muted, clock(t.time)),
        s.paint(role, format!("{:<18}", t.kind.type_name()))
    )
}

/// The summary for people.
pub fn render_watch_summary(out: &mut dyn Write, s: &Summary, ui: &Ui) -> io::Result<()> {
    let st = &ui.styles;
    writeln!(out, "{}", st.paint(Role::Name, "SUMMARY"))?;
    writeln!(
        out,
        "  watched:     {:.3} s ({} to {})",
        s.seconds,
        clock(s.start),
        clock(s.end)
    )?;
    let counts: Vec<String> = s
        .counts
        .iter()
        .filter(|(_, n)| *n > 0)
        .map(|(t, n)| format!("{t} {n}"))
        .collect();
    writeln!(
        out,
        "  transitions: {}",
        if counts.is_empty() {
            "none".to_string()
        } else {
            counts.join(", ")
        }
    )?;
    for p in &s.ports {
        let outages: Vec<String> = p
            .outages
            .iter()
            .map(|o| match o.end {
                Some(end) => format!("{}-{} ({:.3} s)", clock(o.start), clock(end), o.seconds),
                None => format!("{}- still ({:.3} s)", clock(o.start), o.seconds),
            })
            .collect();
        let line = if outages.is_empty() {
            st.paint(Role::Ok, "no outage")
        } else {
            st.paint(Role::Error, format!("outages {}", outages.join(", ")))
        };
        writeln!(
            out,
            "  port {}:{} min ready {}, {line}",
            p.port,
            " ".repeat(6usize.saturating_sub(p.port.len())),
            p.min_ready
        )?;
    }
    match s.lag {
        Some(l) => writeln!(
            out,
            "  lag:         min {} ms, median {} ms, max {} ms ({} endpoint changes)",
            l.min, l.median, l.max, l.count
        )?,
        None => writeln!(out, "  lag:         none measured")?,
    }
    let flapping: Vec<String> = s
        .flapping
        .iter()
        .map(|(p, n)| format!("{p} ({n} changes)"))
        .collect();
    writeln!(
        out,
        "  flapping:    {}",
        if flapping.is_empty() {
            "none".to_string()
        } else {
            st.paint(Role::Warn, flapping.join(", "))
        }
    )?;
    writeln!(out, "  stale:       {:.3} s", s.stale_seconds)?;
    writeln!(
        out,
        "  converged:   {}",
        if s.converged {
            st.paint(Role::Ok, "yes")
        } else {
            st.paint(Role::Warn, "no")
        }
    )
}

/// `line` cut to `width` visible characters (colour sequences kept, not counted): a wrapped
/// line would scroll the screen and break the redraw in place.
fn fit(line: &str, width: usize) -> String {
    let mut out = String::with_capacity(line.len());
    let mut visible = 0;
    let mut chars = line.chars();
    while let Some(c) = chars.next() {
        if c == '\u{1b}' {
            out.push(c);
            // CSI: ESC [ ... final byte in @..~
            for d in chars.by_ref() {
                out.push(d);
                if d != '[' && ('@'..='~').contains(&d) {
                    break;
                }
            }
            continue;
        }
        if visible == width {
            continue;
        }
        out.push(c);
        visible += 1;
    }
    out
}

/// The terminal screen: the explain view, then the newest transitions (newest last), cut to
/// `height` lines of `width` characters; `status` is the first line.
pub fn render_watch_screen(
    ex: &Explanation,
    recent: &[Transition],
    status: &str,
    (width, height): (usize, usize),
    ui: &Ui,
) -> io::Result<Vec<String>> {
    let mut view = Vec::new();
    render_explanation_text(&mut view, ex, ui)?;
    let view = String::from_utf8_lossy(&view).into_owned();
    let mut lines: Vec<String> = vec![ui.styles.paint(Role::Name, status)];
    lines.extend(view.lines().map(str::to_string));
    lines.push(String::new());
    lines.push(
        ui.styles
            .paint(Role::Name, "TRANSITIONS (newest last; q or Ctrl-C quits)"),
    );
    // Keep the transitions visible: they take what the view leaves, at least 5 lines.
    let room = height.saturating_sub(lines.len()).max(5);
    let shown = &recent[recent.len().saturating_sub(room)..];
    if shown.is_empty() {
        lines.push("  (none yet)".into());
    }
    lines.extend(shown.iter().map(|t| transition_line(t, ui)));
    if lines.len() > height {
        // Cut the explain view from its end rather than lose the transitions.
        let excess = lines.len() - height;
        let keep_view = (1 + view.lines().count()).saturating_sub(excess);
        let tail = lines.split_off(1 + view.lines().count());
        lines.truncate(keep_view);
        lines.extend(tail);
    }
    Ok(lines.iter().map(|l| fit(l, width)).collect())
}
