//! v1 Service -> model, with the API server's defaults.

use super::meta;
use crate::model::{
    IpFamily, Protocol, Service, ServiceAsWritten, ServicePort, ServiceType, SessionAffinity,
    TargetPort, TrafficPolicy,
};
use k8s_openapi::api::core::v1 as api;
use k8s_openapi::apimachinery::pkg::util::intstr::IntOrString;

/// Default `sessionAffinityConfig.clientIP.timeoutSeconds` (3 hours), per the API reference
/// (<https://kubernetes.io/docs/reference/networking/virtual-ips/#session-affinity>).
const DEFAULT_AFFINITY_TIMEOUT: i32 = 10800;

pub(crate) fn service(value: impl super::Input) -> Result<Service, super::Refused> {
    // Read by hand from JSON text when it can be (`service_decode`), by serde otherwise: the
    // same `api::Service` either way.
    let svc: api::Service = value.decoded("Service", super::service_decode::service, |s| s)?;
    let spec = svc.spec.unwrap_or_default();
    let type_ = Some(match spec.type_.as_deref() {
        Some("NodePort") => ServiceType::NodePort,
        Some("LoadBalancer") => ServiceType::LoadBalancer,
        Some("ExternalName") => ServiceType::ExternalName,
        _ => ServiceType::ClusterIp,
    });
    let raw_ports = spec.ports.unwrap_or_default();
    let written = ServiceAsWritten {
        unknown_type: spec.type_.clone().filter(|t| {
            !matches!(
                t.as_str(),
                "" | "ClusterIP" | "NodePort" | "LoadBalancer" | "ExternalName"
            )
        }),
        numeric_string_target_ports: raw_ports
            .iter()
            .enumerate()
            .filter(|(_, p)| {
                matches!(&p.target_port, Some(IntOrString::String(s)) if s.parse::<i32>().is_ok())
            })
            .map(|(i, _)| i)
            .collect(),
    };
    let ports = raw_ports.into_iter().map(port).collect();
    let mut ip_families: Vec<IpFamily> = spec
        .ip_families
        .unwrap_or_default()
        .iter()
        .filter_map(|f| match f.as_str() {
            "IPv4" => Some(IpFamily::V4),
            "IPv6" => Some(IpFamily::V6),
            _ => None,
        })
        .collect();
    let cluster_ip = spec.cluster_ip.filter(|ip| !ip.is_empty());
    // A manifest has no allocated IP; the API server would allocate one of the cluster's primary
    // family (single-stack IPv4 unless told otherwise), for headless Services too.
    if ip_families.is_empty() && type_ != Some(ServiceType::ExternalName) {
        match cluster_ip.as_deref().and_then(IpFamily::of) {
            Some(f) => ip_families.push(f),
            None if svc.metadata.uid.is_none() => ip_families.push(IpFamily::V4),
            None => {}
        }
    }
    let session_affinity = match spec.session_affinity.as_deref() {
        Some("ClientIP") => SessionAffinity::ClientIp {
            timeout_seconds: spec
                .session_affinity_config
                .and_then(|c| c.client_ip)
                .and_then(|c| c.timeout_seconds)
                .unwrap_or(DEFAULT_AFFINITY_TIMEOUT),
        },
        _ => SessionAffinity::None,
    };
    // A manifest carries no status; a dump does (`status: {loadBalancer: {}}`, also in hand-made
    // dumps without uids). What kubectl writes client-side carries one too, but marked by
    // `creationTimestamp: null` (`convert::add` then takes it for a manifest).
    let live = meta::has_cluster_state(&svc.metadata) || svc.status.is_some();
    let load_balancer_ingress = svc
        .status
        .and_then(|s| s.load_balancer)
        .and_then(|lb| lb.ingress)
        .unwrap_or_default()
        .into_iter()
        .filter_map(|i| i.ip.or(i.hostname))
        .collect();
    Ok(Service {
        namespace: meta::namespace(&svc.metadata),
        name: svc.metadata.name.clone().unwrap_or_default(),
        uid: svc.metadata.uid.clone().unwrap_or_default(),
        labels: meta::labels(&svc.metadata),
        annotations: meta::annotations(&svc.metadata),
        type_,
        cluster_ips: spec
            .cluster_ips
            .unwrap_or_else(|| cluster_ip.iter().cloned().collect()),
        cluster_ip,
        ip_families,
        ip_family_policy: spec.ip_family_policy,
        // "If empty or not present, the service is assumed to have an external process managing
        // its endpoints, which Kubernetes will not modify" (ServiceSpec.selector, API
        // reference): an empty map is stored (protobuf) as no selector, which the controllers
        // check for (`if service.Spec.Selector == nil`), so `selector: {}` selects no pods.
        selector: spec
            .selector
            .filter(|s| !s.is_empty())
            .map(|s| meta::to_labels(Some(&s))),
        ports,
        session_affinity,
        external_traffic_policy: policy(spec.external_traffic_policy.as_deref()),
        internal_traffic_policy: policy(spec.internal_traffic_policy.as_deref()),
        traffic_distribution: spec.traffic_distribution,
        publish_not_ready_addresses: spec.publish_not_ready_addresses.unwrap_or(false),
        load_balancer_ingress,
        load_balancer_class: spec.load_balancer_class,
        external_ips: spec.external_ips.unwrap_or_default(),
        health_check_node_port: spec.health_check_node_port,
        load_balancer_source_ranges: spec.load_balancer_source_ranges.unwrap_or_default(),
        external_name: spec.external_name,
        deleting: svc.metadata.deletion_timestamp.is_some(),
        live,
        written,
    })
}

/// An absent or zero targetPort defaults to `port` (`pkg/apis/core/v1/defaults.go`
/// `SetDefaults_Service`).
fn port(p: api::ServicePort) -> ServicePort {
    let target_port = match p.target_port {
        Some(IntOrString::Int(n)) if n != 0 => TargetPort::Number(n),
        Some(IntOrString::String(s)) if !s.is_empty() => match s.parse::<i32>() {
            Ok(n) => TargetPort::Number(n),
            Err(_) => TargetPort::Name(s),
        },
        _ => TargetPort::Number(p.port),
    };
    ServicePort {
        name: p.name.unwrap_or_default(),
        protocol: Protocol::parse(p.protocol.as_deref()),
        port: p.port,
        target_port,
        node_port: p.node_port.filter(|n| *n != 0),
        app_protocol: p.app_protocol,
    }
}

fn policy(s: Option<&str>) -> TrafficPolicy {
    match s {
        Some("Local") => TrafficPolicy::Local,
        _ => TrafficPolicy::Cluster,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn with_selector(selector: serde_json::Value) -> Option<crate::model::Labels> {
        let value = json!({
            "apiVersion": "v1", "kind": "Service",
            "metadata": {"name": "s", "namespace": "d"},
            "spec": {"selector": selector, "ports": [{"port": 80}]}
        });
        service(value).unwrap().selector
    }

    #[test]
    fn an_empty_selector_is_no_selector() {
        assert_eq!(with_selector(json!({})), None);
        assert_eq!(with_selector(serde_json::Value::Null), None);
        let one = with_selector(json!({"app": "web"})).unwrap();
        assert_eq!(one.get("app").map(|s| s.as_str()), Some("web"));
    }
}
