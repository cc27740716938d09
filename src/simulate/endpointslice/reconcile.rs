//! `reconcile`: one sync of the EndpointSlice controller for one Service, as a plan.
//!
//! Upstream: `kubernetes/endpointslice` `reconciler.go` (`Reconcile`, `reconcileByAddressType`,
//! `finalize`). Semantics doc §1–§3. The order of work is upstream's: per address type, the
//! port groups (`type_pass`), the placeholder, hints (`hints`), recycling (`recycle`); slices
//! of an address type the Service no longer has are deleted last and never recycled.
//!
//! Deterministic rules where upstream depends on Go map order (docs/simulate.md): existing
//! slices are taken in name order, groups in the order their first pod appears, new endpoints
//! in identity order (pod namespace and name, then addresses), address types in `ipFamilies`
//! order. None of them changes how many slices are written or their sizes.

use super::hint_lists::HintLists;
use super::hints;
use super::identity::{IdentityKey, endpoint_changed};
use super::input::{ReconcileInput, desired_of};
use super::plan::{DeleteReason, EndpointTotals, Plan, PlannedSlice, SkipReason, SliceAction};
use super::recycle::recycle;
use crate::simulate::shared::config::SimConfig;
use crate::simulate::shared::slice_meta::listed_by_controller;

use super::type_pass;
use super::type_work::TypeWork;
use crate::model::ServiceType;
use std::collections::HashSet;

/// What the controller's next sync of `input.service` writes.
pub fn reconcile(input: &ReconcileInput<'_>, cfg: &SimConfig) -> Plan {
    let svc = input.service;
    let mut plan = Plan::default();
    let mut listed: Vec<usize> = Vec::new();
    for (i, s) in input.existing.iter().enumerate() {
        if listed_by_controller(s, svc) {
            listed.push(i);
        } else {
            plan.ignored.push(i);
        }
    }
    // The lister's order is a Go map's; ours is by name (what `kubectl get` shows).
    listed.sort_by(|&a, &b| input.existing[a].name.cmp(&input.existing[b].name));
    if svc.service_type() == ServiceType::ExternalName {
        plan.skipped = Some(SkipReason::ExternalName);
        return plan;
    }
    if svc.selector.is_none() {
        plan.skipped = Some(SkipReason::NoSelector);
        return plan;
    }

    let mut results: Vec<PlannedSlice> = Vec::new();
    for at in &input.desired.address_types {
        let mut w = type_pass::run(input, cfg, at, &listed);
        plan.metrics.added_per_sync += w.added_per_sync;
        plan.metrics.removed_per_sync += w.removed_per_sync;
        plan.totals.removed += w.identities_removed;
        let lists = HintLists {
            creates: &mut w.creates,
            updates: &mut w.updates,
            unchanged: &mut w.unchanged,
        };
        plan.events
            .extend(hints::apply(input, &cfg.rules, at, lists, &mut plan.notes));
        finalize(input, &mut w, &mut plan);
        let churn = w.updates.iter().any(|u| {
            u.update_reasons.recycled && u.ports.is_empty() && u.diff == Default::default()
        });
        if churn && !cfg.rules.nil_ports_equal_empty {
            plan.notes.push(format!(
                "a slice without ports is rewritten with the same content: before v1.36 its stored (nil) port list never matches the controller's empty one, so every sync replaces it (kubernetes/kubernetes#133474; rules applied: Kubernetes {})",
                cfg.rules.version
            ));
        }
        results.extend(w.unchanged);
        results.extend(w.updates);
        results.extend(w.deletes);
        results.extend(w.creates);
    }
    // Address types the Service no longer has: deleted after the passes, never recycled.
    let mut gone: HashSet<IdentityKey<'_>> = HashSet::new();
    for &i in &listed {
        let s = input.existing[i];
        let supported = s
            .address_type
            .as_ref()
            .is_some_and(|t| input.desired.address_types.contains(t));
        if !supported {
            gone.extend(s.endpoints.iter().map(IdentityKey::of_endpoint));
            results.push(super::delete::delete(
                input,
                i,
                DeleteReason::UnsupportedAddressType,
            ));
        }
    }
    plan.totals.removed += gone.len();
    order(&mut results, &listed);
    plan.totals = totals(input, &results, plan.totals.removed);
    plan.slices = results;
    plan
}

/// Recycling, then the deletion-timestamp rule (`finalize`).
fn finalize(input: &ReconcileInput<'_>, w: &mut TypeWork, plan: &mut Plan) {
    recycle(input, &mut w.creates, &mut w.updates, &mut w.deletes);
    if input.service.deleting {
        // Creates are skipped while the Service is being deleted (a race with the garbage
        // collector); updates and deletes still happen.
        plan.creates_suppressed += w.creates.len();
        w.creates.clear();
        plan.notes
            .push("the Service is being deleted: the controller creates no slices for it".into());
    }
}

/// Existing slices in name order, then creates in the order they were made.
fn order(results: &mut [PlannedSlice], listed: &[usize]) {
    let rank: std::collections::HashMap<usize, usize> =
        listed.iter().enumerate().map(|(r, &i)| (i, r)).collect();
    results.sort_by_key(|s| match s.existing {
        Some(i) => (0, rank[&i]),
        None => (1, 0),
    });
}

/// Endpoint movement over the whole Service.
fn totals(input: &ReconcileInput<'_>, results: &[PlannedSlice], removed: usize) -> EndpointTotals {
    let mut t = EndpointTotals {
        removed,
        ..EndpointTotals::default()
    };
    for s in results.iter().filter(|s| s.action != SliceAction::Delete) {
        for pe in &s.endpoints {
            t.desired += 1;
            let Some(b) = pe.before else {
                t.added += 1;
                continue;
            };
            if s.existing != Some(b.slice as usize) {
                t.moved += 1;
            }
            let d = desired_of(input, pe);
            let old = &input.existing[b.slice as usize].endpoints[b.index as usize];
            if endpoint_changed(d, old) {
                t.changed += 1;
            }
        }
    }
    t
}
