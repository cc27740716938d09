//! The human view of `diagnose`: one block per Service (worst first), a one-line OK for healthy
//! Services, findings attached to no Service, and a summary line.

use super::styles::{Role, Ui};
use crate::analysis::{Diagnosis, Finding, InputMode, ObjRef, ServiceDiagnosis, Severity};
use std::io::{self, Write};

/// How many detail lines and objects are printed per finding before "N more".
const MAX_LINES: usize = 10;
/// Indentation of a finding's body (under the severity column).
const BODY_INDENT: usize = 11;

/// Writes the diagnosis as text.
pub fn render_diagnosis_text(out: &mut dyn Write, d: &Diagnosis, ui: &Ui) -> io::Result<()> {
    super::diagnosis_mode_text::write_mode_note(out, d, ui)?;
    // On a mix, each Service says how it was judged.
    let mixed = d.mode == InputMode::Mixed;
    let mut blocks = 0;
    for svc in &d.services {
        if svc.findings.is_empty() {
            // Healthy Services are a compact list at the end (the order puts them last).
            if blocks > 0 {
                writeln!(out)?;
                blocks = 0;
            }
            header(out, svc, ui, &ui.styles.paint(Role::Ok, "OK"), mixed)?;
            continue;
        }
        if blocks > 0 {
            writeln!(out)?;
        }
        blocks += 1;
        service(out, svc, ui, mixed)?;
    }
    if !d.unattached.is_empty() {
        if !d.services.is_empty() {
            writeln!(out)?;
        }
        writeln!(
            out,
            "{}  {}",
            ui.styles
                .paint(Role::Name, "Objects of no existing Service"),
            counts(&d.unattached, ui)
        )?;
        for f in &d.unattached {
            finding(out, f, ui)?;
        }
    }
    let s = d.summary();
    if d.services.is_empty() && d.unattached.is_empty() {
        writeln!(out, "No Services to diagnose.")?;
    } else {
        writeln!(out)?;
    }
    writeln!(
        out,
        "Summary: {} diagnosed, {} OK; {}, {}, {}.",
        plural(s.services, "service", "services"),
        s.ok,
        ui.styles.paint(
            sev_role(Severity::Error, s.errors),
            plural(s.errors, "error", "errors")
        ),
        ui.styles.paint(
            sev_role(Severity::Warning, s.warnings),
            plural(s.warnings, "warning", "warnings")
        ),
        ui.styles.paint(
            sev_role(Severity::Info, s.infos),
            plural(s.infos, "info", "infos")
        ),
    )
}

/// `namespace/name  Type  STATUS`: the first line of a Service's block (or its only line); on a
/// mixed input, followed by how the Service was judged.
fn header(
    out: &mut dyn Write,
    svc: &ServiceDiagnosis,
    ui: &Ui,
    status: &str,
    mixed: bool,
) -> io::Result<()> {
    let name = ui.styles.paint(
        Role::Name,
        format!("{}/{}", svc.namespace, shown(&svc.name)),
    );
    let judged = match svc.mode {
        _ if !mixed => "",
        InputMode::Manifests => "(judged as a manifest)",
        InputMode::WithoutPods => "(judged without pods)",
        _ => "(judged on live state)",
    };
    if judged.is_empty() {
        return writeln!(out, "{name}  {}  {status}", kind(svc));
    }
    writeln!(
        out,
        "{name}  {}  {status}  {}",
        kind(svc),
        ui.styles.paint(Role::Muted, judged)
    )
}

fn service(out: &mut dyn Write, svc: &ServiceDiagnosis, ui: &Ui, mixed: bool) -> io::Result<()> {
    header(out, svc, ui, &counts(&svc.findings, ui), mixed)?;
    for f in &svc.findings {
        finding(out, f, ui)?;
    }
    Ok(())
}

fn kind(svc: &ServiceDiagnosis) -> String {
    if svc.headless {
        format!("{} (headless)", svc.type_)
    } else {
        svc.type_.to_string()
    }
}

fn counts(findings: &[Finding], ui: &Ui) -> String {
    let mut parts = Vec::new();
    for (sev, one, many) in [
        (Severity::Error, "error", "errors"),
        (Severity::Warning, "warning", "warnings"),
        (Severity::Info, "info", "infos"),
    ] {
        let n = findings.iter().filter(|f| f.severity == sev).count();
        if n > 0 {
            parts.push(ui.styles.paint(role(sev), plural(n, one, many)));
        }
    }
    parts.join(", ")
}

fn finding(out: &mut dyn Write, f: &Finding, ui: &Ui) -> io::Result<()> {
    let label = format!("{:<8}", f.severity.as_str().to_uppercase());
    writeln!(
        out,
        "  {} {}",
        ui.styles.paint(role(f.severity), label),
        ui.styles.paint(Role::Name, f.code)
    )?;
    let width = ui.width.map(usize::from);
    paragraph(out, &f.message, "", width)?;
    let shown = f.details.len().min(MAX_LINES);
    for d in &f.details[..shown] {
        paragraph(out, d, "- ", width)?;
    }
    if f.details.len() > shown {
        paragraph(
            out,
            &format!(
                "... and {} more (-o json lists all)",
                f.details.len() - shown
            ),
            "",
            width,
        )?;
    }
    if !f.objects.is_empty() {
        let names: Vec<String> = f
            .objects
            .iter()
            .take(MAX_LINES)
            .map(|o| object(o, &f.namespace))
            .collect();
        let more = f.objects.len().saturating_sub(MAX_LINES);
        let mut line = format!("objects: {}", names.join(", "));
        if more > 0 {
            line.push_str(&format!(" and {more} more"));
        }
        paragraph(out, &ui.styles.paint(Role::Muted, line), "", None)?;
    }
    paragraph(out, &format!("fix: {}", f.fix), "", width)?;
    paragraph(
        out,
        &ui.styles
            .paint(Role::Muted, format!("docs: {}", f.code.docs_url())),
        "",
        None,
    )
}

/// A name as shown: a manifest without `metadata.name` (refused, `invalid-object`) still reads.
fn shown(name: &str) -> &str {
    if name.is_empty() { "<no name>" } else { name }
}

/// `pod/web-1`, with `-n NS` when the object lives in another namespace.
fn object(o: &ObjRef, ns: &str) -> String {
    let base = format!("{}/{}", o.kind.to_ascii_lowercase(), shown(&o.name));
    match &o.namespace {
        Some(other) if other != ns => format!("{base} -n {other}"),
        _ => base,
    }
}

/// Writes `text` indented under the severity column, word-wrapped to `width` when known.
fn paragraph(
    out: &mut dyn Write,
    text: &str,
    bullet: &str,
    width: Option<usize>,
) -> io::Result<()> {
    let first = format!("{}{bullet}", " ".repeat(BODY_INDENT));
    let rest = " ".repeat(BODY_INDENT + bullet.len());
    let Some(width) = width.filter(|w| *w > BODY_INDENT + 20) else {
        return writeln!(out, "{first}{text}");
    };
    let mut line = first.clone();
    let mut empty = true;
    for word in text.split(' ') {
        let len = line.chars().count();
        if !empty && len + 1 + word.chars().count() > width {
            writeln!(out, "{line}")?;
            line.clone_from(&rest);
            empty = true;
        }
        if !empty {
            line.push(' ');
        }
        line.push_str(word);
        empty = false;
    }
    writeln!(out, "{line}")
}

fn role(s: Severity) -> Role {
    match s {
        Severity::Error => Role::Error,
        Severity::Warning => Role::Warn,
        Severity::Info => Role::Info,
    }
}

fn sev_role(s: Severity, n: usize) -> Role {
    if n == 0 { Role::Muted } else { role(s) }
}

fn plural(n: usize, one: &str, many: &str) -> String {
    if n == 1 {
        format!("{n} {one}")
    } else {
        format!("{n} {many}")
    }
}
