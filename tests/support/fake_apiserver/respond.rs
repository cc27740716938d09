//! Responses: JSON bodies with the recorded headers, and `Status` errors shaped like the
//! recorded ones in `tests/fixtures/apiserver/` (`error-*.json`).

use super::paging::{ContinueToken, encode_continue};
use super::resources::Resource;
use bytes::Bytes;
use http::{HeaderMap, Response, StatusCode};
use http_body_util::Full;
use serde_json::{Value, json};

/// A response of the fake.
pub type Resp = Response<Full<Bytes>>;

/// `error-410-expired-continue.json`: a fresh token (rv -1) that continues inconsistently.
pub fn expired(start: &str) -> Resp {
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
pub fn forbidden(
    r: &Resource,
    verb: &str,
    ns: Option<&str>,
    name: Option<&str>,
    user: &str,
) -> Resp {
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

/// 404 for a path no resource lives at.
pub fn not_found_path() -> Resp {
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

/// 400 BadRequest (`error-400-invalid-continue.json`).
pub fn bad_request(message: &str) -> Resp {
    status(StatusCode::BAD_REQUEST, 400, "BadRequest", message, None)
}

/// A `Status` error response.
pub fn status(
    code: StatusCode,
    n: u16,
    reason: &str,
    message: &str,
    details: Option<Value>,
) -> Resp {
    json_response(
        code,
        status_body(n, reason, message, details, None),
        0,
        true,
    )
}

/// A `Status` object in the field order of the recorded ones.
pub fn status_body(
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

/// A JSON response; 403s carry `x-content-type-options: nosniff` like the recorded ones.
pub fn json_response(code: StatusCode, body: Value, audit: u64, apf: bool) -> Resp {
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

/// A response with the headers every recorded response has.
pub fn raw(code: StatusCode, body: &str, content_type: &str) -> Resp {
    Response::builder()
        .status(code)
        .header("content-type", content_type)
        .header("cache-control", "no-cache, private")
        .body(Full::new(Bytes::from(body.to_string())))
        .unwrap()
}

/// `audit-id`, and the API Priority and Fairness headers once authenticated.
pub fn add_common_headers(h: &mut HeaderMap, audit: u64, apf: bool) {
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

/// A header as text.
pub fn header(h: &HeaderMap, name: &str) -> Option<String> {
    h.get(name)
        .and_then(|v| v.to_str().ok())
        .map(str::to_string)
}
