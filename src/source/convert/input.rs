//! What the converters read an API object from (parsed JSON or raw JSON text), and the one
//! deserializing call they all make. Below `mod.rs` and every converter, which all import it.

use super::stamp::{Stamp, holds_a_value};
use serde_json::Value;

/// What a converter can read an API object from: a parsed JSON value or raw JSON text.
pub(crate) trait Input {
    /// Deserializes into `T`, turning serde's message into ours (`invalid Pod "name": ...`).
    fn typed<T: serde::de::DeserializeOwned>(self, kind: &str) -> Result<T, String>;
    /// The identity and cluster-state fields of `metadata`.
    fn stamp(&self) -> Stamp;
}

impl Input for Value {
    fn typed<T: serde::de::DeserializeOwned>(self, kind: &str) -> Result<T, String> {
        let name = object_name(&self);
        serde_json::from_value(self).map_err(|e| format!("invalid {kind}{name}: {e}"))
    }

    fn stamp(&self) -> Stamp {
        let field = |f: &str| self.get("metadata")?.get(f)?.as_str();
        let mut stamp = Stamp::new(field("namespace"), field("uid"), field("resourceVersion"));
        stamp.status = self.get("status").is_some_and(holds_a_value);
        stamp
    }
}

impl Input for &[u8] {
    fn typed<T: serde::de::DeserializeOwned>(self, kind: &str) -> Result<T, String> {
        serde_json::from_slice(self).map_err(|e| {
            let name = serde_json::from_slice::<Value>(self)
                .map(|v| object_name(&v))
                .unwrap_or_default();
            format!("invalid {kind}{name}: {e}")
        })
    }

    fn stamp(&self) -> Stamp {
        use crate::source::json_head;
        if let Some(m) = json_head::metadata(self) {
            let mut stamp = Stamp::new(m.namespace, m.uid, m.resource_version);
            // Dumps carry uid and resourceVersion: only other objects need their status read.
            if m.uid.is_none() && m.resource_version.is_none() {
                stamp.status = json_head::status(self).is_some_and(|raw| {
                    serde_json::from_slice::<Value>(raw).is_ok_and(|v| holds_a_value(&v))
                });
            }
            return stamp;
        }
        // Escapes or an unusual layout: let serde read it (a malformed object fails in `typed`).
        serde_json::from_slice::<Value>(self)
            .map(|v| v.stamp())
            .unwrap_or_default()
    }
}

fn object_name(value: &Value) -> String {
    value
        .pointer("/metadata/name")
        .and_then(Value::as_str)
        .map(|n| format!(" {n:?}"))
        .unwrap_or_default()
}

/// Deserializes a known kind, turning serde's message into ours.
pub(super) fn typed<T: serde::de::DeserializeOwned>(
    value: impl Input,
    kind: &str,
) -> Result<T, String> {
    value.typed(kind)
}
