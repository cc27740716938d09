//! Where command output goes: stdout, buffered. Rust's stdout is line-buffered, and the JSON
//! and YAML writers emit a line at a time, so `diagnose -A -o json` of 10k Services (12 MB,
//! ~600k lines) made one `write` system call per line (docs/performance.md, "lean model").
//! Callers flush at the end, so a closed pipe is still reported as an error.

use std::io::{BufWriter, StdoutLock};

/// Standard output behind a 64 KiB buffer.
pub(crate) fn stdout_buffered() -> BufWriter<StdoutLock<'static>> {
    BufWriter::with_capacity(64 * 1024, std::io::stdout().lock())
}
