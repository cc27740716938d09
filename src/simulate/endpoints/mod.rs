//! The legacy Endpoints controller: the Endpoints object it writes, truncated at 1000 addresses,
//! and the canonical (repacked) form of Endpoints subsets that mirroring also reads.
//!
//! Upstream: `pkg/controller/endpoint/endpoints_controller.go` and `pkg/api/v1/endpoints/util.go`.

pub(super) mod repack;
pub(super) mod truncation;
