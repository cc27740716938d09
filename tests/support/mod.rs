//! Test support shared by the integration tests and the benchmarks.

pub mod fake_apiserver;
