//! Room in the big lists of a `Cluster` before objects are added, so that they do not grow by
//! doubling: each doubling copied the list into a buffer twice its size, with the old one still
//! resident (docs/performance.md, "lean model"). Room never written costs nothing: capacity
//! that is not touched is never resident.

use crate::model::Cluster;

/// Before `adding` objects to `list` would grow it: room for as many as the input holds at the
/// rate seen so far (`done` of `size` bytes read), and an eighth more. At 150k pods, doubling
/// the merged list was the peak of loading; at the rate of the first megabytes the bench dump's
/// pods came 5% short, and growing the 43 MB list near the end copied it into fresh pages. The
/// estimate runs high when other kinds follow (slices after pods), which costs nothing.
pub(super) fn reserve_ahead<T>(list: &mut Vec<T>, adding: usize, done: u64, size: u64) {
    let needed = list.len() + adding;
    if adding == 0 || needed <= list.capacity() || done == 0 {
        return;
    }
    let size = u128::from(size) + u128::from(size) / 8;
    let at_this_rate = size * needed as u128 / u128::from(done);
    let wanted = usize::try_from(at_this_rate).unwrap_or(needed).max(needed);
    list.reserve_exact(wanted - list.len());
}

/// Room for `items` objects in the list the batch's first object went to.
pub(super) fn reserve_like_first(cluster: &mut Cluster, items: usize) {
    let rest = items.saturating_sub(1);
    if !cluster.pods.is_empty() {
        cluster.pods.reserve(rest);
    } else if !cluster.endpoint_slices.is_empty() {
        cluster.endpoint_slices.reserve(rest);
    } else if !cluster.endpoints.is_empty() {
        cluster.endpoints.reserve(rest);
    } else if !cluster.services.is_empty() {
        cluster.services.reserve(rest);
    } else if !cluster.nodes.is_empty() {
        cluster.nodes.reserve(rest);
    }
}

/// Before the next object of a run that is `done` of `size` bytes in: room in every big list
/// that is full, at the rate its kind came so far (`reserve_ahead`). A run's first object may
/// be of a kind that is rare in it (a dump that lists each Service with its pods and slices),
/// so room for its other kinds comes as they do.
pub(super) fn keep_room(cluster: &mut Cluster, done: usize, size: usize) {
    let (done, size) = (done as u64, size as u64);
    grow_full(&mut cluster.definitions, done, size);
    grow_full(&mut cluster.pods, done, size);
    grow_full(&mut cluster.endpoint_slices, done, size);
    grow_full(&mut cluster.endpoints, done, size);
    grow_full(&mut cluster.services, done, size);
}

/// `reserve_ahead` for one more object, once the list has some (no rate to go by before).
fn grow_full<T>(list: &mut Vec<T>, done: u64, size: u64) {
    if !list.is_empty() {
        reserve_ahead(list, 1, done, size);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_are_reserved_at_the_rate_seen_so_far() {
        let mut list: Vec<u8> = Vec::new();
        // 10 objects in the first 100 of 1000 bytes: room for 100, and an eighth more.
        reserve_ahead(&mut list, 10, 100, 1000);
        assert!(list.capacity() >= 112, "{}", list.capacity());
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
    fn a_full_list_gets_room_at_its_own_rate() {
        let mut c = Cluster::default();
        c.pods.reserve_exact(4);
        let room = c.pods.capacity();
        c.pods
            .extend((0..room).map(|_| crate::testing::mk_pod("p", &[])));
        // `room` pods in the first 1000 of 10_000 bytes: room for ten times as many, and an
        // eighth more; the lists of kinds not seen get none.
        keep_room(&mut c, 1000, 10_000);
        assert!(
            c.pods.capacity() >= room * 10 + room * 10 / 8,
            "{}",
            c.pods.capacity()
        );
        assert_eq!(c.endpoint_slices.capacity(), 0);
        // A list with room left is not touched.
        let now = c.pods.capacity();
        keep_room(&mut c, 2000, 10_000);
        assert_eq!(c.pods.capacity(), now);
    }
}
