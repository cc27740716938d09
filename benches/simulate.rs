//! Benchmarks of the simulated EndpointSlice controller (a plain bench binary, no harness).
//!
//! Run: `cargo bench --bench simulate` (results go in docs/performance.md). Without `--bench`
//! (as `cargo test --all-targets` runs it) every case runs once at a small size, as a smoke
//! test.

use std::io::Write;
use std::time::{Duration, Instant};
use svcx::model::{
    AddressType, ControllerRules, EndpointPort, EndpointSlice, IpFamily, Labels, Protocol, Service,
    ServicePort, TargetPort,
};
use svcx::simulate::SliceActions;
use svcx::simulate::{
    Delta, Engine, NodeTopology, Population, ReconcileInput, SimConfig, apply_plan, reconcile,
};

fn service(name: &str) -> Service {
    let selector: Labels = [("app".into(), name.into())].into_iter().collect();
    Service {
        namespace: "default".into(),
        name: name.into(),
        uid: format!("{name}-uid"),
        cluster_ip: Some("10.96.0.10".into()),
        ip_families: vec![IpFamily::V4],
        selector: Some(selector),
        ports: vec![ServicePort {
            name: "http".into(),
            protocol: Protocol::Tcp,
            port: 8080,
            target_port: TargetPort::Number(8080),
            node_port: None,
            app_protocol: None,
        }],
        ..Service::default()
    }
}

/// A population of `n` Ready pods over three zones, and the delta that created them.
fn population(n: usize) -> (Population, Delta) {
    let ports = vec![EndpointPort {
        name: Some("http".into()),
        port: Some(8080),
        protocol: Protocol::Tcp,
        app_protocol: None,
    }];
    let zones: Vec<Option<svcx::model::Atom>> =
        ["a", "b", "c"].iter().map(|z| Some((*z).into())).collect();
    let nodes = zones
        .iter()
        .map(|z| {
            z.as_ref()
                .map(|z| svcx::model::Atom::from(format!("node-{z}")))
        })
        .collect();
    let mut pop = Population::synthetic(
        "default",
        vec![AddressType::IPv4],
        vec![(AddressType::IPv4, ports)],
        zones,
        nodes,
    );
    let delta = pop.scale(n);
    (pop, delta)
}

/// Runs `f` `runs` times; returns the fastest and the median.
fn time<T>(runs: usize, mut f: impl FnMut() -> T) -> (Duration, Duration) {
    let mut v: Vec<Duration> = (0..runs)
        .map(|_| {
            let t = Instant::now();
            std::hint::black_box(f());
            t.elapsed()
        })
        .collect();
    v.sort();
    (v[0], v[v.len() / 2])
}

fn report(out: &mut impl Write, name: &str, (min, median): (Duration, Duration), note: &str) {
    let _ = writeln!(
        out,
        "{name:<58} min {:>9.2} ms  median {:>9.2} ms  {note}",
        min.as_secs_f64() * 1e3,
        median.as_secs_f64() * 1e3
    );
}

fn main() {
    let full = std::env::args().any(|a| a == "--bench");
    let (big, services, runs) = if full {
        (1_000_000, 10_000, 5)
    } else {
        (10_000, 100, 1)
    };
    let mut out = std::io::stdout().lock();
    let cfg = SimConfig::new(100, ControllerRules::default()).expect("valid");
    let svc = service("web");
    let topology = NodeTopology::Known { ratios: None };

    // 1. From scratch: `reconcile()` over `big` desired endpoints, no slices.
    let (pop, created) = population(big);
    let (desired, _) = pop.desired_state();
    let t = time(runs, || {
        let input = ReconcileInput {
            service: &svc,
            desired: &desired,
            existing: &[],
            topology: &topology,
        };
        reconcile(&input, &cfg)
    });
    report(
        &mut out,
        &format!("reconcile() from scratch, {big} endpoints, M=100"),
        t,
        "(plan only)",
    );
    let t = time(runs, || {
        let input = ReconcileInput {
            service: &svc,
            desired: &desired,
            existing: &[],
            topology: &topology,
        };
        let plan = reconcile(&input, &cfg);
        let mut k = 0;
        apply_plan(&input, &plan, || {
            k += 1;
            format!("web-{k}")
        })
    });
    report(
        &mut out,
        &format!("reconcile() + apply_plan() from scratch, {big} endpoints"),
        t,
        "(plan + slice objects)",
    );
    let t = time(runs, || {
        let mut e = Engine::new("web", cfg, None, &pop, Vec::new(), 0);
        e.sync(&pop, &created)
    });
    report(
        &mut out,
        &format!("engine from scratch, {big} endpoints, M=100"),
        t,
        "(--endpoints path)",
    );

    // 2. Churn: 0.1%, 1% and 10% of the pods replaced, on top of `big`.
    let mut base = Engine::new("web", cfg, None, &pop, Vec::new(), 0);
    base.sync(&pop, &created);
    let old: Vec<usize> = (0..pop.pods.len()).filter(|&i| pop.pods[i].alive).collect();
    for permille in [1usize, 10, 100] {
        let n = big * permille / 1000;
        // "oldest": the pods a rollout batch replaces (they sit together in a few slices);
        // "spread": every k-th pod, the worst case, touching every slice.
        let step = (old.len() / n).max(1);
        let oldest: Vec<usize> = old.iter().copied().take(n).collect();
        let spread: Vec<usize> = old.iter().copied().step_by(step).take(n).collect();
        for (how, victims) in [("oldest", &oldest), ("spread", &spread)] {
            // Only the sync is measured (cloning the state is setup).
            let mut syncs: Vec<Duration> = (0..runs)
                .map(|_| {
                    let mut p = pop.clone();
                    let mut e = base.clone();
                    let delta = p.replace(victims, n, n);
                    let started = Instant::now();
                    std::hint::black_box(e.sync(&p, &delta));
                    started.elapsed()
                })
                .collect();
            syncs.sort();
            report(
                &mut out,
                &format!(
                    "engine churn {:.1}% ({n} replaced, {how}) on {big}",
                    permille as f64 / 10.0
                ),
                (syncs[0], syncs[syncs.len() / 2]),
                "(sync only)",
            );
        }
    }

    // For contrast: the same 1% churn through the full reconciler (not incremental).
    let input = ReconcileInput {
        service: &svc,
        desired: &desired,
        existing: &[],
        topology: &topology,
    };
    let plan = reconcile(&input, &cfg);
    let mut k = 0;
    let slices: Vec<EndpointSlice> = apply_plan(&input, &plan, || {
        k += 1;
        format!("web-{k}")
    });
    let mut p = pop.clone();
    let n = big / 100;
    let victims: Vec<usize> = old.iter().copied().step_by(100).take(n).collect();
    p.replace(&victims, n, n);
    let (churned, _) = p.desired_state();
    let existing: Vec<&EndpointSlice> = slices.iter().collect();
    let t = time(runs, || {
        let input = ReconcileInput {
            service: &svc,
            desired: &churned,
            existing: &existing,
            topology: &topology,
        };
        reconcile(&input, &cfg)
    });
    report(
        &mut out,
        &format!("reconcile() 1% churn on {big} (full, for contrast)"),
        t,
        "(walks every slice)",
    );

    // 3. Many Services: `services` × 100 endpoints, from scratch and converged (the
    // `diagnose` question "is anything stale?").
    let per = 100;
    let worlds: Vec<(Service, svcx::simulate::DesiredState)> = (0..services)
        .map(|i| {
            let (p, _) = population(per);
            (service(&format!("svc-{i}")), p.desired_state().0)
        })
        .collect();
    let t = time(runs, || {
        worlds
            .iter()
            .map(|(s, d)| {
                let input = ReconcileInput {
                    service: s,
                    desired: d,
                    existing: &[],
                    topology: &topology,
                };
                reconcile(&input, &cfg).creates()
            })
            .sum::<usize>()
    });
    report(
        &mut out,
        &format!("{services} Services × {per} endpoints, from scratch"),
        t,
        "",
    );
    let converged: Vec<Vec<EndpointSlice>> = worlds
        .iter()
        .map(|(s, d)| {
            let input = ReconcileInput {
                service: s,
                desired: d,
                existing: &[],
                topology: &topology,
            };
            let plan = reconcile(&input, &cfg);
            apply_plan(&input, &plan, || format!("{}-x", s.name))
        })
        .collect();
    let t = time(runs, || {
        worlds
            .iter()
            .zip(&converged)
            .filter(|((s, d), sl)| {
                let existing: Vec<&EndpointSlice> = sl.iter().collect();
                let input = ReconcileInput {
                    service: s,
                    desired: d,
                    existing: &existing,
                    topology: &topology,
                };
                !reconcile(&input, &cfg).is_empty()
            })
            .count()
    });
    report(
        &mut out,
        &format!("{services} Services × {per} endpoints, converged (empty plans)"),
        t,
        "",
    );
}
