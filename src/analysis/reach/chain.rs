//! Builds the chain: DNS, Service port, kube-proxy, then the backends' hops, and the verdict.

use super::backends::{Target, backend, policy_blind_spot};
use super::client::{Client, listing, resolve};
use super::report::{BackendReach, Hop, HopKind, HopStatus, Overall, Reach};
use super::request::{ClientSpec, TargetSpec};
use super::resolver::{Answer, lookup, resolver_config};
use crate::analysis::ObjRef;
use crate::analysis::netpol::{Connection, Direction, Party, Policies, Verdict};
use crate::analysis::traffic::{Outcome, ProxyNode, categorize, traffic};
use crate::model::{
    Cluster, ControllerRules, IpFamily, Pod, Protocol, Service, ServicePort, ServiceType,
    TrafficPolicy, selector_matches,
};
use std::fmt;
use std::net::IpAddr;

/// What `reach` needs besides the request.
#[derive(Debug, Clone)]
pub struct ReachOptions {
    /// Controller rules in force (named ports on sidecars, node hints).
    pub rules: ControllerRules,
    /// The cluster DNS domain.
    pub cluster_domain: String,
    /// `-n`: the namespace of FROM when it has none.
    pub namespace: Option<String>,
    /// `--protocol`, to pick among ports with the same number.
    pub protocol: Option<Protocol>,
}

/// The request cannot be answered: a usage error (exit 2), not a broken path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReachError {
    /// FROM or TO names nothing in the input.
    NotFound(String),
    /// The request is ambiguous or malformed.
    Usage(String),
}

impl fmt::Display for ReachError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ReachError::NotFound(m) | ReachError::Usage(m) => f.write_str(m),
        }
    }
}

impl std::error::Error for ReachError {}

/// The cluster DNS: the `kube-dns` Service of kube-system (CoreDNS keeps that name for
/// compatibility, <https://kubernetes.io/docs/tasks/administer-cluster/coredns/>).
const DNS_NAMESPACE: &str = "kube-system";
const DNS_SERVICE: &str = "kube-dns";

/// Answers whether `from` can reach `to` (both as the user typed them, for display).
pub fn reach(
    cluster: &Cluster,
    from: (&str, &ClientSpec),
    to: (&str, &TargetSpec),
    opts: &ReachOptions,
) -> Result<Reach, ReachError> {
    let client = resolve(cluster, from.1, opts.namespace.as_deref())?;
    let mut r = Reach {
        from: from.0.to_string(),
        client: client.description.clone(),
        to: to.0.to_string(),
        service: None,
        port: None,
        hops: vec![],
        backends: vec![],
        overall: Overall::Unknown,
        summary: String::new(),
        notes: client.notes.clone(),
    };
    let Some((svc, dialed)) = destination(cluster, &client, to.1, opts, &mut r)? else {
        return Ok(finish(r));
    };
    r.service = Some(ObjRef::namespaced("Service", &svc.namespace, &svc.name));
    let port_arg = match to.1 {
        TargetSpec::Name { port, .. } | TargetSpec::Address { port, .. } => port.as_deref(),
    };
    let Some(sp) = service_port(svc, port_arg, opts.protocol.as_ref(), &mut r)? else {
        return Ok(finish(r));
    };
    r.port = Some(port_label(sp));
    let targets = proxied(cluster, &client, svc, sp, dialed, opts, &mut r);
    if r.hops.iter().any(|h| h.status == HopStatus::Blocked) {
        return Ok(finish(r));
    }
    r.backends = targets
        .iter()
        .map(|t| {
            backend(
                cluster,
                &client,
                t,
                Some(sp),
                &sp.protocol,
                opts.rules.slice_named_ports_on_sidecars,
            )
        })
        .collect();
    Ok(finish(r))
}

/// Hop 1 (and the Service the name or address leads to). `None`: the chain stops here.
fn destination<'a>(
    cluster: &'a Cluster,
    client: &Client<'_>,
    to: &TargetSpec,
    opts: &ReachOptions,
    r: &mut Reach,
) -> Result<Option<(&'a Service, Option<IpAddr>)>, ReachError> {
    let domain = opts.cluster_domain.as_str();
    match to {
        TargetSpec::Address { ip, .. } => {
            let s = ip.to_string();
            let svc = cluster.services.iter().find(|svc| {
                svc.cluster_ips.contains(&s)
                    || svc.cluster_ip.as_deref() == Some(s.as_str())
                    || svc.external_ips.contains(&s)
                    || svc.load_balancer_ingress.contains(&s)
            });
            match svc {
                Some(svc) => Ok(Some((svc, Some(*ip)))),
                None => Err(ReachError::NotFound(format!(
                    "no Service has the address {ip} (ClusterIP, externalIPs or load balancer ingress)"
                ))),
            }
        }
        TargetSpec::Name { name, .. } if client.external => {
            // Outside clients use public DNS, not the cluster's: the name is read as SERVICE or
            // SERVICE.NAMESPACE.
            let (svc_name, ns) = match name.split_once('.') {
                Some((s, rest)) => (s, rest.split('.').next().unwrap_or_default().to_string()),
                None => (
                    name.as_str(),
                    opts.namespace.clone().unwrap_or_else(|| "default".into()),
                ),
            };
            cluster
                .service(&ns, svc_name)
                .map(|s| Some((s, None)))
                .ok_or_else(|| {
                    ReachError::NotFound(format!(
                        "service {svc_name:?} not found in namespace {ns:?}"
                    ))
                })
        }
        TargetSpec::Name { name, .. } => {
            let ns = client.namespace.clone().unwrap_or_else(|| "default".into());
            let dns_svc = cluster.service(DNS_NAMESPACE, DNS_SERVICE);
            let dns_ips: Vec<String> = dns_svc.map(|s| s.cluster_ips.clone()).unwrap_or_default();
            let mut cfg = resolver_config(client.pod, &ns, domain, &dns_ips);
            if client.pod.is_none() {
                cfg.cluster_dns = false;
                cfg.searches.clear();
                cfg.source = "the node's own resolver".into();
            }
            let mut tried = Vec::new();
            if !cfg.cluster_dns {
                r.hops.push(
                    Hop::new(
                        HopKind::Dns,
                        if name.ends_with(&format!(".{domain}")) || !name.contains('.') {
                            HopStatus::Blocked
                        } else {
                            HopStatus::Unknown
                        },
                        format!(
                            "{} uses {} ({}), not the cluster DNS: {name} is not a name it answers (use dnsPolicy ClusterFirst, or ClusterFirstWithHostNet on the host network)",
                            client.description, "its node's resolver", cfg.source
                        ),
                    )
                    .with_object(client.pod.filter(|p| !p.name.is_empty()).map(|p| ObjRef::namespaced("Pod", &p.namespace, &p.name))),
                );
                return Ok(None);
            }
            let answer = lookup(cluster, name, &cfg, domain, &mut tried);
            let via = format!(
                "search {}, ndots {}; {}",
                cfg.searches.join(" "),
                cfg.ndots,
                cfg.source
            );
            let resolved = match answer {
                Answer::Service { fqdn, svc, record } => {
                    if record.type_ == "CNAME" {
                        r.service = Some(ObjRef::namespaced("Service", &svc.namespace, &svc.name));
                        r.hops.push(Hop::new(
                            HopKind::Dns,
                            HopStatus::Ok,
                            format!(
                                "{name} is {fqdn}: ExternalName, a CNAME to {} ({via})",
                                record.values.join(", ")
                            ),
                        ));
                        r.notes.push(format!(
                            "{} is outside the cluster: the rest of the path is not judged",
                            record.values.join(", ")
                        ));
                        return Ok(None);
                    }
                    r.hops.push(Hop::new(
                        HopKind::Dns,
                        HopStatus::Ok,
                        format!(
                            "{name} is {fqdn}: {} {} ({via})",
                            record.type_,
                            record.values.join(", ")
                        ),
                    ));
                    let ip = record.values.first().and_then(|v| v.parse().ok());
                    Some((svc, ip))
                }
                Answer::NxDomain | Answer::Outside(_) => {
                    let (status, why) = match &answer {
                        Answer::Outside(last) if last.contains('.') => (
                            HopStatus::Unknown,
                            format!(
                                "{last} is outside the cluster domain: the upstream resolver answers it"
                            ),
                        ),
                        _ => (HopStatus::Blocked, "NXDOMAIN".to_string()),
                    };
                    let hint = nx_hint(cluster, name, &ns, domain);
                    r.hops.push(
                        Hop::new(
                            HopKind::Dns,
                            status,
                            format!(
                                "{name} does not resolve from namespace {ns}: tried {} ({via}): {why}{}",
                                tried.join(", "),
                                hint.0
                            ),
                        )
                        .with_object(hint.1),
                    );
                    None
                }
            };
            // The resolver asks the cluster DNS over UDP 53 first: the client's egress must
            // allow that to the DNS pods (TCP 53 alone is not enough).
            if let Some(hop) = dns_egress(cluster, client, dns_svc) {
                if let Some(last) = r.hops.last_mut() {
                    if last.status == HopStatus::Ok || hop.status == HopStatus::Blocked {
                        *last = hop;
                    }
                }
            }
            Ok(resolved)
        }
    }
}

/// Why a name was NXDOMAIN, when the input says: a headless Service without ready endpoints, or
/// a Service of that name in another namespace.
fn nx_hint(cluster: &Cluster, name: &str, ns: &str, domain: &str) -> (String, Option<ObjRef>) {
    let first = name.split('.').next().unwrap_or(name);
    let second = name.split('.').nth(1);
    let own_ns = match second {
        Some(n) if n != "svc" => n,
        _ => ns,
    };
    if let Some(svc) = cluster.service(own_ns, first) {
        if svc.is_headless() {
            return (
                format!(
                    "; {}/{} is headless and has no ready endpoint, so its name does not exist",
                    svc.namespace, svc.name
                ),
                Some(ObjRef::namespaced("Service", &svc.namespace, &svc.name)),
            );
        }
    }
    let mut elsewhere: Vec<&str> = cluster
        .services
        .iter()
        .filter(|s| s.name == first && s.namespace != own_ns)
        .map(|s| s.namespace.as_str())
        .collect();
    elsewhere.sort_unstable();
    match elsewhere.as_slice() {
        [] => {
            let names: Vec<&str> = cluster
                .services
                .iter()
                .filter(|s| s.namespace == own_ns)
                .map(|s| s.name.as_str())
                .collect();
            (
                format!(
                    "; no Service {first:?} in namespace {own_ns}{}",
                    listing("services", &names)
                ),
                None,
            )
        }
        [one] => (
            format!(
                "; Service {first} is in namespace {one}: use {first}.{one} (or {first}.{one}.svc.{domain})"
            ),
            Some(ObjRef::namespaced("Service", one, first)),
        ),
        many => (
            format!(
                "; Services named {first} are in namespaces {}: add the namespace ({first}.NAMESPACE)",
                many.join(", ")
            ),
            None,
        ),
    }
}

/// The client's egress to the cluster DNS pods on UDP 53; `None` when it changes nothing (not a
/// pod, or not isolated for egress).
fn dns_egress(cluster: &Cluster, client: &Client<'_>, dns_svc: Option<&Service>) -> Option<Hop> {
    let pod = client.party.pod?;
    let policies = Policies::new(&cluster.network_policies, &cluster.namespaces);
    if policies.selecting(pod, Direction::Egress).is_empty() {
        return None;
    }
    let udp = Protocol::Udp;
    let dns_pods: Vec<&Pod> = dns_svc
        .and_then(|s| s.selector.as_ref())
        .map(|sel| {
            cluster
                .pods
                .iter()
                .filter(|p| {
                    p.namespace == DNS_NAMESPACE
                        && !sel.is_empty()
                        && selector_matches(sel, &p.labels)
                })
                .collect()
        })
        .unwrap_or_default();
    let targets: Vec<Party<'_>> = if dns_pods.is_empty() {
        vec![Party::address(None)]
    } else {
        dns_pods.iter().map(|p| Party::pod(p)).collect()
    };
    let mut denied_by = None;
    let mut allowed = false;
    let mut unknown = None;
    for to in &targets {
        let conn = Connection {
            from: client.party,
            to: *to,
            port: 53,
            protocol: &udp,
        };
        let d = policies.decide(Direction::Egress, &conn);
        match d.verdict {
            Verdict::Allowed => allowed = true,
            Verdict::Denied if dns_pods.is_empty() => {
                unknown = Some(
                    "the cluster DNS pods (kube-system/kube-dns) are not in the input".to_string(),
                );
            }
            Verdict::Denied => denied_by = Some(d),
            Verdict::Unknown(w) => unknown = Some(w),
        }
    }
    let blind = policy_blind_spot(cluster, Direction::Egress);
    if allowed && blind.is_none() {
        return None;
    }
    if let (false, Some(d)) = (allowed, denied_by) {
        let names = d.selecting_names().join(", ");
        let status = if blind.is_some() {
            HopStatus::Unknown
        } else {
            HopStatus::Blocked
        };
        return Some(
            Hop::new(
                HopKind::Dns,
                status,
                format!(
                    "egress of pod {} does not allow UDP 53 to the cluster DNS pods ({}: {names}), so no name resolves; the resolver asks over UDP first (TCP 53 alone is not enough){}",
                    pod.name,
                    if d.selecting.len() == 1 { "NetworkPolicy" } else { "NetworkPolicies" },
                    blind.map(|b| format!("; {b}")).unwrap_or_default()
                ),
            )
            .with_object(
                d.selecting
                    .iter()
                    .min_by_key(|p| p.name.as_str())
                    .map(|p| ObjRef::namespaced("NetworkPolicy", &p.namespace, &p.name)),
            ),
        );
    }
    let why = blind.or(unknown)?;
    Some(Hop::new(
        HopKind::Dns,
        HopStatus::Unknown,
        format!(
            "whether egress of pod {} allows UDP 53 to the cluster DNS is unknown: {why}",
            pod.name
        ),
    ))
}

/// Hop 2: the port, by number (with `--protocol` when several protocols share it) or name.
fn service_port<'a>(
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
fn port_label(p: &ServicePort) -> String {
    if p.name.is_empty() {
        format!("{}/{}", p.port, p.protocol.as_str())
    } else {
        format!("{} {}/{}", p.name, p.port, p.protocol.as_str())
    }
}

/// Hop 3 and the backends it hands out.
fn proxied<'a>(
    cluster: &'a Cluster,
    client: &Client<'_>,
    svc: &'a Service,
    sp: &ServicePort,
    dialed: Option<IpAddr>,
    opts: &ReachOptions,
    r: &mut Reach,
) -> Vec<Target<'a>> {
    let hop = |status, msg: String| Hop::new(HopKind::KubeProxy, status, msg);
    let svc_ref = Some(ObjRef::namespaced("Service", &svc.namespace, &svc.name));
    if svc.is_headless() {
        // Headless: DNS returned the endpoints; the client dials them on the port it chose.
        let ips: Vec<String> = cluster
            .slices_of(&svc.namespace, &svc.name)
            .flat_map(|s| &s.endpoints)
            .filter(|e| e.conditions.is_ready())
            .flat_map(|e| e.addresses.first().cloned())
            .collect();
        r.hops.push(hop(
            HopStatus::Ok,
            format!(
                "headless: no kube-proxy rules; the client connects to the {} address(es) DNS returns, on port {}",
                ips.len(),
                sp.port
            ),
        ));
        return ips
            .into_iter()
            .map(|ip| target_for_ip(cluster, svc, ip, Some(sp.port)))
            .collect();
    }
    let view = traffic(cluster, svc, &opts.rules);
    if let Some(why) = &view.not_proxied {
        r.hops.push(
            hop(
                HopStatus::Unknown,
                format!("kube-proxy does not serve it: {why}"),
            )
            .with_object(svc_ref),
        );
        return vec![];
    }
    if !view.slices_known {
        return without_slices(cluster, svc, sp, r, opts);
    }
    let family = dialed
        .map(|ip| {
            if ip.is_ipv4() {
                IpFamily::V4
            } else {
                IpFamily::V6
            }
        })
        .or_else(|| view.families.first().copied())
        .unwrap_or(IpFamily::V4);
    let Some(pi) = view.ports.iter().position(|p| {
        p.family == family && p.port.name == sp.name && p.port.protocol == sp.protocol
    }) else {
        r.hops.push(
            hop(
                HopStatus::Blocked,
                format!("kube-proxy has no {} rules for this port", family.as_str()),
            )
            .with_object(svc_ref),
        );
        return vec![];
    };
    let pt = &view.ports[pi];
    if client.external {
        return external(cluster, svc, sp, &view, pi, r);
    }
    let node = client.node.clone();
    let on_node = node
        .as_deref()
        .and_then(|n| view.node(n))
        .map(|n| n.ports[pi].clone());
    let (outcome, indices, detail) = match &on_node {
        Some(p) => {
            let set = match svc.internal_traffic_policy {
                TrafficPolicy::Local => p.categorized.local.clone(),
                TrafficPolicy::Cluster => p.categorized.cluster.clone(),
            };
            (
                p.internal,
                set.unwrap_or_default(),
                p.categorized.topology.reason.clone(),
            )
        }
        None => {
            let cat = categorize(
                &pt.endpoints,
                ProxyNode { name: "", zone: "" },
                pt.uses_cluster,
                pt.uses_local,
                opts.rules.prefer_same_traffic_distribution,
            );
            let outcome = if !cat.has_any {
                Outcome::Rejected
            } else if svc.internal_traffic_policy == TrafficPolicy::Local {
                r.hops.push(hop(
                    HopStatus::Unknown,
                    "internalTrafficPolicy Local and the client's node is not known: which endpoints are local cannot be told".into(),
                ));
                return vec![];
            } else {
                Outcome::Routed
            };
            (
                outcome,
                cat.cluster.unwrap_or_default(),
                cat.topology.reason,
            )
        }
    };
    let where_ = node.as_deref().map_or_else(
        || "kube-proxy".to_string(),
        |n| format!("kube-proxy on {n}"),
    );
    match outcome {
        Outcome::Rejected => {
            r.hops.push(
                hop(
                    HopStatus::Blocked,
                    format!("{}/{} has no ready endpoint for {}: {where_} rejects the connection (connection refused)", svc.namespace, svc.name, port_label(sp)),
                )
                .with_object(svc_ref),
            );
            vec![]
        }
        Outcome::Dropped => {
            r.hops.push(
                hop(
                    HopStatus::Blocked,
                    format!(
                        "internalTrafficPolicy Local and no ready endpoint on node {}: {where_} drops the connection (it times out)",
                        node.as_deref().unwrap_or("?")
                    ),
                )
                .with_object(svc_ref),
            );
            vec![]
        }
        _ => {
            let eps: Vec<_> = indices
                .iter()
                .filter_map(|&i| pt.endpoints.get(i))
                .collect();
            let fallback = on_node
                .as_ref()
                .is_some_and(|p| p.categorized.cluster_fallback || p.categorized.local_fallback);
            r.hops.push(hop(
                HopStatus::Ok,
                format!(
                    "{where_} sends {} to {} of {} endpoint(s){}{} (topology: {detail})",
                    port_label(sp),
                    eps.len(),
                    pt.endpoints.len(),
                    if svc.internal_traffic_policy == TrafficPolicy::Local {
                        ", node-local only (internalTrafficPolicy Local)"
                    } else {
                        ""
                    },
                    if fallback {
                        ", serving-terminating fallback: no endpoint is ready"
                    } else {
                        ""
                    },
                ),
            ));
            eps.into_iter()
                .map(|e| {
                    let mut t = target_for_ip(cluster, svc, e.ip.clone(), Some(e.port));
                    if t.node.is_none() {
                        t.node = e.node_name.clone();
                    }
                    if let (None, Some(p)) = (t.pod, &e.pod) {
                        t.name = p.clone();
                    }
                    t
                })
                .collect()
        }
    }
}

/// From outside: every node's NodePort / load balancer / external IP path.
fn external<'a>(
    cluster: &'a Cluster,
    svc: &'a Service,
    sp: &ServicePort,
    view: &crate::analysis::traffic::TrafficView,
    pi: usize,
    r: &mut Reach,
) -> Vec<Target<'a>> {
    let svc_ref = Some(ObjRef::namespaced("Service", &svc.namespace, &svc.name));
    let pt = &view.ports[pi];
    if !pt.externally_reachable {
        r.hops.push(
            Hop::new(
                HopKind::KubeProxy,
                HopStatus::Blocked,
                format!(
                    "{}/{} is type {} with no node port, load balancer IP or external IP: nothing outside the cluster reaches it",
                    svc.namespace,
                    svc.name,
                    svc.service_type()
                ),
            )
            .with_object(svc_ref),
        );
        return vec![];
    }
    let mut routed = Vec::new();
    let mut dropped = Vec::new();
    let mut indices = std::collections::BTreeSet::new();
    for n in &view.nodes {
        let p = &n.ports[pi];
        match p.external {
            Outcome::Routed => {
                routed.push(n.node.as_str());
                let set = match svc.external_traffic_policy {
                    TrafficPolicy::Local => &p.categorized.local,
                    TrafficPolicy::Cluster => &p.categorized.cluster,
                };
                indices.extend(set.iter().flatten().copied());
            }
            _ => dropped.push(n.node.as_str()),
        }
    }
    let entry = match (sp.node_port, svc.service_type()) {
        (Some(np), _) => format!("node port {np}"),
        (None, ServiceType::LoadBalancer) => "the load balancer".into(),
        _ => "external IPs".into(),
    };
    if routed.is_empty() {
        r.hops.push(
            Hop::new(
                HopKind::KubeProxy,
                HopStatus::Blocked,
                format!(
                    "no node routes {entry} to an endpoint (nodes: {})",
                    dropped.join(", ")
                ),
            )
            .with_object(svc_ref),
        );
        return vec![];
    }
    let mut msg = format!(
        "{entry}: routed to an endpoint on node(s) {}",
        routed.join(", ")
    );
    if !dropped.is_empty() {
        msg.push_str(&format!(
            "; dropped on {} ({})",
            dropped.join(", "),
            if svc.external_traffic_policy == TrafficPolicy::Local {
                "externalTrafficPolicy Local and no local endpoint; the health check fails there, so a load balancer skips them"
            } else {
                "no usable endpoint"
            }
        ));
    }
    r.hops
        .push(Hop::new(HopKind::KubeProxy, HopStatus::Ok, msg));
    r.notes.push(if svc.external_traffic_policy == TrafficPolicy::Local {
        "externalTrafficPolicy Local keeps the client's source address: ingress policies see the outside address (unknown here)".into()
    } else {
        "externalTrafficPolicy Cluster: the source is NATed to a node's address on the way".into()
    });
    let _ = cluster;
    indices
        .into_iter()
        .filter_map(|i| pt.endpoints.get(i))
        .map(|e| {
            let mut t = target_for_ip(cluster, svc, e.ip.clone(), Some(e.port));
            t.node = t.node.or_else(|| e.node_name.clone());
            t
        })
        .collect()
}

/// Manifests (no EndpointSlices): the selected pods, or the selected templates standing in.
fn without_slices<'a>(
    cluster: &'a Cluster,
    svc: &'a Service,
    sp: &ServicePort,
    r: &mut Reach,
    opts: &ReachOptions,
) -> Vec<Target<'a>> {
    let Some(sel) = svc.selector.as_ref().filter(|s| !s.is_empty()) else {
        r.hops.push(Hop::new(
            HopKind::KubeProxy,
            HopStatus::Unknown,
            "no EndpointSlices in the input and no selector: the endpoints are unknown",
        ));
        return vec![];
    };
    let pods: Vec<&Pod> = cluster
        .pods
        .iter()
        .filter(|p| {
            p.namespace == svc.namespace && selector_matches(sel, &p.labels) && p.is_ready()
        })
        .collect();
    let templates: Vec<&crate::model::Workload> = cluster
        .workloads
        .iter()
        .filter(|w| w.namespace == svc.namespace && selector_matches(sel, &w.template.labels))
        .collect();
    let resolved = |pod: &'a Pod| {
        crate::simulate::resolve_target_port(pod, sp, opts.rules.slice_named_ports_on_sidecars)
            .number()
    };
    let (what, targets): (String, Vec<Target<'a>>) = if !pods.is_empty() {
        (
            format!("{} ready pod(s) the selector matches", pods.len()),
            pods.iter()
                .map(|p| Target {
                    pod: Some(p),
                    ip: p.all_ips().first().cloned(),
                    port: resolved(p),
                    node: p.node_name.clone(),
                    name: p.name.clone(),
                })
                .collect(),
        )
    } else {
        (
            format!(
                "the pods of {} pod template(s) the selector matches",
                templates.len()
            ),
            templates
                .iter()
                .map(|w| Target {
                    pod: Some(&w.template),
                    ip: None,
                    port: resolved(&w.template),
                    node: None,
                    name: format!("{} {}", w.kind_str(), w.name),
                })
                .collect(),
        )
    };
    if targets.is_empty() {
        r.hops.push(
            Hop::new(
                HopKind::KubeProxy,
                HopStatus::Blocked,
                format!("the selector of {}/{} matches no pod or pod template: there would be no endpoint", svc.namespace, svc.name),
            )
            .with_object(Some(ObjRef::namespaced("Service", &svc.namespace, &svc.name))),
        );
        return vec![];
    }
    r.hops.push(Hop::new(
        HopKind::KubeProxy,
        HopStatus::Ok,
        format!(
            "no EndpointSlices in the input: assuming kube-proxy uses {what} once they are ready"
        ),
    ));
    targets
}

/// The pod behind an endpoint address, when it is one of the Service's namespace.
fn target_for_ip<'a>(
    cluster: &'a Cluster,
    svc: &Service,
    ip: String,
    port: Option<i32>,
) -> Target<'a> {
    let pod = cluster
        .pods
        .iter()
        .find(|p| p.namespace == svc.namespace && p.all_ips().contains(&ip))
        .or_else(|| {
            cluster
                .pods
                .iter()
                .find(|p| !p.host_network && p.all_ips().contains(&ip))
        });
    Target {
        pod,
        name: pod.map_or_else(|| ip.clone(), |p| p.name.clone()),
        node: pod.and_then(|p| p.node_name.clone()),
        ip: Some(ip),
        port,
    }
}

/// The verdict from the hops.
fn finish(mut r: Reach) -> Reach {
    if let Some(h) = r.hops.iter().find(|h| h.status == HopStatus::Blocked) {
        r.overall = Overall::Blocked;
        r.summary = format!(
            "blocked at hop {} ({}): {}",
            h.kind.number(),
            h.kind.as_str(),
            h.message
        );
        return r;
    }
    let shared_unknown = r
        .hops
        .iter()
        .find(|h| h.status == HopStatus::Unknown)
        .cloned();
    let total = r.backends.len();
    let ok = r
        .backends
        .iter()
        .filter(|b| b.status() == HopStatus::Ok)
        .count();
    let blocked: Vec<&BackendReach> = r
        .backends
        .iter()
        .filter(|b| b.status() == HopStatus::Blocked)
        .collect();
    // An unknown shared hop leaves the answer unknown, unless every backend is blocked anyway.
    if let Some(h) = shared_unknown.filter(|_| total == 0 || blocked.len() < total) {
        r.overall = Overall::Unknown;
        r.summary = format!(
            "unknown at hop {} ({}): {}",
            h.kind.number(),
            h.kind.as_str(),
            h.message
        );
        return r;
    }
    if total == 0 {
        r.overall = Overall::Unknown;
        r.summary = "no backend to judge".into();
        return r;
    }
    let first_blocked = |bs: &[&BackendReach]| {
        bs.first()
            .and_then(|b| {
                b.breaking().map(|h| {
                    format!(
                        "{} blocked at hop {} ({}): {}",
                        b.name,
                        h.kind.number(),
                        h.kind.as_str(),
                        h.message
                    )
                })
            })
            .unwrap_or_default()
    };
    (r.overall, r.summary) = if ok == total {
        (
            Overall::Reachable,
            format!("reachable: {ok} of {total} backend(s)"),
        )
    } else if ok > 0 && !blocked.is_empty() {
        (
            Overall::SomeBackendsBlocked,
            format!(
                "some backends blocked: {} of {total} backend(s) blocked, so connections fail intermittently; {}",
                blocked.len(),
                first_blocked(&blocked)
            ),
        )
    } else if ok > 0 {
        (
            Overall::Reachable,
            format!("reachable: {ok} of {total} backend(s); the others cannot be judged"),
        )
    } else if blocked.len() == total {
        (
            Overall::Blocked,
            format!(
                "blocked: all {total} backend(s); {}",
                first_blocked(&blocked)
            ),
        )
    } else {
        let b = r
            .backends
            .iter()
            .find(|b| b.status() == HopStatus::Unknown)
            .expect("one is unknown");
        let h = b.breaking().expect("unknown hop");
        (
            Overall::Unknown,
            format!(
                "unknown: {} at hop {} ({}): {}",
                b.name,
                h.kind.number(),
                h.kind.as_str(),
                h.message
            ),
        )
    };
    r
}
