//! Ingress, HTTPRoute/GRPCRoute and NetworkPolicy -> model.
//!
//! Gateway API types are not in k8s-openapi, so routes are read through small serde shapes of
//! the `gateway.networking.k8s.io/v1` API (<https://gateway-api.sigs.k8s.io/reference/spec/>).

use super::{Input, meta};
use crate::model::{
    BackendRef, BackendSite, Cidr, NAMESPACE_NAME_LABEL, Namespace, NetworkPolicy, PolicyPeer,
    PolicyPort, PolicyRule, PortRef, Protocol, Router, WrittenIngressBackend,
};
use k8s_openapi::api::networking::v1 as api;
use k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta;
use k8s_openapi::apimachinery::pkg::util::intstr::IntOrString;
use serde::Deserialize;

/// An Ingress of `networking.k8s.io/v1`, or of the removed `extensions/v1beta1` and
/// `networking.k8s.io/v1beta1` APIs (`serviceName`/`servicePort` backends, `spec.backend`).
///
/// Read through small serde shapes rather than k8s-openapi's v1 type, which would drop the
/// v1beta1 fields a v1 manifest may still carry (the API server refuses them; see
/// `pkg/apis/networking/validation/validation.go` `validateIngressBackend`).
pub(crate) fn ingress(value: impl Input, api_version: &str) -> Result<Router, super::Refused> {
    let ing: IngressWire = value.typed("Ingress")?;
    let namespace = meta::namespace(&ing.metadata);
    let v1 = api_version == "networking.k8s.io/v1";
    let mut backends = Vec::new();
    let mut written = Vec::new();
    let mut push = |b: &BackendWire, site: BackendSite, path_type: Option<&String>| {
        let service = if v1 {
            b.service.as_ref().map(|svc| {
                let port = svc.port.as_ref();
                let name = port.and_then(|p| p.name.clone()).filter(|n| !n.is_empty());
                let number = port.and_then(|p| p.number).filter(|n| *n != 0);
                let port = match (name, number) {
                    (Some(n), _) => PortRef::Name(n),
                    (None, Some(n)) => PortRef::Number(n),
                    (None, None) => PortRef::Unset,
                };
                (svc.name.clone(), port)
            })
        } else {
            b.service_name.as_ref().map(|name| {
                let port = match &b.service_port {
                    Some(IntOrString::Int(n)) if *n != 0 => PortRef::Number(*n),
                    Some(IntOrString::String(s)) if !s.is_empty() => match s.parse() {
                        Ok(n) => PortRef::Number(n),
                        Err(_) => PortRef::Name(s.clone()),
                    },
                    _ => PortRef::Unset,
                };
                (name.clone(), port)
            })
        };
        if v1 {
            let legacy = [
                ("serviceName", b.service_name.is_some()),
                ("servicePort", b.service_port.is_some()),
            ];
            written.push(WrittenIngressBackend {
                site: site.clone(),
                path_type: path_type.cloned(),
                service_name: b.service.as_ref().map(|s| s.name.clone()),
                port_name: b
                    .service
                    .as_ref()
                    .and_then(|s| s.port.as_ref())
                    .and_then(|p| p.name.clone())
                    .filter(|n| !n.is_empty()),
                port_number: b
                    .service
                    .as_ref()
                    .and_then(|s| s.port.as_ref())
                    .and_then(|p| p.number)
                    .filter(|n| *n != 0),
                resource: b.resource.is_some(),
                legacy_fields: legacy
                    .iter()
                    .filter(|(_, set)| *set)
                    .map(|(f, _)| (*f).to_string())
                    .collect(),
            });
        }
        if let Some((service, port)) = service.filter(|(name, _)| !name.is_empty()) {
            backends.push(BackendRef {
                namespace: namespace.clone(),
                service,
                port,
                site,
            });
        }
    };
    let spec = ing.spec;
    if let Some(b) = spec.default_backend.as_ref().or(spec.backend.as_ref()) {
        push(b, BackendSite::DefaultBackend, None);
    }
    for (r, rule) in spec.rules.iter().enumerate() {
        for (p, path) in rule.http.iter().flat_map(|h| &h.paths).enumerate() {
            let site = BackendSite::IngressPath {
                rule: r,
                path: p,
                host: rule.host.clone().filter(|h| !h.is_empty()),
                value: path.path.clone(),
            };
            push(&path.backend, site, path.path_type.as_ref());
        }
    }
    Ok(Router {
        kind: "Ingress".into(),
        name: ing.metadata.name.clone().unwrap_or_default(),
        namespace,
        backends,
        api_version: api_version.to_string(),
        uid: ing.metadata.uid.clone().unwrap_or_default(),
        written,
        has_rules: !spec.rules.is_empty(),
    })
}

#[derive(Deserialize)]
struct IngressWire {
    #[serde(default)]
    metadata: ObjectMeta,
    #[serde(default)]
    spec: IngressSpecWire,
}

#[derive(Deserialize, Default)]
#[serde(rename_all = "camelCase")]
struct IngressSpecWire {
    #[serde(default)]
    default_backend: Option<BackendWire>,
    /// v1beta1's default backend.
    #[serde(default)]
    backend: Option<BackendWire>,
    #[serde(default, deserialize_with = "null_as_default")]
    rules: Vec<IngressRuleWire>,
}

#[derive(Deserialize, Default)]
struct IngressRuleWire {
    #[serde(default)]
    host: Option<String>,
    #[serde(default)]
    http: Option<HttpWire>,
}

#[derive(Deserialize, Default)]
struct HttpWire {
    #[serde(default, deserialize_with = "null_as_default")]
    paths: Vec<PathWire>,
}

#[derive(Deserialize, Default)]
#[serde(rename_all = "camelCase")]
struct PathWire {
    #[serde(default)]
    path: Option<String>,
    #[serde(default)]
    path_type: Option<String>,
    #[serde(default)]
    backend: BackendWire,
}

#[derive(Deserialize, Default)]
#[serde(rename_all = "camelCase")]
struct BackendWire {
    #[serde(default)]
    service: Option<ServiceBackendWire>,
    #[serde(default)]
    resource: Option<serde::de::IgnoredAny>,
    #[serde(default)]
    service_name: Option<String>,
    #[serde(default)]
    service_port: Option<IntOrString>,
}

#[derive(Deserialize, Default)]
struct ServiceBackendWire {
    #[serde(default)]
    name: String,
    #[serde(default)]
    port: Option<ServicePortWire>,
}

#[derive(Deserialize, Default)]
struct ServicePortWire {
    #[serde(default)]
    name: Option<String>,
    #[serde(default)]
    number: Option<i32>,
}

/// `rules: null` and `paths: null` read as empty lists, as the API server reads them.
fn null_as_default<'de, D, T>(d: D) -> Result<T, D::Error>
where
    D: serde::Deserializer<'de>,
    T: Deserialize<'de> + Default,
{
    Ok(Option::<T>::deserialize(d)?.unwrap_or_default())
}

#[derive(Deserialize, Default)]
struct RouteMeta {
    name: Option<String>,
    namespace: Option<String>,
    #[serde(default)]
    uid: Option<String>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct RouteBackend {
    #[serde(default)]
    group: Option<String>,
    #[serde(default)]
    kind: Option<String>,
    name: String,
    #[serde(default)]
    namespace: Option<String>,
    #[serde(default)]
    port: Option<i32>,
}

#[derive(Deserialize, Default)]
#[serde(rename_all = "camelCase")]
struct RouteRule {
    #[serde(default)]
    name: Option<String>,
    #[serde(default)]
    matches: Vec<RouteMatch>,
    #[serde(default)]
    backend_refs: Vec<RouteBackend>,
}

#[derive(Deserialize, Default)]
struct RouteMatch {
    #[serde(default)]
    path: Option<RoutePath>,
}

#[derive(Deserialize, Default)]
struct RoutePath {
    #[serde(default)]
    value: Option<String>,
}

#[derive(Deserialize, Default)]
struct RouteSpec {
    #[serde(default)]
    rules: Vec<RouteRule>,
}

#[derive(Deserialize)]
struct Route {
    #[serde(default)]
    metadata: RouteMeta,
    #[serde(default)]
    spec: RouteSpec,
}

/// HTTPRoute or GRPCRoute: `backendRefs` default to group "" and kind Service.
pub(crate) fn route(
    value: impl Input,
    api_version: &str,
    kind: &str,
) -> Result<Router, super::Refused> {
    let r: Route = value.typed(kind)?;
    let namespace = r
        .metadata
        .namespace
        .filter(|n| !n.is_empty())
        .unwrap_or_else(|| "default".into());
    let mut backends = Vec::new();
    for (i, rule) in r.spec.rules.into_iter().enumerate() {
        let site = BackendSite::RouteRule {
            rule: i,
            name: rule.name.filter(|n| !n.is_empty()),
            path: rule
                .matches
                .into_iter()
                .find_map(|m| m.path.and_then(|p| p.value)),
        };
        backends.extend(
            rule.backend_refs
                .into_iter()
                .filter(|b| {
                    b.group.as_deref().unwrap_or("").is_empty()
                        && b.kind.as_deref().unwrap_or("Service") == "Service"
                })
                .map(|b| BackendRef {
                    namespace: b
                        .namespace
                        .filter(|n| !n.is_empty())
                        .unwrap_or_else(|| namespace.clone()),
                    service: b.name,
                    port: b.port.map_or(PortRef::Unset, PortRef::Number),
                    site: site.clone(),
                }),
        );
    }
    Ok(Router {
        kind: kind.to_string(),
        namespace,
        name: r.metadata.name.unwrap_or_default(),
        backends,
        api_version: api_version.to_string(),
        uid: r.metadata.uid.unwrap_or_default(),
        ..Router::default()
    })
}

pub(crate) fn network_policy(value: impl Input) -> Result<NetworkPolicy, super::Refused> {
    let np: api::NetworkPolicy = value.typed("NetworkPolicy")?;
    let spec = np.spec.unwrap_or_default();
    let types = spec.policy_types.clone().unwrap_or_default();
    let ingress = spec.ingress.unwrap_or_default();
    let egress = spec.egress.unwrap_or_default();
    // Read as the API server stores it: without policyTypes, Ingress always, plus Egress when
    // the policy has egress rules (upstream `pkg/apis/networking/v1/defaults.go`
    // `SetDefaults_NetworkPolicy`; API reference `NetworkPolicySpec.policyTypes`).
    let affects_ingress = types.is_empty() || types.iter().any(|t| t == "Ingress");
    let affects_egress =
        types.iter().any(|t| t == "Egress") || (types.is_empty() && !egress.is_empty());
    Ok(NetworkPolicy {
        namespace: meta::namespace(&np.metadata),
        name: np.metadata.name.clone().unwrap_or_default(),
        pod_selector: spec
            .pod_selector
            .as_ref()
            .and_then(|s| s.match_labels.as_ref())
            .map(|m| meta::to_labels(Some(m)))
            .unwrap_or_default(),
        pod_selector_has_expressions: spec
            .pod_selector
            .as_ref()
            .and_then(|s| s.match_expressions.as_ref())
            .is_some_and(|e| !e.is_empty()),
        // A missing podSelector selects every pod, like an empty one.
        pod_selector_full: kube::core::Selector::try_from(
            spec.pod_selector.clone().unwrap_or_default(),
        )
        .ok(),
        affects_ingress,
        affects_egress,
        ingress: ingress.into_iter().map(|r| rule(r.ports, r.from)).collect(),
        egress: egress.into_iter().map(|r| rule(r.ports, r.to)).collect(),
    })
}

fn rule(
    ports: Option<Vec<api::NetworkPolicyPort>>,
    peers: Option<Vec<api::NetworkPolicyPeer>>,
) -> PolicyRule {
    PolicyRule {
        ports: ports
            .unwrap_or_default()
            .into_iter()
            .map(|p| PolicyPort {
                // The API server defaults a port's protocol to TCP.
                protocol: Protocol::parse(p.protocol.as_deref()),
                port: p.port.map(|port| match port {
                    IntOrString::Int(n) => PortRef::Number(n),
                    IntOrString::String(s) => PortRef::Name(s),
                }),
                end_port: p.end_port,
            })
            .collect(),
        peers: peers.unwrap_or_default().into_iter().map(peer).collect(),
    }
}

/// One `from`/`to` entry. A selector or CIDR the API server would reject makes the peer match
/// nothing (it could never have been stored).
fn peer(p: api::NetworkPolicyPeer) -> PolicyPeer {
    if let Some(block) = p.ip_block {
        let Some(cidr) = Cidr::parse(&block.cidr) else {
            return PolicyPeer::Invalid(format!("ipBlock cidr {:?} is not a CIDR", block.cidr));
        };
        let mut except = Vec::new();
        for e in block.except.unwrap_or_default() {
            match Cidr::parse(&e) {
                Some(c) => except.push(c),
                None => return PolicyPeer::Invalid(format!("ipBlock except {e:?} is not a CIDR")),
            }
        }
        return PolicyPeer::IpBlock { cidr, except };
    }
    if p.pod_selector.is_none() && p.namespace_selector.is_none() {
        return PolicyPeer::Invalid("a peer with no selector and no ipBlock".into());
    }
    let read = |s: Option<k8s_openapi::apimachinery::pkg::apis::meta::v1::LabelSelector>,
                what: &str| match s {
        None => Ok(None),
        Some(s) => kube::core::Selector::try_from(s)
            .map(Some)
            .map_err(|e| PolicyPeer::Invalid(format!("{what}: {e}"))),
    };
    match (
        read(p.pod_selector, "podSelector"),
        read(p.namespace_selector, "namespaceSelector"),
    ) {
        (Ok(pods), Ok(namespaces)) => PolicyPeer::Pods { pods, namespaces },
        (Err(e), _) | (_, Err(e)) => e,
    }
}

/// v1 Namespace -> model: its name and labels, with `kubernetes.io/metadata.name` as the API
/// server sets it (an applied manifest gets it too).
pub(crate) fn namespace(value: impl Input) -> Result<Namespace, super::Refused> {
    let ns: k8s_openapi::api::core::v1::Namespace = value.typed("Namespace")?;
    let name = ns.metadata.name.clone().unwrap_or_default();
    let mut labels = meta::labels(&ns.metadata);
    labels.insert(NAMESPACE_NAME_LABEL.into(), name.as_str().into());
    Ok(Namespace { name, labels })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn ingress_backends_by_number_and_name() {
        let r = ingress(json!({
            "apiVersion": "networking.k8s.io/v1", "kind": "Ingress",
            "metadata": {"name": "web", "namespace": "shop"},
            "spec": {
                "defaultBackend": {"service": {"name": "default-svc", "port": {"number": 80}}},
                "rules": [{"http": {"paths": [
                    {"path": "/", "pathType": "Prefix", "backend": {"service": {"name": "web", "port": {"name": "http"}}}},
                    {"path": "/r", "pathType": "Prefix", "backend": {"resource": {"kind": "Bucket", "name": "b"}}}
                ]}}]
            }
        }), "networking.k8s.io/v1")
        .unwrap();
        assert_eq!(r.backends.len(), 2);
        assert_eq!(r.backends[0].port, PortRef::Number(80));
        assert_eq!(
            r.backends[1],
            BackendRef {
                namespace: "shop".into(),
                service: "web".into(),
                port: PortRef::Name("http".into()),
                site: BackendSite::IngressPath {
                    rule: 0,
                    path: 0,
                    host: None,
                    value: Some("/".into())
                },
            }
        );
        assert_eq!(r.written.len(), 3);
        assert!(r.written[2].resource);
        assert!(r.written.iter().all(|w| w.legacy_fields.is_empty()));
    }

    #[test]
    fn ingress_v1_keeps_what_the_api_server_would_refuse() {
        let r = ingress(
            json!({
                "apiVersion": "networking.k8s.io/v1", "kind": "Ingress",
                "metadata": {"name": "old", "namespace": "shop"},
                "spec": {"rules": [{"host": "shop.example", "http": {"paths": [
                    {"path": "/", "backend": {"serviceName": "web", "servicePort": 80}}
                ]}}]}
            }),
            "networking.k8s.io/v1",
        )
        .unwrap();
        assert!(r.backends.is_empty(), "a v1 backend has no serviceName");
        assert_eq!(r.written.len(), 1);
        assert_eq!(r.written[0].legacy_fields, ["serviceName", "servicePort"]);
        assert_eq!(r.written[0].path_type, None);
        assert_eq!(r.written[0].service_name, None);
        assert!(r.has_rules);
    }

    #[test]
    fn ingress_v1beta1_backends_are_read() {
        let r = ingress(
            json!({
                "apiVersion": "extensions/v1beta1", "kind": "Ingress",
                "metadata": {"name": "old", "namespace": "shop"},
                "spec": {"backend": {"serviceName": "dflt", "servicePort": "http"},
                         "rules": [{"http": {"paths": [
                    {"path": "/", "backend": {"serviceName": "web", "servicePort": 80}}
                ]}}]}
            }),
            "extensions/v1beta1",
        )
        .unwrap();
        assert_eq!(r.api_version, "extensions/v1beta1");
        assert!(r.written.is_empty());
        assert_eq!(r.backends.len(), 2);
        assert_eq!(r.backends[0].service, "dflt");
        assert_eq!(r.backends[0].port, PortRef::Name("http".into()));
        assert_eq!(r.backends[0].site, BackendSite::DefaultBackend);
        assert_eq!(r.backends[1].port, PortRef::Number(80));
    }

    #[test]
    fn route_backends_default_to_services_in_the_route_namespace() {
        let r = route(
            json!({
                "apiVersion": "gateway.networking.k8s.io/v1", "kind": "HTTPRoute",
                "metadata": {"name": "r", "namespace": "a"},
                "spec": {"rules": [{"backendRefs": [
                    {"name": "web", "port": 8080},
                    {"name": "other", "namespace": "b", "port": 80},
                    {"group": "example.com", "kind": "Bucket", "name": "x"}
                ]}]}
            }),
            "gateway.networking.k8s.io/v1",
            "HTTPRoute",
        )
        .unwrap();
        assert_eq!(r.backends.len(), 2);
        assert_eq!(r.backends[0].namespace, "a");
        assert_eq!(r.backends[1].namespace, "b");
    }

    #[test]
    fn network_policy_ingress_ports() {
        let np = network_policy(json!({
            "apiVersion": "networking.k8s.io/v1", "kind": "NetworkPolicy",
            "metadata": {"name": "p", "namespace": "a"},
            "spec": {"podSelector": {"matchLabels": {"app": "web"}},
                     "ingress": [{"ports": [{"port": "http"}, {"port": 9000, "endPort": 9010, "protocol": "UDP"}]}]}
        }))
        .unwrap();
        assert!(np.affects_ingress);
        assert_eq!(
            np.pod_selector_full,
            Some(kube::core::Selector::from_iter([
                kube::core::Expression::Equal("app".into(), "web".into())
            ]))
        );
        assert!(!np.affects_egress);
        assert_eq!(np.ingress[0].peers, vec![]);
        assert_eq!(
            np.ingress[0].ports[0].port,
            Some(PortRef::Name("http".into()))
        );
        assert_eq!(np.ingress[0].ports[1].end_port, Some(9010));
        assert_eq!(np.ingress[0].ports[1].protocol, Protocol::Udp);
        let egress_only = network_policy(json!({
            "apiVersion": "networking.k8s.io/v1", "kind": "NetworkPolicy",
            "metadata": {"name": "e"}, "spec": {"podSelector": {}, "policyTypes": ["Egress"]}
        }))
        .unwrap();
        assert!(!egress_only.affects_ingress);
        assert!(egress_only.affects_egress);
        assert_eq!(
            egress_only.pod_selector_full.map(|s| s.selects_all()),
            Some(true)
        );
    }

    #[test]
    fn network_policy_types_default_and_peers() {
        let np = network_policy(json!({
            "apiVersion": "networking.k8s.io/v1", "kind": "NetworkPolicy",
            "metadata": {"name": "p", "namespace": "a"},
            "spec": {"podSelector": {},
                     "egress": [{"to": [
                        {"ipBlock": {"cidr": "10.233.65.10/4", "except": ["10.0.0.0/8"]}},
                        {"namespaceSelector": {"matchLabels": {"team": "x"}}, "podSelector": {}},
                        {"ipBlock": {"cidr": "bogus"}}
                     ]}]}
        }))
        .unwrap();
        // No policyTypes and egress rules: Ingress and Egress.
        assert!(np.affects_ingress && np.affects_egress);
        let peers = &np.egress[0].peers;
        assert_eq!(
            peers[0],
            PolicyPeer::IpBlock {
                cidr: Cidr::parse("0.0.0.0/4").unwrap(),
                except: vec![Cidr::parse("10.0.0.0/8").unwrap()]
            }
        );
        assert!(
            matches!(&peers[1], PolicyPeer::Pods { pods: Some(p), namespaces: Some(_) } if p.selects_all())
        );
        assert!(matches!(&peers[2], PolicyPeer::Invalid(_)));
        let ns = namespace(json!({"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": "shop", "labels": {"team": "x"}}})).unwrap();
        assert_eq!(
            ns.labels.get(NAMESPACE_NAME_LABEL).map(|s| s.as_str()),
            Some("shop")
        );
        assert_eq!(ns.labels.len(), 2);
    }

    #[test]
    fn network_policy_match_expressions_are_kept_whole() {
        use crate::model::full_selector_matches;
        let np = network_policy(json!({
            "apiVersion": "networking.k8s.io/v1", "kind": "NetworkPolicy",
            "metadata": {"name": "p"},
            "spec": {"podSelector": {"matchLabels": {"app": "web"},
                                     "matchExpressions": [{"key": "tier", "operator": "NotIn", "values": ["batch"]}]}}
        }))
        .unwrap();
        assert!(np.pod_selector_has_expressions);
        let sel = np.pod_selector_full.unwrap();
        let l = |pairs: &[(&str, &str)]| -> crate::model::Labels {
            pairs
                .iter()
                .map(|(k, v)| ((*k).into(), (*v).into()))
                .collect()
        };
        assert!(full_selector_matches(&sel, &l(&[("app", "web")])));
        assert!(full_selector_matches(
            &sel,
            &l(&[("app", "web"), ("tier", "fe")])
        ));
        assert!(!full_selector_matches(
            &sel,
            &l(&[("app", "web"), ("tier", "batch")])
        ));
        let bad = network_policy(json!({
            "apiVersion": "networking.k8s.io/v1", "kind": "NetworkPolicy",
            "metadata": {"name": "bad"},
            "spec": {"podSelector": {"matchExpressions": [{"key": "x", "operator": "Near"}]}}
        }))
        .unwrap();
        assert_eq!(bad.pod_selector_full, None);
    }
}
