//! What the user typed: FROM (`pod/NAME`, `NS/pod/NAME`, `deployment/NAME`, any workload kind,
//! `node/NAME`, `external`) and TO (a name as the client would type it, with an optional port,
//! or an address as it would dial it).

use std::net::IpAddr;

/// The client.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ClientSpec {
    /// A pod (namespace: the one given, else `-n`, else the default).
    Pod {
        /// `NS/` prefix.
        namespace: Option<String>,
        /// Name.
        name: String,
    },
    /// A workload's pods (or, in manifests, its pod template).
    Workload {
        /// The kind as typed, normalised to the API kind (`Deployment`).
        kind: String,
        /// `NS/` prefix.
        namespace: Option<String>,
        /// Name.
        name: String,
    },
    /// Host-network traffic from a node.
    Node(String),
    /// A client outside the cluster (NodePort, LoadBalancer, externalIPs).
    External,
}

/// The destination.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TargetSpec {
    /// A name the client's resolver looks up (`payments`, `payments.shop`, a FQDN).
    Name {
        /// The name.
        name: String,
        /// `:PORT`, a number or a port name.
        port: Option<String>,
    },
    /// An address dialled directly (a ClusterIP, an external IP, a pod IP): no DNS hop.
    Address {
        /// The IP.
        ip: IpAddr,
        /// `:PORT`.
        port: Option<String>,
    },
}

/// kubectl's resource spellings of the kinds `reach` accepts as a client.
const KINDS: &[(&[&str], &str)] = &[
    (&["pod", "pods", "po"], "Pod"),
    (&["deployment", "deployments", "deploy"], "Deployment"),
    (&["statefulset", "statefulsets", "sts"], "StatefulSet"),
    (&["daemonset", "daemonsets", "ds"], "DaemonSet"),
    (&["replicaset", "replicasets", "rs"], "ReplicaSet"),
    (
        &["replicationcontroller", "replicationcontrollers", "rc"],
        "ReplicationController",
    ),
    (&["job", "jobs"], "Job"),
    (&["cronjob", "cronjobs", "cj"], "CronJob"),
];

/// Parses FROM.
pub fn parse_client(s: &str) -> Result<ClientSpec, String> {
    if s == "external" {
        return Ok(ClientSpec::External);
    }
    let parts: Vec<&str> = s.split('/').collect();
    let (namespace, kind, name) = match parts.as_slice() {
        [kind, name] => (None, *kind, *name),
        [ns, kind, name] if !ns.is_empty() => (Some((*ns).to_string()), *kind, *name),
        _ => return Err(usage(s)),
    };
    if name.is_empty() {
        return Err(usage(s));
    }
    let lower = kind.to_ascii_lowercase();
    if matches!(lower.as_str(), "node" | "nodes" | "no") {
        if namespace.is_some() {
            return Err(format!("{s:?}: nodes have no namespace; use node/NAME"));
        }
        return Ok(ClientSpec::Node(name.to_string()));
    }
    let Some((_, api_kind)) = KINDS
        .iter()
        .find(|(names, _)| names.contains(&lower.as_str()))
    else {
        return Err(format!(
            "{s:?}: unknown kind {kind:?} (use pod, deployment, statefulset, daemonset, replicaset, replicationcontroller, job, cronjob or node)"
        ));
    };
    let name = name.to_string();
    Ok(if *api_kind == "Pod" {
        ClientSpec::Pod { namespace, name }
    } else {
        ClientSpec::Workload {
            kind: (*api_kind).to_string(),
            namespace,
            name,
        }
    })
}

fn usage(s: &str) -> String {
    format!(
        "{s:?}: FROM is pod/NAME, NAMESPACE/pod/NAME, deployment/NAME (any workload kind), node/NAME or external"
    )
}

/// Parses TO: `HOST[:PORT]`, `[IPv6]:PORT`, or a bare IP.
pub fn parse_target(s: &str) -> Result<TargetSpec, String> {
    if s.is_empty() {
        return Err("TO is empty: give a Service name, NAME:PORT, a DNS name or IP:PORT".into());
    }
    if let Ok(ip) = s.parse::<IpAddr>() {
        return Ok(TargetSpec::Address { ip, port: None });
    }
    let (host, port) = if let Some(rest) = s.strip_prefix('[') {
        let (ip, after) = rest
            .split_once(']')
            .ok_or_else(|| format!("{s:?}: missing ] after an IPv6 address"))?;
        let port = match after.strip_prefix(':') {
            Some(p) => Some(p),
            None if after.is_empty() => None,
            None => return Err(format!("{s:?}: want [IPv6]:PORT")),
        };
        (ip, port)
    } else {
        match s.rsplit_once(':') {
            Some((h, p)) => (h, Some(p)),
            None => (s, None),
        }
    };
    if port == Some("") {
        return Err(format!("{s:?}: empty port after ':'"));
    }
    let port = port.map(str::to_string);
    if let Ok(ip) = host.parse::<IpAddr>() {
        return Ok(TargetSpec::Address { ip, port });
    }
    if host.is_empty() || host.contains(['/', ' ']) {
        return Err(format!("{s:?}: not a name or an address"));
    }
    Ok(TargetSpec::Name {
        name: host.to_string(),
        port,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clients() {
        assert_eq!(parse_client("external"), Ok(ClientSpec::External));
        assert_eq!(
            parse_client("pod/web-1"),
            Ok(ClientSpec::Pod {
                namespace: None,
                name: "web-1".into()
            })
        );
        assert_eq!(
            parse_client("shop/po/web-1"),
            Ok(ClientSpec::Pod {
                namespace: Some("shop".into()),
                name: "web-1".into()
            })
        );
        assert_eq!(
            parse_client("deploy/web"),
            Ok(ClientSpec::Workload {
                kind: "Deployment".into(),
                namespace: None,
                name: "web".into()
            })
        );
        assert_eq!(parse_client("node/n1"), Ok(ClientSpec::Node("n1".into())));
        assert!(
            parse_client("web")
                .unwrap_err()
                .contains("FROM is pod/NAME")
        );
        assert!(
            parse_client("service/web")
                .unwrap_err()
                .contains("unknown kind \"service\"")
        );
        assert!(parse_client("a/node/n1").is_err());
    }

    #[test]
    fn targets() {
        assert_eq!(
            parse_target("payments.shop.svc.cluster.local:8443"),
            Ok(TargetSpec::Name {
                name: "payments.shop.svc.cluster.local".into(),
                port: Some("8443".into())
            })
        );
        assert_eq!(
            parse_target("payments:https"),
            Ok(TargetSpec::Name {
                name: "payments".into(),
                port: Some("https".into())
            })
        );
        assert_eq!(
            parse_target("10.96.12.7:8443"),
            Ok(TargetSpec::Address {
                ip: "10.96.12.7".parse().unwrap(),
                port: Some("8443".into())
            })
        );
        assert_eq!(
            parse_target("[fd00::7]:80"),
            Ok(TargetSpec::Address {
                ip: "fd00::7".parse().unwrap(),
                port: Some("80".into())
            })
        );
        assert_eq!(
            parse_target("fd00::7"),
            Ok(TargetSpec::Address {
                ip: "fd00::7".parse().unwrap(),
                port: None
            })
        );
        assert!(parse_target("web:").is_err());
        assert!(parse_target("").is_err());
    }
}
