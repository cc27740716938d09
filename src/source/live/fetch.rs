//! What to ask the API server for, concurrently.
//!
//! For one Service (`fetch_service`): get the Service; list its Pods with the Service's selector
//! as `labelSelector` (never a cluster-wide pod list; the EndpointSlice controller selects the
//! same way, `endpointslice_controller.go` `syncService`); list EndpointSlices labelled
//! `kubernetes.io/service-name=NAME` (the label kube-proxy and the controller use,
//! <https://kubernetes.io/docs/concepts/services-networking/endpoint-slices/#ownership>); get
//! the Endpoints; list Nodes (zones, node existence); `GET /version` (whose rules apply); list
//! the Events about it and what is around it in its namespace ([`AROUND_SERVICES`]); and, only
//! when its selector selects no pod, the namespace's pods (what it almost selects). `explain`,
//! `diagnose SERVICE`, `graph SERVICE` and `snapshot SERVICE` share this read.
//!
//! For many Services (`fetch_scope`): list each kind once, paged.
//!
//! Services and Pods are required: a 403 fails. EndpointSlices, Endpoints and Nodes are not: a
//! 403 becomes a warning and `Cluster::endpoint_slices_known`/`endpoints_known`/`nodes_known =
//! false`, so the analysis reports what needed them as unknown. Events, NetworkPolicies,
//! workloads, routes and Namespaces are optional too.
//!
//! Which kinds `explain` and `diagnose` read is said once, in [`SCOPE_READS`] and
//! [`SERVICE_READS`]; what the items become is the caller's [`Keep`] (the model, or a snapshot's
//! JSON), so `snapshot` reads exactly what those commands read.

use super::client::LiveSource;
use super::error::LiveError;
use super::keep::Keep;
use super::paging::{Paged, Selectors, list_all, list_into};
use super::requests::{
    DAEMONSETS, DEPLOYMENTS, ENDPOINT_SLICES, ENDPOINTS, EVENTS, FOREIGN_POLICIES, GRPC_ROUTES,
    HTTP_ROUTES, INGRESSES, Kind, ListScope, NAMESPACES, NETWORK_POLICIES, NODES, PODS, Requester,
    SERVICES, STATEFULSETS, workload_kind,
};
use crate::model::{
    Cluster, EndpointSlice, Endpoints, Event, KubeVersion, Node, Pod, Service, ServiceType,
};
use crate::source::convert::{self, Refused};
use serde_json::Value;
use std::fmt;

/// Something the user should know about what could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LiveWarning {
    /// 403 on EndpointSlices.
    EndpointSlicesForbidden(String),
    /// 403 on Endpoints.
    EndpointsForbidden(String),
    /// 403 on Nodes.
    NodesForbidden(String),
    /// `/version` failed; rules fall back to the Nodes' kubelets.
    VersionUnknown(String),
    /// 403 on Events.
    EventsForbidden(String),
    /// 403 on NetworkPolicies (`reach`).
    NetworkPoliciesForbidden(String),
    /// 403 on Namespaces (`reach`).
    NamespacesForbidden(String),
    /// 403 on Deployments, StatefulSets or DaemonSets.
    WorkloadsForbidden(String),
    /// 403 on Ingresses or Gateway API routes.
    RoutersForbidden(String),
}

impl fmt::Display for LiveWarning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            LiveWarning::EndpointSlicesForbidden(why) => write!(
                f,
                "{why}; EndpointSlices (and kube-proxy's view) are reported as unknown"
            ),
            LiveWarning::EndpointsForbidden(why) => {
                write!(f, "{why}; legacy Endpoints are reported as unknown")
            }
            LiveWarning::NodesForbidden(why) => {
                write!(f, "{why}; zones and node existence are reported as unknown")
            }
            LiveWarning::VersionUnknown(why) => write!(f, "{why}; the server's version is unknown"),
            // The offline run of a snapshot reads the reason back from this wording.
            LiveWarning::NetworkPoliciesForbidden(why) => {
                write!(f, "{why}{}", convert::POLICIES_REFUSED_SUFFIX)
            }
            LiveWarning::NamespacesForbidden(why) => write!(
                f,
                "{why}; namespace labels other than kubernetes.io/metadata.name are unknown"
            ),
            LiveWarning::WorkloadsForbidden(why) => write!(
                f,
                "{why}; checks of the workloads behind Services (scaled to zero, a StatefulSet's serviceName) are skipped"
            ),
            LiveWarning::RoutersForbidden(why) => {
                write!(
                    f,
                    "{why}; the Service backends of these routes are not checked"
                )
            }
            LiveWarning::EventsForbidden(why) => {
                write!(
                    f,
                    "{why}; the controller's topology-hint events are not shown"
                )
            }
        }
    }
}

/// A fetched cluster and the warnings to print.
#[derive(Debug, Default)]
pub struct Fetched {
    /// What was read.
    pub cluster: Cluster,
    /// What could not be read, without failing.
    pub warnings: Vec<LiveWarning>,
}

/// Which namespaces `fetch_scope` covers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Scope {
    /// One namespace.
    Namespace(String),
    /// `-A`.
    All,
}

/// One kind listed (all pages).
#[derive(Debug, Clone, Copy)]
pub struct ListRead {
    /// What is listed.
    pub kind: Kind,
    /// How the list is narrowed.
    pub narrow: Narrow,
    /// What a 403 means.
    pub refused: Refusal,
    /// A custom resource (Gateway API): a 404 means its API is not installed, so none exist.
    pub custom: bool,
}

/// What a refused (403) list means.
#[derive(Debug, Clone, Copy)]
pub enum Refusal {
    /// The analysis cannot do without it: the command fails.
    Fails,
    /// This warning is printed and the kind stays unknown.
    Warns(fn(String) -> LiveWarning),
    /// Said by the objects kept, not by a warning: objects of other policy APIs, which only
    /// `reach` names, record "(not readable)" as `reach` does live (`Reads::unreadable`).
    Unreadable,
}

/// How a list is narrowed on the server.
#[derive(Debug, Clone, Copy)]
pub enum Narrow {
    /// Every object of the scope.
    Nothing,
    /// A `fieldSelector`.
    Fields(&'static str),
    /// `labelSelector=kubernetes.io/service-name=NAME` (one Service's slices).
    ServiceName,
    /// `fieldSelector=involvedObject.kind=Service,involvedObject.name=NAME` (one Service's
    /// events).
    ServiceEvents,
}

/// What a command over many Services reads (`-n NS`, `-A`; Nodes always cluster-wide), each
/// kind listed once, paged. Events: only those about Services (`fieldSelector=
/// involvedObject.kind=Service`, so no other event is transferred): the EndpointSlice
/// controller explains why it gave no topology hints only in Events on the Service
/// (`topology-hints-not-applied`). Then what points at Services: NetworkPolicies
/// (network-policy-blocks-target-port, and `reach` from a snapshot), the workloads behind them
/// and the routes to them ([`AROUND_SERVICES`], read after these), as a dump of the same
/// namespaces would hold them. Namespaces are cluster-scoped, so they are not read here: a namespace-scoped user
/// would get a 403 warning every time, and `kubernetes.io/metadata.name` is known without
/// them. Adding a kind is one line here.
pub const SCOPE_READS: &[ListRead] = &[
    required(SERVICES, Narrow::Nothing),
    required(PODS, Narrow::Nothing),
    optional_read(
        ENDPOINT_SLICES,
        Narrow::Nothing,
        LiveWarning::EndpointSlicesForbidden,
    ),
    optional_read(ENDPOINTS, Narrow::Nothing, LiveWarning::EndpointsForbidden),
    optional_read(NODES, Narrow::Nothing, LiveWarning::NodesForbidden),
    optional_read(
        EVENTS,
        Narrow::Fields("involvedObject.kind=Service"),
        LiveWarning::EventsForbidden,
    ),
];

/// What `-A` reads besides [`SCOPE_READS`], for `reach` from an `-A` snapshot: Namespaces,
/// whose labels decide NetworkPolicy `namespaceSelector`s (a `-n` read leaves them out, since a
/// namespace-scoped user may not list them and `kubernetes.io/metadata.name` is known anyway),
/// and the objects of other policy APIs.
pub const ALL_NAMESPACES_READS: &[ListRead] = &[optional_read(
    NAMESPACES,
    Narrow::Nothing,
    LiveWarning::NamespacesForbidden,
)];

/// Objects of another policy API ([`FOREIGN_POLICIES`], read by `-A` after
/// [`ALL_NAMESPACES_READS`]), which `reach` names as filtering traffic it does not evaluate: a
/// 404 means the API is not installed; a 403 is no warning (only `reach` cares) but a
/// "(not readable)" object, as `reach` records it live.
fn other_policies() -> impl Iterator<Item = ListRead> {
    FOREIGN_POLICIES.iter().map(|(kind, _)| ListRead {
        kind: *kind,
        narrow: Narrow::Nothing,
        refused: Refusal::Unreadable,
        custom: true,
    })
}

/// The objects of a namespace that decide whether its Services work, besides their pods and
/// slices: NetworkPolicies (network-policy-blocks-target-port; `reach`), the workloads that
/// own or would make the pods (selector-matches-only-scaled-to-zero, a StatefulSet's
/// `serviceName`, templates when no pod runs) and the routes that send traffic to them
/// (Ingress and Gateway API backends naming a missing Service or port). Gateway API routes are
/// custom resources: a 404 means the API is not installed.
pub const AROUND_SERVICES: &[ListRead] = &[
    optional_read(
        NETWORK_POLICIES,
        Narrow::Nothing,
        LiveWarning::NetworkPoliciesForbidden,
    ),
    optional_read(
        DEPLOYMENTS,
        Narrow::Nothing,
        LiveWarning::WorkloadsForbidden,
    ),
    optional_read(
        STATEFULSETS,
        Narrow::Nothing,
        LiveWarning::WorkloadsForbidden,
    ),
    optional_read(DAEMONSETS, Narrow::Nothing, LiveWarning::WorkloadsForbidden),
    optional_read(INGRESSES, Narrow::Nothing, LiveWarning::RoutersForbidden),
    custom_read(HTTP_ROUTES, LiveWarning::RoutersForbidden),
    custom_read(GRPC_ROUTES, LiveWarning::RoutersForbidden),
];

/// What one Service's commands (`explain`, `diagnose SERVICE`, `graph SERVICE`, `snapshot
/// SERVICE`) list besides the Service itself, its pods (by its selector) and its Endpoints
/// (by name): its slices, the Nodes, the Events about it, and then what is around it in its
/// namespace ([`AROUND_SERVICES`]). Adding a kind is one line here.
pub const SERVICE_READS: &[ListRead] = &[
    optional_read(
        ENDPOINT_SLICES,
        Narrow::ServiceName,
        LiveWarning::EndpointSlicesForbidden,
    ),
    optional_read(NODES, Narrow::Nothing, LiveWarning::NodesForbidden),
    optional_read(EVENTS, Narrow::ServiceEvents, LiveWarning::EventsForbidden),
];

const fn required(kind: Kind, narrow: Narrow) -> ListRead {
    ListRead {
        kind,
        narrow,
        refused: Refusal::Fails,
        custom: false,
    }
}

const fn optional_read(kind: Kind, narrow: Narrow, warning: fn(String) -> LiveWarning) -> ListRead {
    ListRead {
        kind,
        narrow,
        refused: Refusal::Warns(warning),
        custom: false,
    }
}

const fn custom_read(kind: Kind, warning: fn(String) -> LiveWarning) -> ListRead {
    ListRead {
        kind,
        narrow: Narrow::Nothing,
        refused: Refusal::Warns(warning),
        custom: true,
    }
}

/// What a fetch read, kept as `S`.
#[derive(Debug)]
pub struct Reads<S> {
    /// Each kind read, in the order of the reads, with its items.
    pub kept: Vec<(Kind, S)>,
    /// What could not be read (in the order of the reads, then the version).
    pub warnings: Vec<LiveWarning>,
    /// The server's version, when `/version` said.
    pub server_version: Option<KubeVersion>,
    /// Kinds refused with [`Refusal::Unreadable`].
    pub unreadable: Vec<Kind>,
}

impl Reads<Cluster> {
    /// The model: every kind's objects, with what was refused left unknown.
    fn into_fetched(self) -> Fetched {
        let mut c = Cluster {
            pods_known: true,
            server_version: self.server_version,
            ..Cluster::default()
        };
        for (kind, part) in self.kept {
            c.append(part);
            mark_known(&mut c, kind);
        }
        c.foreign_policies.extend(
            self.unreadable
                .iter()
                .map(|k| crate::model::ObjectKey::not_readable(k.kind)),
        );
        // Read from an API server: cluster state, whatever fields the server sent.
        for s in &mut c.services {
            s.live = true;
        }
        // Refused policies are unknown, not absent (as a snapshot of this read says offline).
        c.network_policies_unreadable = self.warnings.iter().find_map(|w| match w {
            LiveWarning::NetworkPoliciesForbidden(why) => Some(why.clone()),
            _ => None,
        });
        Fetched {
            cluster: c,
            warnings: self.warnings,
        }
    }
}

/// Records in `c` that `kind` was read (so "none" means none exist).
pub fn mark_known(c: &mut Cluster, kind: Kind) {
    match kind.kind {
        "Pod" => c.pods_known = true,
        "EndpointSlice" => c.endpoint_slices_known = true,
        "Endpoints" => c.endpoints_known = true,
        "Node" => c.nodes_known = true,
        _ => {}
    }
}

/// Reads one Service and exactly what explaining it needs.
pub async fn fetch_service(
    live: &LiveSource,
    namespace: &str,
    name: &str,
) -> Result<Fetched, LiveError> {
    Ok(read_service::<Cluster>(live, namespace, name)
        .await?
        .into_fetched())
}

/// Reads every Service, Pod, EndpointSlice, Endpoints, Node and Service Event in `scope`
/// ([`SCOPE_READS`]).
pub async fn fetch_scope(live: &LiveSource, scope: &Scope) -> Result<Fetched, LiveError> {
    Ok(read_scope::<Cluster>(live, scope).await?.into_fetched())
}

/// [`fetch_service`], keeping the items as `S`: get the Service; list its Pods with the
/// Service's selector; get its Endpoints; [`SERVICE_READS`]; `/version`.
pub async fn read_service<S: Keep>(
    live: &LiveSource,
    namespace: &str,
    name: &str,
) -> Result<Reads<S>, LiveError> {
    let req = &live.requester;
    let ns = ListScope::Namespace(namespace);
    let service_and_pods = async {
        let Some(body) = req.get(SERVICES, namespace, name).await? else {
            return Err(LiveError::NotFound {
                kind: "service",
                name: name.to_string(),
                namespace: namespace.to_string(),
            });
        };
        let value = parse_object(&body, SERVICES, namespace)?;
        let svc = convert_object(value.clone(), SERVICES, namespace, convert::service)?;
        let mut service = S::default();
        keep_object(&mut service, SERVICES, value, namespace)?;
        let pods = match pod_selector(&svc) {
            Some(selector) => {
                let selected: S = list_kept(req, PODS, ns, (Some(&selector), None)).await?;
                if selected.is_empty() {
                    // A selector that selects nothing: the namespace's pods say what it
                    // almost selected (selector-near-miss), as a dump of the namespace would.
                    list_kept(req, PODS, ns, (None, None)).await?
                } else {
                    selected
                }
            }
            None => S::default(),
        };
        Ok([(SERVICES, Ok(service)), (PODS, Ok(pods))])
    };
    let endpoints = async {
        let mut kept = S::default();
        if let Some(body) = req.get(ENDPOINTS, namespace, name).await? {
            let value = parse_object(&body, ENDPOINTS, namespace)?;
            keep_object(&mut kept, ENDPOINTS, value, namespace)?;
        }
        Ok(kept)
    };
    let (first, endpoints, rest, version) = tokio::try_join!(
        service_and_pods,
        optional(endpoints),
        run_reads::<S>(
            req,
            SERVICE_READS.iter().chain(AROUND_SERVICES).copied(),
            ns,
            name
        ),
        server_version(req),
    )?;
    let mut parts: Vec<Part<S>> = first
        .into_iter()
        .map(|(kind, read)| (kind, Refusal::Fails, read))
        .collect();
    parts.push((
        ENDPOINTS,
        Refusal::Warns(LiveWarning::EndpointsForbidden),
        endpoints,
    ));
    parts.extend(rest);
    Ok(collect(parts, version))
}

/// [`fetch_scope`], keeping the items as `S`.
pub async fn read_scope<S: Keep>(live: &LiveSource, scope: &Scope) -> Result<Reads<S>, LiveError> {
    let req = &live.requester;
    let ls = match scope {
        Scope::Namespace(ns) => ListScope::Namespace(ns),
        Scope::All => ListScope::All,
    };
    let reads = SCOPE_READS.iter().chain(AROUND_SERVICES).copied();
    let reads: Vec<ListRead> = match scope {
        Scope::All => reads
            .chain(ALL_NAMESPACES_READS.iter().copied())
            .chain(other_policies())
            .collect(),
        Scope::Namespace(_) => reads.collect(),
    };
    let (parts, version) =
        tokio::try_join!(run_reads::<S>(req, reads, ls, ""), server_version(req))?;
    Ok(collect(parts, version))
}

type Part<S> = (Kind, Refusal, Result<S, String>);

/// Every read of `reads`, concurrently. `service`: the name for [`Narrow::ServiceName`].
async fn run_reads<S: Keep>(
    req: &Requester,
    reads: impl IntoIterator<Item = ListRead>,
    scope: ListScope<'_>,
    service: &str,
) -> Result<Vec<Part<S>>, LiveError> {
    let service_label = format!("kubernetes.io/service-name={service}");
    let service_events = format!("involvedObject.kind=Service,involvedObject.name={service}");
    let (service_label, service_events) = (service_label.as_str(), service_events.as_str());
    let each = reads.into_iter().map(|r| {
        let selectors: Selectors<'_> = match r.narrow {
            Narrow::Nothing => (None, None),
            Narrow::Fields(f) => (None, Some(f)),
            Narrow::ServiceName => (Some(service_label), None),
            Narrow::ServiceEvents => (None, Some(service_events)),
        };
        let scope = if r.kind.namespaced {
            scope
        } else {
            ListScope::All
        };
        async move {
            let read = async {
                match list_kept::<S>(req, r.kind, scope, selectors).await {
                    // The custom resource's API is not installed: none exist.
                    Err(LiveError::Api { code: 404, .. }) if r.custom => Ok(S::default()),
                    other => other,
                }
            };
            let read = match r.refused {
                Refusal::Fails => Ok(read.await?),
                Refusal::Warns(_) | Refusal::Unreadable => optional(read).await?,
            };
            Ok::<_, LiveError>((r.kind, r.refused, read))
        }
    });
    futures::future::try_join_all(each).await
}

/// The kinds read and the warnings, in the order of the reads, then the version's.
fn collect<S>(
    parts: Vec<Part<S>>,
    version: (Option<KubeVersion>, Option<LiveWarning>),
) -> Reads<S> {
    let mut kept = Vec::new();
    let mut warnings = Vec::new();
    let mut unreadable = Vec::new();
    for (kind, refused, read) in parts {
        match (read, refused) {
            (Ok(s), _) => kept.push((kind, s)),
            // One warning per kind of loss (three workload kinds refused alike say it once).
            (Err(why), Refusal::Warns(warning)) => {
                let w = warning(why);
                let said = std::mem::discriminant(&w);
                if !warnings.iter().any(|o| std::mem::discriminant(o) == said) {
                    warnings.push(w);
                }
            }
            (Err(_), Refusal::Unreadable) => unreadable.push(kind),
            // `optional` is only applied where a refusal is allowed.
            (Err(_), Refusal::Fails) => {}
        }
    }
    warnings.extend(version.1);
    Reads {
        kept,
        warnings,
        server_version: version.0,
        unreadable,
    }
}

/// Lists one kind into a fresh `S` (started over when the list restarts after 410).
async fn list_kept<S: Keep>(
    req: &Requester,
    kind: Kind,
    scope: ListScope<'_>,
    selectors: Selectors<'_>,
) -> Result<S, LiveError> {
    let mut kept = S::default();
    list_into(req, kind, scope, selectors, &mut |paged| {
        match paged {
            Paged::Start(expected) => {
                kept = S::default();
                kept.reserve(kind, expected);
            }
            Paged::Item(item) => kept.add(kind, item)?,
        }
        Ok(())
    })
    .await?;
    Ok(kept)
}

/// The workload `reach` starts from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WorkloadRef {
    /// API kind (`Deployment`).
    pub kind: String,
    /// Namespace.
    pub namespace: String,
    /// Name.
    pub name: String,
}

/// Reads what `reach` needs: every namespace's Services, Pods and EndpointSlices (the
/// destination, its endpoints and the cluster DNS pods may be anywhere), NetworkPolicies and
/// Namespaces (a 403 on policies makes the policy hops unknown; on Namespaces only
/// `kubernetes.io/metadata.name` is known), Nodes, `/version`, and the client's workload.
pub async fn fetch_reach(
    live: &LiveSource,
    workload: Option<&WorkloadRef>,
) -> Result<Fetched, LiveError> {
    let req = &live.requester;
    let all = ListScope::All;
    let get_workload = async {
        let Some(w) = workload else {
            return Ok(None);
        };
        let Some(kind) = workload_kind(&w.kind) else {
            return Ok(None);
        };
        let Some(body) = req.get(kind, &w.namespace, &w.name).await? else {
            return Ok(None);
        };
        let wk = crate::model::WorkloadKind::parse(&w.kind);
        let value: Value = serde_json::from_str(&body).map_err(|e| LiveError::Decode {
            action: Box::new(super::error::Action {
                verb: "get",
                resource: kind.resource,
                namespace: Some(w.namespace.clone()),
                name: Some(w.name.clone()),
            }),
            message: e.to_string(),
        })?;
        Ok(wk.and_then(|k| convert::workload(value, k).ok()))
    };
    let (services, pods, slices, nodes, policies, namespaces, version, workload, foreign) = tokio::try_join!(
        list_all(req, SERVICES, all, None, convert::service),
        list_all(req, PODS, all, None, convert::pod),
        optional(list_all(
            req,
            ENDPOINT_SLICES,
            all,
            None,
            convert::endpoint_slice
        )),
        optional(list_all(req, NODES, all, None, convert::node)),
        optional(list_all(
            req,
            NETWORK_POLICIES,
            all,
            None,
            convert::network_policy
        )),
        optional(list_all(req, NAMESPACES, all, None, convert::namespace)),
        server_version(req),
        get_workload,
        foreign_policies(req),
    )?;
    let mut fetched = Read {
        services,
        pods,
        slices,
        version,
        endpoints: Ok(Vec::new()),
        nodes,
        events: Ok(Vec::new()),
    }
    .into_fetched();
    let c = &mut fetched.cluster;
    match policies {
        Ok(p) => c.network_policies = p,
        Err(why) => {
            fetched
                .warnings
                .push(LiveWarning::NetworkPoliciesForbidden(why.clone()));
            c.network_policies_unreadable = Some(why);
        }
    }
    match namespaces {
        Ok(n) => c.namespaces = n,
        Err(why) => fetched.warnings.push(LiveWarning::NamespacesForbidden(why)),
    }
    c.workloads.extend(workload);
    c.foreign_policies = foreign;
    Ok(fetched)
}

/// Objects of other policy APIs (Cilium, Calico, AdminNetworkPolicy, Istio): only that they
/// exist. A 404 means the API is not installed; a 403 is recorded as an object that may exist.
async fn foreign_policies(req: &Requester) -> Result<Vec<crate::model::ObjectKey>, LiveError> {
    let mut out = Vec::new();
    for (kind, name) in FOREIGN_POLICIES {
        match list_all(req, *kind, ListScope::All, None, object_identity).await {
            Ok(found) => out.extend(
                found
                    .into_iter()
                    .map(|(ns, n)| crate::model::ObjectKey::new(name, &ns, &n)),
            ),
            Err(LiveError::Api { code: 404, .. }) => {}
            Err(e) if e.is_forbidden() => out.push(crate::model::ObjectKey::not_readable(name)),
            Err(e) => return Err(e),
        }
    }
    Ok(out)
}

fn object_identity(v: Value) -> Result<(String, String), Refused> {
    let field = |f: &str| {
        v.pointer(&format!("/metadata/{f}"))
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_string()
    };
    Ok((field("namespace"), field("name")))
}

/// Everything one fetch read; `Err` holds the 403 message of a read the analysis can do without.
struct Read {
    services: Vec<Service>,
    pods: Vec<Pod>,
    slices: Result<Vec<EndpointSlice>, String>,
    version: (Option<KubeVersion>, Option<LiveWarning>),
    endpoints: Result<Vec<Endpoints>, String>,
    nodes: Result<Vec<Node>, String>,
    events: Result<Vec<Event>, String>,
}

impl Read {
    /// The cluster, with each refused read left unknown and turned into its warning (in the
    /// order slices, version, Endpoints, Nodes, Events).
    fn into_fetched(self) -> Fetched {
        let mut warnings = Vec::new();
        let mut services = self.services;
        // Read from an API server: cluster state, whatever fields the server sent.
        for s in &mut services {
            s.live = true;
        }
        let mut c = Cluster {
            services,
            pods: self.pods,
            pods_known: true,
            ..Cluster::default()
        };
        if let Some(s) = readable(
            self.slices,
            &mut warnings,
            LiveWarning::EndpointSlicesForbidden,
        ) {
            c.endpoint_slices = s;
            c.endpoint_slices_known = true;
        }
        c.server_version = self.version.0;
        warnings.extend(self.version.1);
        if let Some(e) = readable(
            self.endpoints,
            &mut warnings,
            LiveWarning::EndpointsForbidden,
        ) {
            c.endpoints = e;
            c.endpoints_known = true;
        }
        if let Some(n) = readable(self.nodes, &mut warnings, LiveWarning::NodesForbidden) {
            c.nodes = n;
            c.nodes_known = true;
        }
        c.events =
            readable(self.events, &mut warnings, LiveWarning::EventsForbidden).unwrap_or_default();
        Fetched {
            cluster: c,
            warnings,
        }
    }
}

/// The value read, or `None` with the refusal recorded as its warning.
fn readable<T>(
    read: Result<T, String>,
    warnings: &mut Vec<LiveWarning>,
    warning: fn(String) -> LiveWarning,
) -> Option<T> {
    read.map_err(|why| warnings.push(warning(why))).ok()
}

/// A read the analysis can do without: a 403 becomes `Err(message)`; anything else fails.
async fn optional<T>(
    read: impl Future<Output = Result<T, LiveError>>,
) -> Result<Result<T, String>, LiveError> {
    match read.await {
        Ok(v) => Ok(Ok(v)),
        Err(e) if e.is_forbidden() => Ok(Err(e.to_string())),
        Err(e) => Err(e),
    }
}

/// `GET /version` -> the minor version. An API error (not a transport error) is a warning.
pub(super) async fn server_version(
    req: &Requester,
) -> Result<(Option<KubeVersion>, Option<LiveWarning>), LiveError> {
    match req.version().await {
        Ok(body) => Ok(match parse_version(&body) {
            Some(v) => (Some(v), None),
            None => (
                None,
                Some(LiveWarning::VersionUnknown(
                    "GET /version gave no version".to_string(),
                )),
            ),
        }),
        Err(
            e @ (LiveError::Forbidden { .. } | LiveError::Api { .. } | LiveError::Decode { .. }),
        ) => Ok((None, Some(LiveWarning::VersionUnknown(e.to_string())))),
        Err(e) => Err(e),
    }
}

/// `gitVersion` (`v1.32.6`), else `major`.`minor` (`1`, `32+` on some providers).
fn parse_version(body: &str) -> Option<KubeVersion> {
    let v: Value = serde_json::from_str(body).ok()?;
    v.get("gitVersion")
        .and_then(Value::as_str)
        .and_then(KubeVersion::parse_lenient)
        .or_else(|| {
            let major = v.get("major")?.as_str()?;
            let minor = v.get("minor")?.as_str()?;
            KubeVersion::parse_lenient(&format!("{major}.{minor}"))
        })
}

/// The label selector that lists a Service's pods; `None` when the Service selects none
/// (no selector, or ExternalName, whose selector is ignored).
pub(super) fn pod_selector(svc: &Service) -> Option<String> {
    if svc.service_type() == ServiceType::ExternalName {
        return None;
    }
    let selector = svc.selector.as_ref()?;
    Some(
        selector
            .iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect::<Vec<_>>()
            .join(","),
    )
}

fn decode_error(kind: Kind, namespace: &str, message: String) -> LiveError {
    LiveError::Decode {
        action: Box::new(super::error::Action {
            verb: "get",
            resource: kind.resource,
            namespace: Some(namespace.to_string()),
            name: None,
        }),
        message,
    }
}

/// A got object without `managedFields`.
fn parse_object(body: &str, kind: Kind, namespace: &str) -> Result<Value, LiveError> {
    let mut value: Value =
        serde_json::from_str(body).map_err(|e| decode_error(kind, namespace, e.to_string()))?;
    if let Some(meta) = value.get_mut("metadata").and_then(Value::as_object_mut) {
        meta.remove("managedFields");
    }
    Ok(value)
}

fn convert_object<T>(
    value: Value,
    kind: Kind,
    namespace: &str,
    convert: fn(Value) -> Result<T, Refused>,
) -> Result<T, LiveError> {
    convert(value).map_err(|e| decode_error(kind, namespace, e.to_string()))
}

fn keep_object<S: Keep>(
    kept: &mut S,
    kind: Kind,
    value: Value,
    namespace: &str,
) -> Result<(), LiveError> {
    kept.add(kind, value)
        .map_err(|m| decode_error(kind, namespace, m))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::mk_service;

    #[test]
    fn version_from_git_version_or_major_minor() {
        let real = include_str!("../../../tests/fixtures/apiserver/version.json");
        assert_eq!(parse_version(real), Some(KubeVersion::new(1, 32)));
        assert_eq!(
            parse_version(r#"{"major":"1","minor":"30+","gitVersion":""}"#),
            Some(KubeVersion::new(1, 30))
        );
        assert_eq!(parse_version("{}"), None);
    }

    #[test]
    fn selector_becomes_label_selector() {
        let svc = mk_service("web", &[("app", "web"), ("tier", "fe")]);
        assert_eq!(pod_selector(&svc).as_deref(), Some("app=web,tier=fe"));
        let mut none = svc.clone();
        none.selector = None;
        assert_eq!(pod_selector(&none), None);
    }
}
