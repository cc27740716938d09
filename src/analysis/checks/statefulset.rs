//! `statefulset-service-mismatch`: a StatefulSet's `serviceName` must name a headless Service of
//! its namespace that selects its pods, or its pods get no stable DNS names.
//!
//! The StatefulSet controller sets each pod's hostname to its name and its subdomain to
//! `serviceName` (`pkg/controller/statefulset/stateful_set_utils.go`); the EndpointSlice
//! controller copies the hostname into endpoints of a Service named like the subdomain that
//! selects the pod (semantics §1.5), and cluster DNS publishes
//! `<hostname>.<service>.<namespace>.svc` only for headless Services
//! (<https://kubernetes.io/docs/concepts/workloads/controllers/statefulset/#stable-network-id>;
//! <https://github.com/kubernetes/dns/blob/master/docs/specification.md> §2.4).

use super::Ctx;
use super::selector_format::format_selector;
use super::templates::{template_selected, workload_ref};
use crate::analysis::finding::{Code, Finding, Severity};
use crate::analysis::lookup::Lookup;
use crate::model::{ServiceType, Workload};

const FIX: &str = "Point serviceName at a headless Service (clusterIP: None) of the same namespace whose selector matches the pod template's labels (create one next to any ClusterIP Service clients use).";

/// StatefulSets governed by this Service, when it cannot give their pods DNS names.
pub(super) fn check_governed_statefulsets(ctx: &Ctx<'_>) -> Vec<Finding> {
    let svc = ctx.svc;
    let mut out = Vec::new();
    for w in ctx
        .look
        .manifests
        .statefulsets_governed_by(&svc.namespace, &svc.name)
    {
        let example = format!("{}-0.{}.{}.svc", w.name, svc.name, svc.namespace);
        let problem = if svc.service_type() == ServiceType::ExternalName {
            format!(
                "the Service is of type ExternalName, so it has no endpoints and {example} does not resolve"
            )
        } else if !svc.is_headless() {
            format!(
                "the Service is not headless (clusterIP is not None), and only headless Services publish per-pod DNS records, so {example} does not resolve"
            )
        } else {
            match &svc.selector {
                None => format!(
                    "the Service has no selector, so the pods are not its endpoints and {example} does not resolve"
                ),
                Some(sel) if !template_selected(w, sel) => format!(
                    "the Service's selector {} does not match the pod template's labels ({}), so the pods are not its endpoints and {example} does not resolve",
                    format_selector(sel),
                    format_selector(&w.template_labels)
                ),
                Some(_) => continue,
            }
        };
        out.push(
            ctx.finding(
                Code::StatefulsetServiceMismatch,
                Severity::Warning,
                format!(
                    "StatefulSet {} names this Service as its serviceName, but {problem}.",
                    w.name
                ),
                FIX,
            )
            .with_subject(workload_ref(w))
            .with_objects(vec![workload_ref(w)]),
        );
    }
    out
}

/// StatefulSets whose serviceName names no Service at all.
pub(super) fn check_missing_services<'a>(
    look: &Lookup<'a>,
    workloads: impl Iterator<Item = &'a Workload>,
) -> Vec<Finding> {
    workloads
        .filter_map(|w| {
            let name = w.service_name.as_deref()?;
            if look.service(&w.namespace, name).is_some() {
                return None;
            }
            Some(
                Finding::new(
                    Code::StatefulsetServiceMismatch,
                    Severity::Warning,
                    &w.namespace,
                    None,
                    format!(
                        "StatefulSet {} names serviceName {name}, but there is no Service {name} in namespace {}: its pods get no DNS names ({}-0.{name}.{}.svc does not resolve).",
                        w.name, w.namespace, w.name, w.namespace
                    ),
                    FIX,
                )
                .with_subject(workload_ref(w))
                .with_objects(vec![workload_ref(w)]),
            )
        })
        .collect()
}
