//! Which pods become endpoints, with which fields, grouped by address type and port set.
//!
//! Upstream: `kubernetes/endpointslice` `reconciler.go` `reconcile` / `reconcileByAddressType`
//! and `utils.go` `podToEndpoint`, `getEndpointPorts`; semantics doc §1.2–§1.5.

use crate::model::{
    AddressType, Atom, ControllerRules, Endpoint, EndpointConditions, EndpointPort, IpFamily, Node,
    ObjectRef, Pod, Service, Str,
};
use crate::simulate::shared::named_port::{PortLookup, resolve_target_port};
use foldhash::HashMap;

/// Why the controller leaves a selected pod out of every slice.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Exclusion {
    /// Phase Succeeded or Failed (`podutil.IsPodTerminal`).
    TerminalPhase,
    /// Neither `podIP` nor `podIPs`.
    NoIp,
    /// `spec.nodeName` names no existing Node (the controller skips it and retries the sync).
    NodeMissing,
    /// No `podIPs` entry of any of the Service's families.
    FamilyMismatch,
}

impl Exclusion {
    /// The kebab-case word used in output.
    pub fn as_str(self) -> &'static str {
        match self {
            Exclusion::TerminalPhase => "terminal-phase",
            Exclusion::NoIp => "no-ip",
            Exclusion::NodeMissing => "node-missing",
            Exclusion::FamilyMismatch => "family-mismatch",
        }
    }
}

/// The three conditions the controller always sets (never nil).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct DesiredConditions {
    /// `publishNotReadyAddresses || (serving && !terminating)`.
    pub ready: bool,
    /// The pod's Ready condition is True.
    pub serving: bool,
    /// The pod has a deletionTimestamp.
    pub terminating: bool,
}

/// An endpoint exactly as the controller would write it (without hints).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct DesiredEndpoint {
    /// Addresses of the group's family, from `podIPs`.
    pub addresses: Vec<Str>,
    /// Conditions.
    pub conditions: DesiredConditions,
    /// `spec.hostname` when `spec.subdomain` is the Service's name.
    pub hostname: Option<Str>,
    /// `spec.nodeName`.
    pub node_name: Option<Atom>,
    /// The node's zone label.
    pub zone: Option<Atom>,
    /// `targetRef` to the pod.
    pub target_ref: ObjectRef,
}

impl DesiredEndpoint {
    /// As a model endpoint (the shape of a slice's entry).
    pub fn to_endpoint(&self) -> Endpoint {
        Endpoint {
            addresses: self.addresses.iter().cloned().collect(),
            conditions: EndpointConditions {
                ready: Some(self.conditions.ready),
                serving: Some(self.conditions.serving),
                terminating: Some(self.conditions.terminating),
            },
            hostname: self.hostname.as_deref().map(Atom::new),
            node_name: self.node_name,
            zone: self.zone,
            target_ref: Some(self.target_ref.clone()),
            hints: None,
        }
    }
}

/// Endpoints of one address type sharing one resolved port set (one "endpoint slice key").
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DesiredGroup {
    /// Address type.
    pub address_type: AddressType,
    /// The resolved ports, in Service order.
    pub ports: Vec<EndpointPort>,
    /// Endpoints, in pod order.
    pub endpoints: Vec<DesiredEndpoint>,
}

/// What the controller does with one selected pod.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PodVerdict {
    /// Index into the `pods` given to [`desired_state`].
    pub pod: usize,
    /// Address types in which the pod is an endpoint (one or two: kept inline, as this is
    /// built for every selected pod of every Service).
    pub included: smallvec::SmallVec<[AddressType; 2]>,
    /// Why it is in no slice (only when `included` is empty).
    pub exclusion: Option<Exclusion>,
    /// Per Service port (in order): how its targetPort resolved on this pod for the slices.
    pub ports: Vec<PortLookup>,
    /// Conditions the controller gives it (when included).
    pub conditions: Option<DesiredConditions>,
    /// The node's zone.
    pub zone: Option<Atom>,
    /// `false` when Nodes could not be read, so node existence and zone are unknown.
    pub node_known: bool,
}

/// Everything the controller wants for one Service.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DesiredState {
    /// Address types reconciled.
    pub address_types: Vec<AddressType>,
    /// Groups in first-seen order per address type (a group can have zero endpoints).
    pub groups: Vec<DesiredGroup>,
    /// One verdict per given pod.
    pub verdicts: Vec<PodVerdict>,
}

/// Node lookup with "could not read Nodes" kept distinct from "no such node".
#[derive(Debug, Default)]
pub struct NodeIndex<'a> {
    known: bool,
    by_name: HashMap<&'a str, &'a Node>,
}

impl<'a> NodeIndex<'a> {
    /// Indexes `nodes`; `known` false means they could not be read.
    pub fn new(nodes: &'a [Node], known: bool) -> Self {
        NodeIndex {
            known,
            by_name: nodes.iter().map(|n| (n.name.as_str(), n)).collect(),
        }
    }
    /// Whether Nodes were readable.
    pub fn known(&self) -> bool {
        self.known
    }
    /// A node by name.
    pub fn get(&self, name: &str) -> Option<&'a Node> {
        self.by_name.get(name).copied()
    }
}

/// What the EndpointSlice controller wants for `svc`, given the pods its selector matches
/// (same namespace; the caller selects). ExternalName and selector-less Services get nothing
/// (semantics §1.1), which the caller decides by not calling this.
pub fn desired_state(
    svc: &Service,
    pods: &[&Pod],
    nodes: &NodeIndex<'_>,
    rules: &ControllerRules,
) -> DesiredState {
    let families = svc.address_families();
    let address_types: Vec<AddressType> = families.iter().map(|f| address_type(*f)).collect();
    let mut groups = Groups::default();
    let mut verdicts = Vec::with_capacity(pods.len());
    for (i, pod) in pods.iter().enumerate() {
        verdicts.push(verdict(svc, i, pod, nodes, rules, &families, &mut groups));
    }
    let groups = groups.list;
    DesiredState {
        address_types,
        groups,
        verdicts,
    }
}

fn verdict(
    svc: &Service,
    index: usize,
    pod: &Pod,
    nodes: &NodeIndex<'_>,
    rules: &ControllerRules,
    families: &[IpFamily],
    groups: &mut Groups,
) -> PodVerdict {
    let ports: Vec<PortLookup> = svc
        .ports
        .iter()
        .map(|p| resolve_target_port(pod, p, rules.slice_named_ports_on_sidecars))
        .collect();
    let node = pod.node_name.as_deref().and_then(|n| nodes.get(n));
    let zone = node.and_then(|n| n.zone()).map(Atom::new);
    let mut v = PodVerdict {
        pod: index,
        included: smallvec::SmallVec::new(),
        exclusion: None,
        ports,
        conditions: None,
        zone,
        node_known: nodes.known(),
    };
    if pod.phase.is_terminal() {
        v.exclusion = Some(Exclusion::TerminalPhase);
        return v;
    }
    if !pod.has_ip() {
        v.exclusion = Some(Exclusion::NoIp);
        return v;
    }
    // The groups are registered before the node and family checks (semantics §1.3 step 4).
    groups.for_pod(svc, &v.ports, families);
    for (k, family) in families.iter().enumerate() {
        let gi = groups.of_last_pod(k);
        if nodes.known() && node.is_none() && !svc.publish_not_ready_addresses {
            v.exclusion = Some(Exclusion::NodeMissing);
            continue;
        }
        let addresses = addresses_of(pod, *family, rules);
        if addresses.is_empty() {
            continue;
        }
        let ep = endpoint(svc, pod, addresses, zone);
        v.conditions = Some(ep.conditions);
        v.included.push(address_type(*family));
        groups.list[gi].endpoints.push(ep);
    }
    if v.included.is_empty() && v.exclusion.is_none() {
        v.exclusion = Some(Exclusion::FamilyMismatch);
    } else if !v.included.is_empty() {
        v.exclusion = None;
    }
    v
}

/// Ports the controller writes for this pod: headless without ports gives none; otherwise each
/// Service port whose targetPort resolved (`utils.go` `getEndpointPorts`).
pub(crate) fn endpoint_ports(svc: &Service, lookups: &[PortLookup]) -> Vec<EndpointPort> {
    svc.ports
        .iter()
        .zip(lookups)
        .filter_map(|(sp, lookup)| {
            lookup.number().map(|port| EndpointPort {
                name: Some(sp.name.clone()),
                port: Some(port),
                protocol: sp.protocol.clone(),
                app_protocol: sp.app_protocol.clone(),
            })
        })
        .collect()
}

/// A group index per family of the Service (one or two).
type PerFamily = smallvec::SmallVec<[usize; 2]>;

/// The groups being built, each with its ports sorted once (the key pods are matched on).
#[derive(Default)]
struct Groups {
    list: Vec<DesiredGroup>,
    keys: Vec<Vec<EndpointPort>>,
    /// The numbers the last pod's ports resolved to, and its group per family: the same
    /// numbers give the same endpoint ports, so the pods of one template skip building them.
    last: Option<(Vec<Option<i32>>, PerFamily)>,
}

impl Groups {
    /// Registers the groups of a pod whose ports resolved to `lookups`, one per family (in
    /// order): [`Groups::of_last_pod`] then tells them.
    fn for_pod(&mut self, svc: &Service, lookups: &[PortLookup], families: &[IpFamily]) {
        if let Some((numbers, _)) = &self.last
            && numbers
                .iter()
                .copied()
                .eq(lookups.iter().map(PortLookup::number))
        {
            return;
        }
        let ports = endpoint_ports(svc, lookups);
        let found: PerFamily = families
            .iter()
            .map(|f| self.index(address_type(*f), &ports))
            .collect();
        let numbers = lookups.iter().map(PortLookup::number).collect();
        self.last = Some((numbers, found));
    }

    /// The group of the `k`-th family of the pod last given to [`Groups::for_pod`].
    fn of_last_pod(&self, k: usize) -> usize {
        self.last.as_ref().map_or(0, |(_, found)| found[k])
    }

    /// The group with the same address type and the same port multiset (order-insensitive).
    fn index(&mut self, at: AddressType, ports: &[EndpointPort]) -> usize {
        // Most pods resolve a Service's ports in its order, often a single port: sorted already.
        let key = if ports.is_sorted() {
            std::borrow::Cow::Borrowed(ports)
        } else {
            std::borrow::Cow::Owned(sorted(ports))
        };
        let found = self
            .list
            .iter()
            .zip(&self.keys)
            .position(|(g, k)| g.address_type == at && k.as_slice() == &*key);
        if let Some(i) = found {
            return i;
        }
        self.list.push(DesiredGroup {
            address_type: at,
            ports: ports.to_vec(),
            endpoints: vec![],
        });
        self.keys.push(key.into_owned());
        self.list.len() - 1
    }
}

/// A port set as an order-insensitive key.
pub(crate) fn sorted(ports: &[EndpointPort]) -> Vec<EndpointPort> {
    let mut v = ports.to_vec();
    v.sort();
    v
}

/// Addresses come from `podIPs` only (a pod with just `podIP` gets none), in canonical form
/// from v1.33, sorted as strings (inserting into the reconciler's `EndpointSet` sorts them in
/// place: `util/endpointset.go` `hashEndpoint`).
fn addresses_of(pod: &Pod, family: IpFamily, rules: &ControllerRules) -> Vec<Str> {
    let mut addresses: Vec<Str> = pod
        .pod_ips()
        .iter()
        .filter_map(|ip| {
            // Most pods' IPs: an IPv4 address that parses and prints as this very text.
            if plain_ipv4(ip) {
                return (family == IpFamily::V4).then(|| ip.clone());
            }
            let parsed: std::net::IpAddr = ip.trim().parse().ok()?;
            let fam = if parsed.is_ipv4() {
                IpFamily::V4
            } else {
                IpFamily::V6
            };
            (fam == family).then(|| {
                if rules.canonical_endpoint_addresses {
                    compact_str::ToCompactString::to_compact_string(&parsed)
                } else {
                    ip.clone()
                }
            })
        })
        .collect();
    addresses.sort();
    addresses
}

/// Four decimal octets, each 0-255 without a leading zero, nothing else: a text `Ipv4Addr`
/// parses (it refuses leading zeros) and prints back unchanged. Anything else is parsed.
/// One pass over the bytes: this runs for every pod of every Service.
pub(super) fn plain_ipv4(ip: &str) -> bool {
    let (mut dots, mut digits, mut value) = (0u32, 0u32, 0u32);
    for &b in ip.as_bytes() {
        match b {
            b'0'..=b'9' => {
                if digits == 1 && value == 0 {
                    return false;
                }
                value = value * 10 + u32::from(b - b'0');
                digits += 1;
                if value > 255 {
                    return false;
                }
            }
            b'.' if digits > 0 && dots < 3 => (dots, digits, value) = (dots + 1, 0, 0),
            _ => return false,
        }
    }
    dots == 3 && digits > 0
}

fn endpoint(svc: &Service, pod: &Pod, addresses: Vec<Str>, zone: Option<Atom>) -> DesiredEndpoint {
    let serving = pod.is_ready();
    let terminating = pod.deleting;
    DesiredEndpoint {
        addresses,
        conditions: DesiredConditions {
            ready: svc.publish_not_ready_addresses || (serving && !terminating),
            serving,
            terminating,
        },
        hostname: pod.hostname().map(Str::from).filter(|_| {
            pod.subdomain() == Some(svc.name.as_str()) && pod.namespace == svc.namespace
        }),
        node_name: pod.node_name,
        zone,
        target_ref: ObjectRef {
            kind: "Pod".into(),
            namespace: pod.namespace,
            name: pod.name.clone(),
            uid: pod.uid.clone(),
        },
    }
}

pub(crate) fn address_type(f: IpFamily) -> AddressType {
    match f {
        IpFamily::V4 => AddressType::IPv4,
        IpFamily::V6 => AddressType::IPv6,
    }
}
