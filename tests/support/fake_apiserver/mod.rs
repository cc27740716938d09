//! A small fake Kubernetes API server for tests and benchmarks.
//!
//! In-process, on 127.0.0.1 with a random port, over HTTPS with a CA made at start-up, serving
//! objects loaded from the fixture files (their original JSON) the way a v1.32 kube-apiserver
//! does: discovery, get and list (label/field selectors, `limit`/`continue`,
//! `remainingItemCount`), `Status` errors. It writes a kubeconfig (CA data + bearer token) so
//! the real binary and the real kubectl run against it unchanged. Faults can be injected (403
//! per verb and resource, 401, 410 on continue tokens, 500, delays) and every request is
//! recorded.
//!
//! Built on hyper 1 (HTTP/1.1 server) + tokio-rustls (already in the dependency tree through
//! kube) and rcgen for the throwaway CA; no web framework is needed for a handful of routes.

#![allow(dead_code, unused_imports)]

mod discovery;
mod handler;
mod paging;
mod query;
mod resources;
mod respond;
mod selector;
mod store;
mod timeline;
mod tls;
mod watch;

pub use paging::{ContinueToken, decode_continue, encode_continue};
pub use query::parse_query;
pub use resources::{RESOURCES, Resource, resource};
pub use store::{Object, Store, StoreBuilder, object_of};
pub use timeline::{Script, Timeline};
pub use tls::stranger_ca_pem;

use base64::Engine;
use handler::State;
use hyper_util::rt::TokioIo;
use std::collections::HashMap;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock};
use std::time::Duration;

/// The bearer token the fake accepts.
pub const TOKEN: &str = "svcx-fake-token";
/// The user that token authenticates as.
pub const USER: &str = "svcx-tester";

/// One request as received.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Recorded {
    /// `GET`, ...
    pub method: String,
    /// URL path.
    pub path: String,
    /// Raw query string.
    pub query: String,
    /// `Impersonate-User`.
    pub impersonate_user: Option<String>,
    /// `Impersonate-Group` values.
    pub impersonate_groups: Vec<String>,
    /// `Accept`.
    pub accept: Option<String>,
}

impl Recorded {
    /// A decoded query parameter.
    pub fn param(&self, name: &str) -> Option<String> {
        parse_query(&self.query).remove(name)
    }

    /// `GET /api/v1/namespaces/ns/pods?labelSelector=...` (decoded), for messages.
    pub fn describe(&self) -> String {
        let mut q: Vec<(String, String)> = parse_query(&self.query).into_iter().collect();
        q.sort();
        let q: Vec<String> = q.into_iter().map(|(k, v)| format!("{k}={v}")).collect();
        if q.is_empty() {
            format!("{} {}", self.method, self.path)
        } else {
            format!("{} {}?{}", self.method, self.path, q.join("&"))
        }
    }
}

/// What to break.
#[derive(Debug, Clone, Default)]
pub struct Faults {
    /// `(verb, plural)` pairs answered 403 (`("list", "pods")`).
    pub forbidden: Vec<(String, String)>,
    /// Answer every request 401.
    pub unauthorized: bool,
    /// Per plural: how many continue requests to answer 410 Expired.
    pub expire_continue: HashMap<String, usize>,
    /// Plurals answered 500.
    pub internal_error: Vec<String>,
    /// Plurals answered 404 as a path nothing is served at (a custom resource whose
    /// CustomResourceDefinition is not installed).
    pub not_installed: Vec<String>,
    /// Wait this long before answering anything.
    pub delay: Option<Duration>,
}

/// What a kubeconfig for the fake says.
#[derive(Debug, Clone)]
pub struct KubeconfigSpec {
    /// `server:`.
    pub server: String,
    /// The CA (PEM) to trust.
    pub ca_pem: String,
    /// Bearer token.
    pub token: String,
    /// The context's namespace.
    pub namespace: Option<String>,
}

impl KubeconfigSpec {
    /// The kubeconfig YAML (context, cluster and user all named `fake`).
    pub fn render(&self) -> String {
        let ca = base64::engine::general_purpose::STANDARD.encode(&self.ca_pem);
        let ns = self
            .namespace
            .as_ref()
            .map(|n| format!("\n    namespace: {n}"))
            .unwrap_or_default();
        format!(
            "apiVersion: v1\nkind: Config\nclusters:\n- name: fake\n  cluster:\n    server: {}\n    certificate-authority-data: {ca}\nusers:\n- name: fake\n  user:\n    token: {}\ncontexts:\n- name: fake\n  context:\n    cluster: fake\n    user: fake{ns}\ncurrent-context: fake\n",
            self.server, self.token
        )
    }

    /// Writes it to `path`.
    pub fn write(&self, path: &Path) -> PathBuf {
        std::fs::write(path, self.render()).expect("write kubeconfig");
        path.to_path_buf()
    }
}

/// A running fake API server; stops when dropped.
pub struct FakeApiServer {
    addr: SocketAddr,
    ca_pem: String,
    dir: tempfile::TempDir,
    kubeconfig: PathBuf,
    state: Arc<State>,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl FakeApiServer {
    /// Serves the objects of these files (YAML or JSON dumps, Lists unwrapped). The parsed
    /// store is cached per list of files, since many tests serve the same fixtures.
    pub fn from_files(paths: &[PathBuf]) -> Self {
        type Cache = Mutex<HashMap<Vec<PathBuf>, Arc<Store>>>;
        static CACHE: OnceLock<Cache> = OnceLock::new();
        let cache = CACHE.get_or_init(Cache::default);
        let cached = cache.lock().unwrap().get(paths).cloned();
        let store = cached.unwrap_or_else(|| {
            let mut b = StoreBuilder::new();
            for p in paths {
                b.add_file(p);
            }
            let store = Arc::new(b.build());
            cache.lock().unwrap().insert(paths.to_vec(), store.clone());
            store
        });
        Self::start_shared(store)
    }

    /// Serves `store`.
    pub fn start(store: Store) -> Self {
        Self::start_shared(Arc::new(store))
    }

    fn start_shared(store: Arc<Store>) -> Self {
        let tls = tls::make();
        let state = Arc::new(State::new(store));
        let (addr_tx, addr_rx) = std::sync::mpsc::channel();
        let (stop, stop_rx) = tokio::sync::oneshot::channel::<()>();
        let st = state.clone();
        let config = tls.server_config.clone();
        let thread = std::thread::spawn(move || {
            let rt = tokio::runtime::Builder::new_multi_thread()
                .worker_threads(2)
                .enable_all()
                .build()
                .expect("runtime");
            rt.block_on(serve(st, config, addr_tx, stop_rx));
            rt.shutdown_timeout(Duration::from_secs(1));
        });
        let addr = addr_rx.recv().expect("fake API server started");
        let dir = tempfile::tempdir().expect("tempdir");
        let mut server = FakeApiServer {
            addr,
            ca_pem: tls.ca_pem,
            kubeconfig: PathBuf::new(),
            dir,
            state,
            stop: Some(stop),
            thread: Some(thread),
        };
        server.kubeconfig = server.spec().write(&server.dir.path().join("kubeconfig"));
        server
    }

    /// `https://127.0.0.1:PORT`.
    pub fn url(&self) -> String {
        format!("https://{}", self.addr)
    }

    /// A kubeconfig that reaches this server (trusting its CA, with the right token).
    pub fn kubeconfig(&self) -> &Path {
        &self.kubeconfig
    }

    /// The default kubeconfig contents, to vary in a test.
    pub fn spec(&self) -> KubeconfigSpec {
        KubeconfigSpec {
            server: self.url(),
            ca_pem: self.ca_pem.clone(),
            token: TOKEN.to_string(),
            namespace: None,
        }
    }

    /// Writes a variant kubeconfig into the server's temp dir.
    pub fn write_kubeconfig(&self, name: &str, spec: &KubeconfigSpec) -> PathBuf {
        spec.write(&self.dir.path().join(name))
    }

    /// A scratch directory that lives as long as the server.
    pub fn dir(&self) -> &Path {
        self.dir.path()
    }

    /// Changes the faults.
    pub fn faults(&self, edit: impl FnOnce(&mut Faults)) {
        edit(&mut self.state.faults.lock().unwrap());
    }

    /// Every request so far.
    pub fn requests(&self) -> Vec<Recorded> {
        self.state.requests.lock().unwrap().clone()
    }

    /// Forgets the recorded requests.
    pub fn clear_requests(&self) {
        self.state.requests.lock().unwrap().clear();
    }

    /// The served objects (a snapshot: the timeline may change them).
    pub fn store(&self) -> Arc<Store> {
        self.state.store.read().unwrap().clone()
    }

    /// Changes the served objects as a test goes, each change seen by watches.
    pub fn timeline(&self) -> Timeline {
        Timeline::new(self.state.clone())
    }
}

impl Drop for FakeApiServer {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

async fn serve(
    state: Arc<State>,
    config: Arc<tokio_rustls::rustls::ServerConfig>,
    addr_tx: std::sync::mpsc::Sender<SocketAddr>,
    mut stop: tokio::sync::oneshot::Receiver<()>,
) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    addr_tx
        .send(listener.local_addr().expect("addr"))
        .expect("send addr");
    let acceptor = tokio_rustls::TlsAcceptor::from(config);
    loop {
        tokio::select! {
            _ = &mut stop => break,
            accepted = listener.accept() => {
                let Ok((tcp, _)) = accepted else { continue };
                let acceptor = acceptor.clone();
                let state = state.clone();
                tokio::spawn(async move {
                    // A client that rejects our CA ends the handshake: nothing to serve.
                    let Ok(tls) = acceptor.accept(tcp).await else { return };
                    let service = hyper::service::service_fn(move |req| {
                        let state = state.clone();
                        async move {
                            Ok::<_, std::convert::Infallible>(handler::handle(&state, req).await)
                        }
                    });
                    let _ = hyper::server::conn::http1::Builder::new()
                        .serve_connection(TokioIo::new(tls), service)
                        .await;
                });
            }
        }
    }
}

/// A kubeconfig pointing at a port where nothing listens (bound, then released).
pub fn closed_port_kubeconfig(dir: &Path) -> (PathBuf, String) {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .expect("bind")
        .local_addr()
        .expect("addr")
        .port();
    let url = format!("https://127.0.0.1:{port}");
    let spec = KubeconfigSpec {
        server: url.clone(),
        ca_pem: stranger_ca_pem(),
        token: TOKEN.to_string(),
        namespace: None,
    };
    (spec.write(&dir.join("kubeconfig-closed-port")), url)
}
