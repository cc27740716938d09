//! Shell completion: the committed scripts match the CLI, the bash script really completes, and
//! `kubectl_complete-svcx` answers kubectl's plugin-completion calls (also through a real
//! kubectl when one is installed).

// A test that cannot run here says so on stderr instead of passing silently.
#![allow(clippy::print_stderr)]

use crate::golden;
use crate::util::svcx;
use clap::{CommandFactory, ValueEnum};
use std::path::{Path, PathBuf};
use std::process::Command;
use svcx::cli::{Cli, ShellArg, completions};

#[test]
fn committed_scripts_are_current() {
    let mut names = Vec::new();
    for shell in ShellArg::value_variants() {
        let name = completions::file_name(*shell);
        let arg = shell.to_possible_value().unwrap();
        let out = svcx()
            .args(["completions", arg.get_name()])
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(out.stderr.is_empty());
        golden::check(&format!("completions/{name}"), &out.stdout);
        #[cfg(unix)]
        if *shell == ShellArg::Kubectl && golden::updating() {
            use std::os::unix::fs::PermissionsExt;
            let path = golden::repo(&format!("completions/{name}"));
            if std::fs::metadata(&path).unwrap().permissions().mode() & 0o777 != 0o755 {
                std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o755)).unwrap();
            }
        }
        names.push(name);
    }
    golden::no_extra_files("completions", &names);
}

#[cfg(unix)]
#[test]
fn helper_is_committed_executable() {
    use std::os::unix::fs::PermissionsExt;
    let mode = std::fs::metadata(golden::repo("completions/kubectl_complete-svcx"))
        .unwrap()
        .permissions()
        .mode();
    assert!(mode & 0o111 == 0o111, "mode {mode:o}: chmod +x it");
}

/// The visible subcommands of the real CLI, plus clap's `help`.
fn visible_subcommands() -> Vec<String> {
    let mut cmd = Cli::command();
    cmd.build();
    cmd.get_subcommands()
        .filter(|s| !s.is_hide_set())
        .map(|s| s.get_name().to_string())
        .collect()
}

/// A directory holding `kubectl-svcx` (the test binary) and the committed helper, as an install
/// would put them on PATH.
fn plugin_dir() -> (tempfile::TempDir, String) {
    let dir = tempfile::tempdir().unwrap();
    let bin = PathBuf::from(env!("CARGO_BIN_EXE_kubectl-svcx"));
    std::os::unix::fs::symlink(&bin, dir.path().join("kubectl-svcx")).unwrap();
    // Linked, not copied: executing a file this process just wrote races with other test
    // threads forking (a child holds the write descriptor until it execs: ETXTBSY).
    std::os::unix::fs::symlink(
        golden::repo("completions/kubectl_complete-svcx"),
        dir.path().join("kubectl_complete-svcx"),
    )
    .unwrap();
    let path = format!(
        "{}:{}",
        dir.path().display(),
        std::env::var("PATH").unwrap_or_default()
    );
    (dir, path)
}

/// Runs the helper as kubectl does: the words after `kubectl svcx`, the last being completed.
fn helper(words: &[&str]) -> (Vec<String>, String) {
    let (dir, path) = plugin_dir();
    let out = Command::new(dir.path().join("kubectl_complete-svcx"))
        .args(words)
        .env("PATH", path)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    parse(&String::from_utf8(out.stdout).unwrap())
}

/// Candidate values (descriptions dropped) and the directive line.
fn parse(stdout: &str) -> (Vec<String>, String) {
    let mut lines: Vec<&str> = stdout.lines().collect();
    let directive = lines.pop().expect("a directive line").to_string();
    let values = lines
        .iter()
        .map(|l| l.split('\t').next().unwrap().to_string())
        .collect();
    (values, directive)
}

#[test]
fn helper_answers_subcommands() {
    assert_eq!(helper(&[""]), (visible_subcommands(), ":4".into()));
    assert_eq!(helper(&["ex"]), (vec!["explain".into()], ":4".into()));
}

#[test]
fn helper_answers_flags_and_values() {
    let (flags, directive) = helper(&["explain", "--"]);
    assert_eq!(directive, ":4");
    for want in ["--filename", "--namespace", "--output", "--color", "--help"] {
        assert!(
            flags.contains(&want.to_string()),
            "{want} missing: {flags:?}"
        );
    }
    assert_eq!(
        helper(&["explain", "-o", ""]),
        (
            vec![
                "text".into(),
                "json".into(),
                "yaml".into(),
                "sarif".into(),
                "html".into()
            ],
            ":4".into()
        )
    );
    assert_eq!(
        helper(&["explain", "--color=n"]),
        (vec!["--color=never".into()], ":4".into())
    );
    // -f: file names filtered by extension, as kubectl's own -f does (directive 8).
    assert_eq!(
        helper(&["explain", "-f", ""]),
        (
            vec!["json".into(), "yaml".into(), "yml".into()],
            ":8".into()
        )
    );
}

#[test]
fn helper_answers_services_and_namespaces_from_the_files() {
    let (services, _) = helper(&[
        "explain",
        "-f",
        "examples/cluster.yaml",
        "-n",
        "selectorless-manual",
        "",
    ]);
    assert_eq!(services, ["external-cache", "external-db"]);
    let (services, _) = helper(&["explain", "-f", "examples/cluster.yaml", "sh"]);
    assert_eq!(services, ["shop"]);
    // `web` exists in several namespaces: offered as NAMESPACE/NAME, which explain accepts.
    let (services, _) = helper(&[
        "explain",
        "-f",
        "examples/cluster.yaml",
        "healthy-clusterip/",
    ]);
    assert_eq!(services, ["healthy-clusterip/web"]);
    let (namespaces, _) = helper(&["explain", "-f", "examples/cluster.yaml", "-n", "n"]);
    assert_eq!(namespaces, ["named-port-partial", "no-ready"]);
    // No -f and no cluster support yet: nothing, and no error.
    assert_eq!(helper(&["explain", ""]), (vec![], ":4".into()));
}

#[test]
fn bash_script_completes_subcommand_options() {
    if Command::new("bash").arg("--version").output().is_err() {
        eprintln!("skipped: bash is not installed");
        return;
    }
    let script = golden::repo("completions/kubectl-svcx.bash");
    let run = |words: &str, cword: usize, cur: &str, prev: &str| -> String {
        let out = Command::new("bash")
            .arg("-c")
            .arg(format!(
                "source {}; COMP_WORDS=({words}); COMP_CWORD={cword}; \
                 _kubectl__svcx kubectl-svcx '{cur}' '{prev}'; echo \"${{COMPREPLY[*]}}\"",
                script.display()
            ))
            .output()
            .unwrap();
        String::from_utf8(out.stdout).unwrap().trim().to_string()
    };
    let top = run("kubectl-svcx ''", 1, "", "kubectl-svcx");
    assert!(
        top.contains("explain") && top.contains("completions"),
        "{top}"
    );
    let sub = run("kubectl-svcx explain --", 2, "--", "explain");
    assert!(
        sub.contains("--filename") && sub.contains("--output"),
        "{sub}"
    );
    assert_eq!(
        run("kubectl-svcx explain -o ''", 3, "", "-o"),
        "text json yaml sarif html"
    );
    assert_eq!(
        run("kubectl-svcx completions ''", 2, "", "completions")
            .split(' ')
            .filter(|w| !w.starts_with('-'))
            .collect::<Vec<_>>(),
        ["bash", "zsh", "fish", "powershell", "kubectl"]
    );
}

/// `kubectl svcx <TAB>` end to end: kubectl finds the plugin and the helper on PATH.
#[test]
fn real_kubectl_completes_the_plugin() {
    let Some(kubectl) = which("kubectl") else {
        eprintln!("skipped: kubectl is not on PATH");
        return;
    };
    let (_dir, path) = plugin_dir();
    let complete = |words: &[&str]| {
        let out = Command::new(&kubectl)
            .arg("__complete")
            .args(words)
            .env("PATH", &path)
            .env("KUBECONFIG", "/nonexistent")
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .output()
            .unwrap();
        assert!(out.status.success());
        parse(&String::from_utf8(out.stdout).unwrap())
    };
    let (plugins, _) = complete(&["svc"]);
    assert!(plugins.contains(&"svcx".to_string()), "{plugins:?}");
    assert_eq!(
        complete(&["svcx", ""]),
        (visible_subcommands(), ":4".into())
    );
    assert_eq!(
        complete(&[
            "svcx",
            "explain",
            "-f",
            "examples/cluster.yaml",
            "-n",
            "etp-local",
            ""
        ]),
        (vec!["ingress-gw".into()], ":4".into())
    );
}

fn which(name: &str) -> Option<PathBuf> {
    std::env::var_os("PATH")
        .iter()
        .flat_map(std::env::split_paths)
        .map(|d| d.join(name))
        .find(|p| Path::new(p).is_file())
}
