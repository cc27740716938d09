//! `invalid-object` for Services: what `pkg/apis/core/validation/validation.go` `ValidateService`
//! and `validateServicePort` refuse, after the API server's defaults (protocol TCP, targetPort =
//! port when absent or 0; `pkg/apis/core/v1/defaults.go` `SetDefaults_Service`):
//!
//! - `metadata.name` is required and a DNS-1035 label (`ValidateServiceName`);
//! - `spec.ports` is required unless the Service is headless or ExternalName;
//! - `spec.type` is one of ClusterIP, NodePort, LoadBalancer, ExternalName; NodePort and
//!   LoadBalancer may not be headless; ExternalName needs `externalName` (a DNS-1123 subdomain,
//!   a trailing dot allowed) and no `clusterIP`/`clusterIPs`;
//! - every port: a name when there are several (a DNS-1123 label, unique), `port` in 1-65535,
//!   protocol TCP, UDP or SCTP, `targetPort` a number in 1-65535 or a port name
//!   (`ValidatePortNumOrName`: a string is always a name, so `"8080"` is refused), and no
//!   `nodePort` on a ClusterIP Service.
//!
//! Repeated port/protocol pairs and node ports are `duplicate-service-port`,
//! `node-port-duplicate` and `node-port-out-of-range` (their own codes, older than this one).

use super::Ctx;
use super::api_rules::{dns1035_label, dns1123_label, dns1123_subdomain, port_name, port_number};
use super::invalid_object::{Violation, finding};
use crate::analysis::finding::{Finding, ObjRef};
use crate::model::{Protocol, Service, ServiceType, TargetPort};

const CITES: &str = "pkg/apis/core/validation `ValidateService`";

/// The Service as the API server would judge it (manifests only).
pub(super) fn check_service_valid(ctx: &Ctx<'_>) -> Option<Finding> {
    let svc = ctx.svc;
    if !svc.uid.is_empty() {
        return None;
    }
    let object = ObjRef::namespaced("Service", &svc.namespace, &svc.name);
    finding(&object, Some(&svc.name), &violations(svc), CITES)
}

fn violations(svc: &Service) -> Vec<Violation> {
    let mut out = Vec::new();
    if svc.name.is_empty() {
        out.push(Violation::new("metadata.name", "is required"));
    } else if let Some(why) = dns1035_label(&svc.name) {
        out.push(Violation::new("metadata.name", why));
    }
    let type_ = svc.service_type();
    if let Some(t) = &svc.written.unknown_type {
        out.push(Violation::new(
            "spec.type",
            format!("is {t:?}, not one of ClusterIP, NodePort, LoadBalancer, ExternalName (case matters)"),
        ));
    }
    if svc.ports.is_empty() && !svc.is_headless() && type_ != ServiceType::ExternalName {
        out.push(Violation::new(
            "spec.ports",
            "is required unless the Service is headless (clusterIP: None) or of type ExternalName",
        ));
    }
    match type_ {
        ServiceType::NodePort | ServiceType::LoadBalancer if svc.is_headless() => {
            out.push(Violation::new(
                "spec.clusterIP",
                format!("may not be None for type {type_}"),
            ));
        }
        ServiceType::ExternalName => {
            if svc.cluster_ip.is_some() || !svc.cluster_ips.is_empty() {
                out.push(Violation::new(
                    "spec.clusterIP",
                    format!(
                        "must be empty for type ExternalName, a DNS alias without a cluster IP (it is {:?})",
                        svc.cluster_ip
                            .clone()
                            .or_else(|| svc.cluster_ips.first().cloned())
                            .unwrap_or_default()
                    ),
                ));
            }
            let cname = svc.external_name.as_deref().unwrap_or_default();
            let cname = cname.strip_suffix('.').unwrap_or(cname);
            if cname.is_empty() {
                out.push(Violation::new(
                    "spec.externalName",
                    "is required for type ExternalName (the DNS name the Service is an alias of)",
                ));
            } else if let Some(why) = dns1123_subdomain(cname) {
                out.push(Violation::new("spec.externalName", why));
            }
        }
        _ => {}
    }
    out.extend(port_violations(svc));
    out
}

fn port_violations(svc: &Service) -> Vec<Violation> {
    let mut out = Vec::new();
    let several = svc.ports.len() > 1;
    for (i, p) in svc.ports.iter().enumerate() {
        let at = |field: &str| format!("spec.ports[{i}].{field}");
        if p.name.is_empty() {
            if several {
                out.push(Violation::new(
                    at("name"),
                    "is required when a Service has more than one port",
                ));
            }
        } else if let Some(why) = dns1123_label(&p.name) {
            out.push(Violation::new(at("name"), why));
        } else if let Some(j) = svc.ports[..i].iter().position(|q| q.name == p.name) {
            out.push(Violation::new(
                at("name"),
                format!("is {:?}, already the name of spec.ports[{j}]", p.name),
            ));
        }
        if p.port == 0 {
            out.push(Violation::new(at("port"), "is required (1-65535)"));
        } else if let Some(why) = port_number(p.port) {
            out.push(Violation::new(at("port"), why));
        }
        if let Protocol::Other(proto) = &p.protocol {
            out.push(Violation::new(
                at("protocol"),
                format!("is {proto:?}, not one of TCP, UDP, SCTP (case matters)"),
            ));
        }
        match &p.target_port {
            TargetPort::Number(n) if svc.written.numeric_string_target_ports.contains(&i) => {
                out.push(Violation::new(
                    at("targetPort"),
                    format!(
                        "is the string \"{n}\", which the API server reads as a port name, and a port name must contain a letter: write {n} without quotes"
                    ),
                ));
            }
            // A missing port leaves the defaulted targetPort 0 too: said once, above.
            TargetPort::Number(0) if p.port == 0 => {}
            TargetPort::Number(n) => {
                if let Some(why) = port_number(*n) {
                    out.push(Violation::new(at("targetPort"), why));
                }
            }
            TargetPort::Name(name) => {
                if let Some(why) = port_name(name) {
                    out.push(Violation::new(at("targetPort"), why));
                }
            }
        }
        if let (Some(np), None, ServiceType::ClusterIp) =
            (p.node_port, &svc.written.unknown_type, svc.service_type())
        {
            out.push(Violation::new(
                at("nodePort"),
                format!("may not be set when type is ClusterIP (it is {np}; use type NodePort or LoadBalancer)"),
            ));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::ServicePort;

    fn port(name: &str, port: i32, target: TargetPort) -> ServicePort {
        ServicePort {
            name: name.into(),
            protocol: Protocol::Tcp,
            port,
            target_port: target,
            node_port: None,
            app_protocol: None,
        }
    }

    fn svc(ports: Vec<ServicePort>) -> Service {
        Service {
            namespace: "d".into(),
            name: "web".into(),
            ports,
            ..Service::default()
        }
    }

    fn fields(s: &Service) -> Vec<String> {
        violations(s).into_iter().map(|v| v.field).collect()
    }

    #[test]
    fn a_valid_service_passes() {
        let s = svc(vec![
            port("http", 80, TargetPort::Name("http".into())),
            port("metrics", 9090, TargetPort::Number(9090)),
        ]);
        assert_eq!(violations(&s), vec![]);
        let mut headless = svc(vec![]);
        headless.cluster_ip = Some("None".into());
        assert_eq!(violations(&headless), vec![]);
    }

    #[test]
    fn ports_are_required_unless_headless_or_externalname() {
        assert_eq!(fields(&svc(vec![])), ["spec.ports"]);
        let mut ext = svc(vec![]);
        ext.type_ = Some(ServiceType::ExternalName);
        ext.external_name = Some("db.example.com.".into());
        assert_eq!(violations(&ext), vec![]);
    }

    #[test]
    fn port_rules() {
        let mut s = svc(vec![
            port("", 0, TargetPort::Number(0)),
            port("http", 80, TargetPort::Number(123456)),
            port("http", 81, TargetPort::Name("metrics-exporter".into())),
        ]);
        s.ports[1].protocol = Protocol::Other("tcp".into());
        assert_eq!(
            fields(&s),
            [
                "spec.ports[0].name",
                "spec.ports[0].port",
                "spec.ports[1].protocol",
                "spec.ports[1].targetPort",
                "spec.ports[2].name",
                "spec.ports[2].targetPort",
            ]
        );
        let mut quoted = svc(vec![port("", 80, TargetPort::Number(8080))]);
        quoted.written.numeric_string_target_ports = vec![0];
        let v = violations(&quoted);
        assert_eq!(v.len(), 1);
        assert!(
            v[0].rule.starts_with("is the string \"8080\""),
            "{}",
            v[0].rule
        );
    }

    #[test]
    fn type_rules() {
        let mut ext = svc(vec![]);
        ext.type_ = Some(ServiceType::ExternalName);
        ext.cluster_ip = Some("None".into());
        assert_eq!(fields(&ext), ["spec.clusterIP", "spec.externalName"]);
        let mut np = svc(vec![port("", 80, TargetPort::Number(80))]);
        np.ports[0].node_port = Some(30080);
        assert_eq!(fields(&np), ["spec.ports[0].nodePort"]);
        np.type_ = Some(ServiceType::NodePort);
        np.cluster_ip = Some("None".into());
        assert_eq!(fields(&np), ["spec.clusterIP"]);
        np.written.unknown_type = Some("Nodeport".into());
        np.type_ = Some(ServiceType::ClusterIp);
        np.cluster_ip = None;
        assert_eq!(fields(&np), ["spec.type"]);
    }
}
