//! The EndpointSliceMirroring controller: custom Endpoints of a selector-less Service copied
//! into EndpointSlices.
//!
//! Upstream: `pkg/controller/endpointslicemirroring` (`endpointslicemirroring_controller.go`
//! `syncEndpoints`/`shouldMirror`, `reconciler.go`, `reconciler_helpers.go`, `utils.go`).
//! Semantics doc §4.1. One slice per (address type, port set), never split; a subset over the
//! per-subset limit loses its last addresses (ready ones are taken first).

use crate::model::{
    AddressType, Endpoint, EndpointConditions, EndpointPort, EndpointSlice, Endpoints, Labels,
    MANAGED_BY_MIRRORING, Service,
};
use crate::simulate::endpoints::repack::repack_subsets;
use crate::simulate::endpointslice::identity::{IdentityKey, endpoints_equal_beyond_identity};
use crate::simulate::endpointslice::plan::{SliceAction, SliceDiff};
use crate::simulate::shared::config::SimConfig;
use crate::simulate::shared::slice_meta::{LABEL_MANAGED_BY, LABEL_SERVICE_NAME};
use std::collections::HashMap;

/// `endpointslice.kubernetes.io/skip-mirror` (a label on the Endpoints).
pub const SKIP_MIRROR_LABEL: &str = "endpointslice.kubernetes.io/skip-mirror";
/// Leader-election Endpoints carry this annotation and are never mirrored.
pub const LEADER_ANNOTATION: &str = "control-plane.alpha.kubernetes.io/leader";
const TRIGGER_TIME: &str = "endpoints.kubernetes.io/last-change-trigger-time";
const LAST_APPLIED: &str = "kubectl.kubernetes.io/last-applied-configuration";

/// Whether the Endpoints object is mirrored, and if not, why.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MirrorDecision {
    /// Mirrored.
    Mirrored,
    /// No Endpoints object with the Service's name.
    NoEndpoints,
    /// `skip-mirror: "true"`.
    SkipMirror,
    /// A leader-election record.
    LeaderElection,
    /// The Service has a selector (its Endpoints belong to the Endpoints controller).
    ServiceHasSelector,
}

/// One mirrored slice with its fate.
#[derive(Debug, Clone, PartialEq)]
pub struct MirrorSlice {
    /// What happens to it.
    pub action: SliceAction,
    /// The existing slice (index into the input), `None` for a create.
    pub existing: Option<usize>,
    /// addressType.
    pub address_type: AddressType,
    /// Ports.
    pub ports: Vec<EndpointPort>,
    /// Endpoints after the sync.
    pub endpoints: Vec<Endpoint>,
    /// Compared with what it held before.
    pub diff: SliceDiff,
}

/// What one sync of the mirroring controller writes.
#[derive(Debug, Clone, PartialEq)]
pub struct MirrorPlan {
    /// Mirrored or not.
    pub decision: MirrorDecision,
    /// Existing mirrored slices with their fate, then creates.
    pub slices: Vec<MirrorSlice>,
    /// Addresses not mirrored: over the per-subset limit, or not valid IPs.
    pub skipped_addresses: usize,
    /// Of those, addresses that are not valid IPs.
    pub invalid_addresses: usize,
}

/// Mirrors `endpoints` (the Endpoints named like `svc`) over the slices labelled with the
/// Service's name (`existing`; only the mirroring controller's own are considered).
pub fn mirror(
    svc: &Service,
    endpoints: Option<&Endpoints>,
    existing: &[&EndpointSlice],
    cfg: &SimConfig,
) -> MirrorPlan {
    let mut listed: Vec<usize> = (0..existing.len())
        .filter(|&i| {
            let s = existing[i];
            s.namespace == svc.namespace
                && s.service_name() == Some(svc.name.as_str())
                && s.managed_by() == Some(MANAGED_BY_MIRRORING)
                && !s.deleting
        })
        .collect();
    listed.sort_by(|&a, &b| existing[a].name.cmp(&existing[b].name));
    let decision = match endpoints {
        None => MirrorDecision::NoEndpoints,
        Some(e) if e.labels.get(SKIP_MIRROR_LABEL).is_some_and(|v| v == "true") => {
            MirrorDecision::SkipMirror
        }
        Some(e) if e.annotations.contains_key(LEADER_ANNOTATION) => MirrorDecision::LeaderElection,
        Some(_) if svc.selector.is_some() => MirrorDecision::ServiceHasSelector,
        Some(_) => MirrorDecision::Mirrored,
    };
    let mut plan = MirrorPlan {
        decision,
        slices: Vec::new(),
        skipped_addresses: 0,
        invalid_addresses: 0,
    };
    let (Some(ep), MirrorDecision::Mirrored) = (endpoints, decision) else {
        plan.slices = listed.iter().map(|&i| delete(existing, i)).collect();
        return plan;
    };
    let desired = desired_by_key(ep, cfg, &mut plan);
    let nil_differs = !cfg.rules.nil_ports_equal_empty;
    let key_of = |s: &EndpointSlice| Key {
        address_type: s.address_type.clone().unwrap_or(AddressType::IPv4),
        ports: sorted(&s.ports),
        nil: nil_differs && s.ports.is_empty(),
    };
    let mut by_key: HashMap<Key, Vec<usize>> = HashMap::new();
    for &i in &listed {
        by_key.entry(key_of(existing[i])).or_default().push(i);
    }
    let (mut creates, mut updates, mut deletes, mut unchanged) = (vec![], vec![], vec![], vec![]);
    for (key, ports, mut eps) in desired {
        eps.truncate(cfg.mirroring_max_endpoints_per_subset);
        let slices = by_key.remove(&key).unwrap_or_default();
        if eps.is_empty() {
            deletes.extend(slices.iter().map(|&i| delete(existing, i)));
            continue;
        }
        let Some((&first, rest)) = slices.split_first() else {
            let n = eps.len();
            creates.push(MirrorSlice {
                action: SliceAction::Create,
                existing: None,
                address_type: key.address_type.clone(),
                ports,
                endpoints: eps,
                diff: SliceDiff {
                    added: n,
                    ..SliceDiff::default()
                },
            });
            continue;
        };
        deletes.extend(rest.iter().map(|&i| delete(existing, i)));
        let diff = diff(&existing[first].endpoints, &eps);
        let same = diff == SliceDiff::default() && metadata_matches(existing[first], ep);
        (if same { &mut unchanged } else { &mut updates }).push(MirrorSlice {
            action: if same {
                SliceAction::Unchanged
            } else {
                SliceAction::Update
            },
            existing: Some(first),
            address_type: key.address_type.clone(),
            ports,
            endpoints: eps,
            diff,
        });
    }
    for &i in by_key.values().flatten() {
        deletes.push(delete(existing, i));
    }
    // `recycleSlices`: the i-th create of an address type reuses the i-th delete's name.
    let mut out = unchanged;
    out.append(&mut updates);
    let mut kept_deletes = Vec::new();
    for d in deletes {
        match creates
            .iter()
            .position(|c| c.address_type == d.address_type)
        {
            Some(ci) => {
                let mut c = creates.remove(ci);
                let s = d.existing.expect("deletes are existing");
                c.action = SliceAction::Update;
                c.existing = Some(s);
                c.diff = diff(&existing[s].endpoints, &c.endpoints);
                out.push(c);
            }
            None => kept_deletes.push(d),
        }
    }
    out.append(&mut kept_deletes);
    out.sort_by_key(|s| {
        s.existing.map_or(usize::MAX, |i| {
            listed.iter().position(|&l| l == i).unwrap_or(0)
        })
    });
    out.append(&mut creates);
    plan.slices = out;
    plan
}

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
struct Key {
    address_type: AddressType,
    ports: Vec<EndpointPort>,
    nil: bool,
}

fn sorted(ports: &[EndpointPort]) -> Vec<EndpointPort> {
    let mut v = ports.to_vec();
    v.sort();
    v
}

/// Per (address type, port set), in subset order with IPv4 before IPv6: the endpoints to
/// mirror. Every subset registers both address types, so an empty key deletes its slices.
fn desired_by_key(
    ep: &Endpoints,
    cfg: &SimConfig,
    plan: &mut MirrorPlan,
) -> Vec<(Key, Vec<EndpointPort>, Vec<Endpoint>)> {
    let mut out: Vec<(Key, Vec<EndpointPort>, Vec<Endpoint>)> = Vec::new();
    for subset in repack_subsets(&ep.subsets) {
        let mut idx = [0usize; 2];
        for (n, at) in [AddressType::IPv4, AddressType::IPv6]
            .into_iter()
            .enumerate()
        {
            let key = Key {
                address_type: at,
                ports: sorted(&subset.ports),
                nil: false,
            };
            idx[n] = match out.iter().position(|(k, _, _)| *k == key) {
                Some(i) => i,
                None => {
                    out.push((key, subset.ports.clone(), Vec::new()));
                    out.len() - 1
                }
            };
        }
        let total = subset.addresses.len() + subset.not_ready_addresses.len();
        let mut added = 0;
        let ready = subset.addresses.iter().map(|a| (a, true));
        let not_ready = subset.not_ready_addresses.iter().map(|a| (a, false));
        for (a, is_ready) in ready.chain(not_ready) {
            if added >= cfg.mirroring_max_endpoints_per_subset {
                break;
            }
            let Ok(ip) = a.ip.trim().parse::<std::net::IpAddr>() else {
                plan.invalid_addresses += 1;
                continue;
            };
            added += 1;
            let e = Endpoint {
                addresses: smallvec::smallvec![ip.to_string().into()],
                conditions: EndpointConditions {
                    ready: Some(is_ready),
                    serving: None,
                    terminating: None,
                },
                hostname: a.hostname.filter(|h| !h.is_empty()),
                node_name: a.node_name,
                zone: None,
                target_ref: a.target_ref.clone(),
                hints: None,
            };
            let list = &mut out[idx[usize::from(ip.is_ipv6())]].2;
            // A set insert: the same identity again replaces the earlier one.
            match list
                .iter()
                .position(|x| IdentityKey::of_endpoint(x) == IdentityKey::of_endpoint(&e))
            {
                Some(p) => list[p] = e,
                None => list.push(e),
            }
        }
        plan.skipped_addresses += total - added;
    }
    out
}

/// The first slice is left alone only if its labels (without the two controller labels) equal
/// the Endpoints' and its annotations equal the Endpoints' (without trigger time and
/// last-applied).
fn metadata_matches(slice: &EndpointSlice, ep: &Endpoints) -> bool {
    let mut labels = slice.labels.clone();
    labels.remove(LABEL_MANAGED_BY);
    labels.remove(LABEL_SERVICE_NAME);
    let mut annotations: Labels = ep.annotations.clone();
    annotations.remove(TRIGGER_TIME);
    annotations.remove(LAST_APPLIED);
    labels == ep.labels && annotations == slice.annotations
}

fn diff(old: &[Endpoint], new: &[Endpoint]) -> SliceDiff {
    let before: HashMap<IdentityKey<'_>, &Endpoint> = old
        .iter()
        .map(|e| (IdentityKey::of_endpoint(e), e))
        .collect();
    let mut d = SliceDiff::default();
    let mut matched = 0;
    for e in new {
        match before.get(&IdentityKey::of_endpoint(e)) {
            Some(o) => {
                matched += 1;
                if !endpoints_equal_beyond_identity(o, e) {
                    d.changed += 1;
                }
            }
            None => d.added += 1,
        }
    }
    d.removed = old.len() - matched;
    d
}

fn delete(existing: &[&EndpointSlice], i: usize) -> MirrorSlice {
    let s = existing[i];
    MirrorSlice {
        action: SliceAction::Delete,
        existing: Some(i),
        address_type: s.address_type.clone().unwrap_or(AddressType::IPv4),
        ports: s.ports.clone(),
        endpoints: Vec::new(),
        diff: SliceDiff {
            removed: s.endpoints.len(),
            ..SliceDiff::default()
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{EndpointAddress, EndpointsSubset, Protocol};
    use crate::testing::mk_service;

    fn endpoints(subsets: Vec<EndpointsSubset>) -> Endpoints {
        Endpoints {
            namespace: "ns".into(),
            name: "db".into(),
            subsets,
            ..Endpoints::default()
        }
    }
    fn subset(ips: &[&str], port: i32) -> EndpointsSubset {
        EndpointsSubset {
            addresses: ips
                .iter()
                .map(|ip| EndpointAddress {
                    ip: (*ip).into(),
                    ..EndpointAddress::default()
                })
                .collect(),
            not_ready_addresses: vec![],
            ports: vec![EndpointPort {
                name: Some(format!("p{port}")),
                port: Some(port),
                protocol: Protocol::Tcp,
                app_protocol: None,
            }],
        }
    }
    fn selectorless() -> Service {
        let mut svc = mk_service("db", &[]);
        svc.selector = None;
        svc
    }

    #[test]
    fn same_address_with_two_ports_gives_one_slice() {
        let ep = endpoints(vec![subset(&["10.0.0.1"], 1), subset(&["10.0.0.1"], 2)]);
        let plan = mirror(&selectorless(), Some(&ep), &[], &SimConfig::default());
        assert_eq!(plan.slices.len(), 1);
        assert_eq!(plan.slices[0].ports.len(), 2);
        assert_eq!(plan.slices[0].endpoints[0].conditions.serving, None);
    }

    #[test]
    fn addresses_over_the_limit_and_invalid_ips_are_skipped() {
        let mut cfg = SimConfig::default();
        // Repacked order is by IP string: "0bogus" (invalid, not counted) comes first.
        cfg.mirroring_max_endpoints_per_subset = 2;
        let ep = endpoints(vec![subset(
            &["10.0.0.1", "0bogus", "10.0.0.2", "10.0.0.3"],
            1,
        )]);
        let plan = mirror(&selectorless(), Some(&ep), &[], &cfg);
        assert_eq!(plan.slices[0].endpoints.len(), 2);
        assert_eq!((plan.skipped_addresses, plan.invalid_addresses), (2, 1));
    }

    #[test]
    fn mirrored_slices_of_a_service_with_a_selector_are_deleted() {
        let ep = endpoints(vec![subset(&["10.0.0.1"], 1)]);
        let first = mirror(&selectorless(), Some(&ep), &[], &SimConfig::default());
        let slice = EndpointSlice {
            namespace: "ns".into(),
            name: "db-abcde".into(),
            labels: [
                (LABEL_SERVICE_NAME.into(), "db".into()),
                (LABEL_MANAGED_BY.into(), MANAGED_BY_MIRRORING.into()),
            ]
            .into_iter()
            .collect(),
            address_type: Some(AddressType::IPv4),
            ports: first.slices[0].ports.clone(),
            endpoints: first.slices[0].endpoints.clone(),
            ..EndpointSlice::default()
        };
        let again = mirror(&selectorless(), Some(&ep), &[&slice], &SimConfig::default());
        assert_eq!(again.slices[0].action, SliceAction::Unchanged);
        let with_selector = mk_service("db", &[("app", "db")]);
        let plan = mirror(&with_selector, Some(&ep), &[&slice], &SimConfig::default());
        assert_eq!(plan.decision, MirrorDecision::ServiceHasSelector);
        assert_eq!(plan.slices[0].action, SliceAction::Delete);
    }
}
