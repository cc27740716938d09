//! What `explain` says about a Service judged as a manifest (built by `explain_manifest`).

use crate::model::ServicePort;

/// What `explain` says about a Service not applied yet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ManifestView {
    /// Why it is judged as a manifest (one sentence).
    pub reason: String,
    /// The workloads whose pod template the selector matches: the would-be pods.
    pub workloads: Vec<TemplateRow>,
    /// One row per Service port and selected template.
    pub ports: Vec<TemplatePort>,
    /// Ingresses and routes that send traffic to this Service.
    pub routed_from: Vec<RouteRow>,
    /// What cannot be known before the objects are applied.
    pub unknown: Vec<String>,
}

/// A workload the selector matches.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TemplateRow {
    /// API kind (`Deployment`, `Rollout`, `Prometheus`, `Pod`, ...).
    pub kind: String,
    /// Name.
    pub name: String,
    /// How many pods it would run (`3 replicas`, `one pod per node`).
    pub pods: String,
    /// The operator that makes its pods, when an operator does.
    pub made_by: Option<String>,
}

/// One Service port resolved on one template.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TemplatePort {
    /// The Service port.
    pub port: ServicePort,
    /// `Deployment web`, or `None` when no template is selected.
    pub workload: Option<String>,
    /// The container that declares the target port, when one does.
    pub container: Option<String>,
    /// The container port traffic would reach; `None` when the targetPort does not resolve.
    pub target_port_number: Option<i32>,
    /// Why not, or what is worth knowing (a numeric port no container declares).
    pub note: Option<String>,
}

/// An Ingress or route backend naming this Service.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RouteRow {
    /// `Ingress`, `HTTPRoute`, `GRPCRoute`.
    pub kind: String,
    /// Namespace of the Ingress or route.
    pub namespace: String,
    /// Name.
    pub name: String,
    /// The Service port it names (`80`, `http`, `(none)`).
    pub port: String,
    /// The Service has that port.
    pub port_exists: bool,
}
