//! Names offered by `__complete`: Services and namespaces, read from the `-f` files on the
//! command line being completed.
//!
//! The hook for the live cluster is `Lookup::source`: without `-f`, the commands read the current
//! kubeconfig context, and completion should list Services there (one namespace-scoped list,
//! with a short timeout, errors swallowed). Until the live source exists it offers nothing.

use crate::model::Cluster;
use crate::source::{FileInput, load_files};
use std::collections::BTreeMap;

/// Argument ids with completion beyond clap's own knowledge (field names in `args.rs`): give a
/// new command's Service positional the id `service` and it completes Service names.
pub const FILENAMES_ID: &str = "filenames";
/// `-n/--namespace`.
pub const NAMESPACE_ID: &str = "namespace";
/// A Service positional.
pub const SERVICE_ID: &str = "service";

/// What the words typed so far say about where objects come from.
#[derive(Debug, Default)]
pub struct Lookup {
    /// `-f` values, in order.
    pub filenames: Vec<String>,
    /// `-n`.
    pub namespace: Option<String>,
}

impl Lookup {
    /// Notes an option value given on the command line.
    pub fn record(&mut self, arg_id: &str, value: &str) {
        match arg_id {
            FILENAMES_ID => self.filenames.push(value.to_string()),
            NAMESPACE_ID => self.namespace = Some(value.to_string()),
            _ => {}
        }
    }

    /// The objects to take names from, or `None` when nothing is readable (completion never
    /// reports errors: a broken file just offers nothing).
    fn cluster(&self) -> Option<Cluster> {
        if self.filenames.is_empty() {
            // The live hook: list the Services of the current context here (scoped to
            // `self.namespace` when set) once `source` can read a cluster.
            return None;
        }
        // stdin is the user's terminal during completion, not input.
        let inputs: Vec<FileInput> = self
            .filenames
            .iter()
            .filter(|f| f.as_str() != "-")
            .map(|f| FileInput::parse(f))
            .collect();
        if inputs.is_empty() {
            return None;
        }
        load_files(&inputs).ok().map(|(cluster, _)| cluster)
    }
}

/// Namespaces that hold a Service, with how many.
pub fn namespaces(lookup: &Lookup) -> Vec<(String, Option<String>)> {
    let Some(cluster) = lookup.cluster() else {
        return Vec::new();
    };
    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    for s in &cluster.services {
        *counts.entry(s.namespace.as_str()).or_default() += 1;
    }
    counts
        .into_iter()
        .map(|(ns, n)| (ns.to_string(), Some(format!("{n} Service(s)"))))
        .collect()
}

/// Service names as `explain SERVICE` accepts them: within `-n` when given; otherwise a bare
/// name where it is unique across namespaces and `NAMESPACE/NAME` where it is not (or when the
/// user is typing a `/`).
pub fn services(lookup: &Lookup, current: &str) -> Vec<(String, Option<String>)> {
    let Some(cluster) = lookup.cluster() else {
        return Vec::new();
    };
    let describe =
        |s: &crate::model::Service| Some(format!("{} in {}", s.service_type(), s.namespace));
    let mut out: Vec<(String, Option<String>)> = Vec::new();
    if let Some(ns) = lookup
        .namespace
        .as_deref()
        .filter(|_| !current.contains('/'))
    {
        for s in cluster.services.iter().filter(|s| s.namespace == ns) {
            out.push((s.name.clone(), describe(s)));
        }
    } else {
        let mut by_name: BTreeMap<&str, usize> = BTreeMap::new();
        for s in &cluster.services {
            *by_name.entry(s.name.as_str()).or_default() += 1;
        }
        for s in &cluster.services {
            if by_name[s.name.as_str()] == 1 && !current.contains('/') {
                out.push((s.name.clone(), describe(s)));
            } else {
                out.push((format!("{}/{}", s.namespace, s.name), describe(s)));
            }
        }
    }
    out.sort();
    out.dedup();
    out
}
