//! `explain -w` on a live cluster: list, then watch, scoped exactly like `explain`.
//!
//! The Service (`fieldSelector=metadata.name=NAME`), its Pods (the Service's selector as
//! `labelSelector`), its EndpointSlices (`kubernetes.io/service-name=NAME`) and its Endpoints
//! (`metadata.name=NAME`) are each listed, then watched from the list's resourceVersion with
//! bookmarks on (<https://kubernetes.io/docs/reference/using-api/api-concepts/#efficient-detection-of-changes>);
//! Nodes are listed once (zones). Only the `list` and `watch` verbs are used.
//!
//! Resuming follows client-go's reflector (`staging/src/k8s.io/client-go/tools/cache/reflector.go`):
//! the last resourceVersion seen (from an event or a BOOKMARK) is where the next watch starts,
//! so a watch the server ends (`timeoutSeconds`) or a dropped connection resumes without losing
//! or repeating an event; a `410 Gone` (as an HTTP status or an ERROR event, "too old resource
//! version") means the versions in between are gone, so the kind is listed again and the list
//! is handed on whole (`Received::Relist`) for the tracker to diff against what it knew. Failed
//! attempts are retried with an exponential backoff (100 ms doubling to 5 s, reset by the first
//! event of a new watch).

use super::client::LiveSource;
use super::error::LiveError;
use super::fetch::{LiveWarning, pod_selector, server_version};
use super::paging::list_values;
use super::requests::{
    ENDPOINT_SLICES, ENDPOINTS, Kind, ListScope, NODES, PODS, Requester, SERVICES, WatchQuery,
};
use crate::model::{KubeVersion, WatchedKind};
use crate::source::convert;
use crate::source::watch_record::{EventType, Received};
use futures::AsyncBufReadExt;
use serde_json::Value;
use std::time::Duration;
use tokio::sync::{mpsc, watch};

/// How long the server keeps one watch open before the client resumes (kube's default).
const WATCH_TIMEOUT_SECONDS: u32 = 290;
/// First retry delay, doubled on each failure up to `MAX_BACKOFF`.
const FIRST_BACKOFF: Duration = Duration::from_millis(100);
const MAX_BACKOFF: Duration = Duration::from_secs(5);

/// What the initial lists gave.
#[derive(Debug)]
pub struct WatchStart {
    /// One `Received::Initial` per kind (Service, Pods, slices, Endpoints, Nodes).
    pub initial: Vec<Received>,
    /// Where each watched kind resumes (`None`: not watched, e.g. refused).
    resume: Vec<(WatchedKind, String)>,
    /// The Pods' label selector (`None`: the Service selects no pods).
    selector: Option<String>,
    /// `/version`.
    pub server_version: Option<KubeVersion>,
    /// EndpointSlices were readable.
    pub endpoint_slices_known: bool,
    /// Endpoints were readable.
    pub endpoints_known: bool,
    /// Nodes were readable.
    pub nodes_known: bool,
    /// What could not be read.
    pub warnings: Vec<LiveWarning>,
}

/// What the watch tells its consumer.
#[derive(Debug)]
pub enum WatchNotice {
    /// Something was received (stamp it with the time).
    Received(Received),
    /// A watch broke and is being resumed (for a message).
    Retrying {
        /// Which kind.
        kind: WatchedKind,
        /// Why, in one line.
        why: String,
    },
}

fn kind_of(k: WatchedKind) -> Kind {
    match k {
        WatchedKind::Service => SERVICES,
        WatchedKind::Pod => PODS,
        WatchedKind::EndpointSlice => ENDPOINT_SLICES,
        WatchedKind::Endpoints => ENDPOINTS,
        WatchedKind::Node => NODES,
    }
}

/// `(labelSelector, fieldSelector)` of one kind.
type Selectors = (Option<String>, Option<String>);

fn selectors(kind: WatchedKind, name: &str, pods: Option<&str>) -> Selectors {
    match kind {
        WatchedKind::Service | WatchedKind::Endpoints => {
            (None, Some(format!("metadata.name={name}")))
        }
        WatchedKind::Pod => (pods.map(str::to_string), None),
        WatchedKind::EndpointSlice => (Some(format!("kubernetes.io/service-name={name}")), None),
        WatchedKind::Node => (None, None),
    }
}

async fn list(
    req: &Requester,
    kind: WatchedKind,
    namespace: &str,
    sel: &Selectors,
) -> Result<(Vec<Value>, String), LiveError> {
    let scope = ListScope::Namespace(namespace);
    list_values(
        req,
        kind_of(kind),
        scope,
        (sel.0.as_deref(), sel.1.as_deref()),
    )
    .await
}

/// Lists everything the watch starts from. The Service must exist.
pub async fn start_watch(
    live: &LiveSource,
    namespace: &str,
    name: &str,
) -> Result<WatchStart, LiveError> {
    let req = &live.requester;
    let (services, service_rv) = list(
        req,
        WatchedKind::Service,
        namespace,
        &selectors(WatchedKind::Service, name, None),
    )
    .await?;
    let Some(svc) = services.first() else {
        return Err(LiveError::NotFound {
            kind: "service",
            name: name.to_string(),
            namespace: namespace.to_string(),
        });
    };
    let selector = convert::service(svc.clone())
        .ok()
        .and_then(|s| pod_selector(&s));
    let mut start = WatchStart {
        initial: vec![Received::Initial(WatchedKind::Service, services.clone())],
        resume: vec![(WatchedKind::Service, service_rv)],
        selector: selector.clone(),
        server_version: None,
        endpoint_slices_known: false,
        endpoints_known: false,
        nodes_known: false,
        warnings: Vec::new(),
    };
    let pods_sel = selectors(WatchedKind::Pod, name, selector.as_deref());
    let (pods, pods_rv) = match &selector {
        Some(_) => list(req, WatchedKind::Pod, namespace, &pods_sel).await?,
        None => (Vec::new(), String::new()),
    };
    start
        .initial
        .push(Received::Initial(WatchedKind::Pod, pods));
    start.resume.push((WatchedKind::Pod, pods_rv));
    for (kind, warn) in [
        (
            WatchedKind::EndpointSlice,
            LiveWarning::EndpointSlicesForbidden as fn(String) -> LiveWarning,
        ),
        (WatchedKind::Endpoints, LiveWarning::EndpointsForbidden),
        (WatchedKind::Node, LiveWarning::NodesForbidden),
    ] {
        let sel = selectors(kind, name, None);
        let read = if kind == WatchedKind::Node {
            list_values(req, NODES, ListScope::All, (None, None)).await
        } else {
            list(req, kind, namespace, &sel).await
        };
        match read {
            Ok((items, rv)) => {
                start.initial.push(Received::Initial(kind, items));
                if kind != WatchedKind::Node {
                    start.resume.push((kind, rv));
                }
                match kind {
                    WatchedKind::EndpointSlice => start.endpoint_slices_known = true,
                    WatchedKind::Endpoints => start.endpoints_known = true,
                    _ => start.nodes_known = true,
                }
            }
            Err(e) if e.is_forbidden() => start.warnings.push(warn(e.to_string())),
            Err(e) => return Err(e),
        }
    }
    let (version, warning) = server_version(req).await?;
    start.server_version = version;
    start.warnings.extend(warning);
    Ok(start)
}

/// Watches until an error that retrying cannot fix (a refused watch of the Service or its Pods);
/// everything received goes to `tx` in order of arrival. Ends quietly when `tx` is closed.
pub async fn follow(
    live: &LiveSource,
    namespace: &str,
    name: &str,
    start: &WatchStart,
    tx: mpsc::UnboundedSender<WatchNotice>,
) -> Result<(), LiveError> {
    let req = &live.requester;
    let (pods_tx, pods_rx) = watch::channel(start.selector.clone());
    let rv = |k: WatchedKind| {
        start
            .resume
            .iter()
            .find(|(kind, _)| *kind == k)
            .map(|(_, rv)| rv.clone())
    };
    let one = |kind: WatchedKind, sel_rx: Option<watch::Receiver<Option<String>>>| {
        let tx = tx.clone();
        let pods_tx = &pods_tx;
        let resume = rv(kind);
        async move {
            match resume {
                Some(rv) => follow_kind(req, kind, namespace, name, rv, sel_rx, pods_tx, tx).await,
                None => Ok(()),
            }
        }
    };
    let (a, b, c, d) = tokio::join!(
        one(WatchedKind::Service, None),
        one(WatchedKind::Pod, Some(pods_rx)),
        one(WatchedKind::EndpointSlice, None),
        one(WatchedKind::Endpoints, None),
    );
    a?;
    b?;
    // A refused watch of slices or Endpoints leaves them as last listed.
    for r in [c, d] {
        if let Err(e) = r
            && !e.is_forbidden()
        {
            return Err(e);
        }
    }
    Ok(())
}

/// Doubling retry delays.
struct Backoff(Duration);

impl Backoff {
    async fn wait(&mut self) {
        tokio::time::sleep(self.0).await;
        self.0 = (self.0 * 2).min(MAX_BACKOFF);
    }
    fn reset(&mut self) {
        self.0 = FIRST_BACKOFF;
    }
}

/// One kind: watch, resume, relist on 410, until `tx` closes or a fatal error.
#[allow(clippy::too_many_arguments)]
async fn follow_kind(
    req: &Requester,
    kind: WatchedKind,
    namespace: &str,
    name: &str,
    mut rv: String,
    mut pod_selector_rx: Option<watch::Receiver<Option<String>>>,
    pods_tx: &watch::Sender<Option<String>>,
    tx: mpsc::UnboundedSender<WatchNotice>,
) -> Result<(), LiveError> {
    let mut backoff = Backoff(FIRST_BACKOFF);
    let current = |rx: &Option<watch::Receiver<Option<String>>>| -> Option<Selectors> {
        match rx {
            Some(rx) => rx.borrow().as_ref().map(|s| selectors(kind, name, Some(s))),
            None => Some(selectors(kind, name, None)),
        }
    };
    let send = |n: WatchNotice| tx.send(n).is_ok();
    let mut relist_needed = false;
    loop {
        if tx.is_closed() {
            return Ok(());
        }
        let Some(sel) = current(&pod_selector_rx) else {
            // The Service selects no pods (now): wait for a selector.
            if let Some(rx) = pod_selector_rx.as_mut() {
                if rx.changed().await.is_err() {
                    return Ok(());
                }
                relist_needed = true;
            }
            continue;
        };
        if relist_needed {
            match list(req, kind, namespace, &sel).await {
                Ok((items, new_rv)) => {
                    publish_selector(kind, &items, pods_tx);
                    if !send(WatchNotice::Received(Received::Relist(kind, items))) {
                        return Ok(());
                    }
                    rv = new_rv;
                    relist_needed = false;
                }
                Err(e) if e.is_forbidden() => return Err(e),
                Err(e) => {
                    send(WatchNotice::Retrying {
                        kind,
                        why: e.to_string(),
                    });
                    backoff.wait().await;
                    continue;
                }
            }
        }
        let query = WatchQuery {
            label_selector: sel.0.as_deref(),
            field_selector: sel.1.as_deref(),
            resource_version: &rv,
            timeout_seconds: WATCH_TIMEOUT_SECONDS,
        };
        let mut lines = match req
            .watch(kind_of(kind), ListScope::Namespace(namespace), query)
            .await
        {
            Ok(lines) => lines,
            Err(LiveError::Expired { .. }) => {
                relist_needed = true;
                continue;
            }
            Err(e) if e.is_forbidden() => return Err(e),
            Err(e) => {
                send(WatchNotice::Retrying {
                    kind,
                    why: e.to_string(),
                });
                backoff.wait().await;
                continue;
            }
        };
        let mut line = String::new();
        loop {
            line.clear();
            let read = match pod_selector_rx.as_mut() {
                Some(rx) => tokio::select! {
                    r = lines.read_line(&mut line) => r,
                    changed = rx.changed() => {
                        if changed.is_err() {
                            return Ok(());
                        }
                        // A new selector: what it matches is listed afresh.
                        relist_needed = true;
                        break;
                    }
                },
                None => lines.read_line(&mut line).await,
            };
            match read {
                // The server ended the watch (timeoutSeconds): resume from `rv`.
                Ok(0) => break,
                Ok(_) => match event(&line) {
                    Line::Event(t, object) => {
                        backoff.reset();
                        if let Some(v) = object
                            .pointer("/metadata/resourceVersion")
                            .and_then(Value::as_str)
                        {
                            rv = v.to_string();
                        }
                        publish_selector(kind, std::slice::from_ref(&object), pods_tx);
                        if !send(WatchNotice::Received(Received::Event(kind, t, object))) {
                            return Ok(());
                        }
                    }
                    Line::Bookmark(v) => rv = v,
                    Line::Gone => {
                        relist_needed = true;
                        break;
                    }
                    Line::Error(why) | Line::Bad(why) => {
                        send(WatchNotice::Retrying { kind, why });
                        backoff.wait().await;
                        break;
                    }
                },
                Err(e) => {
                    send(WatchNotice::Retrying {
                        kind,
                        why: format!("the watch connection broke ({e})"),
                    });
                    backoff.wait().await;
                    break;
                }
            }
        }
    }
}

/// A Service event or list may change which pods to watch.
fn publish_selector(kind: WatchedKind, objects: &[Value], pods_tx: &watch::Sender<Option<String>>) {
    if kind != WatchedKind::Service {
        return;
    }
    let selector = objects
        .first()
        .and_then(|o| convert::service(o.clone()).ok())
        .filter(|s| !s.deleting)
        .and_then(|s| pod_selector(&s));
    pods_tx.send_if_modified(|cur| {
        if *cur == selector {
            false
        } else {
            *cur = selector;
            true
        }
    });
}

/// One line of a watch stream.
enum Line {
    Event(EventType, Value),
    Bookmark(String),
    /// An ERROR event with a 410 Status: the resourceVersion is too old.
    Gone,
    Error(String),
    Bad(String),
}

fn event(line: &str) -> Line {
    let mut v: Value = match serde_json::from_str(line) {
        Ok(v) => v,
        Err(e) => return Line::Bad(format!("unreadable watch event: {e}")),
    };
    let mut object = v["object"].take();
    if let Some(meta) = object.get_mut("metadata").and_then(Value::as_object_mut) {
        meta.remove("managedFields");
    }
    match v["type"].as_str().unwrap_or_default() {
        "ADDED" => Line::Event(EventType::Added, object),
        "MODIFIED" => Line::Event(EventType::Modified, object),
        "DELETED" => Line::Event(EventType::Deleted, object),
        "BOOKMARK" => Line::Bookmark(
            object
                .pointer("/metadata/resourceVersion")
                .and_then(Value::as_str)
                .unwrap_or_default()
                .to_string(),
        ),
        "ERROR" if object["code"] == 410 => Line::Gone,
        "ERROR" => Line::Error(format!(
            "the watch failed: {}",
            object["message"].as_str().unwrap_or("(no message)")
        )),
        other => Line::Bad(format!("unknown watch event type {other:?}")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn watch_lines_as_the_api_server_writes_them() {
        let added = r#"{"type":"ADDED","object":{"kind":"Pod","apiVersion":"v1","metadata":{"name":"a","resourceVersion":"7","managedFields":[{}]}}}"#;
        match event(added) {
            Line::Event(EventType::Added, o) => {
                assert_eq!(o["metadata"]["resourceVersion"], "7");
                assert!(o.pointer("/metadata/managedFields").is_none());
            }
            _ => panic!("not an event"),
        }
        let bookmark = r#"{"type":"BOOKMARK","object":{"kind":"Pod","apiVersion":"v1","metadata":{"resourceVersion":"12"}}}"#;
        assert!(matches!(event(bookmark), Line::Bookmark(rv) if rv == "12"));
        // The watch cache's answer to a too-old resourceVersion (`cacher.go`).
        let gone = r#"{"type":"ERROR","object":{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"too old resource version: 5 (9)","reason":"Expired","code":410}}"#;
        assert!(matches!(event(gone), Line::Gone));
        let other =
            r#"{"type":"ERROR","object":{"kind":"Status","code":500,"message":"etcd is sad"}}"#;
        assert!(matches!(event(other), Line::Error(m) if m == "the watch failed: etcd is sad"));
        assert!(matches!(event("{"), Line::Bad(_)));
    }

    #[test]
    fn each_kind_is_scoped_like_explain() {
        assert_eq!(
            selectors(WatchedKind::Service, "web", None),
            (None, Some("metadata.name=web".into()))
        );
        assert_eq!(
            selectors(WatchedKind::Pod, "web", Some("app=web")),
            (Some("app=web".into()), None)
        );
        assert_eq!(
            selectors(WatchedKind::EndpointSlice, "web", None),
            (Some("kubernetes.io/service-name=web".into()), None)
        );
        assert_eq!(
            selectors(WatchedKind::Endpoints, "web", None),
            (None, Some("metadata.name=web".into()))
        );
    }
}
