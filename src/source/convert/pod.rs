//! v1 Pod -> model.

use super::{meta, typed};
use crate::model::{
    Container, ContainerPort, ContainerState, Pod, PodCondition, PodPhase, Protocol,
};
use k8s_openapi::api::core::v1 as api;

pub(crate) fn pod(value: impl super::Input) -> Result<Pod, String> {
    let mut pod: api::Pod = typed(value, "Pod")?;
    let spec = pod.spec.unwrap_or_default();
    let status = pod.status.unwrap_or_default();
    let statuses = status.container_statuses.unwrap_or_default();
    let init_statuses = status.init_container_statuses.unwrap_or_default();
    let owner = pod
        .metadata
        .owner_references
        .iter()
        .flatten()
        .find(|o| o.controller == Some(true))
        .map(|o| (o.kind.clone(), o.name.clone()));
    let mut from_spec = spec_with_statuses(&spec, &statuses, &init_statuses);
    from_spec.node_name = spec.node_name.filter(|n| !n.is_empty());
    Ok(Pod {
        namespace: meta::namespace(&pod.metadata),
        // Moved, not cloned: big dumps hold 100k+ pods (docs/performance.md).
        name: pod.metadata.name.take().unwrap_or_default(),
        uid: pod.metadata.uid.take().unwrap_or_default(),
        labels: pod.metadata.labels.take().unwrap_or_default(),
        phase: PodPhase::parse(status.phase.as_deref()),
        pod_ip: status.pod_ip.filter(|ip| !ip.is_empty()),
        pod_ips: status
            .pod_ips
            .unwrap_or_default()
            .into_iter()
            .map(|p| p.ip)
            .collect(),
        conditions: status
            .conditions
            .unwrap_or_default()
            .into_iter()
            .map(|c| PodCondition {
                type_: c.type_,
                status: c.status,
                reason: c.reason,
                message: c.message,
            })
            .collect(),
        deleting: pod.metadata.deletion_timestamp.is_some(),
        owner,
        ..from_spec
    })
}

/// The parts of a Pod that come from a pod spec alone (containers, sidecars, readiness gates,
/// hostname, subdomain): what a workload's pod template says its pods will be.
pub(crate) fn spec_only(spec: &api::PodSpec) -> Pod {
    spec_with_statuses(spec, &[], &[])
}

fn spec_with_statuses(
    spec: &api::PodSpec,
    statuses: &[api::ContainerStatus],
    init_statuses: &[api::ContainerStatus],
) -> Pod {
    let containers = spec
        .containers
        .iter()
        .map(|c| container(c, statuses))
        .collect();
    // Restartable init containers are sidecars: their named ports count for Services
    // (KEP-753; `podutil.FindPort` searches them after app containers).
    let sidecars = spec
        .init_containers
        .iter()
        .flatten()
        .filter(|c| c.restart_policy.as_deref() == Some("Always"))
        .map(|c| container(c, init_statuses))
        .collect();
    Pod {
        hostname: spec.hostname.clone().filter(|n| !n.is_empty()),
        subdomain: spec.subdomain.clone().filter(|n| !n.is_empty()),
        containers,
        sidecars,
        readiness_gates: spec
            .readiness_gates
            .iter()
            .flatten()
            .map(|g| g.condition_type.clone())
            .collect(),
        ..Pod::default()
    }
}

fn container(c: &api::Container, statuses: &[api::ContainerStatus]) -> Container {
    let status = statuses.iter().find(|s| s.name == c.name);
    Container {
        name: c.name.clone(),
        ports: c
            .ports
            .iter()
            .flatten()
            .map(|p| ContainerPort {
                name: p.name.clone().filter(|n| !n.is_empty()),
                port: p.container_port,
                protocol: Protocol::parse(p.protocol.as_deref()),
            })
            .collect(),
        has_readiness_probe: c.readiness_probe.is_some(),
        ready: status.map(|s| s.ready),
        state: status.and_then(|s| s.state.as_ref()).map(|st| {
            if let Some(w) = &st.waiting {
                ContainerState::Waiting(w.reason.clone())
            } else if let Some(t) = &st.terminated {
                ContainerState::Terminated(t.reason.clone())
            } else {
                ContainerState::Running
            }
        }),
    }
}
