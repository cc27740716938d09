//! Resolving a Service port's `targetPort` on one Pod.
//!
//! Upstream: `k8s.io/kubernetes/pkg/api/v1/pod` `FindPort` (used by the EndpointSlice controller
//! through `endpointslice/utils.go` and by the Endpoints controller): a number is used as is; a
//! name matches the first container port with the same name AND protocol, app containers first
//! (in order), then restartable init containers (sidecars).

use crate::model::{Pod, Protocol, ServicePort, Str, TargetPort};

/// How a targetPort resolved on a Pod.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PortLookup {
    /// A numeric targetPort: used as is; `declared` says whether a container declares it.
    Number {
        /// The port.
        port: i32,
        /// Some container declares this number (informational only: traffic flows anyway).
        declared: bool,
    },
    /// A named targetPort found on a container.
    Named {
        /// The resolved number.
        port: i32,
        /// The container that declares it (a `Str`: resolved for every pod, rarely printed).
        container: Str,
        /// It was found on a sidecar (restartable init container).
        sidecar: bool,
    },
    /// A named targetPort that does not resolve; the controller leaves this port out for the pod.
    Unresolved {
        /// Declared ports with the same name but another protocol (`name/protocol`).
        wrong_protocol: Vec<String>,
        /// Found only on a sidecar, which this version's EndpointSlice controller does not search.
        only_on_sidecar: Option<i32>,
    },
}

impl PortLookup {
    /// The resolved number, if any.
    pub fn number(&self) -> Option<i32> {
        match self {
            PortLookup::Number { port, .. } | PortLookup::Named { port, .. } => Some(*port),
            PortLookup::Unresolved { .. } => None,
        }
    }
}

/// Resolves `svc_port.targetPort` on `pod`; `search_sidecars` follows the controller version.
pub fn resolve_target_port(pod: &Pod, svc_port: &ServicePort, search_sidecars: bool) -> PortLookup {
    match &svc_port.target_port {
        TargetPort::Number(port) => PortLookup::Number {
            port: *port,
            declared: pod
                .containers
                .iter()
                .chain(pod.sidecars())
                .flat_map(|c| &c.ports)
                .any(|p| p.port == *port && p.protocol == svc_port.protocol),
        },
        TargetPort::Name(name) => {
            if let Some((port, container)) = find(&pod.containers, name, &svc_port.protocol) {
                return PortLookup::Named {
                    port,
                    container,
                    sidecar: false,
                };
            }
            let on_sidecar = find(pod.sidecars(), name, &svc_port.protocol);
            if search_sidecars && let Some((port, container)) = on_sidecar {
                return PortLookup::Named {
                    port,
                    container,
                    sidecar: true,
                };
            }
            PortLookup::Unresolved {
                wrong_protocol: pod
                    .containers
                    .iter()
                    .chain(pod.sidecars())
                    .flat_map(|c| &c.ports)
                    .filter(|p| p.name.as_deref() == Some(name) && p.protocol != svc_port.protocol)
                    .map(|p| format!("{name}/{}", p.protocol.as_str()))
                    .collect(),
                only_on_sidecar: on_sidecar.map(|(p, _)| p),
            }
        }
    }
}

fn find(
    containers: &[crate::model::Container],
    name: &str,
    protocol: &Protocol,
) -> Option<(i32, Str)> {
    containers.iter().find_map(|c| {
        c.ports
            .iter()
            .find(|p| p.name.as_deref() == Some(name) && &p.protocol == protocol)
            .map(|p| (p.port, Str::from(c.name)))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::{mk_container, mk_pod, mk_svc_port};

    fn named(name: &str) -> ServicePort {
        mk_svc_port("web", 80, TargetPort::Name(name.into()), Protocol::Tcp)
    }

    #[test]
    fn named_port_matches_name_and_protocol() {
        let mut pod = mk_pod("p", &[("app", "web")]);
        pod.containers = vec![mk_container(
            "c",
            &[("http", 8080, Protocol::Udp), ("http", 8081, Protocol::Tcp)],
        )];
        assert_eq!(
            resolve_target_port(&pod, &named("http"), true).number(),
            Some(8081)
        );
    }

    #[test]
    fn wrong_protocol_is_unresolved_and_reported() {
        let mut pod = mk_pod("p", &[]);
        pod.containers = vec![mk_container("c", &[("dns", 53, Protocol::Udp)])];
        let lookup = resolve_target_port(&pod, &named("dns"), true);
        assert_eq!(
            lookup,
            PortLookup::Unresolved {
                wrong_protocol: vec!["dns/UDP".into()],
                only_on_sidecar: None
            }
        );
    }

    #[test]
    fn app_containers_win_over_sidecars() {
        let mut pod = mk_pod("p", &[]);
        pod.extras_mut().sidecars = vec![mk_container("proxy", &[("http", 15001, Protocol::Tcp)])];
        pod.containers = vec![mk_container("app", &[("http", 8080, Protocol::Tcp)])];
        assert_eq!(
            resolve_target_port(&pod, &named("http"), true).number(),
            Some(8080)
        );
    }

    #[test]
    fn sidecar_only_depends_on_version() {
        let mut pod = mk_pod("p", &[]);
        pod.containers = vec![mk_container("app", &[])];
        pod.extras_mut().sidecars =
            vec![mk_container("proxy", &[("metrics", 9090, Protocol::Tcp)])];
        let on = resolve_target_port(&pod, &named("metrics"), true);
        assert!(matches!(
            on,
            PortLookup::Named {
                port: 9090,
                sidecar: true,
                ..
            }
        ));
        let off = resolve_target_port(&pod, &named("metrics"), false);
        assert_eq!(
            off,
            PortLookup::Unresolved {
                wrong_protocol: vec![],
                only_on_sidecar: Some(9090)
            }
        );
    }

    #[test]
    fn first_container_in_order_wins() {
        let mut pod = mk_pod("p", &[]);
        pod.containers = vec![
            mk_container("a", &[("http", 8080, Protocol::Tcp)]),
            mk_container("b", &[("http", 9090, Protocol::Tcp)]),
        ];
        assert_eq!(
            resolve_target_port(&pod, &named("http"), true).number(),
            Some(8080)
        );
    }

    #[test]
    fn numeric_target_port_need_not_be_declared() {
        let pod = mk_pod("p", &[]);
        let sp = mk_svc_port("", 80, TargetPort::Number(9999), Protocol::Tcp);
        assert_eq!(
            resolve_target_port(&pod, &sp, true),
            PortLookup::Number {
                port: 9999,
                declared: false
            }
        );
    }
}
