//! YAML text -> one JSON value per document, as kubectl gets them: `sigs.k8s.io/yaml`
//! (`YAMLToJSON`) over go-yaml v2 (`decode.go`), on granit-parser's event stream.
//!
//! - Scalars resolve by YAML 1.1 rules (`resolve`): `0644` is 420, unquoted `yes` is `true`.
//! - A repeated mapping key replaces the earlier value, silently (go-yaml's non-strict
//!   `Unmarshal`, which kubectl uses).
//! - Merge keys (`<<: *base`) copy the merged mapping's entries where the key stands, later
//!   entries overwriting earlier ones, as go-yaml v2 does.
//! - Keys become JSON object keys as `sigs.k8s.io/yaml` spells them (`yes:` is `"true"`, `1:`
//!   is `"1"`); null keys and collections as keys are refused.

use super::resolve::{self, Scalar};
use crate::source::json_path::Segment;
use granit_parser::{Event, Parser, ScalarStyle, ScanError, Span};
use serde_json::{Map, Value};
use std::collections::HashMap;

/// A non-empty document.
#[derive(Debug)]
pub(crate) struct Doc {
    /// 1-based document number in the file, counting empty documents too.
    pub(crate) index: usize,
    /// 1-based line where the document's content starts.
    pub(crate) line: u32,
    /// The document as JSON (top-level `items` already handed over, when streamed).
    pub(crate) value: Value,
    /// The line of each entry of a top-level `items` list.
    pub(crate) item_lines: Vec<u32>,
}

/// Why a value handed to a [`Sink`] was refused, and where in its document.
#[derive(Debug)]
pub(crate) struct Refusal {
    pub(crate) message: String,
    /// The line, when the refusal knows it; otherwise it is looked up by `path`.
    pub(crate) line: Option<u32>,
    /// From the document's root (for a streamed item, starting `items`, index).
    pub(crate) path: Vec<Segment>,
}

/// Where documents go as they are read.
pub(crate) trait Sink {
    /// Hand each entry of a top-level `items` list to [`Sink::item`] as soon as it is read,
    /// instead of keeping the whole list (a big List never exists as one JSON tree).
    fn streams_items(&self) -> bool {
        false
    }
    /// One entry of a streamed top-level `items` list.
    fn item(&mut self, _doc: usize, _index: usize, _value: Value) -> Result<(), Refusal> {
        Ok(())
    }
    /// The document's top-level `items` key came again: the entries handed over so far are
    /// replaced (the last definition of a key wins).
    fn restart_items(&mut self, _doc: usize) {}
    /// A whole document (empty documents are skipped).
    fn document(&mut self, doc: Doc) -> Result<(), Refusal>;
}

/// Why a text could not be read: the document, the line when known, and what is wrong.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct ReadFailure {
    pub(crate) doc: usize,
    pub(crate) line: Option<u32>,
    pub(crate) message: String,
}

/// Parser settings: comments are not needed; a block scalar ending the input without a line
/// break gets none added, as go-yaml (a port of libyaml) reads it.
fn parser(text: &str) -> Parser<'_, granit_parser::StrInput<'_>> {
    let options = granit_parser::options! {
        emit_comments: false,
        block_scalar_eof_without_line_feed: true,
    };
    Parser::new_from_str_with_options(text, options)
}

fn line_of(span: &Span) -> u32 {
    u32::try_from(span.start.line()).unwrap_or(u32::MAX)
}

/// Reads every document of `text` into `sink`. Returns how many non-empty documents there were.
pub(crate) fn read(text: &str, sink: &mut dyn Sink) -> Result<usize, ReadFailure> {
    let mut builder = Builder::new(sink.streams_items(), text.len());
    let mut parser = parser(text);
    let mut count = 0;
    while let Some(next) = parser.next_event() {
        let (event, span) = next.map_err(|e| syntax_failure(&e, builder.doc.max(1)))?;
        let result = match builder.event(event, &span, sink) {
            Ok(Some(doc)) => {
                count += 1;
                let index = doc.index;
                sink.document(doc).map_err(|r| (index, r))
            }
            Ok(None) => Ok(()),
            Err(e) => Err(e),
        };
        if let Err((doc, refusal)) = result {
            let line = refusal
                .line
                .or_else(|| locate(text, doc, &refusal.path))
                .or(builder.doc_line);
            return Err(ReadFailure {
                doc,
                line,
                message: refusal.message,
            });
        }
    }
    Ok(count)
}

fn syntax_failure(e: &ScanError, doc: usize) -> ReadFailure {
    let marker = e.marker();
    let info = e.info();
    let info = info.lines().next().unwrap_or_default().trim();
    ReadFailure {
        doc,
        line: u32::try_from(marker.line()).ok(),
        message: format!("invalid YAML at column {}: {info}", marker.col() + 1),
    }
}

enum Key {
    Name(String),
    Merge,
}

enum Frame {
    Map {
        map: Map<String, Value>,
        anchor: usize,
        line: u32,
        key: Option<Key>,
    },
    Seq {
        items: Vec<Value>,
        anchor: usize,
        line: u32,
        /// The document's top-level `items` list: (streamed, entries so far).
        top_items: Option<(bool, usize)>,
    },
}

struct Builder {
    streams: bool,
    /// How many more values aliases may copy: a few small anchors repeated can expand to
    /// billions of values (an "alias bomb"); go-yaml refuses such documents too.
    alias_budget: usize,
    stack: Vec<Frame>,
    anchors: HashMap<usize, Value>,
    /// 1-based number of the current document (0 before the first).
    doc: usize,
    doc_line: Option<u32>,
    root: Option<Value>,
    item_lines: Vec<u32>,
    /// Top-level `items` entries were handed to the sink in this document.
    streamed: bool,
}

type Failed = (usize, Refusal);

impl Builder {
    fn new(streams: bool, text_len: usize) -> Builder {
        Builder {
            streams,
            alias_budget: text_len.saturating_mul(4).saturating_add(100_000),
            stack: Vec::new(),
            anchors: HashMap::new(),
            doc: 0,
            doc_line: None,
            root: None,
            item_lines: Vec::new(),
            streamed: false,
        }
    }

    fn fail(&self, message: impl Into<String>, line: u32) -> Failed {
        (
            self.doc,
            Refusal {
                message: message.into(),
                line: Some(line),
                path: Vec::new(),
            },
        )
    }

    /// Feeds one event; returns a document when one is complete.
    fn event(
        &mut self,
        event: Event<'_>,
        span: &Span,
        sink: &mut dyn Sink,
    ) -> Result<Option<Doc>, Failed> {
        let line = line_of(span);
        match event {
            Event::DocumentStart(..) => {
                self.doc += 1;
                self.doc_line = None;
                self.root = None;
                self.item_lines.clear();
                self.streamed = false;
            }
            Event::DocumentEnd => {
                self.anchors.clear();
                let value = self.root.take().unwrap_or(Value::Null);
                if !value.is_null() {
                    return Ok(Some(Doc {
                        index: self.doc,
                        line: self.doc_line.unwrap_or(line),
                        value,
                        item_lines: std::mem::take(&mut self.item_lines),
                    }));
                }
            }
            Event::Scalar(text, style, anchor, tag) => {
                self.note_start(line);
                let scalar =
                    scalar(&text, style, tag.as_deref()).map_err(|m| self.fail(m, line))?;
                if self.awaits_key() {
                    let key = if style == ScalarStyle::Plain && text == "<<"
                        || is_merge_tag(tag.as_deref())
                    {
                        Key::Merge
                    } else {
                        Key::Name(resolve::key_string(&scalar).ok_or_else(|| {
                            self.fail(
                                format!("the key `{text}` cannot be a JSON object key (kubectl refuses null and out-of-range keys)"),
                                line,
                            )
                        })?)
                    };
                    if anchor != 0 {
                        let value = resolve::to_json(scalar).unwrap_or(Value::Null);
                        self.anchors.insert(anchor, value);
                    }
                    self.set_key(key, sink);
                } else {
                    let value = resolve::to_json(scalar).map_err(|what| {
                        self.fail(
                            format!(
                                "`{text}` is {what}, which JSON (and so kubectl) cannot represent"
                            ),
                            line,
                        )
                    })?;
                    self.complete(value, anchor, line, sink)?;
                }
            }
            Event::Alias(id) => {
                self.note_start(line);
                let anchored = self
                    .anchors
                    .get(&id)
                    .ok_or_else(|| self.fail("an alias refers to an unknown anchor", line))?;
                let size = values_in(anchored, self.alias_budget);
                if size > self.alias_budget {
                    return Err(self.fail(
                        "aliases expand to far more values than the file holds (an alias bomb?)",
                        line,
                    ));
                }
                self.alias_budget -= size;
                let value = anchored.clone();
                if self.awaits_key() {
                    let key = resolve::key_from_json(&value).ok_or_else(|| {
                        self.fail("a mapping key cannot be a mapping, a list or null", line)
                    })?;
                    self.set_key(Key::Name(key), sink);
                } else {
                    self.complete(value, 0, line, sink)?;
                }
            }
            Event::MappingStart(_, anchor, _) | Event::SequenceStart(_, anchor, _) => {
                self.note_start(line);
                if self.awaits_key() {
                    return Err(self.fail("a mapping key cannot be a mapping or a list", line));
                }
                if matches!(event, Event::MappingStart(..)) {
                    self.stack.push(Frame::Map {
                        map: Map::new(),
                        anchor,
                        line,
                        key: None,
                    });
                } else {
                    let top_items = self
                        .is_top_items()
                        .then_some((self.streams && anchor == 0, 0));
                    if top_items.is_some() {
                        self.item_lines.clear();
                    }
                    self.stack.push(Frame::Seq {
                        items: Vec::new(),
                        anchor,
                        line,
                        top_items,
                    });
                }
            }
            Event::MappingEnd | Event::SequenceEnd => {
                let mut streamed = false;
                let (value, anchor, start) = match self.stack.pop() {
                    Some(Frame::Map {
                        map, anchor, line, ..
                    }) => (Value::Object(map), anchor, line),
                    Some(Frame::Seq {
                        items,
                        anchor,
                        line,
                        top_items,
                    }) => {
                        streamed = top_items.is_some_and(|(streamed, _)| streamed);
                        (Value::Array(items), anchor, line)
                    }
                    None => return Ok(None),
                };
                self.complete(value, anchor, start, sink)?;
                // Set after the (now empty) list took its key's place.
                self.streamed |= streamed;
            }
            _ => {}
        }
        Ok(None)
    }

    fn note_start(&mut self, line: u32) {
        if self.stack.is_empty() && self.doc_line.is_none() {
            self.doc_line = Some(line);
        }
    }

    fn awaits_key(&self) -> bool {
        matches!(self.stack.last(), Some(Frame::Map { key: None, .. }))
    }

    fn set_key(&mut self, key: Key, sink: &mut dyn Sink) {
        if self.streamed && self.stack.len() == 1 && matches!(&key, Key::Name(k) if k == "items") {
            // A second top-level `items`: the entries of the first are replaced.
            sink.restart_items(self.doc);
            self.streamed = false;
        }
        if let Some(Frame::Map { key: k, .. }) = self.stack.last_mut() {
            *k = Some(key);
        }
    }

    /// The next node is the value of the document's top-level `items` key.
    fn is_top_items(&self) -> bool {
        self.stack.len() == 1
            && matches!(self.stack.last(), Some(Frame::Map { key: Some(Key::Name(k)), .. }) if k == "items")
    }

    fn complete(
        &mut self,
        value: Value,
        anchor: usize,
        line: u32,
        sink: &mut dyn Sink,
    ) -> Result<(), Failed> {
        if anchor != 0 {
            self.anchors.insert(anchor, value.clone());
        }
        let doc = self.doc;
        match self.stack.last_mut() {
            None => self.root = Some(value),
            Some(Frame::Seq {
                items, top_items, ..
            }) => match top_items {
                Some((true, n)) => {
                    self.item_lines.push(line);
                    let index = *n;
                    *n += 1;
                    sink.item(doc, index, value).map_err(|mut r| {
                        let mut path = vec![Segment::Key("items".into()), Segment::Index(index)];
                        path.append(&mut r.path);
                        r.path = path;
                        (doc, r)
                    })?;
                }
                Some((false, _)) => {
                    self.item_lines.push(line);
                    items.push(value);
                }
                None => items.push(value),
            },
            Some(Frame::Map {
                map,
                key,
                line: map_line,
                ..
            }) => match key.take() {
                Some(Key::Name(k)) => {
                    map.insert(k, value);
                }
                Some(Key::Merge) => {
                    let map_line = *map_line;
                    if !merge(map, value) {
                        return Err(self.fail(
                            "a merge key (`<<`) needs a mapping or a list of mappings",
                            map_line.max(line),
                        ));
                    }
                }
                None => {}
            },
        }
        Ok(())
    }
}

/// How many values `value` holds, counting no further than `limit + 1`.
fn values_in(value: &Value, limit: usize) -> usize {
    let mut count = 0;
    let mut stack = vec![value];
    while let Some(v) = stack.pop() {
        count += 1;
        if count > limit {
            break;
        }
        match v {
            Value::Array(items) => stack.extend(items),
            Value::Object(map) => stack.extend(map.values()),
            _ => {}
        }
    }
    count
}

/// go-yaml v2 `merge`: a mapping's entries, or each listed mapping's from last to first (so
/// the first listed wins), written over what the mapping holds so far.
fn merge(map: &mut Map<String, Value>, value: Value) -> bool {
    match value {
        Value::Object(from) => {
            map.extend(from);
            true
        }
        Value::Array(list) => {
            if !list.iter().all(Value::is_object) {
                return false;
            }
            for from in list.into_iter().rev() {
                if let Value::Object(from) = from {
                    map.extend(from);
                }
            }
            true
        }
        _ => false,
    }
}

fn is_merge_tag(tag: Option<&granit_parser::Tag>) -> bool {
    tag.is_some_and(|t| t.is_yaml_core_schema() && t.suffix() == "merge")
}

/// A scalar event as go-yaml v2 reads it: plain scalars are resolved, quoted and block scalars
/// are strings, explicit core tags ask for a type.
fn scalar(
    text: &str,
    style: ScalarStyle,
    tag: Option<&granit_parser::Tag>,
) -> Result<Scalar, String> {
    match tag {
        Some(t) if t.is_yaml_core_schema() => resolve::tagged(t.suffix(), text),
        // `!` and application tags: go-yaml leaves the text as it is.
        Some(_) => Ok(Scalar::Str(text.to_string())),
        None if style == ScalarStyle::Plain => Ok(resolve::plain(text)),
        None => Ok(Scalar::Str(text.to_string())),
    }
}

/// The 1-based line of the deepest part of `path` found in document `doc` of `text` (a key's
/// own line for a mapping entry, the entry's first line for a list entry), for messages about
/// a value refused after it was read. `None` when the document cannot be found again.
pub(crate) fn locate(text: &str, doc: usize, path: &[Segment]) -> Option<u32> {
    enum At {
        Map { key: Option<String>, depth_ok: bool },
        Seq { next: usize, depth_ok: bool },
    }
    let mut parser = parser(text);
    let mut current = 0;
    let mut stack: Vec<At> = Vec::new();
    let mut best = None;
    // How many leading segments of `path` the node now being read matches.
    let matched = |stack: &Vec<At>| {
        stack.iter().all(|a| match a {
            At::Map { depth_ok, .. } | At::Seq { depth_ok, .. } => *depth_ok,
        })
    };
    while let Some(Ok((event, span))) = parser.next_event() {
        let line = line_of(&span);
        match &event {
            Event::DocumentStart(..) => current += 1,
            Event::DocumentEnd if current == doc => return best,
            _ => {}
        }
        if current != doc {
            continue;
        }
        let is_node = matches!(
            event,
            Event::Scalar(..)
                | Event::Alias(_)
                | Event::MappingStart(..)
                | Event::SequenceStart(..)
        );
        if !is_node {
            if matches!(event, Event::MappingEnd | Event::SequenceEnd) {
                stack.pop();
                // The collection was a value: its parent map waits for a key again.
                if let Some(At::Map { key, .. }) = stack.last_mut() {
                    *key = None;
                }
            }
            continue;
        }
        if best.is_none() && stack.is_empty() {
            best = Some(line);
        }
        let depth = stack.len();
        let parent_ok = matched(&stack);
        // Is this node a key, and does this node sit on the path?
        let mut on_path = parent_ok && depth <= path.len();
        match stack.last_mut() {
            Some(At::Map { key, .. }) if key.is_none() => {
                let name = match &event {
                    Event::Scalar(text, style, _, tag) => scalar(text, *style, tag.as_deref())
                        .ok()
                        .and_then(|s| resolve::key_string(&s)),
                    _ => None,
                };
                if on_path
                    && depth > 0
                    && name
                        .as_deref()
                        .is_some_and(|n| path.get(depth - 1) == Some(&Segment::Key(n.to_string())))
                {
                    best = Some(line);
                }
                *key = Some(name.unwrap_or_default());
                if matches!(event, Event::MappingStart(..) | Event::SequenceStart(..)) {
                    // A collection as a key: skip it as a value that is on no path.
                    stack.push(At::Map {
                        key: Some(String::new()),
                        depth_ok: false,
                    });
                }
                continue;
            }
            Some(At::Map { key, .. }) => {
                let k = key.clone().unwrap_or_default();
                on_path &= path.get(depth - 1) == Some(&Segment::Key(k));
                if !matches!(event, Event::MappingStart(..) | Event::SequenceStart(..)) {
                    *key = None;
                }
            }
            Some(At::Seq { next, .. }) => {
                on_path &= path.get(depth - 1) == Some(&Segment::Index(*next));
                if on_path {
                    best = Some(line);
                }
                *next += 1;
            }
            None => {}
        }
        match event {
            Event::MappingStart(..) => stack.push(At::Map {
                key: None,
                depth_ok: on_path,
            }),
            Event::SequenceStart(..) => stack.push(At::Seq {
                next: 0,
                depth_ok: on_path,
            }),
            _ => {}
        }
    }
    best
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    struct Keep(Vec<Doc>);
    impl Sink for Keep {
        fn document(&mut self, doc: Doc) -> Result<(), Refusal> {
            self.0.push(doc);
            Ok(())
        }
    }

    fn docs(text: &str) -> Result<Vec<Doc>, ReadFailure> {
        let mut keep = Keep(Vec::new());
        read(text, &mut keep)?;
        Ok(keep.0)
    }

    fn one(text: &str) -> Value {
        let mut d = docs(text).unwrap();
        assert_eq!(d.len(), 1, "{text}");
        d.remove(0).value
    }

    #[test]
    fn scalars_keys_and_merges_as_kubectl_reads_them() {
        assert_eq!(
            one("mode: 0644\non: yes\nq: 'yes'\nb: |\n  0644\nf: 80.0\nn: ~\nnil: ~\n1: x\n"),
            // `on:` and `n:` are boolean keys in YAML 1.1, so "true" and "false" in JSON.
            json!({"mode": 420, "true": true, "q": "yes", "b": "0644\n", "f": 80, "false": null, "nil": null, "1": "x"})
        );
        assert_eq!(one("a: 1\nb: 2\na: 3\n"), json!({"a": 3, "b": 2}));
        assert_eq!(
            one("base: &b {x: 1, w: 2}\nm:\n  w: 9\n  <<: *b\n  z: 3\n"),
            json!({"base": {"x": 1, "w": 2}, "m": {"x": 1, "w": 2, "z": 3}})
        );
        assert_eq!(
            one("a: &a {x: 1}\nb: &b {x: 2, w: 2}\nm:\n  <<: [*a, *b]\n"),
            json!({"a": {"x": 1}, "b": {"x": 2, "w": 2}, "m": {"x": 1, "w": 2}})
        );
        assert_eq!(
            one("v: !!str 0644\nw: !!int '10'\n"),
            json!({"v": "0644", "w": 10})
        );
    }

    #[test]
    fn documents_are_numbered_from_one_with_their_lines() {
        let d = docs("# c\n---\na: 1\n---\n---\n\n# x\nb: 2\n...\n").unwrap();
        assert_eq!(d.len(), 2);
        assert_eq!((d[0].index, d[0].line), (1, 3));
        assert_eq!((d[1].index, d[1].line), (3, 8));
    }

    #[test]
    fn refusals_and_syntax_errors_name_document_and_line() {
        let e = docs("a: 1\n---\nb:\n\tc: 2\n").unwrap_err();
        assert_eq!((e.doc, e.line), (2, Some(4)), "{e:?}");
        let e = docs("a: 1\n---\nx: .nan\n").unwrap_err();
        assert_eq!((e.doc, e.line), (2, Some(3)), "{e:?}");
        let e = docs("a: 1\n---\n? [x]\n: 1\n").unwrap_err();
        assert_eq!((e.doc, e.line), (2, Some(3)), "{e:?}");
        let bomb = "a: &a [x, x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]\ne: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d, *d]\nf: [*e, *e, *e, *e, *e, *e, *e, *e, *e, *e]\n";
        let e = docs(bomb).unwrap_err();
        assert!(e.message.contains("alias bomb"), "{e:?}");
        let e = docs("m:\n  <<: 3\n").unwrap_err();
        assert!(e.message.contains("merge key"), "{e:?}");
    }

    #[test]
    fn locate_finds_keys_and_list_entries() {
        let text = "a: 1\n---\nkind: List\nitems:\n- kind: Pod\n  metadata:\n    name: p\n- kind: Pod\n  metadata:\n    labels:\n      on: yes\n";
        let path = |p: &[&str]| -> Vec<Segment> {
            p.iter()
                .map(|s| match s.parse() {
                    Ok(i) => Segment::Index(i),
                    Err(_) => Segment::Key((*s).to_string()),
                })
                .collect()
        };
        assert_eq!(
            locate(
                text,
                2,
                &path(&["items", "1", "metadata", "labels", "true"])
            ),
            Some(11)
        );
        assert_eq!(locate(text, 2, &path(&["items", "1"])), Some(8));
        assert_eq!(
            locate(text, 2, &path(&["items", "0", "spec", "x"])),
            Some(5)
        );
        assert_eq!(locate(text, 2, &[]), Some(3));
        assert_eq!(locate(text, 1, &path(&["a"])), Some(1));
    }
}
