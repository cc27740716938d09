//! A pure model of the EndpointSlice controller (and, for completeness, of the Endpoints and
//! EndpointSliceMirroring controllers): which endpoints it wants, how it packs them into slices,
//! and what one sync would write. Deterministic; no I/O, no clock.
//!
//! Spec: `../shared/docs/endpointslice-semantics.md`; upstream `kubernetes/endpointslice`
//! `reconciler.go` and `utils.go`. The entry points:
//!
//! - [`desired_state`]: which pods become endpoints, grouped by address type and port set;
//! - [`reconcile`]: what the next sync writes, as a [`Plan`] (creates, updates, deletes, with
//!   per-slice endpoint diffs). An empty plan ([`SliceActions::is_empty`]) means the slices are up to date,
//!   which is how `diagnose` tells stale slices from healthy ones;
//! - [`apply_plan`]: the slices after the sync.
//!
//! One folder per controller, each importing only folders below it (no file imports a file
//! that imports it back; `tests/architecture.rs` checks the whole crate):
//!
//! - `shared/`: vocabulary of all three (configuration, named ports, slice labels and owner);
//! - `endpointslice/`: the EndpointSlice controller (`reconcile` and its passes);
//! - `endpoints/`: the legacy Endpoints controller (truncation, repacking);
//! - `mirroring/`: the EndpointSliceMirroring controller (uses `endpointslice/`, `endpoints/`);
//! - `whatif/`: population, steps, the incremental engine and the outcome rows (uses all);
//! - `simulation.rs`: one Service's next sync, whichever controller owns its slices.
//!
//! ```
//! use svcx::model::{Cluster, ControllerRules};
//! use svcx::simulate::{NodeIndex, NodeTopology, ReconcileInput, SimConfig, SliceActions};
//! use svcx::simulate::{desired_state, reconcile};
//!
//! let cluster = Cluster::default(); // e.g. from `svcx::source::load_files`
//! # let svc = svcx::model::Service { name: "web".into(), namespace: "default".into(),
//! #     ip_families: vec![svcx::model::IpFamily::V4],
//! #     selector: Some(Default::default()), ..Default::default() };
//! let nodes = NodeIndex::new(&cluster.nodes, cluster.nodes_known);
//! let desired = desired_state(&svc, &[], &nodes, &ControllerRules::default());
//! let existing: Vec<_> = cluster.slices_of(&svc.namespace, &svc.name).collect();
//! let topology = NodeTopology::from_nodes(&cluster.nodes, cluster.nodes_known);
//! let input = ReconcileInput { service: &svc, desired: &desired, existing: &existing, topology: &topology };
//! let plan = reconcile(&input, &SimConfig::default());
//! assert_eq!(plan.creates(), 1); // no pods: the placeholder slice
//! ```

mod endpoints;
mod endpointslice;
mod mirroring;
mod shared;
mod simulation;
mod whatif;

pub use endpoints::repack::{address_order, repack_subsets};
pub use endpoints::truncation::{
    EndpointsOutcome, MAX_ENDPOINTS_CAPACITY, endpoints_outcome, truncate,
};
pub use endpointslice::apply::{apply_plan, materialize_endpoint, materialize_slice};
pub use endpointslice::desired::{
    DesiredConditions, DesiredEndpoint, DesiredGroup, DesiredState, Exclusion, NodeIndex,
    PodVerdict, desired_state,
};
pub use endpointslice::hints::{
    HintMode, TOPOLOGY_AWARE_HINTS_ANNOTATION, TOPOLOGY_MODE_ANNOTATION, hint_mode,
};
pub use endpointslice::input::ReconcileInput;
pub use endpointslice::node_topology::NodeTopology;
pub use endpointslice::placement::{FillTarget, Placement, SliceAfterStep1, SliceClass, place};
pub use endpointslice::plan::{
    DeleteReason, DesiredRef, EndpointTotals, ExistingRef, HintEvent, Plan, PlannedEndpoint,
    PlannedSlice, SkipReason, SliceAction, SliceActions, SliceDiff, SyncMetrics, UpdateReasons,
};
pub use endpointslice::reconcile::reconcile;
pub use endpointslice::topology_hints::{Allocation, allocations, giving_and_receiving};
pub use mirroring::mirror::{
    LEADER_ANNOTATION, MirrorDecision, MirrorPlan, MirrorSlice, SKIP_MIRROR_LABEL, mirror,
};
pub use shared::config::{
    ConfigError, DEFAULT_MAX_ENDPOINTS_PER_SLICE, DEFAULT_MIRRORING_MAX_ENDPOINTS_PER_SUBSET,
    MAX_MAX_ENDPOINTS_PER_SLICE, SimConfig,
};
pub use shared::named_port::{PortLookup, resolve_target_port};
pub use shared::slice_meta::{
    LABEL_HEADLESS, LABEL_MANAGED_BY, LABEL_SERVICE_NAME, desired_slice_labels, equals_placeholder,
    listed_by_controller, owned_by, service_owner_ref, slice_labels_changed,
};
pub use simulation::{ServiceSimulation, Simulation, SyntheticSpec, simulate_service, synthetic};
pub use whatif::engine::{Engine, LayoutSlice};
pub use whatif::outcome::{
    ControllerKind, EndpointsSummary, NAMED_CHANGES, NamedChanges, SliceOutcome, StepOutcome,
    describe_change, endpoint_name, name_changes, stored_row, summarize_mirror, summarize_plan,
};
pub use whatif::population::{Delta, PopGroup, Population, SimPod, synthetic_ip};
pub use whatif::steps::{Simulator, Step, StepError, Surge, parse_steps};
