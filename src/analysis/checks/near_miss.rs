//! `selector-near-miss`: when a selector matches nothing, what it almost matched.
//!
//! Rules (tests/fixtures/README.md): a pod of the same namespace that matches every selector
//! key but one (value differs or key missing) — for a one-key selector only a near-typo value
//! (edit distance ≤ 2) counts, since every pod "misses by one" otherwise; pods of other
//! namespaces that match completely (a Service selects only in its own namespace,
//! <https://kubernetes.io/docs/concepts/services-networking/service/#defining-a-service>); and
//! workload templates whose labels would match, for workloads with no pods present.

use super::Ctx;
use super::selector_format::format_selector;
use crate::analysis::finding::{Code, Finding, ObjRef, Severity};
use crate::model::{Labels, Pod, ServiceType, Workload, selector_matches};
use smallvec::SmallVec;
use std::collections::BTreeMap;

/// The largest edit distance at which a one-key selector's value counts as a typo.
const MAX_TYPO_DISTANCE: usize = 2;

/// Near misses of a selector that matches no pod.
pub(super) fn check_near_miss(ctx: &Ctx<'_>) -> Vec<Finding> {
    let svc = ctx.svc;
    let Some(sel) = &svc.selector else {
        return vec![];
    };
    if !ctx.selected.is_empty() || svc.service_type() == ServiceType::ExternalName || sel.is_empty()
    {
        return vec![];
    }
    let mut objects = Vec::new();
    let mut details = Vec::new();
    let same_ns = same_namespace(ctx, sel);
    for (pod, why) in &same_ns {
        objects.push(ctx.pod_ref(&pod.name));
        details.push(format!("{}: {why}", pod.name));
    }
    let mut other_ns = 0;
    for ns in ctx.look.pods.namespaces() {
        if ns == svc.namespace {
            continue;
        }
        for pod in ctx.look.pods.select(ns, sel) {
            other_ns += 1;
            objects.push(ObjRef::namespaced("Pod", ns, &pod.name));
            details.push(format!(
                "{ns}/{}: matches the selector but lives in namespace {ns} (a Service selects only pods of its own namespace)",
                pod.name
            ));
        }
    }
    // Workloads scaled to zero have their own finding (selector-matches-only-scaled-to-zero).
    let zero = super::templates::only_scaled_to_zero(ctx, sel).unwrap_or_default();
    let templates: Vec<&Workload> = matching_templates(ctx, sel)
        .into_iter()
        .filter(|w| !zero.iter().any(|z| std::ptr::eq(*z, *w)))
        .collect();
    for w in &templates {
        let kind = w.kind_str();
        objects.push(ObjRef::namespaced(kind, &w.namespace, &w.name));
        details.push(template_detail(w, &svc.namespace));
    }
    if objects.is_empty() {
        return vec![];
    }
    let mut parts = Vec::new();
    if !same_ns.is_empty() {
        parts.push(format!(
            "{} in namespace {} one label away from it",
            super::plural(same_ns.len(), "pod is", "pods are"),
            svc.namespace
        ));
    }
    if other_ns > 0 {
        parts.push(format!(
            "{} in other namespaces match it",
            super::plural(other_ns, "pod", "pods")
        ));
    }
    if !templates.is_empty() {
        parts.push(format!(
            "{} would create matching pods",
            super::plural(templates.len(), "workload", "workloads")
        ));
    }
    vec![
        ctx.finding(
            Code::SelectorNearMiss,
            Severity::Info,
            format!(
                "Near misses for selector {}: {}.",
                format_selector(sel),
                parts.join("; ")
            ),
            "If these are the intended backends, fix the typo in the selector or the labels (or move the Service to the pods' namespace, or scale the workload up).",
        )
        .with_objects(objects)
        .with_details(details),
    ]
}

/// Same-namespace pods one label off, with why; candidates come from the label index.
fn same_namespace<'a>(ctx: &Ctx<'a>, sel: &Labels) -> Vec<(&'a Pod, String)> {
    let ns = ctx.svc.namespace.as_str();
    let pods = &ctx.look.pods;
    let mut out: Vec<(&Pod, String)> = match sel.iter().next() {
        // A one-key selector misses by its value only: each distinct value of the key in the
        // namespace is judged once, for all the pods that carry it (pods without the key do
        // not count, `one_off`).
        Some((key, _)) if sel.len() == 1 => {
            // (position of a pod, index of its value's reason in `whys`)
            let mut found: Vec<(u32, usize)> = Vec::new();
            let mut whys: Vec<String> = Vec::new();
            for value in pods.values(ns, key) {
                let at = pods.positions(ns, key, value);
                let Some(&first) = at.first() else { continue };
                if let Some(why) = one_off(sel, &pods.at(first).labels) {
                    found.extend(at.iter().map(|&i| (i, whys.len())));
                    whys.push(why);
                }
            }
            // Input order, as the pods of the namespace come.
            found.sort_unstable_by_key(|(i, _)| *i);
            found
                .into_iter()
                .map(|(i, why)| (pods.at(i), whys[why].clone()))
                .collect()
        }
        _ => {
            // A pod one label off still carries at least one of the (two or more) pairs.
            let mut by_name: BTreeMap<&str, &Pod> = BTreeMap::new();
            for (k, v) in sel {
                for p in pods.with_label(ns, k, v) {
                    by_name.insert(p.name.as_str(), p);
                }
            }
            by_name
                .into_values()
                .filter_map(|p| one_off(sel, &p.labels).map(|why| (p, why)))
                .collect()
        }
    };
    out.sort_by(|a, b| a.0.name.cmp(&b.0.name));
    out
}

/// Why `labels` miss `sel` by exactly one pair (and, for one-key selectors, only by a typo).
pub(super) fn one_off(sel: &Labels, labels: &Labels) -> Option<String> {
    let mut misses = sel.iter().filter(|(k, v)| labels.get(*k) != Some(*v));
    let (key, want) = misses.next()?;
    if misses.next().is_some() {
        return None;
    }
    match labels.get(key) {
        Some(have) if sel.len() > 1 || edit_distance(have, want) <= MAX_TYPO_DISTANCE => {
            Some(format!("{key}={have} (selector wants {key}={want})"))
        }
        Some(have) if abbreviates(want, have) || abbreviates(have, want) => Some(format!(
            "{key}={have} (selector wants {key}={want}, {})",
            if want.len() < have.len() {
                "an abbreviation of it"
            } else {
                "of which it is an abbreviation"
            }
        )),
        Some(_) => None,
        None if sel.len() > 1 => Some(format!("has no label {key} (selector wants {key}={want})")),
        None => None,
    }
}

/// Whether `short` abbreviates `long`: a prefix of it (`pay` / `payment`), or its letters in
/// order starting with the same one (`pmt` / `payment`), at least 2 characters long and not
/// equal.
fn abbreviates(short: &str, long: &str) -> bool {
    let n = short.chars().count();
    if n < 2 || n >= long.chars().count() {
        return false;
    }
    if long.starts_with(short) {
        return true;
    }
    let mut rest = long.chars();
    n >= 3
        && short.chars().next() == long.chars().next()
        && short.chars().all(|c| rest.any(|l| l == c))
}

/// Workloads whose pod template matches the selector fully and that are not themselves owned by
/// a workload in the input (a Deployment's ReplicaSets repeat its template).
fn matching_templates<'a>(ctx: &Ctx<'a>, sel: &Labels) -> Vec<&'a Workload> {
    let all = &ctx.look.cluster.workloads;
    let owned_by_present = |w: &Workload| {
        w.owner.as_ref().is_some_and(|(kind, name)| {
            all.iter()
                .any(|o| o.namespace == w.namespace && &o.name == name && o.kind_str() == kind)
        })
    };
    let mut out: Vec<&Workload> = all
        .iter()
        .filter(|w| !w.template_labels.is_empty() && selector_matches(sel, &w.template_labels))
        .filter(|w| !owned_by_present(w))
        .collect();
    out.sort_by(|a, b| (&a.namespace, &a.name).cmp(&(&b.namespace, &b.name)));
    out
}

fn template_detail(w: &Workload, svc_ns: &str) -> String {
    let kind = w.kind_str();
    if w.kind.is_none() && kind == "Pod" && w.namespace == svc_ns {
        return format!(
            "Pod {}: a Pod manifest in the input matches, but it is not applied (no status)",
            w.name
        );
    }
    let replicas = match w.replicas {
        Some(n) => format!("replicas {n}"),
        None => "replicas not set".to_string(),
    };
    if w.namespace == svc_ns {
        format!(
            "{kind} {}: its pod template matches ({replicas}) but none of its pods is in the input",
            w.name
        )
    } else {
        format!(
            "{kind} {}/{}: its pod template matches but it lives in namespace {} ({replicas})",
            w.namespace, w.name, w.namespace
        )
    }
}

/// Levenshtein distance over characters: exact up to `MAX_TYPO_DISTANCE`; beyond it, a lower
/// bound (strings whose lengths differ by more cannot be within it, so they are not compared).
/// A selector without pods is compared with every distinct value of its key in the namespace,
/// so only the differing middles are compared (common ends cost no edit), in rows on the stack.
pub(crate) fn edit_distance(a: &str, b: &str) -> usize {
    let gap = a.chars().count().abs_diff(b.chars().count());
    if gap > MAX_TYPO_DISTANCE {
        return gap;
    }
    let (a, b) = without_common_ends(a, b);
    let b: SmallVec<[char; 32]> = b.chars().collect();
    let mut prev: SmallVec<[usize; 33]> = (0..=b.len()).collect();
    let mut cur: SmallVec<[usize; 33]> = SmallVec::from_elem(0, b.len() + 1);
    for (i, ca) in a.chars().enumerate() {
        cur[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let sub = prev[j] + usize::from(ca != *cb);
            cur[j + 1] = sub.min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[b.len()]
}

/// `a` and `b` without the text both start and both end with (cut at character boundaries:
/// equal bytes are boundaries in both or in neither).
fn without_common_ends<'s>(a: &'s str, b: &'s str) -> (&'s str, &'s str) {
    let equal = |(x, y): &(u8, u8)| x == y;
    let mut start = a.bytes().zip(b.bytes()).take_while(equal).count();
    while !a.is_char_boundary(start) {
        start -= 1;
    }
    let (a, b) = (&a[start..], &b[start..]);
    let mut end = a
        .bytes()
        .rev()
        .zip(b.bytes().rev())
        .take_while(equal)
        .count();
    while !a.is_char_boundary(a.len() - end) {
        end -= 1;
    }
    (&a[..a.len() - end], &b[..b.len() - end])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::labels;

    #[test]
    fn edit_distances() {
        assert_eq!(edit_distance("web", "wbe"), 2);
        assert_eq!(edit_distance("web", "web"), 0);
        assert_eq!(edit_distance("frontend", "frontent"), 1);
        assert!(edit_distance("api", "database") > MAX_TYPO_DISTANCE);
        assert_eq!(edit_distance("", "ab"), 2);
        assert_eq!(edit_distance("svc-00107x", "svc-00107"), 1);
        assert_eq!(edit_distance("kitten", "sitting"), 3);
        assert!(edit_distance("svc-00107", "api-00999") > MAX_TYPO_DISTANCE);
        assert_eq!(edit_distance("αβγ", "αβδ"), 1);
        assert_eq!(
            edit_distance("aé", "aè"),
            1,
            "ends cut at character boundaries"
        );
        assert_eq!(edit_distance("ab", "abab"), 2);
        assert_eq!(edit_distance("abcd", "bcde"), 2);
    }

    #[test]
    fn edit_distances_agree_with_the_whole_table() {
        // The textbook table over whole strings, which cutting the common ends must not change.
        fn whole(a: &str, b: &str) -> usize {
            let b: Vec<char> = b.chars().collect();
            let mut prev: Vec<usize> = (0..=b.len()).collect();
            for (i, ca) in a.chars().enumerate() {
                let mut cur = vec![i + 1; b.len() + 1];
                for (j, cb) in b.iter().enumerate() {
                    cur[j + 1] = (prev[j] + usize::from(ca != *cb))
                        .min(prev[j + 1] + 1)
                        .min(cur[j] + 1);
                }
                prev = cur;
            }
            prev[b.len()]
        }
        let words = [
            "", "a", "ab", "ba", "aab", "abab", "web", "wbe", "svc-1", "svc-12", "é", "éa",
        ];
        for a in words {
            for b in words {
                let gap = a.chars().count().abs_diff(b.chars().count());
                if gap <= MAX_TYPO_DISTANCE {
                    assert_eq!(edit_distance(a, b), whole(a, b), "{a:?} {b:?}");
                }
            }
        }
    }

    #[test]
    fn one_key_selector_needs_a_typo() {
        let sel = labels(&[("app", "wbe")]);
        assert!(one_off(&sel, &labels(&[("app", "web")])).is_some());
        assert!(one_off(&sel, &labels(&[("app", "database")])).is_none());
        assert!(one_off(&sel, &labels(&[("tier", "fe")])).is_none());
    }

    #[test]
    fn one_key_selector_abbreviations_are_near_misses() {
        let sel = labels(&[("app", "pay")]);
        assert_eq!(
            one_off(&sel, &labels(&[("app", "payment")])).as_deref(),
            Some("app=payment (selector wants app=pay, an abbreviation of it)")
        );
        assert_eq!(
            one_off(
                &labels(&[("app", "paymentservice")]),
                &labels(&[("app", "payment")])
            )
            .as_deref(),
            Some("app=payment (selector wants app=paymentservice, of which it is an abbreviation)")
        );
        assert!(one_off(&labels(&[("app", "pmt")]), &labels(&[("app", "payment")])).is_some());
        assert!(one_off(&labels(&[("app", "p")]), &labels(&[("app", "payment")])).is_none());
        assert!(one_off(&labels(&[("app", "api")]), &labels(&[("app", "payment")])).is_none());
        assert!(one_off(&labels(&[("app", "tpm")]), &labels(&[("app", "payment")])).is_none());
    }

    #[test]
    fn multi_key_selector_counts_any_single_miss() {
        let sel = labels(&[("app", "web"), ("tier", "frontend")]);
        assert_eq!(
            one_off(&sel, &labels(&[("app", "web"), ("tier", "backend")])).as_deref(),
            Some("tier=backend (selector wants tier=frontend)")
        );
        assert_eq!(
            one_off(&sel, &labels(&[("app", "web")])).as_deref(),
            Some("has no label tier (selector wants tier=frontend)")
        );
        assert!(one_off(&sel, &labels(&[("app", "api"), ("tier", "backend")])).is_none());
    }
}
