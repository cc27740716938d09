//! Vocabulary all three controllers share: the simulation's configuration, named target ports
//! and the labels and owner that mark a controller's slices.
//!
//! Upstream: `kubernetes/endpointslice` `utils.go` and `pkg/api/v1/pod/util.go`
//! (`FindPort`); `discovery/v1` well-known labels.

pub(super) mod config;
pub(super) mod named_port;
pub(super) mod slice_meta;
