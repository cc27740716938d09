//! The note that opens `diagnose` text output when the input could not be fully judged: in
//! manifest mode, what stood in for pods; without pods, why; and which codes were not checked
//! (docs/findings.md#manifest-mode, #input-without-pods). Nothing in live mode.

use super::styles::{Role, Ui};
use crate::analysis::{Diagnosis, InputMode};
use std::io::{self, Write};

/// Writes the mode line (which mode and why) and the codes not checked, and a blank line;
/// nothing for plain live input.
pub(super) fn write_mode_note(out: &mut dyn Write, d: &Diagnosis, ui: &Ui) -> io::Result<()> {
    let skipped: Vec<&str> = d.skipped_codes().iter().map(|c| c.as_str()).collect();
    let (title, not_checked) = match d.mode {
        InputMode::Live => return Ok(()),
        InputMode::Manifests => (
            "Manifest mode",
            "they need a live cluster; docs/findings.md#manifest-mode",
        ),
        InputMode::WithoutPods => (
            "Input without pods",
            "they need the pods: include them, e.g. kubectl get pods,services,endpointslices,endpoints,nodes -o yaml; docs/findings.md#input-without-pods",
        ),
        InputMode::Mixed => (
            "Mixed input",
            "for the Services judged as manifests or without pods; docs/findings.md#mixed-input",
        ),
    };
    let mut lines = vec![format!("{title}: {}.", d.mode_reason)];
    if !skipped.is_empty() {
        lines.push(format!(
            "Not checked ({not_checked}): {}. Every other code was checked.",
            skipped.join(", ")
        ));
    }
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
            mode_reason: "nothing in the input carries cluster state".into(),
            ..Diagnosis::default()
        };
        write_mode_note(&mut out, &manifests, &Ui::default()).unwrap();
        let text = String::from_utf8(out).unwrap();
        assert!(
            text.starts_with("Manifest mode: nothing in the input carries cluster state.\n"),
            "{text}"
        );
        assert!(
            text.contains("slice-stale, endpoints-over-capacity"),
            "{text}"
        );
        let mut out = Vec::new();
        let without = Diagnosis {
            mode: InputMode::WithoutPods,
            mode_reason: "2 Services carry cluster state".into(),
            ..Diagnosis::default()
        };
        write_mode_note(&mut out, &without, &Ui::default()).unwrap();
        let text = String::from_utf8(out).unwrap();
        assert!(text.starts_with("Input without pods: 2 Services"), "{text}");
        assert!(
            text.contains("docs/findings.md#input-without-pods): selector-matches-no-pods, selector-near-miss,"),
            "{text}"
        );
    }
}
