//! What `diagnose` reports: a `Finding` with a stable code, a severity, the objects involved, one
//! sentence of what is wrong and one of how to fix it.
//!
//! Codes are a public contract (JSON output, `--ignore`, docs/findings.md anchors): never rename
//! one; add new ones at the end of their group.

use crate::model::Str;
use std::fmt;
use std::str::FromStr;

/// Where docs/findings.md lives; each code has a section whose anchor is the code itself.
pub const FINDINGS_DOC_URL: &str =
    "https://github.com/kubectl-svcx/kubectl-svcx/blob/main/docs/findings.md";

/// How bad a finding is. The order is explicit: `Info < Warning < Error`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    /// Worth knowing; nothing is broken.
    Info = 0,
    /// Something is degraded or will break under some conditions.
    Warning = 1,
    /// Traffic is failing (or the object is rejected / ignored).
    Error = 2,
}

impl Severity {
    /// `error`, `warning` or `info`.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

macro_rules! codes {
    ($($(#[doc = $doc:literal])* $variant:ident => $text:literal,)*) => {
        /// A finding code (kebab-case, stable).
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum Code {
            $($(#[doc = $doc])* $variant,)*
        }

        impl Code {
            /// Every code, in documentation order.
            pub const ALL: &'static [Code] = &[$(Code::$variant,)*];

            /// The stable spelling.
            pub fn as_str(self) -> &'static str {
                match self {
                    $(Code::$variant => $text,)*
                }
            }

            /// One sentence of what the code means (its doc comment here), e.g. for SARIF rules.
            pub fn summary(self) -> &'static str {
                match self {
                    $(Code::$variant => concat!($($doc),*).trim_ascii(),)*
                }
            }
        }
    };
}

codes! {
    /// The selector matches no pod of the Service's namespace.
    SelectorMatchesNoPods => "selector-matches-no-pods",
    /// Pods or workload templates that almost match (one label off, another namespace).
    SelectorNearMiss => "selector-near-miss",
    /// No selector, and no EndpointSlice holds any endpoint.
    ServiceWithoutSelectorNoEndpoints => "service-without-selector-no-endpoints",
    /// Manifests: no workload at all in the Service's namespace, so nothing to match its selector against.
    NoWorkloadsInNamespace => "no-workloads-in-namespace",
    /// The only workloads the selector matches are scaled to zero replicas.
    SelectorMatchesOnlyScaledToZero => "selector-matches-only-scaled-to-zero",
    /// Selected pods the EndpointSlice controller leaves out.
    PodsExcluded => "pods-excluded",
    /// No ready endpoint.
    NoReadyEndpoints => "no-ready-endpoints",
    /// Exactly one ready endpoint.
    SingleReadyEndpoint => "single-ready-endpoint",
    /// Selected pods that are not Ready.
    PodsNotReady => "pods-not-ready",
    /// A selected pod has a container without a readinessProbe.
    ReadinessProbeMissing => "readiness-probe-missing",
    /// Slice endpoints that are terminating.
    TerminatingEndpoints => "terminating-endpoints",
    /// `publishNotReadyAddresses: true`.
    PublishNotReadyAddresses => "publish-not-ready-addresses",
    /// A named targetPort that does not resolve on some or all pods.
    NamedTargetPortUnresolved => "named-target-port-unresolved",
    /// A named targetPort resolving to different numbers on different pods.
    TargetPortMixedNumbers => "target-port-mixed-numbers",
    /// Controller-managed slices differ from what the controller would write now.
    SliceStale => "slice-stale",
    /// A slice names a Service that does not exist, or is owned by another UID.
    SliceOrphaned => "slice-orphaned",
    /// A slice managed by neither the EndpointSlice nor the mirroring controller.
    SliceForeignManaged => "slice-foreign-managed",
    /// A slice with endpoints but no ports (kube-proxy ignores it).
    SliceWithoutPorts => "slice-without-ports",
    /// A slice without the `kubernetes.io/service-name` label (kube-proxy ignores it).
    SliceMissingServiceName => "slice-missing-service-name",
    /// Mirrored slices for a Service that has a selector.
    SliceMirroredWithSelector => "slice-mirrored-with-selector",
    /// The legacy Endpoints object is truncated at 1000 addresses.
    EndpointsOverCapacity => "endpoints-over-capacity",
    /// externalTrafficPolicy Local and nodes without a ready local endpoint.
    ExternalTrafficLocalNoLocalEndpoints => "external-traffic-local-no-local-endpoints",
    /// internalTrafficPolicy Local and nodes without a ready local endpoint.
    InternalTrafficLocalNoLocalEndpoints => "internal-traffic-local-no-local-endpoints",
    /// Topology aware routing requested but no endpoint carries hints.
    TopologyHintsNotApplied => "topology-hints-not-applied",
    /// type LoadBalancer without an ingress.
    LoadbalancerPending => "loadbalancer-pending",
    /// type ExternalName with a selector.
    ExternalnameWithSelector => "externalname-with-selector",
    /// A nodePort outside the default range 30000-32767.
    NodePortOutOfRange => "node-port-out-of-range",
    /// The same nodePort on two Services (or twice on one).
    NodePortDuplicate => "node-port-duplicate",
    /// Two Service ports with the same number and protocol.
    DuplicateServicePort => "duplicate-service-port",
    /// A dual-stack Service whose pods have only one IP family.
    DualStackSingleFamilyPods => "dual-stack-single-family-pods",
    /// A StatefulSet's serviceName names no headless Service selecting its pods.
    StatefulsetServiceMismatch => "statefulset-service-mismatch",
    /// An Ingress backend names a Service or Service port that does not exist.
    IngressBackendMissing => "ingress-backend-missing",
    /// A Gateway API route backendRef names a Service or Service port that does not exist.
    RouteBackendMissing => "route-backend-missing",
    /// NetworkPolicies select the backing pods and none of their ingress rules allows the targetPort.
    NetworkPolicyBlocksTargetPort => "network-policy-blocks-target-port",
    /// The API server would refuse the object (a required field missing, a value out of range).
    InvalidObject => "invalid-object",
    /// An Ingress of an API version removed in Kubernetes v1.22.
    IngressApiRemoved => "ingress-api-removed",
}

impl Code {
    /// The link to this code's section of docs/findings.md.
    pub fn docs_url(self) -> String {
        format!("{FINDINGS_DOC_URL}#{}", self.as_str())
    }
}

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// An unknown finding code, with the known ones for the message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownCode(pub String);

impl fmt::Display for UnknownCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let known: Vec<&str> = Code::ALL.iter().map(|c| c.as_str()).collect();
        write!(
            f,
            "unknown finding code {:?} (known codes: {})",
            self.0,
            known.join(", ")
        )
    }
}

impl std::error::Error for UnknownCode {}

impl FromStr for Code {
    type Err = UnknownCode;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Code::ALL
            .iter()
            .copied()
            .find(|c| c.as_str() == s)
            .ok_or_else(|| UnknownCode(s.to_string()))
    }
}

/// An object a finding is about. Its texts are `Str` (inline up to 24 bytes): a finding may
/// list every pod of a big Service, and three heap strings per object were most of the memory
/// `diagnose -A` gained while diagnosing 150k pods (docs/performance.md, "lean model").
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ObjRef {
    /// API kind (`Pod`, `EndpointSlice`, `Node`, `Service`, `Endpoints`, `Deployment`, ...).
    pub kind: Str,
    /// Namespace (`None` for cluster-scoped objects such as Nodes).
    pub namespace: Option<Str>,
    /// Name.
    pub name: Str,
}

impl ObjRef {
    /// A namespaced object.
    pub fn namespaced(kind: &str, namespace: &str, name: &str) -> Self {
        ObjRef {
            kind: kind.into(),
            namespace: Some(namespace.into()),
            name: name.into(),
        }
    }

    /// A Node.
    pub fn node(name: &str) -> Self {
        ObjRef {
            kind: "Node".into(),
            namespace: None,
            name: name.into(),
        }
    }
}

/// One thing wrong (or worth knowing) about a Service or a slice.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    /// Stable code.
    pub code: Code,
    /// Severity.
    pub severity: Severity,
    /// Namespace of the Service (or of the slice for unattached findings).
    pub namespace: String,
    /// The Service's name; `None` when the finding belongs to no existing Service.
    pub service: Option<String>,
    /// One sentence: what is wrong.
    pub message: String,
    /// One sentence: how to fix it.
    pub fix: String,
    /// Objects involved (pods, slices, nodes, workloads), in a stable order.
    pub objects: Vec<ObjRef>,
    /// Per-object details (e.g. each pod's reason), one line each.
    pub details: Vec<String>,
    /// The object the finding is about when it is not the Service itself (the Ingress, route,
    /// StatefulSet, NetworkPolicy or workload to change): where SARIF points.
    pub subject: Option<ObjRef>,
}

impl Finding {
    /// A finding without objects or details; add them with the builder methods.
    pub fn new(
        code: Code,
        severity: Severity,
        namespace: &str,
        service: Option<&str>,
        message: impl Into<String>,
        fix: impl Into<String>,
    ) -> Self {
        Finding {
            code,
            severity,
            namespace: namespace.to_string(),
            service: service.map(str::to_string),
            message: message.into(),
            fix: fix.into(),
            objects: vec![],
            details: vec![],
            subject: None,
        }
    }

    /// Sets the object the finding is about (when it is not the Service).
    #[must_use]
    pub fn with_subject(mut self, subject: ObjRef) -> Self {
        self.subject = Some(subject);
        self
    }

    /// Sets the objects.
    #[must_use]
    pub fn with_objects(mut self, objects: Vec<ObjRef>) -> Self {
        self.objects = objects;
        self
    }

    /// Sets the details.
    #[must_use]
    pub fn with_details(mut self, details: Vec<String>) -> Self {
        self.details = details;
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn severity_order_is_explicit() {
        assert!(Severity::Info < Severity::Warning);
        assert!(Severity::Warning < Severity::Error);
        assert_eq!(
            [Severity::Warning, Severity::Error, Severity::Info]
                .iter()
                .max(),
            Some(&Severity::Error)
        );
    }

    #[test]
    fn codes_round_trip_and_are_kebab_case() {
        for c in Code::ALL {
            assert_eq!(c.as_str().parse::<Code>(), Ok(*c));
            assert!(
                c.as_str()
                    .chars()
                    .all(|ch| ch.is_ascii_lowercase() || ch == '-'),
                "{c}"
            );
        }
        assert_eq!(
            Code::SelectorMatchesNoPods.summary(),
            "The selector matches no pod of the Service's namespace."
        );
        assert!(Code::ALL.iter().all(|c| c.summary().ends_with('.')));
        let err = "slice-stal".parse::<Code>().unwrap_err().to_string();
        assert!(
            err.starts_with("unknown finding code \"slice-stal\""),
            "{err}"
        );
        assert!(err.contains("slice-stale"));
    }
}
