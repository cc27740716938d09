//! `?watch=true`: a chunked stream of `WatchEvent` JSON lines, as kube-apiserver serves them
//! (`staging/src/k8s.io/apiserver/pkg/endpoints/handlers/watch.go`): one
//! `{"type":...,"object":...}` per line, ADDED/MODIFIED/DELETED/BOOKMARK, starting after
//! `resourceVersion` (unset or `0`: ADDED for every current object first), honouring
//! `labelSelector`/`fieldSelector` (an object that stops matching is DELETED to the watch, one
//! that starts matching ADDED, as the watch cache does), `allowWatchBookmarks` and
//! `timeoutSeconds`. A resourceVersion older than the log answers 200 with one ERROR event whose
//! Status is `410 Expired` "too old resource version", which is what the watch cache sends
//! (`cacher.go` `newErrWatcher`); clients then relist.

use super::handler::State;
use super::resources::{Resource, by_path};
use super::respond::{Resp, bad_request, forbidden, raw};
use super::selector::{LabelSelector, parse_field_selector};
use super::store::Object;
use super::timeline::Logged;
use bytes::Bytes;
use http::StatusCode;
use http_body_util::BodyExt;
use http_body_util::combinators::BoxBody;
use hyper::body::{Body, Frame};
use std::collections::{BTreeMap, HashMap};
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::Duration;

/// An error that cuts a connection.
pub type BoxError = Box<dyn std::error::Error + Send + Sync>;
/// Any response body of the fake: whole, or streamed.
pub type AnyBody = BoxBody<Bytes, BoxError>;

/// A whole response as an `AnyBody` one.
pub fn full(r: Resp) -> http::Response<AnyBody> {
    r.map(|b| b.map_err(|never| match never {}).boxed())
}

/// A body fed through a channel; an `Err` aborts the connection mid-stream.
struct ChannelBody(tokio::sync::mpsc::Receiver<Result<Bytes, BoxError>>);

impl Body for ChannelBody {
    type Data = Bytes;
    type Error = BoxError;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, BoxError>>> {
        self.0.poll_recv(cx).map(|o| o.map(|r| r.map(Frame::data)))
    }
}

/// What one watch selects.
struct Filter {
    r: Resource,
    ns: Option<String>,
    labels: LabelSelector,
    fields: Vec<(String, String, bool)>,
    bookmarks: bool,
}

impl Filter {
    fn matches(
        &self,
        ns: Option<&str>,
        name: &str,
        labels: &BTreeMap<String, String>,
        body: &str,
    ) -> bool {
        let o = Object {
            key: String::new(),
            namespace: ns.map(str::to_string),
            name: name.to_string(),
            labels: labels.clone(),
            body: body.into(),
        };
        self.labels.matches(labels)
            && self
                .fields
                .iter()
                .all(|(f, v, eq)| (o.field(f) == *v) == *eq)
    }

    /// The event a logged change is to this watch, if any.
    fn event(&self, e: &Logged) -> Option<String> {
        if e.type_ == "BOOKMARK" {
            return self.bookmarks.then(|| {
                format!(
                    "{{\"type\":\"BOOKMARK\",\"object\":{{\"kind\":\"{}\",\"apiVersion\":\"{}\",\"metadata\":{{\"resourceVersion\":\"{}\"}}}}}}\n",
                    self.r.kind, self.r.api_version, e.rv
                )
            });
        }
        if e.resource != Some(self.r) || (self.ns.is_some() && e.namespace != self.ns) {
            return None;
        }
        let now = e.type_ != "DELETED"
            && self.matches(e.namespace.as_deref(), &e.name, &e.labels, &e.body);
        let before = e
            .old_labels
            .as_ref()
            .is_some_and(|l| self.matches(e.namespace.as_deref(), &e.name, l, &e.body));
        let type_ = match (before, now) {
            (true, true) => "MODIFIED",
            (false, true) => "ADDED",
            (true, false) => "DELETED",
            (false, false) => return None,
        };
        Some(self.line(type_, &e.body))
    }

    fn line(&self, type_: &str, body: &str) -> String {
        format!(
            "{{\"type\":\"{type_}\",\"object\":{{\"kind\":\"{}\",\"apiVersion\":\"{}\",{}}}\n",
            self.r.kind,
            self.r.api_version,
            &body[1..]
        )
    }
}

/// Answers a watch request on a collection path; `None` when `path` is not one.
pub fn route(
    state: &Arc<State>,
    path: &str,
    query: &HashMap<String, String>,
    user: &str,
) -> Option<http::Response<AnyBody>> {
    let (prefix, rest) = if let Some(rest) = path.strip_prefix("/api/v1/") {
        ("/api/v1", rest)
    } else {
        (
            "/apis/discovery.k8s.io/v1",
            path.strip_prefix("/apis/discovery.k8s.io/v1/")?,
        )
    };
    let segs: Vec<&str> = rest.split('/').filter(|s| !s.is_empty()).collect();
    let (r, ns) = match segs.as_slice() {
        ["namespaces", ns, plural] => {
            (by_path(prefix, plural).filter(|r| r.namespaced)?, Some(*ns))
        }
        [plural] => (by_path(prefix, plural)?, None),
        _ => return None,
    };
    let faults = state.faults.lock().unwrap().clone();
    if faults
        .forbidden
        .iter()
        .any(|(v, p)| v == "watch" && p == r.plural)
    {
        return Some(full(forbidden(&r, "watch", ns, None, user)));
    }
    let labels = match LabelSelector::parse(query.get("labelSelector").map_or("", String::as_str)) {
        Ok(s) => s,
        Err(m) => return Some(full(bad_request(&m))),
    };
    let fields = match parse_field_selector(
        query.get("fieldSelector").map_or("", String::as_str),
        r.fields,
    ) {
        Ok(f) => f,
        Err(m) => return Some(full(bad_request(&m))),
    };
    let from = match query.get("resourceVersion").map(String::as_str) {
        None | Some("" | "0") => None,
        Some(v) => match v.parse::<u64>() {
            Ok(n) => Some(n),
            Err(_) => return Some(full(bad_request(&format!("invalid resource version: {v}")))),
        },
    };
    let filter = Filter {
        r,
        ns: ns.map(str::to_string),
        labels,
        fields: fields
            .into_iter()
            .map(|(f, v, eq)| (f.to_string(), v.to_string(), eq))
            .collect(),
        bookmarks: query
            .get("allowWatchBookmarks")
            .is_some_and(|v| v == "true" || v == "1"),
    };
    let timeout = query
        .get("timeoutSeconds")
        .and_then(|t| t.parse::<u64>().ok())
        .map(Duration::from_secs);
    let (tx, rx) = tokio::sync::mpsc::channel(256);
    tokio::spawn(stream(state.clone(), filter, from, timeout, tx));
    let resp = raw(StatusCode::OK, "", "application/json");
    let (parts, _) = resp.into_parts();
    Some(http::Response::from_parts(parts, ChannelBody(rx).boxed()))
}

/// Feeds one watch until its timeout, a drop, or the client going away.
async fn stream(
    state: Arc<State>,
    filter: Filter,
    from: Option<u64>,
    timeout: Option<Duration>,
    tx: tokio::sync::mpsc::Sender<Result<Bytes, BoxError>>,
) {
    let mut changed = state.changed.subscribe();
    let (drops, connected) = {
        let log = state.log.lock().unwrap();
        (log.drops, log.next_seq)
    };
    // Log entries up to here were streamed (`None`: nothing yet).
    let mut sent: Option<u64> = None;
    let send = |line: String| {
        let tx = tx.clone();
        async move { tx.send(Ok(Bytes::from(line))).await.is_ok() }
    };
    let cursor = match from {
        Some(rv) => {
            let oldest = state.log.lock().unwrap().oldest;
            if rv < oldest {
                let line = format!(
                    "{{\"type\":\"ERROR\",\"object\":{{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"metadata\":{{}},\"status\":\"Failure\",\"message\":\"too old resource version: {rv} ({oldest})\",\"reason\":\"Expired\",\"code\":410}}}}\n"
                );
                send(line).await;
                return;
            }
            rv
        }
        None => {
            // The current objects as ADDED, then changes after the snapshot's resourceVersion.
            let store = state.store.read().unwrap().clone();
            let mut lines = Vec::new();
            for o in store.objects(&filter.r) {
                if filter
                    .ns
                    .as_deref()
                    .is_some_and(|ns| o.namespace.as_deref() != Some(ns))
                {
                    continue;
                }
                if filter.matches(o.namespace.as_deref(), &o.name, &o.labels, &o.body) {
                    lines.push(filter.line("ADDED", &o.body));
                }
            }
            for line in lines {
                if !send(line).await {
                    return;
                }
            }
            store.resource_version
        }
    };
    let deadline = timeout.map(|t| tokio::time::Instant::now() + t);
    loop {
        let (lines, dropped) = {
            let log = state.log.lock().unwrap();
            // Changes after the watch's resourceVersion; bookmarks made since it connected.
            let lines: Vec<(u64, Option<String>)> = log
                .events
                .iter()
                .filter(|e| {
                    let new = sent.is_none_or(|s| e.seq > s);
                    new && if e.type_ == "BOOKMARK" {
                        e.seq >= connected
                    } else {
                        e.rv > cursor
                    }
                })
                .map(|e| (e.seq, filter.event(e)))
                .collect();
            (lines, log.drops != drops)
        };
        if dropped {
            let _ = tx.send(Err("connection dropped by the test".into())).await;
            return;
        }
        for (seq, line) in lines {
            sent = Some(sent.map_or(seq, |s| s.max(seq)));
            if let Some(line) = line
                && !send(line).await
            {
                return;
            }
        }
        let wait = changed.changed();
        match deadline {
            Some(d) => tokio::select! {
                r = wait => if r.is_err() { return },
                _ = tokio::time::sleep_until(d) => return,
            },
            None => {
                if wait.await.is_err() {
                    return;
                }
            }
        }
    }
}
