//! What one sync of the EndpointSlice controller would write: the plan.
//!
//! A plan refers back to its input by index (`existing` slices, `desired` groups) instead of
//! copying endpoints, so a plan for a million endpoints stays cheap; [`Plan::materialize`]
//! builds the resulting objects when they are needed.

use crate::model::{AddressType, EndpointHints, EndpointPort, Labels};

/// What happens to one slice.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum SliceAction {
    /// A new slice is created (its name is chosen by the API server).
    Create,
    /// An existing slice is rewritten.
    Update,
    /// An existing slice is deleted.
    Delete,
    /// An existing slice is left alone.
    Unchanged,
}

impl SliceAction {
    /// `create`, `update`, `delete` or `unchanged`.
    pub fn as_str(self) -> &'static str {
        match self {
            SliceAction::Create => "create",
            SliceAction::Update => "update",
            SliceAction::Delete => "delete",
            SliceAction::Unchanged => "unchanged",
        }
    }
}

/// Anything that lists slices with what one sync does to each (a [`Plan`], a simulated step's
/// outcome): how many are created, updated, deleted, and whether anything is written at all.
pub trait SliceActions {
    /// The action on each listed slice.
    fn actions(&self) -> impl Iterator<Item = SliceAction> + '_;

    /// Slices created.
    fn creates(&self) -> usize {
        self.actions().filter(|a| *a == SliceAction::Create).count()
    }
    /// Slices updated.
    fn updates(&self) -> usize {
        self.actions().filter(|a| *a == SliceAction::Update).count()
    }
    /// Slices deleted.
    fn deletes(&self) -> usize {
        self.actions().filter(|a| *a == SliceAction::Delete).count()
    }
    /// No write at all: the slices are what the controller wants.
    fn is_empty(&self) -> bool {
        self.actions().all(|a| a == SliceAction::Unchanged)
    }
}

/// Why a slice is deleted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DeleteReason {
    /// No ownerReference to this Service's UID (e.g. left over from a deleted namesake).
    NotOwned,
    /// Its addressType is not one of the Service's families (never recycled).
    UnsupportedAddressType,
    /// Every endpoint in it is gone.
    Emptied,
    /// No pod resolves to its port set any more.
    PortsNoLongerDesired,
}

impl DeleteReason {
    /// A short kebab-case word.
    pub fn as_str(self) -> &'static str {
        match self {
            DeleteReason::NotOwned => "not-owned",
            DeleteReason::UnsupportedAddressType => "unsupported-address-type",
            DeleteReason::Emptied => "emptied",
            DeleteReason::PortsNoLongerDesired => "ports-no-longer-desired",
        }
    }
}

/// Why a slice is updated (several can hold).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Hash)]
pub struct UpdateReasons {
    /// Some endpoint was dropped or changed.
    pub endpoints: bool,
    /// Its non-reserved labels differ from the Service's.
    pub labels: bool,
    /// It takes new endpoints.
    pub filled: bool,
    /// Its hints are added, changed or removed.
    pub hints: bool,
    /// It is a would-be create written over a slice that was to be deleted (recycling).
    pub recycled: bool,
}

/// Where an endpoint of the plan was in the existing slices.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ExistingRef {
    /// Index into the input's existing slices.
    pub slice: u32,
    /// Index into that slice's endpoints.
    pub index: u32,
}

/// A desired endpoint: index of the group in `DesiredState::groups` and of the endpoint in it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct DesiredRef {
    /// Group index.
    pub group: u32,
    /// Endpoint index in the group.
    pub index: u32,
}

/// One endpoint of a planned slice.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlannedEndpoint {
    /// The desired endpoint it is (every endpoint the controller writes is desired).
    pub desired: DesiredRef,
    /// Where the same identity was before this sync, if anywhere (the copy the controller keeps
    /// when there were several).
    pub before: Option<ExistingRef>,
    /// `true`: written with the desired fields. `false`: the stored endpoint is kept as it is
    /// (unchanged slices and label-only updates), with its old hints unless `hints` says
    /// otherwise.
    pub fresh: bool,
    /// The hints it ends up with.
    pub hints: Option<Box<EndpointHints>>,
}

/// Endpoint counts of one slice compared with its previous content.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct SliceDiff {
    /// Endpoints it did not hold before.
    pub added: usize,
    /// Endpoints it held before and does not any more.
    pub removed: usize,
    /// Endpoints it keeps whose fields change (conditions, node, zone, targetRef).
    pub changed: usize,
}

/// One slice of the plan: an existing slice with its fate, or a new one.
#[derive(Debug, Clone, PartialEq)]
pub struct PlannedSlice {
    /// What happens to it.
    pub action: SliceAction,
    /// The existing slice it is (index into the input), `None` for a create.
    pub existing: Option<usize>,
    /// addressType.
    pub address_type: AddressType,
    /// Ports (the Service's port order; upstream writes them in hash order, see docs/simulate.md).
    pub ports: Vec<EndpointPort>,
    /// Labels after the sync.
    pub labels: Labels,
    /// Endpoints after the sync (empty for a delete).
    pub endpoints: Vec<PlannedEndpoint>,
    /// It is the placeholder slice (no ports, no endpoints).
    pub placeholder: bool,
    /// Why it is deleted.
    pub delete_reason: Option<DeleteReason>,
    /// Why it is updated.
    pub update_reasons: UpdateReasons,
    /// Compared with what the slice held before.
    pub diff: SliceDiff,
}

/// Endpoint movement over the whole Service (identities, across all its slices).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct EndpointTotals {
    /// Endpoints in the result.
    pub desired: usize,
    /// Identities that were in no slice before.
    pub added: usize,
    /// Identities that are in no slice after.
    pub removed: usize,
    /// Identities that end up in another slice than the one they were in.
    pub moved: usize,
    /// Identities whose fields change.
    pub changed: usize,
}

/// The reconciler's own per-sync counters (`endpoints_added_per_sync`,
/// `endpoints_removed_per_sync` in `metrics/metrics.go`), summed over address types.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct SyncMetrics {
    /// Desired endpoints no existing slice of their port group kept.
    pub added_per_sync: usize,
    /// Endpoints dropped from slices of desired port groups.
    pub removed_per_sync: usize,
}

/// An Event the controller would record on the Service (topology hints).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HintEvent {
    /// `Normal` or `Warning`.
    pub type_: &'static str,
    /// `TopologyAwareHintsEnabled` or `TopologyAwareHintsDisabled`.
    pub reason: &'static str,
    /// The message, ending in `, addressType: IPv4`.
    pub message: String,
}

/// Why the controller writes nothing for a Service (semantics §1.1).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SkipReason {
    /// `type: ExternalName`.
    ExternalName,
    /// No selector: slices come from users or the mirroring controller.
    NoSelector,
}

/// What one sync would do.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Plan {
    /// Every listed slice with its fate, then the creates.
    pub slices: Vec<PlannedSlice>,
    /// Existing slices the controller does not list for this Service (another manager, another
    /// Service, being deleted); never touched.
    pub ignored: Vec<usize>,
    /// Set when the controller returns without writing.
    pub skipped: Option<SkipReason>,
    /// Creates dropped because the Service is being deleted.
    pub creates_suppressed: usize,
    /// Endpoint movement.
    pub totals: EndpointTotals,
    /// The reconciler's counters.
    pub metrics: SyncMetrics,
    /// Events about topology hints.
    pub events: Vec<HintEvent>,
    /// Things worth saying (e.g. hints not computed because Nodes are unknown).
    pub notes: Vec<String>,
}

impl SliceActions for Plan {
    fn actions(&self) -> impl Iterator<Item = SliceAction> + '_ {
        self.slices.iter().map(|s| s.action)
    }
}

impl Plan {
    /// The slices that exist after the sync (everything but deletes), in plan order.
    pub fn result(&self) -> impl Iterator<Item = &PlannedSlice> {
        self.slices
            .iter()
            .filter(|s| s.action != SliceAction::Delete)
    }
}
