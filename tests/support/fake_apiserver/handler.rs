//! Request handling: authentication, fault injection, discovery, get and list, and `Status`
//! errors shaped like the recorded ones in `tests/fixtures/apiserver/`.

use super::paging::{ContinueToken, decode_continue, encode_continue};
use super::resources::{Resource, by_path};
use super::selector::{LabelSelector, parse_field_selector};
use super::store::Store;
use super::{Faults, Recorded, TOKEN, USER};
use bytes::Bytes;
use http::{HeaderMap, Method, Request, Response, StatusCode};
use http_body_util::Full;
use serde_json::{Value, json};
use std::collections::HashMap;
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};

const VERSION: &str = include_str!("../../fixtures/apiserver/version.json");
const API: &str = include_str!("../../fixtures/apiserver/api.json");
const APIS: &str = include_str!("../../fixtures/apiserver/apis.json");
const APIS_AGGREGATED: &str =
    include_str!("../../fixtures/apiserver/apis-aggregated-discovery.json");
const API_V1: &str = include_str!("../../fixtures/apiserver/api-v1.json");
const DISCOVERY_V1: &str = include_str!("../../fixtures/apiserver/apis-discovery.k8s.io-v1.json");
/// The content type of aggregated discovery (`apis-aggregated-discovery.headers.txt`).
const AGGREGATED: &str = "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList";

/// Everything a connection handler needs.
pub struct State {
    /// The objects.
    pub store: std::sync::Arc<Store>,
    /// What to break.
    pub faults: Mutex<Faults>,
    /// Every request, in arrival order.
    pub requests: Mutex<Vec<Recorded>>,
    audit: AtomicU64,
}

impl State {
    /// State serving `store`.
    pub fn new(store: std::sync::Arc<Store>) -> Self {
        State {
            store,
            faults: Mutex::new(Faults::default()),
            requests: Mutex::new(Vec::new()),
            audit: AtomicU64::new(1),
        }
    }
}

type Resp = Response<Full<Bytes>>;

/// Answers one request.
pub async fn handle<B>(state: &State, req: Request<B>) -> Resp {
    let path = req.uri().path().to_string();
    let raw_query = req.uri().query().unwrap_or_default().to_string();
    let headers = req.headers().clone();
    let impersonate_user = header(&headers, "impersonate-user");
    let recorded = Recorded {
        method: req.method().to_string(),
        path: path.clone(),
        query: raw_query.clone(),
        impersonate_user: impersonate_user.clone(),
        impersonate_groups: headers
            .get_all("impersonate-group")
            .iter()
            .filter_map(|v| v.to_str().ok().map(str::to_string))
            .collect(),
        accept: header(&headers, "accept"),
    };
    state.requests.lock().unwrap().push(recorded);
    let delay = state.faults.lock().unwrap().delay;
    if let Some(d) = delay {
        tokio::time::sleep(d).await;
    }
    let audit = state.audit.fetch_add(1, Ordering::Relaxed);
    let authorized = header(&headers, "authorization").as_deref()
        == Some(&format!("Bearer {TOKEN}"))
        && !state.faults.lock().unwrap().unauthorized;
    if !authorized {
        // Rejected before API Priority and Fairness: no flow-schema headers
        // (`error-401-bad-token.headers.txt`).
        return json_response(
            StatusCode::UNAUTHORIZED,
            status_body(401, "Unauthorized", "Unauthorized", None, None),
            audit,
            false,
        );
    }
    let user = impersonate_user.unwrap_or_else(|| USER.to_string());
    let mut resp = route(state, req.method(), &path, &raw_query, &headers, &user);
    add_common_headers(resp.headers_mut(), audit, true);
    resp
}

fn route(
    state: &State,
    method: &Method,
    path: &str,
    raw_query: &str,
    headers: &HeaderMap,
    user: &str,
) -> Resp {
    if method != Method::GET {
        return status(
            StatusCode::METHOD_NOT_ALLOWED,
            405,
            "MethodNotAllowed",
            &format!("the fake API server is read-only: {method} {path} is not allowed"),
            None,
        );
    }
    match path.trim_end_matches('/') {
        "/version" => return raw(StatusCode::OK, VERSION, "application/json"),
        // Aggregated discovery when asked for it (kubectl does), as a v1.32 server answers;
        // client-go uses the resources inline only if both /api and /apis are aggregated.
        "/api" if wants_aggregated(headers) => return aggregated(core_aggregated()),
        "/api" => return raw(StatusCode::OK, API, "application/json"),
        "/apis" if wants_aggregated(headers) => return aggregated(APIS_AGGREGATED),
        "/apis" => return raw(StatusCode::OK, APIS, "application/json"),
        "/api/v1" => return raw(StatusCode::OK, API_V1, "application/json"),
        "/apis/discovery.k8s.io/v1" => {
            return raw(StatusCode::OK, DISCOVERY_V1, "application/json");
        }
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
            return raw(StatusCode::OK, &doc.to_string(), "application/json");
        }
        _ => {}
    }
    let (prefix, rest) = if let Some(rest) = path.strip_prefix("/api/v1/") {
        ("/api/v1", rest)
    } else if let Some(rest) = path.strip_prefix("/apis/discovery.k8s.io/v1/") {
        ("/apis/discovery.k8s.io/v1", rest)
    } else {
        return not_found_path();
    };
    let segs: Vec<&str> = rest.split('/').filter(|s| !s.is_empty()).collect();
    let query = parse_query(raw_query);
    let target = match segs.as_slice() {
        ["namespaces", ns, plural] => by_path(prefix, plural)
            .filter(|r| r.namespaced)
            .map(|r| (r, Some(*ns), None)),
        ["namespaces", ns, plural, name] => by_path(prefix, plural)
            .filter(|r| r.namespaced)
            .map(|r| (r, Some(*ns), Some(*name))),
        [plural] => by_path(prefix, plural).map(|r| (r, None, None)),
        [plural, name] => by_path(prefix, plural)
            .filter(|r| !r.namespaced)
            .map(|r| (r, None, Some(*name))),
        _ => None,
    };
    let Some((r, ns, name)) = target else {
        return not_found_path();
    };
    let verb = if name.is_some() { "get" } else { "list" };
    let faults = state.faults.lock().unwrap().clone();
    if faults
        .forbidden
        .iter()
        .any(|(v, p)| v == verb && p == r.plural)
    {
        return forbidden(&r, verb, ns, name, user);
    }
    if faults.internal_error.iter().any(|p| p == r.plural) {
        return status(
            StatusCode::INTERNAL_SERVER_ERROR,
            500,
            "InternalError",
            "Internal error occurred: injected failure",
            Some(json!({"causes": [{"message": "injected failure"}]})),
        );
    }
    match name {
        Some(name) => get(state, &r, ns, name),
        None => list(state, &r, ns, &query),
    }
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

fn get(state: &State, r: &Resource, ns: Option<&str>, name: &str) -> Resp {
    let key = match ns {
        Some(ns) => format!("{ns}/{name}"),
        None => name.to_string(),
    };
    let objects = state.store.objects(r);
    match objects.binary_search_by(|o| o.key.as_str().cmp(&key)) {
        Ok(i) => {
            let body = &objects[i].body;
            let text = format!(
                "{{\"kind\":\"{}\",\"apiVersion\":\"{}\",{}",
                r.kind,
                r.api_version,
                &body[1..]
            );
            raw(StatusCode::OK, &text, "application/json")
        }
        // `error-404-service-not-found.json`.
        Err(_) => {
            let mut details = json!({"name": name, "kind": r.plural});
            if !r.group.is_empty() {
                details["group"] = json!(r.group);
            }
            status(
                StatusCode::NOT_FOUND,
                404,
                "NotFound",
                &format!("{} {name:?} not found", r.qualified()),
                Some(details),
            )
        }
    }
}

fn list(state: &State, r: &Resource, ns: Option<&str>, query: &HashMap<String, String>) -> Resp {
    let labels = match LabelSelector::parse(query.get("labelSelector").map_or("", String::as_str)) {
        Ok(s) => s,
        Err(m) => return bad_request(&m),
    };
    let fields = match parse_field_selector(
        query.get("fieldSelector").map_or("", String::as_str),
        r.fields,
    ) {
        Ok(f) => f,
        Err(m) => return bad_request(&m),
    };
    let limit = query
        .get("limit")
        .and_then(|l| l.parse::<usize>().ok())
        .filter(|l| *l > 0);
    // Keys inside a namespace are listed relative to `<ns>/` (as the real server's tokens are).
    let prefix = ns.map(|ns| format!("{ns}/")).unwrap_or_default();
    let rv = state.store.resource_version;
    let start = match query.get("continue").filter(|c| !c.is_empty()) {
        None => String::new(),
        Some(token) => match decode_continue(token) {
            Err(m) => return bad_request(&format!("invalid continue token: {m}")),
            Ok(ContinueToken { start, .. }) => {
                let mut faults = state.faults.lock().unwrap();
                if let Some(n) = faults.expire_continue.get_mut(r.plural).filter(|n| **n > 0) {
                    *n -= 1;
                    drop(faults);
                    return expired(&start);
                }
                start
            }
        },
    };
    let objects = state.store.objects(r);
    let lo = objects.partition_point(|o| o.key.as_str() < prefix.as_str());
    let hi = if prefix.is_empty() {
        objects.len()
    } else {
        // Every key with the prefix sorts before `<ns>0` ('0' follows '/').
        let upper = format!("{}0", &prefix[..prefix.len() - 1]);
        objects.partition_point(|o| o.key.as_str() < upper.as_str())
    };
    let from_key = format!("{prefix}{start}");
    let mut i = lo + objects[lo..hi].partition_point(|o| o.key.as_str() < from_key.as_str());
    let mut items: Vec<&str> = Vec::new();
    let mut last_key = None;
    while i < hi && limit.is_none_or(|l| items.len() < l) {
        let o = &objects[i];
        i += 1;
        let field_ok = fields.iter().all(|(f, v, eq)| (o.field(f) == *v) == *eq);
        if field_ok && labels.matches(&o.labels) {
            items.push(&o.body);
            last_key = Some(o.key.as_str());
        }
    }
    let mut meta = format!("\"resourceVersion\":\"{rv}\"");
    if limit.is_some() && i < hi {
        let last = last_key.unwrap_or_default();
        let relative = &last[prefix.len().min(last.len())..];
        meta.push_str(&format!(
            ",\"continue\":\"{}\"",
            encode_continue(&ContinueToken {
                rv: rv as i64,
                start: format!("{relative}\u{0}"),
            })
        ));
        // Only an unfiltered list knows how many remain (`remainingItemCount`, api-concepts).
        if labels.is_empty() && fields.is_empty() {
            meta.push_str(&format!(",\"remainingItemCount\":{}", hi - i));
        }
    }
    let mut body = String::with_capacity(items.iter().map(|b| b.len() + 1).sum::<usize>() + 200);
    body.push_str(&format!(
        "{{\"kind\":\"{}\",\"apiVersion\":\"{}\",\"metadata\":{{{meta}}},\"items\":[",
        r.list_kind(),
        r.api_version
    ));
    for (n, item) in items.iter().enumerate() {
        if n > 0 {
            body.push(',');
        }
        body.push_str(item);
    }
    body.push_str("]}");
    raw(StatusCode::OK, &body, "application/json")
}

/// `error-410-expired-continue.json`: a fresh token (rv -1) that continues inconsistently.
fn expired(start: &str) -> Resp {
    let token = encode_continue(&ContinueToken {
        rv: -1,
        start: start.to_string(),
    });
    let mut body = status_body(
        410,
        "Expired",
        "The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter, or use the continue token in this response to retrieve the remainder of the results. Continuing with the provided token results in an inconsistent list - objects that were created, modified, or deleted between the time the first chunk was returned and now may show up in the list.",
        None,
        None,
    );
    body["metadata"] = json!({"continue": token});
    json_response(StatusCode::GONE, body, 0, true)
}

/// `error-403-noaccess-list-pods.json` (RBAC's `forbiddenMessage`).
fn forbidden(r: &Resource, verb: &str, ns: Option<&str>, name: Option<&str>, user: &str) -> Resp {
    let subject = match name {
        Some(n) => format!("{} {n:?}", r.qualified()),
        None => r.qualified(),
    };
    let scope = match ns {
        Some(ns) if r.namespaced => format!("in the namespace {ns:?}"),
        _ => "at the cluster scope".to_string(),
    };
    let message = format!(
        "{subject} is forbidden: User {user:?} cannot {verb} resource {:?} in API group {:?} {scope}",
        r.plural, r.group
    );
    let mut details = json!({"kind": r.plural});
    if let Some(n) = name {
        details["name"] = json!(n);
    }
    if !r.group.is_empty() {
        details["group"] = json!(r.group);
    }
    status(
        StatusCode::FORBIDDEN,
        403,
        "Forbidden",
        &message,
        Some(details),
    )
}

fn not_found_path() -> Resp {
    status(
        StatusCode::NOT_FOUND,
        404,
        "NotFound",
        "the server could not find the requested resource",
        Some(
            json!({"causes": [{"reason": "UnexpectedServerResponse", "message": "404 page not found"}]}),
        ),
    )
}

fn bad_request(message: &str) -> Resp {
    status(StatusCode::BAD_REQUEST, 400, "BadRequest", message, None)
}

fn status(code: StatusCode, n: u16, reason: &str, message: &str, details: Option<Value>) -> Resp {
    json_response(
        code,
        status_body(n, reason, message, details, None),
        0,
        true,
    )
}

/// A `Status` object in the field order of the recorded ones.
fn status_body(
    code: u16,
    reason: &str,
    message: &str,
    details: Option<Value>,
    metadata: Option<Value>,
) -> Value {
    let mut s = serde_json::Map::new();
    s.insert("kind".into(), json!("Status"));
    s.insert("apiVersion".into(), json!("v1"));
    s.insert("metadata".into(), metadata.unwrap_or_else(|| json!({})));
    s.insert("status".into(), json!("Failure"));
    s.insert("message".into(), json!(message));
    s.insert("reason".into(), json!(reason));
    if let Some(d) = details {
        s.insert("details".into(), d);
    }
    s.insert("code".into(), json!(code));
    Value::Object(s)
}

fn json_response(code: StatusCode, body: Value, audit: u64, apf: bool) -> Resp {
    let mut r = raw(code, &body.to_string(), "application/json");
    if code == StatusCode::FORBIDDEN {
        r.headers_mut()
            .insert("x-content-type-options", "nosniff".parse().unwrap());
    }
    if audit > 0 {
        add_common_headers(r.headers_mut(), audit, apf);
    }
    r
}

fn raw(code: StatusCode, body: &str, content_type: &str) -> Resp {
    Response::builder()
        .status(code)
        .header("content-type", content_type)
        .header("cache-control", "no-cache, private")
        .body(Full::new(Bytes::from(body.to_string())))
        .unwrap()
}

fn add_common_headers(h: &mut HeaderMap, audit: u64, apf: bool) {
    h.insert(
        "audit-id",
        format!("00000000-0000-4000-8000-{audit:012x}")
            .parse()
            .unwrap(),
    );
    if apf {
        h.insert(
            "x-kubernetes-pf-flowschema-uid",
            "df637392-79a6-4194-9407-97fd8b27e446".parse().unwrap(),
        );
        h.insert(
            "x-kubernetes-pf-prioritylevel-uid",
            "28ca1bc1-e2fc-47e4-8092-ab0276afc03a".parse().unwrap(),
        );
    }
}

fn header(h: &HeaderMap, name: &str) -> Option<String> {
    h.get(name)
        .and_then(|v| v.to_str().ok())
        .map(str::to_string)
}

/// `a=b&c=d%2Fe` -> map (form encoding: `+` is a space).
pub fn parse_query(q: &str) -> HashMap<String, String> {
    q.split('&')
        .filter(|p| !p.is_empty())
        .map(|p| {
            let (k, v) = p.split_once('=').unwrap_or((p, ""));
            (percent_decode(k), percent_decode(v))
        })
        .collect()
}

fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| (b as char).to_digit(16);
        match bytes[i] {
            b'+' => out.push(b' '),
            b'%' => {
                match (
                    bytes.get(i + 1).and_then(|b| hex(*b)),
                    bytes.get(i + 2).and_then(|b| hex(*b)),
                ) {
                    (Some(h), Some(l)) => {
                        out.push((h * 16 + l) as u8);
                        i += 2;
                    }
                    _ => out.push(b'%'),
                }
            }
            b => out.push(b),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}
