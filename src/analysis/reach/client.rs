//! FROM, found in the input: the pod the connection starts from (a workload's first ready pod,
//! or its template in manifests), its node, its address.

use super::error::ReachError;
use super::request::ClientSpec;
use crate::analysis::netpol::Party;
use crate::model::{Cluster, Pod, selector_matches};
use std::net::IpAddr;

/// The client, resolved.
#[derive(Debug, Clone)]
pub(super) struct Client<'a> {
    /// In words: `pod shop/web-1 on node worker-1 (10.244.1.5)`.
    pub description: String,
    /// Its namespace (pods; the resolver's search path starts there).
    pub namespace: Option<String>,
    /// The pod (or template) whose labels, DNS settings and egress policies count.
    pub pod: Option<&'a Pod>,
    /// How NetworkPolicies see it.
    pub party: Party<'a>,
    /// The node whose kube-proxy handles its connections.
    pub node: Option<String>,
    /// From outside the cluster.
    pub external: bool,
    /// The pod is a workload's template (manifests).
    pub template: bool,
    /// What was assumed.
    pub notes: Vec<String>,
}

pub(super) fn resolve<'a>(
    cluster: &'a Cluster,
    spec: &ClientSpec,
    default_ns: Option<&str>,
) -> Result<Client<'a>, ReachError> {
    match spec {
        ClientSpec::External => Ok(Client {
            description: "a client outside the cluster".into(),
            namespace: None,
            pod: None,
            party: Party::address(None),
            node: None,
            external: true,
            template: false,
            notes: vec![],
        }),
        ClientSpec::Node(name) => {
            let node = cluster.node(name);
            if node.is_none() && cluster.nodes_known {
                return Err(ReachError::NotFound(format!("node {name:?} not found")));
            }
            let ip: Option<IpAddr> = node
                .and_then(|n| n.internal_ips.first())
                .and_then(|s| s.parse().ok());
            Ok(Client {
                description: format!(
                    "node {name}{} (host network)",
                    ip.map(|i| format!(" ({i})")).unwrap_or_default()
                ),
                namespace: None,
                pod: None,
                party: Party::address(ip),
                node: Some(name.clone()),
                external: false,
                template: false,
                notes: vec![],
            })
        }
        ClientSpec::Pod { namespace, name } => {
            let ns = pick_namespace(cluster, namespace.as_deref(), default_ns, name)?;
            let pod = cluster.pod(&ns, name).ok_or_else(|| {
                let names: Vec<&str> = cluster
                    .pods
                    .iter()
                    .filter(|p| p.namespace == ns)
                    .map(|p| p.name.as_str())
                    .collect();
                ReachError::NotFound(format!(
                    "pod {name:?} not found in namespace {ns:?}{}",
                    listing("pods", &names)
                ))
            })?;
            Ok(from_pod(pod, format!("pod {ns}/{name}"), vec![]))
        }
        ClientSpec::Workload {
            kind,
            namespace,
            name,
        } => {
            let ns = namespace
                .clone()
                .or_else(|| default_ns.map(str::to_string))
                .unwrap_or_else(|| "default".into());
            let w = cluster
                .workloads
                .iter()
                .find(|w| {
                    w.namespace == ns && w.name == *name && w.kind_str().eq_ignore_ascii_case(kind)
                })
                .ok_or_else(|| {
                    ReachError::NotFound(format!("{kind} {name:?} not found in namespace {ns:?}"))
                })?;
            let mut pods: Vec<&Pod> = cluster
                .pods
                .iter()
                .filter(|p| p.namespace == ns && !p.phase.is_terminal())
                .filter(|p| !w.selector.is_empty() && selector_matches(&w.selector, &p.labels))
                .collect();
            pods.sort_by_key(|p| (!p.is_ready(), p.name.clone()));
            let label = format!("{kind} {ns}/{name}");
            match pods.as_slice() {
                [] if !cluster.pods_read() => Ok(Client {
                    notes: vec![format!(
                        "{label}: no pods in the input, so its pod template stands in (no node or address yet)"
                    )],
                    template: true,
                    ..from_pod(&w.template, format!("the pod template of {label}"), vec![])
                }),
                [] => Err(ReachError::NotFound(format!("{label} has no pods"))),
                [one] => Ok(from_pod(
                    one,
                    format!("pod {ns}/{} of {label}", one.name),
                    vec![],
                )),
                [first, rest @ ..] => Ok(from_pod(
                    first,
                    format!("pod {ns}/{} of {label}", first.name),
                    vec![format!(
                        "{label} has {} pods; the path is shown from {} (its others: {})",
                        rest.len() + 1,
                        first.name,
                        rest.iter()
                            .map(|p| p.name.as_str())
                            .collect::<Vec<_>>()
                            .join(", ")
                    )],
                )),
            }
        }
    }
}

fn from_pod<'a>(pod: &'a Pod, what: String, notes: Vec<String>) -> Client<'a> {
    // Host-network pods send from the node's address; pod selectors never match them.
    let party = if pod.host_network {
        Party::address(Party::pod(pod).ip)
    } else {
        Party::pod(pod)
    };
    let mut description = what;
    if let Some(n) = &pod.node_name {
        description.push_str(&format!(" on node {n}"));
    }
    if let Some(ip) = party.ip {
        description.push_str(&format!(" ({ip})"));
    }
    if pod.host_network {
        description.push_str(", host network");
    }
    Client {
        description,
        namespace: Some(pod.namespace.to_string()),
        pod: Some(pod),
        party,
        node: pod.node_name.as_deref().map(String::from),
        external: false,
        template: false,
        notes,
    }
}

/// The namespace given, else `-n`, else the only namespace holding a pod of that name.
fn pick_namespace(
    cluster: &Cluster,
    given: Option<&str>,
    default_ns: Option<&str>,
    name: &str,
) -> Result<String, ReachError> {
    if let Some(ns) = given.or(default_ns) {
        return Ok(ns.to_string());
    }
    let mut found: Vec<&str> = cluster
        .pods
        .iter()
        .filter(|p| p.name == name)
        .map(|p| p.namespace.as_str())
        .collect();
    found.sort_unstable();
    found.dedup();
    match found.as_slice() {
        [one] => Ok((*one).to_string()),
        [] => Ok("default".to_string()),
        many => Err(ReachError::Usage(format!(
            "pod {name:?} exists in several namespaces ({}); pass -n NAMESPACE or NAMESPACE/pod/{name}",
            many.join(", ")
        ))),
    }
}

pub(super) fn listing(what: &str, names: &[&str]) -> String {
    let mut names = names.to_vec();
    names.sort_unstable();
    match names.len() {
        0 => String::new(),
        1..=10 => format!(" ({what} there: {})", names.join(", ")),
        n => format!(" ({n} {what} there)"),
    }
}
