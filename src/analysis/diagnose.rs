//! `diagnose`: every check on every Service in scope, plus slices that belong to no Service.
//!
//! The cluster is indexed once (`Lookup`: pods by label, slices by Service, ...), so the cost
//! grows with the size of the input, not with services × pods.

use super::checks::{Ctx, run_manifest_service, run_service, run_unattached, run_unattached_refs};
use super::diagnosis::{DiagnoseOptions, Diagnosis, Scope, ServiceDiagnosis, sort_findings};
use super::finding::{Code, Finding};
use super::input_mode::{InputMode, Origins};
use super::lookup::Lookup;
use crate::model::{Cluster, Service};
use crate::ordered_parallel::map_in_order;

/// Diagnoses the Services of `cluster` in `scope`.
pub fn diagnose(cluster: &Cluster, scope: &Scope, opts: &DiagnoseOptions) -> Diagnosis {
    let look = Lookup::new(cluster, opts.threads);
    let origins = Origins::of(cluster);
    let mut services: Vec<&Service> = cluster
        .services
        .iter()
        .filter(|s| scope.covers_service(&s.namespace, &s.name))
        .collect();
    services.sort_by(|a, b| (&a.namespace, &a.name).cmp(&(&b.namespace, &b.name)));
    services.dedup_by(|a, b| a.namespace == b.namespace && a.name == b.name);
    let mut out: Vec<ServiceDiagnosis> = map_in_order(&services, opts.threads, |&svc| {
        let ctx = Ctx::new(svc, &look, &opts.rules);
        let mode = origins.service_mode(svc, !ctx.selected.is_empty());
        let found = match mode {
            InputMode::Manifests => run_manifest_service(&ctx),
            _ => run_service(&ctx),
        };
        // A Service not applied yet has no load balancer to wait for.
        let found = found
            .into_iter()
            .filter(|f| svc.live || f.code != Code::LoadbalancerPending)
            .collect();
        let mut findings = keep(found, opts, mode);
        sort_findings(&mut findings);
        ServiceDiagnosis {
            namespace: svc.namespace.clone(),
            name: svc.name.clone(),
            type_: svc.service_type(),
            headless: svc.is_headless(),
            findings,
            mode,
        }
    });
    let modes: Vec<InputMode> = out.iter().map(|s| s.mode).collect();
    let report = origins.report(&modes);
    let mode = report.mode;
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
    let mut unattached = merge_alike(keep(found, opts, mode));
    sort_findings(&mut unattached);
    Diagnosis {
        services: out,
        unattached,
        mode,
        mode_reason: report.reason,
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

/// Findings that say the same thing of the same objects come once, counted. Identity keeps one
/// definition of each object (`source::identity`), so only objects it cannot tell apart (no
/// `metadata.name`, e.g. ten nameless Ingresses in one namespace) get here more than once.
fn merge_alike(findings: Vec<Finding>) -> Vec<Finding> {
    let mut out: Vec<Finding> = Vec::with_capacity(findings.len());
    let mut index: std::collections::HashMap<_, (usize, usize)> = std::collections::HashMap::new();
    for f in findings {
        let key = (
            f.code,
            f.namespace.clone(),
            f.objects.clone(),
            f.message.clone(),
        );
        match index.get_mut(&key) {
            Some((_, n)) => *n += 1,
            None => {
                index.insert(key, (out.len(), 1));
                out.push(f);
            }
        }
    }
    for (i, n) in index.into_values() {
        if n > 1 {
            out[i].details.push(format!(
                "{n} objects in the input give this same finding (objects without a name cannot be told apart)"
            ));
        }
    }
    out
}

/// Drops what `--ignore` names and what the input mode cannot judge (in manifests, e.g.
/// `loadbalancer-pending`; without pods, whatever would only say "no pods").
fn keep(findings: Vec<Finding>, opts: &DiagnoseOptions, mode: InputMode) -> Vec<Finding> {
    findings
        .into_iter()
        .filter(|f| mode.checks(f.code) && !opts.ignore.contains(&f.code))
        .collect()
}
