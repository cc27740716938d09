//! `reach FROM TO`: can this client reach that Service, and if not, which hop breaks?
//!
//! The path as Kubernetes takes it, one hop after another: the client's resolver (`resolver`),
//! the Service port, kube-proxy on the client's node (the traffic view, `analysis::traffic`),
//! then per backend the client's egress and the backend's ingress NetworkPolicies
//! (`analysis::netpol`) and the backend's port. Pure: the caller passes the cluster and the
//! parsed request; unknown names are errors, everything else is data.

mod backends;
mod chain;
mod client;
mod dns_hop;
mod error;
mod options;
mod proxy;
mod report;
mod request;
mod resolver;
mod service_port;

pub use chain::reach;
pub use error::ReachError;
pub use options::ReachOptions;
pub use report::{BackendReach, Hop, HopKind, HopStatus, Overall, Reach};
pub use request::{ClientSpec, TargetSpec, parse_client, parse_target};
pub use resolver::{ResolverConfig, resolver_config};
