//! One address type's pass of the reconciler: group the existing slices by port set, keep what
//! is still desired (step 1), place the rest (steps 2–3), delete what no pod produces any more,
//! and decide on the placeholder.
//!
//! Upstream: `kubernetes/endpointslice` `reconciler.go` `reconcileByAddressType` and
//! `reconcileByPortMapping`. Semantics doc §2.1–§2.6.

use super::delete::delete;
use super::desired::DesiredGroup;
use super::identity::{IdentityKey, endpoint_changed};
use super::input::ReconcileInput;
use super::placement::{SliceAfterStep1, SliceClass, place};
use super::plan::{DeleteReason, ExistingRef};
use super::type_work::{GroupCtx, Kept, TypeWork};
use crate::model::{AddressType, EndpointPort};
use crate::simulate::shared::config::SimConfig;
use crate::simulate::shared::slice_meta::{owned_by, slice_labels_changed};
use std::collections::HashMap;

/// Where an identity sits in the existing slices of this address type (first occurrence first).
pub(crate) struct Occurrences {
    pub first: ExistingRef,
    pub more: Vec<ExistingRef>,
    pub matched: bool,
}

impl Occurrences {
    fn iter(&self) -> impl Iterator<Item = &ExistingRef> {
        std::iter::once(&self.first).chain(&self.more)
    }
}

/// The port-set key of a group. Before v1.36 a nil port list (what the API returns for an empty
/// one) and the controller's empty list hash differently (k/k #133474): `nil` keeps them apart.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
struct PortKey {
    ports: Vec<EndpointPort>,
    nil: bool,
}

impl PortKey {
    fn new(ports: &[EndpointPort], nil: bool) -> Self {
        let mut ports = ports.to_vec();
        ports.sort();
        PortKey { ports, nil }
    }
}

/// Runs the pass for `at` over the listed slices (indices into `input.existing`, in order).
pub(crate) fn run(
    input: &ReconcileInput<'_>,
    cfg: &SimConfig,
    at: &AddressType,
    listed: &[usize],
) -> TypeWork {
    let existing = input.existing;
    let svc = input.service;
    let of_type: Vec<usize> = listed
        .iter()
        .copied()
        .filter(|&i| existing[i].address_type.as_ref() == Some(at))
        .collect();
    let mut w = TypeWork::default();
    let mut ids = identity_map(input, &of_type);

    // §2.1: not owned → delete; owned → grouped by port set.
    let nil_differs = !cfg.rules.nil_ports_equal_empty;
    let mut key_order: Vec<PortKey> = Vec::new();
    let mut by_key: HashMap<PortKey, Vec<usize>> = HashMap::new();
    for &s in &of_type {
        let slice = existing[s];
        if !owned_by(slice, svc) {
            w.deletes.push(delete(input, s, DeleteReason::NotOwned));
            continue;
        }
        let key = PortKey::new(&slice.ports, nil_differs && slice.ports.is_empty());
        by_key
            .entry(key.clone())
            .or_insert_with(|| {
                key_order.push(key);
                Vec::new()
            })
            .push(s);
    }

    let mut group_of = vec![u32::MAX; existing.len()];
    let mut local = vec![0u32; existing.len()];
    for (gi, g) in input.desired.groups.iter().enumerate() {
        if &g.address_type != at {
            continue;
        }
        let slices = by_key
            .remove(&PortKey::new(&g.ports, false))
            .unwrap_or_default();
        for (li, &s) in slices.iter().enumerate() {
            group_of[s] = gi as u32;
            local[s] = li as u32;
        }
        let ctx = GroupCtx {
            input,
            cfg,
            gi: gi as u32,
            group: g,
            slices: &slices,
            group_of: &group_of,
            local: &local,
        };
        reconcile_group(&ctx, &mut ids, &mut w);
    }

    // §2.5: port sets no pod produces any more.
    for key in key_order {
        for s in by_key.remove(&key).unwrap_or_default() {
            w.deletes
                .push(delete(input, s, DeleteReason::PortsNoLongerDesired));
        }
    }
    w.identities_removed = ids.values().filter(|o| !o.matched).count();
    super::placeholder::placeholder(input, at, of_type.len(), &mut w);
    w
}

/// Every identity in the listed slices of this type → where it is.
fn identity_map<'a>(
    input: &ReconcileInput<'a>,
    of_type: &[usize],
) -> HashMap<IdentityKey<'a>, Occurrences> {
    let total = of_type
        .iter()
        .map(|&s| input.existing[s].endpoints.len())
        .sum();
    let mut ids: HashMap<IdentityKey<'a>, Occurrences> = HashMap::with_capacity(total);
    for &s in of_type {
        for (j, e) in input.existing[s].endpoints.iter().enumerate() {
            let r = ExistingRef {
                slice: s as u32,
                index: j as u32,
            };
            ids.entry(IdentityKey::of_endpoint(e))
                .and_modify(|o| o.more.push(r))
                .or_insert(Occurrences {
                    first: r,
                    more: Vec::new(),
                    matched: false,
                });
        }
    }
    ids
}

fn reconcile_group<'a>(
    ctx: &GroupCtx<'_, 'a>,
    ids: &mut HashMap<IdentityKey<'a>, Occurrences>,
    w: &mut TypeWork,
) {
    let existing = ctx.input.existing;
    let mut kept: Vec<Kept> = ctx
        .slices
        .iter()
        .map(|&s| Kept {
            slots: vec![None; existing[s].endpoints.len()],
            kept: 0,
            changed: 0,
            labels_changed: slice_labels_changed(&existing[s].labels, ctx.input.service),
        })
        .collect();
    // Step 1: every desired endpoint finds its first copy in this group's slices, if any.
    let mut unplaced: Vec<(u32, Option<ExistingRef>)> = Vec::new();
    for (i, d) in ctx.group.endpoints.iter().enumerate() {
        let i = i as u32;
        if ids.is_empty() {
            unplaced.push((i, None));
            continue;
        }
        let Some(occ) = ids.get_mut(&IdentityKey::of_desired(d)) else {
            unplaced.push((i, None));
            continue;
        };
        occ.matched = true;
        match occ
            .iter()
            .find(|r| ctx.group_of[r.slice as usize] == ctx.gi)
        {
            Some(r) => {
                let k = &mut kept[ctx.local[r.slice as usize] as usize];
                // The same identity twice in the desired set: the later one wins (a set insert).
                if k.slots[r.index as usize].replace(i).is_none() {
                    k.kept += 1;
                }
            }
            None => unplaced.push((i, Some(occ.first))),
        }
    }
    for (li, k) in kept.iter_mut().enumerate() {
        let slice = existing[ctx.slices[li]];
        k.changed = k
            .slots
            .iter()
            .zip(&slice.endpoints)
            .filter(|(slot, e)| {
                slot.is_some_and(|i| endpoint_changed(&ctx.group.endpoints[i as usize], e))
            })
            .count();
    }
    sort_and_dedup(ctx.group, &mut unplaced);

    let after: Vec<SliceAfterStep1> = kept
        .iter()
        .enumerate()
        .map(|(li, k)| {
            let len = existing[ctx.slices[li]].endpoints.len();
            let class = if k.kept < len || k.changed > 0 {
                w.removed_per_sync += len - k.kept;
                if k.kept == 0 {
                    SliceClass::Delete
                } else {
                    SliceClass::Update
                }
            } else if k.labels_changed {
                SliceClass::Update
            } else {
                SliceClass::Unchanged
            };
            SliceAfterStep1 { len: k.kept, class }
        })
        .collect();
    w.added_per_sync += unplaced.len();
    let placement = place(&after, unplaced.len(), ctx.cfg.max_endpoints_per_slice());
    super::group_emit::emit(ctx, &kept, &placement, &unplaced, w);
}

/// New endpoints in identity order (pod namespace, pod name, addresses, hostname), one per
/// identity. Inputs are usually already in that order, so the sort is skipped after a check.
fn sort_and_dedup(group: &DesiredGroup, unplaced: &mut Vec<(u32, Option<ExistingRef>)>) {
    let key = |i: u32| IdentityKey::of_desired(&group.endpoints[i as usize]);
    let sorted = unplaced.windows(2).all(|w| key(w[0].0) < key(w[1].0));
    if !sorted {
        unplaced.sort_by(|a, b| key(a.0).cmp(&key(b.0)).then(a.0.cmp(&b.0)));
        // Equal identities are now adjacent; keep the last (a set insert overwrites).
        let mut out: Vec<(u32, Option<ExistingRef>)> = Vec::with_capacity(unplaced.len());
        for u in unplaced.drain(..) {
            match out.last_mut() {
                Some(last) if key(last.0) == key(u.0) => *last = u,
                _ => out.push(u),
            }
        }
        *unplaced = out;
    }
}
