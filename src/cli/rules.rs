//! Which Kubernetes version's rules to apply: `--kube-version`, else the server's `/version`,
//! else the newest kubelet among the Nodes (the control plane is never older than its kubelets,
//! per the version skew policy <https://kubernetes.io/releases/version-skew-policy/>), else the
//! newest behaviour modelled.

use crate::analysis::RulesSource;
use crate::model::{Cluster, ControllerRules, KubeVersion};

pub(crate) fn choose(
    flag: Option<KubeVersion>,
    cluster: &Cluster,
) -> (ControllerRules, RulesSource) {
    if let Some(v) = flag {
        return (ControllerRules::for_version(v), RulesSource::Flag);
    }
    if let Some(v) = cluster.server_version {
        return (ControllerRules::for_version(v), RulesSource::Server);
    }
    let newest_kubelet = cluster
        .nodes
        .iter()
        .filter_map(|n| {
            n.kubelet_version
                .as_deref()
                .and_then(KubeVersion::parse_lenient)
        })
        .max();
    match newest_kubelet {
        Some(v) => (ControllerRules::for_version(v), RulesSource::NodeKubelets),
        None => (ControllerRules::default(), RulesSource::Default),
    }
}
