//! Readers shared by the hand-written decoders (`pod_decode`, `endpoint_slice_decode`): strings,
//! presence, and the `metadata` fields every kind has, each reading what serde's derived
//! `Deserialize` of the same wire field reads.

use super::pod_wire::WireOwnerRef;
use crate::model::{Atom, Labels, ObjectUid, Str};
use crate::source::json_cursor::{Cursor, fields};
use serde::de::IgnoredAny;
use smallvec::SmallVec;

/// A string (`Str`).
pub(super) fn text(c: &mut Cursor<'_>) -> Option<Str> {
    c.str().map(|s| Str::from(s.as_ref()))
}

/// `Option<Str>`: `null` is `None`.
pub(super) fn opt_text(c: &mut Cursor<'_>) -> Option<Option<Str>> {
    c.opt(text)
}

/// `Option<Atom>`: `null` is `None`; for the texts many objects repeat (node names, zones,
/// kinds, namespaces), interned without a `Str` in between.
pub(super) fn opt_atom(c: &mut Cursor<'_>) -> Option<Option<Atom>> {
    c.opt(|c| c.str().map(|s| Atom::new(&s)))
}

/// A string whose text is not kept, checked as serde checks an `Option<String>`.
pub(super) fn checked_str(c: &mut Cursor<'_>) -> Option<()> {
    c.opt(Cursor::str).map(drop)
}

/// `Option<ObjectUid>`.
pub(super) fn uid(c: &mut Cursor<'_>) -> Option<Option<ObjectUid>> {
    c.opt(|c| c.str().map(|s| ObjectUid::from(s.as_ref())))
}

/// Present (anything but `null`) or not: `Option<IgnoredAny>`.
pub(super) fn present(c: &mut Cursor<'_>) -> Option<Option<IgnoredAny>> {
    c.opt(|c| c.skip().map(|()| IgnoredAny))
}

/// A string map, built as serde's `LiteMap` builds it (appended while the keys come sorted,
/// the others added at the end), so repeated or unsorted keys end the same.
pub(super) fn labels(c: &mut Cursor<'_>) -> Option<Labels> {
    label_pairs(c).map(labels_of)
}

/// A string map's pairs, as written.
pub(super) type LabelPairs = SmallVec<[(Atom, Str); 8]>;

/// The pairs of a string map, in input order (repeated keys kept).
pub(super) fn label_pairs(c: &mut Cursor<'_>) -> Option<LabelPairs> {
    let mut pairs = LabelPairs::new();
    c.object(|c, key| {
        pairs.push((Atom::new(&key), text(c)?));
        Some(())
    })?;
    Some(pairs)
}

/// The map of `pairs`, as [`labels`] builds it.
pub(super) fn labels_of(pairs: LabelPairs) -> Labels {
    // Read first, then kept in a map of their exact number: a map grown one pair at a time
    // keeps room for four (eight past four), ~40 bytes a pod of a big dump never used.
    let mut labels = Labels::with_capacity(pairs.len());
    let mut out_of_order: SmallVec<[(Atom, Str); 4]> = SmallVec::new();
    for (key, value) in pairs {
        if let Some(pair) = labels.try_append(key, value) {
            out_of_order.push(pair);
        }
    }
    // Each key out of order (a manifest's `app`, `tier`, `pod-template-hash`) put in its place,
    // not `extend` (sorting the whole map again, ~1.4% of reading a dump with such labels): the
    // same map, as `extend` sorts stably and keeps the last of equal keys, and an insert
    // replaces.
    for (key, value) in out_of_order {
        labels.insert(key, value);
    }
    labels
}

/// `metadata.ownerReferences`.
pub(super) fn owners(c: &mut Cursor<'_>) -> Option<Vec<WireOwnerRef>> {
    c.vec(|c| {
        let mut o = WireOwnerRef::default();
        fields!(c {
            "apiVersion" => o.api_version = opt_text(c)?,
            "kind" => o.kind = opt_text(c)?,
            "name" => o.name = opt_text(c)?,
            "uid" => o.uid = opt_text(c)?,
            "controller" => o.controller = c.opt(Cursor::bool)?,
        })?;
        Some(o)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::convert::decode_testing::agrees;

    fn read(text: &str) -> Option<Labels> {
        Cursor::whole(text, labels)
    }

    /// Keys in order, out of order, repeated in or out of order: the map serde's `LiteMap`
    /// builds (sorted; the last of equal keys).
    #[test]
    fn labels_are_the_map_serde_builds() {
        for text in [
            r#"{}"#,
            r#"{"a": "1", "b": "2", "c": "3"}"#,
            r#"{"app": "x", "tier": "y", "pod-template-hash": "z"}"#,
            r#"{"c": "1", "b": "2", "a": "3"}"#,
            r#"{"b": "1", "a": "2", "b": "3"}"#,
            r#"{"b": "1", "a": "2", "a": "3"}"#,
            r#"{"c": "1", "a": "2", "b": "3", "a": "4", "d": "5"}"#,
            r#"{"a": "1", "a": "2"}"#,
        ] {
            assert!(agrees(read, text), "{text}");
        }
    }
}
