//! What redaction keeps, and cutting names into runs.

/// Names that are Kubernetes' own, the same in every cluster, and that change behaviour
/// (`kubernetes.default` is the API server's Service; `kube-system` holds cluster DNS).
pub const KEPT_NAMES: &[&str] = &[
    "",
    "default",
    "kube-system",
    "kube-public",
    "kube-node-lease",
    "kubernetes",
    "true",
    "false",
    "None",
];

/// Labels whose values are Kubernetes' vocabulary, read by controllers and kube-proxy: who
/// manages a slice (`endpointslice-controller.k8s.io`), which proxy serves a Service, headless,
/// skip-mirror, OS/architecture, node roles, a StatefulSet pod's ordinal.
pub const KEPT_LABEL_VALUES: &[&str] = &[
    "endpointslice.kubernetes.io/managed-by",
    "endpointslice.kubernetes.io/skip-mirror",
    "service.kubernetes.io/service-proxy-name",
    "service.kubernetes.io/headless",
    "kubernetes.io/os",
    "kubernetes.io/arch",
    "beta.kubernetes.io/os",
    "beta.kubernetes.io/arch",
    "node.kubernetes.io/instance-type",
    "beta.kubernetes.io/instance-type",
    "apps.kubernetes.io/pod-index",
    "controller-uid",
    "batch.kubernetes.io/controller-uid",
];

pub(super) fn label_value_kept(key: &str) -> bool {
    KEPT_LABEL_VALUES.contains(&key) || key.starts_with("node-role.kubernetes.io/")
}

/// Annotations whose values are Kubernetes' vocabulary or times (see `strip::KEPT_ANNOTATIONS`);
/// the leader-election record names its holder, so it is renamed (only its presence matters).
pub(super) fn annotation_value_kept(key: &str) -> bool {
    matches!(
        key,
        "service.kubernetes.io/topology-mode"
            | "service.kubernetes.io/topology-aware-hints"
            | "endpoints.kubernetes.io/last-change-trigger-time"
            | "endpoints.kubernetes.io/over-capacity"
    )
}

/// `kubernetes.io`, `*.kubernetes.io`, `k8s.io`, `*.k8s.io`.
pub(super) fn kubernetes_prefix(prefix: &str) -> bool {
    ["kubernetes.io", "k8s.io"]
        .iter()
        .any(|d| prefix == *d || prefix.ends_with(&format!(".{d}")))
}

/// `s` with each maximal run of ASCII letters and digits replaced by `rename(run, last)`
/// (`last`: nothing but separators follows it).
pub(super) fn runs(s: &str, mut rename: impl FnMut(&str, bool) -> String) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    let mut start = None;
    for (i, c) in s.char_indices() {
        let word = c.is_ascii_alphanumeric();
        match (word, start) {
            (true, None) => start = Some(i),
            (false, Some(b)) => {
                let last = !s[i..].bytes().any(|c| c.is_ascii_alphanumeric());
                out.push_str(&rename(&s[b..i], last));
                start = None;
                out.push(c);
            }
            (false, None) => out.push(c),
            (true, Some(_)) => {}
        }
    }
    if let Some(b) = start {
        out.push_str(&rename(&s[b..], true));
    }
    out
}
