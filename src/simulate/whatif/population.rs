//! The pods behind a simulated Service, as the endpoints they make, for step-by-step what-ifs:
//! scaling and rollouts add and remove pods; the controller then syncs.
//!
//! Endpoints live in stable slots (a removed pod leaves a hole), so the incremental engine can
//! refer to them by `(group, slot)` across steps.

use crate::model::{AddressType, Atom, EndpointPort, ObjectRef, Pod, Service};
use crate::simulate::endpointslice::desired::{
    DesiredConditions, DesiredEndpoint, DesiredGroup, DesiredState, address_type, endpoint_ports,
};
use std::collections::HashMap;

/// A group's endpoints by slot.
#[derive(Debug, Clone)]
pub struct PopGroup {
    /// addressType.
    pub address_type: AddressType,
    /// The resolved ports.
    pub ports: Vec<EndpointPort>,
    /// Endpoints by slot; `None` once its pod is gone.
    pub slots: Vec<Option<DesiredEndpoint>>,
    /// Live endpoints.
    pub live: usize,
    /// Live pods that register the group (a group with no endpoints still exists while a pod
    /// resolves to its port set; semantics §1.3 step 4).
    pub registrations: usize,
    /// Live endpoints the Endpoints controller lists as ready / not ready (terminating ones are
    /// left out unless `publishNotReadyAddresses`).
    pub legacy_ready: usize,
    /// See `legacy_ready`.
    pub legacy_not_ready: usize,
}

/// How the Endpoints controller classifies an endpoint's pod (`endpoints_controller.go`
/// `addEndpointSubset`): ready when published anyway or Ready; terminating pods are dropped
/// unless published.
fn legacy_class(e: &DesiredEndpoint, publish: bool) -> Option<bool> {
    if e.conditions.terminating && !publish {
        return None;
    }
    Some(publish || e.conditions.serving)
}

impl PopGroup {
    fn count(&mut self, e: &DesiredEndpoint, publish: bool, sign: isize) {
        let slot = match legacy_class(e, publish) {
            Some(true) => &mut self.legacy_ready,
            Some(false) => &mut self.legacy_not_ready,
            None => return,
        };
        *slot = slot
            .checked_add_signed(sign)
            .expect("counts stay non-negative");
    }
}

/// A pod of the population.
#[derive(Debug, Clone)]
pub struct SimPod {
    /// Name.
    pub name: String,
    /// Still there.
    pub alive: bool,
    /// Its endpoints, as `(group, slot)`.
    pub endpoints: Vec<(u32, u32)>,
    /// Groups it registers.
    pub registers: Vec<u32>,
}

/// What a step did to the endpoints.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Delta {
    /// Endpoints gone, as `(group, slot)`.
    pub removed: Vec<(u32, u32)>,
    /// The endpoints that went, in the order of `removed` (their slots are empty now).
    pub gone: Vec<DesiredEndpoint>,
    /// Endpoints new, as `(group, slot)`.
    pub added: Vec<(u32, u32)>,
}

impl Delta {
    fn record(&mut self, gone: Vec<((u32, u32), DesiredEndpoint)>) {
        for (at, e) in gone {
            self.removed.push(at);
            self.gone.push(e);
        }
    }
}

/// The pods of one Service and what they make.
#[derive(Debug, Clone)]
pub struct Population {
    /// Namespace of the pods.
    pub namespace: String,
    /// The Service's address types, in `ipFamilies` order.
    pub address_types: Vec<AddressType>,
    /// Groups, in the order the controller first meets them.
    pub groups: Vec<PopGroup>,
    /// Pods in creation order.
    pub pods: Vec<SimPod>,
    /// Zones new pods are spread over (round robin).
    pub zones: Vec<Option<Atom>>,
    /// Node names matching `zones`.
    pub nodes: Vec<Option<Atom>>,
    /// Prefix of new pod names.
    pub name_prefix: String,
    /// `publishNotReadyAddresses` (new pods are Ready anyway).
    pub publish_not_ready: bool,
    /// The pod new pods are made like.
    pub template: Option<usize>,
    made: usize,
}

impl Population {
    /// An empty population whose new pods make one endpoint per group of `groups` (each
    /// `(addressType, ports)`), spread over `zones` with nodes `nodes`.
    pub fn synthetic(
        namespace: &str,
        address_types: Vec<AddressType>,
        groups: Vec<(AddressType, Vec<EndpointPort>)>,
        zones: Vec<Option<Atom>>,
        nodes: Vec<Option<Atom>>,
    ) -> Self {
        let n = groups.len() as u32;
        let mut p = Population {
            namespace: namespace.into(),
            address_types,
            groups: groups
                .into_iter()
                .map(|(address_type, ports)| PopGroup {
                    address_type,
                    ports,
                    slots: Vec::new(),
                    live: 0,
                    registrations: 0,
                    legacy_ready: 0,
                    legacy_not_ready: 0,
                })
                .collect(),
            pods: Vec::new(),
            zones,
            nodes,
            name_prefix: "pod-".into(),
            publish_not_ready: false,
            template: None,
            made: 0,
        };
        // A template that is not alive: only its registrations matter.
        p.pods.push(SimPod {
            name: String::new(),
            alive: false,
            endpoints: Vec::new(),
            registers: (0..n).collect(),
        });
        p.template = Some(0);
        p
    }

    /// The population of a real Service: its desired state and the selected pods it came from.
    pub fn from_desired(svc: &Service, pods: &[&Pod], desired: &DesiredState) -> Self {
        let mut p = Population {
            namespace: svc.namespace.clone(),
            address_types: desired.address_types.clone(),
            groups: desired
                .groups
                .iter()
                .map(|g| {
                    let mut pg = PopGroup {
                        address_type: g.address_type.clone(),
                        ports: g.ports.clone(),
                        live: g.endpoints.len(),
                        slots: g.endpoints.iter().cloned().map(Some).collect(),
                        registrations: 0,
                        legacy_ready: 0,
                        legacy_not_ready: 0,
                    };
                    for e in &g.endpoints {
                        pg.count(e, svc.publish_not_ready_addresses, 1);
                    }
                    pg
                })
                .collect(),
            pods: Vec::new(),
            zones: Vec::new(),
            nodes: Vec::new(),
            name_prefix: format!("{}-sim-", svc.name),
            publish_not_ready: svc.publish_not_ready_addresses,
            template: None,
            made: 0,
        };
        let mut by_name: HashMap<&str, Vec<(u32, u32)>> = HashMap::new();
        for (gi, g) in desired.groups.iter().enumerate() {
            for (slot, e) in g.endpoints.iter().enumerate() {
                by_name
                    .entry(e.target_ref.name.as_str())
                    .or_default()
                    .push((gi as u32, slot as u32));
                if !p.zones.contains(&e.zone) || !p.nodes.contains(&e.node_name) {
                    p.zones.push(e.zone);
                    p.nodes.push(e.node_name);
                }
            }
        }
        for v in &desired.verdicts {
            let pod = pods[v.pod];
            if pod.phase.is_terminal() || !pod.has_ip() {
                continue;
            }
            let ports = endpoint_ports(svc, &v.ports);
            let registers: Vec<u32> = svc
                .address_families()
                .iter()
                .filter_map(|f| group_of(&desired.groups, &address_type(*f), &ports))
                .collect();
            let endpoints = by_name.remove(pod.name.as_str()).unwrap_or_default();
            if p.template.is_none() && !endpoints.is_empty() {
                p.template = Some(p.pods.len());
            }
            p.pods.push(SimPod {
                name: pod.name.to_string(),
                alive: true,
                endpoints,
                registers,
            });
        }
        for pod in &p.pods {
            for &g in &pod.registers {
                p.groups[g as usize].registrations += 1;
            }
        }
        p
    }

    /// Live pods.
    pub fn live_pods(&self) -> usize {
        self.pods.iter().filter(|p| p.alive).count()
    }

    /// Live endpoints.
    pub fn live_endpoints(&self) -> usize {
        self.groups.iter().map(|g| g.live).sum()
    }

    /// Whether the controller has this group (some live pod registers it).
    pub fn group_desired(&self, g: usize) -> bool {
        self.groups[g].registrations > 0
    }

    /// The desired state (groups that still exist, in population order) and, per group of it,
    /// the population group it is.
    pub fn desired_state(&self) -> (DesiredState, Vec<u32>) {
        let mut groups = Vec::new();
        let mut index = Vec::new();
        for (gi, g) in self.groups.iter().enumerate() {
            if g.registrations == 0 {
                continue;
            }
            index.push(gi as u32);
            groups.push(DesiredGroup {
                address_type: g.address_type.clone(),
                ports: g.ports.clone(),
                endpoints: g.slots.iter().flatten().cloned().collect(),
            });
        }
        (
            DesiredState {
                address_types: self.address_types.clone(),
                groups,
                verdicts: Vec::new(),
            },
            index,
        )
    }

    /// Adds one Ready pod made like the template; returns its endpoints.
    pub fn add_pod(&mut self) -> Vec<(u32, u32)> {
        let Some(t) = self.template else {
            return Vec::new();
        };
        let k = self.made;
        self.made += 1;
        let name = format!("{}{k:07}", self.name_prefix);
        let registers = self.pods[t].registers.clone();
        let z = if self.zones.is_empty() {
            0
        } else {
            k % self.zones.len()
        };
        let mut endpoints = Vec::new();
        for &g in &registers {
            let group = &mut self.groups[g as usize];
            group.registrations += 1;
            let ip = synthetic_ip(&group.address_type, k);
            let ready = true;
            let e = DesiredEndpoint {
                addresses: vec![ip.into()],
                conditions: DesiredConditions {
                    ready: ready || self.publish_not_ready,
                    serving: ready,
                    terminating: false,
                },
                hostname: None,
                node_name: self.nodes.get(z).cloned().flatten(),
                zone: self.zones.get(z).cloned().flatten(),
                target_ref: ObjectRef {
                    kind: "Pod".into(),
                    namespace: self.namespace.clone().into(),
                    name: name.clone().into(),
                    uid: format!("sim-uid-{k}").into(),
                },
            };
            group.count(&e, self.publish_not_ready, 1);
            group.slots.push(Some(e));
            group.live += 1;
            endpoints.push((g, (group.slots.len() - 1) as u32));
        }
        self.pods.push(SimPod {
            name,
            alive: true,
            endpoints: endpoints.clone(),
            registers,
        });
        endpoints
    }

    /// Removes the pod at `index`; returns its endpoints with their slots.
    pub fn remove_pod(&mut self, index: usize) -> Vec<((u32, u32), DesiredEndpoint)> {
        let pod = &mut self.pods[index];
        if !pod.alive {
            return Vec::new();
        }
        let mut out = Vec::with_capacity(pod.endpoints.len());
        pod.alive = false;
        for &g in &pod.registers {
            self.groups[g as usize].registrations -= 1;
        }
        for &(g, s) in &pod.endpoints {
            let group = &mut self.groups[g as usize];
            if let Some(e) = group.slots[s as usize].take() {
                group.count(&e, self.publish_not_ready, -1);
                group.live -= 1;
                out.push(((g, s), e));
            }
        }
        out
    }

    /// Scale to `n` pods: new pods are added, or the newest are removed (as a ReplicaSet
    /// removes its most recently created pods first when they are equally ready).
    pub fn scale(&mut self, n: usize) -> Delta {
        let mut d = Delta::default();
        let live = self.live_pods();
        if n > live {
            for _ in live..n {
                d.added.extend(self.add_pod());
            }
        } else {
            let victims: Vec<usize> = (0..self.pods.len())
                .rev()
                .filter(|&i| self.pods[i].alive)
                .take(live - n)
                .collect();
            for i in victims {
                d.record(self.remove_pod(i));
            }
        }
        d
    }

    /// One rollout batch: `add` new pods, then the `remove` oldest of `old` still alive.
    pub fn replace(&mut self, old: &[usize], add: usize, remove: usize) -> Delta {
        let mut d = Delta::default();
        for _ in 0..add {
            d.added.extend(self.add_pod());
        }
        let victims: Vec<usize> = old
            .iter()
            .copied()
            .filter(|&i| self.pods[i].alive)
            .take(remove)
            .collect();
        for i in victims {
            d.record(self.remove_pod(i));
        }
        d
    }
}

fn group_of(groups: &[DesiredGroup], at: &AddressType, ports: &[EndpointPort]) -> Option<u32> {
    let mut key = ports.to_vec();
    key.sort();
    groups
        .iter()
        .position(|g| {
            let mut p = g.ports.clone();
            p.sort();
            &g.address_type == at && p == key
        })
        .map(|i| i as u32)
}

/// The `k`-th made-up address of a family: 10.0.0.0/8 for IPv4 (16M pods), fd00::/64 for
/// IPv6. Simulated pods never share a name with real ones, so they never share an identity.
pub fn synthetic_ip(at: &AddressType, k: usize) -> String {
    match at {
        AddressType::IPv6 => format!("fd00::{:x}", k + 1),
        _ => {
            let n = (k + 1) as u32;
            std::net::Ipv4Addr::from(0x0a00_0000 | (n & 0x00ff_ffff)).to_string()
        }
    }
}
