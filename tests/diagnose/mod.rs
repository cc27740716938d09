//! `diagnose`: ground truth from real clusters, small fixtures per code, and the CLI.

mod cases;
mod cli;
mod expected;

use std::collections::{BTreeMap, BTreeSet};
use svcx::analysis::{DiagnoseOptions, Diagnosis, Finding, Scope, diagnose};
use svcx::model::{Cluster, ControllerRules, KubeVersion};
use svcx::source::{FileInput, load_files};

/// Loads fixture files (paths relative to tests/fixtures).
pub fn load(rel: &[&str]) -> Cluster {
    let inputs: Vec<FileInput> = rel
        .iter()
        .map(|r| FileInput::Path(crate::util::fixture(r)))
        .collect();
    load_files(&inputs)
        .unwrap_or_else(|e| panic!("loading {rel:?}: {e}"))
        .0
}

/// Diagnoses everything with v1.32 rules (the fixtures' control plane).
pub fn run(cluster: &Cluster) -> Diagnosis {
    let opts = DiagnoseOptions {
        rules: ControllerRules::for_version(KubeVersion::new(1, 32)),
        ..DiagnoseOptions::default()
    };
    diagnose(cluster, &Scope::All, &opts)
}

/// `ns/name` -> codes found (empty set = healthy).
pub fn codes(d: &Diagnosis) -> BTreeMap<String, BTreeSet<String>> {
    d.services
        .iter()
        .map(|s| {
            (
                format!("{}/{}", s.namespace, s.name),
                s.findings
                    .iter()
                    .map(|f| f.code.as_str().to_string())
                    .collect(),
            )
        })
        .collect()
}

/// The finding with `code` on Service `ns/name`.
pub fn finding<'a>(d: &'a Diagnosis, svc: &str, code: &str) -> &'a Finding {
    let (ns, name) = svc.split_once('/').expect("ns/name");
    d.services
        .iter()
        .find(|s| s.namespace == ns && s.name == name)
        .unwrap_or_else(|| panic!("no service {svc}"))
        .findings
        .iter()
        .find(|f| f.code.as_str() == code)
        .unwrap_or_else(|| panic!("no {code} on {svc}"))
}

/// Objects of a finding as `Kind/name` (or `Kind/ns/name` outside the finding's namespace).
pub fn objects(f: &Finding) -> Vec<String> {
    f.objects
        .iter()
        .map(|o| match &o.namespace {
            Some(ns) if *ns != f.namespace => format!("{}/{ns}/{}", o.kind, o.name),
            _ => format!("{}/{}", o.kind, o.name),
        })
        .collect()
}
