//! The hops that depend on the backend: the client's egress, the backend's ingress, the port.

use super::client::Client;
use super::report::{BackendReach, Hop, HopKind, HopStatus};
use crate::analysis::finding::ObjRef;
use crate::analysis::netpol::{Connection, Decision, Direction, Party, Policies, Verdict};
use crate::model::{
    Cluster, NetworkPolicy, Pod, PolicyPeer, PolicyRule, PortRef, Protocol, ServicePort,
};
use crate::simulate::{PortLookup, resolve_target_port};

/// One backend as kube-proxy (or DNS, for headless) hands it out.
pub(super) struct Target<'a> {
    /// The pod, when known (or a template standing in for one).
    pub pod: Option<&'a Pod>,
    /// Its address, when known.
    pub ip: Option<String>,
    /// The port the connection arrives on.
    pub port: Option<i32>,
    /// The node it runs on.
    pub node: Option<String>,
    /// Name to show.
    pub name: String,
}

/// Why the policy hops cannot be `ok` whatever NetworkPolicies say: policies of other APIs in
/// the input, or NetworkPolicies unreadable.
pub(super) fn policy_blind_spot(cluster: &Cluster, direction: Direction) -> Option<String> {
    if let Some(why) = &cluster.network_policies_unreadable {
        return Some(format!("NetworkPolicies could not be read ({why})"));
    }
    let mut kinds: Vec<&str> = cluster
        .foreign_policies
        .iter()
        .map(|k| k.kind.as_str())
        // Istio's AuthorizationPolicy is enforced by the server's sidecar only.
        .filter(|k| direction == Direction::Ingress || *k != "AuthorizationPolicy")
        .collect();
    kinds.sort_unstable();
    kinds.dedup();
    (!kinds.is_empty()).then(|| {
        format!(
            "{} objects are in the input and are not evaluated; they may allow or deny this",
            kinds.join(", ")
        )
    })
}

pub(super) fn backend(
    cluster: &Cluster,
    client: &Client<'_>,
    target: &Target<'_>,
    svc_port: Option<&ServicePort>,
    protocol: &Protocol,
    search_sidecars: bool,
) -> BackendReach {
    let policies = Policies::new(&cluster.network_policies, &cluster.namespaces);
    let ip = target.ip.as_deref().and_then(|s| s.parse().ok());
    let to = match target.pod {
        Some(p) if !p.host_network => Party { pod: Some(p), ip },
        _ => Party::address(ip),
    };
    let mut hops = Vec::new();
    match target.port {
        Some(port) => {
            let conn = Connection {
                from: client.party,
                to,
                port,
                protocol,
            };
            let what = format!("{port}/{}", protocol.as_str());
            for direction in [Direction::Egress, Direction::Ingress] {
                let d = policies.decide(direction, &conn);
                let mut hop = policy_hop(&d, client, target, &what);
                // The concept page: traffic to and from the node where a Pod is running is
                // always allowed.
                if direction == Direction::Ingress
                    && client.pod.is_none_or(|p| p.host_network)
                    && !client.external
                    && client.node.is_some()
                    && client.node == target.node
                    && hop.status != HopStatus::Ok
                {
                    hop = Hop::new(
                        HopKind::Ingress,
                        HopStatus::Ok,
                        format!(
                            "{} runs on the client's node: traffic from its own node is always allowed",
                            target.name
                        ),
                    );
                }
                if let Some(why) = policy_blind_spot(cluster, direction) {
                    let kind = hop.kind;
                    if hop.status != HopStatus::Unknown {
                        hop = Hop::new(
                            kind,
                            HopStatus::Unknown,
                            format!("{}; by NetworkPolicy alone: {}", why, hop.message),
                        )
                        .with_object(hop.object);
                    }
                }
                hops.push(hop);
            }
        }
        None => hops.push(Hop::new(
            HopKind::Egress,
            HopStatus::Unknown,
            "the port on the backend is not known",
        )),
    }
    hops.push(port_hop(target, svc_port, protocol, search_sidecars));
    BackendReach {
        name: target.name.clone(),
        address: match (&target.ip, target.port) {
            (Some(ip), Some(p)) if ip.contains(':') => format!("[{ip}]:{p}"),
            (Some(ip), Some(p)) => format!("{ip}:{p}"),
            (None, Some(p)) => format!("port {p}"),
            (Some(ip), None) => ip.clone(),
            (None, None) => String::new(),
        },
        node: target.node.clone(),
        hops,
    }
}

fn policy_hop(d: &Decision<'_>, client: &Client<'_>, target: &Target<'_>, what: &str) -> Hop {
    let kind = match d.direction {
        Direction::Egress => HopKind::Egress,
        Direction::Ingress => HopKind::Ingress,
    };
    let (subject, other) = match d.direction {
        Direction::Egress => (client_name(client), target.name.clone()),
        Direction::Ingress => (target.name.clone(), client_name(client)),
    };
    let dir = d.direction.as_str();
    let names = |ps: &[&NetworkPolicy]| {
        let mut v: Vec<&str> = ps.iter().map(|p| p.name.as_str()).collect();
        v.sort_unstable();
        v.join(", ")
    };
    let policy_word = |n: usize| {
        if n == 1 {
            "NetworkPolicy"
        } else {
            "NetworkPolicies"
        }
    };
    let first_ref = d
        .selecting
        .iter()
        .min_by_key(|p| p.name.as_str())
        .map(|p| ObjRef::namespaced("NetworkPolicy", &p.namespace, &p.name));
    match &d.verdict {
        Verdict::Allowed if d.selecting.is_empty() => {
            let msg = match d.direction {
                Direction::Egress if client.pod.is_none() || client.party.pod.is_none() => {
                    format!(
                        "{subject} is not a pod on the pod network: no egress NetworkPolicy applies"
                    )
                }
                Direction::Ingress if target.pod.is_none() => {
                    format!("{subject} is not a known pod: no ingress NetworkPolicy applies")
                }
                _ => format!("no NetworkPolicy selects {subject} for {dir}"),
            };
            Hop::new(kind, HopStatus::Ok, msg)
        }
        Verdict::Allowed => Hop::new(
            kind,
            HopStatus::Ok,
            format!(
                "{} {} {} {what} {} {other}",
                policy_word(d.allowing.len()),
                names(&d.allowing),
                if d.allowing.len() == 1 {
                    "allows"
                } else {
                    "allow"
                },
                if d.direction == Direction::Egress {
                    "to"
                } else {
                    "from"
                },
            ),
        )
        .with_object(first_ref),
        Verdict::Denied => Hop::new(
            kind,
            HopStatus::Blocked,
            format!(
                "{} {} {} {subject} for {dir} and none allows {what} {} {other}{}",
                policy_word(d.selecting.len()),
                names(&d.selecting),
                if d.selecting.len() == 1 {
                    "selects"
                } else {
                    "select"
                },
                if d.direction == Direction::Egress {
                    "to"
                } else {
                    "from"
                },
                allowed_summary(d),
            ),
        )
        .with_object(first_ref),
        Verdict::Unknown(why) => Hop::new(
            kind,
            HopStatus::Unknown,
            format!(
                "{} {} {subject} for {dir}; cannot tell: {why}",
                policy_word(d.selecting.len()),
                names(&d.selecting)
            ),
        )
        .with_object(first_ref),
    }
}

fn client_name(client: &Client<'_>) -> String {
    match (client.pod, client.external, &client.node) {
        (Some(p), _, _) if !client.template => format!("pod {}", p.name),
        (Some(_), _, _) => "the client's pod template".to_string(),
        (None, true, _) => "the outside client".to_string(),
        (None, false, Some(n)) => format!("node {n}"),
        (None, false, None) => "the client".to_string(),
    }
}

/// `(they allow only: from namespaces team=billing on 8080/TCP)`.
fn allowed_summary(d: &Decision<'_>) -> String {
    let rules: Vec<String> = d
        .selecting
        .iter()
        .flat_map(|p| {
            let rules = match d.direction {
                Direction::Ingress => &p.ingress,
                Direction::Egress => &p.egress,
            };
            rules.iter().map(move |r| rule_text(r, p, d.direction))
        })
        .collect();
    if rules.is_empty() {
        format!(" (no {} rule: everything is denied)", d.direction.as_str())
    } else {
        format!(" (allowed: {})", rules.join("; "))
    }
}

fn rule_text(rule: &PolicyRule, policy: &NetworkPolicy, direction: Direction) -> String {
    let prep = if direction == Direction::Egress {
        "to"
    } else {
        "from"
    };
    let peers = if rule.peers.is_empty() {
        "anywhere".to_string()
    } else {
        rule.peers
            .iter()
            .map(|p| peer_text(p, &policy.namespace))
            .collect::<Vec<_>>()
            .join(" or ")
    };
    let ports = if rule.ports.is_empty() {
        "any port".to_string()
    } else {
        rule.ports
            .iter()
            .map(|p| {
                let port = match (&p.port, p.end_port) {
                    (Some(PortRef::Number(n)), Some(e)) => format!("{n}-{e}"),
                    (Some(PortRef::Number(n)), None) => n.to_string(),
                    (Some(PortRef::Name(n)), _) => n.clone(),
                    (None | Some(PortRef::Unset), _) => "any".to_string(),
                };
                format!("{port}/{}", p.protocol.as_str())
            })
            .collect::<Vec<_>>()
            .join(", ")
    };
    format!("{prep} {peers} on {ports}")
}

fn peer_text(peer: &PolicyPeer, policy_ns: &str) -> String {
    let sel = |s: &kube::core::Selector| {
        if s.selects_all() {
            "any".to_string()
        } else {
            s.to_string()
        }
    };
    match peer {
        PolicyPeer::Pods { pods, namespaces } => {
            let pods_part = pods.as_ref().map(|s| format!("pods {}", sel(s)));
            let ns_part = match namespaces {
                None => format!("in namespace {policy_ns}"),
                Some(s) if s.selects_all() => "in any namespace".to_string(),
                Some(s) => format!("in namespaces {}", s),
            };
            match pods_part {
                Some(p) => format!("{p} {ns_part}"),
                None => format!("every pod {ns_part}"),
            }
        }
        PolicyPeer::IpBlock { cidr, except } if except.is_empty() => format!("ipBlock {cidr}"),
        PolicyPeer::IpBlock { cidr, except } => format!(
            "ipBlock {cidr} except {}",
            except
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join(", ")
        ),
        PolicyPeer::Invalid(why) => format!("nothing ({why})"),
    }
}

/// Hop 6: the backend declares the port (a numeric port that is not declared still works: only a
/// listening process is needed).
fn port_hop(
    target: &Target<'_>,
    svc_port: Option<&ServicePort>,
    protocol: &Protocol,
    search_sidecars: bool,
) -> Hop {
    let ok = |m: String| Hop::new(HopKind::BackendPort, HopStatus::Ok, m);
    let (Some(pod), Some(port)) = (target.pod, target.port) else {
        return ok(format!(
            "{} is not a known pod: its port is not checked",
            target.name
        ));
    };
    if let Some(sp) = svc_port
        && let PortLookup::Named {
            port: n, container, ..
        } = resolve_target_port(pod, sp, search_sidecars)
    {
        return ok(format!(
            "targetPort {} is {n}/{} on container {container}",
            sp.target_port,
            protocol.as_str()
        ));
    }
    let declared = pod.containers.iter().chain(pod.sidecars()).find(|c| {
        c.ports
            .iter()
            .any(|p| p.port == port && &p.protocol == protocol)
    });
    match declared {
        Some(c) => ok(format!(
            "{port}/{} is declared by container {}",
            protocol.as_str(),
            c.name
        )),
        None => ok(format!(
            "{port}/{} is not declared by any container of {} (allowed: only a listening process is needed)",
            protocol.as_str(),
            target.name
        )),
    }
}
