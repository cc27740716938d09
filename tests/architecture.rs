//! The layering, enforced crudely (after just's `bin/forbid`): the pure modules never touch the
//! process's surroundings. docs/architecture.md and ../shared/docs/architecture-guide.md §10.4.
//!
//! `is_terminal` itself is not a token here: `PodPhase::is_terminal` is a Kubernetes notion
//! (a pod that will not run again). Asking whether a stream is a terminal needs the
//! `IsTerminal` trait, which is forbidden instead.

use crate::golden;

/// Layers that must stay pure: no I/O, no environment, no clock, no CLI, no async runtime.
const PURE: [&str; 4] = ["src/model", "src/analysis", "src/simulate", "src/render"];

const FORBIDDEN: [&str; 17] = [
    "tokio::",
    "std::fs",
    "std::env",
    "std::io::stdout",
    "std::io::stderr",
    "stdin()",
    "println!",
    "eprintln!",
    "clap::",
    "IsTerminal",
    "terminal_size",
    "SystemTime::now",
    "Utc::now",
    "Timestamp::now",
    "available_parallelism",
    "kube::Client",
    "kube::Api",
];

fn rust_files(dir: &std::path::Path, out: &mut Vec<std::path::PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// `(file:line, token)` for every forbidden token outside comments.
fn violations(dirs: &[&str], forbidden: &[&str]) -> Vec<(String, String)> {
    let mut found = Vec::new();
    for dir in dirs {
        let mut files = Vec::new();
        rust_files(&golden::repo(dir), &mut files);
        files.sort();
        for file in files {
            let text = std::fs::read_to_string(&file).unwrap();
            for (n, line) in text.lines().enumerate() {
                let code = line.trim_start();
                if code.starts_with("//") {
                    continue;
                }
                for token in forbidden {
                    if code.contains(token) {
                        let rel = file.strip_prefix(golden::repo("")).unwrap();
                        found.push((format!("{}:{}", rel.display(), n + 1), token.to_string()));
                    }
                }
            }
        }
    }
    found
}

#[test]
fn pure_layers_do_not_touch_the_outside() {
    let found = violations(&PURE, &FORBIDDEN);
    assert!(
        found.is_empty(),
        "pure modules must get these from cli (see docs/architecture.md): {found:#?}"
    );
}

#[test]
fn the_check_sees_what_it_forbids() {
    // The shell layers do use them, so a blind scanner would show up here.
    let found = violations(&["src/cli"], &["std::env", "IsTerminal", "clap::"]);
    for token in ["std::env", "IsTerminal", "clap::"] {
        assert!(
            found.iter().any(|(_, t)| t == token),
            "{token} not seen in src/cli: {found:?}"
        );
    }
}
