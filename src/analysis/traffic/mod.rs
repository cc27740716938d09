//! Where the traffic goes: kube-proxy's view of one Service on every node.
//!
//! Computed from the EndpointSlices exactly as kube-proxy does (`endpointslice-semantics.md`
//! §5): which slices it uses and how it merges them (`proxy_endpoints`), which endpoints a node
//! picks (`categorize`), what the traffic policies make of that (`policies`), session affinity
//! (`affinity`). Pure functions of the model; `traffic` assembles them.

mod affinity;
mod build;
mod categorize;
mod notes;
mod policies;
mod proxy_endpoints;
mod view;

pub use affinity::AffinityView;
pub use build::traffic;
pub use categorize::{Categorized, ProxyNode, TopologyDecision, TopologyMode, categorize};
pub use policies::Outcome;
pub use proxy_endpoints::{Ignored, ProxyEndpoint, SliceSkip};
pub use view::{HealthCheck, NodeTraffic, PortOnNode, PortTraffic, SliceUse, TrafficView};
