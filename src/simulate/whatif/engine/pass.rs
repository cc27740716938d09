//! One address type of an incremental sync: step 1 on the touched slices, placement of the new
//! endpoints, undesired port groups, the placeholder, recycling. Mirrors
//! `endpointslice/type_pass.rs` and `endpointslice/recycle.rs` on the engine's compact state.

use super::store::{Engine, Fate, NONE, StoreSlice, identity_sorted, sorted};
use crate::model::{AddressType, EndpointPort};
use crate::simulate::endpointslice::placement::{FillTarget, SliceAfterStep1, SliceClass, place};
use crate::simulate::endpointslice::plan::{SliceAction, SliceDiff};
use crate::simulate::whatif::outcome::SliceOutcome;
use crate::simulate::whatif::population::{Delta, Population};
use std::collections::{HashMap, HashSet};

pub(super) struct PassCtx<'c> {
    pub pop: &'c Population,
    pub delta: &'c Delta,
    pub at: &'c AddressType,
    /// Per slice that lost endpoints: `(slot, index into delta.removed)`.
    pub touched: &'c HashMap<u32, Vec<(u32, usize)>>,
    pub added: &'c HashMap<u32, Vec<u32>>,
    pub old_loc: &'c mut HashMap<(u32, u32), u32>,
    pub fates: &'c mut HashMap<u32, Fate>,
    pub new_rows: &'c mut Vec<SliceOutcome>,
}

struct NewSlice {
    group: Option<u32>,
    ports: Vec<EndpointPort>,
    members: Vec<u32>,
    placeholder: bool,
}

impl Engine {
    fn slice(&self, sid: u32) -> &StoreSlice {
        self.slices[sid as usize].as_ref().expect("live slice")
    }

    pub(super) fn type_pass(&mut self, ctx: &mut PassCtx<'_>) {
        let pop = ctx.pop;
        let m = self.cfg.max_endpoints_per_slice();
        let of_type: Vec<u32> = self
            .order
            .values()
            .copied()
            .filter(|&sid| &self.slice(sid).address_type == ctx.at)
            .collect();
        // Stored length before this step, for diffs of deleted and recycled slices.
        let mut old_members: HashMap<u32, Vec<u32>> = HashMap::new();
        let mut by_group: HashMap<u32, Vec<u32>> = HashMap::new();
        let mut undesired: Vec<u32> = Vec::new();
        for &sid in &of_type {
            match self.slice(sid).matches {
                Some(g) if pop.group_desired(g as usize) => {
                    by_group.entry(g).or_default().push(sid)
                }
                _ => undesired.push(sid),
            }
        }
        let mut deletes: Vec<(u32, &'static str)> = Vec::new();
        let mut creates: Vec<NewSlice> = Vec::new();
        for (g, group) in pop.groups.iter().enumerate() {
            if &group.address_type != ctx.at || !pop.group_desired(g) {
                continue;
            }
            let g = g as u32;
            let sg = by_group.remove(&g).unwrap_or_default();
            let mut states = Vec::with_capacity(sg.len());
            let mut dropped = vec![0usize; sg.len()];
            for (li, &sid) in sg.iter().enumerate() {
                if let Some(gone) = ctx.touched.get(&sid) {
                    let mut slots: Vec<u32> = gone.iter().map(|&(slot, _)| slot).collect();
                    slots.sort_unstable();
                    let mut counts = self.slice(sid).counts;
                    for &(_, i) in gone {
                        self.add(&mut counts, &ctx.delta.gone[i], -1);
                    }
                    let s = self.slices[sid as usize].as_mut().expect("live");
                    old_members.insert(sid, s.members.clone());
                    let before = s.members.len();
                    s.members.retain(|x| slots.binary_search(x).is_err());
                    s.counts = counts;
                    dropped[li] = before - s.members.len();
                }
                let len = self.slice(sid).members.len();
                let class = match (dropped[li] > 0, len) {
                    (false, _) => SliceClass::Unchanged,
                    (true, 0) => SliceClass::Delete,
                    (true, _) => SliceClass::Update,
                };
                states.push(SliceAfterStep1 { len, class });
            }
            let unplaced: Vec<u32> = if sg.is_empty() {
                (0..group.slots.len() as u32)
                    .filter(|&s| group.slots[s as usize].is_some())
                    .collect()
            } else {
                ctx.added.get(&g).cloned().unwrap_or_default()
            };
            let unplaced = identity_sorted(pop, g, unplaced);
            for &s in &unplaced {
                let l = self.loc[g as usize][s as usize];
                if l != NONE {
                    ctx.old_loc.insert((g, s), l);
                }
            }
            let placement = place(&states, unplaced.len(), m);
            let mut next = unplaced.into_iter();
            let mut appended = vec![0usize; sg.len()];
            let mut new_members: Vec<Vec<u32>> = placement
                .new_slices
                .iter()
                .map(|&n| Vec::with_capacity(n))
                .collect();
            for &(target, n) in &placement.fills {
                match target {
                    FillTarget::Existing(li) => {
                        let sid = sg[li];
                        let take: Vec<u32> = next.by_ref().take(n).collect();
                        let mut counts = self.slice(sid).counts;
                        for &s in &take {
                            self.loc[g as usize][s as usize] = sid;
                            let e = group.slots[s as usize].as_ref().expect("live endpoint");
                            self.add(&mut counts, e, 1);
                        }
                        let slice = self.slices[sid as usize].as_mut().expect("live");
                        slice.members.extend(take);
                        slice.counts = counts;
                        appended[li] += n;
                    }
                    FillTarget::New(k) => new_members[k].extend(next.by_ref().take(n)),
                }
            }
            for (li, &sid) in sg.iter().enumerate() {
                match placement.classes[li] {
                    SliceClass::Delete => deletes.push((sid, "emptied")),
                    SliceClass::Unchanged => {}
                    SliceClass::Update => {
                        let mut details = Vec::new();
                        if dropped[li] > 0 {
                            details.push("endpoints");
                        }
                        if appended[li] > 0 {
                            details.push("filled");
                        }
                        ctx.fates.insert(
                            sid,
                            Fate {
                                action: SliceAction::Update,
                                diff: SliceDiff {
                                    added: appended[li],
                                    removed: dropped[li],
                                    changed: 0,
                                },
                                details,
                            },
                        );
                    }
                }
            }
            creates.extend(new_members.into_iter().map(|members| NewSlice {
                group: Some(g),
                ports: group.ports.clone(),
                members,
                placeholder: false,
            }));
        }
        // Port groups no pod produces any more: by key in first-seen order, then by name.
        let key = |e: &Engine, sid: u32| {
            let s = e.slice(sid);
            (sorted(&s.ports), s.matches)
        };
        let mut keys: Vec<(Vec<EndpointPort>, Option<u32>)> = Vec::new();
        for &sid in &undesired {
            let k = key(self, sid);
            if !keys.contains(&k) {
                keys.push(k);
            }
        }
        for k in keys {
            for &sid in &undesired {
                if key(self, sid) == k {
                    deletes.push((sid, "ports-no-longer-desired"));
                }
            }
        }
        // The placeholder (§2.6).
        if of_type.len() == deletes.len() && creates.is_empty() {
            let only_placeholder = matches!(deletes.as_slice(), [(sid, _)]
                if self.slice(*sid).ports.is_empty() && self.stored_len(*sid, &old_members) == 0);
            if only_placeholder {
                deletes.clear();
            } else {
                creates.push(NewSlice {
                    group: None,
                    ports: Vec::new(),
                    members: Vec::new(),
                    placeholder: true,
                });
            }
        }
        // Recycling: the last create takes the first delete's name.
        let mut kept_deletes = Vec::new();
        for (sid, reason) in deletes {
            let Some(c) = creates.pop() else {
                kept_deletes.push((sid, reason));
                continue;
            };
            let old: HashSet<(Option<u32>, u32)> = self
                .stored_members(sid, &old_members)
                .into_iter()
                .map(|x| (self.slice(sid).content, x))
                .collect();
            let kept = c
                .members
                .iter()
                .filter(|&&x| old.contains(&(c.group, x)))
                .count();
            let diff = SliceDiff {
                added: c.members.len() - kept,
                removed: old.len() - kept,
                changed: 0,
            };
            let mut details = Vec::new();
            if c.placeholder {
                details.push("placeholder");
            }
            details.push("recycled");
            self.write(sid, ctx.pop, c);
            ctx.fates.insert(
                sid,
                Fate {
                    action: SliceAction::Update,
                    diff,
                    details,
                },
            );
        }
        for (sid, reason) in kept_deletes {
            let removed = self.stored_len(sid, &old_members);
            let mut details = Vec::new();
            if self.slice(sid).ports.is_empty() && removed == 0 {
                details.push("placeholder");
            }
            details.push(reason);
            ctx.fates.insert(
                sid,
                Fate {
                    action: SliceAction::Delete,
                    diff: SliceDiff {
                        removed,
                        ..SliceDiff::default()
                    },
                    details,
                },
            );
        }
        for c in creates {
            self.created += 1;
            let name = format!("{}-sim{}", self.service_name, self.created);
            let sid = self.slices.len() as u32;
            self.slices.push(None);
            self.order.insert(name.clone(), sid);
            let placeholder = c.placeholder;
            self.slices[sid as usize] = Some(StoreSlice {
                name,
                address_type: ctx.at.clone(),
                ports: Vec::new(),
                matches: None,
                content: None,
                members: Vec::new(),
                counts: [0; 4],
            });
            self.write(sid, ctx.pop, c);
            let mut row = self.row(self.slice(sid));
            row.name = None;
            row.action = SliceAction::Create;
            row.diff.added = row.endpoints;
            if placeholder {
                row.details = vec!["placeholder"];
            }
            ctx.new_rows.push(row);
        }
    }

    /// What the slice held before this step.
    fn stored_members(&self, sid: u32, old: &HashMap<u32, Vec<u32>>) -> Vec<u32> {
        old.get(&sid)
            .cloned()
            .unwrap_or_else(|| self.slice(sid).members.clone())
    }

    fn stored_len(&self, sid: u32, old: &HashMap<u32, Vec<u32>>) -> usize {
        old.get(&sid)
            .map_or_else(|| self.slice(sid).members.len(), Vec::len)
    }

    /// Writes a new content into slice `sid` (its name stays).
    fn write(&mut self, sid: u32, pop: &Population, c: NewSlice) {
        if let Some(g) = c.group {
            for &x in &c.members {
                self.loc[g as usize][x as usize] = sid;
            }
        }
        let matches = {
            let s = self.slice(sid);
            self.key_match(pop, &s.address_type, &c.ports)
        };
        let s = self.slices[sid as usize].as_mut().expect("live");
        s.ports = c.ports;
        s.matches = matches;
        s.content = c.group;
        s.members = c.members;
        let counts = self.tally(pop, self.slice(sid));
        self.slices[sid as usize].as_mut().expect("live").counts = counts;
    }
}
