//! Running an independent computation per item on several threads, with the results in item
//! order, so the output does not depend on how many threads ran. Services are diagnosed
//! independently of each other (they only read the shared indexes), and the items of a big YAML
//! List parse independently, so both scale with the cores the caller allows. Pure: the caller
//! says how many threads.

use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

/// Items are handed out in runs of at most this many (fewer for short inputs), so a slow
/// namespace does not hold up one thread while the others idle.
const MAX_RUN: usize = 64;

/// `items.iter().map(f).collect()`, on up to `threads` scoped threads (1 = the calling thread).
pub(crate) fn map_in_order<T, R, F>(items: &[T], threads: usize, f: F) -> Vec<R>
where
    T: Sync,
    R: Send,
    F: Fn(&T) -> R + Sync,
{
    let threads = threads.min(items.len());
    if threads <= 1 {
        return items.iter().map(f).collect();
    }
    let run = (items.len() / (threads * 8)).clamp(1, MAX_RUN);
    let next = AtomicUsize::new(0);
    let done: Mutex<Vec<(usize, Vec<R>)>> = Mutex::new(Vec::new());
    std::thread::scope(|scope| {
        for _ in 0..threads {
            scope.spawn(|| {
                loop {
                    let start = next.fetch_add(run, Ordering::Relaxed);
                    if start >= items.len() {
                        return;
                    }
                    let end = (start + run).min(items.len());
                    let out: Vec<R> = items[start..end].iter().map(&f).collect();
                    // A poisoned lock means a sibling panicked; the scope re-raises that panic.
                    if let Ok(mut done) = done.lock() {
                        done.push((start, out));
                    }
                }
            });
        }
    });
    let mut runs = done.into_inner().unwrap_or_else(|e| e.into_inner());
    runs.sort_unstable_by_key(|(start, _)| *start);
    runs.into_iter().flat_map(|(_, out)| out).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn results_come_in_item_order_whatever_the_thread_count() {
        let items: Vec<u64> = (0..1000).collect();
        let expected: Vec<u64> = items.iter().map(|i| i * i).collect();
        for threads in [0, 1, 2, 3, 8, 5000] {
            assert_eq!(
                map_in_order(&items, threads, |i| i * i),
                expected,
                "{threads}"
            );
        }
        assert!(map_in_order(&[] as &[u8], 4, |_| 1).is_empty());
    }
}
