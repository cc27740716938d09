//! The only caller of the YAML and JSON deserializers.
//!
//! YAML goes through serde-saphyr (the parser kube itself uses; serde_yaml is deprecated). JSON
//! (what `kubectl get -o json` writes) goes through serde_json, including concatenated streams.

use super::convert::{ConvertStats, objects_to_cluster};
use super::stream::{StreamDoc, merge};
use super::yaml_items::{ListText, is_marker, item_document, split_list};
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
    /// 1-based line where the document's object starts (YAML with line tracking only).
    pub line: Option<u32>,
    /// For a `kind: List`, the line of each item (YAML with line tracking only).
    pub item_lines: Vec<u32>,
}

/// Just enough structure to learn where a document and its List items start.
#[derive(serde::Deserialize)]
struct ItemsOnly {
    #[serde(default)]
    items: Vec<serde_saphyr::Spanned<serde::de::IgnoredAny>>,
}

/// A decode failure: which document, and what the parser said.
#[derive(Debug, PartialEq, Eq)]
pub struct DecodeFailure {
    /// 1-based document number.
    pub doc: usize,
    /// Parser message (with line and column when known).
    pub message: String,
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

fn decode_yaml(text: &str) -> Result<Vec<Document>, DecodeFailure> {
    match serde_saphyr::from_multiple_with_options::<Value>(text, options_for(text.len())) {
        Ok(values) => Ok(values
            .into_iter()
            .enumerate()
            .filter(|(_, v)| !v.is_null())
            .map(|(i, value)| Document {
                index: i + 1,
                value,
                line: None,
                item_lines: vec![],
            })
            .collect()),
        Err(e) => Err(yaml_failure(text, &e)),
    }
}

fn yaml_failure(text: &str, e: &serde_saphyr::Error) -> DecodeFailure {
    let doc = e
        .location()
        .map_or(1, |loc| document_at_line(text, loc.line()));
    let message = e.to_string();
    let message = message.strip_prefix("error: ").unwrap_or(&message).trim();
    let message = message.lines().next().unwrap_or_default().to_string();
    DecodeFailure { doc, message }
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
                message: e.to_string(),
            })?;
            count += 1;
            merge(cluster, stats, (doc.cluster, doc.stats));
        }
        return Ok(count);
    }
    let docs = serde_saphyr::from_multiple_with_options::<StreamDoc>(text, options_for(text.len()))
        .map_err(|e| yaml_failure(text, &e))?;
    for doc in docs.into_iter().filter(|d| d.present) {
        count += 1;
        merge(cluster, stats, (doc.cluster, doc.stats));
    }
    Ok(count)
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
    if threads > 1 && text.len() >= PARALLEL_YAML_BYTES {
        if let Some(parts) = decode_list_threaded(text, threads) {
            for part in parts {
                merge(cluster, stats, part);
            }
            return Ok(1);
        }
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
            let value: Value =
                serde_saphyr::from_str_with_options(&item, options_for(item.len())).ok()?;
            objects_to_cluster(value, &mut cluster, &mut stats).ok()?;
        }
        Some((cluster, stats))
    });
    parts.into_iter().collect()
}

/// Adds source lines to YAML documents (a second, structure-only parse), for output that points
/// at files (SARIF). Leaves the documents untouched when the positions cannot be read.
pub fn add_lines(text: &str, docs: &mut [Document]) {
    let trimmed = text.trim_start_matches('\u{feff}').trim_start();
    if trimmed.starts_with('{') || trimmed.starts_with('[') {
        return;
    }
    let Ok(spans) = serde_saphyr::from_multiple_with_options::<serde_saphyr::Spanned<ItemsOnly>>(
        text,
        options_for(text.len()),
    ) else {
        return;
    };
    if spans.len() != docs.len() {
        return;
    }
    for (doc, span) in docs.iter_mut().zip(spans) {
        doc.line = u32::try_from(span.referenced.line()).ok();
        doc.item_lines = span
            .value
            .items
            .iter()
            .filter_map(|i| u32::try_from(i.referenced.line()).ok())
            .collect();
    }
}

/// serde-saphyr's default budget (250k nodes) protects against YAML bombs but is far below a
/// real cluster dump (the 1005-pod fixture alone has more nodes). Structural limits grow with
/// the input's size; alias and anchor limits, which are what bombs abuse, stay at the defaults.
fn options_for(len: usize) -> serde_saphyr::Options {
    let mut budget = serde_saphyr::Budget::default();
    budget.max_reader_input_bytes = None;
    budget.max_events = budget.max_events.max(len.saturating_mul(2));
    budget.max_nodes = budget.max_nodes.max(len);
    budget.max_documents = budget.max_documents.max(len / 8);
    budget.max_total_scalar_bytes = budget.max_total_scalar_bytes.max(len);
    let mut options = serde_saphyr::Options::default();
    options.budget = Some(budget);
    options
}

/// The 1-based document number that holds 1-based `line`: one plus the number of `---`
/// separators before it (a separator on line 1 opens document 1).
fn document_at_line(text: &str, line: u64) -> usize {
    let mut doc = 1;
    let mut seen_content = false;
    for (n, l) in text.lines().enumerate() {
        if n as u64 + 1 >= line {
            break;
        }
        if is_marker(l, "---") {
            if seen_content {
                doc += 1;
            }
            seen_content = true;
        } else if !l.trim().is_empty() && !l.trim_start().starts_with('#') {
            seen_content = true;
        }
    }
    doc
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every kubectl-style YAML fixture decodes to the same cluster (same objects, same order,
    /// same counts) cut into items on threads as parsed whole.
    #[test]
    fn threaded_list_decoding_equals_whole_decoding() {
        let root = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures");
        let mut files: Vec<std::path::PathBuf> = std::fs::read_dir(root)
            .unwrap()
            .filter_map(Result::ok)
            .map(|e| e.path().join("cluster.yaml"))
            .filter(|p| p.is_file())
            .collect();
        files.sort();
        assert!(files.len() >= 10);
        for path in files {
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
        assert_eq!(err.doc, 3);
        assert!(err.message.contains("line 5"), "{}", err.message);
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
        let mut docs = decode_documents(text).unwrap();
        add_lines(text, &mut docs);
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
