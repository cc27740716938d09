//! `invalid-object`: the API server would refuse the object, so it never exists in the
//! cluster. One finding per object, naming each field and the rule it breaks; the checks of
//! Services (`service_validation`), Ingresses (`ingress_validation`) and pod templates
//! (`template_validation`) say which rules apply.
//!
//! Only manifests are judged: an object read back from a cluster (it has a `metadata.uid`) was
//! accepted already, and the API server does not re-validate unchanged fields (validation
//! ratcheting), so a rule that tightened since would not apply to it.

use crate::analysis::finding::{Code, Finding, ObjRef, Severity};

/// One field the API server would refuse, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Violation {
    /// The field path as the API server names it (`spec.ports[0].targetPort`).
    pub field: String,
    /// What is wrong with it, a predicate that follows the field's name (`is 123456, outside
    /// 1-65535`).
    pub rule: String,
}

impl Violation {
    pub(super) fn new(field: impl Into<String>, rule: impl Into<String>) -> Self {
        Violation {
            field: field.into(),
            rule: rule.into(),
        }
    }
}

/// The finding for `object`, or none when nothing is wrong. `service` is the Service the
/// finding is grouped under (the object itself when it is a Service).
pub(super) fn finding(
    object: &ObjRef,
    service: Option<&str>,
    violations: &[Violation],
    cites: &str,
) -> Option<Finding> {
    let first = violations.first()?;
    let what = format!("{} {}", object.kind, display_name(&object.name));
    let message = match violations.len() {
        1 => format!(
            "The API server would refuse {what}, so it never exists in the cluster: {} {}.",
            first.field, first.rule
        ),
        n => format!(
            "The API server would refuse {what} for {n} reasons, so it never exists in the cluster; the first: {} {}.",
            first.field, first.rule
        ),
    };
    let details = if violations.len() > 1 {
        violations
            .iter()
            .map(|v| format!("{} {}", v.field, v.rule))
            .collect()
    } else {
        vec![]
    };
    let namespace = object.namespace.as_deref().unwrap_or_default();
    Some(
        Finding::new(
            Code::InvalidObject,
            Severity::Error,
            namespace,
            service,
            message,
            format!(
                "Correct the field{} named ({cites}); `kubectl apply --dry-run=server -f FILE` shows the API server's own answer.",
                if violations.len() == 1 { "" } else { "s" }
            ),
        )
        .with_subject(object.clone())
        .with_objects(vec![object.clone()])
        .with_details(details),
    )
}

/// The object's name for a sentence: `web`, or a phrase when the manifest has none.
pub(crate) fn display_name(name: &str) -> String {
    if name.is_empty() {
        "<no name>".to_string()
    } else {
        name.to_string()
    }
}
