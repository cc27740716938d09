//! The traffic path of Services as a graph: who sends to a Service (Ingress, routes), the
//! Service, its EndpointSlices, the pods (or hand-made addresses) they list and the Nodes those
//! run on. Pure data for the renderers (`render::graph_*`); built by `graph_build`.

use super::finding::Code;
use std::collections::{BTreeMap, BTreeSet};

/// What a vertex stands for; also its column in a left-to-right picture.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum VertexKind {
    /// An Ingress or a Gateway API route.
    Router,
    /// The Service.
    Service,
    /// An EndpointSlice.
    Slice,
    /// A selected pod.
    Pod,
    /// A slice endpoint that is not a selected pod (hand-made, mirrored, or a pod that is gone),
    /// or an ExternalName's DNS name.
    Address,
    /// Something that should be there and is not (no pod matches the selector, no endpoints).
    Missing,
    /// A Node.
    Node,
}

impl VertexKind {
    /// The column, left to right: routers, Services, slices, pods, Nodes.
    pub fn rank(self) -> usize {
        match self {
            VertexKind::Router => 0,
            VertexKind::Service => 1,
            VertexKind::Slice => 2,
            VertexKind::Pod | VertexKind::Address | VertexKind::Missing => 3,
            VertexKind::Node => 4,
        }
    }

    /// The word used in labels and ids.
    pub fn as_str(self) -> &'static str {
        match self {
            VertexKind::Router => "router",
            VertexKind::Service => "service",
            VertexKind::Slice => "slice",
            VertexKind::Pod => "pod",
            VertexKind::Address => "address",
            VertexKind::Missing => "missing",
            VertexKind::Node => "node",
        }
    }
}

/// How a vertex is doing. Renderers show it with an icon and words, colour only on top.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Health {
    /// Works.
    Ok,
    /// Works partly, or a warning applies.
    Degraded,
    /// Gets no traffic, or an error applies.
    Broken,
}

impl Health {
    /// `ok`, `degraded`, `broken`.
    pub fn as_str(self) -> &'static str {
        match self {
            Health::Ok => "ok",
            Health::Degraded => "degraded",
            Health::Broken => "broken",
        }
    }
    /// A text icon, so colour is never the only signal.
    pub fn icon(self) -> &'static str {
        match self {
            Health::Ok => "✓",
            Health::Degraded => "!",
            Health::Broken => "✗",
        }
    }
}

/// One box of the picture.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Vertex {
    /// Unique in a graph, stable across runs: `pod/NS/NAME`, `node/NAME`, ...
    pub id: String,
    /// What it is.
    pub kind: VertexKind,
    /// The first line: `pod web-1`, `Ingress shop`, ...
    pub title: String,
    /// Further lines: type, ports, state and why.
    pub lines: Vec<String>,
    /// How it is doing.
    pub health: Health,
    /// The zone a Node is in (Nodes are drawn grouped by zone); `None` for other kinds.
    pub zone: Option<String>,
    /// NetworkPolicies isolating a pod for ingress.
    pub policies: Vec<String>,
}

/// One arrow. Several arrows between the same two vertices (one per Service port) are allowed;
/// renderers may join those with the same `blocked`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Edge {
    /// Source vertex id.
    pub from: String,
    /// Target vertex id.
    pub to: String,
    /// What travels along it, e.g. `port 80 → targetPort http → 8080`; may be empty.
    pub label: String,
    /// Index into [`Graph::ports`] when the arrow is about one Service port.
    pub port: Option<usize>,
    /// Set when the arrow carries no traffic: the finding code that says why.
    pub blocked: Option<Code>,
}

/// One Service port, for the text tree (Service ▸ port ▸ slice ▸ pod ▸ node).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PortLine {
    /// The Service vertex it belongs to.
    pub service: String,
    /// `http 80/TCP → targetPort http`.
    pub label: String,
}

/// The picture of one or more Services.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Graph {
    /// What it shows: `shop/web`, `namespace shop`.
    pub title: String,
    /// Vertices, in a stable order (routers, Services, slices, pods, addresses, Nodes).
    pub vertices: Vec<Vertex>,
    /// Arrows, in a stable order.
    pub edges: Vec<Edge>,
    /// The Services' ports.
    pub ports: Vec<PortLine>,
}

impl Graph {
    /// A vertex by id.
    pub fn vertex(&self, id: &str) -> Option<&Vertex> {
        self.vertices.iter().find(|v| v.id == id)
    }

    /// The zones of the Nodes, in order of first appearance (`None`: no zone label).
    pub fn zones(&self) -> Vec<Option<&str>> {
        let mut seen = BTreeSet::new();
        self.vertices
            .iter()
            .filter(|v| v.kind == VertexKind::Node)
            .map(|v| v.zone.as_deref())
            .filter(|z| seen.insert(*z))
            .collect()
    }

    /// Joins graphs into one titled `title`: a vertex shared by several (a Node, a pod two
    /// Services select) appears once, with the worst health and every policy seen.
    pub fn merge(title: impl Into<String>, graphs: Vec<Graph>) -> Graph {
        let mut out = Graph {
            title: title.into(),
            ..Graph::default()
        };
        let mut index: BTreeMap<String, usize> = BTreeMap::new();
        for g in graphs {
            let offset = out.ports.len();
            out.ports.extend(g.ports);
            for v in g.vertices {
                match index.get(&v.id) {
                    Some(&i) => {
                        let have = &mut out.vertices[i];
                        have.health = have.health.max(v.health);
                        for p in v.policies {
                            if !have.policies.contains(&p) {
                                have.policies.push(p);
                            }
                        }
                    }
                    None => {
                        index.insert(v.id.clone(), out.vertices.len());
                        out.vertices.push(v);
                    }
                }
            }
            out.edges.extend(g.edges.into_iter().map(|mut e| {
                e.port = e.port.map(|p| p + offset);
                e
            }));
        }
        // Keep each Pod -> Node arrow once when pods are shared.
        let mut seen = BTreeSet::new();
        out.edges.retain(|e| {
            e.port.is_some() || seen.insert((e.from.clone(), e.to.clone(), e.label.clone()))
        });
        out.vertices.sort_by_key(|v| v.kind.rank());
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn v(id: &str, kind: VertexKind, health: Health) -> Vertex {
        Vertex {
            id: id.into(),
            kind,
            title: id.into(),
            lines: vec![],
            health,
            zone: None,
            policies: vec![],
        }
    }

    fn e(from: &str, to: &str, port: Option<usize>) -> Edge {
        Edge {
            from: from.into(),
            to: to.into(),
            label: String::new(),
            port,
            blocked: None,
        }
    }

    #[test]
    fn merge_shares_vertices_and_renumbers_ports() {
        let port = |s: &str| PortLine {
            service: s.into(),
            label: "p".into(),
        };
        let a = Graph {
            title: "a".into(),
            vertices: vec![
                v("node/n1", VertexKind::Node, Health::Ok),
                v("svc/a", VertexKind::Service, Health::Ok),
            ],
            edges: vec![e("pod/x", "node/n1", None), e("svc/a", "pod/x", Some(0))],
            ports: vec![port("svc/a")],
        };
        let b = Graph {
            title: "b".into(),
            vertices: vec![
                v("svc/b", VertexKind::Service, Health::Ok),
                v("node/n1", VertexKind::Node, Health::Broken),
            ],
            edges: vec![e("pod/x", "node/n1", None), e("svc/b", "pod/x", Some(0))],
            ports: vec![port("svc/b")],
        };
        let m = Graph::merge("ns", vec![a, b]);
        let ids: Vec<&str> = m.vertices.iter().map(|v| v.id.as_str()).collect();
        assert_eq!(ids, ["svc/a", "svc/b", "node/n1"]);
        assert_eq!(m.vertex("node/n1").unwrap().health, Health::Broken);
        assert_eq!(m.edges.len(), 3, "{:?}", m.edges);
        assert_eq!(m.edges[2].port, Some(1));
        assert_eq!(m.ports[1].service, "svc/b");
    }
}
