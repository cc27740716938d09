//! `graph --format mermaid`: a Mermaid flowchart (<https://mermaid.js.org/syntax/flowchart.html>)
//! that pastes into GitHub and GitLab Markdown. Only these constructs are emitted (the tests
//! check each line against them): `flowchart LR`, `ID["label"]`, `subgraph ID["label"]` /
//! `end`, `A -->|"label"| B`, `A -.->|"label"| B`, `A --> B`, `A -.-> B`, `classDef`, `class`,
//! `linkStyle`. Labels are quoted; `"`, `<`, `>` and `#` become entity codes (`#quot;` ...).

use super::graph_dot::zone_title;
use super::graph_edges::drawn_edges;
use super::graph_palette::{BLOCKED, palette};
use crate::analysis::{Graph, Health, VertexKind};
use std::io::{self, Write};

/// One graph: the bare flowchart. Several: Markdown, a heading and a ```` ```mermaid ```` block
/// each (Mermaid draws one diagram per block).
pub fn write_mermaid(out: &mut dyn Write, graphs: &[Graph]) -> io::Result<()> {
    if let [g] = graphs {
        return one(out, g);
    }
    for (i, g) in graphs.iter().enumerate() {
        if i > 0 {
            writeln!(out)?;
        }
        writeln!(out, "## {}\n\n```mermaid", g.title)?;
        one(out, g)?;
        writeln!(out, "```")?;
    }
    Ok(())
}

fn one(out: &mut dyn Write, g: &Graph) -> io::Result<()> {
    writeln!(out, "flowchart LR")?;
    let id = |i: usize| format!("v{i}");
    for (i, v) in g.vertices.iter().enumerate() {
        if v.kind != VertexKind::Node {
            writeln!(out, "  {}[\"{}\"]", id(i), label(v))?;
        }
    }
    for (z, zone) in g.zones().into_iter().enumerate() {
        writeln!(out, "  subgraph zone{z}[\"{}\"]", escape(&zone_title(zone)))?;
        for (i, v) in g.vertices.iter().enumerate() {
            if v.kind == VertexKind::Node && v.zone.as_deref() == zone {
                writeln!(out, "    {}[\"{}\"]", id(i), label(v))?;
            }
        }
        writeln!(out, "  end")?;
    }
    let edges = drawn_edges(g);
    for e in &edges {
        let arrow = if e.blocked.is_some() { "-.->" } else { "-->" };
        if e.lines.is_empty() {
            writeln!(out, "  {} {arrow} {}", id(e.from), id(e.to))?;
        } else {
            let text: Vec<String> = e.lines.iter().map(|l| escape(l)).collect();
            writeln!(
                out,
                "  {} {arrow}|\"{}\"| {}",
                id(e.from),
                text.join("<br/>"),
                id(e.to)
            )?;
        }
    }
    for h in [Health::Ok, Health::Degraded, Health::Broken] {
        let p = palette(h);
        writeln!(
            out,
            "  classDef {} fill:{},stroke:{},color:#000",
            h.as_str(),
            p.fill,
            p.stroke
        )?;
        let members: Vec<String> = g
            .vertices
            .iter()
            .enumerate()
            .filter(|(_, v)| v.health == h)
            .map(|(i, _)| id(i))
            .collect();
        if !members.is_empty() {
            writeln!(out, "  class {} {}", members.join(","), h.as_str())?;
        }
    }
    let blocked: Vec<String> = edges
        .iter()
        .enumerate()
        .filter(|(_, e)| e.blocked.is_some())
        .map(|(i, _)| i.to_string())
        .collect();
    if !blocked.is_empty() {
        writeln!(
            out,
            "  linkStyle {} stroke:{BLOCKED},stroke-width:2px,color:{BLOCKED}",
            blocked.join(",")
        )?;
    }
    Ok(())
}

fn label(v: &crate::analysis::Vertex) -> String {
    let mut lines = vec![format!("{} {}", v.health.icon(), v.title)];
    lines.extend(v.lines.iter().cloned());
    lines.extend(v.policies.iter().map(|p| format!("⛨ NetworkPolicy {p}")));
    lines
        .iter()
        .map(|l| escape(l))
        .collect::<Vec<_>>()
        .join("<br/>")
}

/// Mermaid entity codes for the characters that would end or confuse a quoted label.
fn escape(s: &str) -> String {
    let mut e = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '#' => e.push_str("#35;"),
            '"' => e.push_str("#quot;"),
            '<' => e.push_str("#lt;"),
            '>' => e.push_str("#gt;"),
            c => e.push(c),
        }
    }
    e
}

#[cfg(test)]
mod tests {
    use super::escape;

    #[test]
    fn escapes_label_breakers() {
        assert_eq!(escape("a\"<b>#"), "a#quot;#lt;b#gt;#35;");
    }
}
