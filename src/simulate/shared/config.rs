//! The knobs of a simulated controller.

use crate::model::ControllerRules;

/// `--max-endpoints-per-slice` default (`pkg/controller/endpointslice/config/v1alpha1/defaults.go`).
pub const DEFAULT_MAX_ENDPOINTS_PER_SLICE: usize = 100;
/// Largest accepted `--max-endpoints-per-slice`
/// (`cmd/kube-controller-manager/app/options/endpointslicecontroller.go` validation: 1..1000).
pub const MAX_MAX_ENDPOINTS_PER_SLICE: usize = 1000;
/// `--mirroring-max-endpoints-per-subset` code default (`endpointslicemirroring/config/v1alpha1/defaults.go`).
pub const DEFAULT_MIRRORING_MAX_ENDPOINTS_PER_SUBSET: usize = 1000;

/// A knob outside the range the real controller accepts.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ConfigError {
    /// `--max-endpoints-per-slice` outside 1..1000.
    #[error(
        "--max-endpoints-per-slice must be between 1 and 1000 (kube-controller-manager rejects {0})"
    )]
    MaxEndpointsPerSlice(usize),
}

/// How the simulated controllers are configured.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SimConfig {
    max_endpoints_per_slice: usize,
    /// Which Kubernetes version's behaviour to reproduce.
    pub rules: ControllerRules,
    /// The mirroring controller's per-subset limit.
    pub mirroring_max_endpoints_per_subset: usize,
}

impl SimConfig {
    /// A configuration with `M` endpoints per slice, checked like kube-controller-manager does.
    pub fn new(
        max_endpoints_per_slice: usize,
        rules: ControllerRules,
    ) -> Result<Self, ConfigError> {
        if !(1..=MAX_MAX_ENDPOINTS_PER_SLICE).contains(&max_endpoints_per_slice) {
            return Err(ConfigError::MaxEndpointsPerSlice(max_endpoints_per_slice));
        }
        Ok(SimConfig {
            max_endpoints_per_slice,
            rules,
            mirroring_max_endpoints_per_subset: DEFAULT_MIRRORING_MAX_ENDPOINTS_PER_SUBSET,
        })
    }

    /// `M`, the most endpoints the controller puts in a slice it fills.
    pub fn max_endpoints_per_slice(&self) -> usize {
        self.max_endpoints_per_slice
    }
}

impl Default for SimConfig {
    fn default() -> Self {
        SimConfig {
            max_endpoints_per_slice: DEFAULT_MAX_ENDPOINTS_PER_SLICE,
            rules: ControllerRules::default(),
            mirroring_max_endpoints_per_subset: DEFAULT_MIRRORING_MAX_ENDPOINTS_PER_SUBSET,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn range_is_1_to_1000() {
        let r = ControllerRules::default();
        assert!(SimConfig::new(0, r).is_err());
        assert!(SimConfig::new(1, r).is_ok());
        assert!(SimConfig::new(1000, r).is_ok());
        assert_eq!(
            SimConfig::new(1001, r),
            Err(ConfigError::MaxEndpointsPerSlice(1001))
        );
        assert_eq!(SimConfig::default().max_endpoints_per_slice(), 100);
    }
}
