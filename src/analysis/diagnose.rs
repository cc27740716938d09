//! `diagnose`: every check on every Service in scope, plus slices that belong to no Service.
//!
//! The cluster is indexed once (`Lookup`: pods by label, slices by Service, ...), so the cost
//! grows with the size of the input, not with services × pods.

use super::checks::{Ctx, run_manifest_service, run_service, run_unattached, run_unattached_refs};
use super::diagnosis::{DiagnoseOptions, Diagnosis, Scope, ServiceDiagnosis, sort_findings};
use super::finding::{Code, Finding};
use super::input_mode::InputMode;
use super::lookup::Lookup;
use crate::model::{Cluster, Service};
use crate::ordered_parallel::map_in_order;

/// Diagnoses the Services of `cluster` in `scope`.
pub fn diagnose(cluster: &Cluster, scope: &Scope, opts: &DiagnoseOptions) -> Diagnosis {
    let look = Lookup::new(cluster);
    let mode = InputMode::detect(cluster);
    let mut services: Vec<&Service> = cluster
        .services
        .iter()
        .filter(|s| scope.covers_service(&s.namespace, &s.name))
        .collect();
    services.sort_by(|a, b| (&a.namespace, &a.name).cmp(&(&b.namespace, &b.name)));
    services.dedup_by(|a, b| a.namespace == b.namespace && a.name == b.name);
    let mut out: Vec<ServiceDiagnosis> = map_in_order(&services, opts.threads, |&svc| {
        let ctx = Ctx::new(svc, &look, &opts.rules);
        let found = match mode {
            InputMode::Live | InputMode::WithoutPods => run_service(&ctx),
            InputMode::Manifests => run_manifest_service(&ctx),
        };
        let mut findings = keep(found, opts, mode);
        sort_findings(&mut findings);
        ServiceDiagnosis {
            namespace: svc.namespace.clone(),
            name: svc.name.clone(),
            type_: svc.service_type(),
            headless: svc.is_headless(),
            findings,
        }
    });
    once_per_workload(&mut out);
    // Worst first; healthy last; by namespace/name within a severity (the sort is stable).
    out.sort_by_key(|s| std::cmp::Reverse(s.worst()));
    let slices = cluster
        .endpoint_slices
        .iter()
        .filter(|s| scope.covers_namespace(&s.namespace));
    let mut found = run_unattached(&look, slices);
    found.extend(run_unattached_refs(
        &look,
        &opts.rules,
        cluster
            .routers
            .iter()
            .filter(|r| scope.covers_namespace(&r.namespace)),
        cluster
            .workloads
            .iter()
            .filter(|w| scope.covers_namespace(&w.namespace)),
    ));
    let mut unattached = keep(found, opts, mode);
    sort_findings(&mut unattached);
    Diagnosis {
        services: out,
        unattached,
        mode,
    }
}

/// Findings about a workload that every Service selecting it computes alike (they name all
/// those Services) stay only under the first Service, by namespace and name.
fn once_per_workload(services: &mut [ServiceDiagnosis]) {
    let mut seen = std::collections::HashSet::new();
    for s in services {
        s.findings.retain(|f| {
            f.code != Code::ReadinessProbeMissing
                || seen.insert((f.subject.clone(), f.objects.clone(), f.message.clone()))
        });
    }
}

/// Drops what `--ignore` names and what the input mode cannot judge (in manifests, e.g.
/// `loadbalancer-pending`; without pods, whatever would only say "no pods").
fn keep(findings: Vec<Finding>, opts: &DiagnoseOptions, mode: InputMode) -> Vec<Finding> {
    findings
        .into_iter()
        .filter(|f| mode.checks(f.code) && !opts.ignore.contains(&f.code))
        .collect()
}
