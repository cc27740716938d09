//! Live state or manifests: where each object came from decides which checks can say anything.
//!
//! Pods, Nodes and controller-written EndpointSlices exist only in a cluster; plain manifests
//! (Helm or Kustomize output, a directory of YAML) have none of them. An object is cluster state
//! when it carries what only the API server writes (uid, resourceVersion, creationTimestamp,
//! status) or was read from one; otherwise it is a manifest. Each Service is judged by where it
//! and its pods came from: on live rules, on pod templates (workloads and Pod manifests stand in
//! for pods, and checks of what only a running cluster has are skipped), or without pods (a dump
//! of Services without their Pods: checks that judge pods are skipped).

use super::finding::Code;
use crate::model::{Cluster, MANAGED_BY_CONTROLLER, MANAGED_BY_MIRRORING, Service, ServiceType};

/// How the input (or one Service) is judged.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum InputMode {
    /// A cluster's state (a live cluster or a `kubectl get -o yaml` dump): every check runs.
    #[default]
    Live,
    /// Manifests not applied yet: workload pod templates (and Pod manifests) are the would-be
    /// pods, and the codes of [`InputMode::SKIPPED_IN_MANIFESTS`] are not checked.
    Manifests,
    /// A cluster's state read without its Pods (e.g. `kubectl get services,endpointslices -o
    /// yaml`): the pods may well exist, so the codes of [`InputMode::SKIPPED_WITHOUT_PODS`],
    /// which judge pods, are not checked rather than reported as "no pods".
    WithoutPods,
    /// Cluster state and manifests together: each Service says which of the other modes judged
    /// it (never the mode of one Service).
    Mixed,
}

/// The input's mode and, when it is not plain live state, why, in one sentence.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ModeReport {
    /// The mode of the whole input.
    pub mode: InputMode,
    /// Why (empty for plain live state).
    pub reason: String,
}

/// What the input holds, by origin: enough to decide each Service's mode.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Origins {
    /// Pods were read (live pods, or an empty PodList / live read).
    pods: bool,
    /// Nodes or controller-written EndpointSlices: cluster state without pods.
    other_state: bool,
    live_services: usize,
    manifest_services: usize,
    live_workloads: usize,
    manifest_workloads: usize,
    manifest_pods: usize,
}

impl Origins {
    /// Counts the objects of `cluster` by origin.
    pub fn of(cluster: &Cluster) -> Origins {
        let controller_slices = cluster.endpoint_slices.iter().any(|s| {
            matches!(
                s.managed_by(),
                Some(MANAGED_BY_CONTROLLER | MANAGED_BY_MIRRORING)
            )
        });
        let live_services = cluster.services.iter().filter(|s| s.live).count();
        let live_workloads = cluster.workloads.iter().filter(|w| w.live).count();
        let manifest_pods = cluster
            .workloads
            .iter()
            .filter(|w| !w.live && w.kind.is_none() && w.kind_str() == "Pod")
            .count();
        Origins {
            pods: cluster.pods_read(),
            other_state: !cluster.nodes.is_empty() || controller_slices,
            live_services,
            manifest_services: cluster.services.len() - live_services,
            live_workloads,
            manifest_workloads: cluster.workloads.len() - live_workloads - manifest_pods,
            manifest_pods,
        }
    }

    /// How `svc` is judged; `selects_live_pods`: its selector matches a pod read from the
    /// cluster.
    pub fn service_mode(&self, svc: &Service, selects_live_pods: bool) -> InputMode {
        let selects = svc.selector.is_some() && svc.service_type() != ServiceType::ExternalName;
        if self.pods {
            // A Service not applied yet whose pods are not running either: judge it on the
            // templates that would make them.
            if !svc.live && !selects_live_pods {
                InputMode::Manifests
            } else {
                InputMode::Live
            }
        } else if svc.live || self.other_state {
            if selects {
                InputMode::WithoutPods
            } else {
                InputMode::Live
            }
        } else {
            InputMode::Manifests
        }
    }

    fn has_state(&self) -> bool {
        self.pods || self.other_state || self.live_services > 0 || self.live_workloads > 0
    }

    fn has_manifests(&self) -> bool {
        self.manifest_services + self.manifest_workloads + self.manifest_pods > 0
    }

    /// The whole input's mode and why, given the modes its Services were judged in.
    pub fn report(&self, service_modes: &[InputMode]) -> ModeReport {
        let count = |m: InputMode| service_modes.iter().filter(|x| **x == m).count();
        // The mode says where the objects came from; a dump's selector-less or ExternalName
        // Services judged on live rules next to ones judged without pods are no mix.
        let mode = match (self.has_state(), self.has_manifests()) {
            (true, true) => InputMode::Mixed,
            (true, false) if count(InputMode::WithoutPods) > 0 => InputMode::WithoutPods,
            (true, false) => InputMode::Live,
            (false, _) => InputMode::Manifests,
        };
        let reason = match mode {
            InputMode::Live => String::new(),
            InputMode::Manifests => format!(
                "nothing in the input carries cluster state (no uid, resourceVersion, creationTimestamp or status{}), so workload pod templates stand in for pods",
                match self.manifest_list() {
                    l if l.is_empty() => String::new(),
                    l => format!(" on {l}"),
                }
            ),
            InputMode::WithoutPods => format!(
                "{} carry cluster state but the input holds no Pod (a dump of Services without their Pods, e.g. kubectl get svc -A -o yaml), so checks that judge pods are skipped",
                plural(
                    self.live_services.max(service_modes.len()),
                    "Service",
                    "Services"
                )
            ),
            InputMode::Mixed => {
                let mut state = Vec::new();
                if self.pods {
                    state.push("Pods".to_string());
                }
                if self.other_state {
                    state.push("Nodes or controller-written EndpointSlices".to_string());
                }
                if self.live_services > 0 {
                    state.push(plural(self.live_services, "Service", "Services"));
                }
                if self.live_workloads > 0 {
                    state.push(plural(self.live_workloads, "workload", "workloads"));
                }
                let judged: Vec<String> = [
                    (InputMode::Live, "on live state"),
                    (InputMode::Manifests, "as manifests"),
                    (InputMode::WithoutPods, "without pods"),
                ]
                .into_iter()
                .filter(|(m, _)| count(*m) > 0)
                .map(|(m, how)| format!("{} {how}", plural(count(m), "Service", "Services")))
                .collect();
                format!(
                    "the input mixes cluster state ({}) with manifests not applied yet ({}); each Service is judged by where it and its pods came from: {}",
                    state.join(", "),
                    self.manifest_list(),
                    if judged.is_empty() {
                        "none diagnosed".to_string()
                    } else {
                        judged.join(", ")
                    }
                )
            }
        };
        ModeReport { mode, reason }
    }

    /// `3 Services, 2 workloads, 1 Pod manifest` (empty when there are none).
    fn manifest_list(&self) -> String {
        let mut parts = Vec::new();
        if self.manifest_services > 0 {
            parts.push(plural(self.manifest_services, "Service", "Services"));
        }
        if self.manifest_workloads > 0 {
            parts.push(plural(self.manifest_workloads, "workload", "workloads"));
        }
        if self.manifest_pods > 0 {
            parts.push(plural(self.manifest_pods, "Pod manifest", "Pod manifests"));
        }
        parts.join(", ")
    }
}

fn plural(n: usize, one: &str, many: &str) -> String {
    if n == 1 {
        format!("{n} {one}")
    } else {
        format!("{n} {many}")
    }
}

impl InputMode {
    /// Codes that need live state, so manifest mode does not check them: readiness and IPs of
    /// running pods, slices and Endpoints the controllers wrote, Nodes, load-balancer status.
    pub const SKIPPED_IN_MANIFESTS: &'static [Code] = &[
        Code::PodsExcluded,
        Code::NoReadyEndpoints,
        Code::SingleReadyEndpoint,
        Code::PodsNotReady,
        Code::TerminatingEndpoints,
        Code::PublishNotReadyAddresses,
        Code::SliceStale,
        Code::EndpointsOverCapacity,
        Code::ExternalTrafficLocalNoLocalEndpoints,
        Code::InternalTrafficLocalNoLocalEndpoints,
        Code::TopologyHintsNotApplied,
        Code::LoadbalancerPending,
        Code::DualStackSingleFamilyPods,
    ];

    /// Codes that judge the selected pods (or compare slices with them), so a dump without Pods
    /// cannot check them. What is left judges the Services, slices, Endpoints and routes alone.
    pub const SKIPPED_WITHOUT_PODS: &'static [Code] = &[
        Code::SelectorMatchesNoPods,
        Code::SelectorNearMiss,
        Code::NoWorkloadsInNamespace,
        Code::SelectorMatchesOnlyScaledToZero,
        Code::PodsExcluded,
        Code::NoReadyEndpoints,
        Code::SingleReadyEndpoint,
        Code::PodsNotReady,
        Code::ReadinessProbeMissing,
        Code::TerminatingEndpoints,
        Code::PublishNotReadyAddresses,
        Code::NamedTargetPortUnresolved,
        Code::TargetPortMixedNumbers,
        Code::SliceStale,
        Code::ExternalTrafficLocalNoLocalEndpoints,
        Code::InternalTrafficLocalNoLocalEndpoints,
        Code::TopologyHintsNotApplied,
        Code::DualStackSingleFamilyPods,
        Code::NetworkPolicyBlocksTargetPort,
    ];

    /// `live`, `manifests`, `without-pods` or `mixed`.
    pub fn as_str(self) -> &'static str {
        match self {
            InputMode::Live => "live",
            InputMode::Manifests => "manifests",
            InputMode::WithoutPods => "without-pods",
            InputMode::Mixed => "mixed",
        }
    }

    /// Whether this mode checks `code`.
    pub fn checks(self, code: Code) -> bool {
        match self {
            InputMode::Live | InputMode::Mixed => true,
            InputMode::Manifests => !Self::SKIPPED_IN_MANIFESTS.contains(&code),
            InputMode::WithoutPods => !Self::SKIPPED_WITHOUT_PODS.contains(&code),
        }
    }

    /// The codes checked in this mode, in documentation order.
    pub fn checked_codes(self) -> Vec<Code> {
        Code::ALL
            .iter()
            .copied()
            .filter(|c| self.checks(*c))
            .collect()
    }

    /// The codes not checked in this mode, in documentation order.
    pub fn skipped_codes(self) -> Vec<Code> {
        Code::ALL
            .iter()
            .copied()
            .filter(|c| !self.checks(*c))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{EndpointSlice, Labels};
    use crate::testing::{mk_node, mk_pod, mk_service};

    fn slice(managed_by: Option<&str>) -> EndpointSlice {
        let mut labels = Labels::new();
        if let Some(m) = managed_by {
            labels.insert("endpointslice.kubernetes.io/managed-by".into(), m.into());
        }
        EndpointSlice {
            labels,
            ..EndpointSlice::default()
        }
    }

    fn mode_of(c: &Cluster, svc: usize, selects_live_pods: bool) -> InputMode {
        Origins::of(c).service_mode(&c.services[svc], selects_live_pods)
    }

    fn manifest(mut s: Service) -> Service {
        s.live = false;
        s
    }

    #[test]
    fn manifests_have_no_cluster_state() {
        let mut c = Cluster {
            services: vec![manifest(mk_service("web", &[("app", "web")]))],
            ..Cluster::default()
        };
        assert_eq!(mode_of(&c, 0, false), InputMode::Manifests);
        c.endpoint_slices.push(slice(Some("staff")));
        c.endpoint_slices.push(slice(None));
        assert_eq!(
            mode_of(&c, 0, false),
            InputMode::Manifests,
            "hand-written slices are manifests"
        );
        let report = Origins::of(&c).report(&[InputMode::Manifests]);
        assert_eq!(report.mode, InputMode::Manifests);
        assert_eq!(
            report.reason,
            "nothing in the input carries cluster state (no uid, resourceVersion, creationTimestamp or status on 1 Service), so workload pod templates stand in for pods"
        );
    }

    #[test]
    fn services_with_state_but_no_pods_are_judged_without_pods() {
        // `kubectl get svc -A -o yaml`: uid, clusterIP and status, no Pod.
        let c = Cluster {
            services: vec![mk_service("web", &[("app", "web")]), {
                let mut s = mk_service("ext", &[]);
                s.selector = None;
                s
            }],
            ..Cluster::default()
        };
        assert_eq!(mode_of(&c, 0, false), InputMode::WithoutPods);
        assert_eq!(
            mode_of(&c, 1, false),
            InputMode::Live,
            "no selector: no pods needed"
        );
        // Two modes, one origin: no mix.
        let r = Origins::of(&c).report(&[InputMode::WithoutPods, InputMode::Live]);
        assert_eq!(r.mode, InputMode::WithoutPods);
        assert!(
            r.reason
                .starts_with("2 Services carry cluster state but the input holds no Pod"),
            "{}",
            r.reason
        );
        // Nodes or controller slices without pods: the same.
        for state in [
            Cluster {
                services: vec![manifest(mk_service("web", &[("app", "web")]))],
                nodes: vec![mk_node("n", "z")],
                ..Cluster::default()
            },
            Cluster {
                services: vec![manifest(mk_service("web", &[("app", "web")]))],
                endpoint_slices: vec![slice(Some(MANAGED_BY_CONTROLLER))],
                ..Cluster::default()
            },
        ] {
            assert_eq!(mode_of(&state, 0, false), InputMode::WithoutPods);
        }
    }

    #[test]
    fn live_pods_judge_live_services_and_manifest_services_they_select() {
        let c = Cluster {
            services: vec![
                mk_service("web", &[("app", "web")]),
                manifest(mk_service("new", &[("app", "new")])),
            ],
            pods: vec![mk_pod("web-1", &[("app", "web")])],
            ..Cluster::default()
        };
        assert_eq!(mode_of(&c, 0, true), InputMode::Live);
        assert_eq!(
            mode_of(&c, 0, false),
            InputMode::Live,
            "live and selecting nothing: broken"
        );
        assert_eq!(
            mode_of(&c, 1, true),
            InputMode::Live,
            "a manifest Service over running pods"
        );
        assert_eq!(
            mode_of(&c, 1, false),
            InputMode::Manifests,
            "not applied, and neither are its pods"
        );
        let r = Origins::of(&c).report(&[InputMode::Live, InputMode::Manifests]);
        assert_eq!(r.mode, InputMode::Mixed);
        assert_eq!(
            r.reason,
            "the input mixes cluster state (Pods, 1 Service) with manifests not applied yet (1 Service); each Service is judged by where it and its pods came from: 1 Service on live state, 1 Service as manifests"
        );
        let plain = Cluster {
            services: vec![mk_service("web", &[("app", "web")])],
            pods: vec![mk_pod("web-1", &[("app", "web")])],
            ..Cluster::default()
        };
        let r = Origins::of(&plain).report(&[InputMode::Live]);
        assert_eq!((r.mode, r.reason.as_str()), (InputMode::Live, ""));
    }

    #[test]
    fn live_checks_everything_and_manifests_skip_live_state() {
        assert_eq!(InputMode::Live.checked_codes(), Code::ALL);
        assert!(InputMode::Live.skipped_codes().is_empty());
        let skipped = InputMode::Manifests.skipped_codes();
        assert_eq!(skipped.len(), InputMode::SKIPPED_IN_MANIFESTS.len());
        assert!(InputMode::Manifests.checks(Code::SelectorMatchesNoPods));
        assert!(InputMode::Manifests.checks(Code::NetworkPolicyBlocksTargetPort));
        assert!(!InputMode::Manifests.checks(Code::SliceStale));
        let without = InputMode::WithoutPods;
        assert_eq!(
            without.skipped_codes().len(),
            InputMode::SKIPPED_WITHOUT_PODS.len()
        );
        assert!(!without.checks(Code::SelectorMatchesNoPods));
        assert!(!without.checks(Code::SliceStale));
        assert!(without.checks(Code::SliceWithoutPorts));
        assert!(without.checks(Code::ServiceWithoutSelectorNoEndpoints));
    }
}
