//! `selector-matches-no-pods` and `service-without-selector-no-endpoints`: a Service whose
//! endpoints come from nowhere.

use super::Ctx;
use super::selector_format::format_selector;
use crate::analysis::finding::{Code, Finding, ObjRef, Severity};
use crate::model::ServiceType;

/// Selector set but matching nothing; no selector and no endpoints from anywhere else.
///
/// The EndpointSlice controller lists pods of the Service's namespace with every selector
/// key/value (`endpointslice_controller.go` `syncService`); without a selector it writes nothing,
/// and endpoints must come from hand-made EndpointSlices or mirrored Endpoints
/// (<https://kubernetes.io/docs/concepts/services-networking/service/#services-without-selectors>).
pub(super) fn check_selector(ctx: &Ctx<'_>) -> Vec<Finding> {
    let svc = ctx.svc;
    if svc.service_type() == ServiceType::ExternalName {
        return vec![];
    }
    match &svc.selector {
        Some(sel) if ctx.selected.is_empty() => {
            // No pod because every workload it selects is scaled to zero: say that instead.
            if let Some(zero) = super::templates::only_scaled_to_zero(ctx, sel) {
                return super::scaled_to_zero::scaled_to_zero(ctx, sel, &zero)
                    .into_iter()
                    .collect();
            }
            let in_ns = ctx.look.pods.in_namespace(&svc.namespace).len();
            vec![ctx.finding(
                Code::SelectorMatchesNoPods,
                Severity::Error,
                format!(
                    "The selector {} matches none of the {} in namespace {}, so the Service has no endpoints.",
                    format_selector(sel),
                    super::plural(in_ns, "pod", "pods"),
                    svc.namespace
                ),
                format!(
                    "Make the selector and the pod template labels agree (compare with `kubectl get pods -n {} --show-labels`).",
                    svc.namespace
                ),
            )]
        }
        Some(_) => vec![],
        None => without_selector(ctx),
    }
}

fn without_selector(ctx: &Ctx<'_>) -> Vec<Finding> {
    let has_endpoints = ctx.slices.iter().any(|s| !s.endpoints.is_empty());
    if has_endpoints {
        return unmatched_slice_ports(ctx);
    }
    // Without any EndpointSlice in the input (a `kubectl get all` dump), hand-made or mirrored
    // slices may well exist: nothing to judge.
    if !ctx.look.cluster.slices_read() {
        return vec![];
    }
    let svc = ctx.svc;
    let legacy = ctx
        .endpoints
        .filter(|e| e.subsets.iter().any(|s| !s.addresses.is_empty()));
    let mut objects = vec![];
    let message = match legacy {
        Some(e) => {
            objects.push(ObjRef::namespaced("Endpoints", &e.namespace, &e.name));
            "The Service has no selector and no EndpointSlice holds an endpoint; its Endpoints object has addresses but was not mirrored (kube-proxy reads only EndpointSlices), so traffic goes nowhere.".to_string()
        }
        None => "The Service has no selector and there is no EndpointSlice or Endpoints object with endpoints for it, so traffic goes nowhere.".to_string(),
    };
    let fix = match legacy {
        Some(_) => "Remove the endpointslice.kubernetes.io/skip-mirror label from the Endpoints object or write an EndpointSlice labelled kubernetes.io/service-name=NAME yourself.".to_string(),
        None => format!(
            "Add a selector, or create an EndpointSlice labelled kubernetes.io/service-name={} (or an Endpoints object named {}) listing the backends.",
            svc.name, svc.name
        ),
    };
    vec![
        ctx.finding(
            Code::ServiceWithoutSelectorNoEndpoints,
            Severity::Warning,
            message,
            fix,
        )
        .with_objects(objects),
    ]
}

/// Hand-made slices hold endpoints, but no slice port matches some Service port. kube-proxy
/// gives a Service port the endpoints of the slice ports with the same name and protocol
/// (`pkg/proxy/endpointslicecache.go` `addEndpoints`: `ServicePortName{Port: *port.Name,
/// Protocol: *port.Protocol}`, skipping a port without name, number or protocol); the API
/// server writes an omitted slice port name as `""` (`pkg/apis/discovery/v1/defaults.go`
/// `SetDefaults_EndpointPort`), so a slice port without a name never serves the port `web`.
pub(super) fn unmatched_slice_ports(ctx: &Ctx<'_>) -> Vec<Finding> {
    let svc = ctx.svc;
    // A slice without ports is `slice-without-ports`, already.
    let used: Vec<_> = ctx
        .slices
        .iter()
        .filter(|s| !s.endpoints.is_empty() && !s.ports.is_empty())
        .collect();
    if used.is_empty() {
        return vec![];
    }
    let unserved: Vec<String> = svc
        .ports
        .iter()
        .filter(|p| {
            !used.iter().any(|s| {
                s.ports.iter().any(|sp| {
                    sp.port.is_some()
                        && sp.protocol == p.protocol
                        && sp.name.as_deref().unwrap_or("") == p.name
                })
            })
        })
        .map(|p| match p.name.as_str() {
            "" => format!("{}/{} (unnamed)", p.port, p.protocol.as_str()),
            name => format!("{} {name:?}/{}", p.port, p.protocol.as_str()),
        })
        .collect();
    if unserved.is_empty() {
        return vec![];
    }
    let written: Vec<String> = used
        .iter()
        .flat_map(|s| &s.ports)
        .map(|sp| {
            let name = sp.name.as_deref().unwrap_or("");
            let name = if name.is_empty() {
                "(unnamed)".to_string()
            } else {
                format!("{name:?}")
            };
            match sp.port {
                Some(n) => format!("{name} {n}/{}", sp.protocol.as_str()),
                None => format!("{name} (no port number)/{}", sp.protocol.as_str()),
            }
        })
        .collect::<std::collections::BTreeSet<_>>()
        .into_iter()
        .collect();
    vec![
        ctx.finding(
            Code::ServiceWithoutSelectorNoEndpoints,
            Severity::Warning,
            format!(
                "The Service has no selector and its EndpointSlices hold endpoints, but no slice port matches its {} {} by name and protocol (the slices' ports: {}): kube-proxy gives a Service port only the endpoints of slice ports with its name, so traffic to {} goes nowhere.",
                if unserved.len() == 1 { "port".to_string() } else { format!("{} ports", unserved.len()) },
                unserved.join(", "),
                if written.is_empty() { "none".to_string() } else { written.join(", ") },
                if unserved.len() == 1 { "it" } else { "them" },
            ),
            "Name each EndpointSlice port exactly as the Service port it serves (ports[].name; an omitted name is \"\", which matches only an unnamed Service port), with the same protocol and a port number.",
        )
        .with_objects(
            used.iter()
                .map(|s| ObjRef::namespaced("EndpointSlice", &s.namespace, &s.name))
                .collect(),
        ),
    ]
}
