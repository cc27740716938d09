//! How a watch ends: `--until converged` (exit 0 when met, 1 when --timeout comes first),
//! SIGINT (the summary is still printed), and the terminal view (tmux), restored on `q`.

// A test that cannot run here says so on stderr instead of passing silently.
#![allow(clippy::print_stderr)]

use super::*;
use crate::live::watch_fake::wait_for_watch;
use crate::support::fake_apiserver::Script;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// A fake whose first pod is not ready (and its endpoint says so): not converged.
fn unready() -> FakeApiServer {
    let server = fake();
    let t = server.timeline();
    set_pod_ready(&t, OLD[0], false);
    set_endpoint(&t, OLD[0], false, false, false);
    server
}

fn types(out: &str) -> Vec<String> {
    out.lines()
        .map(|l| {
            serde_json::from_str::<Value>(l).unwrap()["type"]
                .as_str()
                .unwrap()
                .to_string()
        })
        .collect()
}

#[test]
fn until_converged_exits_0_as_soon_as_it_is() {
    let server = unready();
    let timeline = server.timeline();
    let kubeconfig = server.kubeconfig().to_path_buf();
    let started = Instant::now();
    let run = std::thread::spawn(move || {
        crate::util::svcx()
            .arg("--kubeconfig")
            .arg(kubeconfig)
            .args([
                "explain",
                "web",
                "-n",
                NS,
                "-w",
                "--until",
                "converged",
                "--timeout",
                "30s",
            ])
            .output()
            .unwrap()
    });
    wait_for_watch(&server, "endpointslices", 1);
    Script::new()
        .at(100, |t| set_pod_ready(t, OLD[0], true))
        .at(300, |t| set_endpoint(t, OLD[0], true, true, false))
        .play(timeline)
        .join()
        .unwrap();
    let out = run.join().unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        started.elapsed() < Duration::from_secs(15),
        "it waited for the timeout"
    );
    let out = String::from_utf8(out.stdout).unwrap();
    assert_eq!(
        types(&out),
        [
            "pod-ready",
            "endpoint-condition",
            "endpoint-condition",
            "converged",
            "summary"
        ]
    );
    let summary: Value = serde_json::from_str(out.lines().last().unwrap()).unwrap();
    assert_eq!(summary["converged"], json!(true));
    // The watch ended at the converged instant.
    assert_eq!(
        summary["end"],
        serde_json::from_str::<Value>(out.lines().nth(3).unwrap()).unwrap()["time"]
    );
}

#[test]
fn until_converged_exits_1_when_the_timeout_comes_first() {
    let server = unready();
    let (code, out, err) = watch(&server, &["--until", "converged", "--timeout", "1500ms"]);
    assert_eq!(code, Some(1), "{err}");
    assert_eq!(types(&out), ["summary"]);
    let summary: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(summary["converged"], json!(false));
    assert_eq!(summary["seconds"], json!(1.5));
    assert_eq!(summary["ports"][0]["minReady"], json!(2));
}

#[test]
fn sigint_prints_the_summary() {
    let server = fake();
    let child = Command::new(env!("CARGO_BIN_EXE_kubectl-svcx"))
        .arg("--kubeconfig")
        .arg(server.kubeconfig())
        .args(["explain", "web", "-n", NS, "-w"])
        .env_remove("KUBECONFIG")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    wait_for_watch(&server, "endpointslices", 1);
    set_pod_ready(&server.timeline(), OLD[1], false);
    std::thread::sleep(Duration::from_millis(300));
    let kill = Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(kill.success());
    let out = child.wait_with_output().unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let out = String::from_utf8(out.stdout).unwrap();
    assert_eq!(types(&out), ["converged", "pod-not-ready", "summary"]);
}

/// Runs `cmd` in a detached tmux session of 150x45; `None` (with the reason) without tmux.
fn tmux(session: &str, cmd: &str) -> Option<()> {
    let ok = Command::new("tmux")
        .args([
            "new-session",
            "-d",
            "-s",
            session,
            "-x",
            "150",
            "-y",
            "45",
            cmd,
        ])
        .env_remove("TMUX")
        .status()
        .is_ok_and(|s| s.success());
    if !ok {
        eprintln!("skipped: tmux is not installed (.ci/run installs it)");
        return None;
    }
    Some(())
}

fn capture(session: &str) -> String {
    let out = Command::new("tmux")
        .args(["capture-pane", "-p", "-t", session])
        .output()
        .unwrap();
    String::from_utf8(out.stdout).unwrap()
}

/// Waits until the pane shows `text`; returns the pane.
fn wait_for(session: &str, text: &str) -> String {
    let start = Instant::now();
    loop {
        let pane = capture(session);
        if pane.contains(text) {
            return pane;
        }
        assert!(
            start.elapsed() < Duration::from_secs(20),
            "no {text:?} in:\n{pane}"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// Clock times, lags and the server's port vary from run to run.
fn mask(pane: &str) -> String {
    let mut out = String::new();
    for line in pane.lines() {
        let mut l = String::new();
        let mut chars = line.char_indices().peekable();
        // HH:MM:SS.mmm -> hh:mm:ss.mmm
        while let Some((i, c)) = chars.next() {
            let rest = &line[i..];
            let b = rest.as_bytes();
            if b.len() >= 12
                && b[2] == b':'
                && b[5] == b':'
                && b[8] == b'.'
                && [0, 1, 3, 4, 6, 7, 9, 10, 11]
                    .iter()
                    .all(|k| b[*k].is_ascii_digit())
            {
                l.push_str("hh:mm:ss.mmm");
                for _ in 0..11 {
                    chars.next();
                }
            } else {
                l.push(c);
            }
        }
        let l = regex_lite_replace(&l, "(lag ", " ms)", "(lag N ms)");
        // The summary's durations and lags.
        let l = if l.starts_with("  watched:") || l.starts_with("  lag:") {
            let mut m = String::new();
            for c in l.chars() {
                if !c.is_ascii_digit() {
                    m.push(c);
                } else if !m.ends_with('N') {
                    m.push('N');
                }
            }
            m
        } else {
            l
        };
        let l = regex_lite_replace(&l, "https://127.0.0.1:", " ", "https://127.0.0.1:PORT ");
        out.push_str(l.trim_end());
        out.push('\n');
    }
    out.trim_end().to_string()
}

/// Replaces every `start...end` span by `with`.
fn regex_lite_replace(s: &str, start: &str, end: &str, with: &str) -> String {
    let mut out = String::new();
    let mut rest = s;
    while let Some(i) = rest.find(start) {
        let Some(j) = rest[i + start.len()..].find(end) else {
            break;
        };
        out.push_str(&rest[..i]);
        out.push_str(with);
        rest = &rest[i + start.len() + j + end.len()..];
    }
    out.push_str(rest);
    out
}

#[test]
fn the_terminal_view_redraws_in_place_and_q_restores_the_terminal() {
    let server = fake();
    let session = format!("svcx-watch-{}", std::process::id());
    let cmd = format!(
        "env -u KUBECONFIG -u NO_COLOR TERM=xterm '{}' --kubeconfig '{}' explain web -n {NS} -w --color never; echo EXIT=$?; sleep 60",
        env!("CARGO_BIN_EXE_kubectl-svcx"),
        server.kubeconfig().display()
    );
    if tmux(&session, &cmd).is_none() {
        return;
    }
    let _kill = KillSession(session.clone());
    wait_for_watch(&server, "endpointslices", 1);
    wait_for(&session, "converged: yes");
    let t = server.timeline();
    set_pod_ready(&t, OLD[2], false);
    std::thread::sleep(Duration::from_millis(200));
    set_endpoint(&t, OLD[2], false, false, false);
    let pane = wait_for(&session, "serving true -> false");
    insta::assert_snapshot!("watch_terminal_view", mask(&pane));
    Command::new("tmux")
        .args(["send-keys", "-t", &session, "q"])
        .status()
        .unwrap();
    let pane = wait_for(&session, "EXIT=0");
    // The alternate screen is gone: only the summary (and the shell's line) remain.
    assert!(!pane.contains("TRANSITIONS"), "{pane}");
    insta::assert_snapshot!("watch_terminal_summary", mask(&pane));
}

struct KillSession(String);

impl Drop for KillSession {
    fn drop(&mut self) {
        let _ = Command::new("tmux")
            .args(["kill-session", "-t", &self.0])
            .status();
    }
}
