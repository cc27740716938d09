//! One test per DNS rule (spec section or CoreDNS behaviour named in each test).

use super::*;
use crate::analysis::test_slices::{mk_ep, mk_slice, with_conditions};
use crate::model::{EndpointSlice, IpFamily, Protocol, ServiceType, TargetPort};
use crate::testing::{mk_service, mk_svc_port};

const FQDN: &str = "web.ns.svc.cluster.local";

fn rec(name: &str, type_: &str, values: &[&str]) -> DnsRecord {
    DnsRecord {
        name: name.into(),
        type_: type_.into(),
        values: values.iter().map(|v| (*v).to_string()).collect(),
    }
}

fn headless() -> Service {
    let mut svc = mk_service("web", &[("app", "web")]);
    svc.cluster_ip = Some("None".into());
    svc.cluster_ips = vec!["None".into()];
    svc
}

fn records(svc: &Service, slices: &[EndpointSlice]) -> Vec<DnsRecord> {
    let refs: Vec<&EndpointSlice> = slices.iter().collect();
    dns_records(svc, &refs, "cluster.local")
}

#[test]
fn cluster_ip_answers_a_and_srv_per_named_port() {
    // Spec 2.3.1 / 2.3.2: A = the cluster IP; SRV target = the Service name, port = Service port.
    let svc = mk_service("web", &[("app", "web")]);
    assert_eq!(
        records(&svc, &[]),
        vec![
            rec(FQDN, "A", &["10.96.0.10"]),
            rec(
                "_http._tcp.web.ns.svc.cluster.local",
                "SRV",
                &["0 100 80 web.ns.svc.cluster.local"]
            ),
        ]
    );
}

#[test]
fn dual_stack_cluster_ip_gets_a_and_aaaa_and_srv_weight_50() {
    let mut svc = mk_service("web", &[("app", "web")]);
    svc.cluster_ips = vec!["10.96.0.10".into(), "fd00:10:96::a".into()];
    svc.ip_families = vec![IpFamily::V4, IpFamily::V6];
    assert_eq!(
        records(&svc, &[]),
        vec![
            rec(FQDN, "A", &["10.96.0.10"]),
            rec(FQDN, "AAAA", &["fd00:10:96::a"]),
            rec(
                "_http._tcp.web.ns.svc.cluster.local",
                "SRV",
                &["0 50 80 web.ns.svc.cluster.local"]
            ),
        ]
    );
}

#[test]
fn unnamed_ports_have_no_srv_and_protocol_is_lower_case() {
    let mut svc = mk_service("web", &[("app", "web")]);
    svc.ports = vec![
        mk_svc_port("", 80, TargetPort::Number(8080), Protocol::Tcp),
        mk_svc_port("dns", 53, TargetPort::Number(5353), Protocol::Udp),
    ];
    let srv: Vec<String> = records(&svc, &[])
        .into_iter()
        .filter(|r| r.type_ == "SRV")
        .map(|r| r.name)
        .collect();
    assert_eq!(srv, vec!["_dns._udp.web.ns.svc.cluster.local"]);
}

#[test]
fn headless_answers_ready_endpoints_only_nil_ready_counts_as_ready() {
    // Spec 2.4.1 and CoreDNS `endpointsliceReady`: ready=false is left out, nil is ready.
    let slice = mk_slice(
        "web-a",
        "web",
        &[("http", 8080)],
        vec![
            mk_ep("10.0.0.2", "p2", "node-1", "a"),
            with_conditions(
                mk_ep("10.0.0.3", "p3", "node-1", "a"),
                Some(false),
                Some(false),
                Some(false),
            ),
            with_conditions(mk_ep("10.0.0.1", "p1", "node-1", "a"), None, None, None),
        ],
    );
    let out = records(&headless(), &[slice]);
    assert_eq!(out[0], rec(FQDN, "A", &["10.0.0.1", "10.0.0.2"]));
    assert!(
        out.iter().all(|r| !r
            .values
            .iter()
            .any(|v| v.contains("10.0.0.3") || v.contains("10-0-0-3"))),
        "{out:?}"
    );
}

#[test]
fn publish_not_ready_works_through_the_slice_ready_condition() {
    // The controller writes ready=true (serving=false) for not-ready pods under
    // publishNotReadyAddresses; DNS follows `ready`, so the pod is published.
    let mut svc = headless();
    svc.publish_not_ready_addresses = true;
    let slice = mk_slice(
        "web-a",
        "web",
        &[("http", 8080)],
        vec![
            mk_ep("10.0.0.1", "p1", "node-1", "a"),
            with_conditions(
                mk_ep("10.0.0.2", "p2", "node-1", "a"),
                Some(true),
                Some(false),
                Some(false),
            ),
        ],
    );
    assert_eq!(
        records(&svc, std::slice::from_ref(&slice))[0],
        rec(FQDN, "A", &["10.0.0.1", "10.0.0.2"])
    );
    assert_eq!(
        dns_notes(&svc, &[&slice]),
        vec![
            "publishNotReadyAddresses: DNS also answers with endpoints whose pods are not ready: p2"
        ]
    );
}

#[test]
fn headless_without_ready_endpoints_is_nxdomain() {
    let slice = mk_slice(
        "web-a",
        "web",
        &[("http", 8080)],
        vec![with_conditions(
            mk_ep("10.0.0.1", "p1", "node-1", "a"),
            Some(false),
            Some(false),
            Some(true),
        )],
    );
    let out = records(&headless(), &[slice]);
    assert_eq!(out, vec![rec(FQDN, "A", &[])]);
    assert!(out[0].is_nxdomain());
}

#[test]
fn headless_endpoint_names_use_hostname_else_dashed_ip() {
    // Spec 2.4.1 "hostname" = the endpoint's hostname, else a system-assigned identifier;
    // CoreDNS `endpointHostname` uses the IP with dashes.
    let mut with_host = mk_ep("10.0.0.1", "db-0", "node-1", "a");
    with_host.hostname = Some("db-0".into());
    let slice = mk_slice(
        "web-a",
        "web",
        &[("pg", 5432)],
        vec![with_host, mk_ep("10.0.0.2", "p2", "node-1", "a")],
    );
    let names: Vec<(String, Vec<String>)> = records(&headless(), &[slice])
        .into_iter()
        .filter(|r| r.type_ == "A" && r.name != FQDN)
        .map(|r| (r.name, r.values))
        .collect();
    assert_eq!(
        names,
        vec![
            (
                "10-0-0-2.web.ns.svc.cluster.local".to_string(),
                vec!["10.0.0.2".to_string()]
            ),
            (
                "db-0.web.ns.svc.cluster.local".to_string(),
                vec!["10.0.0.1".to_string()]
            ),
        ]
    );
}

#[test]
fn headless_srv_targets_each_endpoint_with_the_slice_port_and_weight_100_over_n() {
    // Spec 2.4.2; CoreDNS SRV weight floor(100 / 3) = 33, port = the pod's (slice) port.
    let eps = (1..=3)
        .map(|i| {
            let mut e = mk_ep(&format!("10.0.0.{i}"), &format!("db-{i}"), "node-1", "a");
            e.hostname = Some(format!("db-{i}").into());
            e
        })
        .collect();
    let slice = mk_slice("web-a", "web", &[("pg", 5432)], eps);
    let srv: Vec<DnsRecord> = records(&headless(), &[slice])
        .into_iter()
        .filter(|r| r.type_ == "SRV")
        .collect();
    assert_eq!(
        srv,
        vec![rec(
            "_pg._tcp.web.ns.svc.cluster.local",
            "SRV",
            &[
                "0 33 5432 db-1.web.ns.svc.cluster.local",
                "0 33 5432 db-2.web.ns.svc.cluster.local",
                "0 33 5432 db-3.web.ns.svc.cluster.local",
            ]
        )]
    );
}

#[test]
fn headless_srv_counts_duplicates_for_the_weight_then_drops_them() {
    // The same endpoint in two slices: CoreDNS builds 2 answers (weight 50), then de-duplicates.
    let a = mk_slice(
        "web-a",
        "web",
        &[("pg", 5432)],
        vec![mk_ep("10.0.0.1", "p", "n", "a")],
    );
    let b = mk_slice(
        "web-b",
        "web",
        &[("pg", 5432)],
        vec![mk_ep("10.0.0.1", "p", "n", "a")],
    );
    let out = records(&headless(), &[a, b]);
    assert_eq!(out[0], rec(FQDN, "A", &["10.0.0.1"]));
    assert_eq!(
        out.last().unwrap(),
        &rec(
            "_pg._tcp.web.ns.svc.cluster.local",
            "SRV",
            &["0 50 5432 10-0-0-1.web.ns.svc.cluster.local"]
        )
    );
}

#[test]
fn headless_slice_without_ports_still_answers_a_but_no_srv() {
    // CoreDNS adds a sentinel port -1 to a slice without ports: A works, SRV skips it.
    let slice = mk_slice("web-a", "web", &[], vec![mk_ep("10.0.0.1", "p", "n", "a")]);
    let out = records(&headless(), &[slice]);
    assert_eq!(out[0], rec(FQDN, "A", &["10.0.0.1"]));
    assert!(out.iter().all(|r| r.type_ != "SRV"), "{out:?}");
}

#[test]
fn headless_uses_every_address_of_an_endpoint() {
    // Unlike kube-proxy (addresses[0] only), CoreDNS publishes all addresses.
    let mut ep = mk_ep("10.0.0.1", "p", "n", "a");
    ep.addresses.push("10.0.0.9".into());
    let slice = mk_slice("web-a", "web", &[("pg", 5432)], vec![ep]);
    assert_eq!(
        records(&headless(), &[slice])[0],
        rec(FQDN, "A", &["10.0.0.1", "10.0.0.9"])
    );
}

#[test]
fn ipv6_endpoints_are_aaaa_with_dashed_names_and_fqdn_slices_are_ignored() {
    let mut v6 = mk_slice(
        "web-6",
        "web",
        &[("pg", 5432)],
        vec![mk_ep("fd00::1", "p", "n", "a")],
    );
    v6.address_type = Some(AddressType::IPv6);
    let mut fqdn = mk_slice(
        "web-f",
        "web",
        &[("pg", 5432)],
        vec![mk_ep("db.example.com", "p", "n", "a")],
    );
    fqdn.address_type = Some(AddressType::Fqdn);
    let out = records(&headless(), &[v6, fqdn]);
    assert_eq!(out[0], rec(FQDN, "AAAA", &["fd00::1"]));
    assert_eq!(
        out[1],
        rec("fd00--1.web.ns.svc.cluster.local", "AAAA", &["fd00::1"])
    );
    assert!(!format!("{out:?}").contains("example.com"));
}

#[test]
fn cluster_ip_service_lists_hostname_records_of_endpoints_with_a_hostname() {
    // Pods with hostname + subdomain = the Service name get `hostname` in the slice; CoreDNS
    // answers `<hostname>.<svc>...` for any Service, with the pod IP.
    let mut named = mk_ep("10.0.0.1", "p1", "n", "a");
    named.hostname = Some("pet".into());
    let slice = mk_slice(
        "web-a",
        "web",
        &[("http", 8080)],
        vec![named, mk_ep("10.0.0.2", "p2", "n", "a")],
    );
    let svc = mk_service("web", &[("app", "web")]);
    let out = records(&svc, &[slice]);
    assert_eq!(
        out,
        vec![
            rec(FQDN, "A", &["10.96.0.10"]),
            rec("pet.web.ns.svc.cluster.local", "A", &["10.0.0.1"]),
            rec(
                "_http._tcp.web.ns.svc.cluster.local",
                "SRV",
                &["0 100 80 web.ns.svc.cluster.local"]
            ),
        ]
    );
}

#[test]
fn external_name_is_a_cname_and_an_ip_target_gives_nothing() {
    let mut svc = mk_service("web", &[]);
    svc.type_ = Some(ServiceType::ExternalName);
    svc.external_name = Some("legacy.example.com".into());
    assert_eq!(
        records(&svc, &[]),
        vec![rec(FQDN, "CNAME", &["legacy.example.com"])]
    );
    svc.external_name = Some("192.0.2.1".into());
    assert!(records(&svc, &[])[0].is_nxdomain());
}
