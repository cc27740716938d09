//! `graph --format dot`: Graphviz DOT (<https://graphviz.org/doc/info/lang.html>), left to
//! right, Nodes grouped in one cluster per zone, arrows that carry no traffic red and dashed.

use super::graph_edges::drawn_edges;
use super::graph_palette::{BLOCKED, palette};
use crate::analysis::{Graph, VertexKind};
use std::io::{self, Write};

/// Writes one `digraph` per graph (Graphviz renders each; `dot -Tsvg -O` writes one file each).
pub fn write_dot(out: &mut dyn Write, graphs: &[Graph]) -> io::Result<()> {
    for g in graphs {
        one(out, g)?;
    }
    Ok(())
}

fn one(out: &mut dyn Write, g: &Graph) -> io::Result<()> {
    writeln!(out, "digraph {} {{", quote(&g.title))?;
    writeln!(out, "  rankdir=LR;")?;
    writeln!(
        out,
        "  graph [label={}, labelloc=t, fontname=\"Helvetica\", nodesep=0.25, ranksep=1.1];",
        quote(&g.title)
    )?;
    writeln!(
        out,
        "  node [shape=box, style=\"rounded,filled\", fontname=\"Helvetica\", fontsize=10];"
    )?;
    writeln!(out, "  edge [fontname=\"Helvetica\", fontsize=9];")?;
    for v in g.vertices.iter().filter(|v| v.kind != VertexKind::Node) {
        writeln!(out, "  {};", vertex(v))?;
    }
    for (i, zone) in g.zones().into_iter().enumerate() {
        writeln!(out, "  subgraph cluster_zone_{i} {{")?;
        writeln!(
            out,
            "    label={}; style=\"rounded,dashed\"; color=\"#607d8b\";",
            quote(&zone_title(zone))
        )?;
        for v in g
            .vertices
            .iter()
            .filter(|v| v.kind == VertexKind::Node && v.zone.as_deref() == zone)
        {
            writeln!(out, "    {};", vertex(v))?;
        }
        writeln!(out, "  }}")?;
    }
    for e in drawn_edges(g) {
        let mut attrs = vec![];
        if !e.lines.is_empty() {
            attrs.push(format!("label={}", quote(&e.lines.join("\n"))));
        }
        if e.blocked.is_some() {
            attrs.push(format!(
                "color=\"{BLOCKED}\", fontcolor=\"{BLOCKED}\", style=dashed, penwidth=1.5"
            ));
        }
        let attrs = if attrs.is_empty() {
            String::new()
        } else {
            format!(" [{}]", attrs.join(", "))
        };
        writeln!(
            out,
            "  {} -> {}{attrs};",
            quote(&g.vertices[e.from].id),
            quote(&g.vertices[e.to].id)
        )?;
    }
    writeln!(out, "}}")
}

fn vertex(v: &crate::analysis::Vertex) -> String {
    let p = palette(v.health);
    let mut lines = vec![format!("{} {}", v.health.icon(), v.title)];
    lines.extend(v.lines.iter().cloned());
    lines.extend(v.policies.iter().map(|p| format!("⛨ NetworkPolicy {p}")));
    let shape = match v.kind {
        VertexKind::Router => ", shape=cds",
        VertexKind::Node => ", shape=box3d",
        VertexKind::Missing => ", style=\"rounded,filled,dashed\"",
        _ => "",
    };
    format!(
        "{} [label={}, fillcolor=\"{}\", color=\"{}\"{shape}]",
        quote(&v.id),
        quote(&lines.join("\n")),
        p.fill,
        p.stroke
    )
}

/// `zone eu-west-1a`, or `no zone label`.
pub(crate) fn zone_title(zone: Option<&str>) -> String {
    zone.map_or_else(|| "no zone label".to_string(), |z| format!("zone {z}"))
}

/// A DOT double-quoted string: `"` and `\` escaped, newlines as `\n`.
fn quote(s: &str) -> String {
    let mut q = String::with_capacity(s.len() + 2);
    q.push('"');
    for c in s.chars() {
        match c {
            '"' => q.push_str("\\\""),
            '\\' => q.push_str("\\\\"),
            '\n' => q.push_str("\\n"),
            c => q.push(c),
        }
    }
    q.push('"');
    q
}

#[cfg(test)]
mod tests {
    use super::quote;

    #[test]
    fn quotes_escape() {
        assert_eq!(quote("a\"b\\c\nd"), "\"a\\\"b\\\\c\\nd\"");
    }
}
