//! `service.kubernetes.io/topology-mode: Auto`: zone hints in proportion to allocatable CPU.
//!
//! Upstream: `kubernetes/endpointslice` `topologycache/topologycache.go` (`SetNodes`,
//! `getAllocations`, `AddHints`), `topologycache/sliceinfo.go` (`getAllocatedHintsByZone`),
//! `topologycache/utils.go` (`getGivingAndReceivingZones`, `redistributeHints`, `getHintsByZone`),
//! `topologycache/event.go` (messages). Semantics doc §3.2.
//!
//! Upstream walks zones in Go map order where it looks for "the zone with the most" and "any
//! receiver": here zones are walked in name order, so ties go to the first zone by name. Only
//! which endpoints are re-hinted can differ; the per-zone totals cannot.

use super::hint_lists::{HintLists, move_unchanged, strip};
use super::input::{ReconcileInput, desired_of};
use super::node_topology::NodeTopology;
use super::plan::{HintEvent, PlannedSlice};
use crate::model::{AddressType, EndpointHints};
use std::collections::BTreeMap;

/// The overload threshold (a constant upstream).
const OVERLOAD_THRESHOLD: f64 = 0.2;

const NO_ZONE_SPECIFIED: &str = "One or more endpoints do not have a zone specified";
const NO_ALLOCATED_HINTS_FOR_ZONES: &str = "No hints allocated for zones";
const HINTS_ENABLED: &str = "Topology Aware Hints has been enabled";
const INSUFFICIENT_NODE_INFO: &str =
    "Insufficient Node information: allocatable CPU or zone not specified on one or more nodes";
const NODES_READY_IN_ONE_ZONE_ONLY: &str = "Nodes only ready in one zone";
const INSUFFICIENT_NUMBER_OF_ENDPOINTS: &str = "Insufficient number of endpoints";
const MIN_ALLOCATION_EXCEEDS_OVERLOAD_THRESHOLD: &str = "Unable to allocate minimum required endpoints to each zone without exceeding overload threshold";

/// How many endpoints a zone should get.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Allocation {
    /// `ceil(desired / 1.2)`.
    pub minimum: usize,
    /// `minimum + (n - Σ minimum)`.
    pub maximum: usize,
    /// `max(ratio · n, minimum)`.
    pub desired: f64,
}

/// `getAllocations` for `n` ready endpoints; the error is the Event message.
pub fn allocations(
    ratios: Option<&BTreeMap<String, f64>>,
    n: usize,
) -> Result<BTreeMap<String, Allocation>, String> {
    let Some(ratios) = ratios else {
        return Err(INSUFFICIENT_NODE_INFO.to_string());
    };
    let zones = ratios.len();
    if zones < 2 {
        return Err(NODES_READY_IN_ONE_ZONE_ONLY.to_string());
    }
    if zones > n {
        return Err(format!(
            "{INSUFFICIENT_NUMBER_OF_ENDPOINTS} ({n} endpoints, {zones} zones)"
        ));
    }
    let mut out = BTreeMap::new();
    let mut min_total = 0;
    for (zone, ratio) in ratios {
        let desired = ratio * n as f64;
        let minimum = (desired * (1.0 / (1.0 + OVERLOAD_THRESHOLD))).ceil() as usize;
        min_total += minimum;
        if min_total > n {
            return Err(format!(
                "{MIN_ALLOCATION_EXCEEDS_OVERLOAD_THRESHOLD} ({n} endpoints, {zones} zones)"
            ));
        }
        out.insert(
            zone.clone(),
            Allocation {
                minimum,
                maximum: 0,
                desired: desired.max(minimum as f64),
            },
        );
    }
    for a in out.values_mut() {
        a.maximum = a.minimum + n - min_total;
    }
    Ok(out)
}

fn event(type_: &'static str, message: &str, at: &AddressType) -> HintEvent {
    HintEvent {
        type_,
        reason: if type_ == "Normal" {
            "TopologyAwareHintsEnabled"
        } else {
            "TopologyAwareHintsDisabled"
        },
        message: format!("{message}, addressType: {}", at.as_str()),
    }
}

fn zone_hint(zone: &str) -> Option<Box<EndpointHints>> {
    Some(Box::new(EndpointHints {
        for_zones: vec![zone.to_string()],
        for_nodes: vec![],
    }))
}

/// `AddHints` for one address type.
pub(crate) fn add_hints(
    input: &ReconcileInput<'_>,
    at: &AddressType,
    lists: HintLists<'_>,
    notes: &mut Vec<String>,
) -> Vec<HintEvent> {
    let ratios = match input.topology {
        NodeTopology::Unknown => {
            notes.push("topology-mode Auto: Nodes are unknown, so hints were not simulated (existing hints are shown as they are)".into());
            return Vec::new();
        }
        NodeTopology::Known { ratios } => ratios.as_ref(),
    };
    let ready = |s: &PlannedSlice| {
        s.endpoints
            .iter()
            .filter(|pe| desired_of(input, pe).conditions.ready)
            .count()
    };
    let n: usize = lists.creates.iter().map(ready).sum::<usize>()
        + lists.updates.iter().map(ready).sum::<usize>()
        + lists.unchanged.iter().map(ready).sum::<usize>();
    let allocs = match allocations(ratios, n) {
        Ok(a) => a,
        Err(msg) => {
            strip(lists);
            return vec![event("Warning", &msg, at)];
        }
    };

    // Unchanged slices stay only if their hints fit the allocation.
    let mut allocated: BTreeMap<String, i64> = BTreeMap::new();
    move_unchanged(lists.unchanged, lists.updates, |s| {
        match hints_by_zone(input, s, &allocated, &allocs) {
            Some(by_zone) => {
                for (z, c) in by_zone {
                    *allocated.entry(z).or_default() += c;
                }
                false
            }
            None => true,
        }
    });

    // Every ready endpoint of a create or update starts with its own zone.
    for s in lists.creates.iter_mut().chain(lists.updates.iter_mut()) {
        for pe in &mut s.endpoints {
            let d = desired_of(input, pe);
            if !d.conditions.ready {
                continue;
            }
            let Some(zone) = d.zone.as_deref().filter(|z| !z.is_empty()) else {
                strip(lists);
                return vec![event("Warning", NO_ZONE_SPECIFIED, at)];
            };
            *allocated.entry(zone.to_string()).or_default() += 1;
            pe.hints = zone_hint(zone);
        }
    }

    let (mut giving, mut receiving) = giving_and_receiving(&allocs, &allocated);
    'outer: for s in lists.creates.iter_mut().chain(lists.updates.iter_mut()) {
        for pe in &mut s.endpoints {
            let d = desired_of(input, pe);
            if !d.conditions.ready {
                continue;
            }
            if giving.is_empty() || receiving.is_empty() {
                break 'outer;
            }
            let Some(zone) = d.zone.as_deref() else {
                continue;
            };
            if giving.get(zone).copied().unwrap_or(0) == 0 {
                continue;
            }
            let Some(to) = receiving
                .iter()
                .find(|(_, n)| **n > 0)
                .map(|(z, _)| z.clone())
            else {
                continue;
            };
            pe.hints = zone_hint(&to);
            decrement(&mut giving, zone);
            decrement(&mut receiving, &to);
            *allocated.entry(to).or_default() += 1;
            *allocated.entry(zone.to_string()).or_default() -= 1;
        }
    }
    if allocated.is_empty() {
        strip(lists);
        return vec![event("Warning", NO_ALLOCATED_HINTS_FOR_ZONES, at)];
    }
    // The controller remembers whether it populated hints; from outside, hints on the current
    // slices are the best evidence.
    let populated = input
        .existing
        .iter()
        .any(|s| s.endpoints.iter().any(|e| e.hints.is_some()));
    if populated {
        Vec::new()
    } else {
        vec![event("Normal", HINTS_ENABLED, at)]
    }
}

fn decrement(m: &mut BTreeMap<String, usize>, zone: &str) {
    if let Some(n) = m.get_mut(zone) {
        *n -= 1;
        if *n == 0 {
            m.remove(zone);
        }
    }
}

/// `getHintsByZone`: `None` when the slice must be rewritten (a ready endpoint without a zone
/// hint, a hint for a zone without allocation, or a zone over its maximum).
fn hints_by_zone(
    input: &ReconcileInput<'_>,
    s: &PlannedSlice,
    allocated: &BTreeMap<String, i64>,
    allocs: &BTreeMap<String, Allocation>,
) -> Option<BTreeMap<String, i64>> {
    let mut by_zone: BTreeMap<String, i64> = BTreeMap::new();
    for pe in &s.endpoints {
        if !desired_of(input, pe).conditions.ready {
            continue;
        }
        let zones = pe.hints.as_ref().map(|h| &h.for_zones)?;
        if zones.is_empty() {
            return None;
        }
        for z in zones {
            allocs.get(z)?;
            *by_zone.entry(z.clone()).or_default() += 1;
        }
    }
    for (z, n) in &by_zone {
        let already = allocated.get(z).copied().unwrap_or(0);
        if n + already > allocs[z].maximum as i64 {
            return None;
        }
    }
    Some(by_zone)
}

/// `getGivingAndReceivingZones`: whole endpoints to move from zones above their target to zones
/// below it.
pub fn giving_and_receiving(
    allocs: &BTreeMap<String, Allocation>,
    allocated: &BTreeMap<String, i64>,
) -> (BTreeMap<String, usize>, BTreeMap<String, usize>) {
    let mut give_f: BTreeMap<&str, f64> = BTreeMap::new();
    let mut recv_f: BTreeMap<&str, f64> = BTreeMap::new();
    for (zone, a) in allocs {
        let have = allocated.get(zone).copied().unwrap_or(0) as f64;
        if have > a.desired {
            give_f.insert(zone, have - a.desired);
        } else if have < a.desired {
            recv_f.insert(zone, a.desired - have);
        }
    }
    let mut giving = BTreeMap::new();
    let mut receiving = BTreeMap::new();
    loop {
        let (gz, gn) = most(&give_f);
        let (rz, rn) = most(&recv_f);
        let (Some(gz), Some(rz)) = (gz, rz) else {
            break;
        };
        if (gn < 1.0 && rn < 1.0) || gn < 0.5 || rn < 0.5 {
            break;
        }
        *giving.entry(gz.to_string()).or_insert(0) += 1;
        *give_f.get_mut(gz).expect("present") -= 1.0;
        *receiving.entry(rz.to_string()).or_insert(0) += 1;
        *recv_f.get_mut(rz).expect("present") -= 1.0;
    }
    (giving, receiving)
}

/// `getMost`: the zone with the strictly largest positive value (first by name on ties).
fn most<'a>(m: &BTreeMap<&'a str, f64>) -> (Option<&'a str>, f64) {
    let mut best = (None, 0.0);
    for (z, n) in m {
        if *n > best.1 {
            best = (Some(*z), *n);
        }
    }
    best
}
