//! The live path end to end: the real binary, a real kubeconfig, real HTTPS, against the fake
//! API server (`tests/support/fake_apiserver`) serving the fixture files.

mod around;
mod failures;
mod fake_fidelity;
mod graph;
mod kubectl;
mod paging;
mod parity;
mod progress;
mod reach;
mod request_shape;
mod snapshot;
pub mod watch_fake;

use crate::support::fake_apiserver::FakeApiServer;
use crate::util::{scenario, svcx};
use assert_cmd::Command;
use std::path::PathBuf;

/// Every scenario directory under tests/fixtures (those with a cluster.yaml).
pub fn scenarios() -> Vec<String> {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let mut names: Vec<String> = std::fs::read_dir(root)
        .unwrap()
        .filter_map(Result::ok)
        .filter(|e| e.path().join("cluster.yaml").is_file())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

/// A fake serving one scenario.
pub fn serve(name: &str) -> FakeApiServer {
    FakeApiServer::from_files(&[scenario(name).into()])
}

/// A fake serving every scenario at once.
pub fn serve_all() -> FakeApiServer {
    let files: Vec<PathBuf> = scenarios().iter().map(|s| scenario(s).into()).collect();
    FakeApiServer::from_files(&files)
}

/// `kubectl-svcx --kubeconfig <fake>`.
pub fn svcx_live(server: &FakeApiServer) -> Command {
    let mut cmd = svcx();
    cmd.arg("--kubeconfig").arg(server.kubeconfig());
    cmd
}

/// `kubectl` on PATH, or `None` with the reason printed (the test then skips).
#[allow(clippy::print_stderr)] // the skip reason is for whoever runs the tests
pub fn kubectl() -> Option<std::process::Command> {
    match std::process::Command::new("kubectl")
        .args(["version", "--client"])
        .output()
    {
        Ok(o) if o.status.success() => Some(std::process::Command::new("kubectl")),
        _ => {
            eprintln!("skipped: kubectl is not on PATH");
            None
        }
    }
}

/// Stdout of a successful run.
pub fn stdout_ok(cmd: &mut Command) -> String {
    let out = cmd.output().unwrap();
    assert!(
        out.status.success(),
        "exit {:?}\nstderr: {}",
        out.status.code(),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// `(exit code, stderr)` of a run.
pub fn code_and_stderr(cmd: &mut Command) -> (Option<i32>, String) {
    let out = cmd.output().unwrap();
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}
