//! The tracker on a scripted rollout, without any server: exact transitions and summary.

use super::*;
use crate::analysis::PodReason;
use crate::model::{
    Cluster, ControllerRules, EndpointSlice, Observed, Pod, PodTimes, Service, WatchChange,
    WatchedKind,
};
use crate::simulate::NodeTopology;
use crate::simulate::{NodeIndex, ReconcileInput, SimConfig, apply_plan, desired_state, reconcile};
use crate::testing::{mk_condition, mk_node, mk_pod, mk_service};
use jiff::{SignedDuration, Timestamp};

fn t(ms: i64) -> Timestamp {
    Timestamp::from_millisecond(1_800_000_000_000 + ms).unwrap()
}

fn opts() -> WatchOptions {
    WatchOptions {
        sim: SimConfig::new(100, ControllerRules::default()).unwrap(),
        stale_after: SignedDuration::from_secs(5),
    }
}

fn pod(name: &str, ip: &str, ready: bool) -> Pod {
    let mut p = mk_pod(name, &[("app", "web")]);
    p.pod_ip = Some(ip.into());
    p.set_pod_ips(vec![ip.into()]);
    p.conditions = vec![mk_condition("Ready", if ready { "True" } else { "False" })];
    if !ready {
        p.conditions[0] = p.conditions[0].clone().with_detail(
            Some("ContainersNotReady".into()),
            Some("containers with unready status: [app]".into()),
        );
    }
    p
}

fn observed(p: Pod, ready_changed: i64) -> Observed {
    Observed::Pod(
        p,
        PodTimes {
            ready_changed: Some(t(ready_changed)),
            deletion: None,
        },
    )
}

/// What the EndpointSlice controller writes for `svc` over `pods` (simulate's own sync).
fn controller(svc: &Service, pods: &[Pod], existing: &[EndpointSlice]) -> Vec<EndpointSlice> {
    let cluster = known();
    let nodes = NodeIndex::new(&cluster.nodes, true);
    let refs: Vec<&Pod> = pods.iter().collect();
    let desired = desired_state(svc, &refs, &nodes, &ControllerRules::default());
    let existing: Vec<&EndpointSlice> = existing.iter().collect();
    let topology = NodeTopology::from_nodes(&cluster.nodes, true);
    let input = ReconcileInput {
        service: svc,
        desired: &desired,
        existing: &existing,
        topology: &topology,
    };
    let plan = reconcile(&input, &opts().sim);
    let mut n = 0;
    apply_plan(&input, &plan, || {
        n += 1;
        format!("web-{n}")
    })
}

fn known() -> Cluster {
    Cluster {
        nodes: vec![mk_node("node-1", "zone-a")],
        pods_known: true,
        nodes_known: true,
        endpoints_known: true,
        endpoint_slices_known: true,
        ..Cluster::default()
    }
}

fn types(ts: &[Transition]) -> Vec<(i64, String)> {
    ts.iter()
        .map(|x| {
            (
                x.time.as_millisecond() - t(0).as_millisecond(),
                format!("{:?}", x.kind),
            )
        })
        .collect()
}

struct Run {
    tracker: Tracker,
    svc: Service,
    pods: Vec<Pod>,
    slices: Vec<EndpointSlice>,
    seen: Vec<Transition>,
}

impl Run {
    fn start() -> Run {
        let svc = mk_service("web", &[("app", "web")]);
        let pods = vec![pod("a", "10.0.0.1", true), pod("b", "10.0.0.2", true)];
        let slices = controller(&svc, &pods, &[]);
        let mut initial = vec![Observed::Service(svc.clone())];
        initial.extend(pods.iter().map(|p| observed(p.clone(), -60_000)));
        initial.extend(slices.iter().cloned().map(Observed::EndpointSlice));
        let (tracker, seen) = Tracker::new(initial, known(), t(0), opts());
        Run {
            tracker,
            svc,
            pods,
            slices,
            seen,
        }
    }

    fn set_ready(&mut self, at: i64, name: &str, ready: bool) -> Vec<Transition> {
        let i = self.pods.iter().position(|p| p.name == name).unwrap();
        let ip = self.pods[i].pod_ip.clone().unwrap();
        self.pods[i] = pod(name, &ip, ready);
        let o = observed(self.pods[i].clone(), at - 100);
        self.apply(at, WatchChange::Upserted(o))
    }

    fn sync(&mut self, at: i64) -> Vec<Transition> {
        let new = controller(&self.svc, &self.pods, &self.slices);
        self.slices = new.clone();
        let mut out = Vec::new();
        for s in new {
            out.extend(self.apply(at, WatchChange::Upserted(Observed::EndpointSlice(s))));
        }
        out
    }

    fn apply(&mut self, at: i64, c: WatchChange) -> Vec<Transition> {
        let out = self.tracker.apply(t(at), c);
        self.seen.extend(out.clone());
        out
    }
}

#[test]
fn the_initial_state_is_a_baseline_and_converged() {
    let run = Run::start();
    assert_eq!(types(&run.seen), vec![(0, "Converged".to_string())]);
    assert!(run.tracker.is_converged());
}

#[test]
fn pods_flap_the_port_goes_dark_and_comes_back() {
    let mut run = Run::start();
    let ep = |pod: &str, ip: &str| EndpointRef {
        slice: "web-1".into(),
        address: ip.into(),
        pod: Some(pod.into()),
    };
    assert_eq!(
        run.set_ready(1000, "a", false),
        vec![Transition {
            time: t(1000),
            kind: TransitionKind::PodNotReady {
                pod: "a".into(),
                reason: PodReason::NotReady,
                detail: Some("ContainersNotReady: containers with unready status: [app]".into()),
            }
        }]
    );
    let cond = |pod: &str, ip: &str, c, old, new, lag_ms| TransitionKind::EndpointCondition {
        endpoint: ep(pod, ip),
        condition: c,
        old: Some(old),
        new: Some(new),
        lag_ms,
    };
    // The slice follows 300 ms after the Ready condition changed (at 900).
    let kinds: Vec<TransitionKind> = run.sync(1200).into_iter().map(|x| x.kind).collect();
    assert_eq!(
        kinds,
        vec![
            cond(
                "a",
                "10.0.0.1",
                ConditionName::Ready,
                true,
                false,
                Some(300)
            ),
            cond("a", "10.0.0.1", ConditionName::Serving, true, false, None),
        ]
    );
    run.set_ready(1500, "b", false);
    let out = run.sync(1700);
    assert_eq!(
        out.last().unwrap(),
        &Transition {
            time: t(1700),
            kind: TransitionKind::OutageStart {
                port: "http".into()
            }
        }
    );
    run.set_ready(2000, "a", true);
    let out = run.sync(2250);
    assert_eq!(
        out.iter().map(|x| x.kind.clone()).collect::<Vec<_>>(),
        vec![
            cond(
                "a",
                "10.0.0.1",
                ConditionName::Ready,
                false,
                true,
                Some(350)
            ),
            cond("a", "10.0.0.1", ConditionName::Serving, false, true, None),
            TransitionKind::OutageEnd {
                port: "http".into(),
                seconds: 0.55
            },
        ]
    );
    // b turns ready but the slice does not follow: stale after 5 s.
    run.set_ready(3000, "b", true);
    let out = run.tracker.advance(t(8500));
    assert_eq!(
        types(&out),
        vec![(
            8000,
            format!("{:?}", TransitionKind::Stale { since: t(3000) })
        )]
    );
    let out = run.sync(9000);
    assert_eq!(out.len(), 2, "{out:?}");
    let (out, summary) = run.tracker.finish(t(10_000));
    assert_eq!(
        types(&out),
        vec![
            (
                9000,
                format!("{:?}", TransitionKind::StaleEnd { seconds: 6.0 })
            ),
            (9000, "Converged".to_string()),
        ]
    );
    assert_eq!(summary.seconds, 10.0);
    assert_eq!(summary.min_ready, Some(0));
    assert_eq!(
        summary.ports,
        vec![PortSummary {
            port: "http".into(),
            min_ready: 0,
            outages: vec![OutageWindow {
                start: t(1700),
                end: Some(t(2250)),
                seconds: 0.55
            }]
        }]
    );
    assert_eq!(
        summary.lag,
        Some(LagStats {
            count: 4,
            min: 300,
            median: 300,
            max: 6100
        })
    );
    assert_eq!(
        summary.flapping,
        vec![("a".to_string(), 2), ("b".to_string(), 2)]
    );
    assert_eq!(summary.stale_seconds, 6.0);
    assert!(summary.converged);
    let count = |ty: &str| summary.counts.iter().find(|(t, _)| *t == ty).unwrap().1;
    assert_eq!(
        (
            count("pod-not-ready"),
            count("pod-ready"),
            count("endpoint-condition"),
            count("outage-start"),
            count("converged")
        ),
        (2, 2, 8, 1, 2)
    );
}

#[test]
fn a_relist_of_what_is_known_changes_nothing_and_a_missing_pod_is_deleted() {
    let mut run = Run::start();
    let all: Vec<Observed> = run
        .pods
        .iter()
        .map(|p| observed(p.clone(), -60_000))
        .collect();
    assert_eq!(
        run.apply(500, WatchChange::Relisted(WatchedKind::Pod, all)),
        vec![]
    );
    let only_b = vec![observed(run.pods[1].clone(), -60_000)];
    assert_eq!(
        types(&run.apply(600, WatchChange::Relisted(WatchedKind::Pod, only_b))),
        vec![(
            600,
            format!("{:?}", TransitionKind::PodDeleted { pod: "a".into() })
        )]
    );
}

#[test]
fn a_deleted_slice_removes_its_endpoints_with_the_deletion_lag() {
    let mut run = Run::start();
    let mut a = run.pods[0].clone();
    a.deleting = true;
    let times = PodTimes {
        ready_changed: Some(t(-60_000)),
        deletion: Some(t(400)),
    };
    let out = run.apply(500, WatchChange::Upserted(Observed::Pod(a, times)));
    assert_eq!(
        out.iter().map(|x| x.kind.type_name()).collect::<Vec<_>>(),
        vec!["pod-terminating"]
    );
    let slice = run.slices[0].clone();
    let out = run.apply(700, WatchChange::Deleted(Observed::EndpointSlice(slice)));
    let kinds: Vec<TransitionKind> = out.into_iter().map(|x| x.kind).collect();
    assert_eq!(
        kinds[0],
        TransitionKind::EndpointRemoved {
            endpoint: EndpointRef {
                slice: "web-1".into(),
                address: "10.0.0.1".into(),
                pod: Some("a".into())
            },
            lag_ms: Some(300)
        }
    );
    assert_eq!(
        kinds[1..]
            .iter()
            .map(TransitionKind::type_name)
            .collect::<Vec<_>>(),
        vec!["endpoint-removed", "slice-deleted", "outage-start"]
    );
}

#[test]
fn service_changes_name_the_field() {
    let old = mk_service("web", &[("app", "web")]);
    let mut new = old.clone();
    new.selector = Some(crate::testing::labels(&[("app", "web2")]));
    new.publish_not_ready_addresses = true;
    assert_eq!(
        service_transitions(&old, &new),
        vec![
            TransitionKind::ServiceChanged { field: "selector" },
            TransitionKind::ServiceChanged {
                field: "publishNotReadyAddresses"
            }
        ]
    );
}
