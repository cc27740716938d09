//! The client's resolver: which nameserver, search path and ndots its `/etc/resolv.conf` gets,
//! and what a name resolves to through the cluster DNS.
//!
//! resolv.conf as the kubelet writes it (`pkg/kubelet/network/dns/dns.go` `GetPodDNS`,
//! <https://kubernetes.io/docs/concepts/services-networking/dns-pod-service/#pod-s-dns-policy>):
//! ClusterFirst (the default) gives the cluster DNS, search `NS.svc.DOMAIN svc.DOMAIN DOMAIN` and
//! `ndots:5`; a host-network pod with ClusterFirst falls back to Default (the node's resolver)
//! unless it asks for ClusterFirstWithHostNet; None takes only `dnsConfig`; `dnsConfig` adds
//! nameservers and searches and overrides options. The stub resolver (glibc/musl) tries a name
//! with fewer than ndots dots through the search list first, then as is; with more, as is
//! first; a trailing dot means as is only. Answers come from `analysis::dns` (CoreDNS's records).

use crate::analysis::dns::{DnsRecord, dns_records};
use crate::model::{Cluster, Pod, Service};

/// The resolver configuration of a client.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResolverConfig {
    /// Queries go to the cluster DNS (else to a resolver outside the cluster).
    pub cluster_dns: bool,
    /// The search list.
    pub searches: Vec<String>,
    /// `options ndots`.
    pub ndots: usize,
    /// Where it comes from, in words (`dnsPolicy ClusterFirst`).
    pub source: String,
}

/// The configuration the kubelet writes for `pod` (None: a pod template or an unknown pod,
/// which gets the defaults) in `namespace`. `cluster_dns_ips` are the cluster DNS Service's IPs
/// (a `dnsConfig` nameserver among them counts as the cluster DNS).
pub fn resolver_config(
    pod: Option<&Pod>,
    namespace: &str,
    domain: &str,
    cluster_dns_ips: &[String],
) -> ResolverConfig {
    let cluster_searches = vec![
        format!("{namespace}.svc.{domain}"),
        format!("svc.{domain}"),
        domain.to_string(),
    ];
    let policy = pod.and_then(|p| p.dns_policy()).unwrap_or("ClusterFirst");
    let host_network = pod.is_some_and(|p| p.host_network);
    let (cluster_dns, mut searches, source) = match policy {
        "ClusterFirstWithHostNet" => (true, cluster_searches, "dnsPolicy ClusterFirstWithHostNet".to_string()),
        "ClusterFirst" if host_network => (
            false,
            vec![],
            "dnsPolicy ClusterFirst on a host-network pod (the kubelet falls back to Default: the node's resolver)".to_string(),
        ),
        "ClusterFirst" => (true, cluster_searches, "dnsPolicy ClusterFirst".to_string()),
        "None" => (false, vec![], "dnsPolicy None".to_string()),
        other => (false, vec![], format!("dnsPolicy {other} (the node's resolver)")),
    };
    let mut ndots = 5;
    if let Some(cfg) = pod.and_then(|p| p.dns_config()) {
        for s in &cfg.searches {
            if !searches.contains(s) {
                searches.push(s.clone());
            }
        }
        if policy == "None" {
            ndots = 1; // the resolver's own default when no option is set
        }
        if cfg.nameservers.iter().any(|n| cluster_dns_ips.contains(n)) {
            return ResolverConfig {
                cluster_dns: true,
                searches,
                ndots: ndots_option(cfg, ndots),
                source: format!("{source} with dnsConfig naming the cluster DNS"),
            };
        }
        ndots = ndots_option(cfg, ndots);
    } else if policy == "None" {
        ndots = 1;
    }
    ResolverConfig {
        cluster_dns,
        searches,
        ndots,
        source,
    }
}

fn ndots_option(cfg: &crate::model::PodDnsConfig, default: usize) -> usize {
    cfg.options
        .iter()
        .rev()
        .find(|(n, _)| n == "ndots")
        .and_then(|(_, v)| v.as_deref()?.parse().ok())
        .unwrap_or(default)
}

/// The names the stub resolver tries, in order.
pub(super) fn candidates(name: &str, cfg: &ResolverConfig) -> Vec<String> {
    if let Some(abs) = name.strip_suffix('.') {
        return vec![abs.to_string()];
    }
    let searched = cfg.searches.iter().map(|s| format!("{name}.{s}"));
    if name.matches('.').count() >= cfg.ndots {
        std::iter::once(name.to_string()).chain(searched).collect()
    } else {
        searched.chain(std::iter::once(name.to_string())).collect()
    }
}

/// What the lookup found.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum Answer<'a> {
    /// A name of a Service (its own name: A/AAAA or CNAME).
    Service {
        /// The name that answered.
        fqdn: String,
        /// The Service.
        svc: &'a Service,
        /// The record.
        record: DnsRecord,
    },
    /// Every candidate in the cluster domain is NXDOMAIN, and the last one leaves it: the
    /// resolver asks outside the cluster.
    Outside(String),
    /// Every candidate is NXDOMAIN (all inside the cluster domain).
    NxDomain,
}

/// Looks `name` up the way the client's resolver and the cluster DNS would. `tried` gets every
/// name asked, in order.
pub(super) fn lookup<'a>(
    cluster: &'a Cluster,
    name: &str,
    cfg: &ResolverConfig,
    domain: &str,
    tried: &mut Vec<String>,
) -> Answer<'a> {
    let zone = format!(".svc.{domain}");
    for c in candidates(name, cfg) {
        tried.push(c.clone());
        let Some(prefix) = c.strip_suffix(&zone) else {
            if c == domain || c.ends_with(&format!(".{domain}")) {
                continue; // the cluster domain, not a Service name: NXDOMAIN
            }
            return Answer::Outside(c);
        };
        // `SERVICE.NAMESPACE` (the Service's own name); endpoint names have one more label.
        let Some((svc_name, ns)) = prefix.split_once('.') else {
            continue;
        };
        if ns.contains('.') {
            continue;
        }
        let Some(svc) = cluster.service(ns, svc_name) else {
            continue;
        };
        let slices: Vec<_> = cluster.slices_of(ns, svc_name).collect();
        let record = dns_records(svc, &slices, domain)
            .into_iter()
            .find(|r| r.name == c && r.type_ != "SRV");
        // A manifest not applied yet has no ClusterIP: it gets one on apply, and the name with it.
        let record = record.or_else(|| {
            (svc.cluster_ips.is_empty()
                && svc.cluster_ip.is_none()
                && svc.service_type() != crate::model::ServiceType::ExternalName)
                .then(|| DnsRecord {
                    name: c.clone(),
                    type_: "A".into(),
                    values: vec!["(its ClusterIP, once applied)".into()],
                })
        });
        match record {
            Some(r) if !r.is_nxdomain() => {
                return Answer::Service {
                    fqdn: c,
                    svc,
                    record: r,
                };
            }
            _ => continue,
        }
    }
    Answer::NxDomain
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::PodDnsConfig;
    use crate::testing::mk_pod;

    #[test]
    fn cluster_first_search_path_and_ndots() {
        let cfg = resolver_config(None, "shop", "cluster.local", &[]);
        assert!(cfg.cluster_dns);
        assert_eq!(cfg.ndots, 5);
        assert_eq!(
            candidates("payments.shop", &cfg),
            vec![
                "payments.shop.shop.svc.cluster.local",
                "payments.shop.svc.cluster.local",
                "payments.shop.cluster.local",
                "payments.shop"
            ]
        );
        assert_eq!(
            candidates("a.b.c.d.e.f", &cfg)[0],
            "a.b.c.d.e.f",
            "5 dots or more: as is first"
        );
        assert_eq!(
            candidates("web.shop.svc.cluster.local.", &cfg),
            vec!["web.shop.svc.cluster.local"]
        );
    }

    #[test]
    fn dns_policy_and_config() {
        let mut pod = mk_pod("p", &[]);
        pod.host_network = true;
        assert!(!resolver_config(Some(&pod), "ns", "cluster.local", &[]).cluster_dns);
        pod.extras_mut().dns_policy = Some("ClusterFirstWithHostNet".into());
        assert!(resolver_config(Some(&pod), "ns", "cluster.local", &[]).cluster_dns);
        pod.host_network = false;
        pod.extras_mut().dns_policy = Some("Default".into());
        assert!(!resolver_config(Some(&pod), "ns", "cluster.local", &[]).cluster_dns);
        pod.extras_mut().dns_policy = Some("None".into());
        pod.extras_mut().dns_config = Some(PodDnsConfig {
            nameservers: vec!["10.96.0.10".into()],
            searches: vec!["corp.example".into()],
            options: vec![("ndots".into(), Some("2".into()))],
        });
        let cfg = resolver_config(Some(&pod), "ns", "cluster.local", &["10.96.0.10".into()]);
        assert!(cfg.cluster_dns);
        assert_eq!(cfg.searches, vec!["corp.example"]);
        assert_eq!(cfg.ndots, 2);
        pod.extras_mut().dns_policy = None;
        let cfg = resolver_config(Some(&pod), "ns", "cluster.local", &[]);
        assert_eq!(
            cfg.searches.last().map(String::as_str),
            Some("corp.example")
        );
        assert_eq!(cfg.ndots, 2);
    }
}
