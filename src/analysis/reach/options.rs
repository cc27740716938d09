//! What `reach` needs besides the request.

use crate::model::{ControllerRules, Protocol};

/// What `reach` needs besides the request.
#[derive(Debug, Clone)]
pub struct ReachOptions {
    /// Controller rules in force (named ports on sidecars, node hints).
    pub rules: ControllerRules,
    /// The cluster DNS domain.
    pub cluster_domain: String,
    /// `-n`: the namespace of FROM when it has none.
    pub namespace: Option<String>,
    /// `--protocol`, to pick among ports with the same number.
    pub protocol: Option<Protocol>,
}
