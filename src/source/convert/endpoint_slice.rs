//! discovery.k8s.io/v1 EndpointSlice -> model, keeping nil conditions as nil.
//!
//! Read through the lean shapes of `endpoint_slice_wire` (by hand from JSON text,
//! `endpoint_slice_decode`; by serde otherwise).

use super::endpoint_slice_wire::from_wire;
use super::stamp::Stamp;
use crate::model::EndpointSlice;

pub(crate) fn endpoint_slice(value: impl super::Input) -> Result<EndpointSlice, super::Refused> {
    endpoint_slice_stamped(value).map(|(slice, _)| slice)
}

/// [`endpoint_slice`], and what its [`Definition`](crate::model::Definition) records, read in
/// the same pass (a big dump holds thousands; an EndpointSlice has no status).
pub(crate) fn endpoint_slice_stamped(
    value: impl super::Input,
) -> Result<(EndpointSlice, Stamp), super::Refused> {
    value.decoded(
        "EndpointSlice",
        super::endpoint_slice_decode::slice,
        from_wire,
    )
}
