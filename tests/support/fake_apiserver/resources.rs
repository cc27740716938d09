//! The resources the fake serves, with the URL and kind spellings of a real v1.32 server
//! (compare `tests/fixtures/apiserver/api-v1.json` and `apis-discovery.k8s.io-v1.json`).

/// One served resource.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Resource {
    /// URL name (`pods`).
    pub plural: &'static str,
    /// Object kind (`Pod`).
    pub kind: &'static str,
    /// `apiVersion` of objects and lists (`v1`, `discovery.k8s.io/v1`).
    pub api_version: &'static str,
    /// API group (`""` for core), as RBAC messages name it.
    pub group: &'static str,
    /// Namespaced or cluster-scoped.
    pub namespaced: bool,
    /// Extra field selectors the real server accepts for this resource besides
    /// `metadata.name`/`metadata.namespace` (`pkg/registry/core/*/strategy.go` `*ToSelectableFields`).
    pub fields: &'static [&'static str],
}

impl Resource {
    /// `PodList`.
    pub fn list_kind(&self) -> String {
        format!("{}List", self.kind)
    }

    /// `pods` or `endpointslices.discovery.k8s.io`.
    pub fn qualified(&self) -> String {
        if self.group.is_empty() {
            self.plural.to_string()
        } else {
            format!("{}.{}", self.plural, self.group)
        }
    }
}

/// Everything served.
pub const RESOURCES: &[Resource] = &[
    Resource {
        plural: "namespaces",
        kind: "Namespace",
        api_version: "v1",
        group: "",
        namespaced: false,
        fields: &["status.phase"],
    },
    Resource {
        plural: "nodes",
        kind: "Node",
        api_version: "v1",
        group: "",
        namespaced: false,
        fields: &["spec.unschedulable"],
    },
    Resource {
        plural: "services",
        kind: "Service",
        api_version: "v1",
        group: "",
        namespaced: true,
        fields: &["spec.clusterIP", "spec.type"],
    },
    Resource {
        plural: "pods",
        kind: "Pod",
        api_version: "v1",
        group: "",
        namespaced: true,
        fields: &[
            "spec.nodeName",
            "spec.restartPolicy",
            "spec.schedulerName",
            "spec.serviceAccountName",
            "spec.hostNetwork",
            "status.phase",
            "status.podIP",
            "status.nominatedNodeName",
        ],
    },
    Resource {
        plural: "endpoints",
        kind: "Endpoints",
        api_version: "v1",
        group: "",
        namespaced: true,
        fields: &[],
    },
    Resource {
        plural: "events",
        kind: "Event",
        api_version: "v1",
        group: "",
        namespaced: true,
        fields: &[
            "involvedObject.kind",
            "involvedObject.namespace",
            "involvedObject.name",
            "involvedObject.uid",
            "involvedObject.apiVersion",
            "involvedObject.resourceVersion",
            "involvedObject.fieldPath",
            "reason",
            "reportingComponent",
            "source",
            "type",
        ],
    },
    Resource {
        plural: "endpointslices",
        kind: "EndpointSlice",
        api_version: "discovery.k8s.io/v1",
        group: "discovery.k8s.io",
        namespaced: true,
        fields: &["addressType"],
    },
    Resource {
        plural: "networkpolicies",
        kind: "NetworkPolicy",
        api_version: "networking.k8s.io/v1",
        group: "networking.k8s.io",
        namespaced: true,
        fields: &[],
    },
    Resource {
        plural: "ciliumnetworkpolicies",
        kind: "CiliumNetworkPolicy",
        api_version: "cilium.io/v2",
        group: "cilium.io",
        namespaced: true,
        fields: &[],
    },
    Resource {
        plural: "deployments",
        kind: "Deployment",
        api_version: "apps/v1",
        group: "apps",
        namespaced: true,
        fields: &[],
    },
    Resource {
        plural: "statefulsets",
        kind: "StatefulSet",
        api_version: "apps/v1",
        group: "apps",
        namespaced: true,
        fields: &[],
    },
    Resource {
        plural: "daemonsets",
        kind: "DaemonSet",
        api_version: "apps/v1",
        group: "apps",
        namespaced: true,
        fields: &[],
    },
    Resource {
        plural: "ingresses",
        kind: "Ingress",
        api_version: "networking.k8s.io/v1",
        group: "networking.k8s.io",
        namespaced: true,
        fields: &[],
    },
    Resource {
        plural: "httproutes",
        kind: "HTTPRoute",
        api_version: "gateway.networking.k8s.io/v1",
        group: "gateway.networking.k8s.io",
        namespaced: true,
        fields: &[],
    },
    Resource {
        plural: "grpcroutes",
        kind: "GRPCRoute",
        api_version: "gateway.networking.k8s.io/v1",
        group: "gateway.networking.k8s.io",
        namespaced: true,
        fields: &[],
    },
];

/// The resource of a `kind`/`apiVersion` pair.
pub fn by_kind(api_version: &str, kind: &str) -> Option<Resource> {
    RESOURCES
        .iter()
        .find(|r| r.kind == kind && r.api_version == api_version)
        .copied()
}

/// The resource served under `prefix` (`/api/v1`, `/apis/discovery.k8s.io/v1`) as `plural`.
pub fn by_path(prefix: &str, plural: &str) -> Option<Resource> {
    RESOURCES
        .iter()
        .find(|r| r.plural == plural && api_prefix(r) == prefix)
        .copied()
}

/// `/api/v1` or `/apis/<group>/<version>`.
pub fn api_prefix(r: &Resource) -> String {
    if r.group.is_empty() {
        format!("/api/{}", r.api_version)
    } else {
        format!("/apis/{}", r.api_version)
    }
}

/// The served resource called `plural` (panics for others: a test bug).
pub fn resource(plural: &str) -> Resource {
    RESOURCES
        .iter()
        .find(|r| r.plural == plural)
        .copied()
        .unwrap_or_else(|| panic!("the fake does not serve {plural}"))
}
