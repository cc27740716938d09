//! What `--version` says: our version and the Kubernetes API version compiled against.

use std::sync::OnceLock;

/// The Kubernetes API version of the `k8s-openapi` types this binary was built with: the one
/// `v1_*` feature k8s-openapi enabled (`latest` in Cargo.toml). Read through k8s-openapi's
/// `k8s_if_1_*` macros, so upgrading the crate cannot leave a stale literal behind
/// (<https://docs.rs/k8s-openapi/latest/k8s_openapi/#conditional-compilation>).
pub const KUBE_API_VERSION: &str = kube_api_version();

// The macros expand to their body only for the enabled version; the ones after it are dead code.
#[allow(unreachable_code)]
const fn kube_api_version() -> &'static str {
    k8s_openapi::k8s_if_1_37! { return "v1.37"; }
    k8s_openapi::k8s_if_1_36! { return "v1.36"; }
    k8s_openapi::k8s_if_1_35! { return "v1.35"; }
    k8s_openapi::k8s_if_1_34! { return "v1.34"; }
    k8s_openapi::k8s_if_1_33! { return "v1.33"; }
    "unknown"
}

/// `0.1.0 (Kubernetes v1.36 rules, API types v1.37)`: clap prints it after the program name.
/// The rules version is the one `explain`'s "Rules:" line and `diagnose` apply by default
/// (`KubeVersion::NEWEST`); the API types version is what manifests are decoded with.
pub fn long_version() -> &'static str {
    static TEXT: OnceLock<String> = OnceLock::new();
    TEXT.get_or_init(|| {
        format!(
            "{} (Kubernetes {} rules, API types {KUBE_API_VERSION})",
            env!("CARGO_PKG_VERSION"),
            crate::model::KubeVersion::NEWEST
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_a_real_api_version() {
        let minor: u32 = KUBE_API_VERSION
            .strip_prefix("v1.")
            .and_then(|m| m.parse().ok())
            .unwrap_or_else(|| panic!("not v1.N: {KUBE_API_VERSION}"));
        assert!(minor >= 33, "{KUBE_API_VERSION}");
        assert!(long_version().ends_with(&format!(
            "(Kubernetes v1.36 rules, API types {KUBE_API_VERSION})"
        )));
    }
}
