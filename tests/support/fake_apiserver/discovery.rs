//! Discovery documents: the recorded ones from `tests/fixtures/apiserver/`, aggregated
//! (`APIGroupDiscoveryList` v2) when the client asks for it, as kubectl does.

use super::respond::{Resp, header, raw};
use http::{HeaderMap, StatusCode};
use serde_json::{Value, json};

const VERSION: &str = include_str!("../../fixtures/apiserver/version.json");
const API: &str = include_str!("../../fixtures/apiserver/api.json");
const APIS: &str = include_str!("../../fixtures/apiserver/apis.json");
const APIS_AGGREGATED: &str =
    include_str!("../../fixtures/apiserver/apis-aggregated-discovery.json");
const API_V1: &str = include_str!("../../fixtures/apiserver/api-v1.json");
const DISCOVERY_V1: &str = include_str!("../../fixtures/apiserver/apis-discovery.k8s.io-v1.json");
/// The content type of aggregated discovery (`apis-aggregated-discovery.headers.txt`).
const AGGREGATED: &str = "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList";

/// The answer for a discovery path (`/version`, `/api`, `/apis`, group and version documents).
pub fn answer(path: &str, headers: &HeaderMap) -> Option<Resp> {
    Some(match path.trim_end_matches('/') {
        "/version" => raw(StatusCode::OK, VERSION, "application/json"),
        // Aggregated discovery when asked for it (kubectl does), as a v1.32 server answers;
        // client-go uses the resources inline only if both /api and /apis are aggregated.
        "/api" if wants_aggregated(headers) => aggregated(core_aggregated()),
        "/api" => raw(StatusCode::OK, API, "application/json"),
        "/apis" if wants_aggregated(headers) => aggregated(APIS_AGGREGATED),
        "/apis" => raw(StatusCode::OK, APIS, "application/json"),
        "/api/v1" => raw(StatusCode::OK, API_V1, "application/json"),
        "/apis/discovery.k8s.io/v1" => raw(StatusCode::OK, DISCOVERY_V1, "application/json"),
        "/apis/discovery.k8s.io" => {
            let apis: Value = serde_json::from_str(APIS).unwrap();
            let group = apis["groups"]
                .as_array()
                .and_then(|g| g.iter().find(|g| g["name"] == "discovery.k8s.io"))
                .cloned()
                .unwrap_or_default();
            let mut doc = json!({"kind": "APIGroup", "apiVersion": "v1"});
            for (k, v) in group.as_object().into_iter().flatten() {
                doc[k] = v.clone();
            }
            raw(StatusCode::OK, &doc.to_string(), "application/json")
        }
        _ => return None,
    })
}

fn wants_aggregated(headers: &HeaderMap) -> bool {
    let accept = header(headers, "accept").unwrap_or_default();
    accept.contains("as=APIGroupDiscoveryList") && accept.contains("v=v2;")
}

/// `apis-aggregated-discovery.headers.txt`: the aggregated content type, `vary: Accept`,
/// `cache-control: public`, an etag.
fn aggregated(body: &str) -> Resp {
    let mut r = raw(StatusCode::OK, body, AGGREGATED);
    let h = r.headers_mut();
    h.insert("vary", "Accept".parse().unwrap());
    h.insert("cache-control", "public".parse().unwrap());
    h.insert("etag", format!("\"{:016X}\"", body.len()).parse().unwrap());
    r
}

/// The core group in aggregated form (`APIGroupDiscoveryList` v2), derived from the recorded
/// `/api/v1` `APIResourceList` (the recording has `/apis` aggregated but not `/api`): top-level
/// resources with their subresources folded in, as `apidiscovery.k8s.io/v2` lays them out.
fn core_aggregated() -> &'static str {
    static DOC: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    DOC.get_or_init(|| {
        let list: Value = serde_json::from_str(API_V1).unwrap();
        let all = list["resources"].as_array().cloned().unwrap_or_default();
        let mut resources = Vec::new();
        for r in all
            .iter()
            .filter(|r| !r["name"].as_str().unwrap_or("").contains('/'))
        {
            let name = r["name"].as_str().unwrap_or_default();
            let subresources: Vec<Value> = all
                .iter()
                .filter_map(|s| {
                    let (parent, sub) = s["name"].as_str()?.split_once('/')?;
                    (parent == name).then(|| {
                        json!({
                            "subresource": sub,
                            "responseKind": {"group": "", "version": "", "kind": s["kind"]},
                            "verbs": s["verbs"],
                        })
                    })
                })
                .collect();
            let mut d = json!({
                "resource": name,
                "responseKind": {"group": "", "version": "", "kind": r["kind"]},
                "scope": if r["namespaced"] == true { "Namespaced" } else { "Cluster" },
                "singularResource": r["singularName"],
                "verbs": r["verbs"],
            });
            for k in ["shortNames", "categories"] {
                if let Some(v) = r.get(k) {
                    d[k] = v.clone();
                }
            }
            if !subresources.is_empty() {
                d["subresources"] = json!(subresources);
            }
            resources.push(d);
        }
        json!({
            "kind": "APIGroupDiscoveryList",
            "apiVersion": "apidiscovery.k8s.io/v2",
            "metadata": {},
            "items": [{
                "metadata": {"creationTimestamp": null},
                "versions": [{"version": "v1", "resources": resources, "freshness": "Current"}],
            }],
        })
        .to_string()
    })
}
