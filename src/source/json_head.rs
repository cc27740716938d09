//! Reading `apiVersion` and `kind` of one JSON object without deserializing it, so a streamed
//! List item is deserialized once, straight into its typed API object.

use super::json_blocks::ValueEnd;

/// `apiVersion` and `kind` of one complete JSON object, read without deserializing it (they
/// come first in `kubectl` output, so this usually stops after a few bytes). `None` when the
/// text is not a plain object or either field is missing or has escapes: callers then let serde
/// decide.
pub(crate) fn head(item: &[u8]) -> Option<(&str, &str)> {
    if let Some(found) = leading_head(item) {
        return Some(found);
    }
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

/// [`head`] when the object starts as kubectl writes every object, compact or indented:
/// `apiVersion` then `kind`, both plain strings; `None` otherwise (then `head` reads it member by
/// member, with the same answer where this gives one). Every item of a List is dispatched on
/// its head, and the general walk cost ~850 instructions an item (~3% of reading a big dump).
fn leading_head(b: &[u8]) -> Option<(&str, &str)> {
    let i = after(b, 0, b'{')?;
    let (api_version, i) = member(b, i, b"apiVersion")?;
    let i = after(b, i, b',')?;
    let (kind, _) = member(b, i, b"kind")?;
    Some((api_version, kind))
}

/// Where `b` goes on after `byte`, which comes next after whitespace from `i`.
fn after(b: &[u8], i: usize, byte: u8) -> Option<usize> {
    let i = skip_ws_in(b, i);
    (*b.get(i)? == byte).then_some(i + 1)
}

/// `"name": "value"` after whitespace from `i`, the value a string without escapes: the value,
/// and where `b` goes on after it.
fn member<'a>(b: &'a [u8], i: usize, name: &[u8]) -> Option<(&'a str, usize)> {
    let i = after(b, i, b'"')?;
    let i = i + name.len();
    if b.get(i - name.len()..i)? != name || *b.get(i)? != b'"' {
        return None;
    }
    let start = after(b, after(b, i + 1, b':')?, b'"')?;
    let len = b
        .get(start..)?
        .iter()
        .position(|&c| c == b'"' || c == b'\\')?;
    if b[start + len] != b'"' {
        return None;
    }
    Some((
        std::str::from_utf8(&b[start..start + len]).ok()?,
        start + len + 1,
    ))
}

/// `metadata.namespace`, `metadata.uid` and `metadata.resourceVersion` of one complete JSON
/// object, read without deserializing it (the rest of the object is skipped byte by byte).
/// `None` when the text is not a plain object or a wanted value is not a plain string (callers
/// then let serde decide).
pub(crate) fn metadata(item: &[u8]) -> Option<MetaHead<'_>> {
    let mut meta = None;
    fields(item, |key, value| {
        if key == b"metadata" {
            meta = Some(value);
            return false;
        }
        true
    })?;
    let mut head = MetaHead::default();
    let Some(meta) = meta else {
        return Some(head);
    };
    if meta.first() != Some(&b'{') {
        return None;
    }
    let mut plain = true;
    fields(meta, |key, value| {
        if key == b"creationTimestamp" {
            head.created_null |= value == b"null";
            return true;
        }
        let slot = match key {
            b"namespace" => &mut head.namespace,
            b"uid" => &mut head.uid,
            b"resourceVersion" => &mut head.resource_version,
            _ => return true,
        };
        match plain_string(value) {
            Some(text) => *slot = Some(text),
            None if value == b"null" => {}
            None => plain = false,
        }
        plain
    })?;
    plain.then_some(head)
}

/// The text of the top-level `status` value of one complete JSON object, if it has one (the
/// object is skipped through byte by byte, not deserialized).
pub(crate) fn status(item: &[u8]) -> Option<&[u8]> {
    let mut status = None;
    fields(item, |key, value| {
        if key == b"status" {
            status = Some(value);
            return false;
        }
        true
    })?;
    status
}

/// What [`metadata`] reads.
#[derive(Debug, Default, PartialEq, Eq)]
pub(crate) struct MetaHead<'a> {
    pub(crate) namespace: Option<&'a str>,
    pub(crate) uid: Option<&'a str>,
    pub(crate) resource_version: Option<&'a str>,
    /// `creationTimestamp: null` is written out (kubectl's client-side output).
    pub(crate) created_null: bool,
}

/// Calls `each(key, value)` for the members of the object `b` until it returns false.
fn fields<'a>(b: &'a [u8], mut each: impl FnMut(&'a [u8], &'a [u8]) -> bool) -> Option<()> {
    let mut i = skip_ws_in(b, 0);
    if b.get(i) != Some(&b'{') {
        return None;
    }
    i = skip_ws_in(b, i + 1);
    if b.get(i) == Some(&b'}') {
        return Some(());
    }
    loop {
        if b.get(i)? != &b'"' {
            return None;
        }
        let key_end = value_end(b, i)?;
        let key = &b[i + 1..key_end - 1];
        i = skip_ws_in(b, key_end);
        if b.get(i)? != &b':' {
            return None;
        }
        i = skip_ws_in(b, i + 1);
        let end = value_end(b, i)?;
        if !each(key, &b[i..end]) {
            return Some(());
        }
        i = skip_ws_in(b, end);
        match b.get(i)? {
            b',' => i = skip_ws_in(b, i + 1),
            b'}' => return Some(()),
            _ => return None,
        }
    }
}

/// The text of a JSON string without escapes.
fn plain_string(value: &[u8]) -> Option<&str> {
    let inner = value.strip_prefix(b"\"")?.strip_suffix(b"\"")?;
    if inner.contains(&b'\\') {
        return None;
    }
    std::str::from_utf8(inner).ok()
}

fn skip_ws_in(b: &[u8], mut i: usize) -> usize {
    while b.get(i).is_some_and(u8::is_ascii_whitespace) {
        i += 1;
    }
    i
}

/// Where the value starting at `b[i]` ends (exclusive), for a complete text. Containers are
/// passed over 64 bytes at a time (`json_blocks`): an Endpoints' `subsets` or a Service's
/// `metadata` before the field wanted was most of reading their stamps byte by byte. Strings,
/// mostly short keys, are searched for their closing quote.
fn value_end(b: &[u8], mut i: usize) -> Option<usize> {
    match b.get(i)? {
        b'"' => {
            i += 1;
            loop {
                i += memchr::memchr2(b'"', b'\\', b.get(i..)?)?;
                if b[i] == b'"' {
                    return Some(i + 1);
                }
                i += 2;
            }
        }
        b'{' | b'[' => Some(i + 1 + ValueEnd::container().find(&b[i + 1..])?),
        _ => {
            let len = b[i..]
                .iter()
                .position(|c| matches!(c, b',' | b'}' | b']' | b':') || c.is_ascii_whitespace())
                .unwrap_or(b.len() - i);
            Some(i + len)
        }
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
        // kubectl's indented layout, and the walk's answers where the fast path gives none.
        let indented = b"{\n    \"apiVersion\": \"apps/v1\",\n    \"kind\": \"Deployment\",\n    \"spec\": {}\n}";
        assert_eq!(leading_head(indented), Some(("apps/v1", "Deployment")));
        assert_eq!(
            head(br#"{"apiVersion":"v1","kind":"Pod","x":1}"#),
            Some(("v1", "Pod"))
        );
        assert_eq!(leading_head(late), None);
        assert_eq!(
            leading_head(br#"{"apiVersion":"v\u0031","kind":"Pod"}"#),
            None
        );
        assert_eq!(leading_head(br#"{"apiVersionX":"v1","kind":"Pod"}"#), None);
        assert_eq!(head(br#"{"apiVersionX":"v1","kind":"Pod"}"#), None);
        assert_eq!(
            leading_head(br#"{"apiVersion":"v1","kind":"Pod""#),
            Some(("v1", "Pod"))
        );
        assert_eq!(leading_head(br#"{"apiVersion":"v1""#), None);
        assert_eq!(leading_head(br#"{"apiVersion":"v1","kind":"Po"#), None);
    }

    #[test]
    fn metadata_reads_namespace_uid_and_resource_version_without_deserializing() {
        let pod = br#"{"kind":"Pod","metadata":{"managedFields":[{"a":"}"}],"name":"x","namespace":"shop","resourceVersion":"42","uid":"u-1"},"spec":{}}"#;
        let m = metadata(pod).unwrap();
        assert_eq!(
            (m.namespace, m.uid, m.resource_version),
            (Some("shop"), Some("u-1"), Some("42"))
        );
        let bare = br#"{ "kind" : "Pod", "metadata" : { "name" : "x" } }"#;
        assert_eq!(metadata(bare), Some(MetaHead::default()));
        assert_eq!(metadata(br#"{"kind":"Pod"}"#), Some(MetaHead::default()));
        assert_eq!(metadata(br#"{"metadata":{}}"#), Some(MetaHead::default()));
        assert_eq!(metadata(br#"{"metadata":{"namespace":"a\u0062"}}"#), None);
        assert_eq!(
            metadata(br#"{"metadata":{"namespace":null}}"#),
            Some(MetaHead::default())
        );
        assert_eq!(metadata(b"[1]"), None);
        // kubectl's client-side output marks what the API server never stored.
        let dry =
            br#"{"metadata":{"name":"web","creationTimestamp":null},"status":{"loadBalancer":{}}}"#;
        assert!(metadata(dry).unwrap().created_null);
        let real = br#"{"metadata":{"name":"web","creationTimestamp":"2026-12-03T00:00:00Z"}}"#;
        assert!(!metadata(real).unwrap().created_null);
    }

    #[test]
    fn status_is_found_after_any_other_member() {
        let pod = br#"{"kind":"Pod","spec":{"status":"no"},"status":{"phase":"Running"}}"#;
        assert_eq!(status(pod), Some(&br#"{"phase":"Running"}"#[..]));
        assert_eq!(status(br#"{"kind":"Pod"}"#), None);
    }
}
