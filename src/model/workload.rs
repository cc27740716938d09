//! Pod controllers (Deployment, StatefulSet, DaemonSet, ReplicaSet), reduced to their pod
//! template: what pods they would create, even when none exist yet.

use super::labels::Labels;
use std::fmt;

/// The kind of a workload (apps/v1).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum WorkloadKind {
    /// `Deployment`.
    Deployment,
    /// `StatefulSet`.
    StatefulSet,
    /// `DaemonSet`.
    DaemonSet,
    /// `ReplicaSet`.
    ReplicaSet,
}

impl WorkloadKind {
    /// The API kind.
    pub fn as_str(self) -> &'static str {
        match self {
            WorkloadKind::Deployment => "Deployment",
            WorkloadKind::StatefulSet => "StatefulSet",
            WorkloadKind::DaemonSet => "DaemonSet",
            WorkloadKind::ReplicaSet => "ReplicaSet",
        }
    }
}

impl fmt::Display for WorkloadKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A workload and the pod template it stamps out.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Workload {
    /// Kind.
    pub kind: Option<WorkloadKind>,
    /// Namespace.
    pub namespace: String,
    /// Name.
    pub name: String,
    /// `spec.template.metadata.labels`: the labels its pods get.
    pub template_labels: Labels,
    /// `spec.selector.matchLabels` (expressions are not kept).
    pub selector: Labels,
    /// `spec.replicas` (`None` for a DaemonSet, or when the manifest omits it: the API default
    /// is 1).
    pub replicas: Option<i32>,
    /// `(kind, name)` of the controlling owner, e.g. a ReplicaSet's Deployment.
    pub owner: Option<(String, String)>,
}
