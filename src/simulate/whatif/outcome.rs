//! The result of a simulated sync as shown to users: one row per slice, counts, totals.
//! Built from a [`Plan`], a [`MirrorPlan`], or the incremental engine.

use crate::model::{AddressType, Atom, Endpoint, EndpointPort, EndpointSlice};
use crate::simulate::endpoints::truncation::EndpointsOutcome;
use crate::simulate::endpointslice::input::ReconcileInput;
use crate::simulate::endpointslice::input::desired_of;
use crate::simulate::endpointslice::plan::{
    EndpointTotals, HintEvent, Plan, PlannedSlice, SkipReason, SliceAction, SliceActions, SliceDiff,
};
use crate::simulate::mirroring::mirror::MirrorPlan;

/// Which controller writes the slices.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ControllerKind {
    /// The EndpointSlice controller (Services with a selector).
    EndpointSlice,
    /// The EndpointSliceMirroring controller (selector-less Services with custom Endpoints).
    Mirroring,
    /// Nobody (ExternalName; selector-less without Endpoints to mirror).
    None,
}

impl ControllerKind {
    /// The controller's `managed-by` value, or `none`.
    pub fn as_str(self) -> &'static str {
        match self {
            ControllerKind::EndpointSlice => crate::model::MANAGED_BY_CONTROLLER,
            ControllerKind::Mirroring => crate::model::MANAGED_BY_MIRRORING,
            ControllerKind::None => "none",
        }
    }
}

/// One slice after the sync (or deleted by it).
#[derive(Debug, Clone, PartialEq)]
pub struct SliceOutcome {
    /// The existing slice's name; `None` for a slice the sync creates.
    pub name: Option<String>,
    /// addressType.
    pub address_type: AddressType,
    /// Ports.
    pub ports: Vec<EndpointPort>,
    /// Endpoints after the sync (0 when deleted).
    pub endpoints: usize,
    /// Of those: ready.
    pub ready: usize,
    /// Serving.
    pub serving: usize,
    /// Terminating.
    pub terminating: usize,
    /// Endpoints with hints.
    pub hinted: usize,
    /// What happens to it.
    pub action: SliceAction,
    /// Compared with its previous content.
    pub diff: SliceDiff,
    /// Short words on why: `placeholder`, `recycled`, `labels`, `hints`, a delete reason.
    pub details: Vec<&'static str>,
    /// Which endpoints it gains, loses and sees changed (pod name, or address when there is no
    /// targetRef; changes say what), for existing slices; at most [`NAMED_CHANGES`] each.
    pub named: NamedChanges,
}

/// How many endpoint names a row lists per kind of change.
pub const NAMED_CHANGES: usize = 20;

/// Endpoint names behind a [`SliceDiff`].
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct NamedChanges {
    /// Gained.
    pub added: Vec<String>,
    /// Lost.
    pub removed: Vec<String>,
    /// Kept with other fields, e.g. `cache-3 (ready true→false)`.
    pub changed: Vec<String>,
}

/// An endpoint as people name it: its pod, else its first address.
pub fn endpoint_name(e: &Endpoint) -> String {
    match &e.target_ref {
        Some(r) if !r.name.is_empty() => r.name.to_string(),
        _ => e.addresses.first().cloned().unwrap_or_default().to_string(),
    }
}

/// What differs between a stored endpoint and what the controller writes.
pub fn describe_change(old: &Endpoint, new: &Endpoint) -> String {
    fn b(v: Option<bool>) -> String {
        v.map_or_else(|| "nil".into(), |x| x.to_string())
    }
    fn s(v: &Option<Atom>) -> String {
        v.as_deref().unwrap_or("nil").to_string()
    }
    let (o, n) = (&old.conditions, &new.conditions);
    let mut parts = Vec::new();
    for (what, a, z) in [
        ("ready", o.ready, n.ready),
        ("serving", o.serving, n.serving),
        ("terminating", o.terminating, n.terminating),
    ] {
        if a != z {
            parts.push(format!("{what} {}→{}", b(a), b(z)));
        }
    }
    if old.node_name != new.node_name {
        parts.push(format!(
            "nodeName {}→{}",
            s(&old.node_name),
            s(&new.node_name)
        ));
    }
    if old.zone != new.zone {
        parts.push(format!("zone {}→{}", s(&old.zone), s(&new.zone)));
    }
    if old.target_ref != new.target_ref {
        let uid = |e: &Endpoint| e.target_ref.as_ref().map(|r| r.uid.to_string().into());
        parts.push(format!("targetRef uid {}→{}", s(&uid(old)), s(&uid(new))));
    }
    format!("{} ({})", endpoint_name(new), parts.join(", "))
}

/// Names the endpoints `new` gains, loses and changes compared with `old`.
pub fn name_changes(old: &[Endpoint], new: &[Endpoint]) -> NamedChanges {
    use crate::simulate::endpointslice::identity::{IdentityKey, endpoints_equal_beyond_identity};
    let before: std::collections::HashMap<IdentityKey<'_>, &Endpoint> = old
        .iter()
        .map(|e| (IdentityKey::of_endpoint(e), e))
        .collect();
    let after: std::collections::HashSet<IdentityKey<'_>> =
        new.iter().map(IdentityKey::of_endpoint).collect();
    let mut c = NamedChanges::default();
    for e in new {
        match before.get(&IdentityKey::of_endpoint(e)) {
            None => c.added.push(endpoint_name(e)),
            Some(o) if !endpoints_equal_beyond_identity(o, e) => {
                c.changed.push(describe_change(o, e));
            }
            Some(_) => {}
        }
    }
    for e in old {
        if !after.contains(&IdentityKey::of_endpoint(e)) {
            c.removed.push(endpoint_name(e));
        }
    }
    for v in [&mut c.added, &mut c.removed, &mut c.changed] {
        v.sort();
        v.dedup();
        v.truncate(NAMED_CHANGES);
    }
    c
}

/// The legacy Endpoints object, in numbers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct EndpointsSummary {
    /// Ready addresses written.
    pub addresses: usize,
    /// Not-ready addresses written.
    pub not_ready_addresses: usize,
    /// Truncated at 1000 (annotation `over-capacity: truncated`).
    pub over_capacity: bool,
    /// Ready addresses before truncation.
    pub addresses_before_truncation: usize,
    /// Not-ready addresses before truncation.
    pub not_ready_before_truncation: usize,
    /// Whether the stored object already holds this (`None` when unknown).
    pub up_to_date: Option<bool>,
}

impl From<&EndpointsOutcome> for EndpointsSummary {
    fn from(o: &EndpointsOutcome) -> Self {
        EndpointsSummary {
            addresses: o.addresses,
            not_ready_addresses: o.not_ready_addresses,
            over_capacity: o.over_capacity,
            addresses_before_truncation: o.addresses_before_truncation,
            not_ready_before_truncation: o.not_ready_before_truncation,
            up_to_date: o.up_to_date,
        }
    }
}

/// One simulated sync.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct StepOutcome {
    /// What happened before this sync (`sync`, `scale=250`, `rollout 1/4`, ...).
    pub label: String,
    /// Which controller wrote.
    pub controller: Option<ControllerKind>,
    /// Slices in the result order, then deleted ones are kept in place with action `delete`.
    pub slices: Vec<SliceOutcome>,
    /// Endpoint movement.
    pub totals: EndpointTotals,
    /// Topology-hint Events.
    pub events: Vec<HintEvent>,
    /// Remarks.
    pub notes: Vec<String>,
    /// The legacy Endpoints object after this sync, when modelled.
    pub endpoints: Option<EndpointsSummary>,
}

impl SliceActions for StepOutcome {
    fn actions(&self) -> impl Iterator<Item = SliceAction> + '_ {
        self.slices.iter().map(|s| s.action)
    }
}

impl StepOutcome {
    /// Sizes of the slices that exist after the sync, in row order.
    pub fn sizes(&self) -> Vec<usize> {
        self.slices
            .iter()
            .filter(|s| s.action != SliceAction::Delete)
            .map(|s| s.endpoints)
            .collect()
    }
}

fn details(ps: &PlannedSlice) -> Vec<&'static str> {
    let mut d = Vec::new();
    if ps.placeholder {
        d.push("placeholder");
    }
    if let Some(r) = ps.delete_reason {
        d.push(r.as_str());
    }
    let u = ps.update_reasons;
    for (on, word) in [
        (u.recycled, "recycled"),
        (u.endpoints, "endpoints"),
        (u.filled, "filled"),
        (u.labels, "labels"),
        (u.hints, "hints"),
    ] {
        if on && ps.action == SliceAction::Update {
            d.push(word);
        }
    }
    d
}

/// Rows for a reconciler plan.
pub fn summarize_plan(input: &ReconcileInput<'_>, plan: &Plan) -> StepOutcome {
    let mut out = StepOutcome {
        controller: Some(ControllerKind::EndpointSlice),
        totals: plan.totals,
        events: plan.events.clone(),
        notes: plan.notes.clone(),
        ..StepOutcome::default()
    };
    if let Some(reason) = plan.skipped {
        out.controller = Some(ControllerKind::None);
        out.notes.push(match reason {
            SkipReason::ExternalName => "ExternalName: the EndpointSlice controller writes nothing (its slices, if any, stay until the Service is deleted)".into(),
            SkipReason::NoSelector => "no selector: the EndpointSlice controller writes nothing".into(),
        });
        out.slices = input
            .existing
            .iter()
            .map(|s| stored_row(s, SliceAction::Unchanged))
            .collect();
        return out;
    }
    if plan.creates_suppressed > 0 {
        out.notes.push(format!(
            "{} slice creation(s) skipped: the Service is being deleted",
            plan.creates_suppressed
        ));
    }
    for ps in &plan.slices {
        let mut row = SliceOutcome {
            name: ps.existing.map(|i| input.existing[i].name.to_string()),
            address_type: ps.address_type.clone(),
            ports: ps.ports.clone(),
            endpoints: ps.endpoints.len(),
            ready: 0,
            serving: 0,
            terminating: 0,
            hinted: 0,
            action: ps.action,
            diff: ps.diff,
            details: details(ps),
            named: NamedChanges::default(),
        };
        if let Some(i) = ps.existing.filter(|_| ps.action != SliceAction::Unchanged) {
            let new: Vec<Endpoint> = ps
                .endpoints
                .iter()
                .map(|pe| crate::simulate::endpointslice::apply::materialize_endpoint(input, pe))
                .collect();
            row.named = name_changes(&input.existing[i].endpoints, &new);
        }
        for pe in &ps.endpoints {
            let c = desired_of(input, pe).conditions;
            row.ready += usize::from(c.ready);
            row.serving += usize::from(c.serving);
            row.terminating += usize::from(c.terminating);
            row.hinted += usize::from(pe.hints.is_some());
        }
        out.slices.push(row);
    }
    out
}

/// A stored slice as a row (conditions as consumers read them).
pub fn stored_row(s: &EndpointSlice, action: SliceAction) -> SliceOutcome {
    let mut row = endpoints_row(&s.endpoints);
    row.name = Some(s.name.to_string());
    row.address_type = s.address_type.clone().unwrap_or(AddressType::IPv4);
    row.ports = s.ports.clone();
    row.action = action;
    row
}

fn endpoints_row(eps: &[Endpoint]) -> SliceOutcome {
    SliceOutcome {
        name: None,
        address_type: AddressType::IPv4,
        ports: vec![],
        endpoints: eps.len(),
        ready: eps.iter().filter(|e| e.conditions.is_ready()).count(),
        serving: eps.iter().filter(|e| e.conditions.is_serving()).count(),
        terminating: eps.iter().filter(|e| e.conditions.is_terminating()).count(),
        hinted: eps.iter().filter(|e| e.hints.is_some()).count(),
        action: SliceAction::Unchanged,
        diff: SliceDiff::default(),
        details: vec![],
        named: NamedChanges::default(),
    }
}

/// Rows for a mirroring plan over `existing`.
pub fn summarize_mirror(existing: &[&EndpointSlice], plan: &MirrorPlan) -> StepOutcome {
    let mut out = StepOutcome {
        controller: Some(ControllerKind::Mirroring),
        ..StepOutcome::default()
    };
    for ms in &plan.slices {
        let mut row = endpoints_row(&ms.endpoints);
        row.name = ms.existing.map(|i| existing[i].name.to_string());
        row.address_type = ms.address_type.clone();
        row.ports = ms.ports.clone();
        row.action = ms.action;
        row.diff = ms.diff;
        if let Some(i) = ms.existing.filter(|_| ms.action != SliceAction::Unchanged) {
            row.named = name_changes(&existing[i].endpoints, &ms.endpoints);
        }
        out.totals.added += ms.diff.added;
        out.totals.removed += ms.diff.removed;
        out.totals.changed += ms.diff.changed;
        if ms.action != SliceAction::Delete {
            out.totals.desired += ms.endpoints.len();
        }
        out.slices.push(row);
    }
    if plan.skipped_addresses > 0 {
        out.notes.push(format!(
            "{} address(es) not mirrored ({} not valid IPs; the rest over the per-subset limit)",
            plan.skipped_addresses, plan.invalid_addresses
        ));
    }
    out
}
