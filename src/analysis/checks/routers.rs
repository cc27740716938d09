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
use super::did_you_mean::closest;
use super::invalid_object::display_name;
use crate::analysis::finding::{Code, Finding, ObjRef, Severity};
use crate::analysis::lookup::Lookup;
use crate::model::{BackendRef, BackendSite, PortRef, Router, Service, ServiceType, TargetPort};
use std::collections::BTreeMap;

/// A router, the port it names that the Service lacks, and where it names it.
type MissingPort<'a> = (&'a Router, &'a PortRef, Vec<&'a BackendSite>);

/// Backends naming this Service with a port it does not have: one finding per router and port,
/// naming every rule that uses it.
pub(super) fn check_backend_ports(ctx: &Ctx<'_>) -> Vec<Finding> {
    let svc = ctx.svc;
    if svc.service_type() == ServiceType::ExternalName {
        return vec![];
    }
    let mut missing: BTreeMap<(&str, &str, String), MissingPort<'_>> = BTreeMap::new();
    for (router, backend) in ctx.look.manifests.backends_of(&svc.namespace, &svc.name) {
        // A v1 Ingress backend without a port is refused by the API server: `invalid-object`.
        let refused = backend.port == PortRef::Unset && is_v1_ingress(router);
        if has_port(svc, &backend.port) || refused {
            continue;
        }
        missing
            .entry((
                router.kind.as_str(),
                router.name.as_str(),
                port_text(&backend.port),
            ))
            .or_insert((router, &backend.port, vec![]))
            .2
            .push(&backend.site);
    }
    let mut out = Vec::new();
    for (router, port, sites) in missing.into_values() {
        let ports: Vec<String> = svc.ports.iter().map(describe_port).collect();
        let has = if ports.is_empty() {
            "has no ports".to_string()
        } else {
            format!("has {}", ports.join(", "))
        };
        let who = format!(
            "{} {}, {},",
            router.kind,
            qualified(router, &svc.namespace),
            sites_text(&sites)
        );
        let mut message = match port {
            PortRef::Unset => format!(
                "{who} names this Service without a port, which a Service backend requires (the Service {has})"
            ),
            _ => format!(
                "{who} sends traffic to {} of this Service, which {}",
                port_text(port),
                if ports.is_empty() {
                    has
                } else {
                    format!("has only {}", ports.join(", "))
                },
            ),
        };
        if let Some(hint) = target_port_hint(svc, port).or_else(|| port_guess(svc, port)) {
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

/// Backends naming Services that do not exist, for routers of the namespaces in scope: one
/// finding per router and missing Service, naming every rule that uses it.
pub(super) fn check_missing_services<'a>(
    look: &Lookup<'a>,
    routers: impl Iterator<Item = &'a Router>,
) -> Vec<Finding> {
    let mut out = Vec::new();
    for router in routers {
        let mut missing: BTreeMap<(&str, &str), (&BackendRef, Vec<&BackendSite>)> = BTreeMap::new();
        for b in &router.backends {
            if look.service(&b.namespace, &b.service).is_some() {
                continue;
            }
            missing
                .entry((b.namespace.as_str(), b.service.as_str()))
                .or_insert((b, vec![]))
                .1
                .push(&b.site);
        }
        for (b, sites) in missing.into_values() {
            out.push(missing_service(look, router, b, &sites));
        }
    }
    out
}

fn missing_service(
    look: &Lookup<'_>,
    router: &Router,
    b: &BackendRef,
    sites: &[&BackendSite],
) -> Finding {
    let svc = if b.namespace == router.namespace {
        b.service.clone()
    } else {
        format!("{}/{}", b.namespace, b.service)
    };
    let guess = closest(
        &b.service,
        look.cluster
            .services
            .iter()
            .filter(|s| s.namespace == b.namespace)
            .map(|s| s.name.as_str()),
    );
    let hint = guess.map_or(String::new(), |g| format!(" (did you mean {g}?)"));
    // A route file on its own (`kubectl apply -f route.yaml` after the app's files): the input
    // holds no Service of that namespace at all, so it cannot say the Service does not exist,
    // as `no-workloads-in-namespace` cannot say pods will not. A route read from a cluster
    // (uid) names what is really missing.
    let partial = router.uid.is_empty()
        && !look
            .cluster
            .services
            .iter()
            .any(|s| s.namespace == b.namespace);
    if partial {
        return Finding::new(
            code(router),
            Severity::Warning,
            &router.namespace,
            None,
            format!(
                "{} {}, {}, sends traffic to Service {svc}, and the input holds no Service in namespace {}: if {svc} does not come from another file, {}.",
                router.kind,
                display_name(&router.name),
                sites_text(sites),
                b.namespace,
                consequence(router)
            ),
            format!(
                "Check the route together with the files that define its Services (kubectl svcx diagnose -f app/ -f route.yaml), or create the Service {svc}."
            ),
        )
        .with_subject(router_ref(router))
        .with_objects(vec![router_ref(router)]);
    }
    let fix = match guess {
        Some(g) => format!(
            "Point the backend at the Service {g} if that is the one meant, or create the Service {svc} (names are case-sensitive and namespaced)."
        ),
        None => format!(
            "Create the Service {svc}, or point the backend at the Service that fronts these pods (names are case-sensitive and namespaced)."
        ),
    };
    Finding::new(
        code(router),
        Severity::Error,
        &router.namespace,
        None,
        format!(
            "{} {}, {}, sends traffic to Service {svc}, which does not exist in namespace {}{hint}: {}.",
            router.kind,
            display_name(&router.name),
            sites_text(sites),
            b.namespace,
            consequence(router)
        ),
        fix,
    )
    .with_subject(router_ref(router))
    .with_objects(vec![router_ref(router)])
}

/// Where the backends are written: `path /static on any host`, `rule 0 (path /hello)`, ...
fn sites_text(sites: &[&BackendSite]) -> String {
    let mut texts: Vec<String> = Vec::new();
    for site in sites {
        let t = site_text(site);
        if !texts.contains(&t) {
            texts.push(t);
        }
    }
    match texts.len() {
        0 => String::new(),
        1 => texts.remove(0),
        _ => {
            let last = texts.pop().unwrap_or_default();
            format!("{} and {last}", texts.join(", "))
        }
    }
}

fn site_text(site: &BackendSite) -> String {
    match site {
        BackendSite::DefaultBackend => "its defaultBackend".to_string(),
        BackendSite::IngressPath {
            rule,
            path,
            host,
            value,
        } => {
            let at = match value {
                Some(v) if !v.is_empty() => format!("path {v}"),
                _ => format!("rules[{rule}].http.paths[{path}]"),
            };
            match host {
                Some(h) => format!("host {h} {at}"),
                None => format!("{at} on any host"),
            }
        }
        BackendSite::RouteRule { rule, name, path } => {
            let mut t = format!("rules[{rule}]");
            if let Some(n) = name {
                t = format!("rule {n:?} ({t})");
            }
            if let Some(p) = path {
                t.push_str(&format!(" matching path {p}"));
            }
            t
        }
    }
}

fn is_v1_ingress(router: &Router) -> bool {
    router.kind == "Ingress" && router.api_version == "networking.k8s.io/v1"
}

/// The closest port the Service has: a near-typo of the name or number, else its only port.
fn port_guess(svc: &Service, port: &PortRef) -> Option<String> {
    let guess = match port {
        PortRef::Name(n) => closest(
            n,
            svc.ports
                .iter()
                .map(|p| p.name.as_str())
                .filter(|n| !n.is_empty()),
        )
        .map(|g| format!("{g:?}")),
        PortRef::Number(n) => {
            let numbers: Vec<String> = svc.ports.iter().map(|p| p.port.to_string()).collect();
            closest(&n.to_string(), numbers.iter().map(String::as_str)).map(str::to_string)
        }
        PortRef::Unset => None,
    };
    let guess = guess.or_else(|| match (port, svc.ports.as_slice()) {
        (PortRef::Name(_), [only]) if !only.name.is_empty() => Some(format!("{:?}", only.name)),
        (PortRef::Number(_) | PortRef::Unset, [only]) => Some(only.port.to_string()),
        _ => None,
    })?;
    Some(format!("did you mean port {guess}?"))
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
        display_name(&router.name)
    } else {
        format!("{}/{}", router.namespace, display_name(&router.name))
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
