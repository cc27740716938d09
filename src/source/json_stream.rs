//! Streaming JSON input: a `kubectl get -o json` List of a big cluster (hundreds of MB) is read
//! in chunks and split into its `items` by a small structural scanner, so neither the whole
//! text nor a `serde_json::Value` tree of the List is ever held in memory. Each item reaches the
//! caller as its own bytes, which `convert` deserializes straight into the typed API object
//! (serde_json's slice reader: several times faster than reading through `io::Read`).
//!
//! The scanner only finds where values start and end (strings, escapes, nesting); serde_json
//! still validates every byte when the item is deserialized. A top-level document without
//! `items` is handed over whole.

use super::json_blocks::ValueEnd;
use crate::model::Cluster;
use serde_json::Value;
use std::io::BufRead;

/// One API object out of the decoder.
#[derive(Debug)]
pub enum ApiObject<'a> {
    /// A whole parsed document (a single object, or a List to unwrap).
    Value(Value),
    /// The JSON text of one List item.
    Raw(&'a [u8]),
}

/// A failure: which top-level document, and what was wrong.
#[derive(Debug, PartialEq, Eq)]
pub struct StreamFailure {
    /// 1-based top-level document number.
    pub doc: usize,
    /// Parser or conversion message (with the 1-based line where the item starts).
    pub message: String,
}

/// Where an object starts in the input, for messages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Place {
    /// 1-based top-level document number.
    pub doc: usize,
    /// 1-based line where the object starts.
    pub line: usize,
}

type Each<'e> = &'e mut dyn FnMut(Place, ApiObject<'_>) -> Result<(), String>;

/// Where the objects of the input go.
pub(crate) trait Sink {
    /// One object, with where it starts.
    fn object(&mut self, place: Place, object: ApiObject<'_>) -> Result<(), String>;
    /// Where runs of List items go, when this sink takes them (`json_parallel`).
    fn runs(&mut self) -> Option<&mut dyn Runs> {
        None
    }
}

impl<F: FnMut(Place, ApiObject<'_>) -> Result<(), String>> Sink for F {
    fn object(&mut self, place: Place, object: ApiObject<'_>) -> Result<(), String> {
        self(place, object)
    }
}

/// A taker of runs: the items of a List cut, without a scan, where the next item probably
/// starts (`ItemStart`), for other threads to read and check (`json_runs`). A run that was not
/// cut where an item starts comes back (`settle`) to be read again here, item by item.
pub(crate) trait Runs {
    /// A run is cut once it holds at least this many bytes.
    fn limit(&self) -> usize;
    /// `window[run]`: items from the one starting at `from` on, each followed by a comma; it
    /// ends where `start` says the next item starts. The window is the scanner's buffer,
    /// handed over instead of copied. Only the first run of a List has its line given: the
    /// scanner does not count the lines of runs (their reader does), so later runs start
    /// where the one before them ended.
    fn run(
        &mut self,
        from: RunStart,
        window: Vec<u8>,
        run: std::ops::Range<usize>,
        start: &ItemStart,
    ) -> Result<(), String>;
    /// A buffer for the scanner's next window: what it holds is not read, only overwritten, so
    /// a reused one keeps its length (its bytes need not be zeroed again, `Cursor::read_more`).
    fn spare(&mut self) -> Vec<u8>;
    /// Whether a run sent earlier was found not to end where an item starts.
    fn miscut(&self) -> bool;
    /// Waits for every run sent; then, when one was not cut where an item starts, the text to
    /// read again from its first item not read, and that item's line; else the line where the
    /// last run ended.
    fn settle(&mut self) -> Result<Settled, String>;
}

/// Where a run starts: its document, and its line when the scanner knows it (the first run of
/// a List); `None`: where the run before it ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct RunStart {
    pub(crate) doc: usize,
    pub(crate) line: Option<usize>,
}

/// How the runs sent ended (`Runs::settle`).
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Settled {
    /// All read: the line where the last one ended (where the window goes on).
    Read { line: usize },
    /// One was not cut where an item starts: the text to read again, from its first item not
    /// read, and that item's line.
    Again { text: Vec<u8>, line: usize },
}

/// How the items of a List written one item per line, or with kubectl's fixed indentation,
/// probably start: a newline, the first item's indentation, `{`. A raw newline is never inside
/// a JSON string, so the pattern only ever matches between tokens; whether it matches where an
/// item starts is what the reader of the run checks (`json_runs`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ItemStart {
    pattern: Vec<u8>,
}

impl ItemStart {
    /// From the whitespace between the List's `[` and its first item: `None` when the item
    /// does not start a line.
    pub(crate) fn of(gap: &[u8]) -> Option<ItemStart> {
        let newline = memchr::memrchr(b'\n', gap)?;
        let indent = &gap[newline + 1..];
        if !indent.iter().all(|b| matches!(b, b' ' | b'\t')) {
            return None;
        }
        let mut pattern = vec![b'\n'];
        pattern.extend_from_slice(indent);
        pattern.push(b'{');
        Some(ItemStart { pattern })
    }

    /// The pattern: a newline, the indentation, `{`.
    pub(crate) fn pattern(&self) -> &[u8] {
        &self.pattern
    }

    /// Where the last probable item start at or after `from` is (its `{`).
    pub(crate) fn rfind(&self, text: &[u8], from: usize) -> Option<usize> {
        let at = memchr::memmem::rfind(text.get(from..)?, &self.pattern)?;
        Some(from + at + self.pattern.len() - 1)
    }
}

/// Records where the objects converted from one item start (the definitions from `before` on):
/// its line, for notes and SARIF.
pub(crate) fn set_line(cluster: &mut Cluster, before: usize, place: Place) {
    let line = u32::try_from(place.line).unwrap_or(0);
    let new = &mut cluster.definitions[before..];
    // A document that is not a List item may hold several objects: their lines are not known.
    if new.len() == 1 {
        new[0].line = line;
    }
}

/// Reads every top-level JSON document of `reader` (concatenated documents are allowed) and calls
/// `each` per object with where it starts: List items one at a time, other documents whole.
/// Returns the number of top-level documents.
pub fn stream_json(reader: &mut dyn BufRead, each: Each<'_>) -> Result<usize, StreamFailure> {
    let mut each = each;
    stream_to(reader, &mut each)
}

/// [`stream_json`] into a [`Sink`], which may take runs of items.
pub(crate) fn stream_to(
    reader: &mut dyn BufRead,
    sink: &mut dyn Sink,
) -> Result<usize, StreamFailure> {
    let mut cur = Cursor {
        reader,
        buf: Vec::with_capacity(CHUNK),
        end: 0,
        pos: 0,
        eof: false,
        line: 1,
        mark: 0,
        mark_line: 1,
    };
    let mut docs = 0;
    loop {
        let fail = |doc: usize| move |message: String| StreamFailure { doc, message };
        cur.skip_ws().map_err(fail(docs + 1))?;
        if cur.peek().map_err(fail(docs + 1))?.is_none() {
            return Ok(docs);
        }
        docs += 1;
        document(&mut cur, docs, sink).map_err(fail(docs))?;
    }
}

const CHUNK: usize = 1 << 20;

/// A window over the input: `buf[pos..end]` is unread; bytes before `pos` are dropped in
/// `compact`.
struct Cursor<'r> {
    reader: &'r mut dyn BufRead,
    /// `buf[..end]` is input; what follows is room left from earlier use of the buffer, kept
    /// (not truncated) so that reading into it again does not zero it first.
    buf: Vec<u8>,
    end: usize,
    pos: usize,
    eof: bool,
    /// Line number of `buf[0]`.
    line: usize,
    /// `buf[mark]` is on line `mark_line`: item lines are counted on from there, so numbering
    /// every item costs one pass over the input, not one per item.
    mark: usize,
    mark_line: usize,
}

impl Cursor<'_> {
    /// The byte at `pos + ahead`, reading more input when needed.
    fn at(&mut self, ahead: usize) -> Result<Option<u8>, String> {
        while self.pos + ahead >= self.end {
            if self.eof {
                return Ok(None);
            }
            self.read_more(CHUNK)?;
        }
        Ok(Some(self.buf[self.pos + ahead]))
    }

    /// Reads up to `want` more bytes into the window (fewer only at the end of the input).
    fn read_more(&mut self, want: usize) -> Result<(), String> {
        // Read straight into the window (a `BufReader` with nothing buffered hands a read this
        // large to the file), not through the reader's own buffer: one copy less of the whole
        // input. (`read_to_end` would start with small reads, which the `BufReader` serves by
        // copying.) The bytes are filled before they are scanned, so their zeroing is paid once
        // even when a pipe hands over 64 KiB a read; and only once per buffer, which is reused
        // (`Runs::spare`) at its full length: zeroing every window again was ~4% of the
        // instructions of reading a big dump.
        let len = self.end;
        if self.buf.len() < len + want {
            if self.buf.capacity() < len + want {
                // Grown (copied): only the input, not the room after it.
                self.buf.truncate(len);
            }
            self.buf.resize(len + want, 0);
        }
        let mut filled = 0;
        while filled < want {
            match self.reader.read(&mut self.buf[len + filled..len + want]) {
                Ok(0) => break,
                Ok(n) => filled += n,
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
                Err(e) => return Err(e.to_string()),
            }
        }
        self.end = len + filled;
        if filled < want {
            self.eof = true;
        }
        Ok(())
    }

    fn peek(&mut self) -> Result<Option<u8>, String> {
        self.at(0)
    }

    /// Drops everything before `pos` (keeping the line count), once that is more than a chunk
    /// and little is left unread after it: what is left moves to the front, so waiting until
    /// the window is nearly used up moves a partial item instead of most of a chunk. A window
    /// of a few huge items is dropped anyway past 8 chunks.
    fn compact(&mut self) {
        let unread = self.end - self.pos;
        if self.pos > 8 * CHUNK || (self.pos > CHUNK && unread < CHUNK / 16) {
            self.line = self.line_from_mark(self.pos);
            self.buf.copy_within(self.pos..self.end, 0);
            self.end -= self.pos;
            self.pos = 0;
            self.mark = 0;
            self.mark_line = self.line;
        }
    }

    /// The 1-based line of `buf[at]`, counting on from the last position asked about.
    fn line_from_mark(&mut self, at: usize) -> usize {
        if at < self.mark {
            self.mark = 0;
            self.mark_line = self.line;
        }
        self.mark_line += memchr::memchr_iter(b'\n', &self.buf[self.mark..at]).count();
        self.mark = at;
        self.mark_line
    }

    /// The 1-based line of `buf[at]`.
    fn line_at(&self, at: usize) -> usize {
        self.line + memchr::memchr_iter(b'\n', &self.buf[..at]).count()
    }

    /// Where to end a run from `pos`: the last probable item start once `limit` bytes are read
    /// (what follows it, part of one item, is all that is copied into the next window), reading
    /// on a chunk at a time when there is none, at most eight chunks past the limit; `None` when
    /// there is none (the List's last item, or items that do not start lines). Whole chunks
    /// are read: a read as large as the file's `BufReader` passes it by, a smaller one is
    /// copied through its buffer.
    fn find_cut(&mut self, start: &ItemStart, limit: usize) -> Result<Option<usize>, String> {
        let give_up = self.pos + limit + 8 * CHUNK;
        while !self.eof && self.end < self.pos + limit {
            self.read_more(CHUNK)?;
        }
        loop {
            if let Some(cut) = start.rfind(&self.buf[..self.end], self.pos + 1) {
                return Ok(Some(cut));
            }
            if self.eof || self.end >= give_up {
                return Ok(None);
            }
            self.read_more(CHUNK)?;
        }
    }

    /// Hands the window over with what it holds up to `cut` (and room after it), continuing in
    /// `next` (a buffer whose contents are overwritten) with what is read past it: the run is
    /// not copied out of the window. The run's lines are not counted here (its reader counts
    /// them): the line of the window is unknown until `go_on_at_line` or `unread`.
    fn hand_over(&mut self, cut: usize, mut next: Vec<u8>) -> Vec<u8> {
        let rest = &self.buf[cut..self.end];
        // Room for a chunk read after the rest, so that filling the window does not grow it.
        let room = rest.len() + CHUNK;
        if next.capacity() < room {
            next = Vec::with_capacity(room + CHUNK / 8);
        }
        if next.len() >= rest.len() {
            next[..rest.len()].copy_from_slice(rest);
        } else {
            next.clear();
            next.extend_from_slice(rest);
        }
        self.end = rest.len();
        self.pos = 0;
        std::mem::replace(&mut self.buf, next)
    }

    /// The window, handed over at a run's cut (and only read into since: `pos` is 0), starts
    /// on `line`.
    fn go_on_at_line(&mut self, line: usize) {
        debug_assert_eq!(self.pos, 0, "the window moved on since the last cut");
        self.line = line;
        self.mark = 0;
        self.mark_line = line;
    }

    /// Puts `text`, which starts on `line`, back in front of what is still unread.
    fn unread(&mut self, mut text: Vec<u8>, line: usize) {
        text.extend_from_slice(&self.buf[self.pos..self.end]);
        self.end = text.len();
        self.buf = text;
        self.pos = 0;
        self.line = line;
        self.mark = 0;
        self.mark_line = line;
    }

    fn skip_ws(&mut self) -> Result<(), String> {
        while let Some(b) = self.peek()? {
            if b.is_ascii_whitespace() {
                self.pos += 1;
            } else if b == 0xEF && self.at(1)? == Some(0xBB) && self.at(2)? == Some(0xBF) {
                self.pos += 3;
            } else {
                break;
            }
        }
        Ok(())
    }

    fn expect(&mut self, byte: u8) -> Result<(), String> {
        match self.peek()? {
            Some(b) if b == byte => {
                self.pos += 1;
                Ok(())
            }
            Some(b) => Err(format!(
                "line {}: expected `{}`, found `{}`",
                self.line_at(self.pos),
                byte as char,
                b as char
            )),
            None => Err(format!(
                "unexpected end of input, expected `{}`",
                byte as char
            )),
        }
    }

    /// Moves past one JSON value (structurally: strings, escapes, nesting); returns where it
    /// started. The value's bytes stay in `buf[start..pos]` until the next `compact`.
    fn skip_value(&mut self) -> Result<usize, String> {
        let start = self.pos;
        match self.peek()? {
            None => return Err("unexpected end of input, expected a value".to_string()),
            Some(b'"') => {
                self.pos += 1;
                self.scan(ValueEnd::string())?;
            }
            Some(b'{' | b'[') => {
                self.pos += 1;
                self.scan(ValueEnd::container())?;
            }
            Some(b @ (b'}' | b']' | b',' | b':')) => {
                return Err(format!(
                    "line {}: unexpected `{}`",
                    self.line_at(self.pos),
                    b as char
                ));
            }
            Some(_) => {
                while let Some(b) = self.peek()? {
                    if matches!(b, b',' | b'}' | b']' | b':') || b.is_ascii_whitespace() {
                        break;
                    }
                    self.pos += 1;
                }
            }
        }
        Ok(start)
    }

    /// Scans to the end of the current string (`in_string`, depth 0) or container (`depth`
    /// 1), over whole buffer slices at a time (`json_blocks`).
    fn scan(&mut self, mut end: ValueEnd) -> Result<(), String> {
        loop {
            if self.at(0)?.is_none() {
                return Err("unexpected end of input inside a value".to_string());
            }
            match end.find(&self.buf[self.pos..self.end]) {
                Some(at) => {
                    self.pos += at;
                    return Ok(());
                }
                None => self.pos = self.end,
            }
        }
    }
}

/// One top-level document: an object's `items` array is streamed; everything else is kept and
/// handed over whole after the items (with `items: []`).
fn document(cur: &mut Cursor<'_>, doc: usize, sink: &mut dyn Sink) -> Result<(), String> {
    let place = Place {
        doc,
        line: cur.line_from_mark(cur.pos),
    };
    if cur.peek()? != Some(b'{') {
        let start = cur.skip_value()?;
        let value = parse_value(cur, start)?;
        cur.compact();
        return sink.object(place, ApiObject::Value(value));
    }
    let mut kept: Vec<u8> = vec![b'{'];
    cur.pos += 1;
    cur.skip_ws()?;
    if cur.peek()? == Some(b'}') {
        cur.pos += 1;
    } else {
        loop {
            cur.skip_ws()?;
            let key_start = cur.skip_value()?;
            let key: String = serde_json::from_slice(&cur.buf[key_start..cur.pos])
                .map_err(|e| format!("line {}: object key: {e}", cur.line_at(key_start)))?;
            let key_bytes = cur.buf[key_start..cur.pos].to_vec();
            cur.skip_ws()?;
            cur.expect(b':')?;
            cur.skip_ws()?;
            if key == "items" && cur.peek()? == Some(b'[') {
                cur.pos += 1;
                items(cur, doc, sink)?;
                kept.extend_from_slice(&key_bytes);
                kept.extend_from_slice(b":[]");
            } else {
                let start = cur.skip_value()?;
                kept.extend_from_slice(&key_bytes);
                kept.push(b':');
                kept.extend_from_slice(&cur.buf[start..cur.pos]);
            }
            cur.skip_ws()?;
            match cur.peek()? {
                Some(b',') => {
                    cur.pos += 1;
                    kept.push(b',');
                }
                Some(b'}') => {
                    cur.pos += 1;
                    break;
                }
                _ => {
                    return Err(format!(
                        "line {}: expected `,` or `}}`",
                        cur.line_at(cur.pos)
                    ));
                }
            }
        }
    }
    kept.push(b'}');
    cur.compact();
    // A streamed List comes last as its head with `items: []`: its kind still says something
    // (an empty `PodList` means the pods were read and there are none).
    let value: Value = serde_json::from_slice(&kept).map_err(|e| e.to_string())?;
    sink.object(place, ApiObject::Value(value))
}

/// The elements of `items`, one at a time (the opening `[` is consumed); after the first, in
/// runs when the sink takes them and the items start lines (`ItemStart`).
fn items(cur: &mut Cursor<'_>, doc: usize, sink: &mut dyn Sink) -> Result<(), String> {
    let open = cur.pos;
    let mut first = true;
    loop {
        cur.skip_ws()?;
        if cur.peek()? == Some(b']') {
            cur.pos += 1;
            return Ok(());
        }
        let start_of_items = first.then(|| ItemStart::of(&cur.buf[open..cur.pos]));
        let start = cur.skip_value()?;
        let line = cur.line_from_mark(start);
        sink.object(
            Place { doc, line },
            ApiObject::Raw(&cur.buf[start..cur.pos]),
        )
        .map_err(|e| format!("item at line {line}: {e}"))?;
        cur.compact();
        cur.skip_ws()?;
        match cur.peek()? {
            Some(b',') => cur.pos += 1,
            Some(b']') => {}
            _ => {
                return Err(format!(
                    "line {}: expected `,` or `]` in items",
                    cur.line_at(cur.pos)
                ));
            }
        }
        if let (Some(Some(item_start)), Some(runs)) = (start_of_items, sink.runs()) {
            cur.skip_ws()?;
            if cur.peek()? == Some(b'{') {
                in_runs(cur, doc, runs, &item_start)?;
            }
        }
        first = false;
    }
}

/// Sends the items from `cur.pos` (an item's start) on in runs cut where `start` says the next
/// item starts, until no such place is near or a run turns out not to have been cut where an
/// item starts; leaves `cur.pos` at an item's start, with the text of runs to read again put
/// back in front of it.
fn in_runs(
    cur: &mut Cursor<'_>,
    doc: usize,
    runs: &mut dyn Runs,
    start: &ItemStart,
) -> Result<(), String> {
    let limit = runs.limit().max(1);
    let mut sent = false;
    while !runs.miscut() {
        let Some(cut) = cur.find_cut(start, limit)? else {
            break;
        };
        let line = (!sent).then(|| cur.line_from_mark(cur.pos));
        let from = cur.pos;
        let window = cur.hand_over(cut, runs.spare());
        runs.run(RunStart { doc, line }, window, from..cut, start)?;
        sent = true;
    }
    // A List too short for a run: nothing to wait for.
    if !sent {
        return Ok(());
    }
    match runs.settle()? {
        Settled::Read { line } => cur.go_on_at_line(line),
        Settled::Again { text, line } => cur.unread(text, line),
    }
    Ok(())
}

fn parse_value(cur: &Cursor<'_>, start: usize) -> Result<Value, String> {
    serde_json::from_slice(&cur.buf[start..cur.pos])
        .map_err(|e| format!("line {}: {e}", cur.line_at(start)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(text: &str) -> Result<(usize, Vec<String>), StreamFailure> {
        run_from(&mut text.as_bytes())
    }

    /// The documents and objects `stream_json` reads from `reader`, as text.
    fn run_from(reader: &mut dyn BufRead) -> Result<(usize, Vec<String>), StreamFailure> {
        let mut seen = Vec::new();
        let mut each = |p: Place, o: ApiObject<'_>| {
            seen.push(match o {
                ApiObject::Value(v) => format!("{}:{} value {v}", p.doc, p.line),
                ApiObject::Raw(r) => {
                    format!("{}:{} raw {}", p.doc, p.line, String::from_utf8_lossy(r))
                }
            });
            Ok(())
        };
        let n = stream_json(reader, &mut each)?;
        Ok((n, seen))
    }

    #[test]
    fn list_items_are_streamed_and_other_documents_come_whole() {
        let (n, seen) = run(concat!(
            "\u{feff}{\"kind\":\"List\",\"items\":[{\"kind\":\"Pod\",\"a\":\"x\\\"}]\"},\n",
            "{\"kind\":\"Node\",\"b\":[1,{\"c\":null}]} ], \"metadata\":{}}\n",
            "{\"kind\":\"Service\", \"n\": -1.5e3, \"t\": true}\n[1, 2]"
        ))
        .unwrap();
        assert_eq!(n, 3);
        assert_eq!(
            seen,
            [
                "1:1 raw {\"kind\":\"Pod\",\"a\":\"x\\\"}]\"}",
                "1:2 raw {\"kind\":\"Node\",\"b\":[1,{\"c\":null}]}",
                "1:1 value {\"items\":[],\"kind\":\"List\",\"metadata\":{}}",
                "2:3 value {\"kind\":\"Service\",\"n\":-1500.0,\"t\":true}",
                "3:4 value [1,2]",
            ]
        );
    }

    #[test]
    fn agrees_with_serde_json_on_the_real_dumps() {
        for s in [
            "healthy-clusterip",
            "named-port-partial",
            "stale-controller-down",
        ] {
            let path = format!(
                "{}/tests/fixtures/{s}/cluster.json",
                env!("CARGO_MANIFEST_DIR")
            );
            let text = std::fs::read_to_string(path).unwrap();
            let whole: Value = serde_json::from_str(&text).unwrap();
            let mut items = Vec::new();
            let mut each = |_: Place, o: ApiObject<'_>| {
                match o {
                    ApiObject::Raw(r) => items.push(serde_json::from_slice::<Value>(r).unwrap()),
                    ApiObject::Value(v) => assert_eq!(v["items"], serde_json::json!([])),
                }
                Ok(())
            };
            // A tiny reader buffer exercises refills in the middle of strings and escapes.
            let mut reader = std::io::BufReader::with_capacity(7, text.as_bytes());
            assert_eq!(stream_json(&mut reader, &mut each), Ok(1));
            assert_eq!(Value::Array(items), whole["items"], "{s}");
        }
    }

    #[test]
    fn item_lines_stay_right_across_buffer_compaction() {
        // Over 2 MB of one-line items, so the window is compacted several times.
        let n = 40_000;
        let mut text = String::from("{\"items\": [\n");
        for i in 0..n {
            let sep = if i + 1 == n { "" } else { "," };
            text.push_str(&format!("{{\"i\": {i}, \"pad\": \"{:040}\"}}{sep}\n", 0));
        }
        text.push_str("]}\n");
        assert!(text.len() > 2 * CHUNK);
        let mut lines = Vec::new();
        let mut each = |p: Place, o: ApiObject<'_>| {
            if let ApiObject::Raw(_) = o {
                lines.push(p.line);
            }
            Ok(())
        };
        stream_json(&mut std::io::BufReader::new(text.as_bytes()), &mut each).unwrap();
        assert_eq!(lines.len(), n);
        let wrong = lines.iter().enumerate().find(|(i, l)| **l != i + 2);
        assert_eq!(wrong, None, "(item index, line reported)");
    }

    /// Items larger than the window's chunk, around small ones: each comes whole, however the
    /// window was read and compacted around it.
    #[test]
    fn items_larger_than_the_window_come_whole() {
        let sizes = [10, 70_000, 3 * CHUNK, 5, 9 * CHUNK + 7, 200_000, 1];
        let items: Vec<String> = sizes
            .iter()
            .enumerate()
            .map(|(i, n)| format!("{{\"i\":{i},\"s\":\"{}\\\"\"}}", "x".repeat(*n)))
            .collect();
        let text = format!("{{\"kind\":\"List\",\"items\":[{}]}}", items.join(",\n"));
        let mut seen: Vec<String> = Vec::new();
        let mut each = |_: Place, o: ApiObject<'_>| {
            if let ApiObject::Raw(r) = o {
                seen.push(String::from_utf8(r.to_vec()).unwrap());
            }
            Ok(())
        };
        let mut reader = std::io::BufReader::with_capacity(CHUNK, text.as_bytes());
        assert_eq!(stream_json(&mut reader, &mut each).unwrap(), 1);
        assert_eq!(seen, items);
    }

    /// A reader that hands over a few bytes a read (as a pipe does, in 64 KiB): the window
    /// is filled across reads and the items are the same.
    #[test]
    fn short_reads_give_the_same_items() {
        struct Trickle<'a>(&'a [u8]);
        impl std::io::Read for Trickle<'_> {
            fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
                let n = buf.len().min(7).min(self.0.len());
                buf[..n].copy_from_slice(&self.0[..n]);
                self.0 = &self.0[n..];
                Ok(n)
            }
        }
        let text = "{\"kind\":\"List\",\"items\":[{\"a\":\"x y\"},\n{\"b\":[1,{\"c\":\"]\"}]}]}\n{\"d\":2}";
        let mut reader = std::io::BufReader::with_capacity(1, Trickle(text.as_bytes()));
        let trickled = run_from(&mut reader).unwrap();
        assert_eq!(trickled.0, 2);
        assert_eq!(trickled, run(text).unwrap());
    }

    #[test]
    fn errors_name_the_document_and_the_line() {
        let err = run("{\"a\":1}\n{\"b\":").unwrap_err();
        assert_eq!(err.doc, 2);
        let mut each = |_: Place, _: ApiObject<'_>| Err("invalid Pod \"x\"".to_string());
        let err = stream_json(&mut "{\"items\":[\n\n{}]}".as_bytes(), &mut each).unwrap_err();
        assert_eq!(
            err,
            StreamFailure {
                doc: 1,
                message: "item at line 3: invalid Pod \"x\"".into()
            }
        );
        assert_eq!(run("  \n").unwrap().0, 0);
        assert_eq!(
            run("{\"items\":null,\"kind\":\"List\"}").unwrap().1,
            ["1:1 value {\"items\":null,\"kind\":\"List\"}"]
        );
        assert!(run("{\"a\" 1}").is_err());
        assert!(run("{\"items\":[{\"a\":1}").is_err());
    }
}
