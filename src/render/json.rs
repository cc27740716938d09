//! `-o json`.

use serde::Serialize;

/// Pretty JSON plus a newline. JSON is never coloured.
pub fn write_json<T: Serialize>(out: &mut dyn std::io::Write, value: &T) -> std::io::Result<()> {
    // Keep the io::ErrorKind (a closed pipe must stay recognisable as BrokenPipe upstream).
    serde_json::to_writer_pretty(&mut *out, value).map_err(|e| match e.io_error_kind() {
        Some(kind) => std::io::Error::new(kind, e),
        None => std::io::Error::other(e),
    })?;
    writeln!(out)
}
