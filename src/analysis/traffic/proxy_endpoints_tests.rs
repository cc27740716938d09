//! §5 "Which slices it watches" and "Merging", one test per rule.

use super::*;
use crate::analysis::test_slices::{mk_ep, mk_slice, with_conditions, with_hints};
use crate::model::EndpointPort;

const V4: &[IpFamily] = &[IpFamily::V4];

fn merged(slices: &[EndpointSlice]) -> MergedEndpoints {
    let refs: Vec<&EndpointSlice> = slices.iter().collect();
    merge(&refs, IpFamily::V4, true)
}

fn keys(eps: &[ProxyEndpoint]) -> Vec<String> {
    eps.iter().map(ProxyEndpoint::key).collect()
}

#[test]
fn headless_and_service_proxy_name_slices_are_skipped() {
    let mut s = mk_slice("a", "web", &[("http", 80)], vec![]);
    assert_eq!(slice_skip(&s, V4), None);
    s.labels.insert(HEADLESS_LABEL.into(), "".into());
    assert_eq!(slice_skip(&s, V4), Some(SliceSkip::Headless));
    let mut s = mk_slice("a", "web", &[("http", 80)], vec![]);
    s.labels
        .insert(SERVICE_PROXY_NAME_LABEL.into(), "cilium".into());
    assert_eq!(
        slice_skip(&s, V4),
        Some(SliceSkip::ServiceProxyName("cilium".into()))
    );
}

#[test]
fn fqdn_other_family_and_unknown_address_types_are_skipped() {
    let mut s = mk_slice("a", "web", &[("http", 80)], vec![]);
    s.address_type = Some(AddressType::Fqdn);
    assert_eq!(slice_skip(&s, V4), Some(SliceSkip::Fqdn));
    s.address_type = Some(AddressType::IPv6);
    assert_eq!(
        slice_skip(&s, V4),
        Some(SliceSkip::OtherFamily("IPv6".into()))
    );
    assert_eq!(slice_skip(&s, &[IpFamily::V4, IpFamily::V6]), None);
    s.address_type = Some(AddressType::Other("IP".into()));
    assert_eq!(
        slice_skip(&s, V4),
        Some(SliceSkip::UnknownAddressType("IP".into()))
    );
}

#[test]
fn nil_conditions_read_as_ready_serving_not_terminating() {
    // `addEndpoints`: nil ready = true, nil serving = true (even next to ready=false), nil
    // terminating = false.
    let s = mk_slice(
        "a",
        "web",
        &[("http", 80)],
        vec![
            with_conditions(mk_ep("10.0.0.1", "p1", "n1", "z"), None, None, None),
            with_conditions(mk_ep("10.0.0.2", "p2", "n1", "z"), Some(false), None, None),
        ],
    );
    let m = merged(&[s]);
    let eps = m.for_port("http", &Protocol::Tcp);
    assert_eq!(
        (eps[0].ready, eps[0].serving, eps[0].terminating),
        (true, true, false)
    );
    assert_eq!(
        (eps[1].ready, eps[1].serving, eps[1].terminating),
        (false, true, false)
    );
}

#[test]
fn only_the_first_address_is_used() {
    let mut ep = mk_ep("10.0.0.1", "p1", "n1", "z");
    ep.addresses.push("10.0.0.9".into());
    let m = merged(&[mk_slice("a", "web", &[("http", 80)], vec![ep])]);
    assert_eq!(
        keys(m.for_port("http", &Protocol::Tcp)),
        vec!["10.0.0.1:80"]
    );
    assert_eq!(
        m.ignored,
        vec![Ignored::ExtraAddresses {
            slice: "a".into(),
            used: "10.0.0.1".into(),
            ignored: vec!["10.0.0.9".into()],
        }]
    );
}

#[test]
fn endpoints_without_addresses_or_of_another_family_are_skipped() {
    let mut empty = mk_ep("10.0.0.1", "p1", "n1", "z");
    empty.addresses.clear();
    let m = merged(&[mk_slice(
        "a",
        "web",
        &[("http", 80)],
        vec![
            empty,
            mk_ep("fd00::1", "p2", "n1", "z"),
            mk_ep("10.0.0.3", "p3", "n1", "z"),
        ],
    )]);
    assert_eq!(
        keys(m.for_port("http", &Protocol::Tcp)),
        vec!["10.0.0.3:80"]
    );
    assert_eq!(
        m.ignored,
        vec![
            Ignored::NoAddresses {
                slice: "a".into(),
                pod: Some("p1".into())
            },
            Ignored::BadAddress {
                slice: "a".into(),
                address: "fd00::1".into()
            },
        ]
    );
}

#[test]
fn ports_with_nil_name_or_nil_or_zero_number_are_skipped() {
    let mut s = mk_slice(
        "a",
        "web",
        &[("http", 80)],
        vec![mk_ep("10.0.0.1", "p1", "n1", "z")],
    );
    s.ports.push(EndpointPort {
        name: None,
        port: Some(81),
        protocol: Protocol::Tcp,
        app_protocol: None,
    });
    s.ports.push(EndpointPort {
        name: Some("zero".into()),
        port: Some(0),
        protocol: Protocol::Tcp,
        app_protocol: None,
    });
    s.ports.push(EndpointPort {
        name: Some("nil".into()),
        port: None,
        protocol: Protocol::Tcp,
        app_protocol: None,
    });
    let m = merged(&[s]);
    let names: Vec<&str> = m.ports.iter().map(|p| p.name.as_str()).collect();
    assert_eq!(names, vec!["http"]);
    assert_eq!(m.ignored.len(), 3, "{:?}", m.ignored);
}

#[test]
fn a_slice_without_ports_contributes_nothing() {
    let m = merged(&[mk_slice(
        "a",
        "web",
        &[],
        vec![mk_ep("10.0.0.1", "p1", "n1", "z")],
    )]);
    assert!(m.ports.is_empty());
    assert_eq!(
        m.ignored,
        vec![Ignored::NoUsablePorts {
            slice: "a".into(),
            endpoints: 1
        }]
    );
}

#[test]
fn ports_are_keyed_by_name_and_protocol_and_numbers_can_differ_per_slice() {
    // A named targetPort resolving to 8080 on some pods and 9090 on others: one Service port,
    // two slices, both numbers.
    let a = mk_slice(
        "a",
        "web",
        &[("http", 8080)],
        vec![mk_ep("10.0.0.1", "p1", "n1", "z")],
    );
    let b = mk_slice(
        "b",
        "web",
        &[("http", 9090)],
        vec![mk_ep("10.0.0.2", "p2", "n1", "z")],
    );
    let m = merged(&[a, b]);
    assert_eq!(
        keys(m.for_port("http", &Protocol::Tcp)),
        vec!["10.0.0.1:8080", "10.0.0.2:9090"]
    );
    assert!(m.for_port("http", &Protocol::Udp).is_empty());
}

#[test]
fn duplicates_merge_by_ip_port_and_the_non_terminating_copy_wins_either_way() {
    let running = mk_ep("10.0.0.1", "new", "n1", "z");
    let draining = with_conditions(
        mk_ep("10.0.0.1", "old", "n2", "z"),
        Some(false),
        Some(true),
        Some(true),
    );
    for order in [[0usize, 1], [1, 0]] {
        let slices = [
            mk_slice("a", "web", &[("http", 80)], vec![running.clone()]),
            mk_slice("b", "web", &[("http", 80)], vec![draining.clone()]),
        ];
        let m = merged(&[slices[order[0]].clone(), slices[order[1]].clone()]);
        let eps = m.for_port("http", &Protocol::Tcp);
        assert_eq!(eps.len(), 1);
        assert_eq!(eps[0].pod.as_deref(), Some("new"), "order {order:?}");
        assert!(matches!(
            &m.ignored[0],
            Ignored::Duplicate { kept, ambiguous: false, .. } if kept == "a"
        ));
    }
}

#[test]
fn two_running_copies_that_differ_are_flagged_ambiguous() {
    let a = mk_slice(
        "a",
        "web",
        &[("http", 80)],
        vec![mk_ep("10.0.0.1", "p", "n1", "z")],
    );
    let b = mk_slice(
        "b",
        "web",
        &[("http", 80)],
        vec![mk_ep("10.0.0.1", "p", "n2", "z")],
    );
    let m = merged(&[a, b]);
    assert_eq!(m.for_port("http", &Protocol::Tcp).len(), 1);
    assert!(matches!(
        &m.ignored[0],
        Ignored::Duplicate {
            ambiguous: true,
            ..
        }
    ));
}

#[test]
fn node_hints_are_read_only_with_prefer_same_traffic_distribution() {
    let ep = with_hints(mk_ep("10.0.0.1", "p", "n1", "z"), &["z"], &["n1"]);
    let s = mk_slice("a", "web", &[("http", 80)], vec![ep]);
    let on = merge(&[&s], IpFamily::V4, true);
    let off = merge(&[&s], IpFamily::V4, false);
    assert_eq!(on.ports[0].endpoints[0].node_hints, vec!["n1"]);
    assert!(off.ports[0].endpoints[0].node_hints.is_empty());
    assert_eq!(off.ports[0].endpoints[0].zone_hints, vec!["z"]);
}

#[test]
fn ipv6_addresses_are_canonical_and_sorted_numerically() {
    let mut s = mk_slice(
        "a",
        "web",
        &[("http", 80)],
        vec![
            mk_ep("fd00:0:0::10", "p1", "n", "z"),
            mk_ep("fd00::9", "p2", "n", "z"),
        ],
    );
    s.address_type = Some(AddressType::IPv6);
    let m = merge(&[&s], IpFamily::V6, false);
    assert_eq!(
        keys(&m.ports[0].endpoints),
        vec!["[fd00::9]:80", "[fd00::10]:80"]
    );
}
