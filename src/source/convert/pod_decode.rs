//! The `pod_wire` shapes read by hand from a Pod's JSON text (`json_cursor`), for the Pods that
//! make up most of a big dump. Reads exactly what serde's derived `Deserialize` of those shapes
//! reads, or answers `None` and leaves the object to serde: a field the shapes do not hold is
//! checked and passed over, as serde's `IgnoredAny` does; `null` is a missing field.

use super::pod_wire::{
    WireContainer, WireContainerPort, WireContainerState, WireContainerStatus, WireOwnerRef,
    WirePod, WirePodCondition, WirePodIp, WirePodMeta, WirePodSpec, WirePodStatus,
    WireReadinessGate, WireReason,
};
use crate::model::{Labels, ObjectUid, Str};
use crate::source::json_cursor::{Cursor, Seen};
use serde::de::IgnoredAny;

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

fn text(c: &mut Cursor<'_>) -> Option<Str> {
    c.str().map(|s| Str::from(s.as_ref()))
}

fn opt_text(c: &mut Cursor<'_>) -> Option<Option<Str>> {
    c.opt(text)
}

/// Present (anything but `null`) or not: `Option<IgnoredAny>`.
fn present(c: &mut Cursor<'_>) -> Option<Option<IgnoredAny>> {
    c.opt(|c| c.skip().map(|()| IgnoredAny))
}

/// A string map, built as serde's `LiteMap` builds it (appended while the keys come sorted,
/// the others added at the end), so repeated or unsorted keys end the same.
fn labels(c: &mut Cursor<'_>) -> Option<Labels> {
    let mut labels = Labels::new();
    let mut out_of_order = Vec::new();
    c.object(|c, key| {
        if let Some(pair) = labels.try_append(Str::from(&*key), text(c)?) {
            out_of_order.push(pair);
        }
        Some(())
    })?;
    if !out_of_order.is_empty() {
        labels.extend(out_of_order);
    }
    Some(labels)
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
                m.uid = c.opt(|c| c.str().map(|s| ObjectUid::from(s.as_ref())))?;
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

fn owners(c: &mut Cursor<'_>) -> Option<Vec<WireOwnerRef>> {
    c.vec(|c| {
        let mut o = WireOwnerRef::default();
        let mut seen = Seen::default();
        c.object(|c, key| {
            match &*key {
                "apiVersion" => {
                    seen.first(0)?;
                    o.api_version = opt_text(c)?;
                }
                "kind" => {
                    seen.first(1)?;
                    o.kind = opt_text(c)?;
                }
                "name" => {
                    seen.first(2)?;
                    o.name = opt_text(c)?;
                }
                "uid" => {
                    seen.first(3)?;
                    o.uid = opt_text(c)?;
                }
                "controller" => {
                    seen.first(4)?;
                    o.controller = c.opt(Cursor::bool)?;
                }
                _ => c.skip()?,
            };
            Some(())
        })?;
        Some(o)
    })
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
    use super::*;

    /// What serde's derived `Deserialize` reads from the same text.
    fn by_serde(text: &str) -> Option<WirePod> {
        serde_json::from_str(text).ok()
    }

    /// The reader's promise: whatever it reads, serde reads the same.
    fn agrees(text: &str) -> bool {
        match pod(text) {
            Some(read) => {
                assert_eq!(Some(&read), by_serde(text).as_ref(), "{text}");
                true
            }
            None => false,
        }
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

    /// Every Pod of the recorded dumps (from a real control plane, YAML or JSON), compact and
    /// indented as kubectl prints it, is read by hand and as serde reads it.
    #[test]
    fn recorded_pods_read_as_serde_reads_them() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
        let mut pods = 0;
        for scenario in std::fs::read_dir(dir).unwrap() {
            for name in ["cluster.json", "cluster.yaml"] {
                let Ok(text) =
                    std::fs::read_to_string(scenario.as_ref().unwrap().path().join(name))
                else {
                    continue;
                };
                let docs = crate::source::decode_documents(&text).unwrap();
                for doc in docs {
                    let items = doc.value["items"].as_array().cloned();
                    for item in items.unwrap_or_else(|| vec![doc.value]) {
                        if item["kind"] != "Pod" {
                            continue;
                        }
                        for text in [
                            serde_json::to_string(&item).unwrap(),
                            serde_json::to_string_pretty(&item).unwrap(),
                        ] {
                            assert!(agrees(&text), "left to serde: {text}");
                        }
                        pods += 1;
                    }
                }
            }
        }
        assert!(pods >= 100, "{pods} recorded pods");
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
        let (mut read, mut whole) = (0, 0);
        for seed in 1..=30_000u64 {
            let mut g = Gen(seed.wrapping_mul(0x9e37_79b9_7f4a_7c15) | 1);
            let mut text = g.pod();
            let damaged = seed % 3 == 0;
            if damaged {
                g.damage(&mut text);
            }
            let by_hand = agrees(&text);
            if !damaged {
                whole += 1;
                read += usize::from(by_hand);
            }
        }
        // Not a test that passes by reading nothing: many undamaged pods are read by hand.
        assert!(read > whole / 3, "{read} of {whole} read by hand");
    }

    /// A small deterministic generator of pod-shaped JSON text.
    struct Gen(u64);

    impl Gen {
        fn next(&mut self) -> u64 {
            self.0 ^= self.0 << 13;
            self.0 ^= self.0 >> 7;
            self.0 ^= self.0 << 17;
            self.0
        }

        fn below(&mut self, n: u64) -> u64 {
            self.next() % n
        }

        fn pick<'a>(&mut self, from: &[&'a str]) -> &'a str {
            from[self.below(from.len() as u64) as usize]
        }

        /// A field's value: mostly what the field holds, sometimes anything else.
        fn value(&mut self, want: &str) -> String {
            if self.below(12) == 0 {
                return self.any(2);
            }
            match want {
                "str" => self.string(),
                "bool" => self.pick(&["true", "false", "null"]).into(),
                "int" => self
                    .pick(&["80", "8080", "0", "-1", "65535", "null", "2147483647"])
                    .into(),
                "labels" => {
                    let keys = ["app", "tier", "pod-template-hash", "a/b", "app"];
                    let n = self.below(5);
                    let pairs: Vec<String> = (0..n)
                        .map(|_| format!("\"{}\": {}", self.pick(&keys), self.string()))
                        .collect();
                    format!("{{{}}}", pairs.join(", "))
                }
                other => {
                    let fields = fields_of(other);
                    let n = self.below(fields.len() as u64 + 2);
                    let parts: Vec<String> = (0..n)
                        .map(|_| {
                            if self.below(5) == 0 {
                                return format!(
                                    "\"{}\": {}",
                                    self.pick(&["image", "x"]),
                                    self.any(2)
                                );
                            }
                            let (name, kind) = fields[self.below(fields.len() as u64) as usize];
                            let value = match kind.strip_prefix("[]") {
                                Some(element) => {
                                    let n = self.below(3);
                                    let items: Vec<String> =
                                        (0..n).map(|_| self.value(element)).collect();
                                    format!("[{}]", items.join(","))
                                }
                                None => self.value(kind),
                            };
                            format!("\"{name}\":{}{value}", self.pick(&["", " ", "\n  "]))
                        })
                        .collect();
                    if self.below(8) == 0 {
                        return "null".into();
                    }
                    format!("{{{}}}", parts.join(self.pick(&[",", ", ", ",\n"])))
                }
            }
        }

        fn string(&mut self) -> String {
            self.pick(&[
                "\"web\"",
                "\"\"",
                "\"10.0.0.7\"",
                "\"Ready\"",
                "\"a\\\"b\"",
                "\"\\u00e9t\\u00e9\"",
                "\"\\ud83d\\ude00\"",
                "\"tab\\there\"",
                "\"h\u{e9}llo w\u{f6}rld, a longer value\"",
                "null",
            ])
            .into()
        }

        fn any(&mut self, depth: u32) -> String {
            match self.below(if depth == 0 { 5 } else { 7 }) {
                0 => self.string(),
                1 => self
                    .pick(&["0", "-1.5", "1e3", "18446744073709551616", "-0"])
                    .into(),
                2 => self.pick(&["true", "false"]).into(),
                3 => "null".into(),
                4 => "\"s\"".into(),
                5 => format!("[{}, {}]", self.any(depth - 1), self.any(depth - 1)),
                _ => format!(
                    "{{\"k\": {}, \"ready\": {}}}",
                    self.any(depth - 1),
                    self.any(depth - 1)
                ),
            }
        }

        fn pod(&mut self) -> String {
            self.value("pod")
        }

        /// One byte dropped, doubled or replaced by JSON punctuation.
        fn damage(&mut self, text: &mut String) {
            let bytes = text.as_bytes();
            let at = self.below(bytes.len() as u64) as usize;
            if !text.is_char_boundary(at) || !text.is_char_boundary(at + 1) {
                return;
            }
            let punctuation = self.pick(&["", "\"", ",", "}", "]", "\\", "1", " ", "\u{1}"]);
            let doubled = text[at..at + 1].to_string();
            let with = if self.below(3) == 0 {
                doubled.as_str()
            } else {
                punctuation
            };
            text.replace_range(at..at + 1, with);
        }
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
            "owner" => &[
                ("apiVersion", "str"),
                ("kind", "str"),
                ("name", "str"),
                ("uid", "str"),
                ("controller", "bool"),
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
            _ => unreachable!("{shape}"),
        }
    }
}
