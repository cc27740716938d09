//! A big JSON List converted on several threads. Deserializing and converting the items is most
//! of the cost of reading a 150k-pod dump, and items are independent, so the calling thread only
//! splits the input into items (`json_stream`) and hands batches of about a megabyte to worker
//! threads, which turn each batch into a partial `Cluster`. The parts are appended in input
//! order, so the result and the first error reported are exactly those of one thread.
//!
//! The channel to the workers is bounded: the scanner waits instead of reading ahead, so memory
//! still tracks the model kept, not the text read.

use super::convert::{ConvertStats, objects_to_cluster, raw_object_to_cluster};
use super::json_stream::{ApiObject, Place, StreamFailure, stream_json};
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
    };
    let scanned = std::thread::scope(|scope| {
        for _ in 0..split.workers {
            let done_tx = done_tx.clone();
            let (work_rx, failed) = (&work_rx, &failed);
            scope.spawn(move || {
                // A poisoned lock means another worker panicked: stop taking work.
                while let Some(batch) = work_rx.lock().ok().and_then(|rx| rx.recv().ok()) {
                    let part = batch.convert();
                    if part.result.is_err() {
                        failed.store(true, Ordering::Relaxed);
                    }
                    if done_tx.send(part).is_err() {
                        return;
                    }
                }
            });
        }
        drop(done_tx);
        let mut batcher = Batcher {
            tx: work_tx,
            next: Batch::with_room(0, split.batch_bytes, None),
            limit: split.batch_bytes,
            spare: Vec::new(),
        };
        let mut each = |place: Place, object: ApiObject<'_>| {
            if failed.load(Ordering::Relaxed) {
                // A worker failed on an earlier item; its message is the one reported.
                return Err(String::new());
            }
            batcher.add(place, object)?;
            // Parts are appended as soon as they are next in order, so they do not pile up
            // next to the growing cluster.
            merger.take(false);
            batcher.spare.append(&mut merger.spare);
            Ok(())
        };
        let scanned = stream_json(reader, &mut each);
        batcher.finish();
        merger.take(true);
        scanned
    });
    match merger.failure {
        Some(failure) => Err(failure),
        None => scanned,
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
    /// Text buffers of converted batches, for the batcher to fill again.
    spare: Vec<Vec<u8>>,
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
            while let Some(part) = self.pending.remove(&self.next) {
                self.next += 1;
                if self.failure.is_some() {
                    continue;
                }
                self.merged_bytes += part.bytes;
                if let Some(text) = part.text {
                    self.spare.push(text);
                }
                match part.result {
                    Ok(done) => {
                        self.reserve_for(&done.0);
                        merge(self.cluster, self.stats, done)
                    }
                    Err(failure) => self.failure = Some(failure),
                }
            }
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
    }
}

/// Before `adding` objects to `list` would grow it: room for as many as the input holds at the
/// rate seen so far (`done` of `size` bytes read). Growing by doubling copied the list into a
/// buffer twice its size with the old one still resident: at 150k pods that moment was the peak
/// of loading. The estimate runs high when other kinds follow (slices after pods), which costs
/// nothing: capacity never written is never resident.
fn reserve_ahead<T>(list: &mut Vec<T>, adding: usize, done: u64, size: u64) {
    let needed = list.len() + adding;
    if adding == 0 || needed <= list.capacity() || done == 0 {
        return;
    }
    let at_this_rate = u128::from(size) * needed as u128 / u128::from(done);
    let wanted = usize::try_from(at_this_rate).unwrap_or(needed).max(needed);
    list.reserve_exact(wanted - list.len());
}

/// Items (or whole documents) waiting for a worker, with their text copied out of the scanner's
/// window.
struct Batch {
    seq: usize,
    json: Vec<u8>,
    items: Vec<(Range<usize>, Place)>,
    /// A document that was not a List comes whole, in a batch of its own.
    value: Option<(Value, Place)>,
}

/// What a worker made of one batch.
struct Part {
    seq: usize,
    /// The batch's bytes of text.
    bytes: u64,
    /// The batch's text buffer, emptied, to be filled again: a new buffer on the scanning
    /// thread would be fresh pages (faulted in and zeroed by the kernel) while the worker's
    /// freed one sits in another thread's cache (perf: ~3% of a 150k-pod diagnose).
    text: Option<Vec<u8>>,
    result: Result<(Cluster, ConvertStats), StreamFailure>,
}

impl Batch {
    fn new(seq: usize) -> Batch {
        Batch {
            seq,
            json: Vec::new(),
            items: Vec::new(),
            value: None,
        }
    }

    /// An empty batch with room for `limit` bytes and an item more, so that filling it does
    /// not grow (copy) its text; in `spare`, when given.
    fn with_room(seq: usize, limit: usize, spare: Option<Vec<u8>>) -> Batch {
        let mut batch = Batch::new(seq);
        batch.json = spare.unwrap_or_default();
        batch.json.reserve(limit.saturating_add(limit / 8));
        batch
    }

    fn convert(mut self) -> Part {
        let mut cluster = Cluster::default();
        let mut stats = ConvertStats::default();
        let mut result = Ok(());
        // Each item makes one object, mostly of the kind of the item before it (a dump lists
        // its objects kind by kind): room for the whole batch in the first item's list, so
        // that it does not grow (copy) ten times over.
        cluster.definitions.reserve(self.items.len());
        for (n, (range, place)) in self.items.iter().enumerate() {
            if n == 1 {
                reserve_like_first(&mut cluster, self.items.len());
            }
            let raw = ApiObject::Raw(&self.json[range.clone()]);
            let before = cluster.definitions.len();
            result =
                raw_object_to_cluster(raw, &mut cluster, &mut stats).map_err(|e| StreamFailure {
                    doc: place.doc,
                    message: format!("item at line {}: {e}", place.line),
                });
            set_line(&mut cluster, before, *place);
            if result.is_err() {
                break;
            }
        }
        if let (Ok(()), Some((value, place))) = (&result, self.value) {
            let before = cluster.definitions.len();
            result =
                objects_to_cluster(value, &mut cluster, &mut stats).map_err(|e| StreamFailure {
                    doc: place.doc,
                    message: e.to_string(),
                });
            set_line(&mut cluster, before, place);
        }
        let bytes = self.json.len() as u64;
        self.json.clear();
        Part {
            seq: self.seq,
            bytes,
            text: Some(self.json),
            result: result.map(|()| (cluster, stats)),
        }
    }
}

/// Room for `items` objects in the list the batch's first object went to.
fn reserve_like_first(cluster: &mut Cluster, items: usize) {
    let rest = items.saturating_sub(1);
    if !cluster.pods.is_empty() {
        cluster.pods.reserve(rest);
    } else if !cluster.endpoint_slices.is_empty() {
        cluster.endpoint_slices.reserve(rest);
    } else if !cluster.endpoints.is_empty() {
        cluster.endpoints.reserve(rest);
    }
}

/// Collects items into batches and sends them, in order.
struct Batcher {
    tx: mpsc::SyncSender<Batch>,
    next: Batch,
    limit: usize,
    /// Emptied text buffers to fill (`Merger::spare`).
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
    fn mixed_input() -> String {
        let fixture = |s: &str| {
            std::fs::read_to_string(format!(
                "{}/tests/fixtures/{s}/cluster.json",
                env!("CARGO_MANIFEST_DIR")
            ))
            .unwrap()
        };
        let lone = r#"{"apiVersion":"v1","kind":"Service","metadata":{"name":"lone","namespace":"x"},"spec":{"ports":[{"port":80}]}}"#;
        format!(
            "{}\n{lone}\n{}",
            fixture("healthy-clusterip"),
            fixture("named-port-partial")
        )
    }

    #[test]
    fn lists_are_reserved_at_the_rate_seen_so_far() {
        let mut list: Vec<u8> = Vec::new();
        // 10 objects in the first 100 of 1000 bytes: room for 100.
        reserve_ahead(&mut list, 10, 100, 1000);
        assert!(list.capacity() >= 100, "{}", list.capacity());
        let room = list.capacity();
        list.extend([0; 10]);
        // Room enough already: nothing changes.
        reserve_ahead(&mut list, 50, 500, 1000);
        assert_eq!(list.capacity(), room);
        // Nothing read yet, or nothing to add: nothing reserved.
        let mut empty: Vec<u8> = Vec::new();
        reserve_ahead(&mut empty, 5, 0, 1000);
        reserve_ahead(&mut empty, 0, 10, 1000);
        assert_eq!(empty.capacity(), 0);
        // An input that turns out longer than said: at least what is needed.
        let mut short: Vec<u8> = Vec::new();
        reserve_ahead(&mut short, 40, 2000, 1000);
        assert!(short.capacity() >= 40);
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
}
