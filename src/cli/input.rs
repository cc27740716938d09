//! Getting a `Cluster` for a command (files now; the live cluster plugs in here).

use super::args::{GlobalArgs, OutputArg};
use crate::model::Cluster;
use crate::source::{FileInput, load_files, load_files_tracking_lines};
use anyhow::{Result, bail};
use std::io::Write;

/// Loads the cluster the command works on. Objects' files and lines are recorded only for
/// `-o sarif` (it costs a second, structure-only parse of YAML).
pub(crate) fn load(global: &GlobalArgs) -> Result<Cluster> {
    if global.filenames.is_empty() {
        bail!(
            "no input: pass -f FILE (a `kubectl get -o yaml` dump or manifests); reading a live cluster is not available in this build"
        );
    }
    let inputs: Vec<FileInput> = global
        .filenames
        .iter()
        .map(|f| FileInput::parse(f))
        .collect();
    let (cluster, report) = if global.output == OutputArg::Sarif {
        load_files_tracking_lines(&inputs)?
    } else {
        load_files(&inputs)?
    };
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
        #[allow(clippy::print_stderr)]
        let _ = writeln!(
            std::io::stderr(),
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
        );
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
    if !names.is_empty() && names.len() <= 10 {
        msg.push_str(&format!(" (services there: {})", names.join(", ")));
    } else if names.len() > 10 {
        msg.push_str(&format!(" ({} services there)", names.len()));
    }
    msg
}
