//! The only caller of the YAML and JSON deserializers.
//!
//! YAML goes through serde-saphyr (the parser kube itself uses; serde_yaml is deprecated). JSON
//! (what `kubectl get -o json` writes) goes through serde_json, including concatenated streams.

use super::convert::ConvertStats;
use super::stream::{StreamDoc, merge};
use crate::model::Cluster;
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
            merge(cluster, stats, doc);
        }
        return Ok(count);
    }
    let docs = serde_saphyr::from_multiple_with_options::<StreamDoc>(text, options_for(text.len()))
        .map_err(|e| yaml_failure(text, &e))?;
    for doc in docs.into_iter().filter(|d| d.present) {
        count += 1;
        merge(cluster, stats, doc);
    }
    Ok(count)
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
        if l.starts_with("---") && (l.len() == 3 || l[3..].starts_with([' ', '\t'])) {
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
