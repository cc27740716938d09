//! Why an object of a known kind cannot be read, in the words of its fields: which object,
//! which field, what was expected and found (the JSON decode kubectl and the API server run
//! refuses the same objects).

use crate::source::json_path::{Path, Segment};
use std::fmt;

/// An object (or document) the API would refuse to decode.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refused {
    /// `Service "web"`, or `the document` when it is not an object at all.
    pub what: String,
    /// Where the object sits in its document (`items[3]` for an entry of a List).
    pub within: Vec<Segment>,
    /// The field, from the object's root.
    pub path: Vec<Segment>,
    /// What is wrong there.
    pub problem: String,
}

impl Refused {
    /// The same refusal, for an object that is entry `index` of a List's `items`.
    pub(crate) fn in_item(mut self, index: usize) -> Refused {
        let mut within = vec![Segment::Key("items".into()), Segment::Index(index)];
        within.append(&mut self.within);
        self.within = within;
        self
    }

    /// The field's path from the document's root.
    pub fn full_path(&self) -> Vec<Segment> {
        let mut path = self.within.clone();
        path.extend(self.path.iter().cloned());
        path
    }
}

impl fmt::Display for Refused {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "invalid {}", self.what)?;
        if !self.path.is_empty() {
            write!(f, ": {}", Path(&self.path))?;
        }
        write!(f, ": {}", self.problem)
    }
}

impl From<Refused> for String {
    fn from(r: Refused) -> String {
        r.to_string()
    }
}

/// serde's message about a value, in Kubernetes terms: "invalid type: boolean `true`, expected
/// a string" becomes "expected a string, found the boolean true", with a hint when YAML made a
/// boolean or a number of what was meant as text.
pub(crate) fn problem(serde_message: &str) -> String {
    // serde_json appends a position when it read bytes; the path says where.
    let message = match serde_message.rfind(" at line ") {
        Some(i) => &serde_message[..i],
        None => serde_message,
    };
    let parts = message
        .strip_prefix("invalid type: ")
        .or_else(|| message.strip_prefix("invalid value: "))
        .and_then(|m| m.split_once(", expected "));
    let Some((found, expected)) = parts else {
        return message.to_string();
    };
    let expected = expected_words(expected);
    let found_words = found_words(found);
    let hint = if expected == "a string" && found.starts_with("boolean") {
        " (in YAML, unquoted yes/no, on/off, y/n and true/false are booleans: quote the value)"
    } else if expected == "a string"
        && (found.starts_with("integer") || found.starts_with("floating"))
    {
        " (quote the value to make it a string)"
    } else {
        ""
    };
    format!("expected {expected}, found {found_words}{hint}")
}

fn expected_words(expected: &str) -> String {
    match expected {
        "i8" | "i16" | "i32" | "i64" | "u8" | "u16" | "u32" | "u64" | "usize" | "isize" => {
            "an integer".to_string()
        }
        "f32" | "f64" => "a number".to_string(),
        "a sequence" => "a list".to_string(),
        "a map" => "a mapping".to_string(),
        "a boolean" => "a boolean (true or false)".to_string(),
        e if e.starts_with("struct ") || e.starts_with("a struct") => "a mapping".to_string(),
        e => e.to_string(),
    }
}

fn found_words(found: &str) -> String {
    let quoted = |prefix: &str| {
        found
            .strip_prefix(prefix)
            .map(|v| v.trim_matches('`').to_string())
    };
    if let Some(v) = quoted("boolean ") {
        return format!("the boolean {v}");
    }
    if let Some(v) = quoted("integer ").or_else(|| quoted("floating point ")) {
        return format!("the number {v}");
    }
    if let Some(v) = found.strip_prefix("string ") {
        return format!("the string {v}");
    }
    match found {
        "map" => "a mapping".to_string(),
        "sequence" => "a list".to_string(),
        "unit value" | "null" => "null".to_string(),
        f => f.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn serde_words_become_kubernetes_words() {
        assert_eq!(
            problem("invalid type: boolean `true`, expected a string"),
            "expected a string, found the boolean true (in YAML, unquoted yes/no, on/off, y/n and true/false are booleans: quote the value)"
        );
        assert_eq!(
            problem("invalid type: floating point `400.5`, expected i32 at line 1 column 9"),
            "expected an integer, found the number 400.5"
        );
        assert_eq!(
            problem("invalid type: integer `12`, expected a sequence"),
            "expected a list, found the number 12"
        );
        assert_eq!(
            problem("invalid type: string \"80\", expected i32"),
            "expected an integer, found the string \"80\""
        );
        assert_eq!(problem("missing field `name`"), "missing field `name`");
    }
}
