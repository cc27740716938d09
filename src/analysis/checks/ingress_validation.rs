//! `invalid-object` for `networking.k8s.io/v1` Ingresses: what
//! `pkg/apis/networking/validation/validation.go` refuses (`validateIngressSpec`,
//! `validateHTTPIngressPath`, `validateIngressBackend`):
//!
//! - `metadata.name` is required; `spec` needs `defaultBackend` or `rules`;
//! - every path needs a `pathType` (Exact, Prefix or ImplementationSpecific), and an Exact or
//!   Prefix path must start with `/`;
//! - every backend is exactly one of `service` or `resource`; a `service` has a `name` (a
//!   DNS-1035 label, `ValidateServiceName`) and exactly one of `port.name` (a port name) or
//!   `port.number` (1-65535).
//!
//! The v1beta1 `serviceName`/`servicePort` fields do not exist in v1: kubectl's strict field
//! validation (the default since kubectl v1.27) refuses them as unknown fields, and without it
//! they are dropped and the backend has neither `service` nor `resource`.

use super::api_rules::{dns1035_label, port_name, port_number};
use super::invalid_object::{Violation, finding};
use crate::analysis::finding::{Finding, ObjRef};
use crate::model::{BackendSite, Router, WrittenIngressBackend};

const CITES: &str = "pkg/apis/networking/validation `ValidateIngressSpec`";
const PATH_TYPES: [&str; 3] = ["Exact", "Prefix", "ImplementationSpecific"];

/// A v1 Ingress as the API server would judge it (manifests only).
pub(super) fn check_ingress_valid(router: &Router) -> Option<Finding> {
    if router.kind != "Ingress"
        || router.api_version != "networking.k8s.io/v1"
        || !router.uid.is_empty()
    {
        return None;
    }
    let mut out = Vec::new();
    if router.name.is_empty() {
        out.push(Violation::new("metadata.name", "is required"));
    }
    let has_default = router
        .written
        .iter()
        .any(|w| w.site == BackendSite::DefaultBackend);
    if !router.has_rules && !has_default {
        out.push(Violation::new("spec", "needs a defaultBackend or rules"));
    }
    for w in &router.written {
        out.extend(backend_violations(w));
    }
    let object = ObjRef::namespaced("Ingress", &router.namespace, &router.name);
    finding(&object, None, &out, CITES)
}

fn backend_violations(w: &WrittenIngressBackend) -> Vec<Violation> {
    let mut out = Vec::new();
    let at = match &w.site {
        BackendSite::IngressPath { rule, path, .. } => {
            format!("spec.rules[{rule}].http.paths[{path}]")
        }
        _ => "spec.defaultBackend".to_string(),
    };
    let backend = if matches!(w.site, BackendSite::IngressPath { .. }) {
        format!("{at}.backend")
    } else {
        at.clone()
    };
    // The backend first: a v1beta1 backend in a v1 Ingress is the root cause, and its
    // missing pathType follows from the same porting slip.
    let mut path_violations = Vec::new();
    if let BackendSite::IngressPath { value, .. } = &w.site {
        match w.path_type.as_deref() {
            None => path_violations.push(Violation::new(
                format!("{at}.pathType"),
                "is required in networking.k8s.io/v1 (Exact, Prefix or ImplementationSpecific)",
            )),
            Some(t) if !PATH_TYPES.contains(&t) => path_violations.push(Violation::new(
                format!("{at}.pathType"),
                format!(
                    "is {t:?}, not one of Exact, Prefix, ImplementationSpecific (case matters)"
                ),
            )),
            Some(t) => {
                let path = value.as_deref().unwrap_or_default();
                let required = t != "ImplementationSpecific" || !path.is_empty();
                if required && !path.starts_with('/') {
                    path_violations.push(Violation::new(
                        format!("{at}.path"),
                        format!("is {path:?}, not an absolute path (it must start with '/')"),
                    ));
                }
            }
        }
    }
    if !w.legacy_fields.is_empty() {
        out.push(Violation::new(
            format!("{backend}.{}", w.legacy_fields.join("/")),
            "are v1beta1 fields that networking.k8s.io/v1 does not have: write service: {name: NAME, port: {number: N}} (or port: {name: NAME})",
        ));
    }
    match (&w.service_name, w.resource) {
        (Some(_), true) => out.push(Violation::new(
            backend.clone(),
            "cannot have both a service and a resource",
        )),
        (None, false) if w.legacy_fields.is_empty() => out.push(Violation::new(
            backend.clone(),
            "needs a service or a resource",
        )),
        (None, _) => {}
        (Some(name), false) => {
            if name.is_empty() {
                out.push(Violation::new(
                    format!("{backend}.service.name"),
                    "is required",
                ));
            } else if let Some(why) = dns1035_label(name) {
                out.push(Violation::new(format!("{backend}.service.name"), why));
            }
            match (&w.port_name, w.port_number) {
                (Some(_), Some(_)) => out.push(Violation::new(
                    format!("{backend}.service.port"),
                    "cannot have both a name and a number",
                )),
                (None, None) => out.push(Violation::new(
                    format!("{backend}.service.port"),
                    "needs a name or a number",
                )),
                (Some(n), None) => {
                    if let Some(why) = port_name(n) {
                        out.push(Violation::new(format!("{backend}.service.port.name"), why));
                    }
                }
                (None, Some(n)) => {
                    if let Some(why) = port_number(n) {
                        out.push(Violation::new(
                            format!("{backend}.service.port.number"),
                            why,
                        ));
                    }
                }
            }
        }
    }
    out.extend(path_violations);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn path(rule: usize, p: usize) -> BackendSite {
        BackendSite::IngressPath {
            rule,
            path: p,
            host: None,
            value: Some("/".into()),
        }
    }

    fn service_backend(site: BackendSite) -> WrittenIngressBackend {
        WrittenIngressBackend {
            site,
            path_type: Some("Prefix".into()),
            service_name: Some("web".into()),
            port_number: Some(80),
            ..WrittenIngressBackend::default()
        }
    }

    fn fields(w: &WrittenIngressBackend) -> Vec<String> {
        backend_violations(w).into_iter().map(|v| v.field).collect()
    }

    #[test]
    fn a_valid_backend_passes() {
        assert_eq!(backend_violations(&service_backend(path(0, 0))), vec![]);
        let mut dflt = service_backend(BackendSite::DefaultBackend);
        dflt.path_type = None;
        assert_eq!(backend_violations(&dflt), vec![]);
    }

    #[test]
    fn legacy_fields_and_missing_backends() {
        let legacy = WrittenIngressBackend {
            site: path(0, 1),
            legacy_fields: vec!["serviceName".into(), "servicePort".into()],
            ..WrittenIngressBackend::default()
        };
        assert_eq!(
            fields(&legacy),
            [
                "spec.rules[0].http.paths[1].backend.serviceName/servicePort",
                "spec.rules[0].http.paths[1].pathType",
            ]
        );
        let mut none = service_backend(path(1, 0));
        none.service_name = None;
        none.port_number = None;
        assert_eq!(fields(&none), ["spec.rules[1].http.paths[0].backend"]);
    }

    #[test]
    fn service_port_rules() {
        let mut w = service_backend(path(0, 0));
        w.port_number = None;
        assert_eq!(
            fields(&w),
            ["spec.rules[0].http.paths[0].backend.service.port"]
        );
        w.port_name = Some("http-metrics-exporter".into());
        assert_eq!(
            fields(&w),
            ["spec.rules[0].http.paths[0].backend.service.port.name"]
        );
        w.port_number = Some(80);
        assert_eq!(
            fields(&w),
            ["spec.rules[0].http.paths[0].backend.service.port"]
        );
        w.port_name = None;
        w.path_type = Some("prefix".into());
        assert_eq!(fields(&w), ["spec.rules[0].http.paths[0].pathType"]);
    }
}
