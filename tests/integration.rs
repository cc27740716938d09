//! The one integration-test binary: runs the real `kubectl-svcx` on real fixture dumps.

mod cli_errors;
mod explain_scenarios;
mod explain_snapshots;
mod explain_versions;
mod source_origins;
mod util;
