//! Builders for EndpointSlices in unit tests of DNS and traffic: each test shows only the fields
//! that matter.

use crate::model::{
    AddressType, Endpoint, EndpointConditions, EndpointHints, EndpointPort, EndpointSlice,
    ObjectRef, Protocol,
};
use crate::testing::labels;

/// A controller-style IPv4 slice `name` of Service `ns/svc` with `ports` (`(name, port)`, TCP).
pub(crate) fn mk_slice(
    name: &str,
    svc: &str,
    ports: &[(&str, i32)],
    endpoints: Vec<Endpoint>,
) -> EndpointSlice {
    EndpointSlice {
        namespace: "ns".into(),
        name: name.into(),
        labels: labels(&[
            ("kubernetes.io/service-name", svc),
            (
                "endpointslice.kubernetes.io/managed-by",
                "endpointslice-controller.k8s.io",
            ),
        ]),
        address_type: Some(AddressType::IPv4),
        ports: ports
            .iter()
            .map(|(n, p)| EndpointPort {
                name: Some((*n).to_string()),
                port: Some(*p),
                protocol: Protocol::Tcp,
                app_protocol: None,
            })
            .collect(),
        endpoints,
        ..EndpointSlice::default()
    }
}

/// A ready endpoint at `ip` for pod `pod` on `node` in `zone` (conditions all explicit).
pub(crate) fn mk_ep(ip: &str, pod: &str, node: &str, zone: &str) -> Endpoint {
    Endpoint {
        addresses: smallvec::smallvec![ip.into()],
        conditions: EndpointConditions {
            ready: Some(true),
            serving: Some(true),
            terminating: Some(false),
        },
        hostname: None,
        node_name: Some(node.into()),
        zone: Some(zone.into()),
        target_ref: Some(ObjectRef {
            kind: "Pod".into(),
            namespace: "ns".into(),
            name: pod.into(),
            uid: format!("uid-{pod}").into(),
        }),
        hints: None,
    }
}

/// `ep` with conditions `(ready, serving, terminating)` as stored (None = nil).
pub(crate) fn with_conditions(
    mut ep: Endpoint,
    ready: Option<bool>,
    serving: Option<bool>,
    terminating: Option<bool>,
) -> Endpoint {
    ep.conditions = EndpointConditions {
        ready,
        serving,
        terminating,
    };
    ep
}
/// `ep` hinted for `zones` and `nodes`.
pub(crate) fn with_hints(mut ep: Endpoint, zones: &[&str], nodes: &[&str]) -> Endpoint {
    ep.hints = Some(Box::new(EndpointHints {
        for_zones: zones.iter().map(|z| (*z).to_string()).collect(),
        for_nodes: nodes.iter().map(|n| (*n).to_string()).collect(),
    }));
    ep
}
