//! Small hand-designed clusters (tests/fixtures/diagnose/, written by
//! scripts/make-diagnose-fixtures.py) for the codes the real scenarios do not cover: each code
//! fires where it should and stays silent where it must not. Codes are asserted exactly per
//! Service (an empty list = healthy), objects exactly per finding.

use super::{codes, finding, load, objects, run};
use pretty_assertions::assert_eq;
use std::collections::{BTreeMap, BTreeSet};
use svcx::analysis::Diagnosis;

fn check(file: &str, want: &[(&str, &[&str])]) -> Diagnosis {
    let d = run(&load(&[&format!("diagnose/{file}")]));
    let want: BTreeMap<String, BTreeSet<String>> = want
        .iter()
        .map(|(svc, codes)| {
            (
                (*svc).to_string(),
                codes.iter().map(|c| (*c).to_string()).collect(),
            )
        })
        .collect();
    assert_eq!(codes(&d), want, "{file}");
    d
}

fn assert_objects(d: &Diagnosis, svc: &str, code: &str, want: &[&str]) {
    assert_eq!(objects(finding(d, svc, code)), want, "{svc} {code}");
}

#[test]
fn pods() {
    let d = check(
        "pods.yaml",
        &[
            ("pods/crash", &["pods-excluded", "pods-not-ready"]),
            (
                "pods/draining",
                &["no-ready-endpoints", "terminating-endpoints"],
            ),
            ("pods/excluded", &["pods-excluded"]),
            ("pods/healthy", &[]),
            ("pods/noprobe", &["readiness-probe-missing"]),
            ("pods/single", &["single-ready-endpoint"]),
        ],
    );
    assert_objects(
        &d,
        "pods/single",
        "single-ready-endpoint",
        &["Pod/single-1"],
    );
    assert_objects(
        &d,
        "pods/noprobe",
        "readiness-probe-missing",
        &["Pod/noprobe-1"],
    );
    assert_objects(
        &d,
        "pods/crash",
        "pods-not-ready",
        &["Pod/crash-3", "Pod/crash-4", "Pod/crash-5"],
    );
    assert_eq!(
        finding(&d, "pods/crash", "pods-not-ready").details,
        [
            "crash-3: node n3 is not ready; container app running but failing its readiness probe",
            "crash-4: container app waiting: CrashLoopBackOff",
            "crash-5: not scheduled: 0/3 nodes are available: 3 Insufficient cpu.",
        ]
    );
    assert_objects(&d, "pods/crash", "pods-excluded", &["Pod/crash-5"]);
    let excluded = finding(&d, "pods/excluded", "pods-excluded");
    assert_eq!(
        objects(excluded),
        ["Pod/excl-2", "Pod/excl-3", "Pod/excl-4"]
    );
    assert_eq!(
        excluded.details,
        [
            "excl-2: phase Succeeded (finished pods never become endpoints)",
            "excl-3: its Node n9 does not exist: the controller skips it and retries the sync forever; the legacy Endpoints object still lists it",
            "excl-4: has only IPv6 addresses but the Service uses IPv4",
        ]
    );
    let draining = finding(&d, "pods/draining", "no-ready-endpoints");
    assert!(
        draining
            .message
            .contains("falls back to the 2 endpoints that are terminating but still serving")
    );
    assert_objects(
        &d,
        "pods/draining",
        "terminating-endpoints",
        &["Pod/draining-1", "Pod/draining-2"],
    );
}

#[test]
fn ports() {
    let d = check(
        "ports.yaml",
        &[
            ("ports/dup", &["duplicate-service-port"]),
            ("ports/mixed", &["target-port-mixed-numbers"]),
            ("ports/np-a", &["node-port-duplicate"]),
            ("ports/np-b", &["node-port-duplicate"]),
            ("ports/np-low", &["node-port-out-of-range"]),
            ("ports/np-ok", &[]),
            // A numeric targetPort no container declares is not a finding.
            ("ports/numeric", &[]),
            (
                "ports/proto",
                &[
                    "named-target-port-unresolved",
                    "single-ready-endpoint",
                    "slice-without-ports",
                ],
            ),
        ],
    );
    let proto = finding(&d, "ports/proto", "named-target-port-unresolved");
    // No pod resolves it: an error (it is a warning when some pods do).
    assert_eq!(proto.severity.as_str(), "error");
    assert_eq!(objects(proto), ["Pod/proto-1"]);
    assert_eq!(
        proto.details,
        ["proto-1: \"dns\" exists with another protocol (dns/TCP)"]
    );
    assert_objects(
        &d,
        "ports/mixed",
        "target-port-mixed-numbers",
        &["Pod/mixed-1", "Pod/mixed-2"],
    );
    assert_eq!(
        finding(&d, "ports/mixed", "target-port-mixed-numbers").details,
        ["8080: mixed-1", "9090: mixed-2"]
    );
    assert_objects(&d, "ports/np-a", "node-port-duplicate", &["Service/np-b"]);
    assert_objects(&d, "ports/np-b", "node-port-duplicate", &["Service/np-a"]);
}

#[test]
fn slices() {
    let d = check(
        "slices.yaml",
        &[
            ("slices/hand", &["slice-foreign-managed"]),
            ("slices/mirror", &["slice-mirrored-with-selector"]),
            (
                "slices/portless",
                &["slice-foreign-managed", "slice-without-ports"],
            ),
            ("slices/web", &["slice-orphaned", "slice-stale"]),
        ],
    );
    assert_objects(
        &d,
        "slices/web",
        "slice-orphaned",
        &["EndpointSlice/web-old00"],
    );
    assert_objects(
        &d,
        "slices/web",
        "slice-stale",
        &["EndpointSlice/web-old00"],
    );
    assert_objects(
        &d,
        "slices/mirror",
        "slice-mirrored-with-selector",
        &["EndpointSlice/mirror-bbbbb"],
    );
    assert_objects(
        &d,
        "slices/hand",
        "slice-foreign-managed",
        &["EndpointSlice/hand-1"],
    );
    assert_objects(
        &d,
        "slices/portless",
        "slice-without-ports",
        &["EndpointSlice/portless-1"],
    );
    let unattached: Vec<(String, Option<String>, Vec<String>)> = d
        .unattached
        .iter()
        .map(|f| (f.code.as_str().to_string(), f.service.clone(), objects(f)))
        .collect();
    assert_eq!(
        unattached,
        [
            (
                "slice-orphaned".to_string(),
                None,
                vec!["EndpointSlice/ghost-aaaaa".to_string()]
            ),
            (
                "slice-missing-service-name".to_string(),
                None,
                vec!["EndpointSlice/stray".to_string()]
            ),
        ]
    );
}

#[test]
fn stale() {
    let d = check(
        "stale.yaml",
        &[
            ("stale/dup", &["slice-stale"]),
            ("stale/extraplaceholder", &["slice-stale"]),
            // Missing headless label alone: the controller does not rewrite (semantics §2.9).
            ("stale/headless", &[]),
            ("stale/labels", &["slice-stale"]),
            (
                "stale/noplaceholder",
                &["selector-matches-no-pods", "slice-stale"],
            ),
            // Suboptimal packing is not staleness: the controller never repacks.
            ("stale/packing", &[]),
            ("stale/placeholder", &["selector-matches-no-pods"]),
            ("stale/ports", &["single-ready-endpoint", "slice-stale"]),
            (
                "stale/twoplaceholders",
                &["selector-matches-no-pods", "slice-stale"],
            ),
            ("stale/uid", &["slice-stale"]),
            ("stale/zone", &["slice-stale"]),
        ],
    );
    let cases: &[(&str, &[&str], &[&str])] = &[
        (
            "stale/dup",
            &["Pod/dup-2", "EndpointSlice/dup-bbbbb"],
            &["dup-2 in dup-bbbbb: listed a second time"],
        ),
        (
            "stale/extraplaceholder",
            &["EndpointSlice/extraplaceholder-bbbbb"],
            &[
                "extraplaceholder-bbbbb: an extra placeholder (empty, no ports) next to other slices; the controller deletes it",
            ],
        ),
        (
            "stale/labels",
            &["EndpointSlice/labels-aaaaa"],
            &["labels-aaaaa: labels {team=b} (the Service's labels are {team=a})"],
        ),
        (
            "stale/noplaceholder",
            &[],
            &["no IPv4 slice at all: the controller keeps one empty placeholder slice"],
        ),
        (
            "stale/ports",
            &["Pod/ports-1", "EndpointSlice/ports-aaaaa"],
            &["ports-1 in ports-aaaaa: ports [http=8080/TCP] (the pod resolves [http=9090/TCP])"],
        ),
        (
            "stale/twoplaceholders",
            &["EndpointSlice/twoplaceholders-bbbbb"],
            &[
                "twoplaceholders-bbbbb: an extra placeholder (empty, no ports) next to other slices; the controller deletes it",
            ],
        ),
        (
            "stale/uid",
            &["Pod/uid-1", "EndpointSlice/uid-aaaaa"],
            &[
                "uid-1 in uid-aaaaa: targetRef.uid uid-before (the pod's UID is uid-stale-uid-1: the pod was recreated)",
            ],
        ),
        (
            "stale/zone",
            &["Pod/zone-1", "Pod/zone-2", "EndpointSlice/zone-aaaaa"],
            &[
                "zone-1 in zone-aaaaa: zone zone-x (node's zone is zone-a)",
                "zone-2 in zone-aaaaa: hostname zone-2 (should be unset)",
            ],
        ),
    ];
    for (svc, objs, details) in cases {
        let f = finding(&d, svc, "slice-stale");
        assert_eq!(objects(f), *objs, "{svc}");
        assert_eq!(f.details, *details, "{svc}");
    }
}

#[test]
fn traffic_policies() {
    let d = check(
        "traffic.yaml",
        &[
            // ExternalName without a selector is not checked for endpoints.
            ("traffic/cname", &[]),
            ("traffic/etp-all", &[]),
            (
                "traffic/etp-none",
                &[
                    "external-traffic-local-no-local-endpoints",
                    "single-ready-endpoint",
                ],
            ),
            (
                "traffic/itp",
                &["internal-traffic-local-no-local-endpoints"],
            ),
            // Nothing ready anywhere: the policy finding would only repeat no-ready-endpoints.
            (
                "traffic/itp-down",
                &["no-ready-endpoints", "pods-not-ready"],
            ),
            ("traffic/lb-class", &["loadbalancer-pending"]),
        ],
    );
    let none = finding(
        &d,
        "traffic/etp-none",
        "external-traffic-local-no-local-endpoints",
    );
    assert_eq!(none.severity.as_str(), "error");
    assert_eq!(objects(none), ["Node/n1", "Node/n2", "Node/n3"]);
    let itp = finding(
        &d,
        "traffic/itp",
        "internal-traffic-local-no-local-endpoints",
    );
    assert_eq!(itp.severity.as_str(), "warning");
    assert_eq!(objects(itp), ["Node/n2", "Node/n3"]);
    assert!(
        finding(&d, "traffic/lb-class", "loadbalancer-pending")
            .message
            .contains("loadBalancerClass \"example.com/lb\"")
    );
}

#[test]
fn topology() {
    let d = check(
        "topology.yaml",
        &[
            ("topology/close", &[]),
            ("topology/close-missing", &["topology-hints-not-applied"]),
            ("topology/few", &["topology-hints-not-applied"]),
        ],
    );
    let few = finding(&d, "topology/few", "topology-hints-not-applied");
    assert!(
        few.message
            .contains("Insufficient number of endpoints (2 endpoints, 3 zones)"),
        "{}",
        few.message
    );
    assert_eq!(
        few.details,
        [
            "event TopologyAwareHintsDisabled (x3): Insufficient number of endpoints (2 endpoints, 3 zones), addressType: IPv4"
        ]
    );
}

#[test]
fn dual_stack() {
    let d = check(
        "dual-stack.yaml",
        &[
            ("dual/ds", &["dual-stack-single-family-pods"]),
            ("dual/ds-ok", &[]),
        ],
    );
    assert_objects(
        &d,
        "dual/ds",
        "dual-stack-single-family-pods",
        &["Pod/ds-2"],
    );
}

#[test]
fn near_miss() {
    let d = check(
        "near-miss.yaml",
        &[
            ("near/far", &["selector-matches-no-pods"]),
            // The one workload it selects is scaled to zero: that, not a typo, is why no pod
            // matches; the pods one label off are still worth naming.
            (
                "near/multi",
                &["selector-matches-only-scaled-to-zero", "selector-near-miss"],
            ),
        ],
    );
    // The ReplicaSet repeats its Deployment's template: counted once.
    let zero = finding(&d, "near/multi", "selector-matches-only-scaled-to-zero");
    assert_eq!(objects(zero), ["Deployment/web-fe"]);
    let f = finding(&d, "near/multi", "selector-near-miss");
    // api-1 misses both keys.
    assert_eq!(
        objects(f),
        ["Pod/web-1", "Pod/web-2", "Pod/elsewhere/web-x"]
    );
    assert_eq!(
        f.details,
        [
            "web-1: tier=backend (selector wants tier=frontend)",
            "web-2: has no label tier (selector wants tier=frontend)",
            "elsewhere/web-x: matches the selector but lives in namespace elsewhere (a Service selects only pods of its own namespace)",
        ]
    );
}

#[test]
fn every_code_fires_somewhere() {
    let files = [
        "diagnose/pods.yaml",
        "diagnose/ports.yaml",
        "diagnose/slices.yaml",
        "diagnose/stale.yaml",
        "diagnose/traffic.yaml",
        "diagnose/topology.yaml",
        "diagnose/dual-stack.yaml",
        "diagnose/near-miss.yaml",
        "selector-typo/cluster.yaml",
        "named-port-partial/cluster.yaml",
        "no-ready/cluster.yaml",
        "headless-publish/cluster.yaml",
        "etp-local/cluster.yaml",
        "selectorless-manual/cluster.yaml",
        "stale-controller-down/cluster.yaml",
        "terminating/cluster.yaml",
        "lb-pending-externalname/cluster.yaml",
        "over-capacity/cluster.yaml",
        "manifests-app/broken",
        "workloads/selection.yaml",
        "validation/invalid-objects.yaml",
    ];
    let mut seen = BTreeSet::new();
    for file in files {
        let d = run(&load(&[file]));
        seen.extend(d.findings().map(|f| f.code));
    }
    let all: BTreeSet<_> = svcx::analysis::Code::ALL.iter().copied().collect();
    let never: Vec<_> = all.difference(&seen).collect();
    assert!(
        never.is_empty(),
        "codes without a firing fixture: {never:?}"
    );
}

#[test]
fn threads_do_not_change_the_diagnosis() {
    use svcx::analysis::{DiagnoseOptions, Scope, diagnose};
    use svcx::model::{ControllerRules, KubeVersion};
    use svcx::source::{FileInput, load_files};
    let example = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/cluster.yaml");
    let cluster = load_files(&[FileInput::Path(example)]).unwrap().0;
    let one = run(&cluster);
    assert!(one.services.len() >= 10, "{}", one.services.len());
    for threads in [2, 3, 16] {
        let opts = DiagnoseOptions {
            rules: ControllerRules::for_version(KubeVersion::new(1, 32)),
            threads,
            ..DiagnoseOptions::default()
        };
        assert_eq!(
            diagnose(&cluster, &Scope::All, &opts),
            one,
            "{threads} threads"
        );
    }
}
