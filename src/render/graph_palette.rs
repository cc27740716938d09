//! The colours of graph pictures (SVG, DOT, Mermaid, HTML), one place for all. Colour is never
//! the only signal: every vertex also carries an icon (✓ ! ✗) and words, blocked arrows a code.

use crate::analysis::Health;

/// Stroke and label colour of an arrow that carries no traffic.
pub(crate) const BLOCKED: &str = "#c62828";
/// Stroke of an arrow that carries traffic.
pub(crate) const FLOWING: &str = "#546e7a";

/// Fill and stroke of a vertex.
pub(crate) struct Palette {
    pub fill: &'static str,
    pub stroke: &'static str,
}

pub(crate) fn palette(h: Health) -> Palette {
    match h {
        Health::Ok => Palette {
            fill: "#e8f5e9",
            stroke: "#2e7d32",
        },
        Health::Degraded => Palette {
            fill: "#fff8e1",
            stroke: "#b26a00",
        },
        Health::Broken => Palette {
            fill: "#ffebee",
            stroke: BLOCKED,
        },
    }
}
