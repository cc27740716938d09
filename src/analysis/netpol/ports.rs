//! Whether a rule's `ports` let a destination port through.

use crate::model::{Pod, PolicyPort, PortRef, Protocol};

/// One rule's ports allow `number`/`protocol` on the destination `pod` (None: not a pod, so a
/// named port cannot match). No ports: every port. A named port is looked up among the
/// destination's container ports (sidecars included) with the rule's protocol: `http` of a
/// UDP container never opens TCP.
pub fn port_matches(
    ports: &[PolicyPort],
    number: i32,
    protocol: &Protocol,
    pod: Option<&Pod>,
) -> bool {
    ports.is_empty()
        || ports.iter().any(|p| {
            &p.protocol == protocol
                && match &p.port {
                    None | Some(PortRef::Unset) => true,
                    Some(PortRef::Number(n)) => match p.end_port {
                        Some(end) => (*n..=end).contains(&number),
                        None => *n == number,
                    },
                    Some(PortRef::Name(name)) => pod.is_some_and(|pod| {
                        pod.containers
                            .iter()
                            .chain(pod.sidecars())
                            .flat_map(|c| &c.ports)
                            .any(|cp| {
                                cp.name.as_deref() == Some(name.as_str())
                                    && &cp.protocol == protocol
                                    && cp.port == number
                            })
                    }),
                }
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::{mk_container, mk_pod};

    fn port(protocol: Protocol, port: Option<PortRef>, end_port: Option<i32>) -> PolicyPort {
        PolicyPort {
            protocol,
            port,
            end_port,
        }
    }

    #[test]
    fn rule_ports() {
        let mut pod = mk_pod("p", &[]);
        pod.containers = vec![mk_container(
            "app",
            &[("http", 8080, Protocol::Tcp), ("dns", 53, Protocol::Udp)],
        )];
        pod.extras_mut().sidecars = vec![mk_container("proxy", &[("admin", 15000, Protocol::Tcp)])];
        let pod = Some(&pod);
        let tcp = Protocol::Tcp;
        assert!(port_matches(&[], 8080, &tcp, pod));
        let num = |n| port(Protocol::Tcp, Some(PortRef::Number(n)), None);
        assert!(port_matches(&[num(8080)], 8080, &tcp, pod));
        assert!(!port_matches(&[num(80)], 8080, &tcp, pod));
        // Ranges are inclusive.
        let range = port(Protocol::Tcp, Some(PortRef::Number(8000)), Some(8080));
        assert!(port_matches(std::slice::from_ref(&range), 8080, &tcp, pod));
        assert!(port_matches(std::slice::from_ref(&range), 8000, &tcp, pod));
        assert!(!port_matches(&[range], 8081, &tcp, pod));
        // Protocol must agree (default TCP): UDP and SCTP rules never open TCP.
        assert!(!port_matches(&[num(53)], 53, &Protocol::Udp, pod));
        assert!(!port_matches(
            &[port(Protocol::Udp, Some(PortRef::Number(80)), None)],
            80,
            &tcp,
            pod
        ));
        assert!(!port_matches(
            &[port(Protocol::Sctp, None, None)],
            80,
            &tcp,
            pod
        ));
        assert!(port_matches(
            &[port(Protocol::Udp, None, None)],
            53,
            &Protocol::Udp,
            pod
        ));
        // Named ports resolve on the destination's containers, sidecars included, by name and
        // protocol.
        let named = |n: &str, proto| port(proto, Some(PortRef::Name(n.into())), None);
        assert!(port_matches(
            &[named("http", Protocol::Tcp)],
            8080,
            &tcp,
            pod
        ));
        assert!(port_matches(
            &[named("admin", Protocol::Tcp)],
            15000,
            &tcp,
            pod
        ));
        assert!(!port_matches(
            &[named("http", Protocol::Tcp)],
            9090,
            &tcp,
            pod
        ));
        assert!(!port_matches(
            &[named("dns", Protocol::Tcp)],
            53,
            &Protocol::Udp,
            pod
        ));
        assert!(!port_matches(&[named("dns", Protocol::Udp)], 53, &tcp, pod));
        assert!(!port_matches(
            &[named("metrics", Protocol::Tcp)],
            8080,
            &tcp,
            pod
        ));
        // Not a pod: a named port matches nothing.
        assert!(!port_matches(
            &[named("http", Protocol::Tcp)],
            8080,
            &tcp,
            None
        ));
    }
}
