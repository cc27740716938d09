//! Topology hints on the slices of one address type: which mode applies, stripping, and
//! `trafficDistribution`.
//!
//! Upstream: `kubernetes/endpointslice` `reconciler.go` (the hints block of
//! `reconcileByAddressType`, `validTrafficDistribution`), `utils.go` `hintsEnabled`,
//! `topologycache/utils.go` `RemoveHintsFromSlices`, `trafficdist/trafficdist.go`.
//! Semantics doc §3.1 and §3.3. The annotation mode (`Auto`) is in `topology_hints.rs`.

use super::desired::DesiredEndpoint;
use super::hint_lists::{HintLists, move_unchanged, strip};
use super::input::{ReconcileInput, desired_of};
use super::plan::{HintEvent, PlannedEndpoint};
use super::topology_hints;
use crate::model::{AddressType, ControllerRules, EndpointHints, Service};

/// `service.kubernetes.io/topology-mode`.
pub const TOPOLOGY_MODE_ANNOTATION: &str = "service.kubernetes.io/topology-mode";
/// The deprecated `service.kubernetes.io/topology-aware-hints`; it wins when present.
pub const TOPOLOGY_AWARE_HINTS_ANNOTATION: &str = "service.kubernetes.io/topology-aware-hints";

/// Which hints the controller writes for a Service.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HintMode {
    /// `topology-mode: Auto`: CPU-proportional zone hints (trafficDistribution is ignored).
    Auto,
    /// A valid `trafficDistribution`: own-zone hints, plus own-node hints for `PreferSameNode`.
    TrafficDistribution {
        /// `PreferSameNode`.
        same_node: bool,
    },
    /// No hints: any hint is removed.
    None,
}

/// The mode for `svc` under `rules` (semantics §3.1).
pub fn hint_mode(svc: &Service, rules: &ControllerRules) -> HintMode {
    let annotation = svc
        .annotations
        .get(TOPOLOGY_AWARE_HINTS_ANNOTATION)
        .or_else(|| svc.annotations.get(TOPOLOGY_MODE_ANNOTATION));
    if annotation.is_some_and(|v| v == "Auto" || v == "auto") {
        return HintMode::Auto;
    }
    match svc.traffic_distribution.as_deref() {
        Some("PreferClose") => HintMode::TrafficDistribution { same_node: false },
        Some("PreferSameZone") if rules.prefer_same_traffic_distribution => {
            HintMode::TrafficDistribution { same_node: false }
        }
        Some("PreferSameNode") if rules.prefer_same_traffic_distribution => {
            HintMode::TrafficDistribution { same_node: true }
        }
        _ => HintMode::None,
    }
}

/// Applies the hint mode to the lists; returns the Events the controller would record.
pub(crate) fn apply(
    input: &ReconcileInput<'_>,
    rules: &ControllerRules,
    at: &AddressType,
    lists: HintLists<'_>,
    notes: &mut Vec<String>,
) -> Vec<HintEvent> {
    match hint_mode(input.service, rules) {
        HintMode::Auto => topology_hints::add_hints(input, at, lists, notes),
        HintMode::TrafficDistribution { same_node } => {
            traffic_distribution(input, rules, same_node, lists);
            Vec::new()
        }
        HintMode::None => {
            strip(lists);
            Vec::new()
        }
    }
}

/// The hints `trafficDistribution` wants on a ready endpoint (`preferCloseHeuristic.update`).
fn close_hints(
    d: &DesiredEndpoint,
    rules: &ControllerRules,
    same_node: bool,
) -> Option<EndpointHints> {
    let for_zones: Vec<String> = match &d.zone {
        Some(z) => vec![(*z).into()],
        // Before v1.33 an endpoint without a zone got `forZones: [{name: ""}]`.
        None if !rules.traffic_distribution_skips_zoneless => vec![String::new()],
        None => vec![],
    };
    let for_nodes: Vec<String> = match (&d.node_name, same_node) {
        (Some(n), true) => vec![(*n).into()],
        _ => vec![],
    };
    (!for_zones.is_empty() || !for_nodes.is_empty()).then_some(EndpointHints {
        for_zones,
        for_nodes,
    })
}

/// `trafficdist.ReconcileHints`: unchanged slices whose ready endpoints' hints are not exactly
/// the wanted ones are rewritten; every ready endpoint of a create or update gets them.
/// Not-ready endpoints are left as they are.
fn traffic_distribution(
    input: &ReconcileInput<'_>,
    rules: &ControllerRules,
    same_node: bool,
    lists: HintLists<'_>,
) {
    let want = |pe: &PlannedEndpoint| {
        let d = desired_of(input, pe);
        d.conditions.ready.then(|| close_hints(d, rules, same_node))
    };
    move_unchanged(lists.unchanged, lists.updates, |s| {
        s.endpoints.iter().any(|pe| match want(pe) {
            Some(w) => !hints_match(pe.hints.as_deref(), w.as_ref()),
            None => false,
        })
    });
    for s in lists.creates.iter_mut().chain(lists.updates.iter_mut()) {
        for pe in &mut s.endpoints {
            if let Some(w) = want(pe) {
                pe.hints = w.map(Box::new);
            }
        }
    }
}

/// `needsUpdate` compares only the zone and node entries (one exact entry, or none).
fn hints_match(have: Option<&EndpointHints>, want: Option<&EndpointHints>) -> bool {
    let empty = EndpointHints::default();
    let have = have.unwrap_or(&empty);
    let want = want.unwrap_or(&empty);
    have.for_zones == want.for_zones && have.for_nodes == want.for_nodes
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::KubeVersion;
    use crate::testing::mk_service;

    #[test]
    fn annotation_wins_and_deprecated_key_has_precedence() {
        let rules = ControllerRules::default();
        let mut svc = mk_service("web", &[]);
        svc.traffic_distribution = Some("PreferClose".into());
        assert_eq!(
            hint_mode(&svc, &rules),
            HintMode::TrafficDistribution { same_node: false }
        );
        svc.annotations
            .insert(TOPOLOGY_MODE_ANNOTATION.into(), "Auto".into());
        assert_eq!(hint_mode(&svc, &rules), HintMode::Auto);
        svc.annotations
            .insert(TOPOLOGY_AWARE_HINTS_ANNOTATION.into(), "disabled".into());
        assert_eq!(
            hint_mode(&svc, &rules),
            HintMode::TrafficDistribution { same_node: false }
        );
    }

    #[test]
    fn prefer_same_values_need_the_gate() {
        let mut svc = mk_service("web", &[]);
        svc.traffic_distribution = Some("PreferSameNode".into());
        let old = ControllerRules::for_version(KubeVersion::new(1, 33));
        assert_eq!(hint_mode(&svc, &old), HintMode::None);
        let new = ControllerRules::for_version(KubeVersion::new(1, 34));
        assert_eq!(
            hint_mode(&svc, &new),
            HintMode::TrafficDistribution { same_node: true }
        );
    }
}
