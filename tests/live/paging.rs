//! The `-A` path (hidden `fetch` command, what `diagnose -A` reads): every kind listed once,
//! paged by 500, every object across pages, surviving 410 Expired by restarting the list.

use super::{code_and_stderr, serve_all, stdout_ok, svcx_live};
use crate::support::fake_apiserver::{FakeApiServer, Recorded, resource};

fn expected_counts(server: &FakeApiServer) -> String {
    let n = |p: &str| server.store().count(&resource(p));
    format!(
        "scope=all services={} pods={} endpointslices={} endpoints={} nodes={} serverVersion=v1.32\n",
        n("services"),
        n("pods"),
        n("endpointslices"),
        n("endpoints"),
        n("nodes")
    )
}

fn lists_of<'a>(reqs: &'a [Recorded], path: &str) -> Vec<&'a Recorded> {
    reqs.iter().filter(|r| r.path == path).collect()
}

#[test]
fn all_namespaces_reads_every_object_across_pages() {
    let server = serve_all();
    let pods = server.store().count(&resource("pods"));
    assert!(pods > 1000, "{pods} pods: want several pages");
    let out = stdout_ok(svcx_live(&server).args(["fetch", "-A"]));
    assert_eq!(out, expected_counts(&server));
    let reqs = server.requests();
    assert!(reqs.iter().all(|r| r.method == "GET"));
    let pod_pages = lists_of(&reqs, "/api/v1/pods");
    assert_eq!(pod_pages.len(), pods.div_ceil(500), "{pod_pages:#?}");
    assert!(
        pod_pages
            .iter()
            .all(|r| r.param("limit").as_deref() == Some("500"))
    );
    assert!(pod_pages[1..].iter().all(|r| r.param("continue").is_some()));
    // Each kind is listed (once: one pass of pages) and nothing else is asked.
    for path in [
        "/api/v1/services",
        "/apis/discovery.k8s.io/v1/endpointslices",
        "/api/v1/endpoints",
        "/api/v1/nodes",
        "/api/v1/events",
        "/apis/networking.k8s.io/v1/networkpolicies",
        "/apis/apps/v1/deployments",
        "/apis/apps/v1/statefulsets",
        "/apis/apps/v1/daemonsets",
        "/apis/networking.k8s.io/v1/ingresses",
        "/apis/gateway.networking.k8s.io/v1/httproutes",
        "/apis/gateway.networking.k8s.io/v1/grpcroutes",
        "/api/v1/namespaces",
        // The other policy APIs `reach` names (404 but for Cilium's, which the fake serves).
        "/apis/cilium.io/v2/ciliumnetworkpolicies",
        "/apis/cilium.io/v2/ciliumclusterwidenetworkpolicies",
    ] {
        assert_eq!(lists_of(&reqs, path).len(), 1, "{path}");
    }
    // Only the Events about Services.
    let events = lists_of(&reqs, "/api/v1/events");
    assert_eq!(
        events[0].param("fieldSelector").as_deref(),
        Some("involvedObject.kind=Service")
    );
    assert_eq!(reqs.len(), pod_pages.len() + 13 + 7 + 1, "{reqs:#?}");
}

#[test]
fn a_410_on_a_continue_token_restarts_the_list_and_loses_nothing() {
    let server = serve_all();
    server.faults(|f| {
        f.expire_continue.insert("pods".into(), 1);
    });
    let out = stdout_ok(svcx_live(&server).args(["fetch", "-A"]));
    assert_eq!(out, expected_counts(&server));
    let pods = server.store().count(&resource("pods"));
    let pod_pages = lists_of(&server.requests(), "/api/v1/pods")
        .into_iter()
        .cloned()
        .collect::<Vec<_>>();
    // First page, the expired continue, then a fresh list from the start.
    assert_eq!(pod_pages.len(), 2 + pods.div_ceil(500));
    assert!(
        pod_pages[2].param("continue").is_none(),
        "restarted from scratch"
    );
}

#[test]
fn a_list_that_keeps_expiring_fails_with_one_line() {
    let server = serve_all();
    server.faults(|f| {
        f.expire_continue.insert("pods".into(), 100);
    });
    let (code, err) = code_and_stderr(svcx_live(&server).args(["fetch", "-A"]));
    assert_eq!(code, Some(2));
    assert_eq!(
        err,
        "error: cannot list pods at the cluster scope: the list expired (410 Gone) again after 3 restarts\n"
    );
}

#[test]
fn one_namespace_is_listed_in_that_namespace_only() {
    let server = serve_all();
    let out = stdout_ok(svcx_live(&server).args(["fetch", "-n", "large-250"]));
    assert_eq!(
        out,
        "scope=namespace/large-250 services=1 pods=250 endpointslices=3 endpoints=1 nodes=5 serverVersion=v1.32\n"
            .replace("nodes=5", &format!("nodes={}", server.store().count(&resource("nodes"))))
    );
    for r in server.requests() {
        if r.path != "/api/v1/nodes" && r.path != "/version" {
            assert!(
                r.path.contains("/namespaces/large-250/"),
                "{}",
                r.describe()
            );
        }
    }
}
