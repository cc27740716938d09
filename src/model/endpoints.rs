//! The legacy v1 Endpoints object.

use super::atom::Atom;
use super::endpoint_slice::{EndpointPort, ObjectRef};
use super::labels::Labels;
use super::text::Str;

/// Set to `truncated` by the Endpoints controller above 1000 addresses
/// (`pkg/controller/endpoint/endpoints_controller.go`, `maxCapacity`).
pub const OVER_CAPACITY_ANNOTATION: &str = "endpoints.kubernetes.io/over-capacity";

/// One address of a subset.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct EndpointAddress {
    /// IP.
    pub ip: Str,
    /// hostname (interned, as an endpoint's: 8 bytes on every address).
    pub hostname: Option<Atom>,
    /// nodeName.
    pub node_name: Option<Atom>,
    /// targetRef.
    pub target_ref: Option<ObjectRef>,
}

/// One subset.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct EndpointsSubset {
    /// Ready addresses.
    pub addresses: Vec<EndpointAddress>,
    /// Not-ready addresses.
    pub not_ready_addresses: Vec<EndpointAddress>,
    /// Ports (the same shape as slice ports).
    pub ports: Vec<EndpointPort>,
}

/// A v1 Endpoints object.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Endpoints {
    /// Namespace.
    pub namespace: Str,
    /// Name (= the Service's).
    pub name: Str,
    /// Labels.
    pub labels: Labels,
    /// Annotations.
    pub annotations: Labels,
    /// Subsets (absent = empty).
    pub subsets: Vec<EndpointsSubset>,
}

impl Endpoints {
    /// The over-capacity annotation's value, if any.
    pub fn over_capacity(&self) -> Option<&str> {
        self.annotations
            .get(OVER_CAPACITY_ANNOTATION)
            .map(|s| s.as_str())
    }
}
