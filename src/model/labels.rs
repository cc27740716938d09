//! Label maps and equality-based selector matching (what `spec.selector` of a Service means).

use super::atom::Atom;
use super::text::Str;

/// Labels or annotations of an object, sorted by key: a flat sorted vector with `BTreeMap`'s
/// API and iteration order. A pod's few labels in a `BTreeMap` cost a whole B-tree node (11
/// slots, ~550 bytes); big dumps hold 150k pods (docs/performance.md, "lean model").
pub type Labels = litemap::LiteMap<Atom, Str>;

/// A pod's labels, shared by the pods that carry the same ones: the pods of one ReplicaSet or
/// DaemonSet revision (neighbours in a dump) carry identical labels, and a 150k-pod dump held
/// each pod's copy (~14 MB; docs/performance.md, "lean model"). Change one pod's labels with
/// `Arc::make_mut`.
pub type SharedLabels = std::sync::Arc<Labels>;

/// Whether `labels` satisfy a Service selector: every key present with the same value.
///
/// A Service selector is a plain map, read as a set of `key = value` requirements
/// (`labels.SelectorFromSet`, used by `pkg/controller/endpointslice/endpointslice_controller.go`):
/// every requirement must hold, and an empty selector matches everything
/// (`labels.Set.AsSelector` of an empty set is `Everything()`).
pub fn selector_matches(selector: &Labels, labels: &Labels) -> bool {
    selector
        .iter()
        .all(|(k, v)| labels.get(k.as_str()) == Some(v))
}

/// Whether `labels` satisfy a full label selector (`matchLabels` and `matchExpressions`, as
/// NetworkPolicies and workloads write them), with the semantics of the Kubernetes client
/// libraries (`kube::core::Selector`, which matches on a `BTreeMap`). Only NetworkPolicy and
/// graph questions ask this, a few times per pod, so the copy into a `BTreeMap` is not worth
/// a second implementation.
pub fn full_selector_matches(selector: &kube::core::Selector, labels: &Labels) -> bool {
    use kube::core::SelectorExt;
    let labels: std::collections::BTreeMap<String, String> = labels
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    selector.matches(&labels)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn l(pairs: &[(&str, &str)]) -> Labels {
        pairs
            .iter()
            .map(|(k, v)| (Atom::from(*k), Str::from(*v)))
            .collect()
    }

    #[test]
    fn all_keys_must_match() {
        let sel = l(&[("app", "web"), ("tier", "fe")]);
        assert!(selector_matches(
            &sel,
            &l(&[("app", "web"), ("tier", "fe"), ("x", "y")])
        ));
        assert!(!selector_matches(&sel, &l(&[("app", "web")])));
        assert!(!selector_matches(
            &sel,
            &l(&[("app", "web"), ("tier", "be")])
        ));
    }

    #[test]
    fn empty_selector_matches_everything() {
        assert!(selector_matches(&l(&[]), &l(&[("a", "b")])));
    }
}
