//! `kubectl svcx graph`: the SVG parses as XML and shows every object, Graphviz accepts the DOT,
//! the Mermaid matches the grammar of the constructs we emit, and snapshots of the demo cluster.

// The skip reasons are for whoever runs the tests.
#![allow(clippy::print_stderr)]

use crate::golden;
use crate::util::svcx;
use std::collections::BTreeSet;

/// Runs `kubectl svcx ARGS` in the repository; returns stdout (exit status must be 0).
fn run(args: &[&str]) -> String {
    let out = svcx()
        .args(args)
        .current_dir(golden::repo(""))
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{args:?} exited {:?}: {}",
        out.status.code(),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

const DEMO: &str = "examples/cluster.yaml";
const FIFTY: &str = "examples/fifty-services.json";

/// Titles of the vertices and the codes on blocked arrows of an SVG.
fn svg_contents(svg: &str) -> (Vec<String>, Vec<String>) {
    let doc = roxmltree::Document::parse(svg).unwrap_or_else(|e| panic!("not XML: {e}\n{svg}"));
    let root = doc.root_element();
    assert_eq!(root.tag_name().name(), "svg");
    assert_eq!(
        root.tag_name().namespace(),
        Some("http://www.w3.org/2000/svg")
    );
    let class_of = |n: &roxmltree::Node| n.attribute("class").unwrap_or("").to_string();
    let title_of = |n: &roxmltree::Node| {
        n.children()
            .find(|c| c.has_tag_name("title"))
            .and_then(|t| t.text())
            .unwrap_or("")
            .to_string()
    };
    let vertices: Vec<String> = doc
        .descendants()
        .filter(|n| n.has_tag_name("g") && class_of(n).starts_with("vertex "))
        .map(|n| title_of(&n).lines().next().unwrap_or("").to_string())
        .collect();
    let blocked: Vec<String> = doc
        .descendants()
        .filter(|n| n.has_tag_name("g") && class_of(n) == "edge blocked")
        .map(|n| {
            let text = n
                .children()
                .find(|c| c.has_tag_name("text"))
                .and_then(|t| t.text())
                .expect("a blocked arrow has a label");
            text.strip_prefix("✗ ")
                .unwrap_or_else(|| panic!("blocked label {text:?}"))
                .to_string()
        })
        .collect();
    (vertices, blocked)
}

#[test]
fn svg_is_well_formed_and_shows_every_object() {
    let svg = run(&["graph", "-A", "-f", DEMO, "--format", "svg"]);
    let (vertices, blocked) = svg_contents(&svg);
    for want in [
        "Service stale-controller-down/cache (broken)",
        "Pod cache-7 (broken)",
        "10.244.1.4 (broken)",
        "EndpointSlice shop-rm8mf (broken)",
        "Pod shop-v1-7855fdd74f-8bkpm (ok)",
        "no pod matches the selector (broken)",
        "192.168.50.10 (ok)",
        "DNS legacy.example.com (ok)",
        "Node node-3 (ok)",
    ] {
        assert!(vertices.iter().any(|v| v == want), "{want} in {vertices:?}");
    }
    let codes: BTreeSet<&str> = blocked.iter().map(String::as_str).collect();
    assert_eq!(
        codes,
        BTreeSet::from([
            "network-policy-blocks-target-port",
            "pods-not-ready",
            "selector-matches-no-pods",
            "service-without-selector-no-endpoints",
            "slice-stale",
            "slice-without-ports",
            "terminating-endpoints",
        ])
    );
    // Every blocked label is a real finding code.
    for c in &codes {
        assert!(c.parse::<svcx::analysis::Code>().is_ok(), "{c}");
    }
}

#[test]
fn svg_of_fifty_services_holds_them_all_with_routers_and_policies() {
    let started = std::time::Instant::now();
    let svg = run(&["graph", "-n", "shop", "-f", FIFTY]);
    let elapsed = started.elapsed();
    assert!(svg.starts_with("<svg "), "piped stdout is SVG by default");
    let (vertices, blocked) = svg_contents(&svg);
    let services = vertices
        .iter()
        .filter(|v| v.starts_with("Service shop/"))
        .count();
    assert_eq!(services, 50);
    assert!(vertices.contains(&"Ingress shop/shop (broken)".to_string()));
    assert!(vertices.contains(&"HTTPRoute shop/api (ok)".to_string()));
    let codes: BTreeSet<&str> = blocked.iter().map(String::as_str).collect();
    for c in [
        "ingress-backend-missing",
        "network-policy-blocks-target-port",
        "pods-not-ready",
        "selector-matches-no-pods",
    ] {
        assert!(codes.contains(c), "{c} in {codes:?}");
    }
    assert!(svg.contains("⛨ NetworkPolicy checkout-metrics-only"));
    assert!(svg.contains("shop.example.com/cart → port 8080"));
    // docs/graph.md quotes the size; keep it in the same league.
    assert!(svg.len() < 400_000, "{} bytes", svg.len());
    assert!(elapsed.as_secs() < 20, "{elapsed:?}");
}

#[test]
fn dot_is_accepted_by_graphviz() {
    let dot = run(&["graph", "-A", "-f", DEMO, "--format", "dot", "--split"]);
    assert_eq!(dot.matches("digraph ").count(), 16, "one per Service");
    let Ok(bin) = which("dot") else {
        eprintln!(
            "SKIPPED dot_is_accepted_by_graphviz: Graphviz `dot` is not on PATH (apt-get install graphviz; .ci/run installs it)"
        );
        return;
    };
    let fifty = run(&["graph", "-n", "shop", "-f", FIFTY, "--format", "dot"]);
    for (name, text) in [("demo", &dot), ("fifty", &fifty)] {
        let mut child = std::process::Command::new(&bin)
            .arg("-Tsvg")
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        use std::io::Write;
        child
            .stdin
            .take()
            .unwrap()
            .write_all(text.as_bytes())
            .unwrap();
        let out = child.wait_with_output().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(out.status.success(), "dot rejected {name}: {stderr}");
        assert!(
            !stderr.contains("syntax error") && !stderr.contains("Error"),
            "{name}: {stderr}"
        );
        assert!(String::from_utf8_lossy(&out.stdout).contains("<svg"));
    }
}

/// The grammar of the Mermaid we emit (a subset of
/// <https://mermaid.js.org/syntax/flowchart.html>), line by line, plus the cross-references.
fn check_mermaid(text: &str) {
    let mut lines = text.lines();
    assert_eq!(lines.next(), Some("flowchart LR"), "{text}");
    let id_ok = |s: &str| {
        s.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
            && s.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
    };
    // A quoted label: no raw quote inside, and `<` only as `<br/>`.
    let label_ok = |s: &str| {
        s.starts_with('"')
            && s.ends_with('"')
            && s.len() >= 2
            && !s[1..s.len() - 1].contains('"')
            && !s[1..s.len() - 1].replace("<br/>", "").contains(['<', '>'])
    };
    let shape = |s: &str| -> Option<String> {
        let (id, rest) = s.split_once('[')?;
        let label = rest.strip_suffix(']')?;
        (id_ok(id) && label_ok(label)).then(|| id.to_string())
    };
    let mut defined = BTreeSet::new();
    let mut used = vec![];
    let mut links = 0usize;
    let mut depth = 0i32;
    let mut classes = BTreeSet::new();
    for raw in lines {
        let line = raw.trim();
        if line.is_empty() {
            continue;
        }
        if let Some(rest) = line.strip_prefix("subgraph ") {
            assert!(shape(rest).is_some(), "subgraph: {line}");
            depth += 1;
        } else if line == "end" {
            depth -= 1;
            assert!(depth >= 0, "unbalanced end");
        } else if let Some(rest) = line.strip_prefix("classDef ") {
            let (name, style) = rest.split_once(' ').expect("classDef NAME STYLE");
            assert!(
                id_ok(name) && style.split(',').all(|p| p.contains(':')),
                "{line}"
            );
            classes.insert(name.to_string());
        } else if let Some(rest) = line.strip_prefix("class ") {
            let (ids, name) = rest.rsplit_once(' ').expect("class IDS NAME");
            assert!(classes.contains(name), "class before classDef: {line}");
            used.extend(ids.split(',').map(str::to_string));
        } else if let Some(rest) = line.strip_prefix("linkStyle ") {
            let (idx, style) = rest.split_once(' ').expect("linkStyle N STYLE");
            for i in idx.split(',') {
                let i: usize = i.parse().unwrap_or_else(|_| panic!("{line}"));
                assert!(i < links, "linkStyle {i} of {links} links");
            }
            assert!(style.split(',').all(|p| p.contains(':')), "{line}");
        } else if let Some(id) = shape(line) {
            assert!(defined.insert(id), "defined twice: {line}");
        } else {
            let (from, rest) = line.split_once(' ').unwrap_or_else(|| panic!("{line}"));
            // `ARROW TO` or `ARROW|"LABEL"| TO` (the label may hold spaces).
            let (arrow, to) = match rest.rsplit_once("| ") {
                Some((a, to)) if a.contains('|') => (format!("{a}|"), to),
                _ => {
                    let (a, to) = rest.split_once(' ').unwrap_or_else(|| panic!("{line}"));
                    (a.to_string(), to)
                }
            };
            let arrow = arrow.as_str();
            let arrow_ok = match arrow.split_once('|') {
                None => arrow == "-->" || arrow == "-.->",
                Some((a, l)) => {
                    (a == "-->" || a == "-.->") && l.strip_suffix('|').is_some_and(&label_ok)
                }
            };
            assert!(
                id_ok(from) && id_ok(to) && arrow_ok,
                "not a construct we emit: {line}"
            );
            used.push(from.to_string());
            used.push(to.to_string());
            links += 1;
        }
    }
    assert_eq!(depth, 0, "unbalanced subgraph");
    for u in used {
        assert!(defined.contains(&u), "{u} used but not defined");
    }
}

#[test]
fn mermaid_follows_the_grammar_of_what_we_emit() {
    let one = run(&[
        "graph",
        "cache",
        "-n",
        "stale-controller-down",
        "-f",
        DEMO,
        "--format",
        "mermaid",
    ]);
    check_mermaid(&one);
    assert!(one.contains("-.->|\"✗ slice-stale"), "{one}");
    let fifty = run(&["graph", "-n", "shop", "-f", FIFTY, "--format", "mermaid"]);
    check_mermaid(&fifty);
    // Several graphs: Markdown with one fenced block each.
    let many = run(&["graph", "-A", "-f", DEMO, "--format", "mermaid"]);
    let blocks: Vec<&str> = many.split("```mermaid\n").skip(1).collect();
    assert_eq!(blocks.len(), 13, "one per namespace");
    for b in blocks {
        check_mermaid(b.split("```").next().unwrap());
    }
}

#[test]
#[should_panic(expected = "not a construct we emit")]
fn mermaid_checker_rejects_what_we_do_not_emit() {
    check_mermaid("flowchart LR\n  a[\"x\"]\n  b[\"y\"]\n  a ==> b\n");
}

#[test]
fn snapshot_dot_demo() {
    insta::assert_snapshot!(
        "graph_dot_demo",
        run(&["graph", "-A", "-f", DEMO, "--format", "dot"])
    );
}

#[test]
fn snapshot_mermaid_demo() {
    insta::assert_snapshot!(
        "graph_mermaid_demo",
        run(&["graph", "-A", "-f", DEMO, "--format", "mermaid"])
    );
}

#[test]
fn snapshot_text_tree_demo() {
    insta::assert_snapshot!(
        "graph_text_demo",
        run(&["graph", "-A", "-f", DEMO, "--format", "text"])
    );
}

#[test]
fn output_flag_is_refused_and_html_is_diagnose_only() {
    let out = svcx()
        .args(["graph", "-A", "-f", DEMO, "-o", "json"])
        .current_dir(golden::repo(""))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--format svg|dot|mermaid|text"));
    let out = svcx()
        .args([
            "explain",
            "web",
            "-n",
            "healthy-clusterip",
            "-f",
            DEMO,
            "-o",
            "html",
        ])
        .current_dir(golden::repo(""))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("-o html is only available for diagnose")
    );
}

/// A program on PATH.
pub(crate) fn which(name: &str) -> Result<std::path::PathBuf, ()> {
    let path = std::env::var_os("PATH").ok_or(())?;
    std::env::split_paths(&path)
        .map(|d| d.join(name))
        .find(|p| p.is_file())
        .ok_or(())
}
