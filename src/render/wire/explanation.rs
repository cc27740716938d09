//! `kind: ServiceExplanation`.

use super::API_VERSION;
use super::slices::{WireEndpointSlice, WireEndpoints};
use crate::analysis::{Explanation, PodRow, PortRow};
use crate::model::{Labels, Service, SessionAffinity, TargetPort};
use crate::simulate::DesiredConditions;
use serde::Serialize;

/// The document `explain -o json|yaml` prints.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ServiceExplanation {
    /// `svcx/v1alpha1`.
    pub api_version: &'static str,
    /// `ServiceExplanation`.
    pub kind: &'static str,
    /// Which Kubernetes version's controller rules were applied.
    pub rules: WireRules,
    /// The Service.
    pub service: WireService,
    /// Ports.
    pub ports: Vec<WirePort>,
    /// Selected pods.
    pub pods: Vec<WirePod>,
    /// EndpointSlices labelled with the Service's name.
    pub endpoint_slices: Vec<WireEndpointSlice>,
    /// Legacy Endpoints (null when absent or unreadable; see `endpointsKnown`).
    pub endpoints: Option<WireEndpoints>,
    /// Whether Endpoints could be read.
    pub endpoints_known: bool,
    /// Whether Nodes could be read.
    pub nodes_known: bool,
    /// Whether Pods were read at all.
    pub pods_known: bool,
    /// Whether EndpointSlices were read at all.
    pub endpoint_slices_known: bool,
    /// DNS records.
    pub dns: Vec<WireDns>,
    /// Notes.
    pub notes: Vec<String>,
    /// kube-proxy's view per node; present with `--traffic` / `--from-node`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub traffic: Option<super::WireTraffic>,
    /// Present when the Service is judged as a manifest (not applied, nor its pods): ports
    /// resolved per pod template, who routes to it, what is unknown until applied.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub manifest: Option<WireManifest>,
}

/// `explain` of a Service not applied yet.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct WireManifest {
    /// Why it is judged as a manifest.
    pub reason: String,
    /// Workloads whose pod template the selector matches.
    pub workloads: Vec<WireTemplate>,
    /// One entry per Service port and selected template.
    pub ports: Vec<WireTemplatePort>,
    /// Ingresses and routes naming the Service.
    pub routed_from: Vec<WireRoute>,
    /// What stays unknown until applied.
    pub unknown: Vec<String>,
}

/// A workload the selector matches.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct WireTemplate {
    /// API kind.
    pub kind: String,
    /// Name.
    pub name: String,
    /// How many pods it would run, in words.
    pub pods: String,
    /// The operator that makes its pods, if one does.
    pub made_by: Option<String>,
}

/// A Service port resolved on one template.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct WireTemplatePort {
    /// Port name.
    pub name: String,
    /// Port.
    pub port: i32,
    /// Protocol.
    pub protocol: String,
    /// targetPort.
    pub target_port: WireTargetPort,
    /// `Deployment web` (null: no template selected).
    pub workload: Option<String>,
    /// The container declaring the target port.
    pub container: Option<String>,
    /// The container port reached (null: unresolved).
    pub target_port_number: Option<i32>,
    /// Why unresolved, or a remark.
    pub note: Option<String>,
}

/// An Ingress or route naming the Service.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct WireRoute {
    /// `Ingress`, `HTTPRoute`, `GRPCRoute`.
    pub kind: String,
    /// Namespace.
    pub namespace: String,
    /// Name.
    pub name: String,
    /// The Service port it names.
    pub port: String,
    /// The Service has that port.
    pub port_exists: bool,
}

fn manifest(m: &crate::analysis::ManifestView) -> WireManifest {
    WireManifest {
        reason: m.reason.clone(),
        workloads: m
            .workloads
            .iter()
            .map(|w| WireTemplate {
                kind: w.kind.clone(),
                name: w.name.clone(),
                pods: w.pods.clone(),
                made_by: w.made_by.clone(),
            })
            .collect(),
        ports: m
            .ports
            .iter()
            .map(|p| WireTemplatePort {
                name: p.port.name.clone(),
                port: p.port.port,
                protocol: p.port.protocol.as_str().to_string(),
                target_port: match &p.port.target_port {
                    TargetPort::Number(n) => WireTargetPort::Number(*n),
                    TargetPort::Name(s) => WireTargetPort::Name(s.clone()),
                },
                workload: p.workload.clone(),
                container: p.container.clone(),
                target_port_number: p.target_port_number,
                note: p.note.clone(),
            })
            .collect(),
        routed_from: m
            .routed_from
            .iter()
            .map(|r| WireRoute {
                kind: r.kind.clone(),
                namespace: r.namespace.clone(),
                name: r.name.clone(),
                port: r.port.clone(),
                port_exists: r.port_exists,
            })
            .collect(),
        unknown: m.unknown.clone(),
    }
}

/// Rules applied.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct WireRules {
    /// `v1.32`.
    pub kubernetes_version: String,
    /// `server`, `flag`, `node-kubelets` or `default`.
    pub source: &'static str,
}

/// The Service.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct WireService {
    /// Namespace.
    pub namespace: String,
    /// Name.
    pub name: String,
    /// spec.type.
    #[serde(rename = "type")]
    pub type_: String,
    /// clusterIP None.
    pub headless: bool,
    /// clusterIPs.
    #[serde(rename = "clusterIPs")]
    pub cluster_ips: Vec<String>,
    /// ipFamilies.
    pub ip_families: Vec<String>,
    /// ipFamilyPolicy.
    pub ip_family_policy: Option<String>,
    /// selector (null: no selector).
    pub selector: Option<Labels>,
    /// `None` or `ClientIP`.
    pub session_affinity: String,
    /// ClientIP timeout.
    pub session_affinity_timeout_seconds: Option<i32>,
    /// externalTrafficPolicy.
    pub external_traffic_policy: String,
    /// internalTrafficPolicy.
    pub internal_traffic_policy: String,
    /// trafficDistribution.
    pub traffic_distribution: Option<String>,
    /// topology-mode annotation.
    pub topology_mode: Option<String>,
    /// publishNotReadyAddresses.
    pub publish_not_ready_addresses: bool,
    /// LoadBalancer ingress (null unless type LoadBalancer).
    pub load_balancer: Option<WireLoadBalancer>,
    /// externalIPs.
    #[serde(rename = "externalIPs")]
    pub external_ips: Vec<String>,
    /// healthCheckNodePort.
    pub health_check_node_port: Option<i32>,
    /// externalName.
    pub external_name: Option<String>,
}

/// LoadBalancer status.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct WireLoadBalancer {
    /// IPs or hostnames.
    pub ingress: Vec<String>,
    /// No ingress yet.
    pub pending: bool,
    /// loadBalancerClass.
    pub load_balancer_class: Option<String>,
}

/// `targetPort`: a number or a name, as in the API.
#[derive(Debug, Serialize)]
#[serde(untagged)]
pub enum WireTargetPort {
    /// Number.
    Number(i32),
    /// Name.
    Name(String),
}

/// One group of pods resolving a targetPort to the same number.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct WireResolution {
    /// The number (null: unresolved on these pods).
    pub target_port_number: Option<i32>,
    /// Pods.
    pub pods: Vec<String>,
    /// Why unresolved, per pod.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub details: Vec<String>,
}

/// A Service port.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct WirePort {
    /// Name.
    pub name: String,
    /// Port.
    pub port: i32,
    /// Protocol.
    pub protocol: String,
    /// appProtocol.
    pub app_protocol: Option<String>,
    /// targetPort.
    pub target_port: WireTargetPort,
    /// nodePort.
    pub node_port: Option<i32>,
    /// Per-pod resolution groups.
    pub resolutions: Vec<WireResolution>,
    /// Pods on which a numeric targetPort is not declared (informational).
    pub undeclared_on: Vec<String>,
}

/// Endpoint conditions.
#[derive(Debug, Serialize)]
pub struct WireConditions {
    /// ready.
    pub ready: bool,
    /// serving.
    pub serving: bool,
    /// terminating.
    pub terminating: bool,
}

/// A selected pod.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct WirePod {
    /// Name.
    pub name: String,
    /// IPs.
    pub ips: Vec<String>,
    /// Node.
    pub node: Option<String>,
    /// Zone.
    pub zone: Option<String>,
    /// Phase.
    pub phase: String,
    /// Ready condition True.
    pub ready: bool,
    /// deletionTimestamp set.
    pub terminating: bool,
    /// Listed by the controller in an EndpointSlice.
    pub endpoint: bool,
    /// The conditions the controller gives it.
    pub conditions: Option<WireConditions>,
    /// kube-proxy sends it new connections.
    pub receives_traffic: bool,
    /// Why not (kebab-case), or null.
    pub reason: Option<&'static str>,
    /// Service ports whose targetPort does not resolve on it.
    pub unresolved_ports: Vec<String>,
    /// A current slice lists it.
    pub in_current_slices: bool,
}

/// A DNS record.
#[derive(Debug, Serialize)]
pub struct WireDns {
    /// Name.
    pub name: String,
    /// Type.
    #[serde(rename = "type")]
    pub type_: String,
    /// Values.
    pub values: Vec<String>,
}

impl ServiceExplanation {
    /// From the analysis result.
    pub fn from_explanation(ex: &Explanation) -> Self {
        ServiceExplanation {
            api_version: API_VERSION,
            kind: "ServiceExplanation",
            rules: WireRules {
                kubernetes_version: ex.rules.version.to_string(),
                source: ex.rules_source.as_str(),
            },
            service: service(&ex.service),
            ports: ex.ports.iter().map(port).collect(),
            pods: ex.pods.iter().map(pod).collect(),
            endpoint_slices: ex
                .endpoint_slices
                .iter()
                .map(WireEndpointSlice::from_slice)
                .collect(),
            endpoints: ex.endpoints.as_ref().map(WireEndpoints::from_endpoints),
            endpoints_known: ex.endpoints_known,
            nodes_known: ex.nodes_known,
            pods_known: ex.pods_known,
            endpoint_slices_known: ex.endpoint_slices_known,
            dns: ex
                .dns
                .iter()
                .map(|d| WireDns {
                    name: d.name.clone(),
                    type_: d.type_.clone(),
                    values: d.values.clone(),
                })
                .collect(),
            notes: ex.notes.clone(),
            traffic: ex.traffic.as_ref().map(super::WireTraffic::from_view),
            manifest: ex.manifest.as_ref().map(manifest),
        }
    }
}

pub(crate) fn service(s: &Service) -> WireService {
    let (affinity, timeout) = match s.session_affinity {
        SessionAffinity::None => ("None", None),
        SessionAffinity::ClientIp { timeout_seconds } => ("ClientIP", Some(timeout_seconds)),
    };
    WireService {
        namespace: s.namespace.clone(),
        name: s.name.clone(),
        type_: s.service_type().to_string(),
        headless: s.is_headless(),
        cluster_ips: s.cluster_ips.clone(),
        ip_families: s
            .ip_families
            .iter()
            .map(|f| f.as_str().to_string())
            .collect(),
        ip_family_policy: s.ip_family_policy.clone(),
        selector: s.selector.clone(),
        session_affinity: affinity.to_string(),
        session_affinity_timeout_seconds: timeout,
        external_traffic_policy: s.external_traffic_policy.to_string(),
        internal_traffic_policy: s.internal_traffic_policy.to_string(),
        traffic_distribution: s.traffic_distribution.clone(),
        topology_mode: s
            .annotations
            .get("service.kubernetes.io/topology-mode")
            .or_else(|| {
                s.annotations
                    .get("service.kubernetes.io/topology-aware-hints")
            })
            .map(|m| m.to_string()),
        publish_not_ready_addresses: s.publish_not_ready_addresses,
        load_balancer: (s.service_type() == crate::model::ServiceType::LoadBalancer).then(|| {
            WireLoadBalancer {
                ingress: s.load_balancer_ingress.clone(),
                pending: s.load_balancer_ingress.is_empty(),
                load_balancer_class: s.load_balancer_class.clone(),
            }
        }),
        external_ips: s.external_ips.clone(),
        health_check_node_port: s.health_check_node_port,
        external_name: s.external_name.clone(),
    }
}

fn port(p: &PortRow) -> WirePort {
    WirePort {
        name: p.port.name.clone(),
        port: p.port.port,
        protocol: p.port.protocol.as_str().to_string(),
        app_protocol: p.port.app_protocol.clone(),
        target_port: match &p.port.target_port {
            TargetPort::Number(n) => WireTargetPort::Number(*n),
            TargetPort::Name(s) => WireTargetPort::Name(s.clone()),
        },
        node_port: p.port.node_port,
        resolutions: p
            .resolutions
            .iter()
            .map(|r| WireResolution {
                target_port_number: r.target_port_number,
                pods: r.pods.clone(),
                details: r.details.clone(),
            })
            .collect(),
        undeclared_on: p.undeclared_on.clone(),
    }
}

fn conditions(c: DesiredConditions) -> WireConditions {
    WireConditions {
        ready: c.ready,
        serving: c.serving,
        terminating: c.terminating,
    }
}

fn pod(p: &PodRow) -> WirePod {
    WirePod {
        name: p.name.clone(),
        ips: p.ips.clone(),
        node: p.node.clone(),
        zone: p.zone.clone(),
        phase: p.phase.clone(),
        ready: p.ready,
        terminating: p.terminating,
        endpoint: p.endpoint,
        conditions: p.conditions.map(conditions),
        receives_traffic: p.receives_traffic,
        reason: p.reason.map(|r| r.as_str()),
        unresolved_ports: p.unresolved_ports.clone(),
        in_current_slices: p.in_current_slices,
    }
}
