//! NetworkPolicy evaluation: does a set of policies allow one connection (A → B on a port and
//! protocol)? One pure function family, used by `reach` and by the
//! `network-policy-blocks-target-port` check.
//!
//! Semantics (API reference `networking.k8s.io/v1` NetworkPolicy,
//! <https://kubernetes.io/docs/concepts/services-networking/network-policies/>), checked against
//! the connectivity matrices of upstream's e2e suite (`test/e2e/network/netpol/
//! network_policy.go`, ported in `tests/netpol_matrix.rs`):
//! - a pod is isolated for ingress (egress) when a policy of its namespace selects it and lists
//!   Ingress (Egress) in its policyTypes (defaulted when the policy was read); an isolated pod
//!   accepts (sends) only what the union of those policies' rules allows, and a connection
//!   needs both the client's egress and the server's ingress;
//! - a rule matches when one of its peers matches the other side (none listed: any) and one of
//!   its ports matches the destination port (none listed: any);
//! - a peer with a podSelector and no namespaceSelector means pods of the policy's namespace;
//!   both in one peer means pods matching both; ipBlock matches addresses in its CIDR and in
//!   none of its `except` ranges;
//! - a port matches by protocol (default TCP: SCTP and UDP rules never open TCP) and by number,
//!   `endPort` range, or a named port of the destination pod with the same protocol.

mod decide;
mod party;
mod peers;
mod ports;

pub use decide::{Decision, Direction, Policies, Verdict, combined};
pub use party::{Connection, Party};
pub use ports::port_matches;
