//! What both readers of a Pod (serde's wire shapes in `pod`, the hand-written `pod_decode`)
//! decide the same way: the conditions kept, a container's state, and the spare capacity
//! dropped once a pod is made.

use crate::model::{Atom, ContainerState, Pod, Str};

/// Whether the tool reads a condition of this type: `Ready` (endpoint readiness,
/// `podutil.IsPodReady`), `PodScheduled` (why a pod is Pending) and the pod's readiness gates.
/// A live pod reports four or five conditions; the others (`Initialized`, `ContainersReady`,
/// `PodReadyToStartContainers`...) would cost ~110 bytes each on every pod of a big dump and are
/// never looked at (docs/performance.md, "lean model").
pub(super) fn read_condition(type_: Option<&str>, readiness_gates: &[Str]) -> bool {
    match type_ {
        Some("Ready" | "PodScheduled") => true,
        Some(t) => readiness_gates.iter().any(|g| g == t),
        None => false,
    }
}

/// Drops spare capacity: `collect` reuses the bigger serde buffers in place (a 5-entry
/// `conditions` keeps room for 8), about 60 bytes per pod in big dumps (docs/performance.md).
pub(super) fn shrink(pod: &mut Pod) {
    if pod.listed_ips.len() == 1 && pod.listed_ips.first() == pod.pod_ip.as_ref() {
        pod.listed_ips = Vec::new();
        pod.ips_are_pod_ip = true;
    }
    pod.listed_ips.shrink_to_fit();
    pod.conditions.shrink_to_fit();
    pod.containers.shrink_to_fit();
    let extras = pod.extras.as_deref_mut();
    let sidecars = extras.map(|x| {
        x.readiness_gates.shrink_to_fit();
        x.sidecars.shrink_to_fit();
        &mut x.sidecars
    });
    for c in pod
        .containers
        .iter_mut()
        .chain(sidecars.into_iter().flatten())
    {
        c.ports.shrink_to_fit();
    }
}

/// A container status's `state`, from its `waiting` and `terminated` members when present
/// (each with its `reason`): waiting first, as the kubelet sets one at a time; neither is
/// running.
pub(super) fn container_state(
    waiting: Option<Option<Atom>>,
    terminated: Option<Option<Atom>>,
) -> ContainerState {
    match (waiting, terminated) {
        (Some(reason), _) => ContainerState::Waiting(reason),
        (None, Some(reason)) => ContainerState::Terminated(reason),
        (None, None) => ContainerState::Running,
    }
}
