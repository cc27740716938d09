//! Hop 1: the name through the client's resolver and the cluster DNS, and the client's egress
//! to the DNS pods.

use super::backends::policy_blind_spot;
use super::client::{Client, listing};
use super::error::ReachError;
use super::options::ReachOptions;
use super::report::{Hop, HopKind, HopStatus, Reach};
use super::request::TargetSpec;
use super::resolver::{Answer, lookup, resolver_config};
use crate::analysis::finding::ObjRef;
use crate::analysis::netpol::{Connection, Direction, Party, Policies, Verdict};
use crate::model::{Cluster, Pod, Protocol, Service, selector_matches};
use std::net::IpAddr;

/// The cluster DNS: the `kube-dns` Service of kube-system (CoreDNS keeps that name for
/// compatibility, <https://kubernetes.io/docs/tasks/administer-cluster/coredns/>).
const DNS_NAMESPACE: &str = "kube-system";
const DNS_SERVICE: &str = "kube-dns";

/// Hop 1 (and the Service the name or address leads to). `None`: the chain stops here.
pub(super) fn destination<'a>(
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
                        // A cluster name (or a short one that only the cluster search path would
                        // complete) is not known to a resolver outside the cluster.
                        if is_cluster_name(cluster, name, domain) {
                            HopStatus::Blocked
                        } else {
                            HopStatus::Unknown
                        },
                        format!(
                            "{} does not use the cluster DNS ({}): {name} is a cluster name its resolver does not answer (use dnsPolicy ClusterFirst, or ClusterFirstWithHostNet on the host network)",
                            client.description, cfg.source
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
                        r.summary = format!(
                            "unknown: {name} is a CNAME to {}, outside the cluster; the rest of the path is not judged",
                            record.values.join(", ")
                        );
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
                    let hint = nx_hint(cluster, name, &ns, domain);
                    let (status, why) = match &answer {
                        // Leaves the cluster, and the input has no Service it could mean.
                        Answer::Outside(last)
                            if last.contains('.') && !is_cluster_name(cluster, name, domain) =>
                        {
                            (
                                HopStatus::Unknown,
                                format!(
                                    "{last} is outside the cluster domain: the upstream resolver answers it"
                                ),
                            )
                        }
                        _ => (HopStatus::Blocked, "NXDOMAIN".to_string()),
                    };
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
            if let Some(hop) = dns_egress(cluster, client, dns_svc)
                && let Some(last) = r.hops.last_mut()
                && (last.status == HopStatus::Ok || hop.status == HopStatus::Blocked)
            {
                *last = hop;
            }
            Ok(resolved)
        }
    }
}

/// `name` is meant for the cluster DNS: under the cluster domain, a single label, or
/// `SERVICE.NAMESPACE[.svc]` of a Service in the input.
fn is_cluster_name(cluster: &Cluster, name: &str, domain: &str) -> bool {
    let name = name.trim_end_matches('.');
    if name == domain || name.ends_with(&format!(".{domain}")) || !name.contains('.') {
        return true;
    }
    let labels: Vec<&str> = name.split('.').collect();
    match labels.as_slice() {
        [svc, ns] | [svc, ns, "svc"] => cluster.service(ns, svc).is_some(),
        _ => false,
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
    if let Some(svc) = cluster.service(own_ns, first)
        && svc.is_headless()
    {
        return (
            format!(
                "; {}/{} is headless and has no ready endpoint, so its name does not exist",
                svc.namespace, svc.name
            ),
            Some(ObjRef::namespaced("Service", &svc.namespace, &svc.name)),
        );
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
