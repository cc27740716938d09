//! The note that opens `diagnose` text output when the input could not be fully judged: in
//! manifest mode, what stood in for pods; without pods, why; and which codes were not checked
//! (docs/findings.md#manifest-mode, #input-without-pods). Nothing in live mode.

use super::styles::{Role, Ui};
use crate::analysis::{Diagnosis, InputMode};
use std::io::{self, Write};

/// Writes the note of a mode that skipped codes, and a blank line; nothing for live input.
pub(super) fn write_mode_note(out: &mut dyn Write, d: &Diagnosis, ui: &Ui) -> io::Result<()> {
    let skipped: Vec<&str> = d.mode.skipped_codes().iter().map(|c| c.as_str()).collect();
    let lines = match d.mode {
        InputMode::Live => return Ok(()),
        InputMode::Manifests => [
            "Manifest mode: no Pods, Nodes or controller-written EndpointSlices in the input, so workload pod templates stand in for pods.".to_string(),
            format!(
                "Not checked (they need a live cluster): {}. Every other code was checked (docs/findings.md#manifest-mode).",
                skipped.join(", ")
            ),
        ],
        InputMode::WithoutPods => [
            "No Pods in the input (a dump of Services and EndpointSlices or Nodes only), so checks that judge pods cannot say anything: include pods, e.g. kubectl get pods,services,endpointslices,endpoints,nodes -o yaml.".to_string(),
            format!(
                "Not checked (they need the pods): {}. Every other code was checked (docs/findings.md#input-without-pods).",
                skipped.join(", ")
            ),
        ],
    };
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
        let mut out = Vec::new();
        let without = Diagnosis {
            mode: InputMode::WithoutPods,
            ..Diagnosis::default()
        };
        write_mode_note(&mut out, &without, &Ui::default()).unwrap();
        let text = String::from_utf8(out).unwrap();
        assert!(text.starts_with("No Pods in the input"), "{text}");
        assert!(
            text.contains("(they need the pods): selector-matches-no-pods, selector-near-miss,"),
            "{text}"
        );
    }
}
