//! `RepackSubsets`: the canonical layout of v1 Endpoints subsets, used by the Endpoints
//! controller and by the mirroring controller before it mirrors.
//!
//! Upstream: `pkg/api/v1/endpoints/util.go` (`RepackSubsets`, `LessEndpointAddress`,
//! `SortSubsets`). Addresses are merged by (IP, targetRef UID) per port; not-ready wins over
//! ready; ports offered by exactly the same addresses share a subset; a subset without ports is
//! kept (a sentinel port upstream). Addresses are sorted by IP *string* bytes, then UID.
//!
//! Upstream orders subsets (and ports inside a subset) by an MD5 hash of their Go dump, which
//! cannot be reproduced here; we order ports by (name, port, protocol) and subsets by their
//! ports. Contents are identical; only the order of subsets can differ, which matters only for
//! how truncation rounds (docs/simulate.md).

use crate::model::{EndpointAddress, EndpointPort, EndpointsSubset, Str};
use std::collections::BTreeMap;

/// The identity of an address: its IP and its targetRef's UID.
fn key(a: &EndpointAddress) -> AddrKey {
    (
        a.ip.to_string(),
        a.target_ref
            .as_ref()
            .map(|r| r.uid.clone())
            .unwrap_or_default()
            .to_string(),
    )
}

/// `LessEndpointAddress`: IP string bytes, then a missing targetRef first, then UID.
pub fn address_order(a: &EndpointAddress, b: &EndpointAddress) -> std::cmp::Ordering {
    a.ip.cmp(&b.ip)
        .then_with(|| match (&a.target_ref, &b.target_ref) {
            (None, None) => std::cmp::Ordering::Equal,
            (None, Some(_)) => std::cmp::Ordering::Less,
            (Some(_), None) => std::cmp::Ordering::Greater,
            (Some(x), Some(y)) => x.uid.cmp(&y.uid),
        })
}

fn port_order(a: &EndpointPort, b: &EndpointPort) -> std::cmp::Ordering {
    (&a.name, a.port, &a.protocol, &a.app_protocol).cmp(&(
        &b.name,
        b.port,
        &b.protocol,
        &b.app_protocol,
    ))
}

/// An address: its IP and its targetRef's UID.
type AddrKey = (String, String);
/// Addresses offering one port (`None`: the no-ports sentinel), each ready or not.
type PortAddrs = (Option<EndpointPort>, BTreeMap<AddrKey, bool>);

/// The canonical form of `subsets`.
pub fn repack_subsets(subsets: &[EndpointsSubset]) -> Vec<EndpointsSubset> {
    let mut all: BTreeMap<AddrKey, &EndpointAddress> = BTreeMap::new();
    let mut by_port: Vec<PortAddrs> = Vec::new();
    for s in subsets {
        let ports: Vec<Option<EndpointPort>> = if s.ports.is_empty() {
            vec![None]
        } else {
            s.ports.iter().cloned().map(Some).collect()
        };
        for port in ports {
            let i = match by_port.iter().position(|(p, _)| *p == port) {
                Some(i) => i,
                None => {
                    by_port.push((port, BTreeMap::new()));
                    by_port.len() - 1
                }
            };
            let set = &mut by_port[i].1;
            for (addrs, ready) in [(&s.addresses, true), (&s.not_ready_addresses, false)] {
                for a in addrs {
                    let k = key(a);
                    all.entry(k.clone()).or_insert(a);
                    // Not ready always trumps ready.
                    let e = set.entry(k).or_insert(ready);
                    *e = *e && ready;
                }
            }
        }
    }
    // Ports offered by exactly the same addresses (with the same readiness) share a subset.
    let mut groups: Vec<(BTreeMap<AddrKey, bool>, Vec<EndpointPort>)> = Vec::new();
    for (port, set) in by_port {
        match groups.iter_mut().find(|(s, _)| *s == set) {
            Some((_, ports)) => ports.extend(port),
            None => groups.push((set, port.into_iter().collect())),
        }
    }
    let mut out: Vec<EndpointsSubset> = groups
        .into_iter()
        .map(|(set, mut ports)| {
            ports.sort_by(port_order);
            let mut addresses = Vec::new();
            let mut not_ready_addresses = Vec::new();
            for (k, ready) in set {
                let a = all[&k].clone();
                if ready {
                    addresses.push(a);
                } else {
                    not_ready_addresses.push(a);
                }
            }
            addresses.sort_by(address_order);
            not_ready_addresses.sort_by(address_order);
            EndpointsSubset {
                addresses,
                not_ready_addresses,
                ports,
            }
        })
        .collect();
    out.sort_by(|a, b| {
        a.ports
            .iter()
            .zip(&b.ports)
            .map(|(x, y)| port_order(x, y))
            .find(|o| o.is_ne())
            .unwrap_or(a.ports.len().cmp(&b.ports.len()))
            .then_with(|| {
                let ka: Vec<&Str> = a
                    .addresses
                    .iter()
                    .chain(&a.not_ready_addresses)
                    .map(|x| &x.ip)
                    .collect();
                let kb: Vec<&Str> = b
                    .addresses
                    .iter()
                    .chain(&b.not_ready_addresses)
                    .map(|x| &x.ip)
                    .collect();
                ka.cmp(&kb)
            })
    });
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Protocol;

    fn addr(ip: &str) -> EndpointAddress {
        EndpointAddress {
            ip: ip.into(),
            ..EndpointAddress::default()
        }
    }
    fn port(name: &str, n: i32) -> EndpointPort {
        EndpointPort {
            name: Some(name.into()),
            port: Some(n),
            protocol: Protocol::Tcp,
            app_protocol: None,
        }
    }

    #[test]
    fn same_address_different_ports_become_one_subset() {
        let subsets = vec![
            EndpointsSubset {
                addresses: vec![addr("10.0.0.9"), addr("10.0.0.10")],
                not_ready_addresses: vec![],
                ports: vec![port("a", 1)],
            },
            EndpointsSubset {
                addresses: vec![addr("10.0.0.10"), addr("10.0.0.9")],
                not_ready_addresses: vec![],
                ports: vec![port("b", 2)],
            },
        ];
        let r = repack_subsets(&subsets);
        assert_eq!(r.len(), 1);
        assert_eq!(r[0].ports.len(), 2);
        // String order: "10.0.0.10" < "10.0.0.9".
        assert_eq!(r[0].addresses[0].ip, "10.0.0.10");
    }

    #[test]
    fn not_ready_trumps_ready_and_portless_subsets_survive() {
        let subsets = vec![
            EndpointsSubset {
                addresses: vec![addr("10.0.0.1")],
                not_ready_addresses: vec![],
                ports: vec![],
            },
            EndpointsSubset {
                addresses: vec![],
                not_ready_addresses: vec![addr("10.0.0.1")],
                ports: vec![],
            },
        ];
        let r = repack_subsets(&subsets);
        assert_eq!(r.len(), 1);
        assert!(r[0].addresses.is_empty());
        assert_eq!(r[0].not_ready_addresses.len(), 1);
        assert!(r[0].ports.is_empty());
    }
}
