//! ObjectMeta pieces shared by every kind.

use crate::model::{Labels, OwnerRef};
use k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta;

/// Namespace, defaulting to `default` as the API server does for namespaced objects.
pub(super) fn namespace(meta: &ObjectMeta) -> String {
    meta.namespace
        .clone()
        .filter(|n| !n.is_empty())
        .unwrap_or_else(|| "default".to_string())
}

pub(super) fn labels(meta: &ObjectMeta) -> Labels {
    meta.labels.clone().unwrap_or_default()
}

pub(super) fn annotations(meta: &ObjectMeta) -> Labels {
    meta.annotations.clone().unwrap_or_default()
}

pub(super) fn owner_refs(meta: &ObjectMeta) -> Vec<OwnerRef> {
    meta.owner_references
        .iter()
        .flatten()
        .map(|o| OwnerRef {
            api_version: o.api_version.clone(),
            kind: o.kind.clone(),
            name: o.name.clone(),
            uid: o.uid.clone(),
            controller: o.controller.unwrap_or(false),
        })
        .collect()
}
