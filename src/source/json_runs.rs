//! A run of List items read on a worker thread: the scanning thread cut it without looking at
//! its bytes, where a line probably starts the next item (`json_stream::ItemStart`), so the
//! text is read once, here, instead of once to find the items and again to convert them
//! (docs/performance.md, "lean model").
//!
//! Nothing is taken on trust. The run starts where an item starts (the List's second item, or
//! where the run before it ended after a comma). Each piece between two probable item starts
//! must be an item, a comma and whitespace; the item is converted by a reader that reads all of
//! its text (`convert::reads_whole`, refusing trailing text) or, for other kinds, its end is
//! found by the structural scan (`json_blocks`). An item that parses whole from where an item
//! starts is that item (an object ends at its own closing brace), so the next piece starts
//! where an item starts too. Anything else — a piece that is not an item and a comma, an item
//! refused — is read again item by item with the structural scan, as the scanning thread would;
//! a run that turns out not to end after an item's comma is handed back from its first item
//! not read (`Unread`), and the scanning thread reads that text again itself. So the objects,
//! their order and the first error reported are those of reading item by item.

use super::convert::{ConvertStats, raw_item_to_cluster, raw_object_to_cluster, reads_whole};
use super::json_blocks::ValueEnd;
use super::json_head;
use super::json_stream::{ApiObject, ItemStart, Place, StreamFailure, set_line};
use super::list_room::{keep_room, reserve_like_first};
use crate::model::Cluster;
use std::ops::Range;

/// Where a run stopped being read: the offset of its first item not converted, and that
/// item's line. The text from there on is read again by the scanning thread.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Unread {
    pub(super) offset: usize,
    pub(super) line: usize,
}

/// How reading a run ended. Lines here are the run's own, counted from 1 at its start: the
/// scanning thread does not count the lines of the runs it cuts (that was a second pass over
/// the input on one thread); the merger adds where the run starts in the input.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(super) struct RunRead {
    /// The first item not read, when the run was not cut after an item's comma.
    pub(super) unread: Option<Unread>,
    /// Newlines in the whole run (when it was read to its end).
    pub(super) newlines: usize,
}

/// An item of a run refused: its document, its line in the run, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct RunFailure {
    pub(super) doc: usize,
    pub(super) line: usize,
    pub(super) error: String,
}

impl RunFailure {
    /// The failure as reported, the run starting `shift` lines into the input.
    pub(super) fn shifted(self, shift: usize) -> StreamFailure {
        StreamFailure {
            doc: self.doc,
            message: format!("item at line {}: {}", self.line + shift, self.error),
        }
    }
}

/// Converts the items of `text`, a run of document `doc`, into `cluster`; the definitions'
/// lines are the run's own (see `RunRead`).
pub(super) fn convert_run(
    text: &[u8],
    doc: usize,
    start: &ItemStart,
    cluster: &mut Cluster,
    stats: &mut ConvertStats,
) -> Result<RunRead, RunFailure> {
    let finder = memchr::memmem::Finder::new(start.pattern());
    let to_brace = start.pattern().len() - 1;
    let mut lines = Lines {
        text,
        counted: 0,
        line: 1,
    };
    let mut at = 0;
    // UTF-8 checked once for the run rather than once an item, with SIMD (`simdutf8`).
    let utf8 = simdutf8::basic::from_utf8(text).ok();
    // Items that start a line at its first column (a dump written one item per line) hold no
    // newline of their own: the next newline is where the next item starts, and walking the
    // newlines finds it and counts the lines in one pass instead of a search and a count.
    let one_per_line = start.pattern() == b"\n{";
    // Piece by piece while the pieces are items and commas; then item by item.
    while at < text.len() {
        let here = Place {
            doc,
            line: lines.at(at),
        };
        // Where the next piece starts, and the lines counted up to it (taken once the piece
        // is read: a piece refused is read again item by item from `at`).
        let (next, after) = if one_per_line {
            lines.next_line_start(at)
        } else {
            let next = finder
                .find(&text[at + 1..])
                .map_or(text.len(), |i| at + 1 + i + to_brace);
            (next, lines)
        };
        let whole = (utf8, at..next);
        if at > 0 {
            keep_room(cluster, at, text.len());
        }
        if !piece(text, whole, here, cluster, stats) {
            break;
        }
        if at == 0 {
            // Room for as many items like the first as the run holds (see `json_parallel`).
            // An eighth more: a first item a little longer than the rest made the list grow
            // (copied) at the run's end.
            let items = text.len() / next + text.len() / next / 8 + 1;
            cluster.definitions.reserve(items);
            reserve_like_first(cluster, items);
        }
        lines = after;
        at = next;
    }
    while at < text.len() {
        let here = Place {
            doc,
            line: lines.at(at),
        };
        let rest = &text[at..];
        let Some((end, next)) = item_and_comma(rest) else {
            return Ok(RunRead {
                unread: Some(Unread {
                    offset: at,
                    line: here.line,
                }),
                newlines: 0,
            });
        };
        let before = cluster.definitions.len();
        raw_object_to_cluster(ApiObject::Raw(&rest[..end]), cluster, stats).map_err(|e| {
            RunFailure {
                doc,
                line: here.line,
                error: e.to_string(),
            }
        })?;
        set_line(cluster, before, here);
        at += next;
    }
    Ok(RunRead {
        unread: None,
        newlines: lines.at(text.len()) - 1,
    })
}

/// Converts `text[piece]` (`utf8`: all of `text`, when it is UTF-8) when it is an item, a comma
/// and whitespace, and the item is proven whole; whether it did. Nothing is added when it did
/// not.
fn piece(
    text: &[u8],
    (utf8, piece): (Option<&str>, Range<usize>),
    place: Place,
    cluster: &mut Cluster,
    stats: &mut ConvertStats,
) -> bool {
    let Some(item) = trim_end(&text[piece.clone()])
        .strip_suffix(b",")
        .map(trim_end)
        .filter(|item| item.first() == Some(&b'{'))
    else {
        return false;
    };
    let Some(head) = json_head::head(item).filter(|(_, kind)| !kind.ends_with("List")) else {
        return false;
    };
    if !reads_whole(head.0, head.1) && object_end(item) != Some(item.len()) {
        return false;
    }
    let before = cluster.definitions.len();
    let item_text = utf8.and_then(|t| t.get(piece.start..piece.start + item.len()));
    let converted = match item_text {
        Some(item) => raw_item_to_cluster(head, item, cluster, stats),
        None => raw_item_to_cluster(head, item, cluster, stats),
    };
    // A refused item is read again item by item, which reports it if it is one.
    if converted.is_err() {
        return false;
    }
    set_line(cluster, before, place);
    true
}

/// The end of the object `text` starts with, by structure only.
fn object_end(text: &[u8]) -> Option<usize> {
    if text.first() != Some(&b'{') {
        return None;
    }
    Some(1 + ValueEnd::container().find(&text[1..])?)
}

/// The end of the item `text` starts with, and where the next item starts after its comma;
/// `None` when `text` does not hold both (the run was not cut after an item's comma, or the
/// text is not what the scanning thread reads: that is left to it).
fn item_and_comma(text: &[u8]) -> Option<(usize, usize)> {
    let end = object_end(text)?;
    let comma = end + skip_ws(&text[end..]);
    if text.get(comma) != Some(&b',') {
        return None;
    }
    Some((end, comma + 1 + skip_ws(&text[comma + 1..])))
}

fn is_ws(b: u8) -> bool {
    matches!(b, b' ' | b'\n' | b'\r' | b'\t')
}

fn skip_ws(text: &[u8]) -> usize {
    text.iter().position(|&b| !is_ws(b)).unwrap_or(text.len())
}

fn trim_end(text: &[u8]) -> &[u8] {
    let end = text.iter().rposition(|&b| !is_ws(b)).map_or(0, |i| i + 1);
    &text[..end]
}

/// Line numbers in a run, counted on from the last offset asked about.
#[derive(Clone, Copy)]
struct Lines<'a> {
    text: &'a [u8],
    counted: usize,
    line: usize,
}

impl<'a> Lines<'a> {
    fn at(&mut self, offset: usize) -> usize {
        self.line += memchr::memchr_iter(b'\n', &self.text[self.counted..offset]).count();
        self.counted = offset;
        self.line
    }

    /// After `at`, where counting has reached: the first `{` that starts a line, and the
    /// lines counted up to it (the end of the text and all its lines when none does).
    fn next_line_start(&self, at: usize) -> (usize, Lines<'a>) {
        debug_assert_eq!(self.counted, at);
        let mut after = *self;
        for newline in memchr::memchr_iter(b'\n', &self.text[at..]) {
            let newline = at + newline;
            after.line += 1;
            // As the search for the pattern, from after `at`.
            if newline > at && self.text.get(newline + 1) == Some(&b'{') {
                after.counted = newline + 1;
                return (newline + 1, after);
            }
        }
        after.counted = self.text.len();
        (self.text.len(), after)
    }
}
