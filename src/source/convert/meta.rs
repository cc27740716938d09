//! ObjectMeta pieces shared by every kind.

use crate::model::{Atom, Labels, Str};
use k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta;

/// Namespace, defaulting to `default` as the API server does for namespaced objects.
pub(super) fn namespace(meta: &ObjectMeta) -> String {
    namespace_or_default(meta.namespace.clone())
}

/// Namespace from an owned value, with the same `default` fallback.
pub(super) fn namespace_or_default<S: AsRef<str> + From<&'static str>>(namespace: Option<S>) -> S {
    namespace
        .filter(|n| !n.as_ref().is_empty())
        .unwrap_or_else(|| "default".into())
}

pub(super) fn labels(meta: &ObjectMeta) -> Labels {
    to_labels(meta.labels.as_ref())
}

pub(super) fn annotations(meta: &ObjectMeta) -> Labels {
    to_labels(meta.annotations.as_ref())
}

/// A `k8s-openapi` string map (labels, annotations) as the model's [`Labels`].
pub(super) fn to_labels(map: Option<&std::collections::BTreeMap<String, String>>) -> Labels {
    map.into_iter()
        .flatten()
        .map(|(k, v)| (Atom::from(k), Str::from(v)))
        .collect()
}

/// Whether the object is cluster state rather than a manifest: only the API server sets `uid`,
/// `resourceVersion` and `creationTimestamp` (`ObjectMeta` field docs: "Populated by the
/// system. Read-only."), so an object carrying one was read from a cluster.
pub(super) fn has_cluster_state(meta: &ObjectMeta) -> bool {
    meta.uid.as_deref().is_some_and(|s| !s.is_empty())
        || meta
            .resource_version
            .as_deref()
            .is_some_and(|s| !s.is_empty())
        || meta.creation_timestamp.is_some()
}
