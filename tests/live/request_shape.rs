//! What `explain` asks the server: few requests, all GET, every one scoped to the Service and
//! its namespace.

use super::{scenarios, serve, stdout_ok, svcx_live};
use crate::support::fake_apiserver::{FakeApiServer, Recorded, resource};
use serde_json::Value;

/// The lists a one-Service read sends besides the Service, its pods, its Endpoints, `/version`:
/// its slices, Nodes, its Events, and NetworkPolicies, Deployments, StatefulSets, DaemonSets,
/// Ingresses, HTTPRoutes and GRPCRoutes of its namespace.
const AROUND: usize = 10;

/// Whether the Service `ns/name` of the fake's store selects some pod (selector pairs only).
fn selects_a_pod(server: &FakeApiServer, ns: &str, name: &str) -> bool {
    let store = server.store();
    let Some(svc) = store.find(&resource("services"), &format!("{ns}/{name}")) else {
        return false;
    };
    let svc: Value = serde_json::from_str(&svc.body).unwrap();
    let Some(sel) = svc["spec"]["selector"].as_object() else {
        return false;
    };
    store.objects(&resource("pods")).iter().any(|p| {
        p.namespace.as_deref() == Some(ns)
            && sel
                .iter()
                .all(|(k, v)| p.labels.get(k).map(String::as_str) == v.as_str())
    })
}

/// Checks the requests of one `explain NS/NAME`; returns them.
fn explain_requests(scenario: &str, ns: &str, name: &str) -> Vec<Recorded> {
    let server = serve(scenario);
    stdout_ok(svcx_live(&server).args(["explain", &format!("{ns}/{name}"), "-o", "json"]));
    let reqs = server.requests();
    let all: Vec<String> = reqs.iter().map(Recorded::describe).collect();
    let selects = selects_a_pod(&server, ns, name);
    for r in &reqs {
        assert_eq!(r.method, "GET", "{all:#?}");
        // Never a cluster-wide pod list; pods without the Service's selector only when the
        // selector selects none (what it almost selected: selector-near-miss).
        assert_ne!(r.path, "/api/v1/pods", "{all:#?}");
        if r.path.ends_with("/pods") {
            assert_eq!(r.path, format!("/api/v1/namespaces/{ns}/pods"), "{all:#?}");
            assert!(r.param("labelSelector").is_some() || !selects, "{all:#?}");
        }
        // Every namespaced request stays in the Service's namespace.
        if let Some(rest) = r.path.split("/namespaces/").nth(1) {
            assert!(rest.starts_with(&format!("{ns}/")), "{all:#?}");
        }
    }
    reqs
}

#[test]
fn explain_makes_a_bounded_number_of_scoped_get_requests() {
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
            // One page per list while everything fits in 500 (over-capacity is checked below):
            // the Service, its pods (twice when the selector selects none), its Endpoints,
            // `/version` and the lists around it.
            if pods <= 500 {
                assert!(
                    reqs.len() <= 5 + AROUND,
                    "{scenario}: {} requests: {:#?}",
                    reqs.len(),
                    reqs.iter().map(Recorded::describe).collect::<Vec<_>>()
                );
            }
        }
    }
}

#[test]
fn explain_asks_exactly_for_the_service_its_objects_and_what_is_around_it_in_its_namespace() {
    let mut got: Vec<String> = explain_requests("healthy-clusterip", "healthy-clusterip", "web")
        .iter()
        .map(Recorded::describe)
        .collect();
    got.sort();
    assert_eq!(
        got,
        [
            "GET /api/v1/namespaces/healthy-clusterip/endpoints/web",
            "GET /api/v1/namespaces/healthy-clusterip/events?fieldSelector=involvedObject.kind=Service,involvedObject.name=web&limit=500",
            "GET /api/v1/namespaces/healthy-clusterip/pods?labelSelector=app=web&limit=500",
            "GET /api/v1/namespaces/healthy-clusterip/services/web",
            "GET /api/v1/nodes?limit=500",
            "GET /apis/apps/v1/namespaces/healthy-clusterip/daemonsets?limit=500",
            "GET /apis/apps/v1/namespaces/healthy-clusterip/deployments?limit=500",
            "GET /apis/apps/v1/namespaces/healthy-clusterip/statefulsets?limit=500",
            "GET /apis/discovery.k8s.io/v1/namespaces/healthy-clusterip/endpointslices?labelSelector=kubernetes.io/service-name=web&limit=500",
            "GET /apis/gateway.networking.k8s.io/v1/namespaces/healthy-clusterip/grpcroutes?limit=500",
            "GET /apis/gateway.networking.k8s.io/v1/namespaces/healthy-clusterip/httproutes?limit=500",
            "GET /apis/networking.k8s.io/v1/namespaces/healthy-clusterip/ingresses?limit=500",
            "GET /apis/networking.k8s.io/v1/namespaces/healthy-clusterip/networkpolicies?limit=500",
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
    // The Service, its Endpoints, `/version`, three pod pages, the lists around it.
    assert_eq!(reqs.len(), 3 + 3 + AROUND, "{reqs:#?}");
}

#[test]
fn a_service_without_selector_lists_no_pods() {
    let reqs = explain_requests("selectorless-manual", "selectorless-manual", "external-db");
    assert!(reqs.iter().all(|r| !r.path.ends_with("/pods")), "{reqs:#?}");
    assert_eq!(reqs.len(), 3 + AROUND, "{reqs:#?}");
}
