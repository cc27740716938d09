//! Readers shared by the hand-written decoders (`pod_decode`, `endpoint_slice_decode`): strings,
//! presence, and the `metadata` fields every kind has, each reading what serde's derived
//! `Deserialize` of the same wire field reads.

use super::pod_wire::WireOwnerRef;
use crate::model::{Labels, ObjectUid, Str};
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

/// `Option<Box<str>>` (an endpoint's or address's rare `hostname`).
pub(super) fn opt_boxed_text(c: &mut Cursor<'_>) -> Option<Option<Box<str>>> {
    c.opt(|c| c.str().map(Box::from))
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
    // Read first, then kept in a map of their exact number: a map grown one pair at a time
    // keeps room for four (eight past four), ~40 bytes a pod of a big dump never used.
    let mut pairs: SmallVec<[(Str, Str); 8]> = SmallVec::new();
    c.object(|c, key| {
        pairs.push((Str::from(&*key), text(c)?));
        Some(())
    })?;
    let mut labels = Labels::with_capacity(pairs.len());
    let mut out_of_order = Vec::new();
    for (key, value) in pairs {
        if let Some(pair) = labels.try_append(key, value) {
            out_of_order.push(pair);
        }
    }
    if !out_of_order.is_empty() {
        labels.extend(out_of_order);
    }
    Some(labels)
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
