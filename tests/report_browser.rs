//! `diagnose -o html` in a real browser: headless Chromium (Debian's `chromium`; `.ci/run`
//! installs it) loads the report from disk and the test checks, through `--dump-dom` (the DOM
//! after the page's script ran) and Chromium's NetLog, that every finding is there, that the
//! severity filter hides what it should, and that no request left the page. It also takes the
//! screenshots docs/report.md and docs/graph.md show (`UPDATE_GENERATED=1` rewrites them).
//! Without Chromium the tests say so and pass.

// The skip reasons are for whoever runs the tests.
#![allow(clippy::print_stderr)]

use crate::golden;
use crate::graph::which;
use crate::util::svcx;
use std::path::{Path, PathBuf};
use std::process::Command;

const DEMO: &str = "examples/cluster.yaml";

fn chromium() -> Option<PathBuf> {
    ["chromium", "chromium-browser", "google-chrome"]
        .iter()
        .find_map(|n| which(n).ok())
}

macro_rules! need_chromium {
    ($test:literal) => {
        match chromium() {
            Some(bin) => bin,
            None => {
                eprintln!(
                    "SKIPPED {}: no chromium on PATH (apt-get install chromium; .ci/run installs it)",
                    $test
                );
                return;
            }
        }
    };
}

/// Runs headless Chromium with a fresh profile in `dir` on `url` with `extra` flags; returns
/// stdout. Background networking of the browser itself is turned off as far as flags allow;
/// what remains is told apart from the page's requests in [`page_requests`].
fn browse(bin: &Path, dir: &Path, extra: &[&str], url: &str) -> String {
    let profile = tempfile::tempdir_in(dir).unwrap();
    let out = Command::new("timeout")
        .arg("60")
        .arg(bin)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            "--hide-scrollbars",
        ])
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .args(extra)
        .arg(url)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "chromium {extra:?} {url} exited {:?}: {}",
        out.status.code(),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// Writes the demo cluster's report into `dir`; returns its path.
fn report(dir: &Path) -> PathBuf {
    let out = svcx()
        .args(["diagnose", "-A", "-f", DEMO, "-o", "html"])
        .env("SOURCE_DATE_EPOCH", "1764000000")
        .current_dir(golden::repo(""))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "errors found: exit 1");
    let path = dir.join("report.html");
    std::fs::write(&path, &out.stdout).unwrap();
    path
}

/// (service, code) of every finding of the demo cluster, from `-o json`.
fn expected_findings() -> Vec<(String, String)> {
    let out = svcx()
        .args(["diagnose", "-A", "-f", DEMO, "-o", "json"])
        .current_dir(golden::repo(""))
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let mut found: Vec<(String, String)> = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                format!(
                    "{}/{}",
                    f["namespace"].as_str().unwrap(),
                    f["service"].as_str().unwrap_or("")
                ),
                f["code"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    found.sort();
    found
}

/// The value of attribute `name` in the tag text `tag`.
fn attr<'a>(tag: &'a str, name: &str) -> Option<&'a str> {
    let start = tag.find(&format!(" {name}=\""))? + name.len() + 3;
    let len = tag[start..].find('"')?;
    Some(&tag[start..start + len])
}

/// Every `<li class="finding ...">` of a dumped DOM: (service, code, severity, hidden).
fn findings_in_dom(dom: &str) -> Vec<(String, String, String, bool)> {
    let mut out = vec![];
    let mut service = String::new();
    let mut rest = dom;
    while let Some(i) = rest.find('<') {
        rest = &rest[i..];
        let end = rest.find('>').unwrap_or(rest.len());
        let tag = &rest[..end];
        if tag.starts_with("<article class=\"service-card") {
            service = attr(tag, "data-service").unwrap_or("").to_string();
        } else if tag.starts_with("<li class=\"finding ") {
            out.push((
                service.clone(),
                attr(tag, "data-code").unwrap().to_string(),
                attr(tag, "data-severity").unwrap().to_string(),
                tag.contains(" hidden"),
            ));
        }
        rest = &rest[1..];
    }
    out
}

/// URLs the page (not the browser's own background services) asked the network for, from a
/// NetLog: request jobs whose initiator is a page origin. A `file://` page's origin is opaque
/// (`null`); the browser's own requests say `not an origin`.
fn page_requests(netlog: &Path) -> Vec<String> {
    let text = std::fs::read_to_string(netlog).unwrap();
    // Chromium may stop before closing the JSON; close it.
    let v: serde_json::Value = serde_json::from_str(&text)
        .or_else(|_| {
            let t = text.trim_end().trim_end_matches(',');
            serde_json::from_str(&format!("{t}]}}"))
        })
        .unwrap_or_else(|e| panic!("NetLog unreadable: {e}"));
    let start_job = v["constants"]["logEventTypes"]["URL_REQUEST_START_JOB"]
        .as_u64()
        .expect("NetLog constants");
    v["events"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["type"].as_u64() == Some(start_job))
        .filter(|e| e["params"]["initiator"].as_str() != Some("not an origin"))
        .filter_map(|e| e["params"]["url"].as_str().map(str::to_string))
        .filter(|u| !u.starts_with("file:"))
        .collect()
}

#[test]
fn html_report_in_headless_chromium() {
    let bin = need_chromium!("html_report_in_headless_chromium");
    let started = std::time::Instant::now();
    let dir = tempfile::tempdir().unwrap();
    let path = report(dir.path());
    let url = format!("file://{}", path.display());
    let want = expected_findings();
    assert_eq!(want.len(), 16, "{want:?}");

    // 1. Everything shown, no request from the page.
    let netlog = dir.path().join("net.json");
    let dom = browse(
        &bin,
        dir.path(),
        &[&format!("--log-net-log={}", netlog.display()), "--dump-dom"],
        &url,
    );
    let shown = findings_in_dom(&dom);
    let mut got: Vec<(String, String)> = shown
        .iter()
        .map(|(s, c, _, _)| (s.clone(), c.clone()))
        .collect();
    got.sort();
    assert_eq!(got, want, "every finding, under its Service");
    assert!(
        shown.iter().all(|f| !f.3),
        "nothing hidden without a filter"
    );
    assert!(dom.contains("16 of 16 findings shown"), "the script ran");
    assert!(
        !dom.contains("id=\"filters\" aria-label=\"Filters\" hidden"),
        "filters shown by the script"
    );
    assert_eq!(
        page_requests(&netlog),
        Vec::<String>::new(),
        "no request left the page"
    );

    // 2. The severity filter (its state from the URL fragment, as a shared link would set it).
    let dom = browse(
        &bin,
        dir.path(),
        &["--dump-dom"],
        &format!("{url}#severity=error"),
    );
    let filtered = findings_in_dom(&dom);
    assert_eq!(filtered.len(), 16);
    for (service, code, severity, hidden) in &filtered {
        assert_eq!(*hidden, severity != "error", "{service} {code} {severity}");
    }
    assert!(dom.contains("4 of 16 findings shown"));
    // A Service left with only hidden findings is hidden whole.
    let card: Vec<&str> = dom
        .split("<article ")
        .map(|a| a.split('>').next().unwrap())
        .filter(|tag| tag.contains("data-service=\"etp-local/ingress-gw\""))
        .collect();
    assert_eq!(card.len(), 1);
    assert!(
        card[0].contains(" hidden"),
        "a warning-only Service is hidden under severity=error: {card:?}"
    );
    // Search and namespace narrow too.
    let dom = browse(
        &bin,
        dir.path(),
        &["--dump-dom"],
        &format!("{url}#namespace=stale-controller-down&q=cache-7"),
    );
    let visible: Vec<String> = findings_in_dom(&dom)
        .into_iter()
        .filter(|f| !f.3)
        .map(|f| f.1)
        .collect();
    assert_eq!(visible, ["slice-stale"]);

    // 3. The screenshot docs/report.md shows.
    let shot = dir.path().join("report.png");
    browse(
        &bin,
        dir.path(),
        &[
            &format!("--screenshot={}", shot.display()),
            "--window-size=1280,2000",
        ],
        &url,
    );
    keep_picture(&shot, "docs/img/report.png");
    let elapsed = started.elapsed();
    assert!(elapsed.as_secs() < 30, "the browser test took {elapsed:?}");
}

#[test]
fn page_request_detector_sees_requests() {
    // The check above must be able to fail: a page that fetches is caught.
    let bin = need_chromium!("page_request_detector_sees_requests");
    let dir = tempfile::tempdir().unwrap();
    let page = dir.path().join("fetches.html");
    std::fs::write(
        &page,
        "<!DOCTYPE html><html><body><img src=\"http://example.invalid/x.png\"></body></html>",
    )
    .unwrap();
    let netlog = dir.path().join("net.json");
    browse(
        &bin,
        dir.path(),
        &[&format!("--log-net-log={}", netlog.display()), "--dump-dom"],
        &format!("file://{}", page.display()),
    );
    assert_eq!(page_requests(&netlog), ["http://example.invalid/x.png"]);
}

#[test]
fn graph_pictures_for_the_docs() {
    let bin = need_chromium!("graph_pictures_for_the_docs");
    let dir = tempfile::tempdir().unwrap();
    for (args, rel, scale) in [
        (
            &["graph", "cache", "-n", "stale-controller-down", "-f", DEMO][..],
            "docs/img/graph-stale-cache.png",
            "1",
        ),
        (
            &["graph", "shop", "-n", "named-port-partial", "-f", DEMO][..],
            "docs/img/graph-named-port.png",
            "1",
        ),
        (
            &["graph", "-n", "shop", "-f", "examples/fifty-services.json"][..],
            "docs/img/graph-fifty-services.png",
            "0.6",
        ),
    ] {
        let out = svcx()
            .args(args)
            .current_dir(golden::repo(""))
            .output()
            .unwrap();
        assert!(out.status.success());
        let svg = String::from_utf8(out.stdout).unwrap();
        let doc = roxmltree::Document::parse(&svg).unwrap();
        let size = |a: &str| -> u32 {
            doc.root_element()
                .attribute(a)
                .unwrap()
                .parse::<f64>()
                .unwrap()
                .ceil() as u32
        };
        let file = dir.path().join("graph.svg");
        std::fs::write(&file, &svg).unwrap();
        let shot = dir.path().join("graph.png");
        browse(
            &bin,
            dir.path(),
            &[
                &format!("--screenshot={}", shot.display()),
                &format!("--window-size={},{}", size("width"), size("height")),
                &format!("--force-device-scale-factor={scale}"),
            ],
            &format!("file://{}", file.display()),
        );
        keep_picture(&shot, rel);
    }
}

/// Checks that `shot` is a PNG; when regenerating, copies it to `rel` in the repository,
/// otherwise requires `rel` to be committed (pixels differ between machines' fonts, so they are
/// not compared).
fn keep_picture(shot: &Path, rel: &str) {
    let png = std::fs::read(shot).unwrap();
    assert!(png.starts_with(b"\x89PNG\r\n\x1a\n"), "{rel}: not a PNG");
    assert!(
        png.len() > 10_000,
        "{rel}: {} bytes, nearly empty",
        png.len()
    );
    let target = golden::repo(rel);
    if golden::updating() {
        std::fs::create_dir_all(target.parent().unwrap()).unwrap();
        std::fs::write(&target, &png).unwrap();
    } else {
        assert!(target.is_file(), "{rel} missing: run {}", golden::HOW);
    }
}
