//! Request handling: recording, authentication, fault injection, then discovery, get or list.

use super::discovery;
use super::paging::{ContinueToken, decode_continue, encode_continue};
use super::query::parse_query;
use super::resources::{Resource, by_path};
use super::respond::{
    Resp, add_common_headers, bad_request, expired, forbidden, header, json_response,
    not_found_path, raw, status, status_body,
};
use super::selector::{LabelSelector, parse_field_selector};
use super::store::Store;
use super::timeline::Log;
use super::watch::{self, AnyBody, full};
use super::{Faults, Recorded, TOKEN, USER};
use http::{HeaderMap, Method, Request, StatusCode};
use serde_json::json;
use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, RwLock};

/// Everything a connection handler needs.
pub struct State {
    /// The objects (replaced copy-on-write by the timeline).
    pub store: RwLock<Arc<Store>>,
    /// Changes for watches.
    pub log: Mutex<Log>,
    /// Bumped on every change of `log`, to wake the watches.
    pub changed: tokio::sync::watch::Sender<u64>,
    /// What to break.
    pub faults: Mutex<Faults>,
    /// Every request, in arrival order.
    pub requests: Mutex<Vec<Recorded>>,
    audit: AtomicU64,
}

impl State {
    /// State serving `store`.
    pub fn new(store: Arc<Store>) -> Self {
        State {
            store: RwLock::new(store),
            log: Mutex::new(Log::default()),
            changed: tokio::sync::watch::Sender::new(0),
            faults: Mutex::new(Faults::default()),
            requests: Mutex::new(Vec::new()),
            audit: AtomicU64::new(1),
        }
    }

    /// Wakes the watches.
    pub fn bump(&self) {
        self.changed.send_modify(|n| *n += 1);
    }
}

/// Answers one request.
pub async fn handle<B>(state: &Arc<State>, req: Request<B>) -> http::Response<AnyBody> {
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
        return full(json_response(
            StatusCode::UNAUTHORIZED,
            status_body(401, "Unauthorized", "Unauthorized", None, None),
            audit,
            false,
        ));
    }
    let user = impersonate_user.unwrap_or_else(|| USER.to_string());
    let mut resp = route(state, req.method(), &path, &raw_query, &headers, &user);
    add_common_headers(resp.headers_mut(), audit, true);
    resp
}

fn route(
    state: &Arc<State>,
    method: &Method,
    path: &str,
    raw_query: &str,
    headers: &HeaderMap,
    user: &str,
) -> http::Response<AnyBody> {
    let query = parse_query(raw_query);
    let watching = matches!(query.get("watch").map(String::as_str), Some("true" | "1"));
    if watching
        && method == Method::GET
        && let Some(resp) = watch::route(state, path, &query, user)
    {
        return resp;
    }
    full(route_once(state, method, path, raw_query, headers, user))
}

fn route_once(
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
    if let Some(r) = discovery::answer(path, headers) {
        return r;
    }
    // `/api/v1/...` or `/apis/GROUP/VERSION/...`; `by_path` below decides what is served.
    let (prefix, rest) = if let Some(rest) = path.strip_prefix("/api/v1/") {
        ("/api/v1".to_string(), rest)
    } else if let Some(after) = path.strip_prefix("/apis/") {
        let mut parts = after.splitn(3, '/');
        match (parts.next(), parts.next(), parts.next()) {
            (Some(group), Some(version), Some(rest)) => (format!("/apis/{group}/{version}"), rest),
            _ => return not_found_path(),
        }
    } else {
        return not_found_path();
    };
    let prefix = prefix.as_str();
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
    if faults.not_installed.iter().any(|p| p == r.plural) {
        return not_found_path();
    }
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

fn get(state: &State, r: &Resource, ns: Option<&str>, name: &str) -> Resp {
    let key = match ns {
        Some(ns) => format!("{ns}/{name}"),
        None => name.to_string(),
    };
    let store = state.store.read().unwrap().clone();
    let objects = store.objects(r);
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
    let store = state.store.read().unwrap().clone();
    let rv = store.resource_version;
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
    let objects = store.objects(r);
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
