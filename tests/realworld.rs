//! The real-world corpus (`<repo>/../shared/realworld/`: public manifests and peer tools'
//! fixtures, as published; not copied into this repository): `diagnose -f DIR -o json` on every
//! directory never refuses an input kubectl accepts (exit 2) and never reports the same finding
//! twice. Skipped, saying why, where the corpus is absent; `SVCX_REALWORLD=DIR` points
//! elsewhere (a git worktree has no `../shared`).

#![allow(clippy::print_stderr)] // the skip reason

use crate::util::svcx;
use serde_json::Value;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

fn corpus() -> Option<PathBuf> {
    let dir = std::env::var_os("SVCX_REALWORLD").map_or_else(
        || Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/realworld"),
        PathBuf::from,
    );
    dir.is_dir().then_some(dir)
}

/// Every directory of the corpus that holds input files, sorted.
fn input_dirs(root: &Path) -> Vec<PathBuf> {
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(root)
        .unwrap()
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| {
            p.is_dir()
                && std::fs::read_dir(p)
                    .unwrap()
                    .filter_map(Result::ok)
                    .any(|f| {
                        f.path()
                            .extension()
                            .and_then(|e| e.to_str())
                            .is_some_and(|e| matches!(e, "yaml" | "yml" | "json"))
                    })
        })
        .collect();
    dirs.sort();
    dirs
}

/// What went wrong with one directory, if anything.
fn check(dir: &Path) -> Option<String> {
    let name = dir.file_name().unwrap().to_string_lossy().to_string();
    let out = svcx()
        .args(["diagnose", "-f", dir.to_str().unwrap(), "-o", "json"])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    match out.status.code() {
        Some(0 | 1) => {}
        code => return Some(format!("{name}: exit {code:?}: {stderr}")),
    }
    let json: Value = match serde_json::from_slice(&out.stdout) {
        Ok(v) => v,
        Err(e) => return Some(format!("{name}: output is not JSON: {e}")),
    };
    // A finding is the same when it has the same code, Service, objects and message.
    let mut seen: BTreeMap<String, usize> = BTreeMap::new();
    for f in json["findings"].as_array().unwrap() {
        let key = serde_json::to_string(&[
            &f["code"],
            &f["namespace"],
            &f["service"],
            &f["objects"],
            &f["message"],
        ])
        .unwrap();
        *seen.entry(key).or_default() += 1;
    }
    let repeated: Vec<String> = seen
        .into_iter()
        .filter(|(_, n)| *n > 1)
        .map(|(k, n)| format!("{n}x {k}"))
        .collect();
    (!repeated.is_empty())
        .then(|| format!("{name}: repeated findings:\n  {}", repeated.join("\n  ")))
}

#[test]
fn every_corpus_directory_is_read_and_no_finding_repeats() {
    let Some(root) = corpus() else {
        eprintln!(
            "skipped: no real-world corpus at {}/../shared/realworld (set SVCX_REALWORLD to run it)",
            env!("CARGO_MANIFEST_DIR")
        );
        return;
    };
    let dirs = input_dirs(&root);
    assert!(
        dirs.len() > 10,
        "the corpus at {} looks empty",
        root.display()
    );
    // A few directories at a time: each run is a process of its own.
    let problems: Vec<String> = std::thread::scope(|s| {
        let handles: Vec<_> = dirs
            .chunks(dirs.len().div_ceil(4))
            .map(|chunk| s.spawn(move || chunk.iter().filter_map(|d| check(d)).collect::<Vec<_>>()))
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().unwrap())
            .collect()
    });
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
