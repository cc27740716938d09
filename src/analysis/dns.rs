//! DNS records a client would get, per the Kubernetes DNS specification
//! (<https://github.com/kubernetes/dns/blob/master/docs/specification.md>), computed from the
//! Service and its EndpointSlices the way CoreDNS's kubernetes plugin does.

use crate::model::{AddressType, EndpointSlice, IpFamily, Service, ServiceType};

/// One DNS name and what it answers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DnsRecord {
    /// Fully qualified name (no trailing dot).
    pub name: String,
    /// `A`, `AAAA`, `CNAME` or `SRV`.
    pub type_: String,
    /// Answers (`priority weight port target` for SRV).
    pub values: Vec<String>,
}

/// Every record for `svc`. Headless answers come from ready slice endpoints (CoreDNS skips
/// endpoints whose ready condition is false; with publishNotReadyAddresses every endpoint is
/// ready). Slices without the service-name label never reach here.
pub fn dns_records(svc: &Service, slices: &[&EndpointSlice], domain: &str) -> Vec<DnsRecord> {
    let fqdn = format!("{}.{}.svc.{domain}", svc.name, svc.namespace);
    let mut out = Vec::new();
    if svc.service_type() == ServiceType::ExternalName {
        let target = svc.external_name.clone().unwrap_or_default();
        out.push(DnsRecord {
            name: fqdn,
            type_: "CNAME".into(),
            values: vec![target],
        });
        return out;
    }
    if svc.is_headless() {
        headless(svc, slices, &fqdn, &mut out);
    } else {
        for (type_, fam) in [("A", IpFamily::V4), ("AAAA", IpFamily::V6)] {
            let ips: Vec<String> = svc
                .cluster_ips
                .iter()
                .filter(|ip| IpFamily::of(ip) == Some(fam))
                .cloned()
                .collect();
            if !ips.is_empty() {
                out.push(DnsRecord {
                    name: fqdn.clone(),
                    type_: type_.into(),
                    values: ips,
                });
            }
        }
        for p in svc.ports.iter().filter(|p| !p.name.is_empty()) {
            out.push(DnsRecord {
                name: srv_name(&p.name, p.protocol.as_str(), &fqdn),
                type_: "SRV".into(),
                values: vec![format!("0 100 {} {fqdn}", p.port)],
            });
        }
    }
    out
}

fn srv_name(port: &str, protocol: &str, fqdn: &str) -> String {
    format!("_{port}._{}.{fqdn}", protocol.to_ascii_lowercase())
}

fn headless(svc: &Service, slices: &[&EndpointSlice], fqdn: &str, out: &mut Vec<DnsRecord>) {
    let mut a = Vec::new();
    let mut aaaa = Vec::new();
    let mut per_host: Vec<DnsRecord> = Vec::new();
    let mut srv: Vec<(String, String)> = Vec::new();
    for slice in slices {
        let Some(at) = &slice.address_type else {
            continue;
        };
        for ep in slice.endpoints.iter().filter(|e| e.conditions.is_ready()) {
            for addr in &ep.addresses {
                match at {
                    AddressType::IPv4 => a.push(addr.clone()),
                    AddressType::IPv6 => aaaa.push(addr.clone()),
                    _ => continue,
                }
                let host = ep
                    .hostname
                    .clone()
                    .unwrap_or_else(|| addr.replace(['.', ':'], "-"));
                let host_fqdn = format!("{host}.{fqdn}");
                let type_ = if *at == AddressType::IPv6 {
                    "AAAA"
                } else {
                    "A"
                };
                if ep.hostname.is_some() {
                    match per_host
                        .iter_mut()
                        .find(|r| r.name == host_fqdn && r.type_ == type_)
                    {
                        Some(r) => r.values.push(addr.clone()),
                        None => per_host.push(DnsRecord {
                            name: host_fqdn.clone(),
                            type_: type_.into(),
                            values: vec![addr.clone()],
                        }),
                    }
                }
                for p in &slice.ports {
                    if let (Some(name), Some(port)) =
                        (p.name.as_deref().filter(|n| !n.is_empty()), p.port)
                    {
                        srv.push((
                            srv_name(name, p.protocol.as_str(), fqdn),
                            format!("0 100 {port} {host_fqdn}"),
                        ));
                    }
                }
            }
        }
    }
    if !a.is_empty() || svc.ip_families.contains(&IpFamily::V4) || svc.ip_families.is_empty() {
        a.sort();
        a.dedup();
        out.push(DnsRecord {
            name: fqdn.to_string(),
            type_: "A".into(),
            values: a,
        });
    }
    if !aaaa.is_empty() {
        aaaa.sort();
        aaaa.dedup();
        out.push(DnsRecord {
            name: fqdn.to_string(),
            type_: "AAAA".into(),
            values: aaaa,
        });
    }
    per_host.sort_by(|x, y| x.name.cmp(&y.name));
    out.extend(per_host);
    srv.sort();
    srv.dedup();
    let mut grouped: Vec<DnsRecord> = Vec::new();
    for (name, value) in srv {
        match grouped.last_mut() {
            Some(r) if r.name == name => r.values.push(value),
            _ => grouped.push(DnsRecord {
                name,
                type_: "SRV".into(),
                values: vec![value],
            }),
        }
    }
    out.extend(grouped);
}
