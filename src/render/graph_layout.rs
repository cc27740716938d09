//! A small layered (Sugiyama-style) layout for traffic graphs, drawn left to right.
//!
//! Why our own and not a crate: the layers are given by what a vertex is (routers, Services,
//! slices, pods, Nodes: `VertexKind::rank`), so the hard half of a general layout (ranking)
//! is not needed; what is needed is ordering within a column to cut crossings (barycenter
//! sweeps), Nodes kept together per zone, and labels placed where they do not collide. The
//! candidate crate, layout-rs, lays out general DOT graphs but has no clusters ("lacks nested
//! graphs", its crate docs), so zones could not be drawn, and it owns the SVG writing, so
//! labels and accessibility could not be controlled. ~200 lines here do exactly what we need.
//!
//! Text is measured for a monospace font (every glyph 0.6 em wide), which the SVG asks for, so
//! boxes always fit their text without a font engine.

use super::graph_edges::{DrawnEdge, drawn_edges};
use crate::analysis::{Graph, VertexKind};

/// Font size of vertex text, px.
pub(crate) const FONT: f64 = 12.0;
/// Font size of arrow labels, px.
pub(crate) const LABEL_FONT: f64 = 11.0;
/// Line height of vertex text.
pub(crate) const LINE: f64 = 15.0;
/// Line height of arrow labels.
pub(crate) const LABEL_LINE: f64 = 13.0;
/// Padding inside a box.
pub(crate) const PAD: f64 = 8.0;
/// Longest text line in a box, in characters (longer ones are cut with `…`).
pub(crate) const MAX_CHARS: usize = 56;
const VGAP: f64 = 14.0;
const MARGIN: f64 = 16.0;
const ZONE_PAD: f64 = 10.0;
const ZONE_TITLE: f64 = 18.0;
const MIN_GAP: f64 = 70.0;

/// Width of `chars` characters at `size` px in a monospace font.
pub(crate) fn text_width(chars: usize, size: f64) -> f64 {
    chars as f64 * size * 0.6
}

/// A placed box.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Rect {
    pub x: f64,
    pub y: f64,
    pub w: f64,
    pub h: f64,
}

/// A zone's frame around its Nodes.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct ZoneFrame {
    pub title: String,
    pub rect: Rect,
}

/// An arrow: a cubic curve from the source's right edge to the target's left edge, and where its
/// label's last line ends (right-aligned, just above the arrow's end).
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct PlacedEdge {
    pub edge: DrawnEdge,
    pub start: (f64, f64),
    pub end: (f64, f64),
    pub label_anchor: (f64, f64),
}

/// The whole picture.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Layout {
    pub width: f64,
    pub height: f64,
    /// One per vertex, same index as `Graph::vertices`.
    pub boxes: Vec<Rect>,
    pub zones: Vec<ZoneFrame>,
    pub edges: Vec<PlacedEdge>,
}

/// The lines a vertex box shows (title first), cut to `MAX_CHARS`.
pub(crate) fn box_lines(v: &crate::analysis::Vertex) -> Vec<String> {
    let mut lines = vec![format!("{} {}", v.health.icon(), v.title)];
    lines.extend(v.lines.iter().cloned());
    lines.extend(v.policies.iter().map(|p| format!("⛨ NetworkPolicy {p}")));
    lines.into_iter().map(|l| cut(&l, MAX_CHARS)).collect()
}

/// `s` cut to `max` characters, ending in `…` when cut.
pub(crate) fn cut(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        return s.to_string();
    }
    let mut c: String = s.chars().take(max - 1).collect();
    c.push('…');
    c
}

/// Lays `g` out.
pub(crate) fn layout(g: &Graph) -> Layout {
    let n = g.vertices.len();
    let edges = drawn_edges(g);
    let sizes: Vec<(f64, f64)> = g
        .vertices
        .iter()
        .map(|v| {
            let lines = box_lines(v);
            let chars = lines.iter().map(|l| l.chars().count()).max().unwrap_or(1);
            (
                text_width(chars, FONT) + 2.0 * PAD,
                lines.len() as f64 * LINE + 2.0 * PAD - 3.0,
            )
        })
        .collect();
    // Columns (ranks actually present), each an ordered list of vertex indices.
    let mut ranks: Vec<usize> = g.vertices.iter().map(|v| v.kind.rank()).collect();
    ranks.sort_unstable();
    ranks.dedup();
    let col_of = |i: usize| {
        ranks
            .iter()
            .position(|r| *r == g.vertices[i].kind.rank())
            .expect("rank listed")
    };
    let mut cols: Vec<Vec<usize>> = vec![vec![]; ranks.len()];
    for i in 0..n {
        cols[col_of(i)].push(i);
    }
    order(g, &edges, &mut cols, &col_of);

    // x: columns left to right, each as wide as its widest box; the gap before a column fits
    // the widest label of the arrows entering it.
    let mut col_x = vec![MARGIN; cols.len()];
    let mut col_w = vec![0.0f64; cols.len()];
    for (c, col) in cols.iter().enumerate() {
        col_w[c] = col.iter().map(|&i| sizes[i].0).fold(0.0, f64::max);
    }
    for c in 1..cols.len() {
        let label = edges
            .iter()
            .filter(|e| col_of(e.to) == c)
            .flat_map(|e| &e.lines)
            .map(|l| text_width(l.chars().count(), LABEL_FONT))
            .fold(0.0, f64::max);
        col_x[c] = col_x[c - 1] + col_w[c - 1] + MIN_GAP.max(label + 40.0);
    }
    // y: stacked per column (Nodes inside their zone frames), columns centred on the tallest.
    let mut boxes = vec![
        Rect {
            x: 0.0,
            y: 0.0,
            w: 0.0,
            h: 0.0
        };
        n
    ];
    let mut zones = vec![];
    let mut heights = vec![0.0f64; cols.len()];
    for (c, col) in cols.iter().enumerate() {
        let mut y = MARGIN;
        let mut current_zone: Option<(Option<&str>, f64)> = None;
        for &i in col {
            let v = &g.vertices[i];
            if v.kind == VertexKind::Node {
                let z = v.zone.as_deref();
                if current_zone.map(|(cz, _)| cz) != Some(z) {
                    if let Some((cz, top)) = current_zone {
                        zones.push(frame(cz, top, y - VGAP + ZONE_PAD, col_x[c], col_w[c]));
                        y += ZONE_PAD + VGAP;
                    }
                    current_zone = Some((z, y));
                    y += ZONE_TITLE + ZONE_PAD;
                }
            }
            boxes[i] = Rect {
                x: col_x[c]
                    + if v.kind == VertexKind::Node {
                        ZONE_PAD
                    } else {
                        0.0
                    },
                y,
                w: sizes[i].0,
                h: sizes[i].1,
            };
            y += sizes[i].1 + VGAP;
        }
        if let Some((cz, top)) = current_zone {
            zones.push(frame(cz, top, y - VGAP + ZONE_PAD, col_x[c], col_w[c]));
            y += ZONE_PAD;
        }
        heights[c] = y - VGAP;
    }
    align(
        g, &edges, &cols, &col_of, &heights, &mut boxes, &mut zones, &col_x,
    );
    let tallest = boxes
        .iter()
        .map(|b| b.y + b.h)
        .chain(zones.iter().map(|z| z.rect.y + z.rect.h))
        .fold(0.0, f64::max);
    let node_col_extra = if g.vertices.iter().any(|v| v.kind == VertexKind::Node) {
        2.0 * ZONE_PAD
    } else {
        0.0
    };
    let width = cols
        .iter()
        .enumerate()
        .map(|(c, _)| col_x[c] + col_w[c])
        .fold(0.0, f64::max)
        + node_col_extra
        + MARGIN;
    let height = tallest + MARGIN;
    // Labels stack upwards above each target's arrow ends, so two arrows into one box do not
    // print over each other.
    let mut stacked = vec![0.0f64; n];
    let placed = edges
        .into_iter()
        .map(|e| {
            let (a, b) = (boxes[e.from], boxes[e.to]);
            let start = (a.x + a.w, a.y + a.h / 2.0);
            let end = (b.x, b.y + b.h / 2.0);
            let label_anchor = (end.0 - 8.0, end.1 - 4.0 - stacked[e.to]);
            stacked[e.to] += e.lines.len() as f64 * LABEL_LINE;
            PlacedEdge {
                edge: e,
                start,
                end,
                label_anchor,
            }
        })
        .collect();
    Layout {
        width,
        height,
        boxes,
        zones,
        edges: placed,
    }
}

fn frame(zone: Option<&str>, top: f64, bottom: f64, x: f64, w: f64) -> ZoneFrame {
    ZoneFrame {
        title: super::graph_dot::zone_title(zone),
        rect: Rect {
            x,
            y: top,
            w: w + 2.0 * ZONE_PAD,
            h: bottom - top,
        },
    }
}

/// Vertical placement: the tallest column stays stacked; every other column, working outwards
/// from it, puts each box at the mean height of its neighbours towards that column (keeping the
/// order and a gap), so arrows run as flat as they can. Nodes move as one block with their zone
/// frames.
#[allow(clippy::too_many_arguments)]
fn align(
    g: &Graph,
    edges: &[DrawnEdge],
    cols: &[Vec<usize>],
    col_of: &dyn Fn(usize) -> usize,
    heights: &[f64],
    boxes: &mut [Rect],
    zones: &mut [ZoneFrame],
    col_x: &[f64],
) {
    let Some(anchor) = (0..cols.len()).max_by(|&a, &b| heights[a].total_cmp(&heights[b])) else {
        return;
    };
    let order: Vec<usize> = (anchor + 1..cols.len()).chain((0..anchor).rev()).collect();
    for c in order {
        let placed = |other: usize| {
            let oc = col_of(other);
            if c > anchor {
                oc >= anchor && oc < c
            } else {
                oc <= anchor && oc > c
            }
        };
        let wanted = |i: usize, boxes: &[Rect]| -> Option<f64> {
            let centres: Vec<f64> = edges
                .iter()
                .filter_map(|e| {
                    let other = if e.from == i {
                        e.to
                    } else if e.to == i {
                        e.from
                    } else {
                        return None;
                    };
                    placed(other).then(|| boxes[other].y + boxes[other].h / 2.0)
                })
                .collect();
            (!centres.is_empty()).then(|| centres.iter().sum::<f64>() / centres.len() as f64)
        };
        let col = &cols[c];
        if col.iter().any(|&i| g.vertices[i].kind == VertexKind::Node) {
            let want: Vec<f64> = col.iter().filter_map(|&i| wanted(i, boxes)).collect();
            if want.is_empty() {
                continue;
            }
            let target = want.iter().sum::<f64>() / want.len() as f64;
            let top = col
                .iter()
                .map(|&i| boxes[i].y)
                .fold(f64::INFINITY, f64::min);
            let bottom = col
                .iter()
                .map(|&i| boxes[i].y + boxes[i].h)
                .fold(0.0, f64::max);
            let frames_top = zones
                .iter()
                .filter(|z| (z.rect.x - col_x[c]).abs() < 0.5)
                .map(|z| z.rect.y)
                .fold(top, f64::min);
            let shift = (target - (top + bottom) / 2.0).max(MARGIN - frames_top);
            for &i in col {
                boxes[i].y += shift;
            }
            for z in zones
                .iter_mut()
                .filter(|z| (z.rect.x - col_x[c]).abs() < 0.5)
            {
                z.rect.y += shift;
            }
            continue;
        }
        let mut floor = MARGIN;
        for &i in col {
            let top = wanted(i, boxes).map_or(floor, |w| w - boxes[i].h / 2.0);
            boxes[i].y = top.max(floor);
            floor = boxes[i].y + boxes[i].h + VGAP;
        }
    }
}

/// Orders each column by the barycenter of its neighbours' positions: a sweep left to right
/// (by predecessors), one right to left (by successors), and a last one left to right. Nodes
/// stay together per zone (zones ordered by their Nodes' mean barycenter). The sorts are
/// stable, so ties keep the model's order and the picture is deterministic.
fn order(g: &Graph, edges: &[DrawnEdge], cols: &mut [Vec<usize>], col_of: &dyn Fn(usize) -> usize) {
    let mut pos = vec![0.0f64; g.vertices.len()];
    let set_pos = |cols: &[Vec<usize>], pos: &mut Vec<f64>| {
        for col in cols {
            for (k, &i) in col.iter().enumerate() {
                pos[i] = k as f64;
            }
        }
    };
    set_pos(cols, &mut pos);
    let sweeps: [(bool, std::ops::Range<usize>); 3] = [
        (true, 1..cols.len()),
        (false, 0..cols.len()),
        (true, 1..cols.len()),
    ];
    for (forward, range) in sweeps {
        let idx: Vec<usize> = if forward {
            range.collect()
        } else {
            range.rev().collect()
        };
        for c in idx {
            let bary = |i: usize| -> Option<f64> {
                let ns: Vec<f64> = edges
                    .iter()
                    .filter_map(|e| {
                        if forward && e.to == i && col_of(e.from) < c {
                            Some(pos[e.from])
                        } else if !forward && e.from == i && col_of(e.to) > c {
                            Some(pos[e.to])
                        } else {
                            None
                        }
                    })
                    .collect();
                (!ns.is_empty()).then(|| ns.iter().sum::<f64>() / ns.len() as f64)
            };
            let keys: Vec<(usize, f64)> = cols[c]
                .iter()
                .map(|&i| (i, bary(i).unwrap_or(pos[i])))
                .collect();
            let key = |i: usize| keys.iter().find(|(j, _)| *j == i).map_or(0.0, |k| k.1);
            let zone_key = |i: usize| -> f64 {
                let z = &g.vertices[i].zone;
                let members: Vec<f64> = cols[c]
                    .iter()
                    .filter(|&&j| {
                        g.vertices[j].kind == VertexKind::Node && &g.vertices[j].zone == z
                    })
                    .map(|&j| key(j))
                    .collect();
                members.iter().sum::<f64>() / members.len().max(1) as f64
            };
            let mut sorted = cols[c].clone();
            sorted.sort_by(|&a, &b| {
                let (ka, kb) = if g.vertices[a].kind == VertexKind::Node {
                    (zone_key(a), zone_key(b))
                } else {
                    (0.0, 0.0)
                };
                ka.total_cmp(&kb)
                    .then_with(|| {
                        // Same zone (or not Nodes): group by zone name, then barycenter.
                        g.vertices[a].zone.cmp(&g.vertices[b].zone)
                    })
                    .then_with(|| key(a).total_cmp(&key(b)))
            });
            cols[c] = sorted;
            set_pos(cols, &mut pos);
        }
    }
}
