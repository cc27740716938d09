//! Machine output (`-o json|yaml`): separate wire types with `apiVersion: svcx/v1alpha1`, so the
//! contract does not move when internal types do. Changes are additive only (docs/output.md).

mod diagnosis;
mod explanation;
mod reach;
mod simulation;
mod slices;
mod traffic;
mod watch;

pub use diagnosis::{
    WireDiagnosis, WireFinding, WireObject, WireObjects, WireServiceStatus, WireSummary,
};
pub use explanation::ServiceExplanation;
pub use reach::{WireBackend, WireHop, WireReach};
pub use simulation::{WireSimulation, hint_mode_str};
pub use slices::{WireEndpoint, WireEndpointPort, WireEndpointSlice, WireEndpoints};
pub use traffic::WireTraffic;
pub use watch::{WireTransition, WireWatchSummary, rfc3339_ms};

/// The API version of every machine-readable document.
pub const API_VERSION: &str = "svcx/v1alpha1";
