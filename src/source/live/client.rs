//! kubectl's connection flags -> a kube client, through kube's own kubeconfig loading.
//!
//! Which files are read follows client-go's loading rules
//! (`staging/src/k8s.io/client-go/tools/clientcmd/loader.go`, `ClientConfigLoadingRules.Load`):
//! `--kubeconfig` alone if given (it must exist); else every path in `KUBECONFIG`, merged
//! first-wins, skipping files that do not exist; else `~/.kube/config`. Parsing and merging are
//! kube's (`Kubeconfig::read_from`, `Kubeconfig::merge`), as is choosing the context, cluster
//! and user (`Config::from_custom_kubeconfig`). Impersonation becomes kube's
//! `Impersonate-User`/`Impersonate-Group` headers, as kubectl's `--as`/`--as-group` do.

use super::error::LiveError;
use super::requests::Requester;
use kube::config::{KubeConfigOptions, Kubeconfig, KubeconfigError};
use std::path::PathBuf;
use std::time::Duration;

/// Where the kubeconfig comes from (decided by the CLI, which reads the environment).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum KubeconfigLocation {
    /// `--kubeconfig PATH`: exactly this file, which must exist.
    Explicit(PathBuf),
    /// `KUBECONFIG=a:b:c`: merged in order, missing files skipped.
    Merged(Vec<PathBuf>),
    /// `~/.kube/config` (`None`: no home directory known).
    Default(Option<PathBuf>),
}

/// kubectl's connection flags.
#[derive(Debug, Clone)]
pub struct ConnectOptions {
    /// Which kubeconfig file(s).
    pub kubeconfig: KubeconfigLocation,
    /// `--context`.
    pub context: Option<String>,
    /// `--cluster`.
    pub cluster: Option<String>,
    /// `--user`.
    pub user: Option<String>,
    /// `--as`.
    pub impersonate: Option<String>,
    /// `--as-group` (repeatable).
    pub impersonate_groups: Vec<String>,
    /// `--request-timeout` (None: no timeout) and its spelling for messages.
    pub request_timeout: Option<(Duration, String)>,
}

/// A connected cluster: the requester and what the kubeconfig said.
pub struct LiveSource {
    pub(crate) requester: Requester,
    /// The context's namespace, else `default` (what kubectl uses without `-n`).
    pub default_namespace: String,
}

impl LiveSource {
    /// The API server URL.
    pub fn server(&self) -> &str {
        self.requester.server()
    }

    /// How many requests were sent so far.
    pub fn requests_sent(&self) -> usize {
        self.requester.sent()
    }

    /// Bytes of response bodies received so far.
    pub fn bytes_received(&self) -> usize {
        self.requester.received()
    }
}

/// Loads the kubeconfig and builds a client. Sends nothing yet.
pub async fn connect(opts: &ConnectOptions) -> Result<LiveSource, LiveError> {
    let kubeconfig = read_kubeconfig(&opts.kubeconfig)?;
    if let Some(user) = &opts.user
        && !kubeconfig.auth_infos.iter().any(|u| &u.name == user)
    {
        // kube (like client-go for a context's user) tolerates a missing user; an explicit
        // `--user` that does not exist is a mistake kubectl reports too.
        return Err(LiveError::UserNotFound(user.clone()));
    }
    let options = KubeConfigOptions {
        context: opts.context.clone(),
        cluster: opts.cluster.clone(),
        user: opts.user.clone(),
    };
    let mut config = kube::Config::from_custom_kubeconfig(kubeconfig, &options)
        .await
        .map_err(config_error)?;
    if let Some(user) = &opts.impersonate {
        config.auth_info.impersonate = Some(user.clone());
    }
    if !opts.impersonate_groups.is_empty() {
        config.auth_info.impersonate_groups = Some(opts.impersonate_groups.clone());
    }
    if let Some((after, _)) = opts.request_timeout {
        config.connect_timeout = Some(config.connect_timeout.map_or(after, |c| c.min(after)));
    }
    let server = server_url(&config.cluster_url);
    let default_namespace = config.default_namespace.clone();
    let client =
        kube::Client::try_from(config).map_err(|e| LiveError::InvalidConfig(e.to_string()))?;
    Ok(LiveSource {
        requester: Requester::new(client, server, opts.request_timeout.clone()),
        default_namespace,
    })
}

/// `https://host:port` without the trailing `/` the URI parser adds.
fn server_url(uri: &http::Uri) -> String {
    uri.to_string().trim_end_matches('/').to_string()
}

fn read_kubeconfig(location: &KubeconfigLocation) -> Result<Kubeconfig, LiveError> {
    match location {
        KubeconfigLocation::Explicit(path) => read_one(path),
        KubeconfigLocation::Default(Some(path)) if path.exists() => read_one(path),
        KubeconfigLocation::Default(path) => Err(LiveError::NoKubeconfig {
            searched: path.as_ref().map_or_else(
                || "no home directory".to_string(),
                |p| format!("{} does not exist", p.display()),
            ),
        }),
        KubeconfigLocation::Merged(paths) => {
            let existing: Vec<&PathBuf> = paths.iter().filter(|p| p.exists()).collect();
            if existing.is_empty() {
                let list: Vec<String> = paths.iter().map(|p| p.display().to_string()).collect();
                return Err(LiveError::NoKubeconfig {
                    searched: format!("none of KUBECONFIG={} exists", list.join(":")),
                });
            }
            let mut merged = Kubeconfig::default();
            for path in existing {
                merged = merged
                    .merge(read_one(path)?)
                    .map_err(|e| LiveError::Kubeconfig {
                        path: path.display().to_string(),
                        message: e.to_string(),
                    })?;
            }
            Ok(merged)
        }
    }
}

fn read_one(path: &PathBuf) -> Result<Kubeconfig, LiveError> {
    Kubeconfig::read_from(path).map_err(|e| LiveError::Kubeconfig {
        path: path.display().to_string(),
        message: match e {
            KubeconfigError::ReadConfig(io, _) if io.kind() == std::io::ErrorKind::NotFound => {
                "no such file".to_string()
            }
            KubeconfigError::ReadConfig(io, _) => io.to_string(),
            other => other.to_string(),
        },
    })
}

fn config_error(e: KubeconfigError) -> LiveError {
    match e {
        KubeconfigError::CurrentContextNotSet => LiveError::NoCurrentContext,
        KubeconfigError::LoadContext(name) => LiveError::ContextNotFound(name),
        KubeconfigError::LoadClusterOfContext(name) => LiveError::ClusterNotFound(name),
        KubeconfigError::MissingClusterUrl => {
            LiveError::InvalidConfig("the cluster has no server URL".to_string())
        }
        other => LiveError::InvalidConfig(other.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write(dir: &std::path::Path, name: &str, text: &str) -> PathBuf {
        let p = dir.join(name);
        std::fs::write(&p, text).unwrap();
        p
    }

    const A: &str = "apiVersion: v1\nkind: Config\ncurrent-context: a\ncontexts:\n- name: a\n  context: {cluster: ca, user: ua, namespace: team-a}\n- name: b\n  context: {cluster: cb, user: ub}\nclusters:\n- name: ca\n  cluster: {server: 'https://a.example:6443'}\n- name: cb\n  cluster: {server: 'https://b.example:6443'}\nusers:\n- name: ua\n  user: {token: ta}\n- name: ub\n  user: {token: tb}\n";
    const B: &str = "apiVersion: v1\nkind: Config\ncurrent-context: c\ncontexts:\n- name: c\n  context: {cluster: cc, user: ua}\n- name: a\n  context: {cluster: cc, user: ua, namespace: ignored}\nclusters:\n- name: cc\n  cluster: {server: 'https://c.example:6443'}\n";

    fn opts(location: KubeconfigLocation) -> ConnectOptions {
        ConnectOptions {
            kubeconfig: location,
            context: None,
            cluster: None,
            user: None,
            impersonate: None,
            impersonate_groups: vec![],
            request_timeout: None,
        }
    }

    #[tokio::test]
    async fn merged_kubeconfigs_first_wins_and_missing_files_are_skipped() {
        let dir = tempfile::tempdir().unwrap();
        let a = write(dir.path(), "a", A);
        let b = write(dir.path(), "b", B);
        let loc = KubeconfigLocation::Merged(vec![dir.path().join("missing"), a, b]);
        let live = connect(&opts(loc.clone())).await.unwrap();
        assert_eq!(live.server(), "https://a.example:6443");
        assert_eq!(live.default_namespace, "team-a");
        let mut o = opts(loc);
        o.context = Some("c".into());
        let live = connect(&o).await.unwrap();
        assert_eq!(live.server(), "https://c.example:6443");
        assert_eq!(live.default_namespace, "default");
    }

    #[tokio::test]
    async fn context_cluster_and_user_flags() {
        let dir = tempfile::tempdir().unwrap();
        let a = write(dir.path(), "a", A);
        let mut o = opts(KubeconfigLocation::Explicit(a));
        o.cluster = Some("cb".into());
        assert_eq!(
            connect(&o).await.unwrap().server(),
            "https://b.example:6443"
        );
        o.context = Some("nope".into());
        assert_eq!(
            connect(&o).await.err().unwrap().to_string(),
            "context \"nope\" not found in the kubeconfig"
        );
        o.context = None;
        o.user = Some("ghost".into());
        assert_eq!(
            connect(&o).await.err().unwrap().to_string(),
            "user \"ghost\" not found in the kubeconfig"
        );
        o.user = None;
        o.cluster = Some("nowhere".into());
        assert_eq!(
            connect(&o).await.err().unwrap().to_string(),
            "cluster \"nowhere\" not found in the kubeconfig"
        );
    }

    #[tokio::test]
    async fn missing_files_are_named() {
        let dir = tempfile::tempdir().unwrap();
        let missing = dir.path().join("nope");
        let e = connect(&opts(KubeconfigLocation::Explicit(missing.clone())))
            .await
            .err()
            .unwrap();
        assert_eq!(
            e.to_string(),
            format!("kubeconfig {}: no such file", missing.display())
        );
        let e = connect(&opts(KubeconfigLocation::Default(Some(missing.clone()))))
            .await
            .err()
            .unwrap();
        assert!(e.to_string().starts_with("no kubeconfig found ("), "{e}");
        let e = connect(&opts(KubeconfigLocation::Merged(vec![missing])))
            .await
            .err()
            .unwrap();
        assert!(e.to_string().contains("none of KUBECONFIG="), "{e}");
    }
}
