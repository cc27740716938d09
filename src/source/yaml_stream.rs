//! A big YAML List (`kubectl get -A -o yaml`, hundreds of MB) read from its file item by item:
//! lines are cut into items as they are read (`yaml_items::ListLayout`, kubectl's layout), and
//! batches of about a megabyte go to worker threads that parse and convert them, so the text is
//! never held whole and memory follows the model kept, not the bytes read (docs/performance.md,
//! "lean model"). Parts are appended in input order, so the result is the whole-text reading's.
//!
//! Anything this reading cannot take as it is (another layout, an item that does not parse on
//! its own, text that is not UTF-8) gives `None`, and the caller reads the file again whole,
//! which accepts and refuses exactly what it always did, with its messages.

use super::convert::{ConvertStats, objects_to_cluster};
use super::decode::{decode_into, decode_yaml};
use super::json_parallel::Split;
use super::stream::merge;
use super::yaml_items::{ListLayout, ListLine, item_document};
use crate::model::Cluster;
use std::collections::BTreeMap;
use std::io::BufRead;
use std::ops::Range;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Mutex, mpsc};

/// Items waiting for a worker, with their text.
struct Batch {
    seq: usize,
    text: String,
    items: Vec<Range<usize>>,
}

impl Batch {
    fn new(seq: usize) -> Batch {
        Batch {
            seq,
            text: String::new(),
            items: Vec::new(),
        }
    }

    /// Every item parsed and converted; `None` when one does not stand alone.
    fn convert(&self) -> Option<(Cluster, ConvertStats)> {
        let mut cluster = Cluster::default();
        let mut stats = ConvertStats::default();
        for range in &self.items {
            let item = item_document(&self.text[range.clone()])?;
            let mut docs = decode_yaml(&item).ok()?;
            let value = docs.pop().filter(|_| docs.is_empty())?.value;
            objects_to_cluster(value, &mut cluster, &mut stats).ok()?;
        }
        Some((cluster, stats))
    }
}

/// Reads a kubectl-laid-out YAML List from `reader` on `split.workers` threads: the List's head
/// objects, then its items', in order. `Ok(None)`: not for this reading (see the module doc);
/// the reader is then partly consumed. An I/O error is returned as such.
pub(crate) fn load_yaml_list(
    reader: &mut dyn BufRead,
    split: Split,
) -> std::io::Result<Option<(Cluster, ConvertStats)>> {
    let workers = split.workers.max(1);
    let (work_tx, work_rx) = mpsc::sync_channel::<Batch>(workers * 2);
    let (done_tx, done_rx) = mpsc::channel::<(usize, Option<(Cluster, ConvertStats)>)>();
    let work_rx = Mutex::new(work_rx);
    let failed = AtomicBool::new(false);
    let mut items = (Cluster::default(), ConvertStats::default());
    let mut pending = BTreeMap::new();
    let mut next = 0;
    // In order: every part that is ready (`wait`: every part still to come).
    let mut take = |rx: &mpsc::Receiver<(usize, Option<(Cluster, ConvertStats)>)>,
                    wait: bool,
                    items: &mut (Cluster, ConvertStats)| {
        loop {
            let got = if wait {
                rx.recv().ok()
            } else {
                rx.try_recv().ok()
            };
            let Some((seq, part)) = got else { return };
            pending.insert(seq, part);
            while let Some(part) = pending.remove(&next) {
                next += 1;
                match part {
                    Some(p) => merge(&mut items.0, &mut items.1, p),
                    None => failed.store(true, Ordering::Relaxed),
                }
            }
        }
    };
    let read = std::thread::scope(|scope| {
        for _ in 0..workers {
            let done_tx = done_tx.clone();
            let (work_rx, failed) = (&work_rx, &failed);
            scope.spawn(move || {
                while let Some(batch) = work_rx.lock().ok().and_then(|rx| rx.recv().ok()) {
                    let part = if failed.load(Ordering::Relaxed) {
                        None
                    } else {
                        batch.convert()
                    };
                    if part.is_none() {
                        failed.store(true, Ordering::Relaxed);
                    }
                    if done_tx.send((batch.seq, part)).is_err() {
                        return;
                    }
                }
            });
        }
        drop(done_tx);
        let read = cut(reader, split.batch_bytes, &failed, &mut |batch| {
            // The workers only hang up after a panic, re-raised when the scope joins them.
            let sent = work_tx.send(batch).is_ok();
            take(&done_rx, false, &mut items);
            sent
        });
        drop(work_tx);
        take(&done_rx, true, &mut items);
        read
    });
    let Some(head) = read? else {
        return Ok(None);
    };
    if failed.load(Ordering::Relaxed) {
        return Ok(None);
    }
    // The head's objects come first, as when the text is parsed whole.
    let mut out = (Cluster::default(), ConvertStats::default());
    if decode_into(&head, &mut out.0, &mut out.1).is_err() {
        return Ok(None);
    }
    merge(&mut out.0, &mut out.1, items);
    Ok(Some(out))
}

/// Reads lines, cutting the items into batches of about `limit` bytes handed to `send` (which
/// says whether it could); returns the head (the document without its items, `items: []` in
/// their place), or `None` when the text is not a List in kubectl's layout, is not UTF-8, or
/// `failed` was set.
fn cut(
    reader: &mut dyn BufRead,
    limit: usize,
    failed: &AtomicBool,
    send: &mut dyn FnMut(Batch) -> bool,
) -> std::io::Result<Option<String>> {
    let mut layout = ListLayout::new();
    let mut head = String::new();
    let mut batch = Batch::new(0);
    let mut item_start: Option<usize> = None;
    let mut line = String::new();
    loop {
        line.clear();
        match reader.read_line(&mut line) {
            Ok(0) => break,
            Ok(_) => {}
            Err(e) if e.kind() == std::io::ErrorKind::InvalidData => return Ok(None),
            Err(e) => return Err(e),
        }
        let kind = layout.line(&line);
        if matches!(kind, ListLine::ItemStart | ListLine::AfterItems) {
            if let Some(s) = item_start.take() {
                batch.items.push(s..batch.text.len());
            }
            if batch.text.len() >= limit {
                let seq = batch.seq + 1;
                if !send(std::mem::replace(&mut batch, Batch::new(seq))) {
                    return Ok(None);
                }
                if failed.load(Ordering::Relaxed) {
                    return Ok(None);
                }
            }
        }
        match kind {
            ListLine::Head | ListLine::AfterItems => head.push_str(&line),
            ListLine::ItemsKey => head.push_str("items: []\n"),
            ListLine::ItemStart => {
                item_start = Some(batch.text.len());
                batch.text.push_str(&line);
            }
            ListLine::ItemLine => batch.text.push_str(&line),
            ListLine::Skip => {}
            ListLine::Other => return Ok(None),
        }
    }
    if let Some(s) = item_start.take() {
        batch.items.push(s..batch.text.len());
    }
    if !layout.is_list() {
        return Ok(None);
    }
    if !batch.items.is_empty() && !send(batch) {
        return Ok(None);
    }
    Ok(Some(head))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::decode::decode_into;

    fn split(workers: usize, batch_bytes: usize) -> Split {
        Split {
            workers,
            batch_bytes,
        }
    }

    /// Every kubectl-style YAML fixture read item by item from a reader is the cluster its whole
    /// text gives (same objects, same order, same counts), whatever the batch size and threads.
    #[test]
    fn streamed_lists_equal_whole_decoding() {
        for path in crate::testing::scenario_yaml_files() {
            let text = std::fs::read_to_string(&path).unwrap();
            let mut whole = Cluster::default();
            let mut whole_stats = ConvertStats::default();
            decode_into(&text, &mut whole, &mut whole_stats).unwrap();
            for s in [split(1, 1 << 20), split(2, 1), split(3, 4096)] {
                let (c, st) = load_yaml_list(&mut text.as_bytes(), s)
                    .unwrap()
                    .unwrap_or_else(|| panic!("{} was not streamed", path.display()));
                assert_eq!(format!("{c:?}"), format!("{whole:?}"), "{}", path.display());
                assert_eq!(st, whole_stats, "{}", path.display());
            }
        }
    }

    #[test]
    fn what_it_cannot_take_as_it_is_is_left_to_the_whole_reading() {
        for text in [
            // Another layout.
            "kind: Pod\nmetadata: {name: a}\n",
            "kind: List\nitems:\n- kind: Pod\n---\nkind: Service\n",
            // An item that does not parse on its own (an alias to another item's anchor).
            "kind: List\nitems:\n- &a {kind: Pod, metadata: {name: a}}\n- *a\n",
            // A YAML error in an item: the whole reading reports it, with its line.
            "kind: List\nitems:\n- kind: Pod\n  metadata: {name: [\n",
        ] {
            for s in [split(1, 1 << 20), split(2, 1)] {
                assert!(
                    load_yaml_list(&mut text.as_bytes(), s).unwrap().is_none(),
                    "{text:?}"
                );
            }
        }
        let not_utf8: &[u8] = b"kind: List\nitems:\n- kind: Pod\n  metadata: {name: \xff}\n";
        assert!(
            load_yaml_list(&mut &not_utf8[..], split(2, 1))
                .unwrap()
                .is_none()
        );
    }
}
