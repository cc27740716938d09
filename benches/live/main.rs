//! Live-path benchmark (not a timed test): a generated cluster served by the fake API server.
//!
//! 1. The tool's `-A` read path (`kubectl-svcx fetch -A`: every Service, Pod, EndpointSlice,
//!    Endpoints and Node, paged, converted page by page) vs
//!    `kubectl get pods,services,endpointslices -A -o json`: wall time and peak RSS (GNU time's
//!    `%M`). Target: the tool's peak memory <= 25% of kubectl's.
//! 2. `kubectl-svcx explain SVC` vs `kubectl describe service SVC`, alternating runs, medians.
//!    Target: <= 0.5x kubectl's wall time.
//!
//! Run: `cargo bench --bench live` (150k pods, 10k services, 11 alternating runs), or with
//! `-- --pods N --services N --runs N`. `SVCX_BENCH_KUBECTL` picks the kubectl binary.
//! `-- --serve` only generates and serves the cluster and prints a kubeconfig path, for
//! profiling by hand (Enter stops it).
//! Without `--bench` (what `cargo test --all-targets` does) it runs a small smoke version and
//! checks the counts, so the benchmark cannot rot. Results: docs/performance.md.

#[path = "../../tests/support/fake_apiserver/mod.rs"]
mod fake_apiserver;
mod generate;

use std::ffi::OsString;
use std::io::Write;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// One measured process.
struct Measured {
    wall: Duration,
    max_rss_kib: Option<u64>,
    stdout: String,
    ok: bool,
}

/// Runs `program args`, measuring wall time and (through GNU time, when present) peak RSS.
fn measure(program: &OsString, args: &[OsString], home: &Path, keep_stdout: bool) -> Measured {
    let gnu_time = Path::new("/usr/bin/time");
    let rss_file = home.join("rss.txt");
    let mut cmd = if gnu_time.exists() {
        let mut c = Command::new(gnu_time);
        c.args(["-f", "%M", "-o"]).arg(&rss_file).arg(program);
        c
    } else {
        Command::new(program)
    };
    cmd.args(args)
        .env("HOME", home)
        .env_remove("KUBECONFIG")
        .stderr(Stdio::inherit())
        .stdout(if keep_stdout {
            Stdio::piped()
        } else {
            Stdio::null()
        });
    let start = Instant::now();
    let out = cmd.output().expect("spawn");
    let wall = start.elapsed();
    let max_rss_kib = std::fs::read_to_string(&rss_file)
        .ok()
        .and_then(|s| s.lines().last().and_then(|l| l.trim().parse().ok()));
    let _ = std::fs::remove_file(&rss_file);
    Measured {
        wall,
        max_rss_kib,
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        ok: out.status.success(),
    }
}

fn arg(args: &[String], name: &str) -> Option<usize> {
    let i = args.iter().position(|a| a == name)?;
    args.get(i + 1)?.parse().ok()
}

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn mib(kib: Option<u64>) -> String {
    kib.map_or_else(
        || "n/a".to_string(),
        |k| format!("{:.0} MiB", k as f64 / 1024.0),
    )
}

/// Peak memory per pod: what the issue "lean model" tracks for the live `-A` read (the whole
/// process's peak, divided by the pods read).
fn per_pod(kib: Option<u64>, pods: usize) -> String {
    kib.map_or_else(
        || "n/a".to_string(),
        |k| format!("{:.0} bytes", k as f64 * 1024.0 / pods.max(1) as f64),
    )
}

fn kubectl_present(kubectl: &OsString) -> bool {
    Command::new(kubectl)
        .args(["version", "--client"])
        .output()
        .is_ok_and(|o| o.status.success())
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let full = args.iter().any(|a| a == "--bench");
    let services = arg(&args, "--services").unwrap_or(if full { 10_000 } else { 100 });
    let pods = arg(&args, "--pods").unwrap_or(if full { 150_000 } else { 1_500 });
    let runs = arg(&args, "--runs").unwrap_or(if full { 11 } else { 1 });
    let kubectl: OsString =
        std::env::var_os("SVCX_BENCH_KUBECTL").unwrap_or_else(|| "kubectl".into());
    let tool: OsString = env!("CARGO_BIN_EXE_kubectl-svcx").into();
    let mut out = std::io::stdout().lock();

    let t0 = Instant::now();
    let generated = generate::cluster(services, pods);
    let generate::Generated {
        store,
        namespaces,
        sample: (ns, name),
    } = generated;
    let counts: Vec<(&str, usize)> = ["services", "pods", "endpointslices", "endpoints", "nodes"]
        .into_iter()
        .map(|p| (p, store.count(&fake_apiserver::resource(p))))
        .collect();
    let count = |p: &str| counts.iter().find(|(k, _)| *k == p).map_or(0, |(_, n)| *n);
    let expected = format!(
        "scope=all services={} pods={} endpointslices={} endpoints={} nodes={} serverVersion=v1.32",
        count("services"),
        count("pods"),
        count("endpointslices"),
        count("endpoints"),
        count("nodes"),
    );
    let server = fake_apiserver::FakeApiServer::start(store);
    let kubeconfig: OsString = server.kubeconfig().into();
    let home = server.dir().to_path_buf();
    writeln!(
        out,
        "generated {} pods, {} services, {} slices in {} namespaces ({:.1?}); fake API server at {}",
        server.store().count(&fake_apiserver::resource("pods")),
        server.store().count(&fake_apiserver::resource("services")),
        server.store().count(&fake_apiserver::resource("endpointslices")),
        namespaces,
        t0.elapsed(),
        server.url()
    )
    .unwrap();
    if args.iter().any(|a| a == "--serve") {
        writeln!(
            out,
            "kubeconfig: {}\npress Enter to stop",
            server.kubeconfig().display()
        )
        .unwrap();
        out.flush().unwrap();
        let mut line = String::new();
        let _ = std::io::stdin().read_line(&mut line);
        return;
    }
    let has_kubectl = kubectl_present(&kubectl);
    if !has_kubectl {
        writeln!(
            out,
            "kubectl ({kubectl:?}) not found: measuring the tool only"
        )
        .unwrap();
    }

    // 1. -A: the tool's paged read vs kubectl's list.
    let kc = |a: &[&str]| -> Vec<OsString> {
        let mut v: Vec<OsString> = vec!["--kubeconfig".into(), kubeconfig.clone()];
        v.extend(a.iter().map(OsString::from));
        v
    };
    let tool_all = measure(&tool, &kc(&["fetch", "-A"]), &home, true);
    assert!(tool_all.ok, "kubectl-svcx fetch -A failed");
    assert_eq!(
        tool_all.stdout.trim(),
        expected,
        "the tool read a different cluster"
    );
    writeln!(
        out,
        "\n| -A read ({} pods) | wall | peak RSS |\n|---|---|---|",
        count("pods")
    )
    .unwrap();
    writeln!(
        out,
        "| kubectl-svcx fetch -A | {:.2?} | {} ({} per pod) |",
        tool_all.wall,
        mib(tool_all.max_rss_kib),
        per_pod(tool_all.max_rss_kib, count("pods"))
    )
    .unwrap();
    // `snapshot -A` (the same read, written as a gzipped file): time, peak memory, file size.
    let snap_file = home.join("snapshot.json.gz");
    let mut snap_args = kc(&["snapshot", "-A", "--output-file"]);
    snap_args.push(snap_file.clone().into_os_string());
    let snap = measure(&tool, &snap_args, &home, false);
    assert!(snap.ok, "kubectl-svcx snapshot -A failed");
    let gz_bytes = std::fs::metadata(&snap_file).map_or(0, |m| m.len());
    // ... and read back: `fetch -A -f` must count what the live read counted.
    let back = measure(
        &tool,
        &[
            "fetch".into(),
            "-f".into(),
            snap_file.clone().into_os_string(),
        ],
        &home,
        true,
    );
    assert!(back.ok, "kubectl-svcx fetch -f snapshot failed");
    assert_eq!(
        back.stdout.trim(),
        expected,
        "the snapshot holds a different cluster"
    );
    writeln!(
        out,
        "| kubectl-svcx snapshot -A --output-file x.json.gz | {:.2?} | {} | file {:.1} MB |",
        snap.wall,
        mib(snap.max_rss_kib),
        gz_bytes as f64 / 1e6
    )
    .unwrap();
    if has_kubectl {
        server.clear_requests();
        let k = measure(
            &kubectl,
            &kc(&["get", "pods,services,endpointslices", "-A", "-o", "json"]),
            &home,
            false,
        );
        assert!(k.ok, "kubectl get -A failed");
        writeln!(
            out,
            "| kubectl get pods,services,endpointslices -A -o json | {:.2?} | {} |",
            k.wall,
            mib(k.max_rss_kib)
        )
        .unwrap();
        if let (Some(a), Some(b)) = (tool_all.max_rss_kib, k.max_rss_kib) {
            writeln!(
                out,
                "\npeak memory: tool / kubectl = {:.1}% (target <= 25%); wall: {:.2}x",
                100.0 * a as f64 / b as f64,
                tool_all.wall.as_secs_f64() / k.wall.as_secs_f64()
            )
            .unwrap();
        }
    }

    // 2. explain vs describe, alternating.
    let mut ex = Vec::new();
    let mut desc = Vec::new();
    for _ in 0..runs {
        let e = measure(&tool, &kc(&["explain", &name, "-n", &ns]), &home, false);
        assert!(e.ok, "explain failed");
        ex.push(e.wall);
        if has_kubectl {
            let d = measure(
                &kubectl,
                &kc(&["describe", "service", &name, "-n", &ns]),
                &home,
                false,
            );
            assert!(d.ok, "describe failed");
            desc.push(d.wall);
        }
    }
    writeln!(
        out,
        "\n| {ns}/{name}, {runs} alternating runs | median wall |\n|---|---|\n| kubectl-svcx explain | {:.1?} |",
        median(ex.clone())
    )
    .unwrap();
    if has_kubectl {
        let (e, d) = (median(ex), median(desc));
        writeln!(
            out,
            "| kubectl describe service | {d:.1?} |\n\nexplain / describe = {:.2}x (target <= 0.5x)",
            e.as_secs_f64() / d.as_secs_f64()
        )
        .unwrap();
    }
    if !full {
        writeln!(
            out,
            "\n(smoke run; `cargo bench --bench live` runs the full size)"
        )
        .unwrap();
    }
}
