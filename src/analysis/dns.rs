//! DNS records a client would get, per the Kubernetes DNS specification
//! (<https://github.com/kubernetes/dns/blob/master/docs/specification.md>, schema 1.0.1),
//! computed from the Service and its EndpointSlices the way CoreDNS's kubernetes plugin does
//! (`plugin/kubernetes/kubernetes.go` `findServices`, `plugin/kubernetes/object/endpoint.go`
//! `EndpointSliceToEndpoints`, `plugin/backend_lookup.go` `A`/`AAAA`/`SRV`).
//!
//! What CoreDNS reads is the EndpointSlices, not the pods: an endpoint is published when its
//! `conditions.ready` is not false (nil counts as ready). `publishNotReadyAddresses` works through
//! the EndpointSlice controller, which then writes `ready: true` for every endpoint.

use crate::model::{AddressType, EndpointSlice, IpFamily, Service, ServiceType};
use std::collections::BTreeMap;
use std::net::IpAddr;

/// One DNS name and what it answers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DnsRecord {
    /// Fully qualified name (no trailing dot).
    pub name: String,
    /// `A`, `AAAA`, `CNAME` or `SRV`.
    pub type_: String,
    /// Answers (`priority weight port target` for SRV). Empty means the name does not exist
    /// (NXDOMAIN): a headless Service without ready endpoints (spec 2.4.1), or an ExternalName
    /// that is an IP address (CoreDNS only answers a CNAME for a name).
    pub values: Vec<String>,
}

impl DnsRecord {
    fn new(name: String, type_: &str, values: Vec<String>) -> Self {
        DnsRecord {
            name,
            type_: type_.to_string(),
            values,
        }
    }

    /// The name does not exist (NXDOMAIN).
    pub fn is_nxdomain(&self) -> bool {
        self.values.is_empty()
    }
}

/// Every record for `svc`, given the slices labelled with its name. Order: the Service name's
/// A/AAAA (or CNAME), then per-endpoint names, then SRV records; each group sorted by name.
pub fn dns_records(svc: &Service, slices: &[&EndpointSlice], domain: &str) -> Vec<DnsRecord> {
    let fqdn = format!("{}.{}.svc.{domain}", svc.name, svc.namespace);
    if svc.service_type() == ServiceType::ExternalName {
        return vec![external_name(svc, fqdn)];
    }
    let ready = ready_addresses(slices);
    let mut out = Vec::new();
    if svc.is_headless() {
        // Spec 2.4.1: one A/AAAA per ready endpoint; none at all is NXDOMAIN.
        let mut any = false;
        for fam in [IpFamily::V4, IpFamily::V6] {
            let ips = unique_ips(ready.iter().map(|r| r.ip), fam);
            if !ips.is_empty() {
                any = true;
                out.push(DnsRecord::new(fqdn.clone(), record_type(fam), ips));
            }
        }
        if !any {
            let fam = svc.ip_families.first().copied().unwrap_or(IpFamily::V4);
            out.push(DnsRecord::new(fqdn.clone(), record_type(fam), vec![]));
        }
    } else {
        // Spec 2.3.1: the cluster IPs, one record type per family.
        for fam in [IpFamily::V4, IpFamily::V6] {
            let ips = unique_ips(svc.cluster_ips.iter().map(String::as_str), fam);
            if !ips.is_empty() {
                out.push(DnsRecord::new(fqdn.clone(), record_type(fam), ips));
            }
        }
    }
    out.extend(endpoint_names(svc, &ready, &fqdn));
    if svc.is_headless() {
        out.extend(headless_srv(&ready, &fqdn));
    } else {
        out.extend(cluster_ip_srv(svc, &fqdn));
    }
    out
}

/// What the DNS answers imply that the records do not show: addresses of pods that are not
/// ready, published because the slice says `ready: true` while `serving: false` (what the
/// controller writes under `publishNotReadyAddresses`).
pub fn dns_notes(svc: &Service, slices: &[&EndpointSlice]) -> Vec<String> {
    if !svc.is_headless() {
        return vec![];
    }
    let names: Vec<String> = slices
        .iter()
        .flat_map(|s| &s.endpoints)
        .filter(|e| e.conditions.is_ready() && e.conditions.serving == Some(false))
        .map(|e| {
            e.target_ref
                .as_ref()
                .map(|r| r.name.to_string())
                .or_else(|| e.addresses.first().map(|a| a.to_string()))
                .unwrap_or_default()
        })
        .collect();
    if names.is_empty() {
        return vec![];
    }
    let why = if svc.publish_not_ready_addresses {
        "publishNotReadyAddresses: DNS also answers with endpoints whose pods are not ready"
    } else {
        "DNS answers with endpoints marked ready but not serving"
    };
    vec![format!("{why}: {}", names.join(", "))]
}

/// Spec 2.5: a CNAME to `externalName`. CoreDNS answers only when the target is a name
/// (`msg.Service.HostType` is CNAME); an IP there gives no record.
fn external_name(svc: &Service, fqdn: String) -> DnsRecord {
    let target = svc.external_name.clone().unwrap_or_default();
    let values = if target.is_empty() || target.parse::<IpAddr>().is_ok() {
        vec![]
    } else {
        vec![target]
    };
    DnsRecord::new(fqdn, "CNAME", values)
}

fn record_type(fam: IpFamily) -> &'static str {
    match fam {
        IpFamily::V4 => "A",
        IpFamily::V6 => "AAAA",
    }
}

/// One address CoreDNS publishes: every address of every endpoint that is not `ready: false`,
/// in IPv4/IPv6 slices, with the slice's ports.
struct ReadyAddress<'a> {
    ip: &'a str,
    hostname: Option<&'a str>,
    slice: &'a EndpointSlice,
}

impl ReadyAddress<'_> {
    /// CoreDNS `endpointHostname`: the endpoint's hostname, else the IP with `.`/`:` as `-`
    /// (the spec's "system-assigned identifier").
    fn host_label(&self) -> String {
        match self.hostname {
            Some(h) if !h.is_empty() => h.to_string(),
            _ => self.ip.replace(['.', ':'], "-"),
        }
    }
}

fn ready_addresses<'a>(slices: &[&'a EndpointSlice]) -> Vec<ReadyAddress<'a>> {
    let mut out = Vec::new();
    for slice in slices {
        if !matches!(
            slice.address_type,
            Some(AddressType::IPv4 | AddressType::IPv6)
        ) {
            continue;
        }
        // `endpointsliceReady`: nil ready means ready; CoreDNS keeps every address, not only
        // the first (unlike kube-proxy).
        for ep in slice.endpoints.iter().filter(|e| e.conditions.is_ready()) {
            for addr in &ep.addresses {
                out.push(ReadyAddress {
                    ip: addr,
                    hostname: ep.hostname.as_deref(),
                    slice,
                });
            }
        }
    }
    out
}

/// The addresses of `fam`, de-duplicated (CoreDNS `A()` drops repeated hosts) and sorted
/// numerically.
fn unique_ips<'a>(ips: impl Iterator<Item = &'a str>, fam: IpFamily) -> Vec<String> {
    let mut parsed: Vec<IpAddr> = ips
        .filter_map(|s| s.parse::<IpAddr>().ok())
        .filter(|ip| {
            matches!(
                (ip, fam),
                (IpAddr::V4(_), IpFamily::V4) | (IpAddr::V6(_), IpFamily::V6)
            )
        })
        .collect();
    parsed.sort();
    parsed.dedup();
    parsed.iter().map(IpAddr::to_string).collect()
}

/// `<hostname>.<service>.<ns>.svc.<zone>` per ready endpoint (spec 2.4.1). For a headless
/// Service every endpoint has one (its hostname or its dashed IP). CoreDNS answers such
/// endpoint queries for any Service (`findServices`: "Endpoint query or headless service"); for
/// a ClusterIP Service only the names of endpoints with an explicit hostname (pods with
/// `hostname` and `subdomain` = the Service name) are listed here, the dashed-IP names being noise.
fn endpoint_names(svc: &Service, ready: &[ReadyAddress<'_>], fqdn: &str) -> Vec<DnsRecord> {
    let mut by_name: BTreeMap<String, Vec<&str>> = BTreeMap::new();
    for r in ready {
        if !svc.is_headless() && r.hostname.is_none_or(str::is_empty) {
            continue;
        }
        by_name
            .entry(format!("{}.{fqdn}", r.host_label()))
            .or_default()
            .push(r.ip);
    }
    let mut out = Vec::new();
    for (name, ips) in by_name {
        for fam in [IpFamily::V4, IpFamily::V6] {
            let values = unique_ips(ips.iter().copied(), fam);
            if !values.is_empty() {
                out.push(DnsRecord::new(name.clone(), record_type(fam), values));
            }
        }
    }
    out
}

/// `_<port>._<proto>.<service>.<ns>.svc.<zone>`; the protocol is lower-cased as CoreDNS
/// matches it.
fn srv_name(port: &str, protocol: &str, fqdn: &str) -> String {
    format!("_{port}._{}.{fqdn}", protocol.to_ascii_lowercase())
}

/// CoreDNS `SRV()`: priority 0; weight `floor(100 / n)` (at least 1) where `n` counts the
/// answers before duplicates are dropped.
fn srv_weight(n: usize) -> usize {
    (100 / n.max(1)).max(1)
}

/// Spec 2.3.2: one SRV per named Service port, target the Service name, port the Service port.
/// CoreDNS builds one answer per cluster IP and then drops the duplicates, so a dual-stack
/// Service gets weight 50.
fn cluster_ip_srv(svc: &Service, fqdn: &str) -> Vec<DnsRecord> {
    let weight = srv_weight(svc.cluster_ips.len());
    let mut out: Vec<DnsRecord> = svc
        .ports
        .iter()
        .filter(|p| !p.name.is_empty())
        .map(|p| {
            DnsRecord::new(
                srv_name(&p.name, p.protocol.as_str(), fqdn),
                "SRV",
                vec![format!("0 {weight} {} {fqdn}", p.port)],
            )
        })
        .collect();
    out.sort_by(|a, b| a.name.cmp(&b.name));
    out
}

/// Spec 2.4.2: for a headless Service, one SRV per ready endpoint and named port, target the
/// endpoint's name, port the **slice** port (the pod's port: nothing is proxied). A slice port
/// with a nil number is CoreDNS's sentinel -1 and gives no SRV.
fn headless_srv(ready: &[ReadyAddress<'_>], fqdn: &str) -> Vec<DnsRecord> {
    // (srv name) -> answers before de-duplication: (target, port)
    let mut answers: BTreeMap<String, Vec<(String, i32)>> = BTreeMap::new();
    for r in ready {
        for p in &r.slice.ports {
            let (Some(name), Some(port)) = (p.name.as_deref().filter(|n| !n.is_empty()), p.port)
            else {
                continue;
            };
            answers
                .entry(srv_name(name, p.protocol.as_str(), fqdn))
                .or_default()
                .push((format!("{}.{fqdn}", r.host_label()), port));
        }
    }
    answers
        .into_iter()
        .map(|(name, mut list)| {
            let weight = srv_weight(list.len());
            list.sort();
            list.dedup();
            let values = list
                .into_iter()
                .map(|(target, port)| format!("0 {weight} {port} {target}"))
                .collect();
            DnsRecord::new(name, "SRV", values)
        })
        .collect()
}

#[cfg(test)]
#[path = "dns_tests.rs"]
mod tests;
