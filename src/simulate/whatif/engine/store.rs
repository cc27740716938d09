//! The incremental engine's state: its slices as compact member lists, where each endpoint sits,
//! and the per-slice counts and rows that both the step driver and the pass read.
//!
//! Mirrors the controller's slice cache (`kubernetes/endpointslice` `reconciler.go` lists the
//! existing slices of a Service) on population slots instead of endpoint objects.

use crate::model::{AddressType, EndpointPort};
use crate::simulate::endpointslice::desired::DesiredEndpoint;
use crate::simulate::endpointslice::identity::IdentityKey;
use crate::simulate::endpointslice::plan::{SliceAction, SliceDiff};
use crate::simulate::shared::config::SimConfig;
use crate::simulate::whatif::outcome::SliceOutcome;
use crate::simulate::whatif::population::Population;
use std::collections::BTreeMap;

pub(super) const NONE: u32 = u32::MAX;

#[derive(Debug, Clone)]
pub(super) struct StoreSlice {
    pub(super) name: String,
    pub(super) address_type: AddressType,
    pub(super) ports: Vec<EndpointPort>,
    /// The population group whose key it has (`None`: no group has it, e.g. the placeholder).
    pub(super) matches: Option<u32>,
    /// The group its members are slots of.
    pub(super) content: Option<u32>,
    pub(super) members: Vec<u32>,
    /// Ready, serving, terminating and hinted endpoints, kept up to date when members change
    /// so unchanged slices cost nothing per step.
    pub(super) counts: [usize; 4],
}

/// The incremental controller.
#[derive(Debug, Clone)]
pub struct Engine {
    pub(super) service_name: String,
    pub(super) cfg: SimConfig,
    /// `trafficDistribution` with own-node hints (for the hinted count); `None`: no hints.
    pub(super) hints: Option<bool>,
    pub(super) slices: Vec<Option<StoreSlice>>,
    pub(super) order: BTreeMap<String, u32>,
    pub(super) loc: Vec<Vec<u32>>,
    pub(super) created: usize,
}

/// One slice's fate within a step.
pub(super) struct Fate {
    pub(super) action: SliceAction,
    pub(super) diff: SliceDiff,
    pub(super) details: Vec<&'static str>,
}

impl Engine {
    /// The port group a slice with these ports belongs to, under the version's nil rule.
    pub(super) fn key_match(
        &self,
        pop: &Population,
        at: &AddressType,
        ports: &[EndpointPort],
    ) -> Option<u32> {
        if ports.is_empty() && !self.cfg.rules.nil_ports_equal_empty {
            return None;
        }
        let key = sorted(ports);
        pop.groups
            .iter()
            .position(|g| &g.address_type == at && sorted(&g.ports) == key)
            .map(|i| i as u32)
    }

    pub(super) fn row(&self, s: &StoreSlice) -> SliceOutcome {
        let [ready, serving, terminating, hinted] = s.counts;
        SliceOutcome {
            name: Some(s.name.clone()),
            address_type: s.address_type.clone(),
            ports: s.ports.clone(),
            endpoints: s.members.len(),
            ready,
            serving,
            terminating,
            hinted,
            action: SliceAction::Unchanged,
            diff: SliceDiff::default(),
            details: Vec::new(),
            named: Default::default(),
        }
    }

    /// Counts a slice's ready, serving, terminating and hinted endpoints.
    pub(super) fn tally(&self, pop: &Population, s: &StoreSlice) -> [usize; 4] {
        let mut c = [0usize; 4];
        let Some(g) = s.content else {
            return c;
        };
        for &m in &s.members {
            if let Some(e) = pop.groups[g as usize].slots[m as usize].as_ref() {
                self.add(&mut c, e, 1);
            }
        }
        c
    }

    /// Adds (`sign` 1) or takes away (`sign` -1) one endpoint from a slice's counts.
    pub(super) fn add(&self, c: &mut [usize; 4], e: &DesiredEndpoint, sign: isize) {
        let hinted = self.hints.is_some_and(|same_node| {
            e.zone.is_some()
                || (same_node && e.node_name.is_some())
                || !self.cfg.rules.traffic_distribution_skips_zoneless
        });
        let flags = [
            e.conditions.ready,
            e.conditions.serving,
            e.conditions.terminating,
            e.conditions.ready && hinted,
        ];
        for (n, on) in c.iter_mut().zip(flags) {
            if on {
                *n = n
                    .checked_add_signed(sign)
                    .expect("counts stay non-negative");
            }
        }
    }
}

pub(super) fn sorted(ports: &[EndpointPort]) -> Vec<EndpointPort> {
    let mut v = ports.to_vec();
    v.sort();
    v
}

/// The new endpoints of a group in identity order (the order the full reconciler places them).
pub(super) fn identity_sorted(pop: &Population, g: u32, mut slots: Vec<u32>) -> Vec<u32> {
    let group = &pop.groups[g as usize];
    let key =
        |s: u32| IdentityKey::of_desired(group.slots[s as usize].as_ref().expect("live endpoint"));
    if !slots.windows(2).all(|w| key(w[0]) < key(w[1])) {
        slots.sort_by(|&a, &b| key(a).cmp(&key(b)));
    }
    slots
}
