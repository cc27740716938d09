//! Session affinity (`sessionAffinity: ClientIP`) and what it means for the traffic view.
//!
//! Source: <https://kubernetes.io/docs/reference/networking/virtual-ips/#session-affinity> and
//! the iptables proxier (`pkg/proxy/iptables/proxier.go`: `-m recent --rcheck --seconds
//! <timeout> --reap` per endpoint chain of each Service port, `--set` on every new connection),
//! whose state lives in the node's kernel.

use crate::model::{Service, ServiceType, SessionAffinity, TrafficPolicy};

/// The Service's session affinity and its consequences.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AffinityView {
    /// `ClientIP` (else `None`).
    pub client_ip: bool,
    /// `sessionAffinityConfig.clientIP.timeoutSeconds` (default 10800).
    pub timeout_seconds: Option<i32>,
    /// What it implies, one sentence each.
    pub implications: Vec<String>,
}

/// The affinity of `svc`, with implications for how it is exposed.
pub fn session_affinity(svc: &Service, proxied: bool) -> AffinityView {
    let SessionAffinity::ClientIp { timeout_seconds } = svc.session_affinity else {
        return AffinityView {
            client_ip: false,
            timeout_seconds: None,
            implications: vec![],
        };
    };
    let mut implications = Vec::new();
    if !proxied {
        implications.push(
            "no effect: kube-proxy does not proxy this Service, so nothing enforces it".into(),
        );
        return AffinityView {
            client_ip: true,
            timeout_seconds: Some(timeout_seconds),
            implications,
        };
    }
    implications.push(format!(
        "new connections from the same client IP go to the same endpoint until {} pass without one ({timeout_seconds}s)",
        human(timeout_seconds)
    ));
    implications.push(
        "the memory is per node (kube-proxy's rules in each node's kernel): connections entering through different nodes can land on different endpoints"
            .into(),
    );
    implications.push(
        "clients behind one NAT, proxy or SNAT-ing load balancer share a source IP and so share one endpoint"
            .into(),
    );
    if svc.ports.len() > 1 {
        implications.push(
            "affinity is kept per Service port: the same client may reach different endpoints on different ports"
                .into(),
        );
    }
    implications
        .push("when the chosen endpoint stops being usable the client is balanced again".into());
    let external_cluster = matches!(
        svc.service_type(),
        ServiceType::NodePort | ServiceType::LoadBalancer
    ) && svc.external_traffic_policy == TrafficPolicy::Cluster;
    if external_cluster {
        implications.push(
            "external traffic under externalTrafficPolicy Cluster is source-NATed after the endpoint is chosen; a cloud load balancer in front may already have replaced the client IP"
                .into(),
        );
    }
    AffinityView {
        client_ip: true,
        timeout_seconds: Some(timeout_seconds),
        implications,
    }
}

/// `10800` -> `3h`, `90` -> `1m30s`.
fn human(seconds: i32) -> String {
    let (h, m, s) = (seconds / 3600, (seconds % 3600) / 60, seconds % 60);
    let mut out = String::new();
    if h > 0 {
        out.push_str(&format!("{h}h"));
    }
    if m > 0 {
        out.push_str(&format!("{m}m"));
    }
    if s > 0 || out.is_empty() {
        out.push_str(&format!("{s}s"));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::mk_service;

    #[test]
    fn none_means_no_stickiness() {
        let svc = mk_service("web", &[]);
        let a = session_affinity(&svc, true);
        assert!(!a.client_ip);
        assert_eq!(a.timeout_seconds, None);
    }

    #[test]
    fn client_ip_pins_per_node_for_the_timeout() {
        let mut svc = mk_service("web", &[]);
        svc.session_affinity = SessionAffinity::ClientIp {
            timeout_seconds: 10800,
        };
        let a = session_affinity(&svc, true);
        assert!(a.client_ip);
        assert_eq!(a.timeout_seconds, Some(10800));
        assert!(a.implications[0].contains("until 3h pass"), "{a:?}");
        assert!(a.implications.iter().any(|i| i.contains("per node")));
        assert!(
            !a.implications
                .iter()
                .any(|i| i.contains("per Service port"))
        );
    }

    #[test]
    fn headless_affinity_has_no_effect() {
        let mut svc = mk_service("web", &[]);
        svc.session_affinity = SessionAffinity::ClientIp {
            timeout_seconds: 60,
        };
        let a = session_affinity(&svc, false);
        assert_eq!(a.implications.len(), 1);
        assert!(a.implications[0].starts_with("no effect"));
    }

    #[test]
    fn durations_read_like_kubectl() {
        assert_eq!(human(10800), "3h");
        assert_eq!(human(90), "1m30s");
        assert_eq!(human(0), "0s");
    }
}
