//! Steps 2 and 3 of the placement, on sizes only: where the endpoints that no existing slice
//! kept go. Shared by the full reconciler and the incremental engine.
//!
//! Upstream: `kubernetes/endpointslice` `reconciler.go` `reconcileByPortMapping` (steps 2 and 3)
//! and `utils.go` `getSliceToFill`. Semantics doc §2.3–§2.4.
//!
//! Where upstream iterates Go sets (random order), this module decides deterministically: ties in
//! the fullest-first sort and in "closest to full" go to the slice given first. Only *which* slice
//! wins a tie depends on that; every tied slice has the same size, so counts and sizes do not.

/// What step 1 decided for an existing slice of the group.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SliceClass {
    /// Nothing dropped or changed, labels equal: left alone unless it is chosen to take the
    /// remainder.
    Unchanged,
    /// Some endpoint was dropped or changed (or only the labels differ): it is rewritten.
    Update,
    /// Everything in it was dropped: it is deleted.
    Delete,
}

/// One existing slice of the group after step 1.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SliceAfterStep1 {
    /// Endpoints it holds after step 1 (all of them when unchanged).
    pub len: usize,
    /// Its class after step 1.
    pub class: SliceClass,
}

/// Where a run of the remaining endpoints goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FillTarget {
    /// The existing slice with this index (in the order given to [`place`]).
    Existing(usize),
    /// The n-th new slice (0-based, in creation order).
    New(usize),
}

/// The result of steps 2 and 3.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Placement {
    /// The remaining endpoints, taken in order: `(target, count)` runs.
    pub fills: Vec<(FillTarget, usize)>,
    /// Final class of each existing slice (an unchanged slice that took the remainder is
    /// `Update`).
    pub classes: Vec<SliceClass>,
    /// Sizes of the new slices, in creation order.
    pub new_slices: Vec<usize>,
}

/// Places `remaining` endpoints over a group's slices with at most `m` per slice.
pub fn place(slices: &[SliceAfterStep1], remaining: usize, m: usize) -> Placement {
    let mut classes: Vec<SliceClass> = slices.iter().map(|s| s.class).collect();
    let mut fills = Vec::new();
    let mut new_slices = Vec::new();
    let mut left = remaining;

    // Step 2: fill the slices being updated, fullest first; a slice over M gets nothing.
    if left > 0 {
        let mut updating: Vec<usize> = (0..slices.len())
            .filter(|&i| classes[i] == SliceClass::Update)
            .collect();
        updating.sort_by(|&a, &b| slices[b].len.cmp(&slices[a].len));
        for i in updating {
            let take = left.min(m.saturating_sub(slices[i].len));
            if take > 0 {
                fills.push((FillTarget::Existing(i), take));
                left -= take;
            }
            if left == 0 {
                break;
            }
        }
    }

    // Step 3: a remainder below M goes whole into the unchanged slice that ends closest to
    // full; otherwise new slices are created, full ones first.
    while left > 0 {
        let chosen = if left < m {
            slice_to_fill(slices, &classes, left, m)
        } else {
            None
        };
        match chosen {
            Some(i) => {
                classes[i] = SliceClass::Update;
                fills.push((FillTarget::Existing(i), left));
                left = 0;
            }
            None => {
                let take = left.min(m);
                fills.push((FillTarget::New(new_slices.len()), take));
                new_slices.push(take);
                left -= take;
            }
        }
    }
    Placement {
        fills,
        classes,
        new_slices,
    }
}

/// `getSliceToFill`: the unchanged slice with the smallest non-negative `M - (len + n)`; an
/// exact fit ends the search.
fn slice_to_fill(
    slices: &[SliceAfterStep1],
    classes: &[SliceClass],
    n: usize,
    m: usize,
) -> Option<usize> {
    let mut best: Option<(usize, usize)> = None;
    for (i, s) in slices.iter().enumerate() {
        if classes[i] != SliceClass::Unchanged || s.len + n > m {
            continue;
        }
        let diff = m - (s.len + n);
        if best.is_none_or(|(_, d)| diff < d) {
            best = Some((i, diff));
            if diff == 0 {
                break;
            }
        }
    }
    best.map(|(i, _)| i)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn unchanged(len: usize) -> SliceAfterStep1 {
        SliceAfterStep1 {
            len,
            class: SliceClass::Unchanged,
        }
    }
    fn update(len: usize) -> SliceAfterStep1 {
        SliceAfterStep1 {
            len,
            class: SliceClass::Update,
        }
    }

    #[test]
    fn from_scratch_full_slices_then_remainder() {
        let p = place(&[], 250, 100);
        assert_eq!(p.new_slices, vec![100, 100, 50]);
    }

    #[test]
    fn remainder_never_split_across_existing() {
        // TestReconcileEndpointSlicesSomePreexistingWorseAllocation: 152 over [74, 74].
        let p = place(&[unchanged(74), unchanged(74)], 152, 100);
        assert_eq!(p.new_slices, vec![100, 52]);
        assert_eq!(p.classes, vec![SliceClass::Unchanged; 2]);
    }

    #[test]
    fn remainder_goes_to_the_slice_ending_closest_to_full() {
        // TestReconcileEndpointSlicesSomePreexisting: 127 new over [62, 61].
        let p = place(&[unchanged(62), unchanged(61)], 127, 100);
        assert_eq!(p.new_slices, vec![100]);
        assert_eq!(p.classes, vec![SliceClass::Update, SliceClass::Unchanged]);
        assert_eq!(
            p.fills,
            vec![(FillTarget::New(0), 100), (FillTarget::Existing(0), 27)]
        );
    }

    #[test]
    fn updated_slices_fill_fullest_first_and_over_m_gets_nothing() {
        // TestReconcileEndpointSlicesUpdatePacking: 15 new over updated [80, 20].
        let p = place(&[update(20), update(80)], 15, 100);
        assert_eq!(p.fills, vec![(FillTarget::Existing(1), 15)]);
        let p = place(&[update(120), update(90)], 15, 100);
        assert_eq!(
            p.fills,
            vec![(FillTarget::Existing(1), 10), (FillTarget::New(0), 5)]
        );
    }
}
