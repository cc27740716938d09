//! kubectl-like tables (upper-case headers, no borders) on comfy-table.

use super::styles::{Role, Ui};
use comfy_table::{Attribute, Cell, ContentArrangement, Table, presets};

/// A borderless table with `headers`, sized and coloured per `ui`.
pub(crate) fn new_table(ui: &Ui, headers: &[&str]) -> Table {
    let mut t = Table::new();
    t.load_style(presets::NOTHING);
    t.force_no_tty();
    if ui.styles.is_colored() {
        t.enforce_styling();
    }
    match ui.width {
        Some(w) => {
            t.set_width(w);
            t.set_content_arrangement(ContentArrangement::Dynamic);
        }
        None => {
            t.set_content_arrangement(ContentArrangement::Disabled);
        }
    }
    let header: Vec<Cell> = headers
        .iter()
        .map(|h| {
            let c = Cell::new(h);
            if ui.styles.is_colored() {
                c.add_attribute(Attribute::Bold)
            } else {
                c
            }
        })
        .collect();
    t.set_header(header);
    t
}

/// A cell coloured for `role`.
pub(crate) fn cell(ui: &Ui, text: impl ToString, role: Role) -> Cell {
    let c = Cell::new(text.to_string());
    match ui.styles.cell_color(role) {
        Some(color) => c.fg(color),
        None if ui.styles.is_colored() && role == Role::Name => c.add_attribute(Attribute::Bold),
        None => c,
    }
}

/// Writes the table, trimming the padding comfy-table leaves at line ends.
pub(crate) fn write_table(out: &mut dyn std::io::Write, t: &Table) -> std::io::Result<()> {
    for line in t.lines() {
        writeln!(out, "{}", line.trim_end())?;
    }
    Ok(())
}
