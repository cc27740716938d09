//! EndpointSlices (discovery.k8s.io/v1) as stored, without interpretation.

use super::atom::Atom;
use super::labels::Labels;
use super::object_uid::ObjectUid;
use super::service::Protocol;
use super::text::Str;

/// An endpoint's `addresses`: one inline (the API allows one per endpoint; more are kept in a
/// heap block as read).
pub type Addresses = smallvec::SmallVec<[Str; 1]>;

/// `endpointslice.kubernetes.io/managed-by` value of the EndpointSlice controller.
pub const MANAGED_BY_CONTROLLER: &str = "endpointslice-controller.k8s.io";
/// `endpointslice.kubernetes.io/managed-by` value of the mirroring controller.
pub const MANAGED_BY_MIRRORING: &str = "endpointslicemirroring-controller.k8s.io";

/// `addressType`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum AddressType {
    /// IPv4.
    IPv4,
    /// IPv6.
    IPv6,
    /// FQDN (ignored by kube-proxy).
    Fqdn,
    /// Anything else (e.g. the deprecated `IP`).
    Other(String),
}

impl AddressType {
    /// Parses the API spelling.
    pub fn parse(s: &str) -> AddressType {
        match s {
            "IPv4" => AddressType::IPv4,
            "IPv6" => AddressType::IPv6,
            "FQDN" => AddressType::Fqdn,
            o => AddressType::Other(o.to_string()),
        }
    }

    /// The API spelling.
    pub fn as_str(&self) -> &str {
        match self {
            AddressType::IPv4 => "IPv4",
            AddressType::IPv6 => "IPv6",
            AddressType::Fqdn => "FQDN",
            AddressType::Other(s) => s,
        }
    }
}

/// A slice port. Every field may be nil in the API.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct EndpointPort {
    /// Name (the Service port's name).
    pub name: Option<String>,
    /// The resolved number.
    pub port: Option<i32>,
    /// Protocol.
    pub protocol: Protocol,
    /// appProtocol.
    pub app_protocol: Option<String>,
}

/// Endpoint conditions exactly as stored: nil is meaningful (nil ready means ready).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Hash)]
pub struct EndpointConditions {
    /// `ready`.
    pub ready: Option<bool>,
    /// `serving`.
    pub serving: Option<bool>,
    /// `terminating`.
    pub terminating: Option<bool>,
}

impl EndpointConditions {
    /// Ready as consumers must read it: nil means true (discovery/v1 API docs).
    pub fn is_ready(&self) -> bool {
        self.ready.unwrap_or(true)
    }
    /// Serving as consumers read it: nil means "same as ready" in the API docs; kube-proxy reads
    /// nil as true (`pkg/proxy/endpointslicecache.go`).
    pub fn is_serving(&self) -> bool {
        self.serving.unwrap_or_else(|| self.is_ready())
    }
    /// Terminating: nil means false.
    pub fn is_terminating(&self) -> bool {
        self.terminating.unwrap_or(false)
    }
}

/// `hints`.
#[derive(Debug, Clone, PartialEq, Eq, Default, Hash)]
pub struct EndpointHints {
    /// `forZones[].name`.
    pub for_zones: Vec<String>,
    /// `forNodes[].name`.
    pub for_nodes: Vec<String>,
}

/// A `targetRef`.
#[derive(Debug, Clone, PartialEq, Eq, Default, Hash)]
pub struct ObjectRef {
    /// Kind (`Pod`).
    pub kind: Atom,
    /// Namespace.
    pub namespace: Atom,
    /// Name.
    pub name: Str,
    /// UID.
    pub uid: ObjectUid,
}

/// An ownerReference.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct OwnerRef {
    /// apiVersion.
    pub api_version: String,
    /// Kind.
    pub kind: String,
    /// Name.
    pub name: String,
    /// UID.
    pub uid: String,
    /// `controller: true`.
    pub controller: bool,
}

/// One endpoint of a slice.
#[derive(Debug, Clone, PartialEq, Eq, Default, Hash)]
pub struct Endpoint {
    /// `addresses` (kube-proxy uses only the first).
    pub addresses: Addresses,
    /// `conditions`.
    pub conditions: EndpointConditions,
    /// `hostname`: only a StatefulSet's pods (or a pod with `subdomain`) have one. Interned
    /// (8 bytes on every endpoint, where `Option<Box<str>>` took 16): one per such pod, and
    /// the same text in its slice and its Endpoints.
    pub hostname: Option<Atom>,
    /// `nodeName`.
    pub node_name: Option<Atom>,
    /// `zone`.
    pub zone: Option<Atom>,
    /// `targetRef`.
    pub target_ref: Option<ObjectRef>,
    /// `hints`, when set.
    pub hints: Option<Box<EndpointHints>>,
}

/// An EndpointSlice.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct EndpointSlice {
    /// Namespace.
    pub namespace: Str,
    /// Name.
    pub name: Str,
    /// Labels.
    pub labels: Labels,
    /// Annotations.
    pub annotations: Labels,
    /// `addressType`.
    pub address_type: Option<AddressType>,
    /// `ports` (nil and empty both become empty).
    pub ports: Vec<EndpointPort>,
    /// `endpoints` (nil and empty both become empty).
    pub endpoints: Vec<Endpoint>,
    /// ownerReferences.
    pub owner_references: Vec<OwnerRef>,
    /// `metadata.deletionTimestamp` is set.
    pub deleting: bool,
}

impl EndpointSlice {
    /// The `kubernetes.io/service-name` label.
    pub fn service_name(&self) -> Option<&str> {
        self.labels
            .get("kubernetes.io/service-name")
            .map(|s| s.as_str())
    }

    /// The `endpointslice.kubernetes.io/managed-by` label.
    pub fn managed_by(&self) -> Option<&str> {
        self.labels
            .get("endpointslice.kubernetes.io/managed-by")
            .map(|s| s.as_str())
    }
}
