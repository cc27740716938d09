//! The vocabulary: small, pure domain types that the analysis and the simulator need.
//!
//! These are not whole API objects. `source` converts API JSON into them at the boundary, so the
//! analysis never knows whether an object came from a live cluster or from a file.

mod atom;
mod cluster;
mod definition;
mod endpoint_slice;
mod endpoints;
mod event;
mod labels;
mod networking;
mod node;
mod object_uid;
mod pod;
mod pod_times;
mod rules;
mod service;
mod text;
mod version;
mod watched;
mod workload;

pub use atom::Atom;
pub use cluster::{Cluster, ObjectKey, Origin};
pub use definition::{DefinedKind, Definition};
pub use endpoint_slice::{
    AddressType, Addresses, Endpoint, EndpointConditions, EndpointHints, EndpointPort,
    EndpointSlice, MANAGED_BY_CONTROLLER, MANAGED_BY_MIRRORING, ObjectRef, OwnerRef,
};
pub use endpoints::{EndpointAddress, Endpoints, EndpointsSubset, OVER_CAPACITY_ANNOTATION};
pub use event::Event;
pub use labels::{Labels, SharedLabels, full_selector_matches, selector_matches};
pub use networking::{
    BackendRef, BackendSite, Cidr, FOREIGN_POLICY_KINDS, NAMESPACE_NAME_LABEL, Namespace,
    NetworkPolicy, PolicyPeer, PolicyPort, PolicyRule, PortRef, Router, WrittenIngressBackend,
};
pub use node::{Node, ZONE_LABEL};
pub use object_uid::ObjectUid;
pub use pod::{
    ConditionDetail, Container, ContainerPort, ContainerState, Pod, PodCondition, PodDnsConfig,
    PodExtras, PodPhase,
};
pub use pod_times::PodTimes;
pub use rules::ControllerRules;
pub use service::{
    IpFamily, Protocol, Service, ServiceAsWritten, ServicePort, ServiceType, SessionAffinity,
    TargetPort, TrafficPolicy,
};
pub use text::Str;
pub use version::KubeVersion;
pub use watched::{Observed, WatchChange, WatchedKind};
pub use workload::{Workload, WorkloadKind};
