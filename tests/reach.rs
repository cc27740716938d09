//! `reach`: one small fixture (tests/fixtures/reach/paths.yaml), one failure per hop, with the
//! exact hop, status and message, and the exit status.

use crate::util::{fixture, svcx};
use serde_json::Value;

fn reach(args: &[&str]) -> (Value, i32) {
    let out = svcx()
        .arg("reach")
        .args(args)
        .arg("-f")
        .arg(fixture("reach/paths.yaml"))
        .args(["-o", "json"])
        .output()
        .unwrap();
    let code = out.status.code().unwrap();
    let v: Value = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&out.stderr)));
    (v, code)
}

/// (number, hop, status, message) of every shared hop.
fn hops(v: &Value) -> Vec<(u64, String, String, String)> {
    hops_of(&v["hops"])
}

fn hops_of(list: &Value) -> Vec<(u64, String, String, String)> {
    list.as_array()
        .unwrap()
        .iter()
        .map(|h| {
            (
                h["number"].as_u64().unwrap(),
                h["hop"].as_str().unwrap().to_string(),
                h["status"].as_str().unwrap().to_string(),
                h["message"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

fn hop(n: u64, hop: &str, status: &str, message: &str) -> (u64, String, String, String) {
    (n, hop.into(), status.into(), message.into())
}

#[test]
fn wrong_name_from_another_namespace_is_nxdomain_with_the_fix() {
    let (v, code) = reach(&["front/pod/client", "payments"]);
    assert_eq!(code, 1);
    assert_eq!(v["verdict"], "blocked");
    assert_eq!(
        hops(&v),
        vec![hop(
            1,
            "dns",
            "blocked",
            "payments does not resolve from namespace front: tried payments.front.svc.cluster.local, payments.svc.cluster.local, payments.cluster.local, payments (search front.svc.cluster.local svc.cluster.local cluster.local, ndots 5; dnsPolicy ClusterFirst): NXDOMAIN; Service payments is in namespace shop: use payments.shop (or payments.shop.svc.cluster.local)"
        )]
    );
    assert_eq!(v["hops"][0]["object"]["name"], "payments");
    assert!(v["backends"].as_array().unwrap().is_empty());
}

#[test]
fn missing_port() {
    let (v, code) = reach(&["front/pod/client", "payments.shop:9999"]);
    assert_eq!(code, 1);
    assert_eq!(
        hops(&v)[1],
        hop(
            2,
            "service-port",
            "blocked",
            "shop/payments has no port 9999 (ports: https 8443/TCP)"
        )
    );
}

#[test]
fn no_ready_endpoints_are_rejected() {
    let (v, code) = reach(&["front/pod/client", "down.shop"]);
    assert_eq!(code, 1);
    assert_eq!(
        hops(&v)[2],
        hop(
            3,
            "kube-proxy",
            "blocked",
            "shop/down has no ready endpoint for http 80/TCP: kube-proxy on node-1 rejects the connection (connection refused)"
        )
    );
}

#[test]
fn internal_traffic_policy_local_without_a_local_endpoint_drops() {
    let (v, code) = reach(&["front/pod/client", "local.shop"]);
    assert_eq!(code, 1);
    assert_eq!(
        hops(&v)[2],
        hop(
            3,
            "kube-proxy",
            "blocked",
            "internalTrafficPolicy Local and no ready endpoint on node node-1: kube-proxy on node-1 drops the connection (it times out)"
        )
    );
    // From the endpoint's node it works.
    let (v, code) = reach(&["billing/pod/biller", "local.shop"]);
    assert_eq!((v["verdict"].as_str(), code), (Some("reachable"), 0));
}

#[test]
fn egress_default_deny_without_a_dns_exception_breaks_dns() {
    let (v, code) = reach(&["front/pod/locked", "web.shop"]);
    assert_eq!(code, 1);
    assert_eq!(
        hops(&v)[0],
        hop(
            1,
            "dns",
            "blocked",
            "egress of pod locked does not allow UDP 53 to the cluster DNS pods (NetworkPolicy: deny-egress), so no name resolves; the resolver asks over UDP first (TCP 53 alone is not enough)"
        )
    );
    // TCP 53 alone is not enough.
    let (v, _) = reach(&["front/pod/tcpdns", "web.shop"]);
    assert_eq!(v["hops"][0]["status"], "blocked");
    // Dialling the ClusterIP needs no DNS: then the egress hop of each backend says it.
    let (v, code) = reach(&["front/pod/locked", "10.96.1.4:80"]);
    assert_eq!(code, 1);
    assert_eq!(v["hops"][0]["hop"], "service-port");
    assert_eq!(
        hops_of(&v["backends"][0]["hops"])[0],
        hop(
            4,
            "egress",
            "blocked",
            "NetworkPolicy deny-egress selects pod locked for egress and none allows 8080/TCP to web-0 (no egress rule: everything is denied)"
        )
    );
}

#[test]
fn ingress_allowing_another_namespace_only() {
    let (v, code) = reach(&["front/pod/client", "payments.shop:https"]);
    assert_eq!(code, 1);
    assert_eq!(v["verdict"], "blocked");
    for b in v["backends"].as_array().unwrap() {
        assert_eq!(
            hops_of(&b["hops"])[1],
            hop(
                5,
                "ingress",
                "blocked",
                &format!(
                    "NetworkPolicy payments-from-billing selects {} for ingress and none allows 8443/TCP from pod client (allowed: from every pod in namespaces kubernetes.io/metadata.name=billing on any port)",
                    b["name"].as_str().unwrap()
                )
            )
        );
        assert_eq!(b["hops"][1]["object"]["name"], "payments-from-billing");
    }
    let (v, code) = reach(&["billing/pod/biller", "payments.shop"]);
    assert_eq!((v["verdict"].as_str(), code), (Some("reachable"), 0));
}

#[test]
fn ipblock_except_blocks_some_backends() {
    let (v, code) = reach(&["front/pod/fenced", "web.shop"]);
    // Reachable through one backend: exit 0, but said distinctly.
    assert_eq!(code, 0);
    assert_eq!(v["verdict"], "some-backends-blocked");
    let backends = v["backends"].as_array().unwrap();
    assert_eq!(backends[0]["name"], "web-0");
    assert_eq!(backends[0]["verdict"], "reachable");
    assert_eq!(backends[1]["name"], "web-1");
    assert_eq!(
        hops_of(&backends[1]["hops"])[0],
        hop(
            4,
            "egress",
            "blocked",
            "NetworkPolicy fenced-egress selects pod fenced for egress and none allows 8080/TCP to web-1 (allowed: to anywhere on 53/UDP; to ipBlock 10.244.0.0/16 except 10.244.2.0/24 on any port)"
        )
    );
}

#[test]
fn ambiguous_port_number_asks_for_name_or_protocol() {
    let out = svcx()
        .args(["reach", "front/pod/client", "dns-both.shop:53", "-f"])
        .arg(fixture("reach/paths.yaml"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        "error: port 53 of Service shop/dns-both exists for several protocols (dns 53/UDP, dns-tcp 53/TCP): give the port name or --protocol\n"
    );
    for args in [
        &["front/pod/client", "dns-both.shop:53", "--protocol", "UDP"][..],
        &["front/pod/client", "dns-both.shop:dns"][..],
    ] {
        let (v, code) = reach(args);
        assert_eq!(code, 0, "{args:?}");
        assert_eq!(v["port"], "dns 53/UDP");
        assert_eq!(v["backends"][0]["address"], "10.244.1.23:5353");
    }
}

#[test]
fn other_policy_apis_make_policy_hops_unknown() {
    let out = svcx()
        .args([
            "reach",
            "billing/pod/biller",
            "payments.shop",
            "-o",
            "json",
            "-f",
        ])
        .arg(fixture("reach/paths.yaml"))
        .arg("-f")
        .arg(fixture("reach/cilium.yaml"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["verdict"], "unknown");
    let ingress = &v["backends"][0]["hops"][1];
    assert_eq!(ingress["status"], "unknown");
    assert_eq!(
        ingress["message"],
        "CiliumNetworkPolicy objects are in the input and are not evaluated; they may allow or deny this; by NetworkPolicy alone: NetworkPolicy payments-from-billing allows 8443/TCP from pod biller"
    );
}

#[test]
fn unknown_client_or_destination_is_a_usage_error() {
    for (args, err) in [
        (
            &["front/pod/nope", "web.shop"][..],
            "error: pod \"nope\" not found in namespace \"front\" (pods there: client, fenced, hostdns, locked, tcpdns)\n",
        ),
        (
            &["service/web", "web.shop"][..],
            "error: \"service/web\": unknown kind \"service\" (use pod, deployment, statefulset, daemonset, replicaset, replicationcontroller, job, cronjob or node)\n",
        ),
        (
            &["front/pod/client", "10.1.2.3:80"][..],
            "error: no Service has the address 10.1.2.3 (ClusterIP, externalIPs or load balancer ingress)\n",
        ),
    ] {
        let out = svcx()
            .arg("reach")
            .args(args)
            .arg("-f")
            .arg(fixture("reach/paths.yaml"))
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert_eq!(String::from_utf8_lossy(&out.stderr), err);
    }
}

#[test]
fn from_a_node_and_from_outside() {
    // Host-network traffic: no egress policy; the backend on the same node always admits it,
    // the one on the other node is judged by address (payments-from-billing has no ipBlock).
    let (v, code) = reach(&["node/node-1", "10.96.1.1:8443"]);
    assert_eq!(code, 0);
    assert_eq!(v["verdict"], "some-backends-blocked");
    assert_eq!(
        v["backends"][0]["hops"][1]["message"],
        "payments-0 runs on the client's node: traffic from its own node is always allowed"
    );
    assert_eq!(v["backends"][1]["hops"][1]["status"], "blocked");
    // A ClusterIP Service is not reachable from outside.
    let (v, code) = reach(&["external", "web.shop"]);
    assert_eq!(code, 1);
    assert_eq!(
        hops(&v)[1],
        hop(
            3,
            "kube-proxy",
            "blocked",
            "shop/web is type ClusterIP with no node port, load balancer IP or external IP: nothing outside the cluster reaches it"
        )
    );
}

/// Manifests: the client's pod template and the backends' templates stand in.
#[test]
fn manifests_use_templates() {
    let out = svcx()
        .args([
            "reach",
            "deployment/web",
            "api:http",
            "-n",
            "reach-demo",
            "-o",
            "json",
            "-f",
        ])
        .arg(fixture("reach/manifests.yaml"))
        .output()
        .unwrap();
    let v: Value = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&out.stderr)));
    assert_eq!(out.status.code(), Some(0), "{v:#}");
    assert_eq!(v["client"], "the pod template of Deployment reach-demo/web");
    assert_eq!(v["backends"][0]["name"], "Deployment api");
    assert_eq!(v["backends"][0]["address"], "port 8080");
    assert_eq!(
        v["backends"][0]["hops"][1]["message"],
        "NetworkPolicy api-from-web allows 8080/TCP from the client's pod template"
    );
    // batch's template has no egress rule for DNS.
    let out = svcx()
        .args([
            "reach",
            "deployment/batch",
            "api",
            "-n",
            "reach-demo",
            "-o",
            "json",
            "-f",
        ])
        .arg(fixture("reach/manifests.yaml"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["hops"][0]["status"], "unknown");
    // Unknown DNS, but the backend's ingress blocks it anyway.
    assert_eq!(v["verdict"], "blocked");
    assert_eq!(v["backends"][0]["hops"][1]["status"], "blocked");
}

#[test]
fn dns_answers_headless_externalname_and_dns_policy() {
    // Headless: DNS returns the ready endpoints, no kube-proxy in between.
    let (v, code) = reach(&["billing/pod/biller", "db.shop"]);
    assert_eq!(code, 0);
    assert_eq!(
        hops(&v)[0].3,
        "db.shop is db.shop.svc.cluster.local: A 10.244.2.30 (search billing.svc.cluster.local svc.cluster.local cluster.local, ndots 5; dnsPolicy ClusterFirst)"
    );
    assert_eq!(
        hops(&v)[2].3,
        "headless: no kube-proxy rules; the client connects to the 1 address(es) DNS returns, on port 5432"
    );
    assert_eq!(v["backends"][0]["address"], "10.244.2.30:5432");
    // Headless without a ready endpoint: NXDOMAIN.
    let (v, code) = reach(&["billing/pod/biller", "db-empty.shop:5432"]);
    assert_eq!(code, 1);
    assert_eq!(
        hops(&v),
        vec![hop(
            1,
            "dns",
            "blocked",
            "db-empty.shop does not resolve from namespace billing: tried db-empty.shop.billing.svc.cluster.local, db-empty.shop.svc.cluster.local, db-empty.shop.cluster.local, db-empty.shop (search billing.svc.cluster.local svc.cluster.local cluster.local, ndots 5; dnsPolicy ClusterFirst): NXDOMAIN; shop/db-empty is headless and has no ready endpoint, so its name does not exist"
        )]
    );
    // ExternalName: a CNAME out of the cluster, not followed.
    let (v, code) = reach(&["billing/pod/biller", "ext.shop:443"]);
    assert_eq!(code, 1);
    assert_eq!(v["verdict"], "unknown");
    assert_eq!(
        v["summary"],
        "unknown: ext.shop is a CNAME to db.example.com, outside the cluster; the rest of the path is not judged"
    );
    // dnsPolicy Default: the node's resolver does not know cluster names.
    let (v, code) = reach(&["front/pod/hostdns", "web.shop"]);
    assert_eq!(code, 1);
    assert_eq!(
        hops(&v),
        vec![hop(
            1,
            "dns",
            "blocked",
            "pod front/hostdns on node node-1 (10.244.1.14) does not use the cluster DNS (dnsPolicy Default (the node's resolver)): web.shop is a cluster name its resolver does not answer (use dnsPolicy ClusterFirst, or ClusterFirstWithHostNet on the host network)"
        )]
    );
}

/// From outside through a LoadBalancer with loadBalancerSourceRanges: kube-proxy filters the
/// load balancer address by source, not the node port, and the hop says so.
#[test]
fn external_through_a_load_balancer_names_its_source_ranges() {
    let out = svcx()
        .args(["reach", "external", "web.shop", "-f"])
        .arg(fixture("reach/paths.yaml"))
        .arg("-f")
        .arg(fixture("reach/web-loadbalancer.yaml"))
        .args(["-o", "json"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        hops(&v)[1],
        hop(
            3,
            "kube-proxy",
            "ok",
            "node port 30080: routed to an endpoint on node(s) node-1, node-2; the load balancer address accepts only clients from loadBalancerSourceRanges 203.0.113.0/24, 198.51.100.7/32 (the node port is not filtered)"
        )
    );
}
