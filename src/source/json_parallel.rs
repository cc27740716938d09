//! A big JSON List converted on several threads. Deserializing and converting the items is most
//! of the cost of reading a 150k-pod dump, and items are independent, so the calling thread only
//! cuts the input into batches of about a megabyte for worker threads, which turn each batch
//! into a partial `Cluster`. When a List's items start lines (kubectl's layouts), a batch is a
//! run cut where a line probably starts the next item, without looking at the bytes before it,
//! and the worker checks the cut as it reads (`json_runs`); otherwise the calling thread finds
//! each item's end (`json_stream`). The parts are appended in input order, so the result and
//! the first error reported are exactly those of one thread.
//!
//! The channel to the workers is bounded: the scanner waits instead of reading ahead, so memory
//! still tracks the model kept, not the text read.

use super::convert::{ConvertStats, objects_to_cluster, raw_object_to_cluster};
use super::json_runs::{RunFailure, RunRead, Unread, convert_run};
use super::json_stream::{
    ApiObject, ItemStart, Place, RunStart, Runs, Settled, Sink, StreamFailure, set_line,
    stream_json, stream_to,
};
use super::list_room::{reserve_ahead, reserve_like_first};
use super::stream::merge;
use crate::model::Cluster;
use serde_json::Value;
use std::collections::BTreeMap;
use std::io::BufRead;
use std::ops::Range;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Mutex, mpsc};

/// How the work is split.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Split {
    /// Worker threads; 1 converts on the calling thread, with no threads at all.
    pub(crate) workers: usize,
    /// A batch is sent once its items hold this many bytes.
    pub(crate) batch_bytes: usize,
}

impl Split {
    /// One worker per available core (at most 8), batches of 1 MiB.
    pub(crate) fn for_this_machine() -> Split {
        let cores = std::thread::available_parallelism().map_or(1, usize::from);
        Split {
            workers: cores.clamp(1, 8),
            batch_bytes: 1 << 20,
        }
    }
}

/// Streams every JSON document of `reader` into `cluster` (see `json_stream::stream_json`);
/// returns the number of top-level documents. `size`: the input's length, when known (a file),
/// to reserve the big lists ahead (`reserve_ahead`).
pub(crate) fn load_json(
    reader: &mut dyn BufRead,
    (split, size): (Split, Option<u64>),
    cluster: &mut Cluster,
    stats: &mut ConvertStats,
) -> Result<usize, StreamFailure> {
    if split.workers <= 1 {
        let mut each = |place: Place, object: ApiObject<'_>| {
            let before = cluster.definitions.len();
            raw_object_to_cluster(object, cluster, stats).map_err(|e| e.to_string())?;
            set_line(cluster, before, place);
            Ok(())
        };
        return stream_json(reader, &mut each);
    }
    let (work_tx, work_rx) = mpsc::sync_channel::<Batch>(split.workers * 2);
    let (done_tx, done_rx) = mpsc::channel::<Part>();
    let work_rx = Mutex::new(work_rx);
    let failed = AtomicBool::new(false);
    let mut merger = Merger {
        cluster,
        stats,
        rx: done_rx,
        pending: BTreeMap::new(),
        next: 0,
        failure: None,
        size,
        merged_bytes: 0,
        spare: Vec::new(),
        carry: None,
        run_line: 1,
    };
    let scanned = std::thread::scope(|scope| {
        for _ in 0..split.workers {
            let done_tx = done_tx.clone();
            let (work_rx, failed) = (&work_rx, &failed);
            scope.spawn(move || {
                // A poisoned lock means another worker panicked: stop taking work.
                while let Some(batch) = work_rx.lock().ok().and_then(|rx| rx.recv().ok()) {
                    let part = batch.convert();
                    if part.result.is_err() && part.run.is_none() {
                        failed.store(true, Ordering::Relaxed);
                    }
                    if done_tx.send(part).is_err() {
                        return;
                    }
                }
            });
        }
        drop(done_tx);
        let batcher = Batcher {
            tx: work_tx,
            next: Batch::with_room(0, split.batch_bytes, None),
            limit: split.batch_bytes,
            spare: Vec::new(),
        };
        let mut loader = Loader {
            batcher,
            merger: &mut merger,
            failed: &failed,
        };
        let scanned = stream_to(reader, &mut loader);
        loader.batcher.finish();
        merger.take(true);
        scanned
    });
    match merger.failure {
        Some(failure) => Err(failure),
        None => scanned,
    }
}

/// The scanning thread's side: objects and runs into batches, parts merged as they come.
struct Loader<'l, 'c> {
    batcher: Batcher,
    merger: &'l mut Merger<'c>,
    failed: &'l AtomicBool,
}

impl Loader<'_, '_> {
    /// Stops the scan once a worker has failed or a part failed to merge: the first failure
    /// in input order is the one reported.
    fn going_on(&self) -> Result<(), String> {
        if self.failed.load(Ordering::Relaxed) || self.merger.failure.is_some() {
            return Err(String::new());
        }
        Ok(())
    }

    /// Appends the parts that are next in order, so they do not pile up next to the growing
    /// cluster, and hands their text buffers back to the batcher.
    fn merge_ready(&mut self) {
        self.merger.take(false);
        self.batcher.spare.append(&mut self.merger.spare);
    }
}

impl Sink for Loader<'_, '_> {
    fn object(&mut self, place: Place, object: ApiObject<'_>) -> Result<(), String> {
        self.going_on()?;
        self.batcher.add(place, object)?;
        self.merge_ready();
        Ok(())
    }

    fn runs(&mut self) -> Option<&mut dyn Runs> {
        Some(self)
    }
}

impl Runs for Loader<'_, '_> {
    fn limit(&self) -> usize {
        self.batcher.limit
    }

    fn run(
        &mut self,
        from: RunStart,
        window: Vec<u8>,
        run: Range<usize>,
        start: &ItemStart,
    ) -> Result<(), String> {
        self.going_on()?;
        self.batcher.run(from, window, run, start)?;
        self.merge_ready();
        Ok(())
    }

    fn spare(&mut self) -> Vec<u8> {
        self.batcher.spare.pop().unwrap_or_default()
    }

    fn miscut(&self) -> bool {
        self.merger.carry.is_some()
    }

    fn settle(&mut self) -> Result<Settled, String> {
        self.batcher.flush()?;
        self.merger.take_until(self.batcher.next.seq);
        self.batcher.spare.append(&mut self.merger.spare);
        self.going_on()?;
        Ok(match self.merger.carry.take() {
            Some((text, line)) => Settled::Again { text, line },
            None => Settled::Read {
                line: self.merger.run_line,
            },
        })
    }
}

/// Appends the workers' parts to the cluster in input order.
struct Merger<'c> {
    cluster: &'c mut Cluster,
    stats: &'c mut ConvertStats,
    rx: mpsc::Receiver<Part>,
    /// Parts that arrived before an earlier one.
    pending: BTreeMap<usize, Part>,
    next: usize,
    /// The first error, in input order; nothing after it is appended.
    failure: Option<StreamFailure>,
    /// The input's length, when known.
    size: Option<u64>,
    /// Bytes of the items appended so far.
    merged_bytes: u64,
    /// Text buffers of converted batches, for the batcher to fill again (not emptied).
    spare: Vec<Vec<u8>>,
    /// The text of runs to read again on the scanning thread, from the first item of the first
    /// run that was not cut where an item starts, and that item's line; the parts after it
    /// were made from text that may not start an item, and only their text is kept.
    carry: Option<(Vec<u8>, usize)>,
    /// The line where the next run starts (runs count their own lines from 1).
    run_line: usize,
}

impl Merger<'_> {
    /// Appends every part that is ready (with `wait`, every part still to come).
    fn take(&mut self, wait: bool) {
        loop {
            let part = if wait {
                self.rx.recv().ok()
            } else {
                self.rx.try_recv().ok()
            };
            let Some(part) = part else { return };
            self.pending.insert(part.seq, part);
            self.append_ready();
        }
    }

    /// Waits until every part before `seq` is appended.
    fn take_until(&mut self, seq: usize) {
        while self.next < seq {
            let Ok(part) = self.rx.recv() else { return };
            self.pending.insert(part.seq, part);
            self.append_ready();
        }
    }

    fn append_ready(&mut self) {
        while let Some(part) = self.pending.remove(&self.next) {
            self.next += 1;
            let Part {
                bytes,
                text,
                read,
                result,
                run,
                ..
            } = part;
            let text = text.unwrap_or_default();
            if self.failure.is_none() {
                let read = text.get(read).unwrap_or_default();
                self.append(bytes, read, result, run);
            }
            // Not emptied: a window filled again overwrites it (`Runs::spare`).
            self.spare.push(text);
        }
    }

    fn append(
        &mut self,
        bytes: u64,
        text: &[u8],
        result: Result<(Cluster, ConvertStats), PartFailure>,
        run: Option<RunPart>,
    ) {
        if let Some((carry, _)) = &mut self.carry {
            carry.extend_from_slice(text);
            return;
        }
        self.merged_bytes += bytes;
        // A run's lines are its own, from 1: shifted to where it starts in the input.
        let mut shift = 0;
        let mut unread = None;
        if let Some(run) = run {
            if let Some(line) = run.from {
                self.run_line = line;
            }
            shift = self.run_line - 1;
            self.run_line += run.read.newlines;
            unread = run.read.unread;
        }
        match result {
            Ok(mut done) => {
                shift_lines(&mut done.0, shift);
                self.reserve_for(&done.0);
                merge(self.cluster, self.stats, done)
            }
            Err(PartFailure::Items(failure)) => self.failure = Some(failure),
            Err(PartFailure::Run(failure)) => self.failure = Some(failure.shifted(shift)),
        }
        if let Some(Unread { offset, line }) = unread {
            self.carry = Some((text[offset..].to_vec(), line + shift));
        }
    }

    /// Before `part` is appended: room in the big lists for the whole input (`reserve_ahead`),
    /// when its size is known.
    fn reserve_for(&mut self, part: &Cluster) {
        let Some(size) = self.size else { return };
        let (c, done) = (&mut *self.cluster, self.merged_bytes);
        reserve_ahead(&mut c.pods, part.pods.len(), done, size);
        reserve_ahead(&mut c.definitions, part.definitions.len(), done, size);
        reserve_ahead(
            &mut c.endpoint_slices,
            part.endpoint_slices.len(),
            done,
            size,
        );
        reserve_ahead(&mut c.endpoints, part.endpoints.len(), done, size);
        reserve_ahead(&mut c.services, part.services.len(), done, size);
    }
}

/// Moves the lines of a part's definitions `shift` lines down (a run's lines start at 1).
fn shift_lines(part: &mut Cluster, shift: usize) {
    if shift == 0 {
        return;
    }
    for d in &mut part.definitions {
        // 0: not known (`set_line`).
        if d.line != 0 {
            d.line = u32::try_from(d.line as usize + shift).unwrap_or(0);
        }
    }
}

/// Items (or whole documents) waiting for a worker, with their text copied out of the scanner's
/// window.
struct Batch {
    seq: usize,
    json: Vec<u8>,
    items: Vec<(Range<usize>, Place)>,
    /// A document that was not a List comes whole, in a batch of its own.
    value: Option<(Value, Place)>,
    /// `json[range]` is a run of List items starting here (`json_runs`), in a batch of its own.
    run: Option<(RunStart, ItemStart, Range<usize>)>,
}

/// Why a part failed: an item of a batch (its line known), or of a run (its line in the run).
enum PartFailure {
    Items(StreamFailure),
    Run(RunFailure),
}

/// What a worker read of a run, and where the run starts when the scanner knew it.
struct RunPart {
    from: Option<usize>,
    read: RunRead,
}

/// What a worker made of one batch.
struct Part {
    seq: usize,
    /// The batch's bytes of text.
    bytes: u64,
    /// The batch's text buffer, to be filled again: a new buffer on the scanning
    /// thread would be fresh pages (faulted in and zeroed by the kernel) while the worker's
    /// freed one sits in another thread's cache (perf: ~3% of a 150k-pod diagnose). The text
    /// itself is still needed when a run has to be read again.
    text: Option<Vec<u8>>,
    result: Result<(Cluster, ConvertStats), PartFailure>,
    /// What of `text` was read: a run's range of it, or all of it.
    read: Range<usize>,
    /// Of a run: its lines and where it stopped being read (`json_runs`). A run's failure may
    /// be no failure at all when a run before it was not cut where an item starts, so it does
    /// not stop the scan before it is merged.
    run: Option<RunPart>,
}

impl Batch {
    fn new(seq: usize) -> Batch {
        Batch {
            seq,
            json: Vec::new(),
            items: Vec::new(),
            value: None,
            run: None,
        }
    }

    /// An empty batch with room for `limit` bytes and an item more, so that filling it does
    /// not grow (copy) its text; in `spare`, when given.
    fn with_room(seq: usize, limit: usize, spare: Option<Vec<u8>>) -> Batch {
        let mut batch = Batch::new(seq);
        batch.json = spare.unwrap_or_default();
        batch.json.clear();
        batch.json.reserve(limit.saturating_add(limit / 8));
        batch
    }

    fn convert(mut self) -> Part {
        let mut cluster = Cluster::default();
        let mut stats = ConvertStats::default();
        let mut run = None;
        let mut read = 0..self.json.len();
        let result = match &self.run {
            Some((from, start, range)) => {
                read = range.clone();
                let text = &self.json[range.clone()];
                // A failed run's failure is placed from where it starts too.
                let done = convert_run(text, from.doc, start, &mut cluster, &mut stats);
                run = Some(RunPart {
                    from: from.line,
                    read: done.as_ref().map_or(RunRead::default(), |r| *r),
                });
                done.map(|_| ()).map_err(PartFailure::Run)
            }
            None => self
                .convert_items(&mut cluster, &mut stats)
                .map_err(PartFailure::Items),
        };
        Part {
            seq: self.seq,
            bytes: read.len() as u64,
            text: Some(self.json),
            read,
            result: result.map(|()| (cluster, stats)),
            run,
        }
    }

    fn convert_items(
        &mut self,
        cluster: &mut Cluster,
        stats: &mut ConvertStats,
    ) -> Result<(), StreamFailure> {
        // Each item makes one object, mostly of the kind of the item before it (a dump lists
        // its objects kind by kind): room for the whole batch in the first item's list, so
        // that it does not grow (copy) ten times over.
        cluster.definitions.reserve(self.items.len());
        for (n, (range, place)) in self.items.iter().enumerate() {
            if n == 1 {
                reserve_like_first(cluster, self.items.len());
            }
            let raw = ApiObject::Raw(&self.json[range.clone()]);
            let before = cluster.definitions.len();
            raw_object_to_cluster(raw, cluster, stats).map_err(|e| StreamFailure {
                doc: place.doc,
                message: format!("item at line {}: {e}", place.line),
            })?;
            set_line(cluster, before, *place);
        }
        if let Some((value, place)) = self.value.take() {
            let before = cluster.definitions.len();
            objects_to_cluster(value, cluster, stats).map_err(|e| StreamFailure {
                doc: place.doc,
                message: e.to_string(),
            })?;
            set_line(cluster, before, place);
        }
        Ok(())
    }
}

/// Collects items into batches and sends them, in order.
struct Batcher {
    tx: mpsc::SyncSender<Batch>,
    next: Batch,
    limit: usize,
    /// Text buffers to fill again (`Merger::spare`; a batch of items empties its own).
    spare: Vec<Vec<u8>>,
}

impl Batcher {
    fn add(&mut self, place: Place, object: ApiObject<'_>) -> Result<(), String> {
        match object {
            ApiObject::Raw(raw) => {
                let start = self.next.json.len();
                self.next.json.extend_from_slice(raw);
                self.next.items.push((start..self.next.json.len(), place));
                if self.next.json.len() >= self.limit {
                    self.send()?;
                }
            }
            ApiObject::Value(value) => {
                self.next.value = Some((value, place));
                self.send()?;
            }
        }
        Ok(())
    }

    /// Sends the items collected so far, then `window[run]`, a run starting at `from`, in a
    /// batch of its own.
    fn run(
        &mut self,
        from: RunStart,
        window: Vec<u8>,
        run: Range<usize>,
        start: &ItemStart,
    ) -> Result<(), String> {
        self.flush()?;
        // The window goes in place of the batch's own buffer, which is kept for the next.
        let room = std::mem::replace(&mut self.next.json, window);
        self.spare.push(room);
        self.next.run = Some((from, start.clone(), run));
        self.send()
    }

    /// Sends the items collected so far, if any.
    fn flush(&mut self) -> Result<(), String> {
        if self.next.items.is_empty() {
            return Ok(());
        }
        self.send()
    }

    fn send(&mut self) -> Result<(), String> {
        let seq = self.next.seq + 1;
        let room = Batch::with_room(seq, self.limit, self.spare.pop());
        let full = std::mem::replace(&mut self.next, room);
        // The workers only hang up after a panic; the scan stops and the panic is re-raised
        // when the scope joins them.
        self.tx
            .send(full)
            .map_err(|_| "a conversion thread stopped".to_string())
    }

    /// Sends what is left; dropping the sender lets the workers finish.
    fn finish(mut self) {
        if !self.next.items.is_empty() {
            let _ = self.send();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn load(text: &str, split: Split) -> Result<(String, ConvertStats, usize), StreamFailure> {
        let mut cluster = Cluster::default();
        let mut stats = ConvertStats::default();
        let size = Some(text.len() as u64);
        let docs = load_json(
            &mut text.as_bytes(),
            (split, size),
            &mut cluster,
            &mut stats,
        )?;
        Ok((format!("{cluster:?}"), stats, docs))
    }

    const ONE: Split = Split {
        workers: 1,
        batch_bytes: 1 << 20,
    };

    fn splits() -> [Split; 3] {
        [
            Split {
                workers: 2,
                batch_bytes: 1 << 20,
            },
            Split {
                workers: 3,
                batch_bytes: 1,
            },
            Split {
                workers: 4,
                batch_bytes: 4096,
            },
        ]
    }

    /// Several real dumps and a lone Service between them, as one input.
    /// A recorded dump of tests/fixtures.
    fn fixture(s: &str) -> String {
        std::fs::read_to_string(format!(
            "{}/tests/fixtures/{s}/cluster.json",
            env!("CARGO_MANIFEST_DIR")
        ))
        .unwrap()
    }

    fn mixed_input() -> String {
        let lone = r#"{"apiVersion":"v1","kind":"Service","metadata":{"name":"lone","namespace":"x"},"spec":{"ports":[{"port":80}]}}"#;
        format!(
            "{}\n{lone}\n{}",
            fixture("healthy-clusterip"),
            fixture("named-port-partial")
        )
    }

    #[test]
    fn threads_build_the_same_cluster_in_the_same_order() {
        let text = mixed_input();
        let (cluster, stats, docs) = load(&text, ONE).unwrap();
        assert_eq!(docs, 3);
        assert!(cluster.contains("name: \"lone\""), "{cluster}");
        for split in splits() {
            let (c, s, d) = load(&text, split).unwrap();
            assert_eq!(c, cluster, "{split:?}");
            assert_eq!(s, stats, "{split:?}");
            assert_eq!(d, docs);
        }
    }

    #[test]
    fn the_first_bad_item_is_reported_as_with_one_thread() {
        let text = mixed_input();
        // Two malformed Pods far apart: the earlier one must be named, whichever worker failed
        // first. (A key added in front of the real one would be replaced by it, as Go's JSON
        // decoder does: the bad value replaces the real one instead.)
        let bad = text.replacen(
            "\"containerPort\": ",
            "\"containerPort\": \"x\", \"was\": ",
            1,
        );
        let bad = format!(
            "{bad}\n{}",
            r#"{"apiVersion":"v1","kind":"Pod","metadata":{"name":"late"},"spec":[]}"#
        );
        let one = load(&bad, ONE).unwrap_err();
        assert_eq!(one.doc, 1);
        assert!(one.message.starts_with("item at line "), "{}", one.message);
        assert!(one.message.contains("invalid Pod"), "{}", one.message);
        for split in splits() {
            assert_eq!(load(&bad, split).unwrap_err(), one, "{split:?}");
        }
        // A broken document after good ones: the scanner's error.
        let truncated = format!("{text}\n{{\"kind\":");
        let one = load(&truncated, ONE).unwrap_err();
        assert_eq!(one.doc, 4);
        for split in splits() {
            assert_eq!(load(&truncated, split).unwrap_err(), one, "{split:?}");
        }
    }

    /// `text` read with one thread and with each split agree: the same cluster, stats and
    /// document count, or the same failure.
    fn agrees(text: &str, what: &str) {
        let one = load(text, ONE);
        for split in splits() {
            assert_eq!(load(text, split), one, "{what} {split:?}\n{text}");
        }
    }

    /// The items of the fixtures' dumps, one compact item per line, as a List.
    fn one_item_per_line() -> String {
        let mut items = Vec::new();
        for s in [
            "healthy-clusterip",
            "named-port-partial",
            "stale-controller-down",
        ] {
            let list: Value = serde_json::from_str(&fixture(s)).unwrap();
            for item in list["items"].as_array().unwrap() {
                items.push(item.to_string());
            }
        }
        format!(
            "{{\"apiVersion\":\"v1\",\"kind\":\"List\",\"items\":[\n{}\n]}}\n",
            items.join(",\n")
        )
    }

    #[test]
    fn runs_give_what_item_by_item_reading_gives() {
        let text = one_item_per_line();
        let (cluster, _, docs) = load(&text, ONE).unwrap();
        assert_eq!(docs, 1);
        assert!(cluster.contains("EndpointSlice"), "{cluster}");
        agrees(&text, "one item per line");
        // kubectl's own indentation, and several documents one after the other.
        agrees(&mixed_input(), "indented");
        agrees(
            &format!("{text}{text}\n{{\"kind\":\"List\",\"items\":[]}}"),
            "three",
        );
        // Several megabytes: runs of a megabyte, read ahead a little at a time.
        let items = &text[text.find('\n').unwrap() + 1..text.rfind("\n]").unwrap()];
        let big = format!(
            "{{\"kind\":\"List\",\"items\":[\n{}\n]}}",
            vec![items; 3 * (1 << 20) / items.len() + 1].join(",\n")
        );
        assert!(big.len() > 3 << 20);
        agrees(&big, "big");
    }

    /// Windows are reused at their full length (`Runs::spare`): runs of very different sizes
    /// (some items a hundred times longer than the rest) leave bytes of earlier input after
    /// the end of a shorter window, which must never be read as input.
    #[test]
    fn reused_windows_read_only_their_own_input() {
        let text = one_item_per_line();
        let items: Vec<&str> = text[text.find('\n').unwrap() + 1..text.rfind("\n]").unwrap()]
            .split(",\n")
            .collect();
        let long = "x".repeat(300_000);
        let mut all = Vec::new();
        for round in 0..40 {
            for (n, item) in items.iter().enumerate() {
                if (round + n) % 17 == 0 {
                    all.push(item.replacen(
                        "\"metadata\":{",
                        &format!("\"metadata\":{{\"annotations\":{{\"pad\":\"{long}\"}},"),
                        1,
                    ));
                } else {
                    all.push(item.to_string());
                }
            }
        }
        let big = format!("{{\"kind\":\"List\",\"items\":[\n{}\n]}}", all.join(",\n"));
        assert!(big.len() > 6 << 20, "{}", big.len());
        agrees(&big, "long and short items");
    }

    /// Lines that look like item starts inside items (a nested object at the start of a line),
    /// items on one line, a document after the List starting a line, an item that is not an
    /// object: runs cut in the wrong place are read again, and nothing changes.
    #[test]
    fn runs_cut_where_no_item_starts_are_read_again() {
        let text = one_item_per_line();
        let cases = [
            text.replace("\"metadata\":{", "\"metadata\":\n{"),
            text.replacen("\"spec\":{", "\"spec\":\n{", 3),
            text.replacen("},\n{", "},{", 5),
            text.replace("\n]}", "]}\n{\"kind\":\"Service\",\"apiVersion\":\"v1\"}"),
            text.replacen(",\n{", ",\n7,\n{", 5),
            text.replacen(",\n{", ",\n\"x\",\n[{}],\n{", 9),
            text.replace("\"labels\":{", "\"labels\":\n{\"a\":\n{}, \"b\":\n\"c\"}, \"x\":{"),
            text.replace("},{", "},\n{"),
            // Kinds the tool skips, whose text is not read past their head.
            text.replacen(
                ",\n{",
                concat!(
                    ",\n{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"c\"},",
                    "\"data\":{\"a\":\"b\"},\"x\":[{\"a\":1},\n{\"b\":2},\n{\"c\":3}]},\n",
                    "{\"apiVersion\":\"example.com/v1\",\"kind\":\"Widget\",\"spec\":[\n{},\n{}]},\n{"
                ),
                4,
            ),
        ];
        for (n, case) in cases.iter().enumerate() {
            assert_ne!(case, &text, "case {n} changes the text");
            agrees(case, &format!("case {n}"));
        }
    }

    /// Damage anywhere (a byte changed, dropped or a newline added) in a List read in runs:
    /// the same objects or the same first failure as reading item by item.
    #[test]
    fn damaged_runs_fail_as_item_by_item_reading_fails() {
        let text = one_item_per_line();
        let bytes = text.as_bytes();
        let mut random = crate::testing::Xorshift::new(0x9e37_79b9_7f4a_7c15);
        let mut next = |bound: usize| random.below(bound);
        for _ in 0..100 {
            let mut damaged = bytes.to_vec();
            for _ in 0..1 + next(3) {
                let at = next(damaged.len());
                match next(4) {
                    0 => damaged[at] = b"{}[],:\"\\ 0an"[next(12)],
                    1 => {
                        damaged.remove(at);
                    }
                    _ => damaged.insert(at, b'\n'),
                }
            }
            let case = String::from_utf8_lossy(&damaged).into_owned();
            agrees(&case, "damaged");
        }
    }
}
