//! The items of a snapshot as they are read: stripped, tagged with their `apiVersion`/`kind`
//! (list items carry neither) and kept as compact JSON text, not as API objects.

use super::strip::strip;
use crate::source::live::{Keep, Kind};
use serde_json::Value;

/// One kind's items, ready to write.
#[derive(Debug, Default)]
pub struct SnapshotItems(pub Vec<Box<str>>);

impl Keep for SnapshotItems {
    fn add(&mut self, kind: Kind, mut item: Value) -> Result<(), String> {
        strip(kind.kind, &mut item);
        if let Value::Object(map) = &mut item {
            map.insert("apiVersion".into(), kind.api_version.into());
            map.insert("kind".into(), kind.kind.into());
        }
        let text = serde_json::to_string(&item).map_err(|e| e.to_string())?;
        self.0.push(text.into_boxed_str());
        Ok(())
    }

    fn reserve(&mut self, _kind: Kind, n: usize) {
        self.0.reserve(n);
    }

    fn append(&mut self, other: Self) {
        self.0.extend(other.0);
    }

    fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}
