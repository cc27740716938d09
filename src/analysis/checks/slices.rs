//! Slice hygiene: `slice-orphaned`, `slice-foreign-managed`, `slice-without-ports`,
//! `slice-missing-service-name`, `slice-mirrored-with-selector`.
//!
//! kube-proxy merges every slice labelled `kubernetes.io/service-name` whoever manages it,
//! ignores slices without that label, and skips ports with a nil name or port
//! (`pkg/proxy/endpointslicecache.go`, semantics §5). The EndpointSlice controller owns its slices
//! through an ownerReference to the Service's UID and deletes slices owned by anything else
//! (`reconciler.go`, §2.1); the mirroring controller mirrors only Endpoints of selector-less
//! Services and deletes its slices otherwise (`endpointslicemirroring_controller.go`, §4.1).

use super::Ctx;
use crate::analysis::finding::{Code, Finding, ObjRef, Severity};
use crate::analysis::lookup::Lookup;
use crate::model::{EndpointSlice, MANAGED_BY_CONTROLLER, MANAGED_BY_MIRRORING};

/// Slices labelled with this Service's name.
pub(super) fn check_service_slices(ctx: &Ctx<'_>) -> Vec<Finding> {
    let mut out = Vec::new();
    for slice in ctx.slices.iter().filter(|s| !s.deleting) {
        out.extend(orphaned_by_uid(ctx, slice));
        out.extend(foreign(ctx, slice));
        out.extend(without_ports(ctx, slice));
        out.extend(mirrored_with_selector(ctx, slice));
    }
    out
}

fn orphaned_by_uid(ctx: &Ctx<'_>, slice: &EndpointSlice) -> Option<Finding> {
    let svc = ctx.svc;
    if svc.uid.is_empty() || slice.managed_by() != Some(MANAGED_BY_CONTROLLER) {
        return None;
    }
    if slice
        .owner_references
        .iter()
        .any(|o| o.kind == "Service" && o.uid == svc.uid)
    {
        return None;
    }
    let owner = slice
        .owner_references
        .iter()
        .find(|o| o.kind == "Service")
        .map_or_else(
            || "no Service ownerReference".to_string(),
            |o| format!("an ownerReference to UID {}", o.uid),
        );
    Some(
        ctx.finding(
            Code::SliceOrphaned,
            Severity::Warning,
            format!(
                "EndpointSlice {} is managed by the EndpointSlice controller but has {owner}, not the current Service's UID {} (left over from a deleted Service of the same name).",
                slice.name, svc.uid
            ),
            "The controller deletes it on its next sync of the Service; if it stays, delete it by hand (`kubectl delete endpointslice NAME`).",
        )
        .with_objects(vec![ctx.slice_ref(slice)]),
    )
}

fn foreign(ctx: &Ctx<'_>, slice: &EndpointSlice) -> Option<Finding> {
    let managed_by = slice.managed_by();
    if matches!(
        managed_by,
        Some(MANAGED_BY_CONTROLLER | MANAGED_BY_MIRRORING)
    ) {
        return None;
    }
    // The API server writes `default/kubernetes` itself (semantics §2.12).
    if slice.namespace == "default" && slice.service_name() == Some("kubernetes") {
        return None;
    }
    let who = managed_by.map_or_else(
        || "has no endpointslice.kubernetes.io/managed-by label".to_string(),
        |m| format!("is managed by {m:?}"),
    );
    Some(
        ctx.finding(
            Code::SliceForeignManaged,
            Severity::Info,
            format!(
                "EndpointSlice {} {who}: neither the EndpointSlice nor the mirroring controller keeps it up to date, but kube-proxy still sends traffic to its endpoints.",
                slice.name
            ),
            "Fine for hand-made or third-party slices; make sure whoever wrote it keeps it current (and sets managed-by to identify itself).",
        )
        .with_objects(vec![ctx.slice_ref(slice)]),
    )
}

fn without_ports(ctx: &Ctx<'_>, slice: &EndpointSlice) -> Option<Finding> {
    if ctx.svc.ports.is_empty() || slice.endpoints.is_empty() || !slice.ports.is_empty() {
        return None;
    }
    let mut objects = vec![ctx.slice_ref(slice)];
    let pods: Vec<String> = slice
        .endpoints
        .iter()
        .filter_map(|e| e.target_ref.as_ref())
        .filter(|r| r.kind == "Pod")
        .map(|r| r.name.to_string())
        .collect();
    objects.extend(pods.iter().map(|p| ctx.pod_ref(p)));
    let who = if pods.is_empty() {
        super::plural(slice.endpoints.len(), "endpoint", "endpoints")
    } else {
        pods.join(", ")
    };
    Some(
        ctx.finding(
            Code::SliceWithoutPorts,
            Severity::Error,
            format!(
                "EndpointSlice {} lists {who} but no ports: kube-proxy ignores it, so those endpoints get no traffic.",
                slice.name
            ),
            "For a controller-managed slice, make the Service's named targetPort resolve on these pods (see named-target-port-unresolved); for a hand-made slice, add the ports.",
        )
        .with_objects(objects),
    )
}

fn mirrored_with_selector(ctx: &Ctx<'_>, slice: &EndpointSlice) -> Option<Finding> {
    if ctx.svc.selector.is_none() || slice.managed_by() != Some(MANAGED_BY_MIRRORING) {
        return None;
    }
    Some(
        ctx.finding(
            Code::SliceMirroredWithSelector,
            Severity::Warning,
            format!(
                "EndpointSlice {} was mirrored from an Endpoints object, but the Service has a selector: the mirroring controller should have deleted it, and kube-proxy merges its endpoints with the controller's.",
                slice.name
            ),
            "Check that kube-controller-manager (endpointslicemirroring controller) is running; delete the slice and the hand-written Endpoints if they are left over.",
        )
        .with_objects(vec![ctx.slice_ref(slice)]),
    )
}

/// Slices that belong to no existing Service: no service-name label, or a name with no Service.
pub(super) fn check_unattached_slices<'a>(
    look: &Lookup<'a>,
    slices: impl Iterator<Item = &'a EndpointSlice>,
) -> Vec<Finding> {
    let mut out = Vec::new();
    for slice in slices.filter(|s| !s.deleting) {
        let obj = vec![ObjRef::namespaced(
            "EndpointSlice",
            &slice.namespace,
            &slice.name,
        )];
        match slice.service_name() {
            None => out.push(
                Finding::new(
                    Code::SliceMissingServiceName,
                    Severity::Warning,
                    &slice.namespace,
                    None,
                    format!(
                        "EndpointSlice {} has no kubernetes.io/service-name label, so kube-proxy and DNS ignore it.",
                        slice.name
                    ),
                    "Label it kubernetes.io/service-name=SERVICE (the Service it serves) or delete it.",
                )
                .with_objects(obj),
            ),
            Some(name) if look.service(&slice.namespace, name).is_none() => out.push(
                Finding::new(
                    Code::SliceOrphaned,
                    Severity::Warning,
                    &slice.namespace,
                    None,
                    format!(
                        "EndpointSlice {} names Service {name}, which does not exist in namespace {}.",
                        slice.name, slice.namespace
                    ),
                    "Delete the slice, or create the Service it was meant for (the garbage collector removes controller-owned slices of deleted Services by itself).",
                )
                .with_objects(obj),
            ),
            Some(_) => {}
        }
    }
    out
}
