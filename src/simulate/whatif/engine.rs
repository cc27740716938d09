//! The incremental engine: the same sync as [`reconcile`](crate::simulate::reconcile), for a
//! Service whose slices the controller already wrote, when only pods come and go. It touches
//! only the slices that lost endpoints and places only the new endpoints, so a step costs in
//! proportion to the change (plus one pass over slice *sizes*), not to every endpoint.
//!
//! Why that is the same result: after a sync every endpoint sits in a slice of its port group
//! and every slice is "unchanged" for that state (labels and hints are settled). A later sync
//! therefore finds exactly the slices holding removed endpoints changed, every other slice
//! unchanged, and exactly the new endpoints unplaced. The placement, placeholder and recycling
//! rules are then applied with the shared code (`placement`). The property suite checks the
//! engine against the full reconciler on random steps. Hint modes that rebalance existing
//! slices (`topology-mode: Auto`) are not incremental; the step driver uses the full path.
//!
//! `store.rs` holds the engine's state and what both this driver and `pass.rs` read of it;
//! this file calls the pass, the pass never calls back.

use super::outcome::{ControllerKind, SliceOutcome, StepOutcome};
use super::population::{Delta, Population};
use crate::model::{AddressType, EndpointPort};
use crate::simulate::endpointslice::plan::{SliceAction, SliceDiff};
use crate::simulate::shared::config::SimConfig;
use std::collections::{BTreeMap, HashMap};

mod pass;
mod store;

pub use store::Engine;
use store::{Fate, NONE, StoreSlice};

/// A slice as the engine starts from: name, type, ports, members as `(group, slot)`.
#[derive(Debug, Clone)]
pub struct LayoutSlice {
    /// Name.
    pub name: String,
    /// addressType.
    pub address_type: AddressType,
    /// Ports.
    pub ports: Vec<EndpointPort>,
    /// Endpoints, as population `(group, slot)` (all of one group).
    pub members: Vec<(u32, u32)>,
}

impl Engine {
    /// An engine over `layout` (the slices after a full sync) for `pop`. `hints` is
    /// `Some(same_node)` for `trafficDistribution`, `None` for no hints. `created` is how many
    /// slices were already named `<service>-simN`.
    pub fn new(
        service_name: &str,
        cfg: SimConfig,
        hints: Option<bool>,
        pop: &Population,
        layout: Vec<LayoutSlice>,
        created: usize,
    ) -> Self {
        let mut e = Engine {
            service_name: service_name.into(),
            cfg,
            hints,
            slices: Vec::new(),
            order: BTreeMap::new(),
            loc: pop
                .groups
                .iter()
                .map(|g| vec![NONE; g.slots.len()])
                .collect(),
            created,
        };
        for l in layout {
            let content = l.members.first().map(|m| m.0);
            let sid = e.slices.len() as u32;
            let members: Vec<u32> = l.members.iter().map(|m| m.1).collect();
            if let Some(g) = content {
                for &s in &members {
                    e.loc[g as usize][s as usize] = sid;
                }
            }
            let matches = e.key_match(pop, &l.address_type, &l.ports);
            e.order.insert(l.name.clone(), sid);
            let mut slice = StoreSlice {
                name: l.name,
                address_type: l.address_type,
                ports: l.ports,
                matches,
                content,
                members,
                counts: [0; 4],
            };
            slice.counts = e.tally(pop, &slice);
            e.slices.push(Some(slice));
        }
        e
    }

    /// Slices created so far (the next one is `<service>-sim{created+1}`).
    pub fn created(&self) -> usize {
        self.created
    }

    /// The current slices, in name order, with members as `(group, slot)`.
    pub fn layout(&self) -> Vec<LayoutSlice> {
        self.order
            .values()
            .map(|&sid| {
                let s = self.slices[sid as usize].as_ref().expect("live");
                LayoutSlice {
                    name: s.name.clone(),
                    address_type: s.address_type.clone(),
                    ports: s.ports.clone(),
                    members: s
                        .members
                        .iter()
                        .map(|&m| (s.content.unwrap_or(0), m))
                        .collect(),
                }
            })
            .collect()
    }

    /// One sync after `delta` was applied to `pop`.
    pub fn sync(&mut self, pop: &Population, delta: &Delta) -> StepOutcome {
        for (g, group) in pop.groups.iter().enumerate() {
            self.loc[g].resize(group.slots.len(), NONE);
        }
        // Removed endpoints per slice holding them: (slot, the endpoint as it was).
        let mut touched: HashMap<u32, Vec<(u32, usize)>> = HashMap::new();
        let mut old_loc: HashMap<(u32, u32), u32> = HashMap::new();
        for (i, &(g, s)) in delta.removed.iter().enumerate() {
            let sid = std::mem::replace(&mut self.loc[g as usize][s as usize], NONE);
            if sid != NONE {
                touched.entry(sid).or_default().push((s, i));
            }
        }
        let mut added: HashMap<u32, Vec<u32>> = HashMap::new();
        for &(g, s) in &delta.added {
            added.entry(g).or_default().push(s);
        }
        let rows_before: Vec<u32> = self.order.values().copied().collect();
        let mut fates: HashMap<u32, Fate> = HashMap::new();
        let mut out = StepOutcome {
            controller: Some(ControllerKind::EndpointSlice),
            ..StepOutcome::default()
        };
        let mut new_rows: Vec<SliceOutcome> = Vec::new();
        for at in &pop.address_types {
            let mut ctx = pass::PassCtx {
                pop,
                delta,
                at,
                touched: &touched,
                added: &added,
                old_loc: &mut old_loc,
                fates: &mut fates,
                new_rows: &mut new_rows,
            };
            self.type_pass(&mut ctx);
        }
        for sid in rows_before {
            let fate = fates.remove(&sid).unwrap_or(Fate {
                action: SliceAction::Unchanged,
                diff: SliceDiff::default(),
                details: Vec::new(),
            });
            let mut row = match self.slices[sid as usize].as_ref() {
                Some(s) if fate.action != SliceAction::Delete => self.row(s),
                _ => self.deleted_row(sid),
            };
            if fate.action == SliceAction::Delete {
                self.drop_slice(sid);
            } else if fate.action == SliceAction::Unchanged
                && self.slices[sid as usize]
                    .as_ref()
                    .is_some_and(|s| s.members.is_empty() && s.ports.is_empty())
            {
                row.details = vec!["placeholder"];
            }
            row.action = fate.action;
            row.diff = fate.diff;
            if fate.action != SliceAction::Unchanged {
                row.details = fate.details;
            }
            out.slices.push(row);
        }
        out.slices.extend(new_rows);
        out.totals.desired = pop.live_endpoints();
        out.totals.added = delta.added.len();
        out.totals.removed = delta.removed.len();
        out.totals.moved = old_loc
            .iter()
            .filter(|&(&(g, s), &was)| self.loc[g as usize][s as usize] != was)
            .count();
        out
    }

    /// Rows of deleted slices are built before they are dropped.
    fn deleted_row(&self, sid: u32) -> SliceOutcome {
        let s = self.slices[sid as usize]
            .as_ref()
            .expect("live until dropped");
        SliceOutcome {
            name: Some(s.name.clone()),
            address_type: s.address_type.clone(),
            ports: s.ports.clone(),
            endpoints: 0,
            ready: 0,
            serving: 0,
            terminating: 0,
            hinted: 0,
            action: SliceAction::Delete,
            diff: SliceDiff::default(),
            details: Vec::new(),
            named: Default::default(),
        }
    }

    fn drop_slice(&mut self, sid: u32) {
        if let Some(s) = self.slices[sid as usize].take() {
            self.order.remove(&s.name);
            if let Some(g) = s.content {
                for m in s.members {
                    let l = &mut self.loc[g as usize][m as usize];
                    if *l == sid {
                        *l = NONE;
                    }
                }
            }
        }
    }
}
