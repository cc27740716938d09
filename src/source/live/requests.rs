//! The one module that sends HTTP requests to the API server, and it can only send GETs.
//!
//! Read-only is structural: requests are built here and nowhere else, only by
//! `kube::core::Request::get`/`list` (which build `GET` for the object and the collection URL,
//! <https://kubernetes.io/docs/reference/using-api/api-concepts/#standard-api-terminology>) and
//! `http::Request::get` for `/version`. There is no method parameter to get wrong, and a unit
//! test checks that no other file under `src/` builds or sends a request.

use super::error::{Action, LiveError};
use futures::AsyncBufRead;
use kube::core::params::{GetParams, ListParams, WatchParams};
use std::pin::Pin;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

/// A resource the tool reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Kind {
    /// `/api/v1` or `/apis/discovery.k8s.io/v1`.
    pub prefix: &'static str,
    /// Plural resource name in URLs (`pods`).
    pub plural: &'static str,
    /// The name `kubectl auth can-i` uses (`endpointslices.discovery.k8s.io` for non-core).
    pub resource: &'static str,
    /// Namespaced (false: Nodes).
    pub namespaced: bool,
    /// `apiVersion` of the objects (list items carry none; a snapshot writes it back).
    pub api_version: &'static str,
    /// `kind` of the objects.
    pub kind: &'static str,
}

/// v1 Services.
pub const SERVICES: Kind = Kind {
    prefix: "/api/v1",
    plural: "services",
    resource: "services",
    namespaced: true,
    api_version: "v1",
    kind: "Service",
};
/// v1 Pods.
pub const PODS: Kind = Kind {
    prefix: "/api/v1",
    plural: "pods",
    resource: "pods",
    namespaced: true,
    api_version: "v1",
    kind: "Pod",
};
/// v1 Endpoints.
pub const ENDPOINTS: Kind = Kind {
    prefix: "/api/v1",
    plural: "endpoints",
    resource: "endpoints",
    namespaced: true,
    api_version: "v1",
    kind: "Endpoints",
};
/// discovery.k8s.io/v1 EndpointSlices.
pub const ENDPOINT_SLICES: Kind = Kind {
    prefix: "/apis/discovery.k8s.io/v1",
    plural: "endpointslices",
    resource: "endpointslices.discovery.k8s.io",
    namespaced: true,
    api_version: "discovery.k8s.io/v1",
    kind: "EndpointSlice",
};
/// v1 Events (read for the Services' topology-hint events).
pub const EVENTS: Kind = Kind {
    prefix: "/api/v1",
    plural: "events",
    resource: "events",
    namespaced: true,
    api_version: "v1",
    kind: "Event",
};
/// v1 Nodes (cluster-scoped).
pub const NODES: Kind = Kind {
    prefix: "/api/v1",
    plural: "nodes",
    resource: "nodes",
    namespaced: false,
    api_version: "v1",
    kind: "Node",
};

/// networking.k8s.io/v1 NetworkPolicies (read by `reach`).
pub const NETWORK_POLICIES: Kind = Kind {
    prefix: "/apis/networking.k8s.io/v1",
    plural: "networkpolicies",
    resource: "networkpolicies.networking.k8s.io",
    namespaced: true,
    api_version: "networking.k8s.io/v1",
    kind: "NetworkPolicy",
};
/// v1 Namespaces (their labels decide namespaceSelectors).
pub const NAMESPACES: Kind = Kind {
    prefix: "/api/v1",
    plural: "namespaces",
    resource: "namespaces",
    namespaced: false,
    api_version: "v1",
    kind: "Namespace",
};

/// apps/v1 Deployments, StatefulSets and DaemonSets: the controllers behind a Service's pods
/// (scaled to zero, a StatefulSet's `serviceName`, pod templates when no pod runs).
/// ReplicaSets, Jobs and CronJobs are not listed: a Deployment's ReplicaSets repeat its
/// template, and batch pods rarely serve a Service.
pub const DEPLOYMENTS: Kind = apps("deployments", "deployments.apps", "Deployment");
/// apps/v1 StatefulSets.
pub const STATEFULSETS: Kind = apps("statefulsets", "statefulsets.apps", "StatefulSet");
/// apps/v1 DaemonSets.
pub const DAEMONSETS: Kind = apps("daemonsets", "daemonsets.apps", "DaemonSet");

const fn apps(plural: &'static str, resource: &'static str, kind: &'static str) -> Kind {
    Kind {
        prefix: "/apis/apps/v1",
        plural,
        resource,
        namespaced: true,
        api_version: "apps/v1",
        kind,
    }
}

/// networking.k8s.io/v1 Ingresses (their Service backends).
pub const INGRESSES: Kind = Kind {
    prefix: "/apis/networking.k8s.io/v1",
    plural: "ingresses",
    resource: "ingresses.networking.k8s.io",
    namespaced: true,
    api_version: "networking.k8s.io/v1",
    kind: "Ingress",
};
/// gateway.networking.k8s.io/v1 HTTPRoutes (a custom resource: a 404 means Gateway API is not
/// installed, so none exist).
pub const HTTP_ROUTES: Kind = Kind {
    prefix: "/apis/gateway.networking.k8s.io/v1",
    plural: "httproutes",
    resource: "httproutes.gateway.networking.k8s.io",
    namespaced: true,
    api_version: "gateway.networking.k8s.io/v1",
    kind: "HTTPRoute",
};

/// gateway.networking.k8s.io/v1 GRPCRoutes (custom resource, like [`HTTP_ROUTES`]).
pub const GRPC_ROUTES: Kind = Kind {
    prefix: "/apis/gateway.networking.k8s.io/v1",
    plural: "grpcroutes",
    resource: "grpcroutes.gateway.networking.k8s.io",
    namespaced: true,
    api_version: "gateway.networking.k8s.io/v1",
    kind: "GRPCRoute",
};

/// Other policy APIs `reach` looks for (custom resources: a 404 means not installed), with
/// their kinds.
pub const FOREIGN_POLICIES: &[(Kind, &str)] = &[
    (
        foreign(
            "/apis/cilium.io/v2",
            "ciliumnetworkpolicies",
            "ciliumnetworkpolicies.cilium.io",
            ("cilium.io/v2", "CiliumNetworkPolicy"),
        ),
        "CiliumNetworkPolicy",
    ),
    (
        foreign(
            "/apis/cilium.io/v2",
            "ciliumclusterwidenetworkpolicies",
            "ciliumclusterwidenetworkpolicies.cilium.io",
            ("cilium.io/v2", "CiliumClusterwideNetworkPolicy"),
        ),
        "CiliumClusterwideNetworkPolicy",
    ),
    (
        foreign(
            "/apis/crd.projectcalico.org/v1",
            "networkpolicies",
            "networkpolicies.crd.projectcalico.org",
            ("crd.projectcalico.org/v1", "NetworkPolicy"),
        ),
        "NetworkPolicy",
    ),
    (
        foreign(
            "/apis/crd.projectcalico.org/v1",
            "globalnetworkpolicies",
            "globalnetworkpolicies.crd.projectcalico.org",
            ("crd.projectcalico.org/v1", "GlobalNetworkPolicy"),
        ),
        "GlobalNetworkPolicy",
    ),
    (
        foreign(
            "/apis/policy.networking.k8s.io/v1alpha1",
            "adminnetworkpolicies",
            "adminnetworkpolicies.policy.networking.k8s.io",
            ("policy.networking.k8s.io/v1alpha1", "AdminNetworkPolicy"),
        ),
        "AdminNetworkPolicy",
    ),
    (
        foreign(
            "/apis/policy.networking.k8s.io/v1alpha1",
            "baselineadminnetworkpolicies",
            "baselineadminnetworkpolicies.policy.networking.k8s.io",
            (
                "policy.networking.k8s.io/v1alpha1",
                "BaselineAdminNetworkPolicy",
            ),
        ),
        "BaselineAdminNetworkPolicy",
    ),
    (
        foreign(
            "/apis/security.istio.io/v1",
            "authorizationpolicies",
            "authorizationpolicies.security.istio.io",
            ("security.istio.io/v1", "AuthorizationPolicy"),
        ),
        "AuthorizationPolicy",
    ),
];

const fn foreign(
    prefix: &'static str,
    plural: &'static str,
    resource: &'static str,
    (api_version, kind): (&'static str, &'static str),
) -> Kind {
    // Listed across every namespace, which is the same URL for cluster-scoped kinds.
    Kind {
        prefix,
        plural,
        resource,
        namespaced: true,
        api_version,
        kind,
    }
}

/// The workload kinds `reach` takes as a client, by API kind.
pub fn workload_kind(kind: &str) -> Option<Kind> {
    let (prefix, plural, resource, kind) = match kind {
        "Deployment" => (
            "/apis/apps/v1",
            "deployments",
            "deployments.apps",
            "Deployment",
        ),
        "StatefulSet" => (
            "/apis/apps/v1",
            "statefulsets",
            "statefulsets.apps",
            "StatefulSet",
        ),
        "DaemonSet" => (
            "/apis/apps/v1",
            "daemonsets",
            "daemonsets.apps",
            "DaemonSet",
        ),
        "ReplicaSet" => (
            "/apis/apps/v1",
            "replicasets",
            "replicasets.apps",
            "ReplicaSet",
        ),
        "ReplicationController" => (
            "/api/v1",
            "replicationcontrollers",
            "replicationcontrollers",
            "ReplicationController",
        ),
        "Job" => ("/apis/batch/v1", "jobs", "jobs.batch", "Job"),
        "CronJob" => ("/apis/batch/v1", "cronjobs", "cronjobs.batch", "CronJob"),
        _ => return None,
    };
    Some(Kind {
        prefix,
        plural,
        resource,
        namespaced: true,
        api_version: prefix
            .strip_prefix("/apis/")
            .or_else(|| prefix.strip_prefix("/api/"))
            .unwrap_or(prefix),
        kind,
    })
}

/// Which namespace(s) a list covers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ListScope<'a> {
    /// One namespace.
    Namespace(&'a str),
    /// Every namespace (or a cluster-scoped kind).
    All,
}

/// One page request.
#[derive(Debug, Clone, Copy)]
pub struct PageQuery<'a> {
    /// `labelSelector`.
    pub label_selector: Option<&'a str>,
    /// `fieldSelector`.
    pub field_selector: Option<&'a str>,
    /// `limit`.
    pub limit: u32,
    /// `continue`.
    pub continue_token: Option<&'a str>,
}

/// One watch request.
#[derive(Debug, Clone, Copy)]
pub struct WatchQuery<'a> {
    /// `labelSelector`.
    pub label_selector: Option<&'a str>,
    /// `fieldSelector`.
    pub field_selector: Option<&'a str>,
    /// `resourceVersion` to watch from (the list's, or the last event's or bookmark's).
    pub resource_version: &'a str,
    /// `timeoutSeconds`: the server ends the watch after this long (the client resumes).
    pub timeout_seconds: u32,
}

/// A watch response body: one `WatchEvent` JSON per line.
pub type WatchLines = Pin<Box<dyn AsyncBufRead + Send>>;

/// Sends GET requests with a per-request timeout and counts them.
pub struct Requester {
    client: kube::Client,
    server: String,
    timeout: Option<(Duration, String)>,
    sent: AtomicUsize,
    received: AtomicUsize,
}

impl Requester {
    /// Wraps a client for `server`. `timeout` is `--request-timeout` (and its spelling).
    pub fn new(client: kube::Client, server: String, timeout: Option<(Duration, String)>) -> Self {
        Requester {
            client,
            server,
            timeout,
            sent: AtomicUsize::new(0),
            received: AtomicUsize::new(0),
        }
    }

    /// The server URL, for messages.
    pub fn server(&self) -> &str {
        &self.server
    }

    /// How many requests were sent so far.
    pub fn sent(&self) -> usize {
        self.sent.load(Ordering::Relaxed)
    }

    /// Bytes of response bodies received so far (for a progress indicator).
    pub fn received(&self) -> usize {
        self.received.load(Ordering::Relaxed)
    }

    /// `GET /version`: the body.
    pub async fn version(&self) -> Result<String, LiveError> {
        let action = Action {
            verb: "get",
            resource: "version",
            namespace: None,
            name: None,
        };
        let req = http::Request::get("/version")
            .body(Vec::new())
            .map_err(|e| decode(&action, e))?;
        self.send(req, &action).await
    }

    /// `GET` one object; `None` on 404.
    pub async fn get(
        &self,
        kind: Kind,
        namespace: &str,
        name: &str,
    ) -> Result<Option<String>, LiveError> {
        let action = Action {
            verb: "get",
            resource: kind.resource,
            namespace: kind.namespaced.then(|| namespace.to_string()),
            name: Some(name.to_string()),
        };
        let path = collection_path(kind, ListScope::Namespace(namespace));
        let req = kube::core::Request::new(path)
            .get(name, &GetParams::default())
            .map_err(|e| decode(&action, e))?;
        match self.send(req, &action).await {
            Ok(body) => Ok(Some(body)),
            Err(LiveError::Api { code: 404, .. }) => Ok(None),
            Err(e) => Err(e),
        }
    }

    /// `GET` one page of a collection.
    pub async fn list_page(
        &self,
        kind: Kind,
        scope: ListScope<'_>,
        query: PageQuery<'_>,
    ) -> Result<String, LiveError> {
        let action = list_action(kind, scope);
        let params = ListParams {
            label_selector: query.label_selector.map(str::to_string),
            field_selector: query.field_selector.map(str::to_string),
            limit: Some(query.limit),
            continue_token: query.continue_token.map(str::to_string),
            ..ListParams::default()
        };
        let req = kube::core::Request::new(collection_path(kind, scope))
            .list(&params)
            .map_err(|e| decode(&action, e))?;
        self.send(req, &action).await
    }

    /// `GET` a collection with `watch=1` (and `allowWatchBookmarks=true`): the event stream.
    /// `--request-timeout` bounds the wait for the response to start, not the stream.
    pub async fn watch(
        &self,
        kind: Kind,
        scope: ListScope<'_>,
        query: WatchQuery<'_>,
    ) -> Result<WatchLines, LiveError> {
        let action = Action {
            verb: "watch",
            ..list_action(kind, scope)
        };
        let mut params = WatchParams::default().timeout(query.timeout_seconds);
        params.bookmarks = true;
        params.label_selector = query.label_selector.map(str::to_string);
        params.field_selector = query.field_selector.map(str::to_string);
        let req = kube::core::Request::new(collection_path(kind, scope))
            .watch(&params, query.resource_version)
            .map_err(|e| decode(&action, e))?;
        debug_assert_eq!(req.method(), http::Method::GET);
        self.sent.fetch_add(1, Ordering::Relaxed);
        let call = self.client.request_stream(req);
        let result = match &self.timeout {
            Some((after, spelled)) => match tokio::time::timeout(*after, call).await {
                Ok(r) => r,
                Err(_) => {
                    return Err(LiveError::Timeout {
                        server: self.server.clone(),
                        after: spelled.clone(),
                    });
                }
            },
            None => call.await,
        };
        let lines = result.map_err(|e| LiveError::from_kube(e, &action, &self.server))?;
        Ok(Box::pin(lines))
    }

    async fn send(
        &self,
        req: http::Request<Vec<u8>>,
        action: &Action,
    ) -> Result<String, LiveError> {
        debug_assert_eq!(req.method(), http::Method::GET);
        self.sent.fetch_add(1, Ordering::Relaxed);
        let call = self.client.request_text(req);
        let result = match &self.timeout {
            Some((after, spelled)) => match tokio::time::timeout(*after, call).await {
                Ok(r) => r,
                Err(_) => {
                    return Err(LiveError::Timeout {
                        server: self.server.clone(),
                        after: spelled.clone(),
                    });
                }
            },
            None => call.await,
        };
        let body = result.map_err(|e| LiveError::from_kube(e, action, &self.server))?;
        self.received.fetch_add(body.len(), Ordering::Relaxed);
        Ok(body)
    }
}

/// What a list request is, for messages.
pub fn list_action(kind: Kind, scope: ListScope<'_>) -> Action {
    Action {
        verb: "list",
        resource: kind.resource,
        namespace: match scope {
            ListScope::Namespace(ns) if kind.namespaced => Some(ns.to_string()),
            _ => None,
        },
        name: None,
    }
}

/// `/api/v1/namespaces/NS/pods`, `/api/v1/pods`, `/api/v1/nodes`.
fn collection_path(kind: Kind, scope: ListScope<'_>) -> String {
    match scope {
        ListScope::Namespace(ns) if kind.namespaced => {
            format!("{}/namespaces/{ns}/{}", kind.prefix, kind.plural)
        }
        _ => format!("{}/{}", kind.prefix, kind.plural),
    }
}

fn decode(action: &Action, e: impl std::fmt::Display) -> LiveError {
    LiveError::Decode {
        action: Box::new(action.clone()),
        message: e.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;
    use std::sync::{Arc, Mutex};

    /// A client whose "server" records each request and answers `body`.
    type Seen = Arc<Mutex<Vec<(String, String)>>>;

    fn recording_client(body: &'static str) -> (kube::Client, Seen) {
        let seen = Arc::new(Mutex::new(Vec::new()));
        let log = seen.clone();
        let svc = tower::service_fn(move |req: http::Request<kube::client::Body>| {
            log.lock()
                .unwrap()
                .push((req.method().to_string(), req.uri().to_string()));
            async move {
                Ok::<_, std::convert::Infallible>(
                    http::Response::builder()
                        .status(200)
                        .body(kube::client::Body::from(body.as_bytes().to_vec()))
                        .unwrap(),
                )
            }
        });
        (kube::Client::new(svc, "default"), seen)
    }

    #[tokio::test]
    async fn builds_only_scoped_gets() {
        let (client, seen) = recording_client("{}");
        let r = Requester::new(client, "https://k".into(), None);
        r.get(SERVICES, "shop", "web").await.unwrap();
        r.list_page(
            ENDPOINT_SLICES,
            ListScope::Namespace("shop"),
            PageQuery {
                label_selector: Some("kubernetes.io/service-name=web"),
                field_selector: None,
                limit: 500,
                continue_token: Some("abc"),
            },
        )
        .await
        .unwrap();
        r.list_page(
            NODES,
            ListScope::Namespace("ignored"),
            PageQuery {
                label_selector: None,
                field_selector: None,
                limit: 500,
                continue_token: None,
            },
        )
        .await
        .unwrap();
        r.version().await.unwrap();
        r.list_page(
            EVENTS,
            ListScope::Namespace("shop"),
            PageQuery {
                label_selector: None,
                field_selector: Some("involvedObject.kind=Service"),
                limit: 500,
                continue_token: None,
            },
        )
        .await
        .unwrap();
        let seen = seen.lock().unwrap().clone();
        assert!(seen.iter().all(|(m, _)| m == "GET"), "{seen:?}");
        let uris: Vec<&str> = seen.iter().map(|(_, u)| u.as_str()).collect();
        assert_eq!(uris[0], "/api/v1/namespaces/shop/services/web");
        assert!(
            uris[1].starts_with("/apis/discovery.k8s.io/v1/namespaces/shop/endpointslices?"),
            "{}",
            uris[1]
        );
        assert!(uris[1].contains("labelSelector=kubernetes.io%2Fservice-name%3Dweb"));
        assert!(uris[1].contains("limit=500") && uris[1].contains("continue=abc"));
        // kube's URL builder starts the query with `?&`; the API server ignores the empty pair.
        assert_eq!(uris[2], "/api/v1/nodes?&limit=500");
        assert_eq!(uris[3], "/version");
        assert_eq!(
            uris[4],
            "/api/v1/namespaces/shop/events?&fieldSelector=involvedObject.kind%3DService&limit=500"
        );
        assert_eq!(r.sent(), 5);
    }

    /// Tokens that send or build HTTP requests. Only this file may contain them.
    const REQUEST_TOKENS: &[&str] = &[
        "kube::Api",
        "Api::<",
        "Api::namespaced",
        "Api::all",
        "kube::core::Request",
        "http::Request",
        "Request::builder",
        "request_text(",
        "request_status(",
        ".request::<",
        "request_stream(",
        ".send(",
    ];

    /// Writing request builders of `kube::core::Request`: not even here (outside tests).
    const WRITE_BUILDERS: &[&str] = &[
        ".create(",
        ".patch(",
        ".replace(",
        ".delete(",
        "delete_collection",
        "_subresource(",
    ];

    /// Writing methods: nowhere under `src/`.
    const WRITE_METHODS: &[&str] = &[
        "Method::POST",
        "Method::PUT",
        "Method::PATCH",
        "Method::DELETE",
        "Request::post",
        "Request::put",
        "Request::patch",
        "Request::delete",
    ];

    fn rust_files(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let p = entry.unwrap().path();
            if p.is_dir() {
                rust_files(&p, out);
            } else if p.extension().is_some_and(|e| e == "rs") {
                out.push(p);
            }
        }
    }

    /// The code of a file without its `#[cfg(test)]` module.
    fn non_test(text: &str) -> &str {
        text.split("#[cfg(test)]").next().unwrap_or(text)
    }

    #[test]
    fn only_this_module_issues_requests_and_only_gets() {
        let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
        let mut files = Vec::new();
        rust_files(&src, &mut files);
        let me = src.join("source/live/requests.rs");
        assert!(files.contains(&me));
        for f in &files {
            let text = std::fs::read_to_string(f).unwrap();
            let code = non_test(&text);
            for t in WRITE_METHODS {
                assert!(!code.contains(t), "{} contains {t}", f.display());
            }
            if f == &me {
                for t in WRITE_BUILDERS {
                    assert!(!code.contains(t), "requests.rs contains {t}");
                }
            } else {
                for t in REQUEST_TOKENS {
                    // `.send(` is also a channel/writer method; only flag it next to a client.
                    let hit = if *t == ".send(" {
                        code.contains("client.send(")
                    } else {
                        code.contains(t)
                    };
                    assert!(
                        !hit,
                        "{} issues requests ({t}); only requests.rs may",
                        f.display()
                    );
                }
            }
        }
    }
}
