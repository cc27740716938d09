//! Writing a snapshot: `{"apiVersion":"v1","kind":"List","items":[` the `Snapshot` object, then
//! one item per line `]}` — valid JSON that `-f` streams item by item, and that diffs line by
//! line. Optionally gzip-compressed.

use super::meta::SnapshotMeta;
use super::redact::Redactor;
use flate2::Compression as Level;
use flate2::write::GzEncoder;
use std::io::{self, Write};

/// How the file is compressed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Compression {
    /// Plain JSON.
    None,
    /// gzip (`.gz`).
    Gzip,
}

/// Writes `meta` and `items` (each one object's compact JSON) to `out`, renamed by `redactor`
/// when given. Returns the number of items written (without the `Snapshot` object).
pub fn write_snapshot<'a>(
    out: Box<dyn Write + 'a>,
    compression: Compression,
    meta: &SnapshotMeta,
    items: impl Iterator<Item = &'a str>,
    redactor: Option<&Redactor>,
) -> io::Result<usize> {
    match compression {
        Compression::None => {
            let mut out = io::BufWriter::with_capacity(1 << 16, out);
            let n = write_list(&mut out, meta, items, redactor)?;
            out.flush()?;
            Ok(n)
        }
        Compression::Gzip => {
            let mut gz = GzEncoder::new(io::BufWriter::new(out), Level::default());
            let n = write_list(&mut gz, meta, items, redactor)?;
            gz.finish()?.flush()?;
            Ok(n)
        }
    }
}

fn write_list<'a>(
    out: &mut dyn Write,
    meta: &SnapshotMeta,
    items: impl Iterator<Item = &'a str>,
    redactor: Option<&Redactor>,
) -> io::Result<usize> {
    out.write_all(b"{\"apiVersion\":\"v1\",\"kind\":\"List\",\"metadata\":{},\"items\":[\n")?;
    match redactor {
        Some(r) => serde_json::to_writer(&mut *out, &r.meta(meta))?,
        None => serde_json::to_writer(&mut *out, meta)?,
    }
    let mut n = 0;
    for item in items {
        out.write_all(b",\n")?;
        match redactor {
            Some(r) => {
                let mut value: serde_json::Value = serde_json::from_str(item)?;
                r.object(&mut value);
                serde_json::to_writer(&mut *out, &value)?;
            }
            None => out.write_all(item.as_bytes())?,
        }
        n += 1;
    }
    out.write_all(b"\n]}\n")?;
    Ok(n)
}
