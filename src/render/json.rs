//! `-o json`.

use serde::Serialize;
use std::io::Write;

/// Pretty JSON plus a newline. JSON is never coloured.
pub fn write_json<T: Serialize>(out: &mut dyn std::io::Write, value: &T) -> std::io::Result<()> {
    // The serializer writes token by token: into a buffer of a known type, whose writes inline,
    // instead of a call through `dyn Write` for each (~30% of rendering a 10k-Service
    // diagnosis).
    let mut buffered = std::io::BufWriter::with_capacity(64 * 1024, out);
    // Keep the io::ErrorKind (a closed pipe must stay recognisable as BrokenPipe upstream).
    serde_json::to_writer_pretty(&mut buffered, value).map_err(|e| match e.io_error_kind() {
        Some(kind) => std::io::Error::new(kind, e),
        None => std::io::Error::other(e),
    })?;
    writeln!(buffered)?;
    buffered.flush()
}
