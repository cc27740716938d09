//! Typed errors of the live source, each rendered as one line a user can act on.
//!
//! Transport failures are classified by walking the error's source chain (kube -> hyper ->
//! io -> rustls): TLS problems, timeouts and unreachable servers read differently. API errors
//! are classified by the `Status` the server sent (`code`/`reason`, as in
//! <https://kubernetes.io/docs/reference/using-api/api-concepts/#resource-errors>).

use std::error::Error as StdError;
use std::fmt;

/// What a request was for, to name it in messages the way `kubectl auth can-i` would.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Action {
    /// `get` or `list`.
    pub verb: &'static str,
    /// Plural resource, with its group when not core (`endpointslices.discovery.k8s.io`).
    pub resource: &'static str,
    /// The namespace, for namespaced requests.
    pub namespace: Option<String>,
    /// The object's name, for `get`.
    pub name: Option<String>,
}

impl Action {
    /// `list pods in namespace "x"` / `list nodes at the cluster scope`.
    fn describe(&self) -> String {
        let what = match &self.name {
            Some(n) => format!("{} {} {:?}", self.verb, singular(self.resource), n),
            None => format!("{} {}", self.verb, self.resource),
        };
        match &self.namespace {
            Some(ns) => format!("{what} in namespace {ns:?}"),
            None => format!("{what} at the cluster scope"),
        }
    }

    /// The `kubectl auth can-i` command that checks this permission.
    fn can_i(&self) -> String {
        let scope = match &self.namespace {
            Some(ns) => format!(" -n {ns}"),
            None if self.resource == "nodes" => String::new(),
            None => " -A".to_string(),
        };
        format!("kubectl auth can-i {} {}{scope}", self.verb, self.resource)
    }
}

impl fmt::Display for Action {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.describe())
    }
}

fn singular(resource: &str) -> &str {
    match resource {
        "services" => "service",
        "pods" => "pod",
        "endpoints" => "endpoints",
        "nodes" => "node",
        "endpointslices.discovery.k8s.io" => "endpointslice",
        other => other,
    }
}

/// Why the cluster could not be read.
#[derive(Debug, thiserror::Error)]
pub enum LiveError {
    /// No kubeconfig file exists where one was looked for.
    #[error("no kubeconfig found ({searched}); pass --kubeconfig, set KUBECONFIG, or use -f FILE")]
    NoKubeconfig {
        /// Where we looked.
        searched: String,
    },
    /// A kubeconfig file could not be read or parsed.
    #[error("kubeconfig {path}: {message}")]
    Kubeconfig {
        /// The file.
        path: String,
        /// What went wrong.
        message: String,
    },
    /// `--context` (or current-context) names a context that does not exist.
    #[error("context {0:?} not found in the kubeconfig")]
    ContextNotFound(String),
    /// The context names a cluster (or `--cluster`) that does not exist.
    #[error("cluster {0:?} not found in the kubeconfig")]
    ClusterNotFound(String),
    /// `--user` names a user that does not exist.
    #[error("user {0:?} not found in the kubeconfig")]
    UserNotFound(String),
    /// No `--context` and no current-context.
    #[error("the kubeconfig has no current-context; pass --context")]
    NoCurrentContext,
    /// The selected cluster, user or context is unusable.
    #[error("invalid kubeconfig: {0}")]
    InvalidConfig(String),
    /// The server could not be reached (refused, DNS, reset).
    #[error("cannot reach the API server at {server}: {message}")]
    Unreachable {
        /// The server URL.
        server: String,
        /// The innermost transport error.
        message: String,
    },
    /// The TLS handshake failed (unknown CA, wrong name, expired certificate).
    #[error(
        "TLS handshake with {server} failed: {message} (check certificate-authority in the kubeconfig)"
    )]
    Tls {
        /// The server URL.
        server: String,
        /// rustls' reason.
        message: String,
    },
    /// 401: the credentials were rejected.
    #[error(
        "the API server at {server} rejected the credentials (401 Unauthorized); check the user in the kubeconfig"
    )]
    Unauthorized {
        /// The server URL.
        server: String,
    },
    /// 403 on something the command cannot do without.
    #[error("forbidden: {} cannot {action} (check with: {})", user_phrase(.user), .action.can_i())]
    Forbidden {
        /// What was denied.
        action: Box<Action>,
        /// The user the server named, when it did.
        user: Option<String>,
    },
    /// No answer within `--request-timeout`.
    #[error("the API server at {server} did not answer within {after} (--request-timeout)")]
    Timeout {
        /// The server URL.
        server: String,
        /// The timeout, as the user wrote it.
        after: String,
    },
    /// 404 on the object the user named.
    #[error("{kind} {name:?} not found in namespace {namespace:?}")]
    NotFound {
        /// `service`.
        kind: &'static str,
        /// Its name.
        name: String,
        /// Its namespace.
        namespace: String,
    },
    /// 410 Expired on a continue token (handled by restarting the list; see `paging`).
    #[error("cannot {action}: the list expired (410 Gone) again after {attempts} restarts")]
    Expired {
        /// The list.
        action: Box<Action>,
        /// How many times it was restarted before giving up.
        attempts: usize,
    },
    /// Any other error status.
    #[error("cannot {action}: the API server answered {code} {reason}: {message}")]
    Api {
        /// The request.
        action: Box<Action>,
        /// HTTP status.
        code: u16,
        /// `Status.reason`.
        reason: String,
        /// `Status.message`.
        message: String,
    },
    /// A response that is not what the API promises.
    #[error("cannot {action}: unexpected response: {message}")]
    Decode {
        /// The request.
        action: Box<Action>,
        /// The parser's message.
        message: String,
    },
}

fn user_phrase(user: &Option<String>) -> String {
    match user {
        Some(u) => format!("user {u:?}"),
        None => "the current user".to_string(),
    }
}

impl LiveError {
    /// Whether this is a 403, which some reads may survive (Endpoints, Nodes).
    pub fn is_forbidden(&self) -> bool {
        matches!(self, LiveError::Forbidden { .. })
    }

    /// Classifies a kube client error for `action` against `server`.
    pub(crate) fn from_kube(e: kube::Error, action: &Action, server: &str) -> LiveError {
        match e {
            kube::Error::Api(status) => from_status(&status, action, server),
            kube::Error::SerdeError(e) => LiveError::Decode {
                action: Box::new(action.clone()),
                message: e.to_string(),
            },
            other => from_transport(&other, server),
        }
    }
}

/// A `Status` (4xx/5xx) to an error. 410 becomes `Expired` with zero attempts: paging counts.
fn from_status(status: &kube::core::Status, action: &Action, server: &str) -> LiveError {
    match status.code {
        401 => LiveError::Unauthorized {
            server: server.to_string(),
        },
        403 => LiveError::Forbidden {
            action: Box::new(action.clone()),
            user: forbidden_user(&status.message),
        },
        410 => LiveError::Expired {
            action: Box::new(action.clone()),
            attempts: 0,
        },
        code => LiveError::Api {
            action: Box::new(action.clone()),
            code,
            reason: if status.reason.is_empty() {
                "Unknown".to_string()
            } else {
                status.reason.clone()
            },
            message: status.message.clone(),
        },
    }
}

/// The user named in an RBAC denial: `pods is forbidden: User "noaccess" cannot list ...`
/// (the apiserver's `forbiddenMessage`, `staging/src/k8s.io/apiserver/pkg/endpoints/handlers/
/// responsewriters/errors.go`).
fn forbidden_user(message: &str) -> Option<String> {
    let rest = message.split_once("User \"")?.1;
    let end = rest.find('"')?;
    Some(rest[..end].to_string())
}

/// A failure below HTTP: TLS, timeout, or the server not answering at all.
fn from_transport(e: &(dyn StdError + 'static), server: &str) -> LiveError {
    let chain = error_chain(e);
    if let Some(tls) = chain.iter().find_map(|c| c.downcast_ref::<rustls::Error>()) {
        return LiveError::Tls {
            server: server.to_string(),
            message: tls.to_string(),
        };
    }
    let innermost = chain.last().map(|c| c.to_string()).unwrap_or_default();
    LiveError::Unreachable {
        server: server.to_string(),
        message: innermost,
    }
}

/// Every error in the chain, looking inside `io::Error`s too (their `source()` skips the
/// wrapped error itself, and rustls hands its errors to tokio-rustls that way).
fn error_chain<'a>(e: &'a (dyn StdError + 'static)) -> Vec<&'a (dyn StdError + 'static)> {
    let mut out = Vec::new();
    let mut next = Some(e);
    while let Some(cur) = next {
        out.push(cur);
        next = match cur
            .downcast_ref::<std::io::Error>()
            .and_then(|io| io.get_ref())
        {
            Some(inner) => Some(inner as &(dyn StdError + 'static)),
            None => cur.source(),
        };
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn list_pods(ns: Option<&str>) -> Action {
        Action {
            verb: "list",
            resource: "pods",
            namespace: ns.map(str::to_string),
            name: None,
        }
    }

    #[test]
    fn forbidden_names_user_verb_and_resource() {
        let status: kube::core::Status = serde_json::from_str(include_str!(
            "../../../tests/fixtures/apiserver/error-403-noaccess-list-pods.json"
        ))
        .unwrap();
        let e = from_status(&status, &list_pods(Some("large-250")), "https://k");
        assert_eq!(
            e.to_string(),
            "forbidden: user \"noaccess\" cannot list pods in namespace \"large-250\" (check with: kubectl auth can-i list pods -n large-250)"
        );
        assert!(e.is_forbidden());
    }

    #[test]
    fn cluster_scope_wording() {
        let e = LiveError::Forbidden {
            action: Box::new(list_pods(None)),
            user: None,
        };
        assert_eq!(
            e.to_string(),
            "forbidden: the current user cannot list pods at the cluster scope (check with: kubectl auth can-i list pods -A)"
        );
        let get = Action {
            verb: "get",
            resource: "services",
            namespace: Some("ns".into()),
            name: Some("web".into()),
        };
        assert_eq!(get.to_string(), "get service \"web\" in namespace \"ns\"");
    }

    #[test]
    fn unauthorized_and_expired_from_real_statuses() {
        let s401: kube::core::Status = serde_json::from_str(include_str!(
            "../../../tests/fixtures/apiserver/error-401-bad-token.json"
        ))
        .unwrap();
        assert!(matches!(
            from_status(&s401, &list_pods(Some("x")), "https://k"),
            LiveError::Unauthorized { .. }
        ));
        let s410: kube::core::Status = serde_json::from_str(include_str!(
            "../../../tests/fixtures/apiserver/error-410-expired-continue.json"
        ))
        .unwrap();
        assert!(matches!(
            from_status(&s410, &list_pods(Some("x")), "https://k"),
            LiveError::Expired { .. }
        ));
    }

    #[test]
    fn io_wrapped_rustls_error_is_tls() {
        let inner = rustls::Error::InvalidCertificate(rustls::CertificateError::UnknownIssuer);
        let io = std::io::Error::new(std::io::ErrorKind::InvalidData, inner);
        match from_transport(&io, "https://127.0.0.1:1") {
            LiveError::Tls { message, .. } => assert!(message.contains("UnknownIssuer")),
            other => panic!("{other:?}"),
        }
        let refused = std::io::Error::from(std::io::ErrorKind::ConnectionRefused);
        assert!(matches!(
            from_transport(&refused, "https://127.0.0.1:1"),
            LiveError::Unreachable { .. }
        ));
    }
}
