//! v1 Pod -> model, read through the lean `pod_wire` shapes.

use super::meta;
use super::pod_finish::{container_state, read_condition, shrink};
use super::pod_wire::{WireContainer, WireContainerStatus, WirePod, WirePodSpec};
use super::stamp::Stamp;
use crate::model::{
    Atom, Container, ContainerPort, Labels, Pod, PodCondition, PodDnsConfig, PodExtras, PodPhase,
    Protocol, SharedLabels,
};
use k8s_openapi::api::core::v1 as api;
use std::cell::RefCell;

thread_local! {
    /// The labels of the pod this thread converted last (as `pod_decode` keeps them for the
    /// JSON it reads by hand): YAML and serde-read pods share them with their neighbours too.
    static LAST_LABELS: RefCell<SharedLabels> = RefCell::default();
}

/// `labels`, shared with the pod converted before on this thread when equal.
fn shared(labels: Labels) -> SharedLabels {
    LAST_LABELS.with(|last| {
        let mut last = last.borrow_mut();
        if **last != labels {
            *last = SharedLabels::new(labels);
        }
        SharedLabels::clone(&last)
    })
}

pub(crate) fn pod(value: impl super::Input) -> Result<Pod, super::Refused> {
    pod_stamped(value).map(|(pod, _, _)| pod)
}

/// [`pod`], what its [`Definition`](crate::model::Definition) records, and whether it is
/// cluster state, read in the same pass (Pods are most of a big dump: no second look at their
/// text). Cluster state: a uid, resourceVersion or creationTimestamp (set only by the API
/// server) or a status holding values (`kubectl create --dry-run -o yaml` writes `status: {}`).
/// A Pod manifest has none of them.
pub(crate) fn pod_stamped(value: impl super::Input) -> Result<(Pod, Stamp, bool), super::Refused> {
    value.decoded("Pod", super::pod_decode::pod, from_wire)
}

/// The pod, its stamp and whether it is cluster state, from what serde read (`pod_decode`
/// makes the same straight from the text).
pub(super) fn from_wire(pod: WirePod) -> (Pod, Stamp, bool) {
    let metadata = pod.metadata.unwrap_or_default();
    let mut spec = pod.spec.unwrap_or_default();
    let status = pod.status.unwrap_or_default();
    let mut stamp = Stamp::new(
        metadata.namespace.as_deref(),
        metadata.uid.clone(),
        metadata.resource_version.as_deref(),
    );
    stamp.status = status.phase.is_some()
        || status.pod_ip.is_some()
        || status.pod_ips.as_ref().is_some_and(|v| !v.is_empty())
        || status.conditions.as_ref().is_some_and(|v| !v.is_empty())
        || status
            .container_statuses
            .as_ref()
            .is_some_and(|v| !v.is_empty())
        || status
            .init_container_statuses
            .as_ref()
            .is_some_and(|v| !v.is_empty());
    let live = stamp.live() || metadata.creation_timestamp.is_some();
    let statuses = status.container_statuses.unwrap_or_default();
    let init_statuses = status.init_container_statuses.unwrap_or_default();
    let owner = metadata
        .owner_references
        .unwrap_or_default()
        .into_iter()
        .find(|o| o.controller == Some(true))
        .map(|o| {
            (
                Atom::from(o.kind.unwrap_or_default()),
                o.name.unwrap_or_default(),
            )
        });
    let node_name = spec
        .node_name
        .take()
        .filter(|n| !n.is_empty())
        .map(Atom::from);
    let from_spec = spec_with_statuses(spec, &statuses, &init_statuses);
    let mut pod = Pod {
        namespace: meta::namespace_or_default(metadata.namespace.map(Atom::from)),
        // Moved, not cloned: big dumps hold 100k+ pods (docs/performance.md).
        name: metadata.name.unwrap_or_default(),
        uid: metadata.uid.unwrap_or_default(),
        labels: shared(metadata.labels.unwrap_or_default()),
        node_name,
        phase: PodPhase::parse(status.phase.as_deref()),
        pod_ip: status.pod_ip.filter(|ip| !ip.is_empty()),
        listed_ips: status
            .pod_ips
            .unwrap_or_default()
            .into_iter()
            .map(|p| p.ip.unwrap_or_default())
            .collect(),
        conditions: status
            .conditions
            .unwrap_or_default()
            .into_iter()
            .filter(|c| read_condition(c.type_.as_deref(), from_spec.readiness_gates()))
            .map(|c| {
                PodCondition::new(c.type_.unwrap_or_default(), c.status.unwrap_or_default())
                    .with_detail(c.reason, c.message)
            })
            .collect(),
        deleting: metadata.deletion_timestamp.is_some(),
        owner,
        ..from_spec
    };
    shrink(&mut pod);
    (pod, stamp, live)
}

/// The parts of a Pod that come from a pod spec alone (containers, sidecars, readiness gates,
/// hostname, subdomain): what a workload's pod template says its pods will be.
pub(crate) fn spec_only(spec: &api::PodSpec) -> Pod {
    spec_with_statuses(WirePodSpec::from_api(spec), &[], &[])
}

fn spec_with_statuses(
    spec: WirePodSpec,
    statuses: &[WireContainerStatus],
    init_statuses: &[WireContainerStatus],
) -> Pod {
    let containers = spec
        .containers
        .unwrap_or_default()
        .into_iter()
        .map(|c| container(c, statuses))
        .collect();
    // Restartable init containers are sidecars: their named ports count for Services
    // (KEP-753; `podutil.FindPort` searches them after app containers).
    let sidecars = spec
        .init_containers
        .unwrap_or_default()
        .into_iter()
        .filter(|c| c.restart_policy.as_deref() == Some("Always"))
        .map(|c| container(c, init_statuses))
        .collect();
    let extras = PodExtras {
        hostname: spec.hostname.filter(|n| !n.is_empty()),
        subdomain: spec.subdomain.filter(|n| !n.is_empty()),
        sidecars,
        readiness_gates: spec
            .readiness_gates
            .unwrap_or_default()
            .into_iter()
            .map(|g| g.condition_type.unwrap_or_default())
            .collect(),
        // ClusterFirst is the default the API server writes into every pod
        // (`pkg/apis/core/v1/defaults.go` `SetDefaults_PodSpec`): kept as `None`, so that a
        // real pod needs no `PodExtras` for it.
        dns_policy: spec
            .dns_policy
            .filter(|p| !p.is_empty() && p != "ClusterFirst")
            .map(String::from),
        dns_config: spec.dns_config.map(|c| PodDnsConfig {
            nameservers: c.nameservers.unwrap_or_default(),
            searches: c.searches.unwrap_or_default(),
            options: c
                .options
                .unwrap_or_default()
                .into_iter()
                .map(|o| (o.name.unwrap_or_default(), o.value))
                .collect(),
        }),
    };
    Pod {
        containers,
        host_network: spec.host_network.unwrap_or_default(),
        extras: (!extras.is_empty()).then(|| Box::new(extras)),
        ..Pod::default()
    }
}

fn container(c: WireContainer, statuses: &[WireContainerStatus]) -> Container {
    let name = Atom::from(c.name.unwrap_or_default());
    let status = statuses
        .iter()
        .find(|s| s.name.as_deref().unwrap_or_default() == name);
    Container {
        ports: c
            .ports
            .unwrap_or_default()
            .into_iter()
            .map(|p| ContainerPort {
                name: p.name.filter(|n| !n.is_empty()).map(Atom::from),
                port: p.container_port.unwrap_or_default(),
                protocol: Protocol::parse(p.protocol.as_deref()),
            })
            .collect(),
        name,
        has_readiness_probe: c.readiness_probe.is_some(),
        ready: status.map(|s| s.ready.unwrap_or_default()),
        state: status.and_then(|s| s.state.as_ref()).map(|st| {
            container_state(
                st.waiting
                    .as_ref()
                    .map(|w| w.reason.as_deref().map(Atom::new)),
                st.terminated
                    .as_ref()
                    .map(|t| t.reason.as_deref().map(Atom::new)),
            )
        }),
    }
}

#[cfg(test)]
#[path = "pod_decode_tests.rs"]
mod decode_tests;

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    /// Pod `web-0` with this spec and status, read as from a dump.
    fn read_pod(spec: serde_json::Value, status: serde_json::Value) -> Pod {
        let value = json!({
            "apiVersion": "v1", "kind": "Pod",
            "metadata": {"name": "web-0", "namespace": "shop", "uid": "u1"},
            "spec": spec,
            "status": status,
        });
        pod_stamped(value).unwrap().0
    }

    /// Pods converted from serde's shapes (YAML, or what the hand reader leaves to serde) share
    /// equal labels with the pod before, and keep their own otherwise.
    #[test]
    fn equal_labels_of_neighbours_are_shared() {
        let with = |labels: serde_json::Value| {
            let value = json!({"kind": "Pod", "metadata": {"name": "p", "labels": labels}});
            pod_stamped(value).unwrap().0.labels
        };
        let a = with(json!({"app": "web", "tier": "fe"}));
        let b = with(json!({"tier": "fe", "app": "web"}));
        assert!(std::sync::Arc::ptr_eq(&a, &b));
        let c = with(json!({"app": "web"}));
        assert!(!std::sync::Arc::ptr_eq(&b, &c));
        assert_eq!(c.len(), 1);
        assert_eq!(a.len(), 2);
    }

    /// Every stored pod has `dnsPolicy` (ClusterFirst by default): that alone boxes nothing; a
    /// pod that sets something rare gets its `PodExtras`.
    #[test]
    fn only_what_few_pods_set_is_boxed() {
        let pod = |spec: serde_json::Value| read_pod(spec, json!({}));
        let plain = pod(json!({"containers": [{"name": "app"}], "dnsPolicy": "ClusterFirst"}));
        assert!(plain.extras.is_none());
        assert_eq!(plain.dns_policy(), None);
        let host = pod(
            json!({"containers": [{"name": "app"}], "dnsPolicy": "Default",
                              "hostname": "web-0", "subdomain": "web"}),
        );
        assert_eq!(host.dns_policy(), Some("Default"));
        assert_eq!(host.hostname(), Some("web-0"));
        assert_eq!(host.subdomain(), Some("web"));
        assert!(host.sidecars().is_empty());
    }

    /// `podIPs` that only repeat `podIP` (nearly every stored pod) are not copied; others are
    /// kept as listed, and a pod listing none still has none (the controller reads `podIPs`).
    #[test]
    fn pod_ips_that_repeat_pod_ip_are_not_copied() {
        let pod =
            |status: serde_json::Value| read_pod(json!({"containers": [{"name": "app"}]}), status);
        let one = pod(json!({"podIP": "10.0.0.7", "podIPs": [{"ip": "10.0.0.7"}]}));
        assert!(one.ips_are_pod_ip && one.listed_ips.is_empty());
        assert_eq!(one.pod_ips(), ["10.0.0.7"]);
        let dual =
            pod(json!({"podIP": "10.0.0.7", "podIPs": [{"ip": "10.0.0.7"}, {"ip": "fd00::7"}]}));
        assert!(!dual.ips_are_pod_ip);
        assert_eq!(dual.pod_ips(), ["10.0.0.7", "fd00::7"]);
        let other = pod(json!({"podIP": "10.0.0.7", "podIPs": [{"ip": "10.0.0.8"}]}));
        assert_eq!(other.pod_ips(), ["10.0.0.8"]);
        let none = pod(json!({"podIP": "10.0.0.7"}));
        assert!(none.pod_ips().is_empty());
        assert_eq!(none.all_ips(), ["10.0.0.7"]);
        let mut set = one.clone();
        set.set_pod_ips(vec!["fd00::1".into()]);
        assert_eq!(set.pod_ips(), ["fd00::1"]);
    }

    /// A live pod's five conditions and a readiness gate: only what the tool reads is kept, in
    /// the order the kubelet wrote them, from the raw-text path and the parsed-JSON path alike.
    #[test]
    fn keeps_the_conditions_the_tool_reads() {
        let value = json!({
            "apiVersion": "v1", "kind": "Pod",
            "metadata": {"name": "web-0", "namespace": "shop", "uid": "u1"},
            "spec": {"containers": [{"name": "app"}],
                     "readinessGates": [{"conditionType": "example.com/lb-ready"}]},
            "status": {"phase": "Running", "conditions": [
                {"type": "PodReadyToStartContainers", "status": "True"},
                {"type": "Initialized", "status": "True"},
                {"type": "example.com/lb-ready", "status": "False", "reason": "Pending"},
                {"type": "Ready", "status": "False", "reason": "ReadinessGatesNotReady"},
                {"type": "ContainersReady", "status": "True"},
                {"type": "PodScheduled", "status": "True"},
                {"type": "example.com/other", "status": "True"}
            ]}
        });
        let raw = serde_json::to_vec(&value).unwrap();
        for pod in [pod(value).unwrap(), pod(raw.as_slice()).unwrap()] {
            let kept: Vec<(&str, &str)> = pod
                .conditions
                .iter()
                .map(|c| (c.type_.as_str(), c.status.as_str()))
                .collect();
            assert_eq!(
                kept,
                [
                    ("example.com/lb-ready", "False"),
                    ("Ready", "False"),
                    ("PodScheduled", "True")
                ]
            );
            assert!(!pod.is_ready());
            assert_eq!(
                pod.condition("Ready").and_then(PodCondition::reason),
                Some("ReadinessGatesNotReady")
            );
            // Without reason or message a condition boxes nothing.
            assert!(pod.condition("PodScheduled").unwrap().detail.is_none());
            let gate = pod.condition("example.com/lb-ready").unwrap();
            assert_eq!((gate.reason(), gate.message()), (Some("Pending"), None));
        }
    }
}
