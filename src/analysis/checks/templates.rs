//! Workload pod templates as would-be pods (manifest mode): which templates a Service selects,
//! and how a finding names a workload.
//!
//! A template's pods carry its labels plus per-pod labels their controller adds; a Service
//! selects them on the same rule as pods (same namespace, every selector pair present;
//! `endpointslice_controller.go` `syncService`, semantics §1.1).

use super::Ctx;
use crate::analysis::finding::ObjRef;
use crate::model::{Labels, ServiceType, Workload, WorkloadKind};

/// Per-pod labels of StatefulSet pods: the pod's name (`<set>-<ordinal>`) and its ordinal
/// (<https://kubernetes.io/docs/concepts/workloads/controllers/statefulset/#pod-name-label>,
/// `pkg/controller/statefulset/stateful_set_utils.go` `initIdentity`).
const STS_POD_NAME: &str = "statefulset.kubernetes.io/pod-name";
const STS_POD_INDEX: &str = "apps.kubernetes.io/pod-index";

/// Templates of the Service's namespace that its selector matches (none without a selector
/// and for ExternalName, which get no endpoints).
pub(super) fn selected_templates<'a>(ctx: &Ctx<'a>) -> Vec<&'a Workload> {
    let svc = ctx.svc;
    let Some(sel) = &svc.selector else {
        return vec![];
    };
    if svc.service_type() == ServiceType::ExternalName {
        return vec![];
    }
    ctx.look
        .manifests
        .templates_in(&svc.namespace)
        .iter()
        .copied()
        .filter(|w| template_selected(w, sel))
        .collect()
}

/// Whether some pod of `w` would carry every pair of `sel`.
pub(crate) fn template_selected(w: &Workload, sel: &Labels) -> bool {
    sel.iter().all(|(k, v)| {
        if w.kind == Some(WorkloadKind::StatefulSet)
            && !w.template_labels.contains_key(k)
            && let Some(ordinal) = sts_ordinal(w, k, v)
        {
            return w.pod_count().is_some_and(|n| ordinal < i64::from(n));
        }
        w.template_labels.get(k) == Some(v)
    })
}

/// The ordinal a StatefulSet per-pod label value names, if `k` is such a label.
fn sts_ordinal(w: &Workload, k: &str, v: &str) -> Option<i64> {
    let digits = match k {
        STS_POD_NAME => v.strip_prefix(&w.name)?.strip_prefix('-')?,
        STS_POD_INDEX => v,
        _ => return None,
    };
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return Some(i64::MAX);
    }
    Some(digits.parse().unwrap_or(i64::MAX))
}

/// The workloads of the Service's namespace whose template `sel` matches, when there are some
/// and every one is scaled to zero: no pod will exist until one is scaled up.
pub(super) fn only_scaled_to_zero<'a>(ctx: &Ctx<'a>, sel: &Labels) -> Option<Vec<&'a Workload>> {
    let matching: Vec<&Workload> = ctx
        .look
        .manifests
        .templates_in(&ctx.svc.namespace)
        .iter()
        .copied()
        .filter(|w| template_selected(w, sel))
        .collect();
    (!matching.is_empty() && matching.iter().all(|w| w.pod_count() == Some(0))).then_some(matching)
}

/// The workload as a finding object (`Deployment/web`).
pub(super) fn workload_ref(w: &Workload) -> ObjRef {
    ObjRef::namespaced(w.kind_str(), &w.namespace, &w.name)
}

/// `Deployment web`, for details.
pub(crate) fn workload_label(w: &Workload) -> String {
    format!("{} {}", w.kind_str(), w.name)
}

/// How many pods it would run: `3 replicas`, `one pod per node`, ...
pub(crate) fn pod_count_phrase(w: &Workload) -> String {
    let unit = match w.kind {
        Some(WorkloadKind::Job | WorkloadKind::CronJob) => ("parallelism", "parallelism"),
        _ => ("replica", "replicas"),
    };
    match (w.pod_count(), w.replicas) {
        (None, _) => "one pod per node".to_string(),
        (Some(0), _) => format!("{} 0: no pods until scaled up", unit.1),
        (Some(n), None) if unit.0 == "parallelism" => format!("parallelism {n}, the default"),
        (Some(n), None) => format!("{n} {}, the default", if n == 1 { unit.0 } else { unit.1 }),
        (Some(n), Some(_)) if unit.0 == "parallelism" => format!("parallelism {n}"),
        (Some(n), Some(_)) => format!("{n} {}", if n == 1 { unit.0 } else { unit.1 }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::labels;

    fn sts(replicas: i32) -> Workload {
        Workload {
            kind: Some(WorkloadKind::StatefulSet),
            name: "db".into(),
            template_labels: labels(&[("app", "db")]),
            replicas: Some(replicas),
            ..Workload::default()
        }
    }

    #[test]
    fn statefulset_per_pod_labels_select_existing_ordinals() {
        let w = sts(3);
        assert!(template_selected(&w, &labels(&[("app", "db")])));
        assert!(template_selected(
            &w,
            &labels(&[("app", "db"), (STS_POD_NAME, "db-2")])
        ));
        assert!(!template_selected(&w, &labels(&[(STS_POD_NAME, "db-3")])));
        assert!(!template_selected(
            &w,
            &labels(&[(STS_POD_NAME, "cache-0")])
        ));
        assert!(!template_selected(&w, &labels(&[(STS_POD_NAME, "db-x")])));
        assert!(template_selected(&w, &labels(&[(STS_POD_INDEX, "0")])));
        assert!(!template_selected(
            &sts(0),
            &labels(&[(STS_POD_INDEX, "0")])
        ));
        let mut deployment = sts(3);
        deployment.kind = Some(WorkloadKind::Deployment);
        assert!(!template_selected(
            &deployment,
            &labels(&[(STS_POD_NAME, "db-0")])
        ));
    }

    #[test]
    fn pod_counts() {
        let mut w = sts(3);
        assert_eq!(pod_count_phrase(&w), "3 replicas");
        w.replicas = None;
        assert_eq!(pod_count_phrase(&w), "1 replica, the default");
        w.replicas = Some(0);
        assert_eq!(pod_count_phrase(&w), "replicas 0: no pods until scaled up");
        w.kind = Some(WorkloadKind::DaemonSet);
        assert_eq!(pod_count_phrase(&w), "one pod per node");
        w.kind = Some(WorkloadKind::Job);
        w.replicas = Some(2);
        assert_eq!(pod_count_phrase(&w), "parallelism 2");
    }
}
