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

mod import_graph;

/// Every `.rs` file under `src/` (but the binary root, a crate of its own), as `src/...` → text.
fn crate_sources() -> std::collections::BTreeMap<String, String> {
    let mut files = Vec::new();
    rust_files(&golden::repo("src"), &mut files);
    files
        .into_iter()
        .map(|f| {
            let rel = f.strip_prefix(golden::repo("")).unwrap();
            let key = rel.to_string_lossy().replace('\\', "/");
            (key, std::fs::read_to_string(&f).unwrap())
        })
        .filter(|(k, _)| k != "src/main.rs")
        .collect()
}

/// The crate reads top-down: no file imports a file that (through any others) imports it back.
/// docs/architecture.md rule 6.
#[test]
fn no_import_circle_between_files() {
    let edges = import_graph::edges(&crate_sources());
    let has = |from: &str, to: &str| edges.iter().any(|e| e.from == from && e.to == to);
    // The reader sees `super::` imports, `crate::` imports followed through `pub use`
    // re-exports, paths in code, and test modules kept in their own files.
    for (from, to) in [
        (
            "src/simulate/endpointslice/reconcile.rs",
            "src/simulate/endpointslice/input.rs",
        ),
        (
            "src/simulate/endpointslice/type_pass.rs",
            "src/simulate/endpointslice/placeholder.rs",
        ),
        (
            "src/simulate/endpointslice/reconcile_tests.rs",
            "src/simulate/endpointslice/reconcile.rs",
        ),
        ("src/analysis/dns_tests.rs", "src/analysis/dns.rs"),
    ] {
        assert!(has(from, to), "{from} → {to} not seen");
    }
    let circles = import_graph::circles(&edges);
    assert!(
        circles.is_empty(),
        "import circles (move what both sides need into a file below them, docs/architecture.md):\n{}",
        circles.join("\n")
    );
}

/// The folders of `simulate/` read top-down (docs/architecture.md): a file imports files of its
/// own folder or of folders ranked below it, never beside or above.
#[test]
fn simulate_folders_import_only_downward() {
    const RANK: [(&str, u8); 6] = [
        ("src/simulate/shared/", 0),
        ("src/simulate/endpointslice/", 1),
        ("src/simulate/endpoints/", 1),
        ("src/simulate/mirroring/", 2),
        ("src/simulate/whatif/", 3),
        ("src/simulate/simulation.rs", 4),
    ];
    // `simulate/mod.rs` only re-exports; importing through it (`use crate::simulate::*`) is
    // followed to the defining files, a glob of it stops there and is no rank.
    let folder = |file: &str| RANK.iter().find(|(dir, _)| file.starts_with(dir)).copied();
    let edges = import_graph::edges(&crate_sources());
    let mut upward = Vec::new();
    for e in &edges {
        if let (Some((from, r_from)), Some((to, r_to))) = (folder(&e.from), folder(&e.to))
            && from != to
            && r_to >= r_from
        {
            upward.push(format!("{}:{} → {}", e.from, e.line, e.to));
        }
    }
    let inside = edges.iter().filter(|e| folder(&e.from).is_some()).count();
    assert!(inside > 50, "only {inside} imports seen inside simulate/");
    assert!(
        upward.is_empty(),
        "simulate/ imports beside or upward: {upward:#?}"
    );
}

fn graph_of(files: &[(&str, &str)]) -> Vec<String> {
    let sources = files
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    import_graph::circles(&import_graph::edges(&sources))
}

#[test]
fn the_circle_check_sees_a_circle_through_use_and_paths() {
    let lib = "mod a;\nmod b;\nmod c;\n";
    // a → b by `use`, b → c by a path in code, c → a by `use crate::`.
    let found = graph_of(&[
        ("src/lib.rs", lib),
        ("src/a.rs", "use super::b::B;\npub struct A;\n"),
        ("src/b.rs", "pub struct B;\nfn f() { super::c::g(); }\n"),
        ("src/c.rs", "use crate::a::A;\npub fn g() {}\n"),
    ]);
    assert_eq!(found, ["src/a.rs:1 → src/b.rs:2 → src/c.rs:1 → src/a.rs"]);
    // Without the closing import there is none.
    let found = graph_of(&[
        ("src/lib.rs", lib),
        ("src/a.rs", "use super::b::B;\npub struct A;\n"),
        ("src/b.rs", "pub struct B;\nfn f() { super::c::g(); }\n"),
        (
            "src/c.rs",
            "// use crate::a::A;\nconst S: &str = \"crate::a::A\";\npub fn g() {}\n",
        ),
    ]);
    assert_eq!(found, Vec::<String>::new());
}

#[test]
fn the_circle_check_follows_reexports_and_module_aliases() {
    // A facade re-exporting its children is not a hub; the children's imports through it are
    // followed to the files that define the names, and those two import each other.
    let found = graph_of(&[
        ("src/lib.rs", "pub mod m;\n"),
        (
            "src/m/mod.rs",
            "mod x;\nmod y;\npub use x::X;\npub use self::y::{Y, helper as h};\n",
        ),
        ("src/m/x.rs", "use crate::m::Y;\npub struct X;\n"),
        (
            "src/m/y.rs",
            "use super::x;\npub struct Y;\npub fn helper() { let _ = x::X; }\n",
        ),
    ]);
    assert_eq!(found, ["src/m/x.rs:1 → src/m/y.rs:3 → src/m/x.rs"]);
    let found = graph_of(&[
        ("src/lib.rs", "pub mod m;\n"),
        (
            "src/m/mod.rs",
            "mod x;\nmod y;\npub use x::X;\npub use y::Y;\n",
        ),
        ("src/m/x.rs", "use crate::m::Y;\npub struct X;\n"),
        ("src/m/y.rs", "pub struct Y;\n"),
    ]);
    assert_eq!(found, Vec::<String>::new());
}

#[test]
fn the_circle_check_reads_test_modules_and_path_attributes() {
    // A test module in its own file (`#[path]`) imports the file it tests through `super::*`;
    // an inline one is that file. What they import from elsewhere counts.
    let files = [
        ("src/lib.rs", "mod a;\nmod b;\n"),
        (
            "src/a.rs",
            "use crate::b::helper;\npub fn f() {}\n#[cfg(test)]\n#[path = \"a_tests.rs\"]\nmod tests;\n",
        ),
        ("src/a_tests.rs", "use super::*;\nuse crate::b::Other;\n"),
        (
            "src/b.rs",
            "pub fn helper() {}\npub struct Other;\n#[cfg(test)]\nmod tests {\n    use super::*;\n    use crate::a::f;\n}\n",
        ),
    ];
    let sources = files
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    let edges: Vec<(String, String)> = import_graph::edges(&sources)
        .into_iter()
        .map(|e| (e.from, e.to))
        .collect();
    let pair = |a: &str, b: &str| (a.to_string(), b.to_string());
    assert_eq!(
        edges,
        [
            pair("src/a.rs", "src/b.rs"),
            pair("src/a_tests.rs", "src/a.rs"),
            pair("src/a_tests.rs", "src/b.rs"),
            pair("src/b.rs", "src/a.rs"),
        ]
    );
    assert_eq!(graph_of(&files), ["src/a.rs:1 → src/b.rs:6 → src/a.rs"]);
}
