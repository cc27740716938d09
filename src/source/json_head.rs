//! Reading `apiVersion` and `kind` of one JSON object without deserializing it, so a streamed
//! List item is deserialized once, straight into its typed API object.

/// `apiVersion` and `kind` of one complete JSON object, read without deserializing it (they
/// come first in `kubectl` output, so this usually stops after a few bytes). `None` when the
/// text is not a plain object or either field is missing or has escapes: callers then let serde
/// decide.
pub(crate) fn head(item: &[u8]) -> Option<(&str, &str)> {
    let mut i = skip_ws_in(item, 0);
    if item.get(i) != Some(&b'{') {
        return None;
    }
    i += 1;
    let (mut api_version, mut kind) = (None, None);
    loop {
        i = skip_ws_in(item, i);
        if item.get(i)? != &b'"' {
            return None;
        }
        let key_end = value_end(item, i)?;
        let key = &item[i + 1..key_end - 1];
        i = skip_ws_in(item, key_end);
        if item.get(i)? != &b':' {
            return None;
        }
        i = skip_ws_in(item, i + 1);
        let end = value_end(item, i)?;
        let value = &item[i..end];
        let text = || {
            let inner = value.strip_prefix(b"\"")?.strip_suffix(b"\"")?;
            if inner.contains(&b'\\') {
                return None;
            }
            std::str::from_utf8(inner).ok()
        };
        match key {
            b"apiVersion" => api_version = Some(text()?),
            b"kind" => kind = Some(text()?),
            _ => {}
        }
        if let (Some(a), Some(k)) = (api_version, kind) {
            return Some((a, k));
        }
        i = skip_ws_in(item, end);
        match item.get(i)? {
            b',' => i += 1,
            _ => return None,
        }
    }
}

fn skip_ws_in(b: &[u8], mut i: usize) -> usize {
    while b.get(i).is_some_and(u8::is_ascii_whitespace) {
        i += 1;
    }
    i
}

/// Where the value starting at `b[i]` ends (exclusive), for a complete text.
fn value_end(b: &[u8], mut i: usize) -> Option<usize> {
    let (mut depth, mut in_string) = match b.get(i)? {
        b'"' => (0, true),
        b'{' | b'[' => (1, false),
        _ => {
            while b.get(i).is_some_and(|c| {
                !matches!(c, b',' | b'}' | b']' | b':') && !c.is_ascii_whitespace()
            }) {
                i += 1;
            }
            return Some(i);
        }
    };
    i += 1;
    loop {
        if in_string {
            i += memchr::memchr2(b'"', b'\\', b.get(i..)?)?;
            if b[i] == b'\\' {
                i += 2;
                continue;
            }
            in_string = false;
            i += 1;
            if depth == 0 {
                return Some(i);
            }
            continue;
        }
        match b.get(i)? {
            b'"' => in_string = true,
            b'{' | b'[' => depth += 1,
            b'}' | b']' => {
                depth -= 1;
                if depth == 0 {
                    return Some(i + 1);
                }
            }
            _ => {}
        }
        i += 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn head_reads_api_version_and_kind_without_deserializing() {
        let pod = br#" { "apiVersion" : "v1", "kind":"Pod", "metadata": {"name": "a\"}"}} "#;
        assert_eq!(head(pod), Some(("v1", "Pod")));
        let late = br#"{"metadata":{"kind":"x","a":[1,{"b":"]"}]},"n":-1,"kind":"Node","apiVersion":"v1"}"#;
        assert_eq!(head(late), Some(("v1", "Node")));
        assert_eq!(head(br#"{"kind":"Pod"}"#), None);
        assert_eq!(head(br#"{"apiVersion":"v\u0031","kind":"Pod"}"#), None);
        assert_eq!(head(b"[1]"), None);
    }
}
