//! Streaming decode: each document's objects are converted to model types as the parser reaches
//! them, so a `kind: List` of 150k pods never exists as one JSON tree in memory. Memory tracks
//! the data kept (the model), not the text received.

use super::convert::{ConvertStats, objects_to_cluster};
use crate::model::Cluster;
use serde::de::{self, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Value};
use std::fmt;

/// What one document turned into.
#[derive(Default)]
pub(crate) struct StreamDoc {
    pub(crate) cluster: Cluster,
    pub(crate) stats: ConvertStats,
}

impl<'de> de::Deserialize<'de> for StreamDoc {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(DocVisitor)
    }
}

struct DocVisitor;

impl<'de> Visitor<'de> for DocVisitor {
    type Value = StreamDoc;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a Kubernetes object or a List of objects")
    }

    fn visit_unit<E: de::Error>(self) -> Result<StreamDoc, E> {
        Ok(StreamDoc::default())
    }

    fn visit_none<E: de::Error>(self) -> Result<StreamDoc, E> {
        Ok(StreamDoc::default())
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<StreamDoc, A::Error> {
        let mut doc = StreamDoc::default();
        let mut top = Map::new();
        let mut streamed = false;
        while let Some(key) = map.next_key::<String>()? {
            if key == "items" {
                map.next_value_seed(ItemsSeed(&mut doc))?;
                streamed = true;
            } else {
                top.insert(key, map.next_value::<Value>()?);
            }
        }
        if streamed {
            // The List's head still says something (an empty `PodList`: pods read, none exist).
            top.insert("items".to_string(), Value::Array(Vec::new()));
        }
        objects_to_cluster(Value::Object(top), &mut doc.cluster, &mut doc.stats)
            .map_err(de::Error::custom)?;
        Ok(doc)
    }
}

/// The `items` of a List: converted one at a time.
struct ItemsSeed<'a>(&'a mut StreamDoc);

impl<'de> de::DeserializeSeed<'de> for ItemsSeed<'_> {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for ItemsSeed<'_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a list of Kubernetes objects")
    }

    fn visit_unit<E: de::Error>(self) -> Result<(), E> {
        Ok(())
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        while let Some(item) = seq.next_element::<Value>()? {
            objects_to_cluster(item, &mut self.0.cluster, &mut self.0.stats)
                .map_err(de::Error::custom)?;
        }
        Ok(())
    }
}

/// Appends a part's objects and counts (a document's, or a batch of List items') to the running
/// totals.
pub(crate) fn merge(into: &mut Cluster, stats: &mut ConvertStats, part: (Cluster, ConvertStats)) {
    into.append(part.0);
    stats.absorb(part.1);
}
