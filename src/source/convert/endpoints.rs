//! v1 Endpoints -> model.
//!
//! Read through the lean shapes of `endpoints_wire` (by hand from JSON text, `endpoints_decode`;
//! by serde otherwise): a big dump holds one Endpoints object per Service with an address per
//! pod, and the full `k8s_openapi` type copies every `targetRef` field into its own string.

use super::endpoints_wire::from_wire;
use super::stamp::Stamp;
use crate::model::Endpoints;

pub(crate) fn endpoints(value: impl super::Input) -> Result<Endpoints, super::Refused> {
    endpoints_stamped(value).map(|(e, _)| e)
}

/// [`endpoints`], and what its [`Definition`](crate::model::Definition) records, read in the
/// same pass (a big dump holds one per Service, with an address per pod; an Endpoints has no
/// status, so its text is not looked at again for one).
pub(crate) fn endpoints_stamped(
    value: impl super::Input,
) -> Result<(Endpoints, Stamp), super::Refused> {
    value.decoded("Endpoints", super::endpoints_decode::endpoints, from_wire)
}
