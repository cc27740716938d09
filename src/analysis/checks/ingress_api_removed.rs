//! `ingress-api-removed`: an Ingress of `extensions/v1beta1` or `networking.k8s.io/v1beta1`.
//! Both were deprecated (in v1.14 and v1.19) and removed in v1.22
//! (<https://kubernetes.io/docs/reference/using-api/deprecation-guide/#ingress-v122>): from
//! then on `kubectl apply` answers `no matches for kind "Ingress" in version ...`. Its backends
//! are still read (`serviceName`/`servicePort`) and judged like a v1 Ingress's, since porting it
//! keeps them.

use super::invalid_object::display_name;
use crate::analysis::finding::{Code, Finding, ObjRef, Severity};
use crate::model::{ControllerRules, Router};

const REMOVED: [&str; 2] = ["extensions/v1beta1", "networking.k8s.io/v1beta1"];

/// A warning for an Ingress of a removed API version, worded for the rules' version.
pub(super) fn check_ingress_api(router: &Router, rules: &ControllerRules) -> Option<Finding> {
    if router.kind != "Ingress" || !REMOVED.contains(&router.api_version.as_str()) {
        return None;
    }
    let api = &router.api_version;
    let name = display_name(&router.name);
    let message = if rules.ingress_v1beta1_served {
        format!(
            "Ingress {name} uses {api}, which Kubernetes {} still serves but removed in v1.22: upgrading the cluster breaks `kubectl apply` of this manifest. Its backends are checked as written.",
            rules.version
        )
    } else {
        format!(
            "Ingress {name} uses {api}, which the API server no longer serves (removed in v1.22; these rules are for {}): `kubectl apply` fails with `no matches for kind \"Ingress\" in version \"{api}\"`. Its backends are checked as written.",
            rules.version
        )
    };
    let object = ObjRef::namespaced("Ingress", &router.namespace, &router.name);
    Some(
        Finding::new(
            Code::IngressApiRemoved,
            Severity::Warning,
            &router.namespace,
            None,
            message,
            "Port it to networking.k8s.io/v1: spec.backend becomes spec.defaultBackend, backend serviceName/servicePort become service: {name: NAME, port: {number: N}} (or port: {name: NAME}), and every path needs a pathType (usually Prefix).",
        )
        .with_subject(object.clone())
        .with_objects(vec![object]),
    )
}
