//! What the converters read an API object from (parsed JSON or raw JSON text), and the one
//! deserializing call they all make. Below `mod.rs` and every converter, which all import it.

use super::refused::{self, Refused};
use super::stamp::{Stamp, holds_a_value};
use crate::model::ObjectUid;
use crate::source::json_path::Segment;
use serde_json::Value;

/// What a converter can read an API object from: a parsed JSON value or raw JSON text.
pub(crate) trait Input {
    /// Deserializes into `T`, naming the object and field on failure (`invalid Pod "name":
    /// spec.containers[0].ports: ...`).
    fn typed<T: serde::de::DeserializeOwned>(self, kind: &str) -> Result<T, Refused>;
    /// The identity and cluster-state fields of `metadata`.
    fn stamp(&self) -> Stamp;
    /// As [`typed`](Input::typed) then `convert`, with a hand-written reader of raw JSON text
    /// tried first (`pod_decode`), which makes what `convert` would; it answers `None` for
    /// anything it leaves to serde.
    fn decoded<T: serde::de::DeserializeOwned, U>(
        self,
        kind: &str,
        _read: fn(&str) -> Option<U>,
        convert: fn(T) -> U,
    ) -> Result<U, Refused>
    where
        Self: Sized,
    {
        self.typed(kind).map(convert)
    }
}

impl Input for Value {
    fn typed<T: serde::de::DeserializeOwned>(self, kind: &str) -> Result<T, Refused> {
        // Read by reference, so that a refused object can be read again to learn the field;
        // the path is tracked only then, keeping the common case fast.
        let mut value = self;
        if let Ok(t) = T::deserialize(&value) {
            return Ok(t);
        }
        if empty_null_map_values(&mut value)
            && let Ok(t) = T::deserialize(&value)
        {
            return Ok(t);
        }
        let error = serde_path_to_error::deserialize::<_, T>(&value)
            .err()
            .map(|e| (path_of(e.path()), e.into_inner().to_string()));
        Err(refused(kind, &value, error))
    }

    fn stamp(&self) -> Stamp {
        let field = |f: &str| self.get("metadata")?.get(f)?.as_str();
        let mut stamp = Stamp::new(
            field("namespace"),
            field("uid").map(ObjectUid::from),
            field("resourceVersion"),
        );
        stamp.status = self.get("status").is_some_and(holds_a_value);
        stamp.created_null = self
            .get("metadata")
            .and_then(|m| m.get("creationTimestamp"))
            .is_some_and(Value::is_null);
        stamp
    }
}

impl Input for &[u8] {
    fn decoded<T: serde::de::DeserializeOwned, U>(
        self,
        kind: &str,
        read: fn(&str) -> Option<U>,
        convert: fn(T) -> U,
    ) -> Result<U, Refused> {
        match simdutf8::basic::from_utf8(self) {
            Ok(text) => text.decoded(kind, read, convert),
            Err(_) => self.typed(kind).map(convert),
        }
    }

    fn typed<T: serde::de::DeserializeOwned>(self, kind: &str) -> Result<T, Refused> {
        // The item checked for UTF-8 at once, then read as text: serde_json's slice reader
        // checks each string on its own, which costs more over the many short strings of an
        // API object (perf: ~4% of a 150k-pod diagnose). Not UTF-8: the slice reader reports it.
        let parsed = match simdutf8::basic::from_utf8(self) {
            Ok(text) => serde_json::from_str(text),
            Err(_) => serde_json::from_slice(self),
        };
        parsed.or_else(|_| {
            // Read again as a JSON tree, where a repeated key has replaced the earlier one (Go's
            // encoding/json, which kubectl uses, keeps the last; derived structs would refuse
            // the repetition), and refused from there with the field's path.
            match serde_json::from_slice::<Value>(self) {
                Ok(value) => value.typed(kind),
                Err(e) => {
                    let mut de = serde_json::Deserializer::from_slice(self);
                    let error = serde_path_to_error::deserialize::<_, T>(&mut de)
                        .err()
                        .map(|e| (path_of(e.path()), e.into_inner().to_string()))
                        .unwrap_or_else(|| (Vec::new(), e.to_string()));
                    Err(refused(kind, &Value::Null, Some(error)))
                }
            }
        })
    }

    fn stamp(&self) -> Stamp {
        use crate::source::json_head;
        if let Some(m) = json_head::metadata(self) {
            let mut stamp = Stamp::new(m.namespace, m.uid.map(ObjectUid::from), m.resource_version);
            stamp.created_null = m.created_null;
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

/// JSON text already checked for UTF-8 (a run of List items, `json_runs`): read as raw text
/// without checking each item again.
impl Input for &str {
    fn decoded<T: serde::de::DeserializeOwned, U>(
        self,
        kind: &str,
        read: fn(&str) -> Option<U>,
        convert: fn(T) -> U,
    ) -> Result<U, Refused> {
        if let Some(u) = read(self) {
            return Ok(u);
        }
        self.typed(kind).map(convert)
    }

    fn typed<T: serde::de::DeserializeOwned>(self, kind: &str) -> Result<T, Refused> {
        // Refused: read again as bytes, which names the field.
        serde_json::from_str(self).or_else(|_| self.as_bytes().typed(kind))
    }

    fn stamp(&self) -> Stamp {
        self.as_bytes().stamp()
    }
}

/// Fields that are Go `map[string]string`s in the API (labels, annotations, Service selectors,
/// `matchLabels`, `nodeSelector`).
const STRING_MAPS: &[&str] = &[
    "labels",
    "annotations",
    "selector",
    "matchLabels",
    "nodeSelector",
];

/// Replaces `null` values of string maps by `""`; whether any was replaced. YAML's `app:` (or
/// `~`) is null, and Go's encoding/json, which kubectl and the API server decode with, stores
/// the zero value for a null map element: `labels: {app: }` is the label `app=""`, not an
/// invalid object (`kubectl set selector --local` prints `app: ""`). Only a refused object is
/// walked, so valid input pays nothing.
fn empty_null_map_values(v: &mut Value) -> bool {
    let mut changed = false;
    match v {
        Value::Object(map) => {
            for (k, x) in map.iter_mut() {
                if let Value::Object(m) = x
                    && STRING_MAPS.contains(&k.as_str())
                    && m.values().all(|e| e.is_string() || e.is_null())
                {
                    for e in m.values_mut().filter(|e| e.is_null()) {
                        *e = Value::String(String::new());
                        changed = true;
                    }
                } else {
                    changed |= empty_null_map_values(x);
                }
            }
        }
        Value::Array(items) => {
            for x in items {
                changed |= empty_null_map_values(x);
            }
        }
        _ => {}
    }
    changed
}

fn refused(kind: &str, object: &Value, error: Option<(Vec<Segment>, String)>) -> Refused {
    let (path, message) = error.unwrap_or_default();
    Refused {
        what: format!("{kind}{}", object_name(object)),
        within: Vec::new(),
        path,
        problem: refused::problem(&message),
    }
}

fn path_of(path: &serde_path_to_error::Path) -> Vec<Segment> {
    use serde_path_to_error::Segment as S;
    path.iter()
        .filter_map(|s| match s {
            S::Seq { index } => Some(Segment::Index(*index)),
            S::Map { key } => Some(Segment::Key(key.clone())),
            S::Enum { variant } => Some(Segment::Key(variant.clone())),
            S::Unknown => None,
        })
        .collect()
}

fn object_name(value: &Value) -> String {
    value
        .pointer("/metadata/name")
        .and_then(Value::as_str)
        .map(|n| format!(" {n:?}"))
        .unwrap_or_default()
}

/// Deserializes a known kind, naming the object and field on failure.
pub(super) fn typed<T: serde::de::DeserializeOwned>(
    value: impl Input,
    kind: &str,
) -> Result<T, Refused> {
    value.typed(kind)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn null_values_of_string_maps_become_empty_strings_and_nothing_else_changes() {
        let mut v = json!({
            "metadata": {"labels": {"app": null, "tier": "web"}, "annotations": {"a": null}},
            "spec": {
                "selector": {"matchLabels": {"app": null}, "matchExpressions": null},
                "template": {"spec": {"nodeSelector": {"disk": null}, "hostname": null}},
                "ports": [{"name": null}]
            }
        });
        assert!(empty_null_map_values(&mut v));
        assert_eq!(
            v,
            json!({
                "metadata": {"labels": {"app": "", "tier": "web"}, "annotations": {"a": ""}},
                "spec": {
                    "selector": {"matchLabels": {"app": ""}, "matchExpressions": null},
                    "template": {"spec": {"nodeSelector": {"disk": ""}, "hostname": null}},
                    "ports": [{"name": null}]
                }
            })
        );
        assert!(!empty_null_map_values(&mut v));
    }
}
