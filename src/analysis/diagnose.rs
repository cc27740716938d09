//! `diagnose`: every check on every Service in scope, plus slices that belong to no Service.
//!
//! The cluster is indexed once (`Lookup`: pods by label, slices by Service, ...), so the cost
//! grows with the size of the input, not with services × pods.

use super::checks::{Ctx, run_service, run_unattached};
use super::diagnosis::{DiagnoseOptions, Diagnosis, Scope, ServiceDiagnosis, sort_findings};
use super::finding::Finding;
use super::lookup::Lookup;
use crate::model::{Cluster, Service};

/// Diagnoses the Services of `cluster` in `scope`.
pub fn diagnose(cluster: &Cluster, scope: &Scope, opts: &DiagnoseOptions) -> Diagnosis {
    let look = Lookup::new(cluster);
    let mut services: Vec<&Service> = cluster
        .services
        .iter()
        .filter(|s| scope.covers_service(&s.namespace, &s.name))
        .collect();
    services.sort_by(|a, b| (&a.namespace, &a.name).cmp(&(&b.namespace, &b.name)));
    services.dedup_by(|a, b| a.namespace == b.namespace && a.name == b.name);
    let mut out: Vec<ServiceDiagnosis> = services
        .into_iter()
        .map(|svc| {
            let ctx = Ctx::new(svc, &look, &opts.rules);
            let mut findings = keep(run_service(&ctx), opts);
            sort_findings(&mut findings);
            ServiceDiagnosis {
                namespace: svc.namespace.clone(),
                name: svc.name.clone(),
                type_: svc.service_type(),
                headless: svc.is_headless(),
                findings,
            }
        })
        .collect();
    // Worst first; healthy last; by namespace/name within a severity (the sort is stable).
    out.sort_by_key(|s| std::cmp::Reverse(s.worst()));
    let slices = cluster
        .endpoint_slices
        .iter()
        .filter(|s| scope.covers_namespace(&s.namespace));
    let mut unattached = keep(run_unattached(&look, slices), opts);
    sort_findings(&mut unattached);
    Diagnosis {
        services: out,
        unattached,
    }
}

fn keep(findings: Vec<Finding>, opts: &DiagnoseOptions) -> Vec<Finding> {
    findings
        .into_iter()
        .filter(|f| !opts.ignore.contains(&f.code))
        .collect()
}
