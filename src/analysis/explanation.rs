//! The result of `explain`: how one Service resolves.

use super::dns::DnsRecord;
use super::manifest_view::ManifestView;
use super::traffic::TrafficView;
use crate::model::{ControllerRules, EndpointSlice, Endpoints, Service, ServicePort};
use crate::simulate::DesiredConditions;

/// Where the version whose rules were applied came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RulesSource {
    /// `/version` of the live server.
    Server,
    /// `--kube-version`.
    Flag,
    /// The newest kubelet version among the Nodes (the control plane is at least that new).
    NodeKubelets,
    /// Nothing said: the newest behaviour modelled.
    Default,
}

impl RulesSource {
    /// Human wording, e.g. "from --kube-version".
    pub fn describe(&self) -> &'static str {
        match self {
            RulesSource::Server => "from the server's /version",
            RulesSource::Flag => "from --kube-version",
            RulesSource::NodeKubelets => "from the Nodes' kubelet version",
            RulesSource::Default => "newest modelled; pass --kube-version to change",
        }
    }
    /// Machine wording.
    pub fn as_str(&self) -> &'static str {
        match self {
            RulesSource::Server => "server",
            RulesSource::Flag => "flag",
            RulesSource::NodeKubelets => "node-kubelets",
            RulesSource::Default => "default",
        }
    }
}

/// Knobs of `explain`.
#[derive(Debug, Clone)]
pub struct ExplainOptions {
    /// Controller rules to apply.
    pub rules: ControllerRules,
    /// Where they came from.
    pub rules_source: RulesSource,
    /// Cluster DNS domain (`cluster.local`).
    pub cluster_domain: String,
}

/// One group of pods that resolve a targetPort to the same number (or to nothing).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Resolution {
    /// The number, or `None` when it does not resolve on these pods.
    pub target_port_number: Option<i32>,
    /// Pod names.
    pub pods: Vec<String>,
    /// Why it did not resolve, per pod (`pod: declares http/UDP`), when unresolved.
    pub details: Vec<String>,
}

/// One Service port: port -> targetPort -> per-pod number -> nodePort.
#[derive(Debug, Clone, PartialEq)]
pub struct PortRow {
    /// The Service port.
    pub port: ServicePort,
    /// Groups by resolved number; unresolved last.
    pub resolutions: Vec<Resolution>,
    /// Numeric targetPort not declared by these pods' containers (fine: traffic still flows).
    pub undeclared_on: Vec<String>,
}

/// Why a selected pod receives no new traffic.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum PodReason {
    /// Ready condition not True.
    NotReady,
    /// Being deleted.
    Terminating,
    /// Succeeded/Failed.
    TerminalPhase,
    /// No IP yet.
    NoIp,
    /// Its Node does not exist.
    NodeMissing,
    /// No IP of the Service's families.
    FamilyMismatch,
    /// No Service port resolves on it.
    PortUnresolved,
}

impl PodReason {
    /// The kebab-case word used in output.
    pub fn as_str(self) -> &'static str {
        match self {
            PodReason::NotReady => "not-ready",
            PodReason::Terminating => "terminating",
            PodReason::TerminalPhase => "terminal-phase",
            PodReason::NoIp => "no-ip",
            PodReason::NodeMissing => "node-missing",
            PodReason::FamilyMismatch => "family-mismatch",
            PodReason::PortUnresolved => "port-unresolved",
        }
    }
}

/// One selected pod.
#[derive(Debug, Clone, PartialEq)]
pub struct PodRow {
    /// Name.
    pub name: String,
    /// IPs (`podIPs`, else `podIP`).
    pub ips: Vec<String>,
    /// Node.
    pub node: Option<String>,
    /// Zone of its node.
    pub zone: Option<String>,
    /// Phase.
    pub phase: String,
    /// Ready condition is True.
    pub ready: bool,
    /// Has a deletionTimestamp.
    pub terminating: bool,
    /// The controller lists it in an EndpointSlice.
    pub endpoint: bool,
    /// Conditions the controller gives it.
    pub conditions: Option<DesiredConditions>,
    /// A ready endpoint with at least one resolved port: kube-proxy sends it new connections.
    pub receives_traffic: bool,
    /// Why not, when it does not.
    pub reason: Option<PodReason>,
    /// Service port names whose targetPort does not resolve on it.
    pub unresolved_ports: Vec<String>,
    /// Some current EndpointSlice of the Service lists it (by targetRef or IP).
    pub in_current_slices: bool,
    /// Whether the Node could be checked (false when Nodes were not readable).
    pub node_known: bool,
}

/// Everything `explain` says about one Service.
#[derive(Debug, Clone)]
pub struct Explanation {
    /// The Service.
    pub service: Service,
    /// The controller rules applied.
    pub rules: ControllerRules,
    /// Where the rules' version came from.
    pub rules_source: RulesSource,
    /// One row per Service port.
    pub ports: Vec<PortRow>,
    /// Selected pods.
    pub pods: Vec<PodRow>,
    /// EndpointSlices labelled with the Service's name.
    pub endpoint_slices: Vec<EndpointSlice>,
    /// The legacy Endpoints object.
    pub endpoints: Option<Endpoints>,
    /// Whether Endpoints could be read at all.
    pub endpoints_known: bool,
    /// Whether Nodes could be read at all.
    pub nodes_known: bool,
    /// Whether EndpointSlices were read at all (a dump of Pods and Services holds none, which
    /// says nothing about the cluster's slices).
    pub endpoint_slices_known: bool,
    /// Whether the pods the selector could match were read (a dump of Services and slices has
    /// none, which says nothing about the pods); always true without a selector.
    pub pods_known: bool,
    /// DNS records a client would see.
    pub dns: Vec<DnsRecord>,
    /// Things worth knowing that are not errors.
    pub notes: Vec<String>,
    /// kube-proxy's view per node, when asked for (`--traffic`, `--from-node`).
    pub traffic: Option<TrafficView>,
    /// For a Service judged as a manifest (not applied, nor are its pods): its ports resolved
    /// on the pod templates it selects, who routes to it, and what is unknown until applied.
    pub manifest: Option<ManifestView>,
}
