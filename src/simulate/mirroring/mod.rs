//! The EndpointSliceMirroring controller: slices mirrored from a selectorless Service's
//! Endpoints object.
//!
//! Upstream: `pkg/controller/endpointslicemirroring/reconciler.go` and `utils.go`.

pub(super) mod mirror;
