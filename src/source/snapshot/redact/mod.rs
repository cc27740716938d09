//! `snapshot --redact`: the same cluster with names, label values, node names, zones, hostnames
//! and IP addresses replaced by keyed pseudonyms, consistently, so every selector still selects
//! what it selected and the diagnosis is the original's with names substituted.
//!
//! - A pseudonym is HMAC-SHA-256 (RFC 2104) of the original under the key: the same key gives
//!   the same pseudonyms (two snapshots of one cluster stay comparable); without the key they
//!   cannot be reversed, short of guessing names and the key.
//! - Names are renamed run by run: each run of letters and digits (`web`, `6d4cf56db6`) gets its
//!   pseudonym, separators and a final all-digit run stay (`web-6d4cf56db6-x2k9p` ->
//!   `qhtrzk-mvbcelqqjd-ksuwpa`, `db-0` -> `ekzyqu-0`). So a pod keeps its ReplicaSet's name as
//!   prefix, a StatefulSet pod its ordinal, and a name, a label value and a
//!   `kubernetes.io/service-name` that were equal stay equal.
//! - Addresses keep their family and their subnet's grouping: an IPv4 address keeps its host
//!   octet and its /24 becomes a pseudonymous 10.x.y.0/24; an IPv6 address keeps its interface
//!   id and its /64 becomes a pseudonymous fdxx:…/64.
//! - Kept: Kubernetes' own names (`default`, `kube-system`, `kube-public`, `kube-node-lease`,
//!   the `kubernetes` Service), label keys (their DNS prefix renamed unless it is Kubernetes'
//!   own: `kubernetes.io`, `k8s.io`), the values of labels that change behaviour
//!   ([`KEPT_LABEL_VALUES`]), port names (not secret, and they must stay valid IANA service
//!   names that Service `targetPort`s and probes refer to), kinds, uids, versions, times.
//! - Free text that may quote anything (Event and condition `message`s) is replaced.

mod ip;
mod key;
mod names;

pub use names::{KEPT_LABEL_VALUES, KEPT_NAMES};

use super::meta::{SnapshotMeta, SnapshotScope};
use key::Key;
use serde_json::{Map, Value};

/// Renames a snapshot's objects under one key.
pub struct Redactor {
    key: Key,
}

impl std::fmt::Debug for Redactor {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // The key never leaves the process, not even in a debug print.
        f.write_str("Redactor { key: <hidden> }")
    }
}

impl Redactor {
    /// Pseudonyms under `key` (`--redact-key`): the same key, the same pseudonyms.
    pub fn with_key(key: &str) -> Self {
        Redactor {
            key: Key::from_text(key),
        }
    }

    /// Pseudonyms under a random key that is never written anywhere.
    pub fn random() -> Result<Self, String> {
        Ok(Redactor {
            key: Key::random()?,
        })
    }

    /// The snapshot's own object, with the names in its scope and warnings renamed.
    pub fn meta(&self, meta: &SnapshotMeta) -> SnapshotMeta {
        let mut m = meta.clone();
        m.scope = match &meta.scope {
            SnapshotScope::Service { namespace, name } => SnapshotScope::Service {
                namespace: self.name(namespace),
                name: self.name(name),
            },
            SnapshotScope::Namespace(ns) => SnapshotScope::Namespace(self.name(ns)),
            SnapshotScope::AllNamespaces => SnapshotScope::AllNamespaces,
        };
        m.warnings = meta.warnings.iter().map(|w| self.quoted(w)).collect();
        m.redacted = true;
        m
    }

    /// A warning with every `"quoted"` name (namespace, object, user) renamed.
    fn quoted(&self, text: &str) -> String {
        let mut out = String::new();
        for (i, part) in text.split('"').enumerate() {
            if i > 0 {
                out.push('"');
            }
            if i % 2 == 1 {
                out.push_str(&self.name(part));
            } else {
                out.push_str(part);
            }
        }
        out
    }

    /// Renames one API object in place.
    pub fn object(&self, object: &mut Value) {
        self.value(None, None, object);
    }

    /// `key`: the field holding `v`; `parent`: the field holding the object or array `v` is in.
    fn value(&self, key: Option<&str>, parent: Option<&str>, v: &mut Value) {
        match v {
            Value::Object(map) => self.map(key, map),
            Value::Array(items) => {
                for item in items {
                    self.value(key, parent, item);
                }
            }
            Value::String(s) => {
                if let Some(new) = self.string(key, parent, s) {
                    *s = new;
                }
            }
            _ => {}
        }
    }

    fn map(&self, key: Option<&str>, map: &mut Map<String, Value>) {
        let is_label_map = matches!(key, Some("labels" | "matchLabels" | "nodeSelector"))
            || (key == Some("selector") && map.values().all(Value::is_string));
        if is_label_map {
            let old = std::mem::take(map);
            for (k, v) in old {
                let v = match v {
                    Value::String(s) => Value::String(self.label_value(&k, &s)),
                    other => other,
                };
                map.insert(self.label_key(&k), v);
            }
            return;
        }
        if key == Some("annotations") {
            for (k, v) in map.iter_mut() {
                if let Value::String(s) = v
                    && !names::annotation_value_kept(k)
                {
                    *s = self.name(s);
                }
            }
            return;
        }
        // A selector requirement (`{key, operator, values}`): the key is a label key, the
        // values its label values.
        if let (Some(Value::String(label)), Some(Value::String(_))) =
            (map.get("key"), map.get("operator"))
        {
            let label = label.clone();
            if let Some(Value::Array(values)) = map.get_mut("values") {
                for v in values {
                    if let Value::String(s) = v {
                        *s = self.label_value(&label, s);
                    }
                }
            }
            map.insert("key".into(), Value::String(self.label_key(&label)));
            return;
        }
        for (k, v) in map.iter_mut() {
            self.value(Some(k), key, v);
        }
    }

    /// The new text of a string field, `None` to keep it.
    fn string(&self, key: Option<&str>, parent: Option<&str>, s: &str) -> Option<String> {
        match key? {
            "message" => Some("(redacted)".to_string()),
            // Port names stay (module doc); so do `targetPort`/probe `port` names.
            "name" if matches!(parent, Some("ports" | "port")) => None,
            "targetPort"
            | "port"
            | "kind"
            | "apiVersion"
            | "uid"
            | "resourceVersion"
            | "type"
            | "status"
            | "reason"
            | "protocol"
            | "phase"
            | "kubeletVersion"
            | "creationTimestamp"
            | "deletionTimestamp"
            | "time"
            | "lastTransitionTime"
            | "appProtocol"
            | "addressType"
            | "ipFamilyPolicy"
            | "ipFamilies"
            | "externalTrafficPolicy"
            | "internalTrafficPolicy"
            | "trafficDistribution"
            | "sessionAffinity"
            | "policyTypes"
            | "operator"
            | "path"
            | "pathType" => None,
            "name" | "namespace" | "generateName" | "nodeName" | "hostname" | "subdomain"
            | "serviceName" | "externalName" | "host" | "hosts" | "hostnames" | "zone"
            | "image" | "providerID" | "ingressClassName" | "schedulerName"
            | "serviceAccountName" | "serviceAccount" | "sectionName" | "address"
            | "nominatedNodeName" | "imageID" | "reportingInstance" => {
                Some(ip::address(&self.key, s).unwrap_or_else(|| self.name(s)))
            }
            _ => ip::address(&self.key, s),
        }
    }

    /// A name (or hostname, zone, image): each letter-and-digit run renamed (module doc).
    pub fn name(&self, s: &str) -> String {
        if KEPT_NAMES.contains(&s) {
            return s.to_string();
        }
        names::runs(s, |run, last| self.run(run, last))
    }

    /// One run of letters and digits: a last all-digit run stays (an ordinal, `db-0`; other
    /// digits may be an address, `ip-10-0-1-7`); otherwise as many letters as it had, at
    /// least 6 (fewer would collide) and at most 24 (valid in every Kubernetes name and DNS
    /// label; capitalised when it had capitals).
    fn run(&self, run: &str, last: bool) -> String {
        if last && run.bytes().all(|b| b.is_ascii_digit()) {
            return run.to_string();
        }
        // Exact bytes: `Web` and `web` differ for a selector, so their pseudonyms differ too.
        let mac = self.key.mac("name", run.as_bytes());
        let len = run.len().clamp(6, 24);
        let capital = run.bytes().any(|b| b.is_ascii_uppercase());
        mac.iter()
            .take(len)
            .enumerate()
            .map(|(i, b)| {
                let c = char::from(b'a' + b % 26);
                if capital && i == 0 {
                    c.to_ascii_uppercase()
                } else {
                    c
                }
            })
            .collect()
    }

    /// A label key: the DNS prefix renamed unless it is Kubernetes' own; the name part kept.
    fn label_key(&self, key: &str) -> String {
        match key.split_once('/') {
            Some((prefix, name)) if !names::kubernetes_prefix(prefix) => {
                format!("{}/{name}", self.name(prefix))
            }
            _ => key.to_string(),
        }
    }

    /// A label value: kept for labels that change behaviour, else renamed like a name.
    fn label_value(&self, key: &str, value: &str) -> String {
        if names::label_value_kept(key) {
            return value.to_string();
        }
        ip::address(&self.key, value).unwrap_or_else(|| self.name(value))
    }
}

#[cfg(test)]
mod tests;
