//! Typed errors of the source layer. Messages never repeat their `#[source]`.

use std::path::PathBuf;

fn at_line(line: Option<u32>) -> String {
    line.map(|l| format!(", line {l}")).unwrap_or_default()
}

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
    #[error("{}: document {doc}{}: {message}", path.display(), at_line(*line))]
    Decode {
        /// The file.
        path: PathBuf,
        /// 1-based document number in the file.
        doc: usize,
        /// 1-based line, when known.
        line: Option<u32>,
        /// What is wrong: the object and field, or the YAML/JSON syntax error.
        message: String,
    },
    /// With `-n`, a manifest names another namespace.
    #[error(transparent)]
    NamespaceMismatch(Box<NamespaceMismatch>),
    /// No input files were found (e.g. an empty directory).
    #[error("no .yaml, .yml or .json files found in {0}")]
    NoInput(PathBuf),
}

/// A manifest in another namespace than `-n`, in kubectl's words
/// (`k8s.io/cli-runtime/pkg/resource/visitor.go`, `RequireNamespace`).
#[derive(Debug, thiserror::Error)]
#[error(
    "{}: {kind} {name:?}: the namespace from the provided object {namespace:?} does not match the namespace {expected:?}. You must pass '--namespace={namespace}' to perform this operation.",
    at(path, *line)
)]
pub struct NamespaceMismatch {
    /// The file.
    pub path: PathBuf,
    /// 1-based line of the object, when known.
    pub line: Option<u32>,
    /// Its kind.
    pub kind: String,
    /// Its name.
    pub name: String,
    /// The namespace it names.
    pub namespace: String,
    /// The `-n` namespace.
    pub expected: String,
}

fn at(path: &std::path::Path, line: Option<u32>) -> String {
    match line {
        Some(line) => format!("{}:{line}", path.display()),
        None => path.display().to_string(),
    }
}
