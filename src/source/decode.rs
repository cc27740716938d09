//! The only caller of the YAML and JSON deserializers.
//!
//! YAML goes through serde-saphyr (the parser kube itself uses; serde_yaml is deprecated). JSON
//! (what `kubectl get -o json` writes) goes through serde_json, including concatenated streams.

use serde_json::Value;

/// One decoded document and its 1-based position in its file.
#[derive(Debug)]
pub struct Document {
    /// 1-based document number.
    pub index: usize,
    /// The document.
    pub value: Value,
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
        });
    }
    Ok(docs)
}

fn decode_yaml(text: &str) -> Result<Vec<Document>, DecodeFailure> {
    // serde-saphyr's default budget (250k nodes, 1M events) guards against hostile input, but a
    // real dump of ~1000 pods (tests/fixtures/over-capacity) exceeds it. Node, event and scalar
    // counts cannot exceed a small multiple of the input's length, so scale those limits to it;
    // the alias/anchor limits (the actual "billion laughs" defence) stay at their defaults.
    let len = text.len();
    let options = serde_saphyr::options! {
        budget: serde_saphyr::budget! {
            max_nodes: len.max(250_000),
            max_events: len.saturating_mul(2).max(1_000_000),
            max_total_scalar_bytes: len.max(64 * 1024 * 1024),
        },
    };
    match serde_saphyr::from_multiple_with_options::<Value>(text, options) {
        Ok(values) => Ok(values
            .into_iter()
            .enumerate()
            .filter(|(_, v)| !v.is_null())
            .map(|(i, value)| Document {
                index: i + 1,
                value,
            })
            .collect()),
        Err(e) => {
            let doc = e
                .location()
                .map_or(1, |loc| document_at_line(text, loc.line()));
            let message = e.to_string();
            let message = message
                .strip_prefix("error: ")
                .unwrap_or(&message)
                .trim()
                .to_string();
            let message = message.lines().next().unwrap_or_default().to_string();
            Err(DecodeFailure { doc, message })
        }
    }
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
    fn json_stream() {
        let docs = decode_documents("{\"a\":1}\n{\"b\":2}").unwrap();
        assert_eq!(docs.len(), 2);
        let err = decode_documents("{\"a\":1}\n{\"b\":").unwrap_err();
        assert_eq!(err.doc, 2);
    }
}
