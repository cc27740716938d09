//! Streaming JSON input: a `kubectl get -o json` List of a big cluster (hundreds of MB) is read
//! from the file item by item, so neither the whole text nor a whole `serde_json::Value` tree is
//! ever held in memory. Each item reaches the caller as its raw JSON text, which `convert`
//! deserializes straight into the typed API object.

use serde::de::{DeserializeSeed, Deserializer, Error as _, MapAccess, SeqAccess, Visitor};
use serde_json::value::RawValue;
use serde_json::{Map, Value};
use std::fmt;
use std::io::BufRead;

/// One API object out of the decoder.
#[derive(Debug)]
pub enum ApiObject {
    /// A whole parsed document (a single object, or a List to unwrap).
    Value(Value),
    /// The raw JSON text of one List item.
    Raw(Box<RawValue>),
}

/// A failure: which top-level document, and what was wrong.
#[derive(Debug, PartialEq, Eq)]
pub struct StreamFailure {
    /// 1-based top-level document number.
    pub doc: usize,
    /// Parser or conversion message.
    pub message: String,
}

type Each<'a> = &'a mut dyn FnMut(ApiObject) -> Result<(), String>;

/// Reads every top-level JSON document of `reader` (concatenated documents are allowed) and calls
/// `each` per object: List items one at a time, other documents whole. Returns the number of
/// top-level documents.
pub fn stream_json(reader: &mut dyn BufRead, each: Each<'_>) -> Result<usize, StreamFailure> {
    let mut docs = 0;
    loop {
        if at_end(reader).map_err(|e| StreamFailure {
            doc: docs + 1,
            message: e.to_string(),
        })? {
            return Ok(docs);
        }
        docs += 1;
        let mut de = serde_json::Deserializer::from_reader(&mut *reader);
        let fail = |e: serde_json::Error| StreamFailure {
            doc: docs,
            message: e.to_string(),
        };
        let rest = Document { each: &mut *each }
            .deserialize(&mut de)
            .map_err(fail)?;
        if let Some(value) = rest {
            each(ApiObject::Value(value))
                .map_err(|message| StreamFailure { doc: docs, message })?;
        }
    }
}

/// Skips whitespace (and a UTF-8 byte-order mark); true at the end of the input.
fn at_end(reader: &mut dyn BufRead) -> std::io::Result<bool> {
    loop {
        let buf = reader.fill_buf()?;
        if buf.is_empty() {
            return Ok(true);
        }
        let skip = if buf.starts_with(&[0xEF, 0xBB, 0xBF]) {
            3
        } else {
            buf.iter().take_while(|b| b.is_ascii_whitespace()).count()
        };
        if skip == 0 {
            return Ok(false);
        }
        reader.consume(skip);
    }
}

/// A top-level document: `items` are streamed; anything that is not a List comes back whole.
struct Document<'a> {
    each: Each<'a>,
}

impl<'de> DeserializeSeed<'de> for Document<'_> {
    type Value = Option<Value>;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Document<'_> {
    type Value = Option<Value>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a Kubernetes object or List")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut rest = Map::new();
        let mut streamed = false;
        while let Some(key) = map.next_key::<String>()? {
            if key == "items" {
                map.next_value_seed(Items {
                    each: &mut *self.each,
                })?;
                streamed = true;
            } else {
                rest.insert(key, map.next_value::<Value>()?);
            }
        }
        Ok((!streamed).then_some(Value::Object(rest)))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        let mut items = Vec::new();
        while let Some(v) = seq.next_element::<Value>()? {
            items.push(v);
        }
        Ok(Some(Value::Array(items)))
    }

    fn visit_unit<E: serde::de::Error>(self) -> Result<Self::Value, E> {
        Ok(Some(Value::Null))
    }

    fn visit_bool<E: serde::de::Error>(self, v: bool) -> Result<Self::Value, E> {
        Ok(Some(Value::Bool(v)))
    }

    fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<Self::Value, E> {
        Ok(Some(Value::from(v)))
    }

    fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<Self::Value, E> {
        Ok(Some(Value::from(v)))
    }

    fn visit_f64<E: serde::de::Error>(self, v: f64) -> Result<Self::Value, E> {
        Ok(Some(Value::from(v)))
    }

    fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Self::Value, E> {
        Ok(Some(Value::from(v)))
    }
}

/// The `items` array of a List, handed over one raw item at a time.
struct Items<'a> {
    each: Each<'a>,
}

impl<'de> DeserializeSeed<'de> for Items<'_> {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Items<'_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a list of Kubernetes objects")
    }

    fn visit_unit<E: serde::de::Error>(self) -> Result<(), E> {
        Ok(())
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        while let Some(raw) = seq.next_element::<Box<RawValue>>()? {
            (self.each)(ApiObject::Raw(raw)).map_err(A::Error::custom)?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(text: &str) -> Result<(usize, Vec<String>), StreamFailure> {
        let mut seen = Vec::new();
        let mut each = |o: ApiObject| {
            seen.push(match o {
                ApiObject::Value(v) => format!("value {v}"),
                ApiObject::Raw(r) => format!("raw {}", r.get()),
            });
            Ok(())
        };
        let n = stream_json(&mut text.as_bytes(), &mut each)?;
        Ok((n, seen))
    }

    #[test]
    fn list_items_are_streamed_raw_and_other_documents_come_whole() {
        let (n, seen) = run(
            "\u{feff}{\"kind\":\"List\",\"items\":[{\"kind\":\"Pod\"}, {\"kind\":\"Node\"}]}\n{\"kind\":\"Service\"}\n",
        )
        .unwrap();
        assert_eq!(n, 2);
        assert_eq!(
            seen,
            [
                "raw {\"kind\":\"Pod\"}",
                "raw {\"kind\":\"Node\"}",
                "value {\"kind\":\"Service\"}"
            ]
        );
    }

    #[test]
    fn errors_name_the_document_and_callback_errors_stop_the_stream() {
        let err = run("{\"a\":1}\n{\"b\":").unwrap_err();
        assert_eq!(err.doc, 2);
        let mut each = |_: ApiObject| Err("invalid Pod \"x\"".to_string());
        let err = stream_json(&mut "{\"items\":[{}]}".as_bytes(), &mut each).unwrap_err();
        assert_eq!(err.doc, 1);
        assert!(
            err.message.starts_with("invalid Pod \"x\""),
            "{}",
            err.message
        );
        assert_eq!(run("  \n").unwrap().0, 0);
        assert_eq!(run("{\"items\":null}").unwrap().1.len(), 0);
    }
}
