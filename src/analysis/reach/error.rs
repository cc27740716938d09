//! Why a request cannot be answered (as opposed to a broken path, which is data).

use std::fmt;

/// The request cannot be answered: a usage error (exit 2), not a broken path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReachError {
    /// FROM or TO names nothing in the input.
    NotFound(String),
    /// The request is ambiguous or malformed.
    Usage(String),
}

impl fmt::Display for ReachError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ReachError::NotFound(m) | ReachError::Usage(m) => f.write_str(m),
        }
    }
}

impl std::error::Error for ReachError {}
