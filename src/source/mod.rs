//! Getting objects: from files (and stdin), or from a live cluster (`live`).
//!
//! The only layer that reads files, stdin or the network. It converts API JSON into `model`
//! types at the boundary and never interprets what it read.

mod convert;
mod decode;
mod error;
mod files;
mod identity;
mod identity_of;
mod json_blocks;
mod json_cursor;
mod json_head;
mod json_parallel;
pub mod json_path;
mod json_runs;
mod json_stream;
mod list_room;
pub mod live;
pub mod snapshot;
mod stream;
mod watch_record;
mod yaml;
mod yaml_items;
mod yaml_stream;

pub use convert::{ConvertStats, Refused, objects_to_cluster, raw_object_to_cluster};
pub use decode::{Document, decode_documents};
pub use error::{NamespaceMismatch, SourceError};
pub use files::{
    FileInput, LoadOptions, LoadReport, load_files, load_files_tracking_lines, load_files_with,
};
pub use identity::Replaced;
pub use json_path::Segment;
pub use json_stream::{ApiObject, Place, StreamFailure, stream_json};
pub use watch_record::{
    EventType, Received, Record, RecordWriter, RecordingError, RecordingHeader, change_of, observe,
    observe_all, read_recording,
};
