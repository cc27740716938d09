//! Which Services of a namespace select a given set of labels, without trying every Service's
//! selector: the probes check asks it once per group of pods of every Service, and a scan of
//! the namespace made that quadratic in the Services of a namespace (150k-pod dump: 5% of
//! `diagnose -A`).
//!
//! A Service's selector matches labels only when each of its pairs is among them
//! (`labels.SelectorFromSet`, `endpointslice_controller.go`), so in particular its first pair
//! (by key): Services are indexed by that pair, and the labels' own pairs find every candidate.
//! An empty selector (`selector: {}`) is a candidate for any labels.

use crate::model::{Labels, Service, selector_matches};
use foldhash::{HashMap, HashMapExt};

/// Services with a selector, by namespace and the first pair of their selector.
#[derive(Debug, Default)]
pub(crate) struct SelectorIndex<'a> {
    /// Positions in `services` under (namespace, key, value) of each selector's first pair.
    by_first_pair: HashMap<(&'a str, &'a str, &'a str), Vec<u32>>,
    /// Positions of Services whose selector is empty, by namespace.
    empty: HashMap<&'a str, Vec<u32>>,
    services: &'a [Service],
}

impl<'a> SelectorIndex<'a> {
    pub(crate) fn new(services: &'a [Service]) -> Self {
        let mut by_first_pair: HashMap<_, Vec<u32>> = HashMap::new();
        let mut empty: HashMap<_, Vec<u32>> = HashMap::new();
        for (i, svc) in services.iter().enumerate() {
            let Some(selector) = &svc.selector else {
                continue;
            };
            let i = u32::try_from(i).unwrap_or(u32::MAX);
            match selector.iter().next() {
                Some((k, v)) => by_first_pair
                    .entry((svc.namespace.as_str(), k.as_str(), v.as_str()))
                    .or_default()
                    .push(i),
                None => empty.entry(svc.namespace.as_str()).or_default().push(i),
            }
        }
        SelectorIndex {
            by_first_pair,
            empty,
            services,
        }
    }

    /// The Services of `namespace` whose selector matches `labels`, in input order.
    pub(crate) fn selecting(&self, namespace: &str, labels: &Labels) -> Vec<&'a Service> {
        let mut at: Vec<u32> = self.empty.get(namespace).cloned().unwrap_or_default();
        for (k, v) in labels {
            if let Some(found) = self.by_first_pair.get(&(namespace, k.as_str(), v.as_str())) {
                at.extend_from_slice(found);
            }
        }
        at.sort_unstable();
        at.iter()
            .map(|&i| &self.services[i as usize])
            .filter(|s| {
                s.selector
                    .as_ref()
                    .is_some_and(|sel| selector_matches(sel, labels))
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::mk_service;

    fn labels(pairs: &[(&str, &str)]) -> Labels {
        pairs
            .iter()
            .map(|(k, v)| ((*k).into(), (*v).into()))
            .collect()
    }

    /// Same answer as trying every selector of the namespace, in input order: selectors of one
    /// pair, of several (matched or one pair off), empty, absent, and in another namespace.
    #[test]
    fn finds_exactly_the_services_a_scan_finds() {
        let mut services = vec![
            mk_service("web", &[("app", "web")]),
            mk_service("web-v2", &[("app", "web"), ("track", "v2")]),
            mk_service("all", &[]),
            mk_service("tier", &[("tier", "front")]),
            mk_service("web-canary", &[("app", "web"), ("track", "canary")]),
            mk_service("no-selector", &[]),
            mk_service("elsewhere", &[("app", "web")]),
        ];
        services[5].selector = None;
        services[6].namespace = "other".into();
        let index = SelectorIndex::new(&services);
        let pods = [
            labels(&[("app", "web")]),
            labels(&[("app", "web"), ("track", "v2"), ("tier", "front")]),
            labels(&[("track", "canary"), ("app", "web")]),
            labels(&[]),
            labels(&[("zzz", "1")]),
        ];
        for pod in &pods {
            let scan: Vec<&str> = services
                .iter()
                .filter(|s| s.namespace == "ns")
                .filter(|s| {
                    s.selector
                        .as_ref()
                        .is_some_and(|sel| selector_matches(sel, pod))
                })
                .map(|s| s.name.as_str())
                .collect();
            let found: Vec<&str> = index
                .selecting("ns", pod)
                .iter()
                .map(|s| s.name.as_str())
                .collect();
            assert_eq!(found, scan, "{pod:?}");
        }
        let names = |l: &Labels| -> Vec<String> {
            index
                .selecting("ns", l)
                .iter()
                .map(|s| s.name.to_string())
                .collect()
        };
        assert_eq!(names(&pods[1]), ["web", "web-v2", "all", "tier"]);
        assert_eq!(names(&pods[3]), ["all"]);
        assert_eq!(
            index
                .selecting("other", &pods[0])
                .iter()
                .map(|s| s.name.as_str())
                .collect::<Vec<_>>(),
            ["elsewhere"]
        );
    }
}
