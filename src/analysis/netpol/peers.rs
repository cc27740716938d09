//! Whether a rule's peer (`from`/`to` entry) matches the other end of a connection.

use super::party::Party;
use crate::model::{Labels, NAMESPACE_NAME_LABEL, Namespace, PolicyPeer, full_selector_matches};
use kube::core::{Expression, Selector};

/// A three-valued answer: a peer or rule may depend on something the input does not hold.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Match {
    Yes,
    No,
    /// Cannot tell: why.
    Unknown(String),
}

impl Match {
    /// The best of several alternatives (any Yes wins, then Unknown).
    pub(super) fn any(items: impl IntoIterator<Item = Match>) -> Match {
        let mut best = Match::No;
        for m in items {
            match m {
                Match::Yes => return Match::Yes,
                Match::Unknown(_) if best == Match::No => best = m,
                _ => {}
            }
        }
        best
    }

    /// Both must hold.
    fn and(self, other: Match) -> Match {
        match (self, other) {
            (Match::No, _) | (_, Match::No) => Match::No,
            (Match::Yes, Match::Yes) => Match::Yes,
            (Match::Unknown(w), _) | (_, Match::Unknown(w)) => Match::Unknown(w),
        }
    }
}

/// `peer` of a policy in `policy_ns` matches `other`. Pod selectors match only pods (by their
/// labels and their namespace's labels); ipBlock matches only by address.
pub(super) fn peer_matches(
    peer: &PolicyPeer,
    policy_ns: &str,
    other: &Party<'_>,
    namespaces: &[Namespace],
) -> Match {
    match peer {
        PolicyPeer::Invalid(_) => Match::No,
        PolicyPeer::IpBlock { cidr, except } => match other.ip {
            Some(ip) => {
                if cidr.contains(ip) && !except.iter().any(|e| e.contains(ip)) {
                    Match::Yes
                } else {
                    Match::No
                }
            }
            None if cidr.prefix == 0 && except.is_empty() => Match::Yes,
            None => Match::Unknown(format!(
                "ipBlock {cidr} depends on an address that is not known yet"
            )),
        },
        PolicyPeer::Pods {
            pods,
            namespaces: ns_sel,
        } => {
            let Some(pod) = other.pod else {
                return Match::No;
            };
            let ns = match ns_sel {
                // No namespaceSelector: the policy's own namespace.
                None => bool_match(pod.namespace == policy_ns),
                Some(sel) => namespace_matches(sel, &pod.namespace, namespaces),
            };
            let pod_match = match pods {
                None => Match::Yes,
                Some(sel) => bool_match(full_selector_matches(sel, &pod.labels)),
            };
            ns.and(pod_match)
        }
    }
}

fn bool_match(b: bool) -> Match {
    if b { Match::Yes } else { Match::No }
}

/// A namespaceSelector against the namespace's labels. Without the Namespace object only
/// `kubernetes.io/metadata.name` is known (the API server sets it on every namespace); a
/// selector reading any other key then cannot be judged.
fn namespace_matches(sel: &Selector, ns: &str, namespaces: &[Namespace]) -> Match {
    if let Some(n) = namespaces.iter().find(|n| n.name == ns) {
        return bool_match(full_selector_matches(sel, &n.labels));
    }
    let known: Labels = [(NAMESPACE_NAME_LABEL.into(), ns.into())]
        .into_iter()
        .collect();
    if selector_keys(sel).iter().all(|k| k == NAMESPACE_NAME_LABEL) {
        bool_match(full_selector_matches(sel, &known))
    } else {
        Match::Unknown(format!(
            "the labels of namespace {ns} were not read (include the Namespace object)"
        ))
    }
}

fn selector_keys(sel: &Selector) -> Vec<String> {
    sel.clone()
        .into_iter()
        .map(|e| match e {
            Expression::In(k, _)
            | Expression::NotIn(k, _)
            | Expression::Equal(k, _)
            | Expression::NotEqual(k, _)
            | Expression::Exists(k)
            | Expression::DoesNotExist(k) => k,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::mk_pod;

    fn ns_peer(key: &str, value: &str) -> PolicyPeer {
        PolicyPeer::Pods {
            pods: None,
            namespaces: Some(Selector::from_iter([Expression::Equal(
                key.into(),
                value.into(),
            )])),
        }
    }

    #[test]
    fn namespace_labels_not_read_only_know_the_name() {
        let pod = mk_pod("p", &[]); // namespace "ns"
        let party = Party::pod(&pod);
        // Without the Namespace object: kubernetes.io/metadata.name is still known...
        assert_eq!(
            peer_matches(&ns_peer(NAMESPACE_NAME_LABEL, "ns"), "x", &party, &[]),
            Match::Yes
        );
        assert_eq!(
            peer_matches(&ns_peer(NAMESPACE_NAME_LABEL, "other"), "x", &party, &[]),
            Match::No
        );
        // ... any other label is not.
        assert!(matches!(
            peer_matches(&ns_peer("team", "a"), "x", &party, &[]),
            Match::Unknown(_)
        ));
        let read = [Namespace {
            name: "ns".into(),
            labels: [("team".into(), "a".into())].into_iter().collect(),
        }];
        assert_eq!(
            peer_matches(&ns_peer("team", "a"), "x", &party, &read),
            Match::Yes
        );
        // Not a pod: pod and namespace selectors never match.
        assert_eq!(
            peer_matches(
                &ns_peer(NAMESPACE_NAME_LABEL, "ns"),
                "x",
                &Party::address(None),
                &[]
            ),
            Match::No
        );
    }

    #[test]
    fn ip_blocks_with_unknown_addresses() {
        let peer = |cidr: &str, except: &[&str]| PolicyPeer::IpBlock {
            cidr: crate::model::Cidr::parse(cidr).unwrap(),
            except: except
                .iter()
                .map(|e| crate::model::Cidr::parse(e).unwrap())
                .collect(),
        };
        let unknown = Party::address(None);
        assert_eq!(
            peer_matches(&peer("0.0.0.0/0", &[]), "x", &unknown, &[]),
            Match::Yes
        );
        assert!(matches!(
            peer_matches(&peer("10.0.0.0/8", &[]), "x", &unknown, &[]),
            Match::Unknown(_)
        ));
        let known = Party::address(Some("10.1.2.3".parse().unwrap()));
        assert_eq!(
            peer_matches(&peer("10.0.0.0/8", &["10.1.0.0/16"]), "x", &known, &[]),
            Match::No
        );
        assert_eq!(
            peer_matches(&peer("10.0.0.0/8", &["10.2.0.0/16"]), "x", &known, &[]),
            Match::Yes
        );
    }
}
