//! Objects of a big list found by namespace and name through the sorted hashes of the pairs:
//! 16 bytes an object, where a hash map keyed by the two borrowed strings took 40 a slot with
//! its spare slots (10 MB for the pods of a 150k-pod dump, held through the whole analysis;
//! docs/performance.md, "lean model").

use std::hash::BuildHasher;

/// A position in the list for every `(namespace, name)`; `find` compares the real pair, so
/// two pairs with one hash are told apart.
#[derive(Debug, Default)]
pub(crate) struct NameIndex {
    /// `(hash of the pair, position)`, sorted.
    entries: Vec<(u64, u32)>,
}

fn hash(namespace: &str, name: &str) -> u64 {
    foldhash::fast::FixedState::default().hash_one((namespace, name))
}

impl NameIndex {
    /// Indexes `items` by `key`.
    pub(crate) fn new<T>(items: &[T], key: impl Fn(&T) -> (&str, &str)) -> NameIndex {
        let mut entries: Vec<(u64, u32)> = items
            .iter()
            .enumerate()
            .map(|(i, item)| {
                let (namespace, name) = key(item);
                // More than 4 billion objects do not fit in memory in the first place.
                (hash(namespace, name), u32::try_from(i).unwrap_or(u32::MAX))
            })
            .collect();
        entries.sort_unstable();
        NameIndex { entries }
    }

    /// The item named `namespace/name` (the last of several with that name, as a map built
    /// in list order would keep).
    pub(crate) fn find<'a, T>(
        &self,
        items: &'a [T],
        key: impl Fn(&T) -> (&str, &str),
        namespace: &str,
        name: &str,
    ) -> Option<&'a T> {
        let h = hash(namespace, name);
        let start = self.entries.partition_point(|&(e, _)| e < h);
        self.entries[start..]
            .iter()
            .take_while(|&&(e, _)| e == h)
            .filter_map(|&(_, i)| items.get(i as usize))
            .filter(|item| key(item) == (namespace, name))
            .last()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_each_pair_and_nothing_else() {
        let items = [("a", "x"), ("b", "x"), ("a", "y"), ("a", "x")];
        let index = NameIndex::new(&items, |&(ns, n)| (ns, n));
        let find = |ns, n| {
            index
                .find(&items, |&(ns, n)| (ns, n), ns, n)
                .map(|found| std::ptr::from_ref(found) as usize)
        };
        let at = |i: usize| Some(std::ptr::from_ref(&items[i]) as usize);
        assert_eq!(find("a", "x"), at(3), "the last of equal pairs");
        assert_eq!(find("b", "x"), at(1));
        assert_eq!(find("a", "y"), at(2));
        assert_eq!(find("b", "y"), None);
        assert_eq!(find("", ""), None);
        // Pairs that share a hash: forced by giving every entry one hash.
        let mut same = NameIndex::new(&items, |&(ns, n)| (ns, n));
        for e in &mut same.entries {
            e.0 = hash("a", "y");
        }
        same.entries.sort_unstable();
        let found = same.find(&items, |&(ns, n)| (ns, n), "a", "y");
        assert_eq!(found.map(|f| std::ptr::from_ref(f) as usize), at(2));
        assert_eq!(same.find(&items, |&(ns, n)| (ns, n), "b", "x"), None);
    }
}
