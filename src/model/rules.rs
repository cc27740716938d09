//! Where controller behaviour changed between Kubernetes releases: the one place that knows.
//!
//! Every rule names its upstream change. Analysis and simulation ask `ControllerRules`, never the
//! version directly.

use super::KubeVersion;

/// The controller behaviour of one Kubernetes version.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ControllerRules {
    /// The version these rules are for.
    pub version: KubeVersion,
    /// The EndpointSlice controller resolves named targetPorts on restartable init containers
    /// (sidecars) since v1.33 (kubernetes/kubernetes#128850). The legacy Endpoints controller
    /// always did (`podutil.FindPort`).
    pub slice_named_ports_on_sidecars: bool,
    /// Endpoint addresses are printed back in canonical form since v1.33
    /// (kubernetes/kubernetes#129289, `endpointslice/utils.go` `podToEndpoint`).
    pub canonical_endpoint_addresses: bool,
    /// trafficDistribution gives endpoints without a zone no zone hint since v1.33; before, they
    /// got `forZones: [{name: ""}]` (`endpointslice/trafficdist/trafficdist.go`).
    pub traffic_distribution_skips_zoneless: bool,
    /// `PreferSameZone`/`PreferSameNode` are valid: PreferSameTrafficDistribution gate, alpha
    /// v1.33, beta (on by default) v1.34, GA v1.35 (`pkg/features/kube_features.go`).
    pub prefer_same_traffic_distribution: bool,
    /// A nil and an empty port list give the same slice key since v1.36 (k/k #133474), so a
    /// headless Service without ports no longer churns one update per sync.
    pub nil_ports_equal_empty: bool,
    /// The API server still serves Ingress in `extensions/v1beta1` and
    /// `networking.k8s.io/v1beta1`: both were removed in v1.22
    /// (<https://kubernetes.io/docs/reference/using-api/deprecation-guide/#ingress-v122>).
    pub ingress_v1beta1_served: bool,
}

impl ControllerRules {
    /// The rules of `version`.
    pub fn for_version(version: KubeVersion) -> Self {
        let at_least = |minor| version >= KubeVersion::new(1, minor);
        ControllerRules {
            version,
            slice_named_ports_on_sidecars: at_least(33),
            canonical_endpoint_addresses: at_least(33),
            traffic_distribution_skips_zoneless: at_least(33),
            prefer_same_traffic_distribution: at_least(34),
            nil_ports_equal_empty: at_least(36),
            ingress_v1beta1_served: !at_least(22),
        }
    }
}

impl Default for ControllerRules {
    fn default() -> Self {
        ControllerRules::for_version(KubeVersion::NEWEST)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sidecar_named_ports_arrive_in_1_33() {
        assert!(
            !ControllerRules::for_version(KubeVersion::new(1, 32)).slice_named_ports_on_sidecars
        );
        assert!(
            ControllerRules::for_version(KubeVersion::new(1, 33)).slice_named_ports_on_sidecars
        );
        assert!(ControllerRules::default().slice_named_ports_on_sidecars);
    }
}
