//! `kind: Simulation`: what the simulated controller's syncs write.

use super::API_VERSION;
use super::slices::WireEndpointPort;
use crate::simulate::SliceActions;
use crate::simulate::{EndpointsSummary, HintMode, Simulation, SliceOutcome, StepOutcome};
use serde::Serialize;

/// The document `simulate -o json|yaml` prints.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct WireSimulation {
    /// `svcx/v1alpha1`.
    pub api_version: &'static str,
    /// `Simulation`.
    pub kind: &'static str,
    /// The Service simulated.
    pub service: WireSimService,
    /// Which Kubernetes version's controller rules were applied.
    pub rules: WireSimRules,
    /// `--max-endpoints-per-slice`.
    pub max_endpoints_per_slice: usize,
    /// `none`, `auto`, `PreferClose`-style hints (`prefer-close`, `prefer-same-node`).
    pub hint_mode: &'static str,
    /// One entry per controller sync.
    pub steps: Vec<WireStep>,
    /// Remarks.
    pub notes: Vec<String>,
}

/// The Service.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct WireSimService {
    /// Namespace.
    pub namespace: String,
    /// Name.
    pub name: String,
    /// Made up with `--endpoints`.
    pub synthetic: bool,
}

/// Rules applied.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct WireSimRules {
    /// `v1.32`.
    pub kubernetes_version: String,
    /// Where the version came from.
    pub source: String,
}

/// Slice counts of a plan.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct WirePlan {
    /// Slices created.
    pub create: usize,
    /// Slices updated.
    pub update: usize,
    /// Slices deleted.
    pub delete: usize,
}

/// One controller sync.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct WireStep {
    /// What changed before it (`sync`, `scale=250`, `rollout 1/4`).
    pub step: String,
    /// The controller writing (`managed-by` value), or `none`.
    pub controller: &'static str,
    /// Slice counts.
    pub plan: WirePlan,
    /// Every slice: kept, updated, deleted, then created.
    pub slices: Vec<WireSliceOutcome>,
    /// Endpoints after the sync.
    pub desired_endpoints: usize,
    /// Endpoints in no slice before.
    pub endpoints_added: usize,
    /// Endpoints in no slice after.
    pub endpoints_removed: usize,
    /// Endpoints that end up in another slice.
    pub endpoints_moved: usize,
    /// Endpoints whose fields change.
    pub endpoints_changed: usize,
    /// The legacy Endpoints object (null when not modelled).
    pub endpoints: Option<WireEndpointsSummary>,
    /// Topology-hint Events.
    pub events: Vec<WireEvent>,
    /// Remarks.
    pub notes: Vec<String>,
}

/// One slice.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct WireSliceOutcome {
    /// Existing name, or null for a slice the sync creates.
    pub name: Option<String>,
    /// addressType.
    pub address_type: String,
    /// Ports.
    pub ports: Vec<WireEndpointPort>,
    /// Endpoints after the sync.
    pub endpoints: usize,
    /// Ready endpoints.
    pub ready: usize,
    /// Serving endpoints.
    pub serving: usize,
    /// Terminating endpoints.
    pub terminating: usize,
    /// Endpoints with hints.
    pub hinted: usize,
    /// `create`, `update`, `delete` or `unchanged`.
    pub action: &'static str,
    /// Endpoints it did not hold before.
    pub added: usize,
    /// Endpoints it no longer holds.
    pub removed: usize,
    /// Endpoints whose fields change.
    pub changed: usize,
    /// Why (e.g. `recycled`, `placeholder`, `emptied`).
    pub details: Vec<&'static str>,
    /// Endpoints it gains (pod names; at most 20; omitted when none are named).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub added_endpoints: Vec<String>,
    /// Endpoints it loses.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub removed_endpoints: Vec<String>,
    /// Endpoints whose fields change, with what changes.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub changed_endpoints: Vec<String>,
}

/// The legacy Endpoints object.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct WireEndpointsSummary {
    /// Ready addresses.
    pub addresses: usize,
    /// Not-ready addresses.
    pub not_ready_addresses: usize,
    /// Truncated at 1000 addresses.
    pub over_capacity: bool,
    /// Ready addresses before truncation.
    pub addresses_before_truncation: usize,
    /// Not-ready addresses before truncation.
    pub not_ready_addresses_before_truncation: usize,
    /// Whether the stored object already holds this (null: unknown).
    pub up_to_date: Option<bool>,
}

/// An Event.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct WireEvent {
    /// `Normal` or `Warning`.
    #[serde(rename = "type")]
    pub type_: &'static str,
    /// Reason.
    pub reason: &'static str,
    /// Message.
    pub message: String,
}

/// The word for a hint mode.
pub fn hint_mode_str(m: HintMode) -> &'static str {
    match m {
        HintMode::Auto => "auto",
        HintMode::TrafficDistribution { same_node: false } => "prefer-close",
        HintMode::TrafficDistribution { same_node: true } => "prefer-same-node",
        HintMode::None => "none",
    }
}

impl WireSimulation {
    /// From the simulation.
    pub fn from_simulation(s: &Simulation) -> Self {
        WireSimulation {
            api_version: API_VERSION,
            kind: "Simulation",
            service: WireSimService {
                namespace: s.namespace.clone(),
                name: s.name.clone(),
                synthetic: s.synthetic,
            },
            rules: WireSimRules {
                kubernetes_version: s.rules.version.to_string(),
                source: s.rules_source.clone(),
            },
            max_endpoints_per_slice: s.max_endpoints_per_slice,
            hint_mode: hint_mode_str(s.hint_mode),
            steps: s.steps.iter().map(step).collect(),
            notes: s.notes.clone(),
        }
    }
}

fn step(o: &StepOutcome) -> WireStep {
    WireStep {
        step: o.label.clone(),
        controller: o.controller.map_or("none", |c| c.as_str()),
        plan: WirePlan {
            create: o.creates(),
            update: o.updates(),
            delete: o.deletes(),
        },
        slices: o.slices.iter().map(slice).collect(),
        desired_endpoints: o.totals.desired,
        endpoints_added: o.totals.added,
        endpoints_removed: o.totals.removed,
        endpoints_moved: o.totals.moved,
        endpoints_changed: o.totals.changed,
        endpoints: o.endpoints.as_ref().map(endpoints),
        events: o
            .events
            .iter()
            .map(|e| WireEvent {
                type_: e.type_,
                reason: e.reason,
                message: e.message.clone(),
            })
            .collect(),
        notes: o.notes.clone(),
    }
}

fn slice(s: &SliceOutcome) -> WireSliceOutcome {
    WireSliceOutcome {
        name: s.name.clone(),
        address_type: s.address_type.as_str().to_string(),
        ports: s.ports.iter().map(WireEndpointPort::from_port).collect(),
        endpoints: s.endpoints,
        ready: s.ready,
        serving: s.serving,
        terminating: s.terminating,
        hinted: s.hinted,
        action: s.action.as_str(),
        added: s.diff.added,
        removed: s.diff.removed,
        changed: s.diff.changed,
        details: s.details.clone(),
        added_endpoints: s.named.added.clone(),
        removed_endpoints: s.named.removed.clone(),
        changed_endpoints: s.named.changed.clone(),
    }
}

fn endpoints(e: &EndpointsSummary) -> WireEndpointsSummary {
    WireEndpointsSummary {
        addresses: e.addresses,
        not_ready_addresses: e.not_ready_addresses,
        over_capacity: e.over_capacity,
        addresses_before_truncation: e.addresses_before_truncation,
        not_ready_addresses_before_truncation: e.not_ready_before_truncation,
        up_to_date: e.up_to_date,
    }
}
