//! Well-known operators' resources that make pods from their own fields -> model `Workload`,
//! with the labels and container ports the operator gives those pods (docs/findings.md#workloads).
//!
//! Each entry of [`OPERATOR_KINDS`] names the API group and kind, and a function that builds
//! the pod template the operator would stamp out. To add one: read the operator's source for
//! the pod labels and container ports it sets, write the function citing that source, add the
//! entry, a test here and a line in docs/findings.md#workloads.

use super::workload::template_labels;
use crate::model::{Atom, Labels, Str, Workload};
use k8s_openapi::api::core::v1 as api;
use k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta;
use k8s_openapi::apimachinery::pkg::util::intstr::IntOrString;
use serde_json::Value;

/// The operator's name as it labels its pods (`app.kubernetes.io/managed-by`).
const PROMETHEUS_OPERATOR: &str = "prometheus-operator";

/// `(apiVersion, kind, builder)` of every operator resource known to make pods.
const OPERATOR_KINDS: &[(&str, &str, Builder)] = &[
    ("monitoring.coreos.com/v1", "Prometheus", prometheus),
    ("monitoring.coreos.com/v1", "Alertmanager", alertmanager),
    ("monitoring.coreos.com/v1", "ThanosRuler", thanos_ruler),
];

type Builder = fn(&ObjectMeta, &Value) -> Made;

/// What an operator makes from one resource.
struct Made {
    /// Pod labels the operator sets (over `spec.podMetadata.labels`).
    labels: Vec<(&'static str, String)>,
    /// Containers the operator puts in every pod.
    containers: Vec<api::Container>,
    /// Pods in all: replicas (times shards, for Prometheus).
    replicas: i32,
}

#[derive(serde::Deserialize)]
struct Head {
    #[serde(default)]
    metadata: ObjectMeta,
    #[serde(default)]
    spec: Value,
}

/// Whether `(api_version, kind)` is one of [`OPERATOR_KINDS`].
pub(crate) fn is_operator_kind(api_version: &str, kind: &str) -> bool {
    builder_of(api_version, kind).is_some()
}

fn builder_of(api_version: &str, kind: &str) -> Option<Builder> {
    OPERATOR_KINDS
        .iter()
        .find(|(v, k, _)| *v == api_version && *k == kind)
        .map(|(_, _, b)| *b)
}

/// The workload the operator would run for this resource (`is_operator_kind` must hold).
/// `Err` when the object cannot be read at all.
pub(crate) fn operator_workload(
    value: impl super::Input,
    api_version: &str,
    kind: &str,
) -> Result<Workload, String> {
    let builder = builder_of(api_version, kind)
        .ok_or_else(|| format!("{api_version} {kind} is not an operator resource"))?;
    let head: Head = value.typed(kind)?;
    let made = builder(&head.metadata, &head.spec);
    let mut labels: Labels = head
        .spec
        .pointer("/podMetadata/labels")
        .and_then(Value::as_object)
        .map(|m| {
            m.iter()
                .filter_map(|(k, v)| Some((Atom::from(k), Str::from(v.as_str()?))))
                .collect()
        })
        .unwrap_or_default();
    for (k, v) in made.labels {
        labels.insert(k.into(), v.into());
    }
    let spec = api::PodSpec {
        containers: merge_containers(made.containers, &head.spec),
        ..api::PodSpec::default()
    };
    let template = api::PodTemplateSpec {
        metadata: Some(ObjectMeta {
            labels: Some(
                labels
                    .iter()
                    .map(|(k, v)| (k.to_string(), v.to_string()))
                    .collect(),
            ),
            ..ObjectMeta::default()
        }),
        spec: Some(spec),
    };
    let mut w = super::workload::build(
        None,
        super::workload::Parts {
            metadata: head.metadata,
            selector: template_labels(&template),
            template,
            replicas: Some(made.replicas),
            service_name: None,
            selector_refused: None,
        },
    );
    w.custom_kind = Some(kind.to_string());
    w.made_by = Some(PROMETHEUS_OPERATOR.to_string());
    Ok(w)
}

/// `spec.containers` patch the operator's containers by name (strategic merge: ports merge by
/// `containerPort`), and add new ones (`k8sutil.MergePatchContainers`).
fn merge_containers(mut base: Vec<api::Container>, spec: &Value) -> Vec<api::Container> {
    let patches: Vec<api::Container> = spec
        .get("containers")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(|c| serde_json::from_value(c.clone()).ok())
        .collect();
    for patch in patches {
        match base.iter_mut().find(|c| c.name == patch.name) {
            Some(c) => {
                let ports = c.ports.get_or_insert_with(Vec::new);
                for p in patch.ports.unwrap_or_default() {
                    match ports
                        .iter_mut()
                        .find(|q| q.container_port == p.container_port)
                    {
                        Some(q) => *q = p,
                        None => ports.push(p),
                    }
                }
                if patch.readiness_probe.is_some() {
                    c.readiness_probe = patch.readiness_probe;
                }
            }
            None => base.push(patch),
        }
    }
    base
}

fn name_of(meta: &ObjectMeta) -> String {
    meta.name.clone().unwrap_or_default()
}

fn str_field(spec: &Value, field: &str, default: &str) -> String {
    spec.get(field)
        .and_then(Value::as_str)
        .filter(|s| !s.is_empty())
        .unwrap_or(default)
        .to_string()
}

fn int_field(spec: &Value, field: &str, default: i32) -> i32 {
    spec.get(field)
        .and_then(Value::as_i64)
        .and_then(|n| i32::try_from(n).ok())
        .map_or(default, |n| n.max(0))
}

fn listen_local(spec: &Value) -> bool {
    spec.get("listenLocal").and_then(Value::as_bool) == Some(true)
}

fn port(name: &str, number: i32, protocol: &str) -> api::ContainerPort {
    api::ContainerPort {
        name: Some(name.to_string()),
        container_port: number,
        protocol: Some(protocol.to_string()),
        ..api::ContainerPort::default()
    }
}

fn container(name: &str, ports: Vec<api::ContainerPort>, ready_on: Option<&str>) -> api::Container {
    api::Container {
        name: name.to_string(),
        ports: Some(ports),
        readiness_probe: ready_on.map(|p| api::Probe {
            http_get: Some(api::HTTPGetAction {
                path: Some("/-/ready".into()),
                port: IntOrString::String(p.to_string()),
                ..api::HTTPGetAction::default()
            }),
            ..api::Probe::default()
        }),
        ..api::Container::default()
    }
}

/// The config reloader sidecar every one of these pods runs: `reloader-web` on 8080 unless the
/// resource listens on localhost only (`pkg/operator/config_reloader.go` `CreateConfigReloader`,
/// `configReloaderPort`). It has no readinessProbe.
fn config_reloader(spec: &Value) -> api::Container {
    let ports = if listen_local(spec) {
        vec![]
    } else {
        vec![port("reloader-web", 8080, "TCP")]
    };
    container("config-reloader", ports, None)
}

/// Prometheus: a StatefulSet per shard (`spec.shards`, default 1) of `spec.replicas` pods
/// (default 1) labelled `app.kubernetes.io/name: prometheus`, `app.kubernetes.io/managed-by:
/// prometheus-operator`, `app.kubernetes.io/instance: NAME`, `prometheus: NAME`,
/// `operator.prometheus.io/name: NAME` and `operator.prometheus.io/shard` (shard 0 here), over
/// `spec.podMetadata.labels`; container `prometheus` serves `spec.portName` (default `web`) on
/// 9090 with a readinessProbe, unless `listenLocal`; a `thanos-sidecar` serves `http` 10902 and
/// `grpc` 10901 when `spec.thanos` is set (prometheus-operator
/// `pkg/prometheus/server/statefulset.go` `makeStatefulSetSpec`, `pkg/prometheus/common.go`).
fn prometheus(meta: &ObjectMeta, spec: &Value) -> Made {
    let name = name_of(meta);
    let web = str_field(spec, "portName", "web");
    let local = listen_local(spec);
    let mut containers = vec![
        container(
            "prometheus",
            if local {
                vec![]
            } else {
                vec![port(&web, 9090, "TCP")]
            },
            (!local).then_some(web.as_str()),
        ),
        config_reloader(spec),
    ];
    if spec.get("thanos").is_some_and(|t| !t.is_null()) {
        containers.push(container(
            "thanos-sidecar",
            vec![port("http", 10902, "TCP"), port("grpc", 10901, "TCP")],
            None,
        ));
    }
    Made {
        labels: vec![
            ("app.kubernetes.io/name", "prometheus".into()),
            ("app.kubernetes.io/managed-by", PROMETHEUS_OPERATOR.into()),
            ("app.kubernetes.io/instance", name.clone()),
            ("prometheus", name.clone()),
            ("operator.prometheus.io/name", name),
            ("operator.prometheus.io/shard", "0".into()),
        ],
        containers,
        replicas: int_field(spec, "replicas", 1) * int_field(spec, "shards", 1).max(1),
    }
}

/// Alertmanager: `spec.replicas` (default 1) pods labelled `app.kubernetes.io/name:
/// alertmanager`, `app.kubernetes.io/managed-by: prometheus-operator`,
/// `app.kubernetes.io/instance: NAME`, `alertmanager: NAME` (and `app.kubernetes.io/version`
/// from `spec.version`), over `spec.podMetadata.labels`; container `alertmanager` serves
/// `spec.portName` (default `web`) on 9093 with a readinessProbe unless `listenLocal`, and
/// `mesh-tcp`/`mesh-udp` on 9094 (prometheus-operator `pkg/alertmanager/statefulset.go`
/// `makeStatefulSetSpec`, `pkg/alertmanager/operator.go` `makeSelectorLabels`).
fn alertmanager(meta: &ObjectMeta, spec: &Value) -> Made {
    let name = name_of(meta);
    let web = str_field(spec, "portName", "web");
    let local = listen_local(spec);
    let mut ports = vec![port("mesh-tcp", 9094, "TCP"), port("mesh-udp", 9094, "UDP")];
    if !local {
        ports.insert(0, port(&web, 9093, "TCP"));
    }
    let mut labels = vec![
        ("app.kubernetes.io/name", "alertmanager".into()),
        ("app.kubernetes.io/managed-by", PROMETHEUS_OPERATOR.into()),
        ("app.kubernetes.io/instance", name.clone()),
        ("alertmanager", name),
    ];
    if let Some(v) = spec.get("version").and_then(Value::as_str) {
        labels.push((
            "app.kubernetes.io/version",
            v.trim_start_matches('v').into(),
        ));
    }
    Made {
        labels,
        containers: vec![
            container("alertmanager", ports, (!local).then_some(web.as_str())),
            config_reloader(spec),
        ],
        replicas: int_field(spec, "replicas", 1),
    }
}

/// ThanosRuler: `spec.replicas` (default 1) pods labelled `app.kubernetes.io/name:
/// thanos-ruler`, `app.kubernetes.io/managed-by: prometheus-operator`,
/// `app.kubernetes.io/instance: NAME`, `thanos-ruler: NAME`, over `spec.podMetadata.labels`;
/// container `thanos-ruler` serves `grpc` 10901 and `spec.portName` (default `web`) 10902
/// unless `listenLocal` (prometheus-operator `pkg/thanos/statefulset.go`
/// `makeStatefulSetSpec`).
fn thanos_ruler(meta: &ObjectMeta, spec: &Value) -> Made {
    let name = name_of(meta);
    let web = str_field(spec, "portName", "web");
    let mut ports = vec![port("grpc", 10901, "TCP")];
    if !listen_local(spec) {
        ports.push(port(&web, 10902, "TCP"));
    }
    Made {
        labels: vec![
            ("app.kubernetes.io/name", "thanos-ruler".into()),
            ("app.kubernetes.io/managed-by", PROMETHEUS_OPERATOR.into()),
            ("app.kubernetes.io/instance", name.clone()),
            ("thanos-ruler", name),
        ],
        containers: vec![
            container("thanos-ruler", ports, None),
            config_reloader(spec),
        ],
        replicas: int_field(spec, "replicas", 1),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Protocol;
    use serde_json::json;

    fn made(kind: &str, spec: Value) -> Workload {
        let v = json!({"apiVersion": "monitoring.coreos.com/v1", "kind": kind,
                       "metadata": {"name": "main", "namespace": "monitoring"}, "spec": spec});
        operator_workload(v, "monitoring.coreos.com/v1", kind).unwrap()
    }

    fn ports(w: &Workload) -> Vec<(String, String, i32, Protocol)> {
        w.template
            .containers
            .iter()
            .flat_map(|c| {
                c.ports.iter().map(|p| {
                    (
                        c.name.to_string(),
                        p.name.as_deref().unwrap_or_default().to_string(),
                        p.port,
                        p.protocol.clone(),
                    )
                })
            })
            .collect()
    }

    #[test]
    fn alertmanager_pods_carry_the_operator_labels_and_pod_metadata() {
        let w = made(
            "Alertmanager",
            json!({"replicas": 3, "version": "v0.27.0",
                   "podMetadata": {"labels": {"app.kubernetes.io/part-of": "kube-prometheus",
                                              "alertmanager": "overridden"}}}),
        );
        assert_eq!(w.kind_str(), "Alertmanager");
        assert_eq!(w.made_by.as_deref(), Some("prometheus-operator"));
        let l = |k: &str| w.template_labels.get(k).cloned().unwrap_or_default();
        assert_eq!(l("alertmanager"), "main", "the operator's labels win");
        assert_eq!(l("app.kubernetes.io/name"), "alertmanager");
        assert_eq!(l("app.kubernetes.io/instance"), "main");
        assert_eq!(l("app.kubernetes.io/managed-by"), "prometheus-operator");
        assert_eq!(l("app.kubernetes.io/version"), "0.27.0");
        assert_eq!(l("app.kubernetes.io/part-of"), "kube-prometheus");
        assert_eq!(*w.template.labels, w.template_labels);
        assert_eq!(w.pod_count(), Some(3));
        assert_eq!(
            ports(&w),
            [
                ("alertmanager".into(), "web".into(), 9093, Protocol::Tcp),
                (
                    "alertmanager".into(),
                    "mesh-tcp".into(),
                    9094,
                    Protocol::Tcp
                ),
                (
                    "alertmanager".into(),
                    "mesh-udp".into(),
                    9094,
                    Protocol::Udp
                ),
                (
                    "config-reloader".into(),
                    "reloader-web".into(),
                    8080,
                    Protocol::Tcp
                ),
            ]
        );
        assert!(w.template.containers[0].has_readiness_probe);
        assert!(!w.template.containers[1].has_readiness_probe);
    }

    #[test]
    fn prometheus_shards_thanos_and_patched_containers() {
        let w = made(
            "Prometheus",
            json!({"replicas": 2, "shards": 3, "portName": "http-web", "thanos": {},
                   "containers": [{"name": "prometheus", "ports": [{"name": "extra", "containerPort": 9095}]},
                                  {"name": "oauth-proxy", "ports": [{"name": "https", "containerPort": 8443}]}]}),
        );
        assert_eq!(w.pod_count(), Some(6));
        assert_eq!(
            w.template_labels.get("prometheus").map(|s| s.as_str()),
            Some("main")
        );
        let names: Vec<String> = ports(&w)
            .into_iter()
            .map(|p| format!("{}/{}/{}", p.0, p.1, p.2))
            .collect();
        assert_eq!(
            names,
            [
                "prometheus/http-web/9090",
                "prometheus/extra/9095",
                "config-reloader/reloader-web/8080",
                "thanos-sidecar/http/10902",
                "thanos-sidecar/grpc/10901",
                "oauth-proxy/https/8443",
            ]
        );
    }

    #[test]
    fn listen_local_serves_no_web_port_and_thanos_ruler_defaults() {
        let w = made("Prometheus", json!({"listenLocal": true}));
        assert!(ports(&w).is_empty());
        assert_eq!(w.pod_count(), Some(1));
        let t = made("ThanosRuler", json!({}));
        assert_eq!(
            t.template_labels.get("thanos-ruler").map(|s| s.as_str()),
            Some("main")
        );
        assert_eq!(ports(&t)[1].1, "web");
        assert_eq!(ports(&t)[1].2, 10902);
    }

    #[test]
    fn other_kinds_are_not_operator_resources() {
        assert!(!is_operator_kind(
            "monitoring.coreos.com/v1",
            "ServiceMonitor"
        ));
        assert!(!is_operator_kind("monitoring.coreos.com/v2", "Prometheus"));
        assert!(is_operator_kind("monitoring.coreos.com/v1", "ThanosRuler"));
    }
}
