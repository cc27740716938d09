//! What a [`Definition`] records about an object, read from its `metadata` (and `status`)
//! before the object is converted. Below `input.rs` and `mod.rs`, which both use it.

use crate::model::{DefinedKind, Definition, ObjectUid};
use serde_json::Value;

/// The `metadata` fields that make a [`Definition`], read before the object is converted.
#[derive(Default, Debug, PartialEq)]
pub(crate) struct Stamp {
    namespace_given: bool,
    uid: Option<ObjectUid>,
    /// `resourceVersion` is set (whatever its value).
    has_resource_version: bool,
    /// `resourceVersion` as an integer.
    resource_version: Option<u64>,
    /// `status` holds a value (a manifest's `status: {}` or `loadBalancer: {}` does not).
    pub(super) status: bool,
    /// `metadata.creationTimestamp: null` is written out: kubectl serialised an object the API
    /// server never stored (`--dry-run=client -o yaml`, `kubectl create ... -o yaml`), whose
    /// zero timestamp marshals to null; the API server always sets one.
    pub(super) created_null: bool,
}

/// Whether a JSON value holds anything but empty objects and arrays and nulls.
pub(super) fn holds_a_value(v: &Value) -> bool {
    match v {
        Value::Null => false,
        Value::Object(m) => m.values().any(holds_a_value),
        Value::Array(a) => a.iter().any(holds_a_value),
        _ => true,
    }
}

impl Stamp {
    pub(super) fn new(
        namespace: Option<&str>,
        uid: Option<ObjectUid>,
        resource_version: Option<&str>,
    ) -> Stamp {
        Stamp {
            namespace_given: namespace.is_some_and(|n| !n.is_empty()),
            uid: uid.filter(|u| !u.is_empty()),
            has_resource_version: resource_version.is_some_and(|v| !v.is_empty()),
            resource_version: resource_version.and_then(|v| v.parse().ok()),
            status: false,
            created_null: false,
        }
    }

    /// Cluster state: a `uid`, a `resourceVersion` or a `status` with values.
    pub(super) fn live(&self) -> bool {
        self.uid.is_some() || self.has_resource_version || self.status
    }

    pub(super) fn definition(self, kind: DefinedKind) -> Definition {
        Definition {
            kind,
            namespace_given: self.namespace_given,
            live: self.live(),
            uid: self.uid,
            resource_version: self.resource_version,
            file: 0,
            line: 0,
            identity_hash: 0,
            named: false,
        }
    }
}
