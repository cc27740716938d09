//! The one integration-test binary: runs the real `kubectl-svcx` on real fixture dumps.

mod simulate_cli;
mod simulate_fixtures;
mod simulate_properties;
mod simulate_support;
mod simulate_vectors;
mod util;
