//! Ingress, HTTPRoute/GRPCRoute and NetworkPolicy -> model.
//!
//! Gateway API types are not in k8s-openapi, so routes are read through small serde shapes of
//! the `gateway.networking.k8s.io/v1` API (<https://gateway-api.sigs.k8s.io/reference/spec/>).

use super::{Input, meta};
use crate::model::{BackendRef, NetworkPolicy, PolicyPort, PortRef, Protocol, Router};
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
    // Without policyTypes, Ingress is always implied
    // (<https://kubernetes.io/docs/reference/kubernetes-api/policy-resources/network-policy-v1/>).
    let affects_ingress = types.is_empty() || types.iter().any(|t| t == "Ingress");
    let ingress_rules = spec
        .ingress
        .unwrap_or_default()
        .into_iter()
        .map(|rule| {
            rule.ports
                .unwrap_or_default()
                .into_iter()
                .map(|p| PolicyPort {
                    protocol: Protocol::parse(p.protocol.as_deref()),
                    port: p.port.map(|port| match port {
                        IntOrString::Int(n) => PortRef::Number(n),
                        IntOrString::String(s) => PortRef::Name(s),
                    }),
                    end_port: p.end_port,
                })
                .collect()
        })
        .collect();
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
        ingress_rules,
    })
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
        assert_eq!(
            np.ingress_rules[0][0].port,
            Some(PortRef::Name("http".into()))
        );
        assert_eq!(np.ingress_rules[0][1].end_port, Some(9010));
        assert_eq!(np.ingress_rules[0][1].protocol, Protocol::Udp);
        let egress_only = network_policy(json!({
            "apiVersion": "networking.k8s.io/v1", "kind": "NetworkPolicy",
            "metadata": {"name": "e"}, "spec": {"podSelector": {}, "policyTypes": ["Egress"]}
        }))
        .unwrap();
        assert!(!egress_only.affects_ingress);
        assert_eq!(
            egress_only.pod_selector_full.map(|s| s.selects_all()),
            Some(true)
        );
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
