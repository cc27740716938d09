//! The one integration-test binary: runs the real `kubectl-svcx` on real fixture dumps.

mod architecture;
mod cli_errors;
mod completions;
mod diagnose;
mod docs_examples;
mod explain_exclusions;
mod explain_scenarios;
mod explain_snapshots;
mod explain_versions;
mod golden;
mod input_identity;
mod krew;
mod live;
mod man;
mod manifests;
mod realworld;
mod simulate_cli;
mod simulate_fixtures;
mod simulate_properties;
mod simulate_support;
mod simulate_vectors;
mod source_origins;
mod support;
mod terminal;
mod traffic;
mod util;
