//! Pod controllers -> model `Workload`: apps/v1 Deployment, StatefulSet, DaemonSet and
//! ReplicaSet, v1 ReplicationController, batch/v1 Job and CronJob.
//!
//! The pod template becomes a would-be `Pod` (no status), so the checks that read pods can read
//! templates of manifests that were never applied.

use super::{meta, pod, typed};
use crate::model::{Labels, Pod, Workload, WorkloadKind};
use k8s_openapi::api::apps::v1 as apps;
use k8s_openapi::api::batch::v1 as batch;
use k8s_openapi::api::core::v1 as core;
use k8s_openapi::api::core::v1::PodTemplateSpec;
use k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta;

/// Labels the API server adds to a Job's pod template unless `manualSelector` is true
/// (`pkg/registry/batch/job/strategy.go` `generateSelector`;
/// <https://kubernetes.io/docs/concepts/workloads/controllers/job/#job-labels>). The
/// controller-uid labels are left out: the UID is not known before the Job exists.
const JOB_NAME_LABELS: [&str; 2] = ["batch.kubernetes.io/job-name", "job-name"];

/// What every kind boils down to before it becomes a `Workload`.
pub(super) struct Parts {
    pub metadata: ObjectMeta,
    pub template: PodTemplateSpec,
    pub selector: Labels,
    pub replicas: Option<i32>,
    pub service_name: Option<String>,
    /// What the API server says of the selector when it refuses it ([`apps_selector_refused`]).
    pub selector_refused: Option<(String, String)>,
}

/// Converts a workload of `kind`.
pub(crate) fn workload(
    value: impl super::Input,
    kind: WorkloadKind,
) -> Result<Workload, super::Refused> {
    let name = kind.as_str();
    let match_labels = |s: Option<
        &k8s_openapi::apimachinery::pkg::apis::meta::v1::LabelSelector,
    >| { meta::to_labels(s.and_then(|s| s.match_labels.as_ref())) };
    let parts = match kind {
        WorkloadKind::Deployment => {
            let w: apps::Deployment = typed(value, name)?;
            let spec = w.spec;
            Parts {
                metadata: w.metadata,
                selector: match_labels(Some(&spec.selector)),
                selector_refused: apps_selector_refused(&spec.selector, &spec.template),
                template: spec.template,
                replicas: spec.replicas,
                service_name: None,
            }
        }
        WorkloadKind::StatefulSet => {
            let w: apps::StatefulSet = typed(value, name)?;
            let spec = w.spec;
            Parts {
                metadata: w.metadata,
                selector: match_labels(Some(&spec.selector)),
                selector_refused: apps_selector_refused(&spec.selector, &spec.template),
                template: spec.template,
                replicas: spec.replicas,
                service_name: spec.service_name.filter(|s| !s.is_empty()),
            }
        }
        WorkloadKind::DaemonSet => {
            let w: apps::DaemonSet = typed(value, name)?;
            let spec = w.spec;
            Parts {
                metadata: w.metadata,
                selector: match_labels(Some(&spec.selector)),
                selector_refused: apps_selector_refused(&spec.selector, &spec.template),
                template: spec.template,
                replicas: None,
                service_name: None,
            }
        }
        WorkloadKind::ReplicaSet => {
            let w: apps::ReplicaSet = typed(value, name)?;
            let spec = w.spec;
            let template = spec.template.unwrap_or_default();
            Parts {
                metadata: w.metadata,
                selector: match_labels(Some(&spec.selector)),
                selector_refused: apps_selector_refused(&spec.selector, &template),
                template,
                replicas: spec.replicas,
                service_name: None,
            }
        }
        WorkloadKind::ReplicationController => {
            let w: core::ReplicationController = typed(value, name)?;
            let spec = w.spec.unwrap_or_default();
            let template = spec.template.unwrap_or_default();
            // An empty selector defaults to the template's labels (API defaulting,
            // `pkg/apis/core/v1/defaults.go` `SetDefaults_ReplicationController`).
            let selector = spec
                .selector
                .filter(|s| !s.is_empty())
                .map(|s| meta::to_labels(Some(&s)))
                .unwrap_or_else(|| template_labels(&template));
            Parts {
                metadata: w.metadata,
                template,
                selector,
                replicas: spec.replicas,
                service_name: None,
                selector_refused: None,
            }
        }
        WorkloadKind::Job => {
            let w: batch::Job = typed(value, name)?;
            let spec = w.spec.unwrap_or_default();
            let mut template = spec.template;
            if spec.manual_selector != Some(true) {
                let job = w.metadata.name.clone().unwrap_or_default();
                let labels = template
                    .metadata
                    .get_or_insert_with(Default::default)
                    .labels
                    .get_or_insert_with(Default::default);
                for key in JOB_NAME_LABELS {
                    labels.insert(key.to_string(), job.clone());
                }
            }
            Parts {
                metadata: w.metadata,
                selector: match_labels(spec.selector.as_ref()),
                template,
                replicas: spec.parallelism,
                service_name: None,
                selector_refused: None,
            }
        }
        WorkloadKind::CronJob => {
            let w: batch::CronJob = typed(value, name)?;
            let spec = w.spec;
            // Each run's Job gets a generated name, so no job-name label is known here.
            let job = spec.job_template.spec.unwrap_or_default();
            Parts {
                metadata: w.metadata,
                selector: match_labels(job.selector.as_ref()),
                template: job.template,
                replicas: job.parallelism,
                service_name: None,
                selector_refused: None,
            }
        }
    };
    Ok(build(Some(kind), parts))
}

/// A Pod manifest (never applied: no uid, no status) as the one would-be pod it describes.
pub(crate) fn manifest_pod(pod: Pod) -> Workload {
    Workload {
        kind: None,
        custom_kind: Some("Pod".into()),
        namespace: pod.namespace.to_string(),
        name: pod.name.to_string(),
        template_labels: Labels::clone(&pod.labels),
        selector: Labels::clone(&pod.labels),
        replicas: Some(1),
        owner: pod
            .owner
            .as_ref()
            .map(|(k, n)| (k.to_string(), n.to_string())),
        service_name: None,
        made_by: None,
        live: false,
        template: pod,
        selector_refused: None,
    }
}

/// What the API server says of an apps/v1 workload's `spec.selector` when it refuses it:
/// required and not empty (`pkg/apis/apps/validation/validation.go` `ValidateDeploymentSpec`,
/// `ValidateStatefulSetSpec`, `ValidateDaemonSetSpec`, `ValidateReplicaSetSpec`: "spec.selector:
/// Required value", "empty selector is invalid"), and matching the template's labels
/// (`ValidatePodTemplateSpecForReplicaSet` and the others: "`selector` does not match template
/// `labels`"). `None` when it is valid, or cannot be evaluated (an unknown operator).
fn apps_selector_refused(
    selector: &k8s_openapi::apimachinery::pkg::apis::meta::v1::LabelSelector,
    template: &PodTemplateSpec,
) -> Option<(String, String)> {
    let empty = selector.match_labels.as_ref().is_none_or(|m| m.is_empty())
        && selector
            .match_expressions
            .as_ref()
            .is_none_or(|e| e.is_empty());
    if empty {
        return Some((
            "spec.selector".to_string(),
            "is missing or empty: an apps/v1 workload must select the pods it makes (spec.selector: Required value)".to_string(),
        ));
    }
    let parsed = kube::core::Selector::try_from(selector.clone()).ok()?;
    let labels = template_labels(template);
    (!crate::model::full_selector_matches(&parsed, &labels)).then(|| {
        (
            "spec.template.metadata.labels".to_string(),
            format!(
                "are {}, which spec.selector does not match (`selector` does not match template `labels`)",
                if labels.is_empty() {
                    "empty".to_string()
                } else {
                    labels
                        .iter()
                        .map(|(k, v)| format!("{k}={v}"))
                        .collect::<Vec<_>>()
                        .join(",")
                }
            ),
        )
    })
}

pub(super) fn template_labels(template: &PodTemplateSpec) -> Labels {
    meta::to_labels(template.metadata.as_ref().and_then(|m| m.labels.as_ref()))
}

/// The workload of `parts`; `kind` is `None` for kinds other than the core ones (the caller
/// sets `custom_kind`).
pub(super) fn build(kind: Option<WorkloadKind>, parts: Parts) -> Workload {
    let Parts {
        metadata,
        template,
        selector,
        replicas,
        service_name,
        selector_refused,
    } = parts;
    let owner = metadata
        .owner_references
        .iter()
        .flatten()
        .find(|o| o.controller == Some(true))
        .map(|o| (o.kind.clone(), o.name.clone()));
    let namespace = meta::namespace(&metadata);
    let name = metadata.name.clone().unwrap_or_default();
    let live = meta::has_cluster_state(&metadata);
    let labels = template_labels(&template);
    let spec = template.spec.unwrap_or_default();
    let mut would_be = Pod {
        namespace: namespace.clone().into(),
        name: name.clone().into(),
        labels: labels.clone().into(),
        ..pod::spec_only(&spec)
    };
    if kind == Some(WorkloadKind::StatefulSet) {
        // The StatefulSet controller sets each pod's subdomain to serviceName (and its hostname
        // to the pod's name) (`pkg/controller/statefulset/stateful_set_utils.go`
        // `updateIdentity`).
        would_be.extras_mut().subdomain = service_name.as_deref().map(Into::into);
    }
    Workload {
        kind,
        namespace,
        name,
        template_labels: labels,
        selector,
        replicas,
        owner,
        template: would_be,
        service_name,
        custom_kind: None,
        made_by: None,
        live,
        selector_refused,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Protocol;
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
            w.template_labels.get("tier").map(|s| s.as_str()),
            Some("fe")
        );
        assert_eq!(w.selector.len(), 1);
        assert_eq!(w.replicas, Some(0));
        assert_eq!(w.pod_count(), Some(0));
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
        assert_eq!(w.pod_count(), Some(1), "replicas default to 1");
    }

    #[test]
    fn template_becomes_a_would_be_pod() {
        let v = json!({
            "apiVersion": "apps/v1", "kind": "StatefulSet",
            "metadata": {"name": "db", "namespace": "data"},
            "spec": {
                "serviceName": "db-headless",
                "selector": {"matchLabels": {"app": "db"}},
                "template": {
                    "metadata": {"labels": {"app": "db"}},
                    "spec": {
                        "hostname": "ignored-by-sts",
                        "readinessGates": [{"conditionType": "example.com/ready"}],
                        "initContainers": [
                            {"name": "init", "image": "busybox"},
                            {"name": "proxy", "image": "envoy", "restartPolicy": "Always",
                             "ports": [{"name": "metrics", "containerPort": 9901}]}
                        ],
                        "containers": [{"name": "pg", "image": "postgres",
                            "ports": [{"name": "pg", "containerPort": 5432},
                                      {"name": "dns", "containerPort": 53, "protocol": "UDP"}],
                            "readinessProbe": {"tcpSocket": {"port": "pg"}}}]
                    }
                }
            }
        });
        let w = workload(v, WorkloadKind::StatefulSet).unwrap();
        assert_eq!(w.service_name.as_deref(), Some("db-headless"));
        let p = &w.template;
        assert_eq!((p.namespace.as_str(), p.name.as_str()), ("data", "db"));
        assert_eq!(*p.labels, w.template_labels);
        assert_eq!(p.subdomain(), Some("db-headless"));
        assert_eq!(p.readiness_gates(), ["example.com/ready"]);
        assert_eq!(p.containers.len(), 1);
        assert!(p.containers[0].has_readiness_probe);
        assert_eq!(p.containers[0].ports[1].protocol, Protocol::Udp);
        assert_eq!(p.sidecars().len(), 1, "only restartable init containers");
        assert_eq!(p.sidecars()[0].name, "proxy");
        assert!(p.pod_ips().is_empty() && p.conditions.is_empty());
    }

    #[test]
    fn replication_controller_selector_defaults_to_template_labels() {
        let v = json!({
            "apiVersion": "v1", "kind": "ReplicationController",
            "metadata": {"name": "legacy"},
            "spec": {"replicas": 2,
                     "template": {"metadata": {"labels": {"app": "legacy"}},
                                  "spec": {"containers": [{"name": "c"}]}}}
        });
        let w = workload(v, WorkloadKind::ReplicationController).unwrap();
        assert_eq!(w.selector.get("app").map(|s| s.as_str()), Some("legacy"));
        assert_eq!(w.pod_count(), Some(2));
    }

    #[test]
    fn job_pods_get_the_job_name_labels_and_parallelism_counts() {
        let v = json!({
            "apiVersion": "batch/v1", "kind": "Job",
            "metadata": {"name": "migrate", "namespace": "shop"},
            "spec": {"parallelism": 3,
                     "template": {"metadata": {"labels": {"app": "migrate"}},
                                  "spec": {"restartPolicy": "Never", "containers": [{"name": "c"}]}}}
        });
        let w = workload(v, WorkloadKind::Job).unwrap();
        assert_eq!(w.pod_count(), Some(3));
        assert_eq!(
            w.template.labels.get("job-name").map(|s| s.as_str()),
            Some("migrate")
        );
        assert_eq!(
            w.template_labels
                .get("batch.kubernetes.io/job-name")
                .map(|s| s.as_str()),
            Some("migrate")
        );
    }

    #[test]
    fn cronjob_template_is_the_job_templates_pod_template() {
        let v = json!({
            "apiVersion": "batch/v1", "kind": "CronJob",
            "metadata": {"name": "report", "namespace": "shop"},
            "spec": {"schedule": "0 * * * *",
                     "jobTemplate": {"spec": {"template": {
                         "metadata": {"labels": {"app": "report"}},
                         "spec": {"restartPolicy": "OnFailure",
                                  "containers": [{"name": "c", "ports": [{"name": "http", "containerPort": 8080}]}]}}}}}
        });
        let w = workload(v, WorkloadKind::CronJob).unwrap();
        assert_eq!(w.template_labels.len(), 1, "no job-name: it is generated");
        assert_eq!(w.template.containers[0].ports[0].port, 8080);
        assert_eq!(w.pod_count(), Some(1));
    }

    #[test]
    fn daemonset_count_is_per_node() {
        let v = json!({
            "apiVersion": "apps/v1", "kind": "DaemonSet",
            "metadata": {"name": "agent"},
            "spec": {"selector": {"matchLabels": {"app": "agent"}},
                     "template": {"metadata": {"labels": {"app": "agent"}}, "spec": {"containers": []}}}
        });
        assert_eq!(
            workload(v, WorkloadKind::DaemonSet).unwrap().pod_count(),
            None
        );
    }
}
