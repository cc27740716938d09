//! Terminal manners: colour only on a terminal (NO_COLOR, TERM=dumb, --color), a closed pipe
//! is a quiet exit 0, results on stdout and diagnostics on stderr, and --version.
//!
//! A terminal is made with util-linux `script`, which runs the binary on a pseudo-terminal.

// A test that cannot run here says so on stderr instead of passing silently.
#![allow(clippy::print_stderr)]

use crate::util::{scenario, svcx};
use std::io::Read;
use std::process::{Command, Stdio};

const ESC: u8 = 0x1b;

fn explain_args() -> Vec<String> {
    ["explain", "shop", "-n", "named-port-partial", "-f"]
        .iter()
        .map(|s| s.to_string())
        .chain([scenario("named-port-partial")])
        .collect()
}

/// Runs the binary on a pseudo-terminal (stdout and stderr both the terminal) with the test
/// environment plus `env`; returns what the terminal showed, or `None` without `script`.
fn on_terminal(args: &[String], env: &[(&str, &str)]) -> Option<Vec<u8>> {
    let quoted: Vec<String> = std::iter::once(env!("CARGO_BIN_EXE_kubectl-svcx").to_string())
        .chain(args.iter().cloned())
        .map(|a| format!("'{}'", a.replace('\'', r"'\''")))
        .collect();
    let mut cmd = Command::new("script");
    cmd.args(["-q", "-e", "-c", &quoted.join(" "), "/dev/null"])
        .stdin(Stdio::null());
    for var in [
        "NO_COLOR",
        "TERM",
        "COLUMNS",
        "RUST_BACKTRACE",
        "KUBECONFIG",
    ] {
        cmd.env_remove(var);
    }
    cmd.envs(env.iter().copied());
    let out = match cmd.output() {
        Ok(out) => out,
        Err(_) => {
            eprintln!("skipped: util-linux `script` is not installed");
            return None;
        }
    };
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    Some(out.stdout)
}

fn coloured(bytes: &[u8]) -> bool {
    bytes.contains(&ESC)
}

#[test]
fn colour_on_a_terminal_and_not_in_a_pipe() {
    let Some(tty) = on_terminal(&explain_args(), &[]) else {
        return;
    };
    assert!(coloured(&tty), "{}", String::from_utf8_lossy(&tty));
    let piped = svcx().args(explain_args()).output().unwrap();
    assert!(piped.status.success());
    assert!(!coloured(&piped.stdout));
}

#[test]
fn no_color_with_any_non_empty_value_turns_it_off() {
    for value in ["1", "0", "false", "yes"] {
        let Some(tty) = on_terminal(&explain_args(), &[("NO_COLOR", value)]) else {
            return;
        };
        assert!(!coloured(&tty), "NO_COLOR={value}");
    }
    // An empty NO_COLOR is the same as unset (https://no-color.org).
    let tty = on_terminal(&explain_args(), &[("NO_COLOR", "")]).unwrap();
    assert!(coloured(&tty));
}

#[test]
fn term_dumb_turns_it_off() {
    let Some(tty) = on_terminal(&explain_args(), &[("TERM", "dumb")]) else {
        return;
    };
    assert!(!coloured(&tty));
    let tty = on_terminal(&explain_args(), &[("TERM", "xterm-256color")]).unwrap();
    assert!(coloured(&tty));
}

#[test]
fn color_flag_overrides_the_environment() {
    let mut always = explain_args();
    always.extend(["--color".into(), "always".into()]);
    let piped = svcx().args(&always).env("NO_COLOR", "1").output().unwrap();
    assert!(piped.status.success());
    assert!(
        coloured(&piped.stdout),
        "--color always colours a pipe, even with NO_COLOR"
    );
    let text = String::from_utf8(piped.stdout).unwrap();
    assert!(text.contains("\u{1b}[1mService\u{1b}[0m"), "{text}");

    let mut never = explain_args();
    never.extend(["--color".into(), "never".into()]);
    if let Some(tty) = on_terminal(&never, &[]) {
        assert!(!coloured(&tty));
    }
}

#[test]
fn machine_output_is_never_coloured() {
    for format in ["json", "yaml"] {
        let mut args = explain_args();
        args.extend(["-o".into(), format.into()]);
        if let Some(tty) = on_terminal(&args, &[]) {
            assert!(!coloured(&tty), "-o {format} on a terminal");
        }
        args.extend(["--color".into(), "always".into()]);
        let out = svcx().args(&args).output().unwrap();
        assert!(!coloured(&out.stdout), "-o {format} --color always");
    }
}

/// The 250-pod fixture: its JSON and YAML are larger than a pipe's buffer, so `head -1`
/// really closes the pipe under the writer.
fn large_args(format: &str) -> Vec<String> {
    vec![
        "explain".into(),
        "web".into(),
        "-f".into(),
        scenario("large-250"),
        "-o".into(),
        format.into(),
    ]
}

#[test]
fn head_closing_the_pipe_ends_quietly_with_0() {
    for format in ["text", "json", "yaml"] {
        let args = large_args(format).join(" ");
        let out = Command::new("bash")
            .arg("-c")
            .arg(format!(
                "set -o pipefail; '{}' {args} | head -1",
                env!("CARGO_BIN_EXE_kubectl-svcx")
            ))
            .env_remove("RUST_BACKTRACE")
            .output()
            .unwrap();
        assert_eq!(
            out.status.code(),
            Some(0),
            "-o {format}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert_eq!(String::from_utf8_lossy(&out.stderr), "", "-o {format}");
        assert_eq!(String::from_utf8_lossy(&out.stdout).lines().count(), 1);
    }
}

#[test]
fn a_reader_that_goes_away_early_is_not_an_error() {
    // The read end is closed before the tool writes anything (it is still parsing), so every
    // write fails with EPIPE: this cannot pass by the output fitting into the pipe buffer.
    for args in [
        large_args("text"),
        large_args("json"),
        vec!["--help".into()],
    ] {
        let mut child = Command::new(env!("CARGO_BIN_EXE_kubectl-svcx"))
            .args(&args)
            .env_remove("RUST_BACKTRACE")
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        drop(child.stdout.take());
        let mut stderr = String::new();
        child
            .stderr
            .take()
            .unwrap()
            .read_to_string(&mut stderr)
            .unwrap();
        let status = child.wait().unwrap();
        assert_eq!(status.code(), Some(0), "{args:?}: {stderr}");
        assert_eq!(stderr, "", "{args:?}");
    }
}

#[test]
fn results_on_stdout_diagnostics_on_stderr() {
    let out = svcx()
        .args(explain_args())
        .args(["-o", "json", "-v"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).expect("stdout is only JSON");
    assert_eq!(doc["kind"], "ServiceExplanation");
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(stderr.starts_with("read 1 file(s)"), "{stderr}");

    // An error: one line on stderr, nothing on stdout, exit 2, and no backtrace even when
    // RUST_BACKTRACE asks for one.
    let out = svcx()
        .args(["explain", "nope", "-f", &scenario("named-port-partial")])
        .env("RUST_BACKTRACE", "1")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty());
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(
        stderr.starts_with("error: service \"nope\" not found"),
        "{stderr}"
    );
}

#[test]
fn version_names_the_kubernetes_api_compiled_against() {
    // The rules version is the one explain's "Rules:" line names by default.
    let want = format!(
        "kubectl-svcx {} (Kubernetes v1.36 rules, API types {})\n",
        env!("CARGO_PKG_VERSION"),
        svcx::cli::KUBE_API_VERSION
    );
    for args in [&["--version"][..], &["-V"]] {
        let out = svcx().args(args).output().unwrap();
        assert!(out.status.success());
        assert_eq!(String::from_utf8(out.stdout).unwrap(), want, "{args:?}");
    }
    // Subcommands answer too, under clap's display name (`kubectl-svcx-explain 0.1.0 ...`).
    let out = svcx().args(["explain", "--version"]).output().unwrap();
    let sub = String::from_utf8(out.stdout).unwrap();
    assert!(
        sub.starts_with("kubectl-svcx-explain ") && want.ends_with(sub.split_once(' ').unwrap().1),
        "{sub}"
    );
    // k8s-openapi 0.29's `latest` feature is v1_37 (Cargo.toml).
    assert_eq!(svcx::cli::KUBE_API_VERSION, "v1.37");
}

#[test]
fn graph_on_a_terminal_is_a_text_tree_and_svg_when_piped() {
    let args: Vec<String> = ["graph", "shop", "-n", "named-port-partial", "-f"]
        .iter()
        .map(|s| s.to_string())
        .chain([scenario("named-port-partial")])
        .collect();
    let Some(shown) = on_terminal(&args, &[("TERM", "xterm")]) else {
        return;
    };
    let text = String::from_utf8_lossy(&shown);
    assert!(
        text.contains("port http 80/TCP → targetPort http"),
        "{text}"
    );
    assert!(text.contains("▸ Node node-1 (zone eu-west-1a)"), "{text}");
    assert!(!text.contains("<svg"), "{text}");
    assert!(coloured(&shown), "a terminal gets colour");
    let piped = svcx().args(&args).output().unwrap();
    assert!(piped.status.success());
    assert!(piped.stdout.starts_with(b"<svg "), "piped: SVG");
}
