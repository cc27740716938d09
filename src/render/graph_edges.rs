//! Arrows as pictures draw them: the per-port arrows between the same two vertices that share a
//! fate (all carry traffic, or all are blocked by the same code) become one arrow with one label
//! line per port.

use crate::analysis::{Code, Graph};

/// One drawn arrow.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct DrawnEdge {
    /// Index of the source vertex in `Graph::vertices`.
    pub from: usize,
    /// Index of the target vertex.
    pub to: usize,
    /// Label lines (the code first when blocked).
    pub lines: Vec<String>,
    /// The code when it carries no traffic.
    pub blocked: Option<Code>,
}

/// The arrows of `g`, joined, in the order of their first model arrow. Arrows naming an unknown
/// vertex are dropped.
pub(crate) fn drawn_edges(g: &Graph) -> Vec<DrawnEdge> {
    let index: std::collections::HashMap<&str, usize> = g
        .vertices
        .iter()
        .enumerate()
        .map(|(i, v)| (v.id.as_str(), i))
        .collect();
    let mut out: Vec<DrawnEdge> = Vec::new();
    for e in &g.edges {
        let (Some(&from), Some(&to)) = (index.get(e.from.as_str()), index.get(e.to.as_str()))
        else {
            continue;
        };
        let existing = out
            .iter_mut()
            .find(|d| d.from == from && d.to == to && d.blocked == e.blocked);
        let d = match existing {
            Some(d) => d,
            None => {
                out.push(DrawnEdge {
                    from,
                    to,
                    lines: e
                        .blocked
                        .map(|c| vec![format!("✗ {c}")])
                        .unwrap_or_default(),
                    blocked: e.blocked,
                });
                out.last_mut().expect("just pushed")
            }
        };
        if !e.label.is_empty() && !d.lines.contains(&e.label) {
            d.lines.push(e.label.clone());
        }
    }
    out
}
