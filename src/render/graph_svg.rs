//! `graph --format svg` (and the pictures of the HTML report): the layout of `graph_layout`
//! written as SVG 1.1, self-contained (no fonts, scripts or links to fetch), with a `<title>` per
//! vertex and arrow for screen readers and hover text.

use super::graph_layout::{
    FONT, LABEL_FONT, LABEL_LINE, LINE, Layout, PAD, box_lines, cut, layout,
};
use super::graph_palette::{BLOCKED, FLOWING, palette};
use crate::analysis::{Graph, VertexKind};
use std::fmt::Write as _;
use std::io::{self, Write};

const FONT_FAMILY: &str = "ui-monospace, SFMono-Regular, Menlo, Consolas, 'DejaVu Sans Mono', 'Liberation Mono', monospace";
const TITLE_H: f64 = 28.0;

/// Writes one SVG document holding every graph, one under the other, each under its title.
pub fn write_svg(out: &mut dyn Write, graphs: &[Graph]) -> io::Result<()> {
    let layouts: Vec<Layout> = graphs.iter().map(layout).collect();
    let width = layouts.iter().map(|l| l.width).fold(200.0, f64::max);
    let height: f64 = layouts.iter().map(|l| l.height + TITLE_H).sum();
    let mut s = String::new();
    let _ = writeln!(
        s,
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="{h}" viewBox="0 0 {w} {h}" role="img" aria-labelledby="svcx-graph-title" font-family="{FONT_FAMILY}" font-size="{FONT}">"#,
        w = px(width),
        h = px(height)
    );
    let titles: Vec<&str> = graphs.iter().map(|g| g.title.as_str()).collect();
    let _ = writeln!(
        s,
        r#"<title id="svcx-graph-title">Traffic graph: {}</title>"#,
        esc(&titles.join(", "))
    );
    defs(&mut s, "svcx");
    let mut y = 0.0;
    for (g, l) in graphs.iter().zip(&layouts) {
        let _ = writeln!(
            s,
            r#"<text x="16" y="{}" font-size="15" font-weight="bold">{}</text>"#,
            px(y + 20.0),
            esc(&g.title)
        );
        let _ = writeln!(s, r#"<g transform="translate(0,{})">"#, px(y + TITLE_H));
        body(&mut s, g, l, "svcx");
        let _ = writeln!(s, "</g>");
        y += l.height + TITLE_H;
    }
    s.push_str("</svg>\n");
    out.write_all(s.as_bytes())
}

/// One graph as an `<svg>` element for embedding in HTML; `prefix` keeps its ids unique in the
/// page.
pub fn svg_element(g: &Graph, prefix: &str) -> String {
    let l = layout(g);
    let mut s = String::new();
    let _ = writeln!(
        s,
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="{h}" viewBox="0 0 {w} {h}" role="img" aria-label="Traffic graph of {t}" font-family="{FONT_FAMILY}" font-size="{FONT}">"#,
        w = px(l.width),
        h = px(l.height),
        t = esc(&g.title)
    );
    defs(&mut s, prefix);
    body(&mut s, g, &l, prefix);
    s.push_str("</svg>\n");
    s
}

fn defs(s: &mut String, prefix: &str) {
    let _ = writeln!(
        s,
        r#"<defs><marker id="{prefix}-arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="8" markerHeight="8" orient="auto"><path d="M0,0 L10,5 L0,10 z" fill="{FLOWING}"/></marker><marker id="{prefix}-arrow-blocked" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="8" markerHeight="8" orient="auto"><path d="M0,0 L10,5 L0,10 z" fill="{BLOCKED}"/></marker></defs>"#
    );
}

fn body(s: &mut String, g: &Graph, l: &Layout, prefix: &str) {
    for z in &l.zones {
        let r = z.rect;
        let _ = writeln!(
            s,
            r##"<g class="zone"><rect x="{}" y="{}" width="{}" height="{}" rx="8" fill="#f5f7f8" stroke="#607d8b" stroke-dasharray="4 3"/><text x="{}" y="{}" fill="#37474f">{}</text></g>"##,
            px(r.x),
            px(r.y),
            px(r.w),
            px(r.h),
            px(r.x + 8.0),
            px(r.y + 15.0),
            esc(&z.title)
        );
    }
    for e in &l.edges {
        let (x1, y1) = e.start;
        let (x2, y2) = e.end;
        let dx = ((x2 - x1) / 2.0).max(30.0);
        let blocked = e.edge.blocked.is_some();
        let (color, marker, dash, class) = if blocked {
            (
                BLOCKED,
                format!("{prefix}-arrow-blocked"),
                r#" stroke-dasharray="6 4""#,
                "edge blocked",
            )
        } else {
            (FLOWING, format!("{prefix}-arrow"), "", "edge")
        };
        let from = &g.vertices[e.edge.from].title;
        let to = &g.vertices[e.edge.to].title;
        let what = if e.edge.lines.is_empty() {
            String::new()
        } else {
            format!(": {}", e.edge.lines.join("; "))
        };
        let _ = writeln!(
            s,
            r#"<g class="{class}"><title>{} → {}{}</title><path d="M{},{} C{},{} {},{} {},{}" fill="none" stroke="{color}" stroke-width="{}"{dash} marker-end="url(#{marker})"/>"#,
            esc(from),
            esc(to),
            esc(&what),
            px(x1),
            px(y1),
            px(x1 + dx),
            px(y1),
            px(x2 - dx),
            px(y2),
            px(x2),
            px(y2),
            if blocked { "1.8" } else { "1.2" }
        );
        let lines = &e.edge.lines;
        for (k, line) in lines.iter().enumerate() {
            let y = e.label_anchor.1 - (lines.len() - 1 - k) as f64 * LABEL_LINE;
            let _ = writeln!(
                s,
                r#"<text x="{}" y="{}" font-size="{LABEL_FONT}" text-anchor="end" fill="{}" stroke="white" stroke-width="3" paint-order="stroke"{}>{}</text>"#,
                px(e.label_anchor.0),
                px(y),
                if blocked { BLOCKED } else { "#37474f" },
                if blocked && k == 0 {
                    r#" font-weight="bold""#
                } else {
                    ""
                },
                esc(&cut(line, 64))
            );
        }
        s.push_str("</g>\n");
    }
    for (v, r) in g.vertices.iter().zip(&l.boxes) {
        let p = palette(v.health);
        let dash = if v.kind == VertexKind::Missing {
            r#" stroke-dasharray="5 3""#
        } else {
            ""
        };
        let lines = box_lines(v);
        let _ = writeln!(
            s,
            r#"<g class="vertex {} {}"><title>{}</title><rect x="{}" y="{}" width="{}" height="{}" rx="{}" fill="{}" stroke="{}" stroke-width="{}"{dash}/>"#,
            v.kind.as_str(),
            v.health.as_str(),
            esc(&format!(
                "{} ({})\n{}",
                v.title,
                v.health.as_str(),
                v.lines.join("\n")
            )),
            px(r.x),
            px(r.y),
            px(r.w),
            px(r.h),
            if v.kind == VertexKind::Node { 2 } else { 6 },
            p.fill,
            p.stroke,
            if v.kind == VertexKind::Service {
                "2"
            } else {
                "1.2"
            }
        );
        for (k, line) in lines.iter().enumerate() {
            let _ = writeln!(
                s,
                r#"<text x="{}" y="{}"{}>{}</text>"#,
                px(r.x + PAD),
                px(r.y + PAD + FONT - 2.0 + k as f64 * LINE),
                if k == 0 { r#" font-weight="bold""# } else { "" },
                esc(line)
            );
        }
        s.push_str("</g>\n");
    }
}

/// A coordinate with at most one decimal.
fn px(v: f64) -> String {
    let r = (v * 10.0).round() / 10.0;
    if r.fract() == 0.0 {
        format!("{}", r as i64)
    } else {
        format!("{r:.1}")
    }
}

/// XML text and attribute escaping.
pub(crate) fn esc(s: &str) -> String {
    let mut e = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => e.push_str("&amp;"),
            '<' => e.push_str("&lt;"),
            '>' => e.push_str("&gt;"),
            '"' => e.push_str("&quot;"),
            '\'' => e.push_str("&#39;"),
            c => e.push(c),
        }
    }
    e
}
