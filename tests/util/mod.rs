//! Test helpers: the binary with a scrubbed environment, fixture paths.

#![allow(dead_code)]

use assert_cmd::Command;
use std::path::PathBuf;

/// `kubectl-svcx` with the environment a user would have: no kubeconfig, no colour hints, no
/// backtraces (this environment sets RUST_BACKTRACE=1).
pub fn svcx() -> Command {
    let mut cmd = Command::cargo_bin("kubectl-svcx").expect("binary built");
    for var in [
        "KUBECONFIG",
        "NO_COLOR",
        "TERM",
        "COLUMNS",
        "RUST_BACKTRACE",
        "RUST_LIB_BACKTRACE",
    ] {
        cmd.env_remove(var);
    }
    cmd.env("HOME", std::env::temp_dir().join("svcx-test-home"));
    cmd
}

/// `tests/fixtures/<rel>`.
pub fn fixture(rel: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(rel)
}

/// The cluster dump of a scenario.
pub fn scenario(name: &str) -> String {
    fixture(&format!("{name}/cluster.yaml"))
        .display()
        .to_string()
}
