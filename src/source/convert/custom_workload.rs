//! Any other kind whose spec holds a pod template -> model `Workload`: Argo Rollouts, OpenShift
//! DeploymentConfigs, OpenKruise CloneSets, Knative Services and Configurations, KEDA
//! ScaledJobs, ... stand in for pods exactly like a Deployment (docs/findings.md#workloads).
//!
//! A pod template is recognised by its shape, not by the kind: `spec.template` (or a Job-like
//! `spec.jobTemplate.spec.template` or KEDA's `spec.jobTargetRef.template`) holding
//! `spec.containers`, the `PodTemplateSpec` of core/v1. Anything else is not a workload and is
//! skipped like any kind the tool does not use.

use super::workload::{Parts, build};
use crate::model::{Atom, Labels, Str, Workload};
use k8s_openapi::api::core::v1::PodTemplateSpec;
use k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta;
use serde_json::Value;

/// Where custom resources keep their pod template, tried in order.
const TEMPLATE_PATHS: [&str; 3] = [
    "/template",
    "/jobTemplate/spec/template",
    "/jobTargetRef/template",
];

#[derive(serde::Deserialize)]
struct Head {
    #[serde(default)]
    metadata: ObjectMeta,
    spec: Option<Value>,
}

/// The workload of an object of another `kind` when its spec holds a pod template; `None` when
/// it does not (or it cannot be read as one: it is then not a workload, not an error).
pub(crate) fn custom_workload(
    value: impl super::Input,
    api_version: &str,
    kind: &str,
) -> Option<Workload> {
    let head: Head = value.typed(kind).ok()?;
    let spec = head.spec?;
    let template = TEMPLATE_PATHS
        .iter()
        .filter_map(|p| spec.pointer(p))
        .find(|t| is_pod_template(t))?;
    let template: PodTemplateSpec = serde_json::from_value(template.clone()).ok()?;
    let replicas = spec
        .get("replicas")
        .and_then(Value::as_i64)
        .and_then(|n| i32::try_from(n).ok());
    let mut w = build(
        None,
        Parts {
            metadata: head.metadata,
            selector: selector(spec.get("selector")),
            template,
            replicas,
            service_name: None,
            selector_refused: None,
        },
    );
    // A Knative `Service` is not a v1 Service: name it with its group where the kind alone
    // would read as a core kind that is not a workload.
    let group = api_version.split_once('/').map_or("", |(g, _)| g);
    w.custom_kind = Some(if matches!(kind, "Service" | "Pod") && !group.is_empty() {
        format!("{kind}.{group}")
    } else {
        kind.to_string()
    });
    Some(w)
}

/// `{spec: {containers: [{...}, ...]}}`: the shape of a core/v1 `PodTemplateSpec`.
fn is_pod_template(t: &Value) -> bool {
    t.pointer("/spec/containers")
        .and_then(Value::as_array)
        .is_some_and(|cs| !cs.is_empty() && cs.iter().all(Value::is_object))
}

/// `matchLabels` of a `LabelSelector`, or a plain label map (OpenShift DeploymentConfig and
/// ReplicationController style).
fn selector(v: Option<&Value>) -> Labels {
    let Some(Value::Object(map)) = v else {
        return Labels::new();
    };
    let map = match map.get("matchLabels") {
        Some(Value::Object(m)) => m,
        _ => map,
    };
    map.iter()
        .filter_map(|(k, v)| Some((Atom::from(k), Str::from(v.as_str()?))))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn argo_rollout_is_a_workload() {
        let v = json!({
            "apiVersion": "argoproj.io/v1alpha1", "kind": "Rollout",
            "metadata": {"name": "checkout", "namespace": "shop"},
            "spec": {"replicas": 4, "selector": {"matchLabels": {"app": "checkout"}},
                     "template": {"metadata": {"labels": {"app": "checkout"}},
                                  "spec": {"containers": [{"name": "c", "ports": [{"name": "http", "containerPort": 8080}]}]}},
                     "strategy": {"canary": {"steps": [{"setWeight": 20}]}}}
        });
        let w = custom_workload(v, "argoproj.io/v1alpha1", "Rollout").unwrap();
        assert_eq!(w.kind_str(), "Rollout");
        assert_eq!(w.kind, None);
        assert_eq!(
            (w.namespace.as_str(), w.name.as_str()),
            ("shop", "checkout")
        );
        assert_eq!(w.replicas, Some(4));
        assert_eq!(w.selector.get("app").map(|s| s.as_str()), Some("checkout"));
        assert_eq!(w.template.containers[0].ports[0].port, 8080);
        assert!(!w.live);
    }

    #[test]
    fn deployment_config_selector_is_a_plain_map() {
        let v = json!({
            "apiVersion": "apps.openshift.io/v1", "kind": "DeploymentConfig",
            "metadata": {"name": "frontend", "uid": "u-1"},
            "spec": {"replicas": 0, "selector": {"name": "frontend"},
                     "template": {"metadata": {"labels": {"name": "frontend"}},
                                  "spec": {"containers": [{"name": "c"}]}}}
        });
        let w = custom_workload(v, "apps.openshift.io/v1", "DeploymentConfig").unwrap();
        assert_eq!(w.selector.get("name").map(|s| s.as_str()), Some("frontend"));
        assert_eq!(w.pod_count(), Some(0));
        assert!(w.live, "a uid is cluster state");
    }

    #[test]
    fn keda_scaled_job_template() {
        let v = json!({
            "apiVersion": "keda.sh/v1alpha1", "kind": "ScaledJob",
            "metadata": {"name": "worker"},
            "spec": {"jobTargetRef": {"template": {"metadata": {"labels": {"app": "worker"}},
                                                   "spec": {"containers": [{"name": "c"}]}}}}
        });
        let w = custom_workload(v, "keda.sh/v1alpha1", "ScaledJob").unwrap();
        assert_eq!(
            w.template_labels.get("app").map(|s| s.as_str()),
            Some("worker")
        );
    }

    #[test]
    fn knative_service_is_named_with_its_group() {
        let v = json!({
            "apiVersion": "serving.knative.dev/v1", "kind": "Service",
            "metadata": {"name": "hello", "namespace": "apps"},
            "spec": {"template": {"metadata": {"labels": {"app": "hello"}},
                                  "spec": {"containers": [{"image": "hello", "ports": [{"containerPort": 8080}]}]}}}
        });
        let w = custom_workload(v, "serving.knative.dev/v1", "Service").unwrap();
        assert_eq!(w.kind_str(), "Service.serving.knative.dev");
        assert_eq!(w.pod_count(), Some(1));
    }

    #[test]
    fn other_templates_are_not_workloads() {
        for spec in [
            json!({"template": {"metadata": {"labels": {"a": "b"}}}}),
            json!({"template": {"spec": {"containers": []}}}),
            json!({"template": "a string"}),
            json!({"replicas": 3}),
        ] {
            let v = json!({"kind": "Widget", "metadata": {"name": "w"}, "spec": spec});
            assert!(custom_workload(v, "example.com/v1", "Widget").is_none());
        }
        assert!(
            custom_workload(json!({"kind": "ConfigMap", "data": {}}), "v1", "ConfigMap").is_none()
        );
    }
}
