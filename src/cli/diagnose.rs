//! `diagnose [SERVICE] [-n NS | -A]`: gather, diagnose, render, choose the exit status.

use super::args::{DiagnoseArgs, GlobalArgs, OutputArg};
use super::{Env, exit, input, report, rules};
use crate::analysis::{DiagnoseOptions, Diagnosis, Scope, diagnose};
use crate::model::Cluster;
use crate::render::{render_diagnosis, write_sarif};
use crate::source::live::Scope as LiveScope;
use anyhow::{Result, bail};

pub(crate) async fn run(global: &GlobalArgs, args: &DiagnoseArgs, env: &Env) -> Result<u8> {
    let (cluster, scope) = load(global, args.service.as_deref(), env).await?;
    let (rules, rules_source) = rules::choose(global.kube_version, &cluster);
    let opts = DiagnoseOptions {
        rules,
        ignore: args.ignore.iter().copied().collect(),
        threads: env.cores.min(8),
    };
    let d = diagnose(&cluster, &scope, &opts);
    if let (false, Scope::Namespace(ns)) = (global.filenames.is_empty(), &scope)
        && d.services.is_empty()
        && d.unattached.is_empty()
    {
        // "No Services to diagnose." would pass a CI job that checked nothing: say what the
        // filter left out instead (docs/input.md).
        bail!(
            "no Service in namespace {ns}; {}",
            input::services_by_namespace(&cluster)
        );
    }
    let ui = env.ui(global.color.into(), global.width);
    let mut out = super::stdout_buffered();
    if global.output == OutputArg::Sarif {
        write_sarif(&mut out, &d, &cluster.origins)?;
    } else if global.output == OutputArg::Html {
        report::write(&mut out, global, env, &cluster, &d, rules, rules_source)?;
    } else {
        render_diagnosis(&mut out, &d, global.output.into(), &ui)?;
    }
    std::io::Write::flush(&mut out)?;
    let code = status(&d, args);
    // The process exits next: freeing a big cluster object by object costs several percent of
    // the run (docs/performance.md), and the OS reclaims it at once.
    std::mem::forget(cluster);
    Ok(code)
}

/// Reads the input and decides the scope: SERVICE > -A > -n > (files: every namespace in them,
/// like `kubectl get -f`; live: the context's namespace, else `default`). Live, one Service
/// gets the one-Service read `explain` and `snapshot SERVICE` use (`fetch_service`: its own
/// objects and what is around it in its namespace; the namespace's pods when its selector
/// selects none), so all three agree; many Services get each kind listed once, paged.
pub(crate) async fn load(
    global: &GlobalArgs,
    service: Option<&str>,
    env: &Env,
) -> Result<(Cluster, Scope)> {
    if global.all_namespaces && service.is_some() {
        // kubectl: "a resource cannot be retrieved by name across all namespaces".
        bail!("a Service cannot be named across all namespaces: drop -A, or the Service name");
    }
    if !global.filenames.is_empty() {
        let cluster = input::load(global)?;
        let scope = files_scope(&cluster, global, service)?;
        return Ok((cluster, scope));
    }
    if let Some(service) = service {
        let (cluster, namespace, name) = input::load_for_service(global, env, service).await?;
        return Ok((cluster, Scope::Service { namespace, name }));
    }
    let (cluster, live_scope) = input::load_scope(global, env).await?;
    let scope = match live_scope {
        LiveScope::All => Scope::All,
        LiveScope::Namespace(ns) => Scope::Namespace(ns),
    };
    Ok((cluster, scope))
}

fn files_scope(cluster: &Cluster, global: &GlobalArgs, service: Option<&str>) -> Result<Scope> {
    if let Some(service) = service {
        let (namespace, name) = input::target(cluster, service, global.namespace.as_deref())?;
        return Ok(Scope::Service { namespace, name });
    }
    if global.all_namespaces {
        return Ok(Scope::All);
    }
    Ok(match &global.namespace {
        Some(ns) => Scope::Namespace(ns.clone()),
        None => Scope::All,
    })
}

fn status(d: &Diagnosis, args: &DiagnoseArgs) -> u8 {
    match (args.fail_on.threshold(), d.worst()) {
        (Some(threshold), Some(worst)) if worst >= threshold => exit::FINDINGS,
        _ => exit::OK,
    }
}
