//! kubectl-svcx: how a Kubernetes Service really resolves, what is wrong with it, and what the
//! EndpointSlice controller would do.
//!
//! Data flows one way: `source` -> `model` -> `analysis` / `simulate` -> `render`, wired by `cli`.

#![forbid(unsafe_code)]

pub mod analysis;
pub mod cli;
pub mod model;
mod ordered_parallel;
pub mod render;
pub mod simulate;
pub mod source;

#[cfg(test)]
pub(crate) mod testing;
