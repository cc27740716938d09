//! Typed errors of the source layer. Messages never repeat their `#[source]`.

use std::path::PathBuf;

/// Why objects could not be read.
#[derive(Debug, thiserror::Error)]
pub enum SourceError {
    /// A file or directory could not be read.
    #[error("cannot read {path}: {message}")]
    Read {
        /// The path (or `-` for stdin).
        path: PathBuf,
        /// The OS error, as text.
        message: String,
    },
    /// A document is not valid YAML/JSON, or not a valid Kubernetes object.
    #[error("{path}: document {doc}: {message}")]
    Decode {
        /// The file.
        path: PathBuf,
        /// 1-based document number in the file.
        doc: usize,
        /// What the parser said.
        message: String,
    },
    /// No input files were found (e.g. an empty directory).
    #[error("no .yaml, .yml or .json files found in {0}")]
    NoInput(PathBuf),
}
