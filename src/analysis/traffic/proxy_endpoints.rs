//! Which EndpointSlices kube-proxy uses and the endpoints it builds from them, per Service port.
//!
//! Spec: `endpointslice-semantics.md` §5 "Which slices it watches" and "Merging"; upstream
//! `pkg/proxy/endpointslicecache.go` (`endpointInfoByServicePort`, `addEndpoints`,
//! `endpointSliceCacheKeys`) and the informer label selector in `cmd/kube-proxy`.

use crate::model::{AddressType, EndpointSlice, IpFamily, Protocol};
use std::collections::BTreeMap;
use std::net::IpAddr;

/// `service.kubernetes.io/headless`: kube-proxy's informer excludes slices with this label.
pub const HEADLESS_LABEL: &str = "service.kubernetes.io/headless";
/// `service.kubernetes.io/service-proxy-name`: another proxy owns the Service; kube-proxy's
/// informer excludes slices (and Services) with this label.
pub const SERVICE_PROXY_NAME_LABEL: &str = "service.kubernetes.io/service-proxy-name";

/// Why kube-proxy does not use a slice of the Service.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SliceSkip {
    /// Labelled `service.kubernetes.io/headless`.
    Headless,
    /// Labelled `service.kubernetes.io/service-proxy-name` (the value names the other proxy).
    ServiceProxyName(String),
    /// `addressType: FQDN`.
    Fqdn,
    /// An address family the Service is not proxied for (each per-family proxier reads only
    /// its own address type).
    OtherFamily(String),
    /// An address type kube-proxy does not know (e.g. the deprecated `IP`), or none.
    UnknownAddressType(String),
}

impl SliceSkip {
    /// Human wording.
    pub fn describe(&self) -> String {
        match self {
            SliceSkip::Headless => format!("labelled {HEADLESS_LABEL}"),
            SliceSkip::ServiceProxyName(p) => {
                format!("labelled {SERVICE_PROXY_NAME_LABEL}={p} (another proxy serves it)")
            }
            SliceSkip::Fqdn => "addressType FQDN".to_string(),
            SliceSkip::OtherFamily(t) => format!("addressType {t}: not a family of the Service"),
            SliceSkip::UnknownAddressType(t) => format!("addressType {t:?} is not IPv4/IPv6"),
        }
    }
}

/// Whether kube-proxy uses `slice` for a Service proxied in `families`; `None` = used. The
/// caller passes only slices labelled `kubernetes.io/service-name=<service>`: kube-proxy
/// ignores slices without that label (`endpointSliceCacheKeys` errors on them).
pub fn slice_skip(slice: &EndpointSlice, families: &[IpFamily]) -> Option<SliceSkip> {
    if slice.labels.contains_key(HEADLESS_LABEL) {
        return Some(SliceSkip::Headless);
    }
    if let Some(p) = slice.labels.get(SERVICE_PROXY_NAME_LABEL) {
        return Some(SliceSkip::ServiceProxyName(p.to_string()));
    }
    let fam = match &slice.address_type {
        Some(AddressType::IPv4) => IpFamily::V4,
        Some(AddressType::IPv6) => IpFamily::V6,
        Some(AddressType::Fqdn) => return Some(SliceSkip::Fqdn),
        Some(AddressType::Other(t)) => return Some(SliceSkip::UnknownAddressType(t.clone())),
        None => return Some(SliceSkip::UnknownAddressType(String::new())),
    };
    (!families.contains(&fam)).then(|| SliceSkip::OtherFamily(fam.as_str().to_string()))
}

/// One endpoint as kube-proxy holds it (`BaseEndpointInfo`), for one Service port.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProxyEndpoint {
    /// `addresses[0]`, in canonical form (`ParseIPSloppy(..).String()`).
    pub ip: String,
    /// The slice port number for this Service port.
    pub port: i32,
    /// `ready`, nil read as true.
    pub ready: bool,
    /// `serving`, nil read as true.
    pub serving: bool,
    /// `terminating`, nil read as false.
    pub terminating: bool,
    /// `nodeName` (decides `isLocal` per node).
    pub node_name: Option<String>,
    /// `zone` (informational: kube-proxy routes by hints, not by this).
    pub zone: Option<String>,
    /// `hints.forZones[].name`.
    pub zone_hints: Vec<String>,
    /// `hints.forNodes[].name`, only when PreferSameTrafficDistribution is on.
    pub node_hints: Vec<String>,
    /// `targetRef.name`, when the target is a Pod.
    pub pod: Option<String>,
    /// The slice it came from.
    pub slice: String,
}

impl ProxyEndpoint {
    /// kube-proxy's key and display form, `net.JoinHostPort(ip, port)`.
    pub fn key(&self) -> String {
        if self.ip.contains(':') {
            format!("[{}]:{}", self.ip, self.port)
        } else {
            format!("{}:{}", self.ip, self.port)
        }
    }

    /// Usable for new connections when nothing better exists: `serving && terminating`.
    pub fn serving_terminating(&self) -> bool {
        self.serving && self.terminating
    }

    /// On node `node` (`isLocal`: the node name is set and equal).
    pub fn is_local(&self, node: &str) -> bool {
        !node.is_empty() && self.node_name.as_deref() == Some(node)
    }
}

/// The endpoints of one `ServicePortName` = (Service, port name, protocol).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PortEndpoints {
    /// The slice port name (`""` for an unnamed Service port).
    pub name: String,
    /// Protocol.
    pub protocol: Protocol,
    /// De-duplicated by `IP:port`, sorted by IP then port.
    pub endpoints: Vec<ProxyEndpoint>,
}

/// Something in a used slice that kube-proxy leaves out or changes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Ignored {
    /// A slice with no port kube-proxy can use: none of its endpoints gets traffic.
    NoUsablePorts {
        /// The slice.
        slice: String,
        /// How many endpoints it holds.
        endpoints: usize,
    },
    /// A slice port with a nil name (`Ignoring port with nil name`).
    PortWithoutName {
        /// The slice.
        slice: String,
    },
    /// A slice port with a nil or zero number (`Ignoring invalid endpoint port`).
    PortWithoutNumber {
        /// The slice.
        slice: String,
        /// The port name.
        name: String,
    },
    /// An endpoint with no addresses.
    NoAddresses {
        /// The slice.
        slice: String,
        /// Its pod, when known.
        pod: Option<String>,
    },
    /// `addresses[0]` is not an IP of the slice's family.
    BadAddress {
        /// The slice.
        slice: String,
        /// The address.
        address: String,
    },
    /// Addresses after the first (kube-proxy uses only `addresses[0]`).
    ExtraAddresses {
        /// The slice.
        slice: String,
        /// The address that is used.
        used: String,
        /// The ones that are not.
        ignored: Vec<String>,
    },
    /// Two copies of `IP:port` for the same port; one replaced the other.
    Duplicate {
        /// `IP:port`.
        key: String,
        /// The slice whose copy kube-proxy keeps.
        kept: String,
        /// The slice whose copy it drops.
        dropped: String,
        /// Both copies are not terminating: upstream the winner depends on Go map order.
        ambiguous: bool,
    },
}

/// The endpoints of one address family, built from the slices kube-proxy uses.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MergedEndpoints {
    /// One entry per `ServicePortName` found in the slices, sorted by name then protocol.
    pub ports: Vec<PortEndpoints>,
    /// What was left out, in slice order.
    pub ignored: Vec<Ignored>,
}

impl MergedEndpoints {
    /// The endpoints of a Service port (matched by name and protocol, as kube-proxy does).
    pub fn for_port(&self, name: &str, protocol: &Protocol) -> &[ProxyEndpoint] {
        self.ports
            .iter()
            .find(|p| p.name == name && &p.protocol == protocol)
            .map_or(&[], |p| p.endpoints.as_slice())
    }
}

/// Merges `slices` (already filtered to the ones kube-proxy uses, all of `family`) the way
/// `endpointInfoByServicePort` does. Slices are visited in the given order; upstream visits
/// them in Go map order, which only matters for duplicates between two non-terminating copies
/// (reported as `ambiguous`). `node_hints` = PreferSameTrafficDistribution is on
/// (`addEndpoints` reads `forNodes` only then).
pub fn merge(slices: &[&EndpointSlice], family: IpFamily, node_hints: bool) -> MergedEndpoints {
    let mut by_port: BTreeMap<(String, Protocol), BTreeMap<String, ProxyEndpoint>> =
        BTreeMap::new();
    let mut ignored = Vec::new();
    for slice in slices {
        let usable = slice
            .ports
            .iter()
            .any(|p| p.name.is_some() && p.port.is_some_and(|n| n != 0));
        if !usable {
            ignored.push(Ignored::NoUsablePorts {
                slice: slice.name.to_string(),
                endpoints: slice.endpoints.len(),
            });
        }
        let endpoints = if usable {
            convert(slice, family, node_hints, &mut ignored)
        } else {
            vec![]
        };
        for port in &slice.ports {
            let Some(name) = &port.name else {
                ignored.push(Ignored::PortWithoutName {
                    slice: slice.name.to_string(),
                });
                continue;
            };
            let Some(number) = port.port.filter(|p| *p != 0) else {
                ignored.push(Ignored::PortWithoutNumber {
                    slice: slice.name.to_string(),
                    name: name.clone(),
                });
                continue;
            };
            let set = by_port
                .entry((name.clone(), port.protocol.clone()))
                .or_default();
            for ep in &endpoints {
                let ep = ProxyEndpoint {
                    port: number,
                    ..ep.clone()
                };
                add(set, ep, &mut ignored);
            }
        }
    }
    let ports = by_port
        .into_iter()
        .map(|((name, protocol), set)| {
            let mut endpoints: Vec<ProxyEndpoint> = set.into_values().collect();
            endpoints.sort_by_key(|e| (e.ip.parse::<IpAddr>().ok(), e.port));
            PortEndpoints {
                name,
                protocol,
                endpoints,
            }
        })
        .collect();
    MergedEndpoints { ports, ignored }
}

/// `addEndpoints`' de-duplication: a later copy replaces an earlier one unless the later copy
/// is terminating (a running pod that reuses a terminating pod's IP wins).
fn add(set: &mut BTreeMap<String, ProxyEndpoint>, ep: ProxyEndpoint, ignored: &mut Vec<Ignored>) {
    let key = ep.key();
    match set.get(&key) {
        None => {
            set.insert(key, ep);
        }
        Some(old) => {
            let (kept, dropped) = if ep.terminating {
                (old.slice.clone(), ep.slice.clone())
            } else {
                (ep.slice.clone(), old.slice.clone())
            };
            // Two running copies that disagree: which one wins upstream is Go map order.
            let differs = ProxyEndpoint {
                slice: old.slice.clone(),
                ..ep.clone()
            } != *old;
            let ambiguous = !ep.terminating && !old.terminating && differs;
            if !ep.terminating {
                set.insert(key.clone(), ep);
            }
            ignored.push(Ignored::Duplicate {
                key,
                kept,
                dropped,
                ambiguous,
            });
        }
    }
}

/// The slice's endpoints as kube-proxy reads them (port filled in later).
fn convert(
    slice: &EndpointSlice,
    family: IpFamily,
    node_hints: bool,
    ignored: &mut Vec<Ignored>,
) -> Vec<ProxyEndpoint> {
    let mut out = Vec::new();
    for ep in &slice.endpoints {
        let pod = ep
            .target_ref
            .as_ref()
            .filter(|r| r.kind == "Pod")
            .map(|r| r.name.clone());
        let Some(first) = ep.addresses.first() else {
            ignored.push(Ignored::NoAddresses {
                slice: slice.name.to_string(),
                pod: pod.map(String::from),
            });
            continue;
        };
        let ip = match first.parse::<IpAddr>() {
            Ok(ip) if IpFamily::of(&ip.to_string()) == Some(family) => ip.to_string(),
            _ => {
                ignored.push(Ignored::BadAddress {
                    slice: slice.name.to_string(),
                    address: first.to_string(),
                });
                continue;
            }
        };
        if ep.addresses.len() > 1 {
            ignored.push(Ignored::ExtraAddresses {
                slice: slice.name.to_string(),
                used: first.to_string(),
                ignored: ep.addresses[1..].iter().map(|a| a.to_string()).collect(),
            });
        }
        let hints = ep.hints.clone().unwrap_or_default();
        out.push(ProxyEndpoint {
            ip,
            port: 0,
            // nil ready = true, nil serving = true, nil terminating = false (`addEndpoints`).
            ready: ep.conditions.ready.unwrap_or(true),
            serving: ep.conditions.serving.unwrap_or(true),
            terminating: ep.conditions.terminating.unwrap_or(false),
            node_name: ep.node_name.as_deref().map(String::from),
            zone: ep.zone.as_deref().map(String::from),
            zone_hints: hints.for_zones,
            node_hints: if node_hints { hints.for_nodes } else { vec![] },
            pod: pod.map(String::from),
            slice: slice.name.to_string(),
        });
    }
    out
}

#[cfg(test)]
#[path = "proxy_endpoints_tests.rs"]
mod tests;
