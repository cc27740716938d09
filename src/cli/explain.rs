//! `explain SERVICE`: gather, analyse, render.

use super::args::{ExplainArgs, GlobalArgs};
use super::{Env, exit, input, rules};
use crate::analysis::traffic::{TrafficView, traffic};
use crate::analysis::{ExplainOptions, explain};
use crate::model::Cluster;
use crate::render::render_explanation;
use anyhow::{Result, bail};

pub(crate) async fn run(global: &GlobalArgs, args: &ExplainArgs, env: &Env) -> Result<u8> {
    if global.all_namespaces {
        bail!("explain takes one Service; -A/--all-namespaces does not apply");
    }
    if args.watch {
        return super::watch::run(global, args, env).await;
    }
    let (cluster, ns, name) = input::load_for_service(global, env, &args.service).await?;
    let svc = cluster
        .service(&ns, &name)
        .expect("load_for_service() checked it exists");
    let (rules, rules_source) = rules::choose(global.kube_version, &cluster);
    let opts = ExplainOptions {
        rules,
        rules_source,
        cluster_domain: global.cluster_domain.clone(),
    };
    let mut ex = explain(&cluster, svc, &opts);
    if args.traffic || args.from_node.is_some() {
        let mut view = traffic(&cluster, svc, &rules);
        if let Some(node) = &args.from_node {
            check_node(&cluster, &view, node)?;
            view.focus = Some(node.clone());
        }
        ex.traffic = Some(view);
    }
    let ui = env.ui(global.color.into(), global.width);
    let mut out = super::stdout_buffered();
    render_explanation(&mut out, &ex, global.output.into(), &ui)?;
    std::io::Write::flush(&mut out)?;
    Ok(exit::OK)
}

/// `--from-node` must name a Node of the input (or, when Nodes are unreadable, a node some
/// endpoint is on).
fn check_node(cluster: &Cluster, view: &TrafficView, node: &str) -> Result<()> {
    if cluster.nodes_known {
        if cluster.node(node).is_none() {
            let mut names: Vec<&str> = cluster.nodes.iter().map(|n| n.name.as_str()).collect();
            names.sort_unstable();
            let known = match names.len() {
                0 => "the input has no Nodes".to_string(),
                1..=10 => format!("nodes: {}", names.join(", ")),
                n => format!("{n} nodes in the input"),
            };
            bail!("node {node:?} not found ({known})");
        }
    } else if view.node(node).is_none() {
        bail!("node {node:?} is unknown: Nodes were not read and no endpoint is on it");
    }
    Ok(())
}
