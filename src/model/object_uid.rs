//! An object's `metadata.uid` (and a `targetRef.uid`) as the model keeps it.

use super::text::Str;
use std::cmp::Ordering;
use std::fmt;

/// A uid. API servers write UUIDs (`8-4-4-4-12` lowercase hex, 36 characters), which a [`Str`]
/// would keep on the heap: 48 bytes more per uid, and a pod's uid is also in its slice endpoint
/// and its Endpoints address (docs/performance.md, "lean model"). Such a UUID is kept as its 16
/// bytes, inline; any other text (hand-written files) as written. The text always reads back
/// exactly as it was read.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct ObjectUid(Repr);

#[derive(Clone, PartialEq, Eq, Hash)]
enum Repr {
    Uuid([u8; 16]),
    Text(Str),
}

/// Where the hyphens of the UUID layout are.
const HYPHENS: [usize; 4] = [8, 13, 18, 23];

impl ObjectUid {
    /// Whether it is empty (not set).
    pub fn is_empty(&self) -> bool {
        matches!(&self.0, Repr::Text(t) if t.is_empty())
    }

    /// Calls `f` with the uid's text (written into a stack buffer for a UUID).
    pub fn with_str<R>(&self, f: impl FnOnce(&str) -> R) -> R {
        match &self.0 {
            Repr::Text(t) => f(t),
            Repr::Uuid(bytes) => {
                let mut buf = [0u8; 36];
                write_uuid(bytes, &mut buf);
                // Only ASCII hex digits and hyphens were written.
                f(std::str::from_utf8(&buf).unwrap_or_default())
            }
        }
    }
}

fn write_uuid(bytes: &[u8; 16], buf: &mut [u8; 36]) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let mut at = 0;
    for b in bytes {
        for nibble in [b >> 4, b & 0xf] {
            if HYPHENS.contains(&at) {
                buf[at] = b'-';
                at += 1;
            }
            buf[at] = HEX[usize::from(nibble)];
            at += 1;
        }
    }
}

/// The 16 bytes of a lowercase `8-4-4-4-12` UUID; `None` for any other text (uppercase included,
/// so that reading it back gives the same text).
fn parse_uuid(s: &str) -> Option<[u8; 16]> {
    let b = s.as_bytes();
    if b.len() != 36 {
        return None;
    }
    let mut out = [0u8; 16];
    let mut nibbles = 0;
    for (i, &c) in b.iter().enumerate() {
        if HYPHENS.contains(&i) {
            if c != b'-' {
                return None;
            }
            continue;
        }
        let d = match c {
            b'0'..=b'9' => c - b'0',
            b'a'..=b'f' => c - b'a' + 10,
            _ => return None,
        };
        out[nibbles / 2] |= if nibbles % 2 == 0 { d << 4 } else { d };
        nibbles += 1;
    }
    Some(out)
}

impl Default for ObjectUid {
    fn default() -> Self {
        ObjectUid(Repr::Text(Str::default()))
    }
}

impl From<&str> for ObjectUid {
    fn from(s: &str) -> Self {
        match parse_uuid(s) {
            Some(bytes) => ObjectUid(Repr::Uuid(bytes)),
            None => ObjectUid(Repr::Text(s.into())),
        }
    }
}

impl From<Str> for ObjectUid {
    fn from(s: Str) -> Self {
        match parse_uuid(&s) {
            Some(bytes) => ObjectUid(Repr::Uuid(bytes)),
            None => ObjectUid(Repr::Text(s)),
        }
    }
}

impl From<String> for ObjectUid {
    fn from(s: String) -> Self {
        ObjectUid::from(s.as_str())
    }
}

impl PartialEq<str> for ObjectUid {
    fn eq(&self, other: &str) -> bool {
        self.with_str(|s| s == other)
    }
}

impl PartialEq<&str> for ObjectUid {
    fn eq(&self, other: &&str) -> bool {
        self == *other
    }
}

impl PartialEq<String> for ObjectUid {
    fn eq(&self, other: &String) -> bool {
        self == other.as_str()
    }
}

/// Ordered as the texts are (a UUID's bytes compare as its lowercase text does, but a UUID and
/// another text must compare as text).
impl Ord for ObjectUid {
    fn cmp(&self, other: &Self) -> Ordering {
        match (&self.0, &other.0) {
            (Repr::Uuid(a), Repr::Uuid(b)) => a.cmp(b),
            (Repr::Text(a), Repr::Text(b)) => a.cmp(b),
            _ => self.with_str(|a| other.with_str(|b| a.cmp(b))),
        }
    }
}

impl PartialOrd for ObjectUid {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl fmt::Display for ObjectUid {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.with_str(|s| f.write_str(s))
    }
}

/// Read straight from the input's text: a UUID never passes through a heap string.
impl<'de> serde::Deserialize<'de> for ObjectUid {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Text;
        impl serde::de::Visitor<'_> for Text {
            type Value = ObjectUid;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a string")
            }
            fn visit_str<E: serde::de::Error>(self, s: &str) -> Result<ObjectUid, E> {
                Ok(ObjectUid::from(s))
            }
        }
        d.deserialize_str(Text)
    }
}

impl fmt::Debug for ObjectUid {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.with_str(|s| fmt::Debug::fmt(s, f))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const UUID: &str = "0f6e3a5c-9b1d-4e2f-8a7b-c4d5e6f70819";

    #[test]
    fn a_uuid_is_kept_inline_and_reads_back_exactly() {
        let u = ObjectUid::from(UUID);
        assert!(matches!(u.0, Repr::Uuid(_)));
        assert_eq!(u.to_string(), UUID);
        assert_eq!(u, UUID);
        assert_eq!(std::mem::size_of::<ObjectUid>(), 24);
    }

    #[test]
    fn other_texts_are_kept_as_written() {
        for s in [
            "",
            "uid-web",
            &UUID.to_uppercase(),
            "0f6e3a5c-9b1d-4e2f-8a7b-c4d5e6f7081",
        ] {
            let u = ObjectUid::from(s);
            assert!(matches!(u.0, Repr::Text(_)), "{s}");
            assert_eq!(u.to_string(), s);
        }
        assert!(ObjectUid::default().is_empty());
        assert!(!ObjectUid::from(UUID).is_empty());
    }

    #[test]
    fn order_is_the_order_of_the_texts() {
        let texts = [
            "0f6e3a5c-9b1d-4e2f-8a7b-c4d5e6f70819",
            "0f6e3a5c-9b1d-4e2f-8a7b-c4d5e6f7081a",
            "a0000000-0000-0000-0000-000000000000",
            "0f6e3a5c",
            "uid-web",
            "",
            "G",
            "ffffffff-ffff-ffff-ffff-ffffffffffff",
        ];
        for a in texts {
            for b in texts {
                assert_eq!(
                    ObjectUid::from(a).cmp(&ObjectUid::from(b)),
                    a.cmp(b),
                    "{a} {b}"
                );
            }
        }
    }
}
