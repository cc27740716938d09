//! `diagnose [SERVICE] [-n NS | -A]`: gather, diagnose, render, choose the exit status.

use super::args::{DiagnoseArgs, GlobalArgs, OutputArg};
use super::{Env, exit, input, rules};
use crate::analysis::{DiagnoseOptions, Diagnosis, Scope, diagnose};
use crate::model::Cluster;
use crate::render::{render_diagnosis, write_sarif};
use anyhow::{Result, bail};

pub(crate) async fn run(global: &GlobalArgs, args: &DiagnoseArgs, env: &Env) -> Result<u8> {
    if args.all_namespaces && args.service.is_some() {
        // kubectl: "a resource cannot be retrieved by name across all namespaces".
        bail!("a Service cannot be named across all namespaces: drop -A, or the Service name");
    }
    let cluster = input::load(global)?;
    let scope = scope(&cluster, global, args)?;
    let (rules, _) = rules::choose(global.kube_version, &cluster);
    let opts = DiagnoseOptions {
        rules,
        ignore: args.ignore.iter().copied().collect(),
    };
    let d = diagnose(&cluster, &scope, &opts);
    let ui = env.ui(global.color.into(), global.width);
    let mut out = std::io::stdout().lock();
    if global.output == OutputArg::Sarif {
        write_sarif(&mut out, &d, &cluster.origins)?;
    } else {
        render_diagnosis(&mut out, &d, global.output.into(), &ui)?;
    }
    Ok(status(&d, args))
}

/// SERVICE > -A > -n > (files: every namespace in them, like `kubectl get -f`; live: the
/// namespace in force, "default" here until the live source provides the context's).
fn scope(cluster: &Cluster, global: &GlobalArgs, args: &DiagnoseArgs) -> Result<Scope> {
    if let Some(service) = &args.service {
        let (namespace, name) = input::target(cluster, service, global.namespace.as_deref())?;
        return Ok(Scope::Service { namespace, name });
    }
    if args.all_namespaces {
        return Ok(Scope::All);
    }
    match &global.namespace {
        Some(ns) => Ok(Scope::Namespace(ns.clone())),
        None if !global.filenames.is_empty() => Ok(Scope::All),
        None => Ok(Scope::Namespace("default".to_string())),
    }
}

fn status(d: &Diagnosis, args: &DiagnoseArgs) -> u8 {
    match (args.fail_on.threshold(), d.worst()) {
        (Some(threshold), Some(worst)) if worst >= threshold => exit::FINDINGS,
        _ => exit::OK,
    }
}
