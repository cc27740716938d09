//! Graphs of many Services at once (a namespace, `-A`, the HTML report). Explaining a Service
//! scans the pods and slices of the input; over a big cluster that is services × pods, so each
//! namespace is cut out once and its Services are explained against that part only (a Service
//! selects pods, and slices belong to it, only in its own namespace).

use super::diagnosis::{Diagnosis, ServiceDiagnosis};
use super::explain::explain;
use super::explanation::ExplainOptions;
use super::graph::Graph;
use super::graph_build::{GraphOptions, service_graph};
use crate::model::Cluster;
use std::collections::BTreeMap;

/// One graph per diagnosed Service that `want` keeps, ordered by namespace and name; `opts`
/// gives each Service's knobs.
pub fn service_graphs(
    cluster: &Cluster,
    d: &Diagnosis,
    explain_opts: &ExplainOptions,
    opts: impl Fn(&ServiceDiagnosis) -> Option<GraphOptions>,
) -> Vec<Graph> {
    let mut by_ns: BTreeMap<&str, Vec<(&ServiceDiagnosis, GraphOptions)>> = BTreeMap::new();
    for sd in &d.services {
        if let Some(o) = opts(sd) {
            by_ns
                .entry(sd.namespace.as_str())
                .or_default()
                .push((sd, o));
        }
    }
    let mut out = vec![];
    for (ns, mut wanted) in by_ns {
        wanted.sort_by(|a, b| a.0.name.cmp(&b.0.name));
        let part = namespace_part(cluster, ns);
        for (sd, o) in wanted {
            let Some(svc) = part.service(&sd.namespace, &sd.name) else {
                continue;
            };
            let ex = explain(&part, svc, explain_opts);
            out.push(service_graph(&part, &ex, &sd.findings, &o));
        }
    }
    out
}

/// The objects of `ns` (and every Node, and the routers that send to `ns`), with the input's
/// flags: what explaining and drawing a Service of `ns` reads.
fn namespace_part(c: &Cluster, ns: &str) -> Cluster {
    let keep = |o_ns: &str| o_ns == ns;
    Cluster {
        services: c
            .services
            .iter()
            .filter(|o| keep(&o.namespace))
            .cloned()
            .collect(),
        pods: c
            .pods
            .iter()
            .filter(|o| keep(&o.namespace))
            .cloned()
            .collect(),
        nodes: c.nodes.clone(),
        endpoint_slices: c
            .endpoint_slices
            .iter()
            .filter(|o| keep(&o.namespace))
            .cloned()
            .collect(),
        endpoints: c
            .endpoints
            .iter()
            .filter(|o| keep(&o.namespace))
            .cloned()
            .collect(),
        routers: c
            .routers
            .iter()
            .filter(|r| r.backends.iter().any(|b| b.namespace == ns))
            .cloned()
            .collect(),
        network_policies: c
            .network_policies
            .iter()
            .filter(|o| keep(&o.namespace))
            .cloned()
            .collect(),
        workloads: c
            .workloads
            .iter()
            .filter(|o| keep(&o.namespace))
            .cloned()
            .collect(),
        pods_known: c.pods_read(),
        nodes_known: c.nodes_known,
        endpoints_known: c.endpoints_known,
        endpoint_slices_known: c.slices_read(),
        server_version: c.server_version,
        // Events, origins and the loader's bookkeeping are not drawn.
        ..Cluster::default()
    }
}
