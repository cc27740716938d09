//! The only caller of the YAML and JSON readers.
//!
//! YAML is read as kubectl reads it (`yaml`: YAML 1.1 scalars, the last of repeated keys wins).
//! JSON (what `kubectl get -o json` writes) goes through serde_json, including concatenated
//! streams.

use super::convert::{ConvertStats, Refused, objects_to_cluster};
use super::stream::{StreamDoc, merge};
use super::yaml::{self, ReadFailure, Refusal, Sink};
use super::yaml_items::{ListText, item_document, split_list};
use crate::model::Cluster;
use crate::ordered_parallel::map_in_order;
use serde_json::Value;

/// One decoded document and its 1-based position in its file.
#[derive(Debug)]
pub struct Document {
    /// 1-based document number.
    pub index: usize,
    /// The document.
    pub value: Value,
    /// 1-based line where the document's object starts (YAML only).
    pub line: Option<u32>,
    /// For a `kind: List`, the line of each item (YAML only).
    pub item_lines: Vec<u32>,
}

/// A decode failure: which document, which line when known, and what is wrong.
#[derive(Debug, PartialEq, Eq)]
pub struct DecodeFailure {
    /// 1-based document number.
    pub doc: usize,
    /// 1-based line (YAML; JSON messages carry their own position).
    pub line: Option<u32>,
    /// What is wrong, in words (the field and what was expected for an invalid object).
    pub message: String,
}

impl From<ReadFailure> for DecodeFailure {
    fn from(f: ReadFailure) -> DecodeFailure {
        DecodeFailure {
            doc: f.doc,
            line: f.line,
            message: f.message,
        }
    }
}

fn is_json(text: &str) -> bool {
    let trimmed = text.trim_start_matches('\u{feff}').trim_start();
    trimmed.starts_with('{') || trimmed.starts_with('[')
}

/// Splits a text into documents: JSON when it starts with `{` or `[`, YAML otherwise.
pub fn decode_documents(text: &str) -> Result<Vec<Document>, DecodeFailure> {
    let trimmed = text.trim_start_matches('\u{feff}').trim_start();
    if trimmed.starts_with('{') || trimmed.starts_with('[') {
        decode_json(trimmed)
    } else {
        decode_yaml(text)
    }
}

fn decode_json(text: &str) -> Result<Vec<Document>, DecodeFailure> {
    let mut docs = Vec::new();
    for (i, item) in serde_json::Deserializer::from_str(text)
        .into_iter::<Value>()
        .enumerate()
    {
        let value = item.map_err(|e| DecodeFailure {
            doc: i + 1,
            line: None,
            message: e.to_string(),
        })?;
        docs.push(Document {
            index: i + 1,
            value,
            line: None,
            item_lines: vec![],
        });
    }
    Ok(docs)
}

pub(crate) fn decode_yaml(text: &str) -> Result<Vec<Document>, DecodeFailure> {
    /// Keeps every document whole, with its lines.
    struct Keep(Vec<Document>);
    impl Sink for Keep {
        fn document(&mut self, doc: yaml::Doc) -> Result<(), Refusal> {
            self.0.push(Document {
                index: doc.index,
                value: doc.value,
                line: Some(doc.line),
                item_lines: doc.item_lines,
            });
            Ok(())
        }
    }
    let mut keep = Keep(Vec::new());
    yaml::read(text, &mut keep)?;
    Ok(keep.0)
}

/// The failure for an object of document `doc` of `text` that conversion refused, at the
/// line of the refused field when the text is YAML.
pub(crate) fn refused_failure(text: &str, doc: &Document, refused: &Refused) -> DecodeFailure {
    let line = if is_json(text) {
        None
    } else {
        yaml::locate(text, doc.index, &refused.full_path()).or(doc.line)
    };
    DecodeFailure {
        doc: doc.index,
        line,
        message: refused.to_string(),
    }
}

fn refusal(refused: Refused) -> Refusal {
    Refusal {
        message: refused.to_string(),
        line: None,
        path: refused.full_path(),
    }
}

/// Converts each document as it is read, and each entry of a List's `items` as soon as it is
/// read (see `stream`), into a part of its own that joins the cluster when its document ends.
struct IntoCluster<'a> {
    cluster: &'a mut Cluster,
    stats: &'a mut ConvertStats,
    part: (Cluster, ConvertStats),
}

impl Sink for IntoCluster<'_> {
    fn streams_items(&self) -> bool {
        true
    }

    fn item(&mut self, _doc: usize, _index: usize, value: Value) -> Result<(), Refusal> {
        objects_to_cluster(value, &mut self.part.0, &mut self.part.1).map_err(refusal)
    }

    fn restart_items(&mut self, _doc: usize) {
        self.part = Default::default();
    }

    fn document(&mut self, doc: yaml::Doc) -> Result<(), Refusal> {
        objects_to_cluster(doc.value, &mut self.part.0, &mut self.part.1).map_err(refusal)?;
        merge(self.cluster, self.stats, std::mem::take(&mut self.part));
        Ok(())
    }
}

/// Decodes `text` (JSON or YAML, one or more documents) straight into `cluster`, converting
/// List items one by one (see `stream`). Errors name the 1-based document.
pub(crate) fn decode_into(
    text: &str,
    cluster: &mut Cluster,
    stats: &mut ConvertStats,
) -> Result<usize, DecodeFailure> {
    let trimmed = text.trim_start_matches('\u{feff}').trim_start();
    let mut count = 0;
    if trimmed.starts_with('{') || trimmed.starts_with('[') {
        for (i, doc) in serde_json::Deserializer::from_str(trimmed)
            .into_iter::<StreamDoc>()
            .enumerate()
        {
            let doc = doc.map_err(|e| DecodeFailure {
                doc: i + 1,
                line: None,
                message: e.to_string(),
            })?;
            count += 1;
            merge(cluster, stats, (doc.cluster, doc.stats));
        }
        return Ok(count);
    }
    let mut sink = IntoCluster {
        cluster,
        stats,
        part: Default::default(),
    };
    Ok(yaml::read(text, &mut sink)?)
}

/// [`decode_into`], with the items of a big YAML List parsed on up to `threads` threads when the
/// text is laid out as kubectl writes Lists (`yaml_items`). Whatever cannot be split, or does not
/// parse item by item, is decoded whole by `decode_into`, so results and errors are the same.
pub(crate) fn decode_into_threaded(
    text: &str,
    threads: usize,
    cluster: &mut Cluster,
    stats: &mut ConvertStats,
) -> Result<usize, DecodeFailure> {
    if threads > 1
        && text.len() >= PARALLEL_YAML_BYTES
        && let Some(parts) = decode_list_threaded(text, threads)
    {
        for part in parts {
            merge(cluster, stats, part);
        }
        return Ok(1);
    }
    decode_into(text, cluster, stats)
}

/// A one-document YAML List cut into items and parsed on `threads` threads: the head's objects,
/// then the items', in order (appended by the caller only once everything parsed). `None` when
/// the text is not laid out for that (JSON never is) or some part does not parse on its own.
fn decode_list_threaded(text: &str, threads: usize) -> Option<Vec<(Cluster, ConvertStats)>> {
    let text = text.trim_start_matches('\u{feff}');
    let list = split_list(text)?;
    let mut head = Cluster::default();
    let mut head_stats = ConvertStats::default();
    decode_into(&list.head, &mut head, &mut head_stats).ok()?;
    let mut parts = vec![(head, head_stats)];
    parts.extend(decode_items(text, &list, threads)?);
    Some(parts)
}

/// Below this, splitting is not worth a thread.
const PARALLEL_YAML_BYTES: usize = 256 * 1024;

/// Items per unit of work handed to a thread.
const ITEMS_PER_RUN: usize = 32;

/// Every item parsed and converted, in order; `None` when any item does not stand alone.
fn decode_items(
    text: &str,
    list: &ListText,
    threads: usize,
) -> Option<Vec<(Cluster, ConvertStats)>> {
    let runs: Vec<&[std::ops::Range<usize>]> = list.items.chunks(ITEMS_PER_RUN).collect();
    let parts = map_in_order(&runs, threads, |run| {
        let mut cluster = Cluster::default();
        let mut stats = ConvertStats::default();
        for range in *run {
            let item = item_document(&text[range.clone()])?;
            // One document per item, or the item does not stand alone.
            let mut docs = decode_yaml(&item).ok()?;
            let value = docs.pop().filter(|_| docs.is_empty())?.value;
            objects_to_cluster(value, &mut cluster, &mut stats).ok()?;
        }
        Some((cluster, stats))
    });
    parts.into_iter().collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every kubectl-style YAML fixture decodes to the same cluster (same objects, same order,
    /// same counts) cut into items on threads as parsed whole.
    #[test]
    fn threaded_list_decoding_equals_whole_decoding() {
        for path in crate::testing::scenario_yaml_files() {
            let text = std::fs::read_to_string(&path).unwrap();
            let mut whole = Cluster::default();
            let mut whole_stats = ConvertStats::default();
            decode_into(&text, &mut whole, &mut whole_stats).unwrap();
            let parts = decode_list_threaded(&text, 3)
                .unwrap_or_else(|| panic!("{} was not cut into items", path.display()));
            let mut cut = Cluster::default();
            let mut cut_stats = ConvertStats::default();
            for part in parts {
                merge(&mut cut, &mut cut_stats, part);
            }
            assert_eq!(
                format!("{cut:?}"),
                format!("{whole:?}"),
                "{}",
                path.display()
            );
            assert_eq!(cut_stats, whole_stats, "{}", path.display());
        }
    }

    #[test]
    fn lists_whose_items_do_not_stand_alone_are_parsed_whole() {
        // An alias to an anchor in another item: fine for YAML, not for one item alone.
        let text = "items:\n- kind: Service\n  apiVersion: v1\n  metadata: &m {name: a, namespace: x}\n- kind: Service\n  apiVersion: v1\n  metadata: *m\n";
        assert_eq!(decode_list_threaded(text, 2).map(|_| ()), None);
        // Big enough to be worth cutting: the cut is tried, fails, and the whole text is read.
        let big = format!("# {}\n{text}", "x".repeat(PARALLEL_YAML_BYTES));
        let mut cluster = Cluster::default();
        let mut stats = ConvertStats::default();
        assert_eq!(
            decode_into_threaded(&big, 2, &mut cluster, &mut stats),
            Ok(1)
        );
        assert_eq!(cluster.services.len(), 2);
    }

    #[test]
    fn yaml_multi_document_skips_empty_documents() {
        let docs = decode_documents("a: 1\n---\n---\nb: 2\n").unwrap();
        assert_eq!(docs.len(), 2);
        assert_eq!(docs[1].value["b"], 2);
    }

    #[test]
    fn yaml_error_names_the_document() {
        let err = decode_documents("a: 1\n---\nb: 2\n---\nc: [1, 2\n").unwrap_err();
        assert_eq!((err.doc, err.line), (3, Some(5)));
        assert!(err.message.contains("unclosed bracket"), "{}", err.message);
    }

    #[test]
    fn leading_separator_is_document_one() {
        let err = decode_documents("---\nc: [1, 2\n").unwrap_err();
        assert_eq!(err.doc, 1);
    }

    #[test]
    fn lines_of_documents_and_list_items() {
        let text =
            "# c\napiVersion: v1\nkind: List\nitems:\n- kind: A\n  x: 1\n- kind: B\n---\nkind: C\n";
        let docs = decode_documents(text).unwrap();
        assert_eq!(docs[0].line, Some(2));
        assert_eq!(docs[0].item_lines, vec![5, 7]);
        assert_eq!(docs[1].line, Some(9));
    }

    #[test]
    fn json_stream() {
        let docs = decode_documents("{\"a\":1}\n{\"b\":2}").unwrap();
        assert_eq!(docs.len(), 2);
        let err = decode_documents("{\"a\":1}\n{\"b\":").unwrap_err();
        assert_eq!(err.doc, 2);
    }
}

#[cfg(test)]
mod repeated_items {
    use super::*;

    /// A List whose `items` key comes twice keeps the second list only, whether its items are
    /// streamed into the cluster or kept in the document.
    #[test]
    fn a_repeated_items_key_keeps_the_last_list() {
        let text = "kind: List\nitems:\n- {apiVersion: v1, kind: Service, metadata: {name: a}}\nitems:\n- {apiVersion: v1, kind: Service, metadata: {name: b}}\n";
        let mut cluster = Cluster::default();
        let mut stats = ConvertStats::default();
        assert_eq!(decode_into(text, &mut cluster, &mut stats), Ok(1));
        let names: Vec<&str> = cluster.services.iter().map(|s| s.name.as_str()).collect();
        assert_eq!(names, ["b"]);
        let docs = decode_documents(text).unwrap();
        assert_eq!(docs[0].value["items"][0]["metadata"]["name"], "b");
        assert_eq!(docs[0].item_lines, [5]);
    }

    #[test]
    fn yaml_output_quotes_what_yaml_1_1_would_misread() {
        let v = serde_json::json!({"a": "yes", "b": "0644", "c": "on", "d": "y", "e": "0o17"});
        let text = serde_saphyr::to_string(&v).unwrap();
        let back = decode_documents(&text).unwrap();
        assert_eq!(back[0].value, v, "{text}");
    }
}
