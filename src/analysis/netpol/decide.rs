//! The decision for one direction of one connection, and for the whole connection.

use super::party::Connection;
use super::peers::{Match, peer_matches};
use super::ports::port_matches;
use crate::model::full_selector_matches;
use crate::model::{Namespace, NetworkPolicy, Pod, PolicyRule, Protocol};

/// Which side's policies are asked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    /// The server's ingress.
    Ingress,
    /// The client's egress.
    Egress,
}

impl Direction {
    /// `ingress` / `egress`.
    pub fn as_str(self) -> &'static str {
        match self {
            Direction::Ingress => "ingress",
            Direction::Egress => "egress",
        }
    }
}

/// The answer for one direction.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verdict {
    /// Not isolated, or a rule allows it.
    Allowed,
    /// Isolated and no rule allows it.
    Denied,
    /// Some rule might allow it, depending on what the input does not hold: why.
    Unknown(String),
}

/// One direction's decision, with the policies behind it.
#[derive(Debug, Clone, PartialEq)]
pub struct Decision<'a> {
    /// Which direction.
    pub direction: Direction,
    /// Policies that select the pod for this direction (empty: not isolated).
    pub selecting: Vec<&'a NetworkPolicy>,
    /// Those with a rule that allows the connection.
    pub allowing: Vec<&'a NetworkPolicy>,
    /// The verdict.
    pub verdict: Verdict,
}

impl Decision<'_> {
    /// Names of the selecting policies, sorted.
    pub fn selecting_names(&self) -> Vec<&str> {
        let mut v: Vec<&str> = self.selecting.iter().map(|p| p.name.as_str()).collect();
        v.sort_unstable();
        v
    }
}

/// A set of NetworkPolicies and the Namespaces their selectors read.
#[derive(Debug, Clone)]
pub struct Policies<'a> {
    policies: Vec<&'a NetworkPolicy>,
    namespaces: &'a [Namespace],
}

impl<'a> Policies<'a> {
    /// Every policy given applies in its own namespace.
    pub fn new(
        policies: impl IntoIterator<Item = &'a NetworkPolicy>,
        namespaces: &'a [Namespace],
    ) -> Self {
        Policies {
            policies: policies.into_iter().collect(),
            namespaces,
        }
    }

    /// Policies of the pod's namespace that select it for `direction`. A podSelector that
    /// cannot be read selects nothing (the API server would have rejected the policy).
    pub fn selecting(&self, pod: &Pod, direction: Direction) -> Vec<&'a NetworkPolicy> {
        self.policies
            .iter()
            .copied()
            .filter(|p| p.namespace == pod.namespace)
            .filter(|p| match direction {
                Direction::Ingress => p.affects_ingress,
                Direction::Egress => p.affects_egress,
            })
            .filter(|p| {
                p.pod_selector_full
                    .as_ref()
                    .is_some_and(|s| full_selector_matches(s, &pod.labels))
            })
            .collect()
    }

    /// The decision of one side: the server's ingress or the client's egress. A side that is not
    /// a pod (a node, an outside client) has no NetworkPolicy.
    pub fn decide(&self, direction: Direction, conn: &Connection<'_>) -> Decision<'a> {
        let (subject, other) = match direction {
            Direction::Ingress => (conn.to.pod, &conn.from),
            Direction::Egress => (conn.from.pod, &conn.to),
        };
        let Some(subject) = subject else {
            return Decision {
                direction,
                selecting: vec![],
                allowing: vec![],
                verdict: Verdict::Allowed,
            };
        };
        let selecting = self.selecting(subject, direction);
        let mut allowing = Vec::new();
        let mut unknown = None;
        for p in &selecting {
            let rules = match direction {
                Direction::Ingress => &p.ingress,
                Direction::Egress => &p.egress,
            };
            let m = Match::any(rules.iter().map(|r| self.rule(r, p, other, conn)));
            match m {
                Match::Yes => allowing.push(*p),
                Match::Unknown(why) => unknown = unknown.or(Some(format!("{}: {why}", p.name))),
                Match::No => {}
            }
        }
        let verdict = if selecting.is_empty() || !allowing.is_empty() {
            Verdict::Allowed
        } else if let Some(why) = unknown {
            Verdict::Unknown(why)
        } else {
            Verdict::Denied
        };
        Decision {
            direction,
            selecting,
            allowing,
            verdict,
        }
    }

    /// Both sides: the client's egress, then the server's ingress. The connection is allowed
    /// only when both are.
    pub fn connection(&self, conn: &Connection<'_>) -> [Decision<'a>; 2] {
        [
            self.decide(Direction::Egress, conn),
            self.decide(Direction::Ingress, conn),
        ]
    }

    /// Whether any ingress rule of the policies isolating `pod` lets `port`/`protocol` in from
    /// somewhere (sources not judged); `None` when the pod is not isolated for ingress.
    pub fn ingress_port_open(&self, pod: &Pod, port: i32, protocol: &Protocol) -> Option<bool> {
        let selecting = self.selecting(pod, Direction::Ingress);
        if selecting.is_empty() {
            return None;
        }
        Some(
            selecting
                .iter()
                .flat_map(|p| &p.ingress)
                .any(|r| port_matches(&r.ports, port, protocol, Some(pod))),
        )
    }

    fn rule(
        &self,
        rule: &PolicyRule,
        policy: &NetworkPolicy,
        other: &super::party::Party<'_>,
        conn: &Connection<'_>,
    ) -> Match {
        if !port_matches(&rule.ports, conn.port, conn.protocol, conn.to.pod) {
            return Match::No;
        }
        if rule.peers.is_empty() {
            return Match::Yes;
        }
        Match::any(
            rule.peers
                .iter()
                .map(|peer| peer_matches(peer, &policy.namespace, other, self.namespaces)),
        )
    }
}

/// The connection's overall verdict from its two decisions: denied wins, then unknown.
pub fn combined(decisions: &[Decision<'_>]) -> Verdict {
    if decisions.iter().any(|d| d.verdict == Verdict::Denied) {
        return Verdict::Denied;
    }
    decisions
        .iter()
        .find_map(|d| match &d.verdict {
            Verdict::Unknown(w) => Some(Verdict::Unknown(w.clone())),
            _ => None,
        })
        .unwrap_or(Verdict::Allowed)
}
