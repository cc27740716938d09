//! The note that opens `diagnose` text output in manifest mode: what stood in for pods and
//! which codes were not checked (docs/findings.md#manifest-mode). Nothing in live mode.

use super::styles::{Role, Ui};
use crate::analysis::{Diagnosis, InputMode};
use std::io::{self, Write};

/// Writes the manifest-mode note and a blank line, or nothing for live input.
pub(super) fn write_mode_note(out: &mut dyn Write, d: &Diagnosis, ui: &Ui) -> io::Result<()> {
    if d.mode != InputMode::Manifests {
        return Ok(());
    }
    let skipped: Vec<&str> = d.mode.skipped_codes().iter().map(|c| c.as_str()).collect();
    let lines = [
        "Manifest mode: no Pods, Nodes or controller-written EndpointSlices in the input, so workload pod templates stand in for pods.".to_string(),
        format!(
            "Not checked (they need a live cluster): {}. Every other code was checked (docs/findings.md#manifest-mode).",
            skipped.join(", ")
        ),
    ];
    for text in lines {
        for line in wrap(&text, ui.width.map(usize::from)) {
            writeln!(out, "{}", ui.styles.paint(Role::Muted, line))?;
        }
    }
    writeln!(out)
}

/// Greedy word wrap to `width` columns (no wrapping when unknown).
fn wrap(text: &str, width: Option<usize>) -> Vec<String> {
    let Some(width) = width.filter(|w| *w >= 20) else {
        return vec![text.to_string()];
    };
    let mut lines = Vec::new();
    let mut line = String::new();
    for word in text.split(' ') {
        if !line.is_empty() && line.chars().count() + 1 + word.chars().count() > width {
            lines.push(std::mem::take(&mut line));
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    lines.push(line);
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wraps_on_words() {
        assert_eq!(
            wrap("aaa bbb ccc ddd eee fff ggg", Some(20)),
            ["aaa bbb ccc ddd eee", "fff ggg"]
        );
        assert_eq!(wrap("one line", None), ["one line"]);
    }

    #[test]
    fn nothing_for_live_input() {
        let mut out = Vec::new();
        write_mode_note(&mut out, &Diagnosis::default(), &Ui::default()).unwrap();
        assert!(out.is_empty());
        let manifests = Diagnosis {
            mode: InputMode::Manifests,
            ..Diagnosis::default()
        };
        write_mode_note(&mut out, &manifests, &Ui::default()).unwrap();
        let text = String::from_utf8(out).unwrap();
        assert!(text.starts_with("Manifest mode: "), "{text}");
        assert!(
            text.contains("slice-stale, endpoints-over-capacity"),
            "{text}"
        );
    }
}
