//! `diagnose -A` on a live cluster draws a progress line on stderr when it is a terminal, erases
//! it when done, and prints nothing of the kind into a pipe.

use super::{serve, svcx_live};
use std::process::{Command, Stdio};
use std::time::Duration;

#[test]
#[allow(clippy::print_stderr)] // the skip reason is for whoever runs the tests
fn progress_on_a_terminal_only() {
    let server = serve("healthy-clusterip");
    // Slow answers, so the 200 ms ticker draws at least once.
    server.faults(|f| f.delay = Some(Duration::from_millis(600)));
    let bin = env!("CARGO_BIN_EXE_kubectl-svcx");
    let kubeconfig = server.kubeconfig().display().to_string();
    let line = format!("'{bin}' --kubeconfig '{kubeconfig}' diagnose -A --color never");
    let out = match Command::new("script")
        .args(["-q", "-e", "-c", &line, "/dev/null"])
        .stdin(Stdio::null())
        .env_remove("RUST_BACKTRACE")
        .output()
    {
        Ok(out) => out,
        Err(_) => {
            eprintln!("skipped: util-linux `script` is not installed");
            return;
        }
    };
    let shown = String::from_utf8_lossy(&out.stdout);
    assert!(shown.contains("reading the cluster: "), "{shown}");
    assert!(shown.contains("\r\x1b[2K"), "the line is erased: {shown:?}");
    assert!(shown.contains("healthy-clusterip/web"), "{shown}");

    let piped = svcx_live(&server)
        .args(["diagnose", "-A"])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&piped.stderr);
    assert!(!stderr.contains("reading the cluster"), "{stderr}");
}
