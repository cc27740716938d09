//! Generated files that are committed (completions, man pages, example output in docs): each
//! test regenerates in memory and compares. `UPDATE_GENERATED=1 cargo test --test integration`
//! (what `scripts/regenerate.sh` runs) rewrites them instead.

use std::path::{Path, PathBuf};

/// The regeneration command, for failure messages.
pub const HOW: &str = "scripts/regenerate.sh (= UPDATE_GENERATED=1 cargo test --test integration)";

/// A path in the repository.
pub fn repo(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(rel)
}

/// Whether this run rewrites generated files.
pub fn updating() -> bool {
    std::env::var_os("UPDATE_GENERATED").is_some_and(|v| !v.is_empty())
}

/// Fails when `rel` differs from `want`; rewrites it when updating.
pub fn check(rel: &str, want: &[u8]) {
    let path = repo(rel);
    if updating() {
        if std::fs::read(&path).ok().as_deref() != Some(want) {
            if let Some(dir) = path.parent() {
                std::fs::create_dir_all(dir).unwrap();
            }
            std::fs::write(&path, want).unwrap();
        }
        return;
    }
    let have = std::fs::read(&path).unwrap_or_default();
    if have != want {
        let have = String::from_utf8_lossy(&have);
        let want = String::from_utf8_lossy(want);
        let first = have
            .lines()
            .zip(want.lines())
            .position(|(h, w)| h != w)
            .unwrap_or_else(|| have.lines().count().min(want.lines().count()));
        panic!(
            "{rel} is stale (first difference at line {}); regenerate with {HOW}\n\
             committed: {:?}\ngenerated: {:?}",
            first + 1,
            have.lines().nth(first),
            want.lines().nth(first),
        );
    }
}

/// Fails when files in `dir` (relative) other than `expected` exist; removes them when updating.
pub fn no_extra_files(dir: &str, expected: &[String]) {
    let Ok(entries) = std::fs::read_dir(repo(dir)) else {
        return;
    };
    for entry in entries {
        let name = entry.unwrap().file_name().to_string_lossy().into_owned();
        if expected.contains(&name) {
            continue;
        }
        if updating() {
            std::fs::remove_file(repo(dir).join(&name)).unwrap();
        } else {
            panic!("{dir}/{name} is no longer generated; regenerate with {HOW}");
        }
    }
}
