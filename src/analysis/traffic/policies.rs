//! Traffic policies: which endpoint set internal and external traffic use, what happens when
//! it is empty, and the LoadBalancer health check.
//!
//! Spec: `endpointslice-semantics.md` §5 "Traffic policies"; upstream `pkg/proxy/serviceport.go`
//! (`UsesClusterEndpoints`, `UsesLocalEndpoints`, `ExternallyAccessible`), the iptables
//! proxier's `syncProxyRules` (REJECT when there are no endpoints at all, DROP when a Local
//! policy has no local endpoint) and `pkg/proxy/endpoints.go` `LocalReadyEndpoints` (health
//! check node port).

use super::categorize::Categorized;
use super::proxy_endpoints::ProxyEndpoint;
use crate::model::{Service, ServicePort, ServiceType, TrafficPolicy};
use std::collections::BTreeSet;
use std::fmt;
use std::net::IpAddr;

/// What happens to a connection that reaches a node.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Outcome {
    /// Sent to an endpoint.
    Routed,
    /// Dropped silently: a Local policy and no local endpoint (iptables `DROP`, "has no local
    /// endpoints").
    Dropped,
    /// Refused: the Service has no usable endpoint anywhere (iptables `REJECT`, "has no
    /// endpoints").
    Rejected,
    /// Does not apply (external traffic to a Service that is not externally reachable).
    NotApplicable,
    /// Differs between the Service's ports.
    Mixed,
}

impl Outcome {
    /// The kebab-case word used in output.
    pub fn as_str(self) -> &'static str {
        match self {
            Outcome::Routed => "routed",
            Outcome::Dropped => "dropped",
            Outcome::Rejected => "rejected",
            Outcome::NotApplicable => "not-applicable",
            Outcome::Mixed => "mixed",
        }
    }

    /// One outcome for several ports: the common one, else `Mixed`. No ports: not applicable.
    pub fn combine(outcomes: impl IntoIterator<Item = Outcome>) -> Outcome {
        let set: BTreeSet<Outcome> = outcomes.into_iter().collect();
        match set.len() {
            0 => Outcome::NotApplicable,
            1 => *set.iter().next().expect("one element"),
            _ => Outcome::Mixed,
        }
    }
}

impl fmt::Display for Outcome {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// `ExternallyAccessible` for one port: a node port, a LoadBalancer ingress IP or an external
/// IP. A NodePort Service always gets a node port from the API server; so does a LoadBalancer
/// unless `allocateLoadBalancerNodePorts: false`, which a manifest not yet applied (no UID)
/// cannot show, so there the default is assumed.
pub fn externally_reachable(svc: &Service, port: &ServicePort) -> bool {
    let node_port = port.node_port.is_some()
        || match svc.service_type() {
            ServiceType::NodePort => true,
            ServiceType::LoadBalancer => svc.uid.is_empty(),
            _ => false,
        };
    // Only IP ingress entries are load-balancer VIPs; hostnames are not captured on nodes.
    let lb_ips = svc.service_type() == ServiceType::LoadBalancer
        && svc
            .load_balancer_ingress
            .iter()
            .any(|i| i.parse::<IpAddr>().is_ok());
    node_port || lb_ips || !svc.external_ips.is_empty()
}

/// `UsesClusterEndpoints`: internal traffic is not Local, or the port is externally reachable
/// (external traffic from pods and from the node itself short-circuits to the cluster endpoints
/// even under externalTrafficPolicy Local).
pub fn uses_cluster(svc: &Service, external: bool) -> bool {
    svc.internal_traffic_policy != TrafficPolicy::Local || external
}

/// `UsesLocalEndpoints`: internalTrafficPolicy Local, or externalTrafficPolicy Local on an
/// externally reachable port.
pub fn uses_local(svc: &Service, external: bool) -> bool {
    svc.internal_traffic_policy == TrafficPolicy::Local
        || (svc.external_traffic_policy == TrafficPolicy::Local && external)
}

/// ClusterIP traffic from this node: the cluster endpoints, or the local ones under
/// internalTrafficPolicy Local (none local: dropped); nothing usable anywhere: rejected.
pub fn internal_outcome(svc: &Service, cat: &Categorized) -> Outcome {
    outcome_under(svc.internal_traffic_policy, cat)
}

/// NodePort / LoadBalancer / externalIP traffic arriving at this node from outside.
pub fn external_outcome(svc: &Service, external: bool, cat: &Categorized) -> Outcome {
    if !external {
        return Outcome::NotApplicable;
    }
    outcome_under(svc.external_traffic_policy, cat)
}

/// REJECT when nothing is usable anywhere (`hasEndpoints` false); DROP when the policy's set is
/// empty on this node; else routed.
fn outcome_under(policy: TrafficPolicy, cat: &Categorized) -> Outcome {
    if !cat.has_any {
        return Outcome::Rejected;
    }
    let set = match policy {
        TrafficPolicy::Local => &cat.local,
        TrafficPolicy::Cluster => &cat.cluster,
    };
    if set.as_ref().is_some_and(|s| !s.is_empty()) {
        Outcome::Routed
    } else {
        Outcome::Dropped
    }
}

/// kube-proxy serves a health check for the Service: it has a `healthCheckNodePort` (the API
/// server allocates one for type LoadBalancer with externalTrafficPolicy Local).
pub fn has_health_check(svc: &Service) -> bool {
    svc.health_check_node_port.is_some_and(|p| p != 0)
        || (svc.service_type() == ServiceType::LoadBalancer
            && svc.external_traffic_policy == TrafficPolicy::Local)
}

/// `LocalReadyEndpoints` for the Service on `node`: the number of distinct IPs of ready local
/// endpoints over every port (10.0.0.1:80 and 10.0.0.1:443 count once). Terminating endpoints
/// never count, so a node with only draining pods fails the check. The health check answers
/// 200 when this is above 0, else 503.
pub fn health_check_endpoints<'a>(
    all_ports: impl IntoIterator<Item = &'a ProxyEndpoint>,
    node: &str,
) -> usize {
    all_ports
        .into_iter()
        .filter(|e| e.ready && e.is_local(node))
        .map(|e| e.ip.as_str())
        .collect::<BTreeSet<_>>()
        .len()
}

#[cfg(test)]
#[path = "policies_tests.rs"]
mod tests;
