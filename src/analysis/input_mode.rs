//! Live state or manifests: what the input is decides which checks can say anything.
//!
//! Pods, Nodes and controller-written EndpointSlices exist only in a cluster; plain manifests
//! (Helm or Kustomize output, a directory of YAML) have none of them. Without them, workload pod
//! templates stand in for pods, and checks that judge what only a running cluster has
//! (readiness, IPs, slices the controller wrote, nodes, load-balancer status) are skipped rather
//! than reported as broken.

use super::finding::Code;
use crate::model::{Cluster, MANAGED_BY_CONTROLLER, MANAGED_BY_MIRRORING, ServiceType};

/// How the input is judged.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum InputMode {
    /// A cluster's state (a live cluster or a `kubectl get -o yaml` dump): every check runs.
    #[default]
    Live,
    /// Manifests not applied yet: workload pod templates are the would-be pods, and the codes of
    /// [`InputMode::SKIPPED_IN_MANIFESTS`] are not checked.
    Manifests,
    /// A cluster's state read without its Pods (e.g. `kubectl get services,endpointslices -o
    /// yaml`): the pods may well exist, so the codes of [`InputMode::SKIPPED_WITHOUT_PODS`],
    /// which judge pods, are not checked rather than reported as "no pods".
    WithoutPods,
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

    /// Manifests when the input holds no Pod, no Node and no EndpointSlice written by the
    /// EndpointSlice or mirroring controller. Hand-written EndpointSlices and Endpoints (for
    /// Services without a selector) are manifests too. Otherwise it is a cluster's state: live,
    /// or without pods when no Pod was read (files only: a live read always lists them).
    pub fn detect(cluster: &Cluster) -> InputMode {
        let controller_slices = cluster.endpoint_slices.iter().any(|s| {
            matches!(
                s.managed_by(),
                Some(MANAGED_BY_CONTROLLER | MANAGED_BY_MIRRORING)
            )
        });
        if cluster.pods.is_empty() && cluster.nodes.is_empty() && !controller_slices {
            InputMode::Manifests
        } else if !cluster.pods_read() && selects_pods(cluster) {
            InputMode::WithoutPods
        } else {
            InputMode::Live
        }
    }

    /// `live` or `manifests`.
    pub fn as_str(self) -> &'static str {
        match self {
            InputMode::Live => "live",
            InputMode::Manifests => "manifests",
            InputMode::WithoutPods => "without-pods",
        }
    }

    /// Whether this mode checks `code`.
    pub fn checks(self, code: Code) -> bool {
        match self {
            InputMode::Live => true,
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

/// Some Service would select pods: without one, missing pods change no answer.
fn selects_pods(cluster: &Cluster) -> bool {
    cluster
        .services
        .iter()
        .any(|s| s.selector.is_some() && s.service_type() != ServiceType::ExternalName)
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

    #[test]
    fn manifests_have_no_pods_nodes_or_controller_slices() {
        let mut c = Cluster {
            services: vec![mk_service("web", &[("app", "web")])],
            ..Cluster::default()
        };
        assert_eq!(InputMode::detect(&c), InputMode::Manifests);
        c.endpoint_slices.push(slice(Some("staff")));
        c.endpoint_slices.push(slice(None));
        assert_eq!(
            InputMode::detect(&c),
            InputMode::Manifests,
            "hand-written slices are manifests"
        );
        let pods = Cluster {
            pods: vec![mk_pod("p", &[])],
            ..Cluster::default()
        };
        assert_eq!(InputMode::detect(&pods), InputMode::Live);
        let web = || vec![mk_service("web", &[("app", "web")])];
        for mut state in [
            Cluster {
                services: web(),
                nodes: vec![mk_node("n", "z")],
                ..Cluster::default()
            },
            Cluster {
                services: web(),
                endpoint_slices: vec![slice(Some(MANAGED_BY_CONTROLLER))],
                ..Cluster::default()
            },
        ] {
            assert_eq!(InputMode::detect(&state), InputMode::WithoutPods);
            // Only Services without a selector: no answer depends on pods.
            let mut selectorless = state.clone();
            selectorless.services[0].selector = None;
            assert_eq!(InputMode::detect(&selectorless), InputMode::Live);
            // A live read (or an empty PodList) says there are no pods at all.
            state.pods_known = true;
            assert_eq!(InputMode::detect(&state), InputMode::Live);
        }
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
