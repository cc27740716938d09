//! `graph [SERVICE] [-n NS | -A]`: gather, diagnose (for the codes on blocked arrows), build one
//! graph per Service, group them per namespace unless `--split`, draw.

use super::args::{GlobalArgs, GraphArgs, GraphFormat, OutputArg};
use super::{Env, diagnose, exit, rules};
use crate::analysis::{
    DiagnoseOptions, Diagnosis, ExplainOptions, Graph, GraphOptions, service_graphs,
};
use crate::render::{write_dot, write_graph_text, write_mermaid, write_svg};
use anyhow::{Result, bail};

pub(crate) async fn run(global: &GlobalArgs, args: &GraphArgs, env: &Env) -> Result<u8> {
    if global.output != OutputArg::Text {
        bail!("graph draws pictures: choose one with --format svg|dot|mermaid|text, not -o");
    }
    // `diagnose::load` refuses SERVICE with -A, as kubectl does.
    let (cluster, scope) = diagnose::load(global, args.service.as_deref(), env).await?;
    let (rules, rules_source) = rules::choose(global.kube_version, &cluster);
    let opts = DiagnoseOptions {
        rules,
        threads: env.cores.min(8),
        ..DiagnoseOptions::default()
    };
    let d = crate::analysis::diagnose(&cluster, &scope, &opts);
    let explain_opts = ExplainOptions {
        rules,
        rules_source,
        cluster_domain: global.cluster_domain.clone(),
    };
    let graphs = if args.split || args.service.is_some() {
        service_graphs(&cluster, &d, &explain_opts, |_| {
            Some(GraphOptions::default())
        })
    } else {
        // A namespace of many Services is read for its shape: healthy pods fold into one box
        // per Service (with arrows to their Nodes), the broken ones keep their own boxes.
        let crowded = namespaces_with_more_than(&d, CROWDED);
        let gs = service_graphs(&cluster, &d, &explain_opts, |s| {
            Some(if crowded.contains(s.namespace.as_str()) {
                GraphOptions {
                    max_healthy_pods: 0,
                }
            } else {
                GraphOptions::default()
            })
        });
        per_namespace(gs)
    };
    if graphs.is_empty() {
        match &global.namespace {
            Some(ns) if !global.all_namespaces => {
                bail!("no Service to draw: the input has none in namespace {ns:?}")
            }
            _ => bail!("no Service to draw: the input has none"),
        }
    }
    let format = args.format.unwrap_or(if env.stdout_tty {
        GraphFormat::Text
    } else {
        GraphFormat::Svg
    });
    let mut out = super::stdout_buffered();
    match format {
        GraphFormat::Svg => write_svg(&mut out, &graphs)?,
        GraphFormat::Dot => write_dot(&mut out, &graphs)?,
        GraphFormat::Mermaid => write_mermaid(&mut out, &graphs)?,
        GraphFormat::Text => {
            let ui = env.ui(global.color.into(), global.width);
            write_graph_text(&mut out, &graphs, &ui)?;
        }
    }
    std::io::Write::flush(&mut out)?;
    std::mem::forget(cluster);
    Ok(exit::OK)
}

/// Namespace graphs with more Services than this fold healthy pods.
const CROWDED: usize = 10;

fn namespaces_with_more_than(d: &Diagnosis, n: usize) -> std::collections::BTreeSet<&str> {
    let mut count: std::collections::BTreeMap<&str, usize> = std::collections::BTreeMap::new();
    for s in &d.services {
        *count.entry(s.namespace.as_str()).or_default() += 1;
    }
    count
        .into_iter()
        .filter(|(_, c)| *c > n)
        .map(|(ns, _)| ns)
        .collect()
}

/// Joins the Services' graphs of each namespace into one.
fn per_namespace(graphs: Vec<Graph>) -> Vec<Graph> {
    let mut out: Vec<(String, Vec<Graph>)> = vec![];
    for g in graphs {
        let ns = g.title.split('/').next().unwrap_or_default().to_string();
        match out.last_mut() {
            Some((n, gs)) if *n == ns => gs.push(g),
            _ => out.push((ns, vec![g])),
        }
    }
    out.into_iter()
        .map(|(ns, gs)| Graph::merge(format!("namespace {ns}"), gs))
        .collect()
}
