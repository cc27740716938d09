//! apps/v1 Deployment, StatefulSet, DaemonSet and ReplicaSet -> model `Workload`.
//!
//! Only the pod template's labels, the selector's matchLabels, replicas and the owner are
//! kept; the rest of the template is not needed yet.

use super::{meta, typed};
use crate::model::{Labels, Workload, WorkloadKind};
use k8s_openapi::api::apps::v1 as api;
use k8s_openapi::api::core::v1::PodTemplateSpec;
use k8s_openapi::apimachinery::pkg::apis::meta::v1::{LabelSelector, ObjectMeta};

/// Converts an apps/v1 workload of `kind`.
pub(crate) fn workload(value: impl super::Input, kind: WorkloadKind) -> Result<Workload, String> {
    let name = kind.as_str();
    let (metadata, template, selector, replicas) = match kind {
        WorkloadKind::Deployment => {
            let w: api::Deployment = typed(value, name)?;
            let spec = w.spec;
            (w.metadata, spec.template, spec.selector, spec.replicas)
        }
        WorkloadKind::StatefulSet => {
            let w: api::StatefulSet = typed(value, name)?;
            let spec = w.spec;
            (w.metadata, spec.template, spec.selector, spec.replicas)
        }
        WorkloadKind::DaemonSet => {
            let w: api::DaemonSet = typed(value, name)?;
            let spec = w.spec;
            (w.metadata, spec.template, spec.selector, None)
        }
        WorkloadKind::ReplicaSet => {
            let w: api::ReplicaSet = typed(value, name)?;
            let spec = w.spec;
            (
                w.metadata,
                spec.template.unwrap_or_default(),
                spec.selector,
                spec.replicas,
            )
        }
    };
    Ok(build(kind, &metadata, &template, &selector, replicas))
}

fn build(
    kind: WorkloadKind,
    metadata: &ObjectMeta,
    template: &PodTemplateSpec,
    selector: &LabelSelector,
    replicas: Option<i32>,
) -> Workload {
    let owner = metadata
        .owner_references
        .iter()
        .flatten()
        .find(|o| o.controller == Some(true))
        .map(|o| (o.kind.clone(), o.name.clone()));
    Workload {
        kind: Some(kind),
        namespace: meta::namespace(metadata),
        name: metadata.name.clone().unwrap_or_default(),
        template_labels: template
            .metadata
            .as_ref()
            .and_then(|m| m.labels.clone())
            .unwrap_or_default(),
        selector: selector
            .match_labels
            .clone()
            .unwrap_or_default()
            .into_iter()
            .collect::<Labels>(),
        replicas,
        owner,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn deployment_template_labels_and_replicas() {
        let v = json!({
            "apiVersion": "apps/v1", "kind": "Deployment",
            "metadata": {"name": "web", "namespace": "shop"},
            "spec": {
                "replicas": 0,
                "selector": {"matchLabels": {"app": "web"}},
                "template": {"metadata": {"labels": {"app": "web", "tier": "fe"}},
                             "spec": {"containers": [{"name": "c", "image": "nginx"}]}}
            }
        });
        let w = workload(v, WorkloadKind::Deployment).unwrap();
        assert_eq!(w.kind, Some(WorkloadKind::Deployment));
        assert_eq!((w.namespace.as_str(), w.name.as_str()), ("shop", "web"));
        assert_eq!(
            w.template_labels.get("tier").map(String::as_str),
            Some("fe")
        );
        assert_eq!(w.selector.len(), 1);
        assert_eq!(w.replicas, Some(0));
    }

    #[test]
    fn replicaset_owner_is_kept() {
        let v = json!({
            "apiVersion": "apps/v1", "kind": "ReplicaSet",
            "metadata": {"name": "web-5d4f", "ownerReferences": [
                {"apiVersion": "apps/v1", "kind": "Deployment", "name": "web", "uid": "u", "controller": true}]},
            "spec": {"selector": {"matchLabels": {"app": "web"}},
                     "template": {"metadata": {"labels": {"app": "web"}}, "spec": {"containers": []}}}
        });
        let w = workload(v, WorkloadKind::ReplicaSet).unwrap();
        assert_eq!(w.owner, Some(("Deployment".into(), "web".into())));
        assert_eq!(w.namespace, "default");
    }
}
