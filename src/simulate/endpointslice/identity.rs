//! Endpoint identity and "changed", exactly as the reconciler compares endpoints.
//!
//! Upstream: `kubernetes/endpointslice` `util/endpointset.go` (`hashEndpoint`: sorted addresses,
//! hostname, targetRef namespace and name; the UID is not part of it) and
//! `util/controller_utils.go` (`EndpointsEqualBeyondHash`). Semantics doc §1.6.

use super::desired::DesiredEndpoint;
use crate::model::{Endpoint, ObjectRef, Str};

/// The addresses of an identity: one borrowed address (the common case, no allocation) or a
/// sorted list. `Many` never holds exactly one address, so derived equality is canonical.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) enum Addrs<'a> {
    One(&'a str),
    Many(Vec<&'a str>),
}

/// What makes two endpoints "the same endpoint" for the reconciler. Field order gives the
/// deterministic placement order of new endpoints: by pod namespace and name first.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) struct IdentityKey<'a> {
    namespace: &'a str,
    name: &'a str,
    addresses: Addrs<'a>,
    hostname: &'a str,
}

fn addrs(addresses: &[Str]) -> Addrs<'_> {
    match addresses {
        [one] => Addrs::One(one),
        many => {
            let mut v: Vec<&str> = many.iter().map(Str::as_str).collect();
            v.sort_unstable();
            Addrs::Many(v)
        }
    }
}

fn target(r: Option<&ObjectRef>) -> (&str, &str) {
    r.map_or(("", ""), |r| (r.namespace.as_str(), r.name.as_str()))
}

impl<'a> IdentityKey<'a> {
    /// The identity of a desired endpoint.
    pub(crate) fn of_desired(e: &'a DesiredEndpoint) -> Self {
        IdentityKey {
            namespace: &e.target_ref.namespace,
            name: &e.target_ref.name,
            addresses: addrs(&e.addresses),
            hostname: e.hostname.as_deref().unwrap_or(""),
        }
    }

    /// The identity of an endpoint stored in a slice.
    pub(crate) fn of_endpoint(e: &'a Endpoint) -> Self {
        let (namespace, name) = target(e.target_ref.as_ref());
        IdentityKey {
            namespace,
            name,
            addresses: addrs(&e.addresses),
            hostname: e.hostname.as_deref().unwrap_or(""),
        }
    }
}

/// Whether the controller would rewrite `existing` to become `desired` (same identity assumed):
/// nodeName, zone, the three conditions (nil differs from a value) or the targetRef (UID
/// included) differ. Hints are not compared here (§3 handles them).
pub(crate) fn endpoint_changed(desired: &DesiredEndpoint, existing: &Endpoint) -> bool {
    let c = &existing.conditions;
    existing.node_name != desired.node_name
        || existing.zone != desired.zone
        || c.ready != Some(desired.conditions.ready)
        || c.serving != Some(desired.conditions.serving)
        || c.terminating != Some(desired.conditions.terminating)
        || existing.target_ref.as_ref() != Some(&desired.target_ref)
}

/// `EndpointsEqualBeyondHash` between two stored endpoints (the mirroring controller compares
/// these): nodeName, zone, the three conditions as stored (nil is a value), and the targetRef.
pub(crate) fn endpoints_equal_beyond_identity(a: &Endpoint, b: &Endpoint) -> bool {
    a.node_name == b.node_name
        && a.zone == b.zone
        && a.conditions == b.conditions
        && a.target_ref == b.target_ref
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::simulate::DesiredConditions;

    fn desired(name: &str, ip: &str, uid: &str) -> DesiredEndpoint {
        DesiredEndpoint {
            addresses: vec![ip.into()],
            conditions: DesiredConditions {
                ready: true,
                serving: true,
                terminating: false,
            },
            hostname: None,
            node_name: Some("n1".into()),
            zone: Some("z1".into()),
            target_ref: ObjectRef {
                kind: "Pod".into(),
                namespace: "ns".into(),
                name: name.into(),
                uid: uid.into(),
            },
        }
    }

    #[test]
    fn uid_is_not_identity_but_is_a_change() {
        let a = desired("db-0", "10.0.0.1", "u1");
        let b = desired("db-0", "10.0.0.1", "u2");
        assert_eq!(IdentityKey::of_desired(&a), IdentityKey::of_desired(&b));
        let stored = a.to_endpoint();
        assert_eq!(
            IdentityKey::of_endpoint(&stored),
            IdentityKey::of_desired(&b)
        );
        assert!(!endpoint_changed(&a, &stored));
        assert!(endpoint_changed(&b, &stored));
    }

    #[test]
    fn address_order_does_not_matter_and_nil_conditions_differ() {
        let mut a = desired("p", "10.0.0.2", "u");
        a.addresses = vec!["10.0.0.2".into(), "10.0.0.10".into()];
        let mut stored = a.to_endpoint();
        stored.addresses.reverse();
        assert_eq!(
            IdentityKey::of_endpoint(&stored),
            IdentityKey::of_desired(&a)
        );
        stored.conditions.serving = None;
        assert!(endpoint_changed(&a, &stored));
    }

    #[test]
    fn hints_are_not_compared() {
        let a = desired("p", "10.0.0.1", "u");
        let mut stored = a.to_endpoint();
        stored.hints = Some(Box::new(crate::model::EndpointHints {
            for_zones: vec!["z9".into()],
            for_nodes: vec![],
        }));
        assert!(!endpoint_changed(&a, &stored));
    }
}
