//! Label maps and equality-based selector matching (what `spec.selector` of a Service means).

use std::collections::BTreeMap;

/// Labels or annotations of an object, sorted by key.
pub type Labels = BTreeMap<String, String>;

/// Whether `labels` satisfy a Service selector: every key present with the same value.
///
/// A Service selector is a plain map (`SelectorFromSet` in upstream
/// `pkg/controller/endpointslice/endpointslice_controller.go`); we go through
/// `kube::core::Selector` so the semantics are those of the Kubernetes client libraries.
pub fn selector_matches(selector: &Labels, labels: &Labels) -> bool {
    use kube::core::{Selector, SelectorExt};
    let selector: Selector = selector
        .iter()
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect();
    selector.matches(labels)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn l(pairs: &[(&str, &str)]) -> Labels {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
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
