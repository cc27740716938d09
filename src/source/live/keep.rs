//! What the items of a read become: model objects for an analysis (`Cluster`), or the API JSON
//! a snapshot writes (`source::live::snapshot`). One fetch code path serves both, so a snapshot
//! reads exactly what the live commands read.

use super::requests::Kind;
use crate::model::Cluster;
use crate::source::convert;
use serde_json::Value;

/// A container for the items of one kind's read.
pub trait Keep: Default + Send {
    /// Adds one item of `kind` (as the server sent it, without `managedFields`).
    fn add(&mut self, kind: Kind, item: Value) -> Result<(), String>;
    /// About `n` items of `kind` follow.
    fn reserve(&mut self, _kind: Kind, _n: usize) {}
    /// Moves `other`'s items into `self`.
    fn append(&mut self, other: Self);
    /// Whether no item was added.
    fn is_empty(&self) -> bool;
}

impl Keep for Cluster {
    fn add(&mut self, kind: Kind, item: Value) -> Result<(), String> {
        convert::object_of_kind(kind.api_version, kind.kind, item, self)
    }

    fn reserve(&mut self, kind: Kind, n: usize) {
        // Only the kinds that come by the hundred thousand are worth it.
        match kind.kind {
            "Pod" => self.pods.reserve(n),
            "EndpointSlice" => self.endpoint_slices.reserve(n),
            _ => {}
        }
    }

    fn append(&mut self, other: Self) {
        Cluster::append(self, other);
    }

    fn is_empty(&self) -> bool {
        // Only asked of a pod list (a pod without cluster state is kept as a workload).
        self.pods.is_empty() && self.workloads.is_empty()
    }
}
