//! `explain -w` per-event cost: the tracker (diff, outage counting, staleness evaluations)
//! following a rolling update of N pods, with no server in the way.
//!
//! Each old pod is replaced by a new one in 8 events (new pod added, its endpoint added, pod
//! ready, endpoint ready, old pod terminating, endpoint terminating, old pod deleted, endpoint
//! removed), 1 ms of watch time apart; slices hold 100 endpoints. Reports events per second,
//! the per-event time (mean, p99, max), how it scales from N/5 to N pods, and peak RSS.
//!
//! Run: `cargo bench --bench watch` (5,000 pods) or `-- --pods N`. Without `--bench` (what
//! `cargo test --all-targets` does) it runs 200 pods as a smoke test. Results:
//! docs/performance.md.

use jiff::{SignedDuration, Timestamp};
use std::time::{Duration, Instant};
use svcx::analysis::watch::{Tracker, WatchOptions};
use svcx::model::{
    AddressType, Cluster, ControllerRules, Endpoint, EndpointConditions, EndpointPort,
    EndpointSlice, IpFamily, ObjectRef, Observed, Pod, PodCondition, PodPhase, PodTimes, Protocol,
    Service, ServicePort, TargetPort, WatchChange,
};
use svcx::simulate::SimConfig;

const NS: &str = "bench";
const PER_SLICE: usize = 100;

fn labels() -> svcx::model::Labels {
    [("app".into(), "web".into())].into_iter().collect()
}

fn service() -> Service {
    Service {
        namespace: NS.into(),
        name: "web".into(),
        uid: "uid-web".into(),
        cluster_ip: Some("10.96.0.10".into()),
        cluster_ips: vec!["10.96.0.10".into()],
        ip_families: vec![IpFamily::V4],
        selector: Some(labels()),
        ports: vec![ServicePort {
            name: "http".into(),
            protocol: Protocol::Tcp,
            port: 80,
            target_port: TargetPort::Number(8080),
            node_port: None,
            app_protocol: None,
        }],
        ..Service::default()
    }
}

fn ip(n: usize) -> String {
    format!("10.{}.{}.{}", 1 + n / 65536, (n / 256) % 256, n % 256)
}

fn pod(name: &str, n: usize, ready: bool, deleting: bool) -> Pod {
    Pod {
        namespace: NS.into(),
        name: name.into(),
        uid: format!("uid-{name}").into(),
        labels: labels().into(),
        node_name: Some("node-1".into()),
        phase: PodPhase::Running,
        pod_ip: Some(ip(n).into()),
        listed_ips: vec![ip(n).into()],
        conditions: vec![PodCondition::new(
            "Ready",
            if ready { "True" } else { "False" },
        )],
        deleting,
        ..Pod::default()
    }
}

fn endpoint(name: &str, n: usize, ready: bool, terminating: bool) -> Endpoint {
    Endpoint {
        addresses: [ip(n).into()].into_iter().collect(),
        conditions: EndpointConditions {
            ready: Some(ready),
            serving: Some(ready || terminating),
            terminating: Some(terminating),
        },
        node_name: Some("node-1".into()),
        target_ref: Some(ObjectRef {
            kind: "Pod".into(),
            namespace: NS.into(),
            name: name.into(),
            uid: format!("uid-{name}").into(),
        }),
        ..Endpoint::default()
    }
}

fn slice(s: usize, endpoints: Vec<Endpoint>) -> EndpointSlice {
    EndpointSlice {
        namespace: NS.into(),
        name: compact_str::format_compact!("web-{s}"),
        labels: [
            ("kubernetes.io/service-name".into(), "web".into()),
            (
                "endpointslice.kubernetes.io/managed-by".into(),
                "endpointslice-controller.k8s.io".into(),
            ),
        ]
        .into_iter()
        .collect(),
        address_type: Some(AddressType::IPv4),
        ports: vec![EndpointPort {
            name: Some("http".into()),
            port: Some(8080),
            protocol: Protocol::Tcp,
            app_protocol: None,
        }],
        endpoints,
        ..EndpointSlice::default()
    }
}

struct Run {
    events: usize,
    total: Duration,
    mean_us: f64,
    p99_us: f64,
    max_us: f64,
    transitions: usize,
}

fn roll(pods: usize) -> Run {
    let t0 = Timestamp::from_second(1_800_000_000).unwrap();
    let times = PodTimes::default();
    let mut slices: Vec<EndpointSlice> = (0..pods.div_ceil(PER_SLICE))
        .map(|s| {
            let eps = (s * PER_SLICE..((s + 1) * PER_SLICE).min(pods))
                .map(|i| endpoint(&format!("old-{i}"), i, true, false))
                .collect();
            slice(s, eps)
        })
        .collect();
    let mut initial = vec![Observed::Service(service())];
    initial
        .extend((0..pods).map(|i| Observed::Pod(pod(&format!("old-{i}"), i, true, false), times)));
    initial.extend(slices.iter().cloned().map(Observed::EndpointSlice));
    let known = Cluster {
        pods_known: true,
        endpoint_slices_known: true,
        endpoints_known: true,
        ..Cluster::default()
    };
    let opts = WatchOptions {
        sim: SimConfig::new(100, ControllerRules::default()).unwrap(),
        stale_after: SignedDuration::from_secs(5),
    };
    let (mut tracker, first) = Tracker::new(initial, known, t0, opts);
    let mut transitions = first.len();
    let mut costs: Vec<Duration> = Vec::with_capacity(pods * 8);
    let mut clock = 0i64;
    let mut apply = |tracker: &mut Tracker, c: WatchChange, costs: &mut Vec<Duration>| {
        clock += 1;
        let at = t0 + SignedDuration::from_millis(clock);
        let start = Instant::now();
        let out = tracker.apply(at, c);
        costs.push(start.elapsed());
        out.len()
    };
    let started = Instant::now();
    for i in 0..pods {
        let s = i / PER_SLICE;
        let (old, new) = (format!("old-{i}"), format!("new-{i}"));
        let n = pods + i;
        let up = |p: Pod| WatchChange::Upserted(Observed::Pod(p, times));
        transitions += apply(&mut tracker, up(pod(&new, n, false, false)), &mut costs);
        slices[s].endpoints.push(endpoint(&new, n, false, false));
        let sl = |s: &EndpointSlice| WatchChange::Upserted(Observed::EndpointSlice(s.clone()));
        transitions += apply(&mut tracker, sl(&slices[s]), &mut costs);
        transitions += apply(&mut tracker, up(pod(&new, n, true, false)), &mut costs);
        *slices[s].endpoints.last_mut().unwrap() = endpoint(&new, n, true, false);
        transitions += apply(&mut tracker, sl(&slices[s]), &mut costs);
        transitions += apply(&mut tracker, up(pod(&old, i, true, true)), &mut costs);
        let at = slices[s]
            .endpoints
            .iter()
            .position(|e| e.target_ref.as_ref().unwrap().name == old)
            .unwrap();
        slices[s].endpoints[at] = endpoint(&old, i, false, true);
        transitions += apply(&mut tracker, sl(&slices[s]), &mut costs);
        let gone = WatchChange::Deleted(Observed::Pod(pod(&old, i, false, true), times));
        transitions += apply(&mut tracker, gone, &mut costs);
        slices[s].endpoints.remove(at);
        transitions += apply(&mut tracker, sl(&slices[s]), &mut costs);
    }
    let total = started.elapsed();
    let (_, summary) = tracker.finish(t0 + SignedDuration::from_millis(clock + 1));
    assert_eq!(
        summary
            .counts
            .iter()
            .find(|(t, _)| *t == "pod-added")
            .unwrap()
            .1,
        pods
    );
    costs.sort_unstable();
    let us = |d: Duration| d.as_secs_f64() * 1e6;
    Run {
        events: costs.len(),
        total,
        mean_us: us(total) / costs.len() as f64,
        p99_us: us(costs[costs.len() * 99 / 100]),
        max_us: us(*costs.last().unwrap()),
        transitions,
    }
}

/// Peak resident memory of this process (`VmHWM`), in MiB.
fn peak_rss_mib() -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kib: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib / 1024.0)
}

#[allow(clippy::print_stdout)] // a benchmark reports on stdout
fn main() {
    let args: Vec<String> = std::env::args().collect();
    let bench = args.iter().any(|a| a == "--bench");
    let pods = args
        .windows(2)
        .find(|w| w[0] == "--pods")
        .and_then(|w| w[1].parse().ok())
        .unwrap_or(if bench { 5000 } else { 200 });
    for n in [pods / 5, pods] {
        let r = roll(n);
        println!(
            "pods={n} events={} transitions={} total={:.2}s events/s={:.0} per-event mean={:.1}us p99={:.1}us max={:.1}us",
            r.events,
            r.transitions,
            r.total.as_secs_f64(),
            r.events as f64 / r.total.as_secs_f64(),
            r.mean_us,
            r.p99_us,
            r.max_us
        );
    }
    if let Some(rss) = peak_rss_mib() {
        println!("peak RSS {rss:.1} MiB");
    }
}
