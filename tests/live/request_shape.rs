//! What `explain` asks the server: few requests, all GET, every one scoped to the Service.

use super::{scenarios, serve, stdout_ok, svcx_live};
use crate::support::fake_apiserver::{Recorded, resource};

/// Checks the requests of one `explain NS/NAME`; returns them.
fn explain_requests(scenario: &str, ns: &str, name: &str) -> Vec<Recorded> {
    let server = serve(scenario);
    stdout_ok(svcx_live(&server).args(["explain", &format!("{ns}/{name}"), "-o", "json"]));
    let reqs = server.requests();
    let all: Vec<String> = reqs.iter().map(Recorded::describe).collect();
    for r in &reqs {
        assert_eq!(r.method, "GET", "{all:#?}");
        // Never a cluster-wide pod list, and never pods without the Service's selector.
        assert_ne!(r.path, "/api/v1/pods", "{all:#?}");
        if r.path.ends_with("/pods") {
            assert_eq!(r.path, format!("/api/v1/namespaces/{ns}/pods"), "{all:#?}");
            assert!(r.param("labelSelector").is_some(), "{all:#?}");
        }
        // Every namespaced request stays in the Service's namespace.
        if let Some(rest) = r.path.split("/namespaces/").nth(1) {
            assert!(rest.starts_with(&format!("{ns}/")), "{all:#?}");
        }
    }
    reqs
}

#[test]
fn explain_makes_at_most_six_scoped_get_requests() {
    for scenario in scenarios() {
        let server = serve(&scenario);
        let services: Vec<(String, String)> = server
            .store()
            .objects(&resource("services"))
            .iter()
            .map(|o| (o.namespace.clone().unwrap(), o.name.clone()))
            .collect();
        let pods = server.store().count(&resource("pods"));
        drop(server);
        for (ns, name) in services {
            let reqs = explain_requests(&scenario, &ns, &name);
            // One page per list while everything fits in 500 (over-capacity is checked below).
            if pods <= 500 {
                assert!(
                    reqs.len() <= 6,
                    "{scenario}: {} requests: {:#?}",
                    reqs.len(),
                    reqs.iter().map(Recorded::describe).collect::<Vec<_>>()
                );
            }
        }
    }
}

#[test]
fn explain_asks_exactly_for_the_service_its_pods_slices_endpoints_nodes_and_version() {
    let mut got: Vec<String> = explain_requests("healthy-clusterip", "healthy-clusterip", "web")
        .iter()
        .map(Recorded::describe)
        .collect();
    got.sort();
    assert_eq!(
        got,
        [
            "GET /api/v1/namespaces/healthy-clusterip/endpoints/web",
            "GET /api/v1/namespaces/healthy-clusterip/pods?labelSelector=app=web&limit=500",
            "GET /api/v1/namespaces/healthy-clusterip/services/web",
            "GET /api/v1/nodes?limit=500",
            "GET /apis/discovery.k8s.io/v1/namespaces/healthy-clusterip/endpointslices?labelSelector=kubernetes.io/service-name=web&limit=500",
            "GET /version",
        ]
    );
}

#[test]
fn a_service_with_more_than_500_pods_pages_its_selector_list() {
    let reqs = explain_requests("over-capacity", "over-capacity", "bulk");
    let pod_pages: Vec<&Recorded> = reqs.iter().filter(|r| r.path.ends_with("/pods")).collect();
    // 1005 pods: 500 + 500 + 5, each page carrying the selector, the later ones a continue token.
    assert_eq!(pod_pages.len(), 3, "{reqs:#?}");
    assert!(pod_pages[0].param("continue").is_none());
    assert!(pod_pages[1..].iter().all(|r| r.param("continue").is_some()));
    assert!(
        pod_pages
            .iter()
            .all(|r| r.param("limit").as_deref() == Some("500"))
    );
    assert_eq!(reqs.len(), 8);
}

#[test]
fn a_service_without_selector_lists_no_pods() {
    let reqs = explain_requests("selectorless-manual", "selectorless-manual", "external-db");
    assert!(reqs.iter().all(|r| !r.path.ends_with("/pods")), "{reqs:#?}");
    assert_eq!(reqs.len(), 5);
}
