//! `ingress-backend-missing` and `route-backend-missing`: an Ingress backend or a Gateway API
//! backendRef names a Service, or a port of it, that does not exist.
//!
//! An Ingress backend names a Service of the Ingress's namespace and a Service port by number or
//! name (<https://kubernetes.io/docs/concepts/services-networking/ingress/#resource-backend>;
//! `pkg/apis/networking/validation` requires one of them). A route backendRef names a Service of
//! the route's namespace or of `namespace`, and its `port` is required for Services
//! (<https://gateway-api.sigs.k8s.io/reference/spec/#backendref>); an unresolvable backendRef
//! sets ResolvedRefs=False and requests for it get HTTP 500. The number is the Service's `port`,
//! never the targetPort. ExternalName Services are only looked up by name: controllers send to
//! the external host on the given port. ReferenceGrants for cross-namespace refs are not
//! checked.

use super::Ctx;
use crate::analysis::finding::{Code, Finding, ObjRef, Severity};
use crate::analysis::lookup::Lookup;
use crate::model::{BackendRef, PortRef, Router, Service, ServiceType, TargetPort};
use std::collections::BTreeSet;

/// Backends naming this Service with a port it does not have.
pub(super) fn check_backend_ports(ctx: &Ctx<'_>) -> Vec<Finding> {
    let svc = ctx.svc;
    if svc.service_type() == ServiceType::ExternalName {
        return vec![];
    }
    let mut seen = BTreeSet::new();
    let mut out = Vec::new();
    for (router, backend) in ctx.look.manifests.backends_of(&svc.namespace, &svc.name) {
        if has_port(svc, &backend.port)
            || !seen.insert((
                router.kind.as_str(),
                router.name.as_str(),
                port_text(&backend.port),
            ))
        {
            continue;
        }
        let ports: Vec<String> = svc.ports.iter().map(describe_port).collect();
        let has = if ports.is_empty() {
            "has no ports".to_string()
        } else {
            format!("has {}", ports.join(", "))
        };
        let mut message = match backend.port {
            PortRef::Unset => format!(
                "{} {} names this Service without a port, which a Service backend requires (the Service {has})",
                router.kind,
                qualified(router, &svc.namespace),
            ),
            _ => format!(
                "{} {} sends traffic to {} of this Service, which {}",
                router.kind,
                qualified(router, &svc.namespace),
                port_text(&backend.port),
                if ports.is_empty() {
                    has
                } else {
                    format!("has only {}", ports.join(", "))
                },
            ),
        };
        if let Some(hint) = target_port_hint(svc, &backend.port) {
            message.push_str(&format!(" ({hint})"));
        }
        message.push_str(&format!(": {}.", consequence(router)));
        out.push(
            ctx.finding(code(router), Severity::Error, message, fix(router))
                .with_subject(router_ref(router))
                .with_objects(vec![router_ref(router)]),
        );
    }
    out
}

/// Backends naming Services that do not exist, for routers of the namespaces in scope.
pub(super) fn check_missing_services<'a>(
    look: &Lookup<'a>,
    routers: impl Iterator<Item = &'a Router>,
) -> Vec<Finding> {
    let mut out = Vec::new();
    for router in routers {
        let mut seen = BTreeSet::new();
        for b in &router.backends {
            if look.service(&b.namespace, &b.service).is_some()
                || !seen.insert((b.namespace.as_str(), b.service.as_str()))
            {
                continue;
            }
            out.push(missing_service(router, b));
        }
    }
    out
}

fn missing_service(router: &Router, b: &BackendRef) -> Finding {
    let svc = if b.namespace == router.namespace {
        b.service.clone()
    } else {
        format!("{}/{}", b.namespace, b.service)
    };
    Finding::new(
        code(router),
        Severity::Error,
        &router.namespace,
        None,
        format!(
            "{} {} sends traffic to Service {svc}, which does not exist in namespace {}: {}.",
            router.kind,
            router.name,
            b.namespace,
            consequence(router)
        ),
        format!(
            "Create the Service {svc}, or point the backend at the Service that fronts these pods (names are case-sensitive and namespaced)."
        ),
    )
    .with_subject(router_ref(router))
    .with_objects(vec![router_ref(router)])
}

fn has_port(svc: &Service, port: &PortRef) -> bool {
    match port {
        PortRef::Number(n) => svc.ports.iter().any(|p| p.port == *n),
        PortRef::Name(name) => svc.ports.iter().any(|p| &p.name == name),
        PortRef::Unset => false,
    }
}

/// A number that is some port's targetPort is the classic mix-up.
fn target_port_hint(svc: &Service, port: &PortRef) -> Option<String> {
    let PortRef::Number(n) = port else {
        return None;
    };
    let p = svc
        .ports
        .iter()
        .find(|p| p.target_port == TargetPort::Number(*n))?;
    Some(format!(
        "{n} is the targetPort of port {}: a backend names the Service port, not the container port",
        p.port
    ))
}

fn port_text(port: &PortRef) -> String {
    match port {
        PortRef::Number(n) => format!("port {n}"),
        PortRef::Name(n) => format!("port {n:?}"),
        PortRef::Unset => "no port".to_string(),
    }
}

fn describe_port(p: &crate::model::ServicePort) -> String {
    if p.name.is_empty() {
        format!("{}/{}", p.port, p.protocol.as_str())
    } else {
        format!("{} {:?}", p.port, p.name)
    }
}

fn qualified(router: &Router, ns: &str) -> String {
    if router.namespace == ns {
        router.name.clone()
    } else {
        format!("{}/{}", router.namespace, router.name)
    }
}

fn code(router: &Router) -> Code {
    if router.kind == "Ingress" {
        Code::IngressBackendMissing
    } else {
        Code::RouteBackendMissing
    }
}

fn consequence(router: &Router) -> &'static str {
    if router.kind == "Ingress" {
        "the ingress controller has no endpoints for that backend and answers its requests with an error (typically 503)"
    } else {
        "the backendRef does not resolve (ResolvedRefs=False) and its requests get HTTP 500"
    }
}

fn fix(router: &Router) -> &'static str {
    if router.kind == "Ingress" {
        "Use a port number or name the Service declares (spec.ports[].port or .name), not the container's targetPort."
    } else {
        "Set backendRefs[].port to a port number the Service declares (spec.ports[].port), not the container's targetPort."
    }
}

fn router_ref(router: &Router) -> ObjRef {
    ObjRef::namespaced(&router.kind, &router.namespace, &router.name)
}
