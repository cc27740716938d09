//! Manifest mode's `selector-matches-no-pods`, `selector-near-miss` and
//! `service-without-selector-no-endpoints`: the same questions as live, asked of workload pod
//! templates and of the EndpointSlices/Endpoints written by hand in the input.
//!
//! Selection: `endpointslice_controller.go` `syncService` (semantics §1.1); near misses follow
//! the live rules (`near_miss.rs`); a selector-less Service gets endpoints only from
//! EndpointSlices labelled with its name, or from an Endpoints object the mirroring controller
//! copies unless it is labelled `endpointslice.kubernetes.io/skip-mirror: "true"`
//! (`endpointslicemirroring_controller.go`, semantics §4.1).

use super::Ctx;
use super::near_miss::one_off;
use super::selector_format::format_selector;
use super::templates::{pod_count_phrase, template_selected, workload_label, workload_ref};
use crate::analysis::finding::{Code, Finding, ObjRef, Severity};
use crate::model::{Labels, ServiceType, Workload};

/// The label that keeps an Endpoints object from being mirrored into EndpointSlices.
const SKIP_MIRROR: &str = "endpointslice.kubernetes.io/skip-mirror";

/// Selector against templates; selector-less Services against hand-written endpoints.
pub(super) fn check_template_selector(ctx: &Ctx<'_>, selected: &[&Workload]) -> Vec<Finding> {
    let svc = ctx.svc;
    if svc.service_type() == ServiceType::ExternalName {
        return vec![];
    }
    let Some(sel) = &svc.selector else {
        return without_selector(ctx);
    };
    if !selected.is_empty() {
        return super::scaled_to_zero::scaled_to_zero(ctx, sel, selected)
            .into_iter()
            .collect();
    }
    let in_ns = ctx.look.manifests.templates_in(&svc.namespace).len();
    let elsewhere = ctx
        .look
        .manifests
        .templates()
        .iter()
        .filter(|w| w.namespace != svc.namespace && template_selected(w, sel))
        .count();
    if in_ns == 0 && elsewhere > 0 {
        // The workload it describes is in the input, in another namespace: a real mistake.
        let mut out = vec![ctx.finding(
            Code::SelectorMatchesNoPods,
            Severity::Error,
            format!(
                "The selector {} matches no pod template in namespace {} (the input holds no workload there), only {} in other namespaces, and a Service selects only pods of its own namespace, so it would have no endpoints.",
                format_selector(sel),
                svc.namespace,
                super::plural(elsewhere, "workload", "workloads"),
            ),
            "Create the Service in the workload's namespace (or the workload in the Service's).",
        )];
        out.extend(near_miss(ctx, sel));
        return out;
    }
    if in_ns == 0 {
        let mut out = vec![ctx.finding(
            Code::NoWorkloadsInNamespace,
            Severity::Warning,
            format!(
                "The input holds no workload in namespace {}, so nothing tells whether the selector {} will match pods: they may come from a workload in another file, or from an operator or controller that makes pods from its own resource.",
                svc.namespace,
                format_selector(sel),
            ),
            "Pass the file that defines the backing workload too (-f DIR reads every file of a directory); if an operator makes the pods, check the labels it gives them against the selector.",
        )];
        out.extend(near_miss(ctx, sel));
        return out;
    }
    let mut out = vec![ctx.finding(
        Code::SelectorMatchesNoPods,
        Severity::Error,
        format!(
            "The selector {} matches the pod template of none of the {} in namespace {}, so the Service would have no endpoints.",
            format_selector(sel),
            super::plural(in_ns, "workload", "workloads"),
            svc.namespace
        ),
        "Make the selector and the labels of the pod template meant to back it (spec.template.metadata.labels) agree.",
    )];
    out.extend(near_miss(ctx, sel));
    out
}

/// Templates one label away in the namespace, and templates of other namespaces that match.
fn near_miss(ctx: &Ctx<'_>, sel: &Labels) -> Option<Finding> {
    if sel.is_empty() {
        return None;
    }
    let ns = ctx.svc.namespace.as_str();
    let mut objects: Vec<ObjRef> = Vec::new();
    let mut details = Vec::new();
    let mut same = 0;
    for w in ctx.look.manifests.templates_in(ns) {
        if let Some(why) = one_off(sel, &w.template_labels) {
            same += 1;
            objects.push(workload_ref(w));
            details.push(format!("{}: {why}", workload_label(w)));
        }
    }
    let mut other = 0;
    for w in ctx.look.manifests.templates() {
        if w.namespace != ns && template_selected(w, sel) {
            other += 1;
            objects.push(workload_ref(w));
            details.push(format!(
                "{} {}/{}: its pod template matches ({}) but it lives in namespace {} (a Service selects only pods of its own namespace)",
                w.kind_str(),
                w.namespace,
                w.name,
                pod_count_phrase(w),
                w.namespace
            ));
        }
    }
    if objects.is_empty() {
        return None;
    }
    let mut parts = Vec::new();
    if same > 0 {
        parts.push(format!(
            "{} in namespace {ns} {} a pod template one label away from it",
            super::plural(same, "workload", "workloads"),
            if same == 1 { "has" } else { "have" }
        ));
    }
    if other > 0 {
        parts.push(format!(
            "{} in other namespaces would create matching pods",
            super::plural(other, "workload", "workloads")
        ));
    }
    Some(
        ctx.finding(
            Code::SelectorNearMiss,
            Severity::Info,
            format!(
                "Near misses for selector {}: {}.",
                format_selector(sel),
                parts.join("; ")
            ),
            "If these are the intended backends, fix the typo in the selector or the template labels (or move the Service to the workload's namespace).",
        )
        .with_objects(objects)
        .with_details(details),
    )
}

fn without_selector(ctx: &Ctx<'_>) -> Vec<Finding> {
    let sliced = ctx.slices.iter().any(|s| !s.endpoints.is_empty());
    let mirrored = ctx.endpoints.is_some_and(|e| {
        e.labels.get(SKIP_MIRROR).map(|s| s.as_str()) != Some("true")
            && e.subsets.iter().any(|s| !s.addresses.is_empty())
    });
    if sliced {
        // Hand-made slices shipped with the manifests: kube-proxy will match their ports by
        // name once applied, as in a cluster.
        return super::selector::unmatched_slice_ports(ctx);
    }
    if mirrored {
        return vec![];
    }
    let name = &ctx.svc.name;
    vec![ctx.finding(
        Code::ServiceWithoutSelectorNoEndpoints,
        Severity::Warning,
        "The Service has no selector and the input holds no EndpointSlice or Endpoints object with endpoints for it, so traffic would go nowhere unless they are created elsewhere.",
        format!(
            "Add a selector, or ship an EndpointSlice labelled kubernetes.io/service-name={name} (or an Endpoints object named {name}) listing the backends."
        ),
    )]
}
