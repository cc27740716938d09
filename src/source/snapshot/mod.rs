//! Snapshots: one `kind: List` JSON file holding what a live command read, stripped of what the
//! tool never reads, with a `svcx/v1alpha1 Snapshot` object first that records how it was read
//! (scope, server version, refused reads). `-f` reads it back like any dump; the `Snapshot`
//! object makes an offline run know what was unknown live (see `convert::snapshot_meta`).

mod items;
mod meta;
pub mod redact;
mod strip;
mod write;

pub use items::SnapshotItems;
pub use meta::{META_API_VERSION, META_KIND, SnapshotMeta, SnapshotScope};
pub use strip::{KEPT_ANNOTATIONS, strip};
pub use write::{Compression, write_snapshot};
