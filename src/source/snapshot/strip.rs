//! What a snapshot leaves out: everything the tool never reads that is large or sensitive.
//!
//! `managedFields` (already dropped when read), annotations other than [`KEPT_ANNOTATIONS`],
//! and from every pod spec (a Pod's, a workload's template's) the containers' environment,
//! commands and mounts and the pod's volumes and pull secrets, and a Node's cached images. Labels, selectors, ports, probes,
//! status, owner references, uids and timestamps stay: the checks read them.

use serde_json::Value;

/// Annotations the tool reads (grep `src/` for each): the EndpointSlice controller's
/// topology-mode / topology-aware-hints (`endpointslice/utils.go`), the Endpoints controller's
/// trigger time and over-capacity marker (`endpoints_controller.go`), and the leader-election
/// record whose Endpoints are never mirrored (`endpointslicemirroring/utils.go`).
pub const KEPT_ANNOTATIONS: &[&str] = &[
    "service.kubernetes.io/topology-mode",
    "service.kubernetes.io/topology-aware-hints",
    "endpoints.kubernetes.io/last-change-trigger-time",
    "endpoints.kubernetes.io/over-capacity",
    "control-plane.alpha.kubernetes.io/leader",
];

/// Container fields that carry configuration and secrets, not Service wiring.
const CONTAINER_FIELDS: &[&str] = &[
    "env",
    "envFrom",
    "command",
    "args",
    "volumeMounts",
    "volumeDevices",
];

/// Removes what the tool never reads from one object of `kind`.
pub fn strip(kind: &str, object: &mut Value) {
    if let Some(meta) = object.get_mut("metadata").and_then(Value::as_object_mut) {
        meta.remove("managedFields");
        if let Some(Value::Object(annotations)) = meta.get_mut("annotations") {
            annotations.retain(|k, _| KEPT_ANNOTATIONS.contains(&k.as_str()));
            if annotations.is_empty() {
                meta.remove("annotations");
            }
        }
    }
    if kind == "Node"
        && let Some(status) = object.get_mut("status").and_then(Value::as_object_mut)
    {
        // Every image cached on the node: often most of a Node's bytes, never read.
        status.remove("images");
    }
    let pod_spec = match kind {
        "Pod" => "/spec",
        "CronJob" => "/spec/jobTemplate/spec/template/spec",
        "Deployment"
        | "StatefulSet"
        | "DaemonSet"
        | "ReplicaSet"
        | "ReplicationController"
        | "Job"
        | "PodTemplate" => "/spec/template/spec",
        _ => return,
    };
    if let Some(spec) = object.pointer_mut(pod_spec).and_then(Value::as_object_mut) {
        spec.remove("volumes");
        spec.remove("imagePullSecrets");
        for list in ["containers", "initContainers", "ephemeralContainers"] {
            if let Some(Value::Array(containers)) = spec.get_mut(list) {
                for c in containers.iter_mut().filter_map(Value::as_object_mut) {
                    for f in CONTAINER_FIELDS {
                        c.remove(*f);
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn strips_secrets_and_noise_keeps_what_checks_read() {
        let mut pod = json!({
            "metadata": {"name": "p", "labels": {"app": "web"}, "managedFields": [{}],
                "annotations": {"kubectl.kubernetes.io/last-applied-configuration": "{}",
                    "service.kubernetes.io/topology-mode": "Auto"}},
            "spec": {"volumes": [{"name": "s", "secret": {"secretName": "db"}}],
                "containers": [{"name": "c", "env": [{"name": "PASSWORD", "value": "x"}],
                    "envFrom": [{}], "command": ["run"], "args": ["--token=x"],
                    "volumeMounts": [{}], "ports": [{"containerPort": 80, "name": "http"}],
                    "readinessProbe": {"httpGet": {"port": "http"}}}]},
            "status": {"podIP": "10.0.0.1"}
        });
        strip("Pod", &mut pod);
        assert_eq!(
            pod,
            json!({
                "metadata": {"name": "p", "labels": {"app": "web"},
                    "annotations": {"service.kubernetes.io/topology-mode": "Auto"}},
                "spec": {"containers": [{"name": "c",
                    "ports": [{"containerPort": 80, "name": "http"}],
                    "readinessProbe": {"httpGet": {"port": "http"}}}]},
                "status": {"podIP": "10.0.0.1"}
            })
        );
        let mut job = json!({"spec": {"jobTemplate": {"spec": {"template": {"spec": {
            "containers": [{"name": "c", "env": []}]}}}}}});
        strip("CronJob", &mut job);
        assert_eq!(
            job.pointer("/spec/jobTemplate/spec/template/spec/containers/0"),
            Some(&json!({"name": "c"}))
        );
    }

    /// Every annotation key the crate reads outside this file is kept (or is one the tool reads
    /// only to ignore: kubectl's last-applied copy, which mirroring leaves out).
    #[test]
    fn keeps_every_annotation_the_crate_reads() {
        let read_only_to_ignore = ["kubectl.kubernetes.io/last-applied-configuration"];
        for key in KEPT_ANNOTATIONS {
            assert!(!read_only_to_ignore.contains(key));
        }
        let src = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
        let mut text = String::new();
        for dir in ["analysis", "simulate", "model", "source/convert"] {
            collect(&src.join(dir), &mut text);
        }
        for key in [
            "topology-mode",
            "topology-aware-hints",
            "last-change-trigger-time",
            "over-capacity",
            "alpha.kubernetes.io/leader",
        ] {
            assert!(
                text.contains(key),
                "{key} is no longer read: update KEPT_ANNOTATIONS"
            );
            assert!(KEPT_ANNOTATIONS.iter().any(|k| k.ends_with(key)), "{key}");
        }
    }

    fn collect(dir: &std::path::Path, out: &mut String) {
        for e in std::fs::read_dir(dir).unwrap().flatten() {
            let p = e.path();
            if p.is_dir() {
                collect(&p, out);
            } else if p.extension().is_some_and(|x| x == "rs") {
                out.push_str(&std::fs::read_to_string(&p).unwrap());
            }
        }
    }
}
