//! Which pods a Service selects: same namespace, every selector key/value present
//! (`endpointslice_controller.go` lists pods with `labels.Set(service.Spec.Selector)`).
//!
//! `PodIndex` indexes pods by namespace and by label once, so many Services can be matched
//! without a services × pods scan.

use crate::model::{Labels, Pod, selector_matches};
use foldhash::HashMap;

/// Pods indexed by namespace and by `(key, value)` label pairs.
#[derive(Debug, Default)]
pub struct PodIndex<'a> {
    pods: &'a [Pod],
    by_namespace: HashMap<&'a str, Vec<u32>>,
    /// `(namespace, key, value)` -> its slot in `postings`.
    by_label: HashMap<(&'a str, &'a str, &'a str), u32>,
    /// The positions of the pods carrying each label pair, in input order.
    postings: Vec<Vec<u32>>,
    /// The distinct values of each label key, by namespace, in first-seen order.
    values: HashMap<(&'a str, &'a str), Vec<&'a str>>,
}

impl<'a> PodIndex<'a> {
    /// Builds the index in one pass over the pods.
    pub fn new(pods: &'a [Pod]) -> Self {
        let mut idx = PodIndex {
            pods,
            ..PodIndex::default()
        };
        // Neighbours in a dump are mostly pods of one workload: the previous pod's namespace
        // and label slots are reused when its pairs are the same, without hashing.
        let mut previous: Option<&Pod> = None;
        // The previous pod's label slots, and this pod's.
        let (mut slots, mut next): (Vec<u32>, Vec<u32>) = (Vec::new(), Vec::new());
        let mut ns_slot: Option<&mut Vec<u32>> = None;
        for (i, pod) in pods.iter().enumerate() {
            // Positions as u32: half the postings' memory; 4 billion pods do not fit anyway.
            let i = u32::try_from(i).unwrap_or(u32::MAX);
            let ns = pod.namespace.as_str();
            let same_ns = previous.is_some_and(|p| p.namespace == pod.namespace);
            if !same_ns {
                ns_slot = Some(idx.by_namespace.entry(ns).or_default());
            }
            if let Some(positions) = ns_slot.as_mut() {
                positions.push(i);
            }
            // The same shared labels as the previous pod (a workload's pods, read together):
            // the same slots, nothing compared.
            if same_ns && previous.is_some_and(|p| std::sync::Arc::ptr_eq(&p.labels, &pod.labels)) {
                for &slot in &slots {
                    idx.postings[slot as usize].push(i);
                }
                previous = Some(pod);
                continue;
            }
            next.clear();
            let mut before = previous.filter(|_| same_ns).map(|p| p.labels.iter());
            for (j, (k, v)) in pod.labels.iter().enumerate() {
                let same = before
                    .as_mut()
                    .and_then(Iterator::next)
                    .is_some_and(|(pk, pv)| pk == k && pv == v);
                let slot = if same {
                    slots[j]
                } else {
                    *idx.by_label
                        .entry((ns, k.as_str(), v.as_str()))
                        .or_insert_with(|| {
                            idx.values
                                .entry((ns, k.as_str()))
                                .or_default()
                                .push(v.as_str());
                            idx.postings.push(Vec::new());
                            u32::try_from(idx.postings.len() - 1).unwrap_or(u32::MAX)
                        })
                };
                idx.postings[slot as usize].push(i);
                next.push(slot);
            }
            std::mem::swap(&mut slots, &mut next);
            previous = Some(pod);
        }
        idx
    }

    /// Pods of `namespace` matching `selector`, in input order. An empty selector selects every
    /// pod of the namespace (a non-nil empty selector; semantics §1.1).
    pub fn select(&self, namespace: &str, selector: &Labels) -> Vec<&'a Pod> {
        let smallest = selector
            .iter()
            .map(|(k, v)| self.posting(namespace, k, v))
            .min_by_key(|c| c.len());
        let candidates = match smallest {
            Some(c) => c,
            None => self
                .by_namespace
                .get(namespace)
                .map_or(&[][..], Vec::as_slice),
        };
        // One pair: its posting holds exactly the pods that match.
        let one_pair = selector.len() == 1;
        candidates
            .iter()
            .map(|&i| &self.pods[i as usize])
            .filter(|p| one_pair || selector_matches(selector, &p.labels))
            .collect()
    }

    /// Pods of `namespace` carrying the label `key=value`, in input order.
    pub fn with_label(&self, namespace: &str, key: &str, value: &str) -> Vec<&'a Pod> {
        self.posting(namespace, key, value)
            .iter()
            .map(|&i| &self.pods[i as usize])
            .collect()
    }

    /// The distinct values of the label `key` on pods of `namespace`, in first-seen order.
    pub fn values<'s>(&'s self, namespace: &'s str, key: &'s str) -> &'s [&'a str] {
        // Shortened to the keys' lifetime (the map is covariant), so borrowed keys can look up.
        let map: &HashMap<(&'s str, &'s str), Vec<&'a str>> = &self.values;
        map.get(&(namespace, key)).map_or(&[], Vec::as_slice)
    }

    /// Positions (in the indexed pods) of the pods of `namespace` carrying `key=value`.
    pub fn positions<'s>(&'s self, namespace: &'s str, key: &'s str, value: &'s str) -> &'s [u32] {
        self.posting(namespace, key, value)
    }

    /// The positions of the pods of `namespace` carrying `key=value`.
    fn posting<'s>(&'s self, namespace: &'s str, key: &'s str, value: &'s str) -> &'s [u32] {
        // Shortened to the keys' lifetime (the map is covariant), so borrowed keys can look up.
        let map: &HashMap<(&'s str, &'s str, &'s str), u32> = &self.by_label;
        map.get(&(namespace, key, value))
            .map_or(&[], |&slot| self.postings[slot as usize].as_slice())
    }

    /// The pod at a position given by [`PodIndex::positions`].
    pub fn at(&self, position: u32) -> &'a Pod {
        &self.pods[position as usize]
    }

    /// The namespaces that hold at least one pod, sorted.
    pub fn namespaces(&self) -> Vec<&'a str> {
        let mut v: Vec<&'a str> = self.by_namespace.keys().copied().collect();
        v.sort_unstable();
        v
    }

    /// Every pod of `namespace`.
    pub fn in_namespace(&self, namespace: &str) -> Vec<&'a Pod> {
        self.by_namespace
            .get(namespace)
            .map(|v| v.iter().map(|&i| &self.pods[i as usize]).collect())
            .unwrap_or_default()
    }
}

/// Pods of `namespace` matching `selector` (a linear scan; use `PodIndex` for many Services).
pub fn selected_pods<'a>(pods: &'a [Pod], namespace: &str, selector: &Labels) -> Vec<&'a Pod> {
    pods.iter()
        .filter(|p| p.namespace == namespace && selector_matches(selector, &p.labels))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::{labels, mk_pod};

    /// Pods sharing one label map (as the reader hands a workload's neighbours) are indexed
    /// by the previous pod's slots, but only within one namespace.
    #[test]
    fn shared_labels_are_indexed_per_namespace() {
        let web = mk_pod("a", &[("app", "web"), ("tier", "fe")]);
        let mut pods = vec![web.clone(), web.clone(), web.clone(), web];
        for (i, p) in pods.iter_mut().enumerate() {
            p.name = format!("p{i}").into();
        }
        pods[2].namespace = "other".into();
        assert!(std::sync::Arc::ptr_eq(&pods[0].labels, &pods[3].labels));
        let idx = PodIndex::new(&pods);
        let names = |ns: &str, sel: &[(&str, &str)]| -> Vec<String> {
            idx.select(ns, &labels(sel))
                .iter()
                .map(|p| p.name.to_string())
                .collect()
        };
        assert_eq!(names("ns", &[("app", "web")]), ["p0", "p1", "p3"]);
        assert_eq!(
            names("ns", &[("app", "web"), ("tier", "fe")]),
            ["p0", "p1", "p3"]
        );
        assert_eq!(names("other", &[("tier", "fe")]), ["p2"]);
        assert_eq!(names("ns", &[("tier", "be")]), Vec::<String>::new());
    }

    #[test]
    fn index_and_scan_agree() {
        let mut other_ns = mk_pod("c", &[("app", "web")]);
        other_ns.namespace = "other".into();
        let pods = vec![
            mk_pod("a", &[("app", "web"), ("tier", "fe")]),
            mk_pod("b", &[("app", "web")]),
            other_ns,
        ];
        let idx = PodIndex::new(&pods);
        for sel in [
            labels(&[("app", "web")]),
            labels(&[("app", "web"), ("tier", "fe")]),
            labels(&[]),
        ] {
            let a: Vec<_> = idx
                .select("ns", &sel)
                .iter()
                .map(|p| p.name.clone())
                .collect();
            let b: Vec<_> = selected_pods(&pods, "ns", &sel)
                .iter()
                .map(|p| p.name.clone())
                .collect();
            assert_eq!(a, b);
        }
        assert_eq!(idx.select("ns", &labels(&[("app", "web")])).len(), 2);
        assert!(idx.select("ns", &labels(&[("app", "nope")])).is_empty());
    }

    /// Neighbours reuse each other's label slots: runs of alike pods, a value or a key that
    /// changes, a namespace that changes back; every pair still finds exactly its pods.
    #[test]
    fn neighbours_sharing_labels_index_like_a_scan() {
        let specs: [(&str, &[(&str, &str)]); 8] = [
            ("a", &[("app", "web"), ("tier", "fe")]),
            ("a", &[("app", "web"), ("tier", "fe")]),
            ("a", &[("app", "web"), ("tier", "be")]),
            ("b", &[("app", "web"), ("tier", "be")]),
            ("b", &[("app", "web")]),
            ("b", &[("app", "api"), ("zone", "x")]),
            ("a", &[("app", "api"), ("zone", "x")]),
            ("a", &[("app", "web"), ("tier", "fe")]),
        ];
        let pods: Vec<Pod> = specs
            .iter()
            .enumerate()
            .map(|(i, (ns, l))| {
                let mut p = mk_pod(&format!("p{i}"), l);
                p.namespace = (*ns).into();
                p
            })
            .collect();
        let idx = PodIndex::new(&pods);
        let names = |v: Vec<&Pod>| v.iter().map(|p| p.name.to_string()).collect::<Vec<_>>();
        for ns in ["a", "b"] {
            for (k, v) in [
                ("app", "web"),
                ("app", "api"),
                ("tier", "fe"),
                ("tier", "be"),
                ("zone", "x"),
            ] {
                let sel = labels(&[(k, v)]);
                assert_eq!(
                    names(idx.select(ns, &sel)),
                    names(selected_pods(&pods, ns, &sel))
                );
            }
        }
        assert_eq!(idx.values("a", "tier"), ["fe", "be"]);
        assert_eq!(idx.values("b", "app"), ["web", "api"]);
        assert_eq!(idx.positions("a", "app", "web"), [0, 1, 2, 7]);
        assert_eq!(names(idx.in_namespace("b")), ["p3", "p4", "p5"]);
    }
}
