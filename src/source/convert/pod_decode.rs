//! The `pod_wire` shapes read by hand from a Pod's JSON text (`json_cursor`), for the Pods that
//! make up most of a big dump. Reads exactly what serde's derived `Deserialize` of those shapes
//! reads, or answers `None` and leaves the object to serde: a field the shapes do not hold is
//! checked and passed over, as serde's `IgnoredAny` does; `null` is a missing field.

use super::meta_decode::{labels, opt_text, owners, present, uid};
use super::pod_wire::{
    WireContainer, WireContainerPort, WireContainerState, WireContainerStatus, WirePod,
    WirePodCondition, WirePodIp, WirePodMeta, WirePodSpec, WirePodStatus, WireReadinessGate,
    WireReason,
};
use crate::source::json_cursor::{Cursor, Seen};

/// A Pod from its JSON text; `None`: read it with serde.
pub(super) fn pod(text: &str) -> Option<WirePod> {
    Cursor::whole(text, |c| {
        let mut pod = WirePod::default();
        let mut seen = Seen::default();
        c.object(|c, key| {
            match &*key {
                "metadata" => {
                    seen.first(0)?;
                    pod.metadata = c.opt(meta)?;
                }
                "spec" => {
                    seen.first(1)?;
                    pod.spec = c.opt(spec)?;
                }
                "status" => {
                    seen.first(2)?;
                    pod.status = c.opt(status)?;
                }
                _ => c.skip()?,
            };
            Some(())
        })?;
        Some(pod)
    })
}

fn meta(c: &mut Cursor<'_>) -> Option<WirePodMeta> {
    let mut m = WirePodMeta::default();
    let mut seen = Seen::default();
    c.object(|c, key| {
        match &*key {
            "name" => {
                seen.first(0)?;
                m.name = opt_text(c)?;
            }
            "namespace" => {
                seen.first(1)?;
                m.namespace = opt_text(c)?;
            }
            "uid" => {
                seen.first(2)?;
                m.uid = uid(c)?;
            }
            "resourceVersion" => {
                seen.first(3)?;
                m.resource_version = opt_text(c)?;
            }
            "creationTimestamp" => {
                seen.first(4)?;
                m.creation_timestamp = present(c)?;
            }
            "labels" => {
                seen.first(5)?;
                m.labels = c.opt(labels)?;
            }
            "deletionTimestamp" => {
                seen.first(6)?;
                m.deletion_timestamp = present(c)?;
            }
            "ownerReferences" => {
                seen.first(7)?;
                m.owner_references = c.opt(owners)?;
            }
            _ => c.skip()?,
        };
        Some(())
    })?;
    Some(m)
}

fn spec(c: &mut Cursor<'_>) -> Option<WirePodSpec> {
    let mut s = WirePodSpec::default();
    let mut seen = Seen::default();
    c.object(|c, key| {
        match &*key {
            "containers" => {
                seen.first(0)?;
                s.containers = c.opt(containers)?;
            }
            "initContainers" => {
                seen.first(1)?;
                s.init_containers = c.opt(containers)?;
            }
            "readinessGates" => {
                seen.first(2)?;
                s.readiness_gates = c.opt(|c| c.vec(readiness_gate))?;
            }
            "hostname" => {
                seen.first(3)?;
                s.hostname = opt_text(c)?;
            }
            "subdomain" => {
                seen.first(4)?;
                s.subdomain = opt_text(c)?;
            }
            "nodeName" => {
                seen.first(5)?;
                s.node_name = opt_text(c)?;
            }
            "hostNetwork" => {
                seen.first(6)?;
                s.host_network = c.opt(Cursor::bool)?;
            }
            "dnsPolicy" => {
                seen.first(7)?;
                s.dns_policy = opt_text(c)?;
            }
            // Rare, and a full API type: serde reads a pod that sets it.
            "dnsConfig" => {
                seen.first(8)?;
                c.null()?.then_some(())?;
            }
            _ => c.skip()?,
        };
        Some(())
    })?;
    Some(s)
}

fn readiness_gate(c: &mut Cursor<'_>) -> Option<WireReadinessGate> {
    let mut g = WireReadinessGate::default();
    let mut seen = Seen::default();
    c.object(|c, key| {
        match &*key {
            "conditionType" => {
                seen.first(0)?;
                g.condition_type = opt_text(c)?;
            }
            _ => c.skip()?,
        };
        Some(())
    })?;
    Some(g)
}

fn containers(c: &mut Cursor<'_>) -> Option<Vec<WireContainer>> {
    c.vec(|c| {
        let mut k = WireContainer::default();
        let mut seen = Seen::default();
        c.object(|c, key| {
            match &*key {
                "name" => {
                    seen.first(0)?;
                    k.name = opt_text(c)?;
                }
                "ports" => {
                    seen.first(1)?;
                    k.ports = c.opt(|c| c.vec(port))?;
                }
                "readinessProbe" => {
                    seen.first(2)?;
                    k.readiness_probe = present(c)?;
                }
                "restartPolicy" => {
                    seen.first(3)?;
                    k.restart_policy = opt_text(c)?;
                }
                _ => c.skip()?,
            };
            Some(())
        })?;
        Some(k)
    })
}

fn port(c: &mut Cursor<'_>) -> Option<WireContainerPort> {
    let mut p = WireContainerPort::default();
    let mut seen = Seen::default();
    c.object(|c, key| {
        match &*key {
            "name" => {
                seen.first(0)?;
                p.name = opt_text(c)?;
            }
            "containerPort" => {
                seen.first(1)?;
                p.container_port = c.opt(Cursor::i32)?;
            }
            "protocol" => {
                seen.first(2)?;
                p.protocol = opt_text(c)?;
            }
            _ => c.skip()?,
        };
        Some(())
    })?;
    Some(p)
}

fn status(c: &mut Cursor<'_>) -> Option<WirePodStatus> {
    let mut s = WirePodStatus::default();
    let mut seen = Seen::default();
    c.object(|c, key| {
        match &*key {
            "phase" => {
                seen.first(0)?;
                s.phase = opt_text(c)?;
            }
            "podIP" => {
                seen.first(1)?;
                s.pod_ip = opt_text(c)?;
            }
            "podIPs" => {
                seen.first(2)?;
                s.pod_ips = c.opt(|c| c.vec(pod_ip))?;
            }
            "conditions" => {
                seen.first(3)?;
                s.conditions = c.opt(|c| c.vec(condition))?;
            }
            "containerStatuses" => {
                seen.first(4)?;
                s.container_statuses = c.opt(|c| c.vec(container_status))?;
            }
            "initContainerStatuses" => {
                seen.first(5)?;
                s.init_container_statuses = c.opt(|c| c.vec(container_status))?;
            }
            _ => c.skip()?,
        };
        Some(())
    })?;
    Some(s)
}

fn pod_ip(c: &mut Cursor<'_>) -> Option<WirePodIp> {
    let mut p = WirePodIp::default();
    let mut seen = Seen::default();
    c.object(|c, key| {
        match &*key {
            "ip" => {
                seen.first(0)?;
                p.ip = opt_text(c)?;
            }
            _ => c.skip()?,
        };
        Some(())
    })?;
    Some(p)
}

fn condition(c: &mut Cursor<'_>) -> Option<WirePodCondition> {
    let mut k = WirePodCondition::default();
    let mut seen = Seen::default();
    c.object(|c, key| {
        match &*key {
            "type" => {
                seen.first(0)?;
                k.type_ = opt_text(c)?;
            }
            "status" => {
                seen.first(1)?;
                k.status = opt_text(c)?;
            }
            "reason" => {
                seen.first(2)?;
                k.reason = opt_text(c)?;
            }
            "message" => {
                seen.first(3)?;
                k.message = opt_text(c)?;
            }
            _ => c.skip()?,
        };
        Some(())
    })?;
    Some(k)
}

fn container_status(c: &mut Cursor<'_>) -> Option<WireContainerStatus> {
    let mut k = WireContainerStatus::default();
    let mut seen = Seen::default();
    c.object(|c, key| {
        match &*key {
            "name" => {
                seen.first(0)?;
                k.name = opt_text(c)?;
            }
            "ready" => {
                seen.first(1)?;
                k.ready = c.opt(Cursor::bool)?;
            }
            "state" => {
                seen.first(2)?;
                k.state = c.opt(container_state)?;
            }
            _ => c.skip()?,
        };
        Some(())
    })?;
    Some(k)
}

fn container_state(c: &mut Cursor<'_>) -> Option<WireContainerState> {
    let mut k = WireContainerState::default();
    let mut seen = Seen::default();
    c.object(|c, key| {
        match &*key {
            "waiting" => {
                seen.first(0)?;
                k.waiting = c.opt(reason)?;
            }
            "terminated" => {
                seen.first(1)?;
                k.terminated = c.opt(reason)?;
            }
            _ => c.skip()?,
        };
        Some(())
    })?;
    Some(k)
}

fn reason(c: &mut Cursor<'_>) -> Option<WireReason> {
    let mut k = WireReason::default();
    let mut seen = Seen::default();
    c.object(|c, key| {
        match &*key {
            "reason" => {
                seen.first(0)?;
                k.reason = opt_text(c)?;
            }
            _ => c.skip()?,
        };
        Some(())
    })?;
    Some(k)
}

#[cfg(test)]
mod tests {
    use super::super::decode_testing;
    use super::*;

    fn agrees(text: &str) -> bool {
        decode_testing::agrees(pod, text)
    }

    const BENCH_POD: &str = r#"{"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "svc-00000-07", "namespace": "team-00", "uid": "pod-uid-7", "labels": {"app": "svc-00000", "tier": "backend", "pod-template-hash": "5d4f8c"}, "ownerReferences": [{"apiVersion": "apps/v1", "kind": "ReplicaSet", "name": "svc-00000-5d4f8c", "uid": "rs-svc-00000", "controller": true}], "creationTimestamp": "2026-11-22T12:00:00Z"}, "spec": {"nodeName": "node-0007", "containers": [{"name": "app", "image": "example/app:1.0", "ports": [{"name": "http", "containerPort": 8080, "protocol": "TCP"}], "readinessProbe": {"httpGet": {"path": "/ready", "port": 8080}}}]}, "status": {"phase": "Running", "podIP": "10.0.0.7", "podIPs": [{"ip": "10.0.0.7"}], "conditions": [{"type": "Ready", "status": "True"}, {"type": "ContainersReady", "status": "True"}], "containerStatuses": [{"name": "app", "image": "example/app:1.0", "ready": true, "restartCount": 0, "state": {"running": {"startedAt": "2026-11-22T12:00:00Z"}}}]}}"#;

    #[test]
    fn a_dumped_pod_reads_as_serde_reads_it() {
        assert!(agrees(BENCH_POD), "the common shape is read by hand");
        let read = pod(BENCH_POD).unwrap();
        let labels = read.metadata.unwrap().labels.unwrap();
        // Sorted, whatever the order written.
        let keys: Vec<&str> = labels.iter().map(|(k, _)| k.as_str()).collect();
        assert_eq!(keys, ["app", "pod-template-hash", "tier"]);
    }

    /// Every Pod of the recorded dumps, compact and indented, is read by hand and as serde
    /// reads it.
    #[test]
    fn recorded_pods_read_as_serde_reads_them() {
        let pods = decode_testing::recorded("Pod");
        for text in &pods {
            assert!(agrees(text), "left to serde: {text}");
        }
        assert!(pods.len() >= 200, "{} recorded pods", pods.len());
    }

    /// What is left to serde: serde then refuses it, or reads it another way than a derived
    /// struct would (a repeated field), or it is rare enough not to be worth a reader.
    #[test]
    fn the_unusual_is_left_to_serde() {
        for text in [
            r#"{"metadata": {"name": "a", "name": "b"}}"#,
            r#"{"metadata": {"labels": {"app": 1}}}"#,
            r#"{"metadata": ["a"]}"#,
            r#"{"spec": {"containers": [{"ports": [{"containerPort": 80.0}]}]}}"#,
            r#"{"spec": {"containers": [{"ports": [{"containerPort": 99999999999}]}]}}"#,
            r#"{"spec": {"dnsConfig": {"nameservers": ["1.1.1.1"]}}}"#,
            r#"{"spec": {"hostNetwork": "true"}}"#,
            r#"{"status": {"conditions": [null]}}"#,
            r#"{"metadata": {"name": "\ud83d\ude00"}}"#,
            r#"{"metadata": {}} {}"#,
            r#"{"metadata": {"name": "a"},}"#,
        ] {
            assert_eq!(pod(text), None, "{text}");
        }
        // Read by hand: nulls, empty objects, escapes and fields the shapes do not hold.
        for text in [
            r#"{"metadata": null, "spec": {}, "status": {"conditions": []}}"#,
            r#"{"metadata": {"name": "a\"b\\c\u00e9", "labels": {"b": "1", "a": "2", "b": "3"}}}"#,
            r#"{"spec": {"dnsConfig": null, "containers": [{"name": "x", "readinessProbe": null}]}}"#,
            r#"{"x": [1, -2.5e3, "\ud800", {"y": [true, false, null]}]}"#,
            "\n {\"status\": {\"phase\": \"Running\"}}\n",
            r#"{"metadata": {"na\u006de": "a", "k:{\"type\":\"Ready\"}": {}}}"#,
        ] {
            assert!(agrees(text), "{text}");
        }
    }

    /// Random pods, with random damage: whenever the reader reads one, serde reads the same.
    #[test]
    fn random_pods_read_as_serde_reads_them() {
        let (read, whole) = decode_testing::random("pod", fields_of, agrees);
        // Not a test that passes by reading nothing: many undamaged pods are read by hand.
        assert!(read > whole / 3, "{read} of {whole} read by hand");
    }

    /// The wire shapes' fields and what each holds (`[]x`: an array of x).
    fn fields_of(shape: &str) -> &'static [(&'static str, &'static str)] {
        match shape {
            "pod" => &[
                ("metadata", "meta"),
                ("spec", "spec"),
                ("status", "status"),
                ("kind", "str"),
            ],
            "meta" => &[
                ("name", "str"),
                ("namespace", "str"),
                ("uid", "str"),
                ("resourceVersion", "str"),
                ("creationTimestamp", "str"),
                ("labels", "labels"),
                ("deletionTimestamp", "str"),
                ("ownerReferences", "[]owner"),
            ],
            "spec" => &[
                ("containers", "[]container"),
                ("initContainers", "[]container"),
                ("readinessGates", "[]gate"),
                ("hostname", "str"),
                ("subdomain", "str"),
                ("nodeName", "str"),
                ("hostNetwork", "bool"),
                ("dnsPolicy", "str"),
            ],
            "container" => &[
                ("name", "str"),
                ("ports", "[]port"),
                ("readinessProbe", "probe"),
                ("restartPolicy", "str"),
            ],
            "probe" => &[("httpGet", "probe"), ("periodSeconds", "int")],
            "port" => &[
                ("name", "str"),
                ("containerPort", "int"),
                ("protocol", "str"),
            ],
            "gate" => &[("conditionType", "str")],
            "status" => &[
                ("phase", "str"),
                ("podIP", "str"),
                ("podIPs", "[]ip"),
                ("conditions", "[]condition"),
                ("containerStatuses", "[]cstatus"),
                ("initContainerStatuses", "[]cstatus"),
            ],
            "ip" => &[("ip", "str")],
            "condition" => &[
                ("type", "str"),
                ("status", "str"),
                ("reason", "str"),
                ("message", "str"),
            ],
            "cstatus" => &[("name", "str"), ("ready", "bool"), ("state", "state")],
            "state" => &[
                ("waiting", "reason"),
                ("terminated", "reason"),
                ("running", "probe"),
            ],
            "reason" => &[("reason", "str")],
            shared => decode_testing::shared_fields(shared),
        }
    }
}
