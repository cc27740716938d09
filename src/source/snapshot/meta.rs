//! The `Snapshot` object: how a snapshot was taken.

use serde::{Deserialize, Serialize};

/// `apiVersion` of the snapshot's own object.
pub const META_API_VERSION: &str = "svcx/v1alpha1";
/// `kind` of the snapshot's own object.
pub const META_KIND: &str = "Snapshot";

/// What was asked for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum SnapshotScope {
    /// One Service (`snapshot NAME`): what `explain` reads.
    Service {
        /// Its namespace.
        namespace: String,
        /// Its name.
        name: String,
    },
    /// `-n NS`: what `diagnose -n NS` reads.
    Namespace(String),
    /// `-A`.
    AllNamespaces,
}

/// The snapshot's own object (written first in `items`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SnapshotMeta {
    /// [`META_API_VERSION`].
    pub api_version: String,
    /// [`META_KIND`].
    pub kind: String,
    /// kubectl-svcx's version that wrote it.
    pub tool_version: String,
    /// When it was taken (RFC 3339, UTC).
    pub time: String,
    /// The server's version (`major.minor`) from `/version`, when it said.
    #[serde(default)]
    pub server_version: Option<String>,
    /// What was asked for.
    pub scope: SnapshotScope,
    /// The kinds read (`kind` of each), so an empty read means "none exist", not "not read".
    pub read: Vec<String>,
    /// What could not be read, as the live run warned (printed again when it is read).
    #[serde(default)]
    pub warnings: Vec<String>,
    /// Kinds of other policy APIs that could not be listed (403), which `reach` names as
    /// "(not readable)" without a warning.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub unreadable: Vec<String>,
    /// Whether names, labels and addresses were replaced by pseudonyms.
    #[serde(default)]
    pub redacted: bool,
}
