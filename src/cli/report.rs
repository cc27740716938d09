//! `diagnose -o html`: what the report says about its own making (input, rules, tool, time),
//! and which Services get a graph.

use super::args::GlobalArgs;
use super::{Env, long_version};
use crate::analysis::{Diagnosis, ExplainOptions, GraphOptions, RulesSource, service_graphs};
use crate::model::{Cluster, ControllerRules};
use crate::render::{ReportMeta, write_html_report};
use anyhow::Result;

/// Graphs drawn at most. Each is 5-40 KB of SVG; beyond this a report of a big, badly broken
/// cluster would stop being a file a browser opens comfortably (docs/performance.md), and the
/// Services left out are still listed with their findings.
pub(crate) const MAX_REPORT_GRAPHS: usize = 400;

pub(crate) fn write(
    out: &mut dyn std::io::Write,
    global: &GlobalArgs,
    env: &Env,
    cluster: &Cluster,
    d: &Diagnosis,
    rules: ControllerRules,
    rules_source: RulesSource,
) -> Result<()> {
    let explain_opts = ExplainOptions {
        rules,
        rules_source: rules_source.clone(),
        cluster_domain: global.cluster_domain.clone(),
    };
    // Worst first (the diagnosis order), so the graphs that are drawn are the ones that matter.
    let with_findings: Vec<(&str, &str)> = d
        .services
        .iter()
        .filter(|s| !s.findings.is_empty())
        .map(|s| (s.namespace.as_str(), s.name.as_str()))
        .collect();
    let drawn: std::collections::BTreeSet<(&str, &str)> = with_findings
        .iter()
        .take(MAX_REPORT_GRAPHS)
        .copied()
        .collect();
    let gs = service_graphs(cluster, d, &explain_opts, |s| {
        drawn
            .contains(&(s.namespace.as_str(), s.name.as_str()))
            .then(GraphOptions::default)
    });
    let meta = ReportMeta {
        source: source(global),
        rules: format!(
            "Kubernetes {} controller rules ({})",
            rules.version,
            rules_source.describe()
        ),
        tool: format!("kubectl-svcx {}", long_version()),
        generated_at: env.now.clone(),
        graphs_left_out: with_findings.len().saturating_sub(MAX_REPORT_GRAPHS),
    };
    write_html_report(out, d, &gs, &meta)?;
    Ok(())
}

/// `files: a.yaml, b/` or `live cluster (context prod)`.
fn source(global: &GlobalArgs) -> String {
    if !global.filenames.is_empty() {
        return format!("files: {}", global.filenames.join(", "));
    }
    let scope = if global.all_namespaces {
        "all namespaces".to_string()
    } else {
        global.namespace.as_ref().map_or_else(
            || "the context's namespace".to_string(),
            |n| format!("namespace {n}"),
        )
    };
    match &global.cluster.context {
        Some(c) => format!("live cluster, kubeconfig context {c}, {scope}"),
        None => format!("live cluster, current kubeconfig context, {scope}"),
    }
}
