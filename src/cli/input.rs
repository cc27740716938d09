//! Getting a `Cluster` for a command: from files (`-f`), else from the cluster of the
//! kubeconfig context, exactly as kubectl would connect.
//!
//! Fetch policy is decided here: one Service gets the scoped fetch (`fetch_service`), commands
//! over many Services get paged lists of each kind (`load_scope`).

use super::args::{GlobalArgs, OutputArg};
use super::{Env, progress, stderr};
use crate::model::Cluster;
use crate::source::live::{self, ConnectOptions, Fetched, LiveSource, Scope};
use crate::source::{FileInput, LoadOptions, load_files_with};
use anyhow::{Result, bail};

/// Loads what explaining one Service needs, and says which Service `arg` (`NAME` or
/// `NAMESPACE/NAME`) is: `(cluster, namespace, name)`.
///
/// Files: everything in them; without `-n`, a name found in exactly one namespace is taken
/// from there. Live: only that Service's objects (see `source::live::fetch_service`); without
/// `-n`, the context's namespace, else `default`, as kubectl does.
pub(crate) async fn load_for_service(
    global: &GlobalArgs,
    env: &Env,
    arg: &str,
) -> Result<(Cluster, String, String)> {
    if !global.filenames.is_empty() {
        let cluster = load(global)?;
        let (ns, name) = target(&cluster, arg, global.namespace.as_deref())?;
        return Ok((cluster, ns, name));
    }
    let live = connect(global, env).await?;
    let (ns, name) = match arg.split_once('/') {
        Some((ns, name)) => (ns.to_string(), name.to_string()),
        None => (
            global
                .namespace
                .clone()
                .unwrap_or_else(|| live.default_namespace.clone()),
            arg.to_string(),
        ),
    };
    let fetched = live::fetch_service(&live, &ns, &name).await?;
    Ok((report(global, &live, fetched), ns, name))
}

/// Loads what `reach` needs: files whole (every namespace: the destination, the cluster DNS
/// and policies may live anywhere), or, live, every namespace's Services, Pods, EndpointSlices,
/// NetworkPolicies and Namespaces, the Nodes, and the client's workload
/// (`source::live::fetch_reach`).
pub(crate) async fn load_for_reach(
    global: &GlobalArgs,
    env: &Env,
    from: &crate::analysis::reach::ClientSpec,
) -> Result<(Cluster, Option<String>)> {
    if !global.filenames.is_empty() {
        return Ok((load(global)?, global.namespace.clone()));
    }
    let live = connect(global, env).await?;
    let default_ns = global
        .namespace
        .clone()
        .unwrap_or_else(|| live.default_namespace.clone());
    let workload = match from {
        crate::analysis::reach::ClientSpec::Workload {
            kind,
            namespace,
            name,
        } => Some(live::WorkloadRef {
            kind: kind.clone(),
            namespace: namespace
                .clone()
                .or_else(|| global.namespace.clone())
                .unwrap_or_else(|| live.default_namespace.clone()),
            name: name.clone(),
        }),
        _ => None,
    };
    let fetched = live::fetch_reach(&live, workload.as_ref()).await?;
    Ok((report(global, &live, fetched), Some(default_ns)))
}

/// Loads what a command over many Services needs, and the scope the user asked for.
///
/// Live: `-A` lists every namespace, else `-n`, else the context's namespace (each kind
/// listed once, paged). Files: `-n` keeps that namespace's objects, otherwise everything in
/// the files is used (`Scope::All`).
pub(crate) async fn load_scope(global: &GlobalArgs, env: &Env) -> Result<(Cluster, Scope)> {
    if !global.filenames.is_empty() {
        let cluster = load(global)?;
        return Ok(match (&global.namespace, global.all_namespaces) {
            (Some(ns), false) => (only_namespace(cluster, ns), Scope::Namespace(ns.clone())),
            _ => (cluster, Scope::All),
        });
    }
    let live = connect(global, env).await?;
    let scope = if global.all_namespaces {
        Scope::All
    } else {
        Scope::Namespace(
            global
                .namespace
                .clone()
                .unwrap_or_else(|| live.default_namespace.clone()),
        )
    };
    let fetch = live::fetch_scope(&live, &scope);
    // A whole-cluster read can take a while: say so on a terminal (issue: `-A` progress).
    let fetched = if global.all_namespaces && env.stderr_tty {
        progress::while_running(fetch, || {
            progress::reading(live.requests_sent(), live.bytes_received())
        })
        .await?
    } else {
        fetch.await?
    };
    Ok((report(global, &live, fetched), scope))
}

/// kubectl's connection flags -> a client (nothing is sent yet).
pub(crate) async fn connect(global: &GlobalArgs, env: &Env) -> Result<LiveSource> {
    let c = &global.cluster;
    if !c.as_group.is_empty() && c.as_user.is_none() {
        // client-go refuses the same (`rest.Config` impersonation needs a user name).
        bail!("--as-group requires --as");
    }
    let opts = ConnectOptions {
        kubeconfig: env.kubeconfig_location(c.kubeconfig.as_deref()),
        context: c.context.clone(),
        cluster: c.cluster.clone(),
        user: c.user.clone(),
        impersonate: c.as_user.clone(),
        impersonate_groups: c.as_group.clone(),
        request_timeout: c.request_timeout.as_option(),
    };
    Ok(live::connect(&opts).await?)
}

/// Prints the warnings (and, with `-v`, what was read); returns the cluster.
fn report(global: &GlobalArgs, live: &LiveSource, fetched: Fetched) -> Cluster {
    for w in &fetched.warnings {
        stderr::warning(w);
    }
    let c = fetched.cluster;
    if global.verbose {
        stderr::note(format_args!(
            "read {} in {} request(s): services={} pods={} endpointslices={} endpoints={} nodes={}{}",
            live.server(),
            live.requests_sent(),
            c.services.len(),
            c.pods.len(),
            c.endpoint_slices.len(),
            if c.endpoints_known {
                c.endpoints.len().to_string()
            } else {
                "unknown".into()
            },
            if c.nodes_known {
                c.nodes.len().to_string()
            } else {
                "unknown".into()
            },
            c.server_version
                .map(|v| format!(" server={v}"))
                .unwrap_or_default(),
        ));
    }
    c
}

/// Keeps the namespaced objects of `ns` (Nodes are cluster-scoped and stay).
fn only_namespace(mut c: Cluster, ns: &str) -> Cluster {
    c.services.retain(|o| o.namespace == ns);
    c.pods.retain(|o| o.namespace == ns);
    c.endpoint_slices.retain(|o| o.namespace == ns);
    c.endpoints.retain(|o| o.namespace == ns);
    c.events.retain(|o| o.namespace == ns);
    c
}

/// One note per object defined more than once, up to this many (overlapping dumps can repeat
/// every object); then one line counts the rest.
const MAX_REPLACED_NOTES: usize = 20;

/// Reads the `-f` inputs (files only; `load_for_service`/`load_scope` also read clusters).
/// Objects' files and lines are recorded only for `-o sarif` (it costs a second,
/// structure-only parse of YAML).
pub(crate) fn load(global: &GlobalArgs) -> Result<Cluster> {
    if global.filenames.is_empty() {
        bail!("no input: pass -f FILE (a `kubectl get -o yaml` dump or manifests)");
    }
    let inputs: Vec<FileInput> = global
        .filenames
        .iter()
        .map(|f| FileInput::parse(f))
        .collect();
    let options = LoadOptions {
        track_lines: global.output == OutputArg::Sarif,
        // `-n` with files is `kubectl apply -n`: namespace-less objects go there (with `-A`
        // there is no one namespace to put them in: `default`, as without `-n`).
        namespace: global.namespace.clone().filter(|_| !global.all_namespaces),
    };
    let (cluster, report) = load_files_with(&inputs, &options)?;
    for r in report.replaced.iter().take(MAX_REPLACED_NOTES) {
        stderr::note(format_args!("note: {r}"));
    }
    if let Some(more) = report.replaced.len().checked_sub(MAX_REPLACED_NOTES + 1) {
        stderr::note(format_args!(
            "note: {} more objects are defined more than once; each is used once (docs/input.md#duplicates)",
            more + 1
        ));
    }
    // A snapshot says what its live run could not read: say it again, in the same words.
    for w in &cluster.read_warnings {
        stderr::warning(w);
    }
    if global.verbose {
        let used: Vec<String> = report
            .stats
            .used
            .iter()
            .map(|(k, n)| format!("{k}={n}"))
            .collect();
        let skipped: Vec<String> = report
            .stats
            .skipped
            .iter()
            .map(|(k, n)| format!("{k}={n}"))
            .collect();
        stderr::note(format_args!(
            "read {} file(s), {} document(s); used: {}; skipped: {}",
            report.files.len(),
            report.documents,
            if used.is_empty() {
                "none".into()
            } else {
                used.join(" ")
            },
            if skipped.is_empty() {
                "none".into()
            } else {
                skipped.join(" ")
            },
        ));
    }
    Ok(cluster)
}

/// Resolves `NAME` or `NAMESPACE/NAME` to a namespace and name. Without `-n`, a name that
/// exists in exactly one namespace of the input is taken from there.
pub(crate) fn target(
    cluster: &Cluster,
    arg: &str,
    namespace: Option<&str>,
) -> Result<(String, String)> {
    let (ns, name) = match arg.split_once('/') {
        Some((ns, name)) => (Some(ns.to_string()), name.to_string()),
        None => (namespace.map(str::to_string), arg.to_string()),
    };
    if let Some(ns) = ns {
        if cluster.service(&ns, &name).is_none() {
            bail!(not_found(cluster, &ns, &name));
        }
        return Ok((ns, name));
    }
    let mut found: Vec<&str> = cluster
        .services
        .iter()
        .filter(|s| s.name == name)
        .map(|s| s.namespace.as_str())
        .collect();
    found.sort_unstable();
    found.dedup();
    match found.as_slice() {
        [one] => Ok(((*one).to_string(), name)),
        [] => bail!(not_found(cluster, "default", &name)),
        many => bail!(
            "service {name:?} exists in several namespaces ({}); pass -n NAMESPACE",
            many.join(", ")
        ),
    }
}

fn not_found(cluster: &Cluster, ns: &str, name: &str) -> String {
    let mut names: Vec<&str> = cluster
        .services
        .iter()
        .filter(|s| s.namespace == ns)
        .map(|s| s.name.as_str())
        .collect();
    names.sort_unstable();
    let mut msg = format!("service {name:?} not found in namespace {ns:?}");
    if names.is_empty() {
        msg.push_str(&format!("; {}", services_by_namespace(cluster)));
    } else if names.len() <= 10 {
        msg.push_str(&format!(" (services there: {})", names.join(", ")));
    } else {
        msg.push_str(&format!(" ({} services there)", names.len()));
    }
    msg
}

/// What the input holds, for a filter that left nothing: `the files hold Services in: default
/// (3), shop (1)`, or `the files hold no Services`.
pub(crate) fn services_by_namespace(cluster: &Cluster) -> String {
    let mut counts: std::collections::BTreeMap<&str, usize> = std::collections::BTreeMap::new();
    for s in &cluster.services {
        *counts.entry(s.namespace.as_str()).or_default() += 1;
    }
    if counts.is_empty() {
        return "the files hold no Services".to_string();
    }
    let list: Vec<String> = counts.iter().map(|(ns, n)| format!("{ns} ({n})")).collect();
    format!("the files hold Services in: {}", list.join(", "))
}
