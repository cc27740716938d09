//! Pod controllers (Deployment, StatefulSet, DaemonSet, ReplicaSet, ReplicationController, Job,
//! CronJob, any custom resource with a pod template, and well-known operators' resources),
//! reduced to their pod template: what pods they would create, even when none exist yet.

use super::labels::Labels;
use super::pod::Pod;
use std::fmt;

/// The kind of a workload (apps/v1, v1, batch/v1).
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
    /// `ReplicationController` (v1).
    ReplicationController,
    /// `Job` (batch/v1).
    Job,
    /// `CronJob` (batch/v1): its pod template is `spec.jobTemplate.spec.template`.
    CronJob,
}

impl WorkloadKind {
    /// From the API kind (`Deployment`).
    pub fn parse(kind: &str) -> Option<WorkloadKind> {
        [
            WorkloadKind::Deployment,
            WorkloadKind::StatefulSet,
            WorkloadKind::DaemonSet,
            WorkloadKind::ReplicaSet,
            WorkloadKind::ReplicationController,
            WorkloadKind::Job,
            WorkloadKind::CronJob,
        ]
        .into_iter()
        .find(|k| k.as_str() == kind)
    }

    /// The API kind.
    pub fn as_str(self) -> &'static str {
        match self {
            WorkloadKind::Deployment => "Deployment",
            WorkloadKind::StatefulSet => "StatefulSet",
            WorkloadKind::DaemonSet => "DaemonSet",
            WorkloadKind::ReplicaSet => "ReplicaSet",
            WorkloadKind::ReplicationController => "ReplicationController",
            WorkloadKind::Job => "Job",
            WorkloadKind::CronJob => "CronJob",
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
    /// How many pods it runs: `spec.replicas`, or `spec.parallelism` for Jobs and CronJobs
    /// (`None` for a DaemonSet, or when the manifest omits it: the API default is 1).
    pub replicas: Option<i32>,
    /// `(kind, name)` of the controlling owner, e.g. a ReplicaSet's Deployment.
    pub owner: Option<(String, String)>,
    /// The pod template as a would-be Pod: namespace and name are the workload's, labels are
    /// `template_labels` (plus the labels the controller always adds, when known), and the spec
    /// (containers with ports and probes, sidecars, readiness gates, hostname, subdomain) is the
    /// template's. It has no status: it is not running anywhere.
    pub template: Pod,
    /// StatefulSet `spec.serviceName`: the governing Service that gives its pods DNS names.
    pub service_name: Option<String>,
    /// The API kind when `kind` is `None`: a custom resource with a pod template (`Rollout`,
    /// `DeploymentConfig`, ...), an operator's resource (`Prometheus`), or `Pod` for a Pod
    /// manifest (one would-be pod).
    pub custom_kind: Option<String>,
    /// The operator that makes its pods from the resource's own fields (e.g.
    /// `prometheus-operator`): the pod template is the operator's, not the user's.
    pub made_by: Option<String>,
    /// Whether this is cluster state (uid, resourceVersion, creationTimestamp or status) rather
    /// than a manifest not applied yet.
    pub live: bool,
    /// `(field, why)` when the API server refuses the workload's selector (apps/v1: missing or
    /// empty, or not matching the template's labels): it is never created and makes no pods.
    pub selector_refused: Option<(String, String)>,
}

impl Workload {
    /// The API kind (`custom_kind` for kinds other than the core ones), or `Workload` when
    /// unknown.
    pub fn kind_str(&self) -> &str {
        match (self.kind, &self.custom_kind) {
            (Some(k), _) => k.as_str(),
            (None, Some(k)) => k,
            (None, None) => "Workload",
        }
    }

    /// How many pods it would run: `None` for a DaemonSet (one per eligible node), else
    /// replicas/parallelism with the API default of 1 when omitted.
    pub fn pod_count(&self) -> Option<i32> {
        match self.kind {
            Some(WorkloadKind::DaemonSet) => None,
            _ => Some(self.replicas.unwrap_or(1)),
        }
    }
}
