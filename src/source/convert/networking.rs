//! Ingress, HTTPRoute/GRPCRoute and NetworkPolicy -> model.
//!
//! Gateway API types are not in k8s-openapi, so routes are read through small serde shapes of
//! the `gateway.networking.k8s.io/v1` API (<https://gateway-api.sigs.k8s.io/reference/spec/>).

use super::{Input, meta};
use crate::model::{
    BackendRef, Cidr, NAMESPACE_NAME_LABEL, Namespace, NetworkPolicy, PolicyPeer, PolicyPort,
    PolicyRule, PortRef, Protocol, Router,
};
use k8s_openapi::api::networking::v1 as api;
use k8s_openapi::apimachinery::pkg::util::intstr::IntOrString;
use serde::Deserialize;

pub(crate) fn ingress(value: impl Input) -> Result<Router, String> {
    let ing: api::Ingress = value.typed("Ingress")?;
    let namespace = meta::namespace(&ing.metadata);
    let spec = ing.spec.unwrap_or_default();
    let mut backends = Vec::new();
    let mut push = |b: &api::IngressBackend| {
        if let Some(svc) = &b.service {
            let port = match &svc.port {
                Some(p) => match (&p.name, p.number) {
                    (Some(n), _) if !n.is_empty() => PortRef::Name(n.clone()),
                    (_, Some(n)) => PortRef::Number(n),
                    _ => PortRef::Unset,
                },
                None => PortRef::Unset,
            };
            backends.push(BackendRef {
                namespace: namespace.clone(),
                service: svc.name.clone(),
                port,
            });
        }
    };
    if let Some(b) = &spec.default_backend {
        push(b);
    }
    for rule in spec.rules.iter().flatten() {
        for path in rule.http.iter().flat_map(|h| &h.paths) {
            push(&path.backend);
        }
    }
    Ok(Router {
        kind: "Ingress".into(),
        name: ing.metadata.name.clone().unwrap_or_default(),
        namespace,
        backends,
    })
}

#[derive(Deserialize, Default)]
struct RouteMeta {
    name: Option<String>,
    namespace: Option<String>,
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
    backend_refs: Vec<RouteBackend>,
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
pub(crate) fn route(value: impl Input, kind: &str) -> Result<Router, String> {
    let r: Route = value.typed(kind)?;
    let namespace = r
        .metadata
        .namespace
        .filter(|n| !n.is_empty())
        .unwrap_or_else(|| "default".into());
    let backends = r
        .spec
        .rules
        .into_iter()
        .flat_map(|rule| rule.backend_refs)
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
        })
        .collect();
    Ok(Router {
        kind: kind.to_string(),
        namespace,
        name: r.metadata.name.unwrap_or_default(),
        backends,
    })
}

pub(crate) fn network_policy(value: impl Input) -> Result<NetworkPolicy, String> {
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
            .and_then(|s| s.match_labels.clone())
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
pub(crate) fn namespace(value: impl Input) -> Result<Namespace, String> {
    let ns: k8s_openapi::api::core::v1::Namespace = value.typed("Namespace")?;
    let name = ns.metadata.name.clone().unwrap_or_default();
    let mut labels = ns.metadata.labels.clone().unwrap_or_default();
    labels.insert(NAMESPACE_NAME_LABEL.to_string(), name.clone());
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
        }))
        .unwrap();
        assert_eq!(r.backends.len(), 2);
        assert_eq!(r.backends[0].port, PortRef::Number(80));
        assert_eq!(
            r.backends[1],
            BackendRef {
                namespace: "shop".into(),
                service: "web".into(),
                port: PortRef::Name("http".into())
            }
        );
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
            ns.labels.get(NAMESPACE_NAME_LABEL).map(String::as_str),
            Some("shop")
        );
        assert_eq!(ns.labels.len(), 2);
    }

    #[test]
    fn network_policy_match_expressions_are_kept_whole() {
        use kube::core::SelectorExt;
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
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect()
        };
        assert!(sel.matches(&l(&[("app", "web")])));
        assert!(sel.matches(&l(&[("app", "web"), ("tier", "fe")])));
        assert!(!sel.matches(&l(&[("app", "web"), ("tier", "batch")])));
        let bad = network_policy(json!({
            "apiVersion": "networking.k8s.io/v1", "kind": "NetworkPolicy",
            "metadata": {"name": "bad"},
            "spec": {"podSelector": {"matchExpressions": [{"key": "x", "operator": "Near"}]}}
        }))
        .unwrap();
        assert_eq!(bad.pod_selector_full, None);
    }
}
