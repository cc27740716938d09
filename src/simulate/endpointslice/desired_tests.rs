//! Unit tests of endpoint eligibility and conditions (semantics §1.3–1.5).

use super::desired::*;
use crate::model::{AddressType, ControllerRules, IpFamily, PodPhase, Protocol, TargetPort};
use crate::testing::*;

fn run(svc: &crate::model::Service, pods: &[crate::model::Pod]) -> DesiredState {
    let nodes = vec![mk_node("node-1", "z1")];
    let idx = NodeIndex::new(&nodes, true);
    let refs: Vec<_> = pods.iter().collect();
    desired_state(svc, &refs, &idx, &ControllerRules::default())
}

#[test]
fn ready_pod_is_ready_endpoint_with_zone() {
    let svc = mk_service("web", &[("app", "web")]);
    let d = run(&svc, &[mk_pod("a", &[("app", "web")])]);
    assert_eq!(d.groups.len(), 1);
    let ep = &d.groups[0].endpoints[0];
    assert_eq!(
        ep.conditions,
        DesiredConditions {
            ready: true,
            serving: true,
            terminating: false
        }
    );
    assert_eq!(ep.zone.as_deref(), Some("z1"));
    assert_eq!(d.groups[0].ports[0].port, Some(8080));
}

#[test]
fn not_ready_and_terminating_are_listed_with_conditions() {
    let svc = mk_service("web", &[]);
    let mut nr = mk_pod("nr", &[]);
    nr.conditions = vec![mk_condition("Ready", "False")];
    let mut term = mk_pod("t", &[]);
    term.deleting = true;
    let d = run(&svc, &[nr, term]);
    let c: Vec<_> = d.groups[0].endpoints.iter().map(|e| e.conditions).collect();
    assert_eq!(
        c[0],
        DesiredConditions {
            ready: false,
            serving: false,
            terminating: false
        }
    );
    assert_eq!(
        c[1],
        DesiredConditions {
            ready: false,
            serving: true,
            terminating: true
        }
    );
}

#[test]
fn publish_not_ready_makes_everything_ready() {
    let mut svc = mk_service("web", &[]);
    svc.publish_not_ready_addresses = true;
    let mut nr = mk_pod("nr", &[]);
    nr.conditions.clear();
    nr.deleting = true;
    let d = run(&svc, &[nr]);
    assert_eq!(
        d.groups[0].endpoints[0].conditions,
        DesiredConditions {
            ready: true,
            serving: false,
            terminating: true
        }
    );
}

#[test]
fn exclusions_in_upstream_order() {
    let svc = mk_service("web", &[]);
    let mut done = mk_pod("done", &[]);
    done.phase = PodPhase::Succeeded;
    let mut noip = mk_pod("noip", &[]);
    noip.pod_ip = None;
    noip.set_pod_ips(vec![]);
    let mut gone = mk_pod("gone", &[]);
    gone.node_name = Some("node-9".into());
    let mut v6 = mk_pod("v6", &[]);
    v6.pod_ip = Some("fd00::1".into());
    v6.set_pod_ips(vec!["fd00::1".into()]);
    let mut only_pod_ip = mk_pod("legacy", &[]);
    only_pod_ip.set_pod_ips(vec![]);
    let d = run(&svc, &[done, noip, gone, v6, only_pod_ip]);
    let ex: Vec<_> = d.verdicts.iter().map(|v| v.exclusion).collect();
    assert_eq!(
        ex,
        vec![
            Some(Exclusion::TerminalPhase),
            Some(Exclusion::NoIp),
            Some(Exclusion::NodeMissing),
            Some(Exclusion::FamilyMismatch),
            Some(Exclusion::FamilyMismatch),
        ]
    );
    // The group exists (registered before the node check) but holds nothing.
    assert_eq!(d.groups.len(), 1);
    assert!(d.groups[0].endpoints.is_empty());
}

#[test]
fn node_missing_kept_with_publish_not_ready() {
    let mut svc = mk_service("web", &[]);
    svc.publish_not_ready_addresses = true;
    let mut gone = mk_pod("gone", &[]);
    gone.node_name = Some("node-9".into());
    let d = run(&svc, &[gone]);
    assert_eq!(d.verdicts[0].exclusion, None);
    assert_eq!(d.groups[0].endpoints[0].zone, None);
}

#[test]
fn unresolved_named_port_goes_to_a_portless_group() {
    let mut svc = mk_service("web", &[]);
    svc.ports = vec![mk_svc_port(
        "http",
        80,
        TargetPort::Name("http".into()),
        Protocol::Tcp,
    )];
    let a = mk_pod("a", &[]);
    let mut b = mk_pod("b", &[]);
    b.containers = vec![mk_container("app", &[("web", 8080, Protocol::Tcp)])];
    let d = run(&svc, &[a, b]);
    assert_eq!(d.groups.len(), 2);
    assert_eq!(d.groups[0].endpoints[0].target_ref.name, "a");
    assert!(d.groups[1].ports.is_empty());
    assert_eq!(d.groups[1].endpoints[0].target_ref.name, "b");
}

#[test]
fn hostname_needs_subdomain_equal_to_service_name() {
    let svc = mk_service("db", &[]);
    let mut a = mk_pod("db-0", &[]);
    a.extras_mut().hostname = Some("db-0".into());
    a.extras_mut().subdomain = Some("db".into());
    let mut b = mk_pod("x", &[]);
    b.extras_mut().hostname = Some("x".into());
    b.extras_mut().subdomain = Some("other".into());
    let d = run(&svc, &[a, b]);
    assert_eq!(d.groups[0].endpoints[0].hostname.as_deref(), Some("db-0"));
    assert_eq!(d.groups[0].endpoints[1].hostname, None);
}

#[test]
fn dual_stack_gives_one_group_per_family_and_canonical_v6() {
    let mut svc = mk_service("web", &[]);
    svc.ip_families = vec![IpFamily::V4, IpFamily::V6];
    let mut p = mk_pod("a", &[]);
    p.set_pod_ips(vec![
        "10.0.0.1".into(),
        "1234::5678:0000:0000:9abc:def0".into(),
    ]);
    let d = run(&svc, &[p]);
    assert_eq!(d.address_types, vec![AddressType::IPv4, AddressType::IPv6]);
    assert_eq!(
        d.groups[1].endpoints[0].addresses,
        vec!["1234::5678:0:0:9abc:def0".to_string()]
    );
}

/// The IPv4 shortcut takes exactly the texts `Ipv4Addr` parses and prints back unchanged.
#[test]
fn plain_ipv4_is_what_parses_and_prints_back() {
    let parts = [
        "0", "00", "01", "1", "9", "10", "99", "100", "199", "255", "256", "300", "999", "1000",
        "", "a", " 1", "1 ", "+1", "0x1",
    ];
    let mut n = 0;
    for a in parts {
        for b in ["0", "10", "01", "256", ""] {
            for c in parts {
                for tail in ["", ".1", ".1.2", ".01"] {
                    let text = format!("{a}.{b}.{c}{tail}");
                    let std_says = text
                        .parse::<std::net::Ipv4Addr>()
                        .is_ok_and(|ip| ip.to_string() == text);
                    assert_eq!(plain_ipv4(&text), std_says, "{text:?}");
                    n += usize::from(std_says);
                }
            }
        }
    }
    assert!(n > 100);
    for text in ["10.0.0.1", "255.255.255.255", "0.0.0.0"] {
        assert!(plain_ipv4(text));
    }
    for text in ["1.2.3", "1.2.3.4.5", "::1", "1.2.3.04", " 1.2.3.4"] {
        assert!(!plain_ipv4(text));
    }
}
