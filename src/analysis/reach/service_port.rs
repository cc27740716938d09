//! Hop 2: the Service port the client asks for.

use super::error::ReachError;
use super::report::{Hop, HopKind, HopStatus, Reach};
use crate::analysis::finding::ObjRef;
use crate::model::{Protocol, Service, ServicePort, ServiceType};

/// Hop 2: the port, by number (with `--protocol` when several protocols share it) or name.
pub(super) fn service_port<'a>(
    svc: &'a Service,
    arg: Option<&str>,
    protocol: Option<&Protocol>,
    r: &mut Reach,
) -> Result<Option<&'a ServicePort>, ReachError> {
    let ports = || {
        svc.ports
            .iter()
            .map(port_label)
            .collect::<Vec<_>>()
            .join(", ")
    };
    let svc_ref = ObjRef::namespaced("Service", &svc.namespace, &svc.name);
    let wanted = |p: &&ServicePort| protocol.is_none_or(|w| &p.protocol == w);
    let candidates: Vec<&ServicePort> = match arg {
        None => {
            let all: Vec<&ServicePort> = svc.ports.iter().filter(wanted).collect();
            if all.len() > 1 {
                return Err(ReachError::Usage(format!(
                    "Service {}/{} has several ports ({}): say which, e.g. {}:{}",
                    svc.namespace,
                    svc.name,
                    ports(),
                    svc.name,
                    all.iter()
                        .find(|p| !p.name.is_empty())
                        .map_or_else(|| all[0].port.to_string(), |p| p.name.clone())
                )));
            }
            all
        }
        Some(a) => match a.parse::<i32>() {
            Ok(n) => svc
                .ports
                .iter()
                .filter(|p| p.port == n)
                .filter(wanted)
                .collect(),
            Err(_) => svc
                .ports
                .iter()
                .filter(|p| p.name == a)
                .filter(wanted)
                .collect(),
        },
    };
    match candidates.as_slice() {
        [one] => {
            r.hops.push(Hop::new(
                HopKind::ServicePort,
                HopStatus::Ok,
                format!(
                    "{}/{} has port {} (targetPort {})",
                    svc.namespace,
                    svc.name,
                    port_label(one),
                    one.target_port
                ),
            ));
            Ok(Some(*one))
        }
        [] if svc.ports.is_empty() && svc.service_type() != ServiceType::ExternalName => {
            r.hops.push(
                Hop::new(
                    HopKind::ServicePort,
                    HopStatus::Blocked,
                    format!("{}/{} has no ports", svc.namespace, svc.name),
                )
                .with_object(Some(svc_ref)),
            );
            Ok(None)
        }
        [] => {
            let what = match (arg, protocol) {
                (Some(a), Some(p)) => format!("port {a}/{}", p.as_str()),
                (Some(a), None) => format!("port {a}"),
                (None, Some(p)) => format!("a {} port", p.as_str()),
                (None, None) => "a port".into(),
            };
            r.hops.push(
                Hop::new(
                    HopKind::ServicePort,
                    HopStatus::Blocked,
                    format!(
                        "{}/{} has no {what} (ports: {})",
                        svc.namespace,
                        svc.name,
                        ports()
                    ),
                )
                .with_object(Some(svc_ref)),
            );
            Ok(None)
        }
        many => Err(ReachError::Usage(format!(
            "port {} of Service {}/{} exists for several protocols ({}): give the port name or --protocol",
            arg.unwrap_or_default(),
            svc.namespace,
            svc.name,
            many.iter()
                .map(|p| port_label(p))
                .collect::<Vec<_>>()
                .join(", ")
        ))),
    }
}

/// `https 443/TCP`.
pub(super) fn port_label(p: &ServicePort) -> String {
    if p.name.is_empty() {
        format!("{}/{}", p.port, p.protocol.as_str())
    } else {
        format!("{} {}/{}", p.name, p.port, p.protocol.as_str())
    }
}
