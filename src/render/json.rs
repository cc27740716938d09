//! `-o json`.

use serde::Serialize;

/// Pretty JSON plus a newline. JSON is never coloured.
pub fn write_json<T: Serialize>(out: &mut dyn std::io::Write, value: &T) -> std::io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, value).map_err(std::io::Error::other)?;
    writeln!(out)
}
