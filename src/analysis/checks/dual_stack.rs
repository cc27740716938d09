//! `dual-stack-single-family-pods`: a dual-stack Service whose pods have only one IP family.
//!
//! The controller reconciles one set of slices per family in `spec.ipFamilies` and takes each
//! family's addresses from the pod's `podIPs` (semantics §1.2, §1.5;
//! <https://kubernetes.io/docs/concepts/services-networking/dual-stack/#services>): a pod
//! without an address of a family is missing from that family's slices, so clients using that
//! family's cluster IP reach fewer (or no) backends.

use super::Ctx;
use crate::analysis::finding::{Code, Finding, Severity};
use crate::model::IpFamily;

/// Pods missing one of the Service's two families.
pub(super) fn check_dual_stack(ctx: &Ctx<'_>) -> Vec<Finding> {
    let svc = ctx.svc;
    let dual_policy = matches!(
        svc.ip_family_policy.as_deref(),
        Some("RequireDualStack" | "PreferDualStack")
    );
    if !dual_policy || svc.ip_families.len() < 2 {
        return vec![];
    }
    let mut objects = Vec::new();
    let mut details = Vec::new();
    let mut missing_by_family = [0usize; 2];
    for pod in ctx
        .selected
        .iter()
        .filter(|p| !p.phase.is_terminal() && !p.pod_ips().is_empty())
    {
        let have: Vec<IpFamily> = pod
            .pod_ips()
            .iter()
            .filter_map(|ip| IpFamily::of(ip))
            .collect();
        let missing: Vec<IpFamily> = svc
            .ip_families
            .iter()
            .copied()
            .filter(|f| !have.contains(f))
            .collect();
        // A pod with none of the families is reported by pods-excluded.
        if missing.is_empty() || missing.len() == svc.ip_families.len() {
            continue;
        }
        for f in &missing {
            missing_by_family[usize::from(*f == IpFamily::V6)] += 1;
        }
        objects.push(ctx.pod_ref(&pod.name));
        let names: Vec<&str> = missing.iter().map(|f| f.as_str()).collect();
        details.push(format!(
            "{}: no {} address in podIPs",
            pod.name,
            names.join("/")
        ));
    }
    if objects.is_empty() {
        return vec![];
    }
    let family = if missing_by_family[1] >= missing_by_family[0] {
        "IPv6"
    } else {
        "IPv4"
    };
    vec![
        ctx.finding(
            Code::DualStackSingleFamilyPods,
            Severity::Warning,
            format!(
                "The Service is dual-stack ({}) but {} only one IP family: clients using the {family} cluster IP reach fewer backends (or none).",
                svc.ip_family_policy.as_deref().unwrap_or_default(),
                super::plural(objects.len(), "selected pod has", "selected pods have")
            ),
            "Give the pods both families (dual-stack pod network on every node), or make the Service SingleStack in the family the pods have.",
        )
        .with_objects(objects)
        .with_details(details),
    ]
}
