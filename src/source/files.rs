//! Offline input: files, directories (every .yaml/.yml/.json in them, sorted) and stdin (`-`).

use super::convert::{ConvertStats, objects_to_cluster};
use super::decode::{decode_documents, decode_into_threaded, refused_failure};
use super::error::SourceError;
use super::identity::Replaced;
use super::json_parallel::{Split, load_json};
use super::json_stream::{ApiObject, Place, StreamFailure, set_line, stream_json};
use super::stream::merge;
use crate::model::{Cluster, ObjectKey, Origin};
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};

/// One `-f` argument.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FileInput {
    /// A file or a directory.
    Path(PathBuf),
    /// Standard input (`-f -`).
    Stdin,
}

impl FileInput {
    /// `-` is stdin; anything else is a path.
    pub fn parse(arg: &str) -> FileInput {
        if arg == "-" {
            FileInput::Stdin
        } else {
            FileInput::Path(PathBuf::from(arg))
        }
    }
}

/// What was read, for `-v` output.
#[derive(Debug, Default, Clone)]
pub struct LoadReport {
    /// Files read.
    pub files: Vec<PathBuf>,
    /// Documents decoded.
    pub documents: usize,
    /// Objects used and skipped, by kind.
    pub stats: ConvertStats,
    /// Objects defined more than once, each kept once (`source::identity`).
    pub replaced: Vec<Replaced>,
}

/// How to read the inputs.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LoadOptions {
    /// Record each object's file and line in `Cluster::origins` (a second, structure-only parse
    /// of YAML; JSON objects are recorded at line 1 of their file).
    pub track_lines: bool,
    /// `-n`: where objects without a namespace go (else `default`); a manifest in another
    /// namespace is an error, as with `kubectl apply -n` (see `source::identity`).
    pub namespace: Option<String>,
}

/// Reads every input into one `Cluster`, one object per identity (see [`load_files_with`]).
pub fn load_files(inputs: &[FileInput]) -> Result<(Cluster, LoadReport), SourceError> {
    load_files_with(inputs, &LoadOptions::default())
}

/// Like [`load_files`], and records each object's file and the line where it starts in
/// `Cluster::origins` (YAML and JSON alike).
pub fn load_files_tracking_lines(
    inputs: &[FileInput],
) -> Result<(Cluster, LoadReport), SourceError> {
    load_files_with(
        inputs,
        &LoadOptions {
            track_lines: true,
            namespace: None,
        },
    )
}

/// Reads every input into one `Cluster`: objects defined more than once are kept once (the
/// last definition, or the newest state of the same uid; `LoadReport::replaced` lists them),
/// and objects without a namespace go to `options.namespace`, else `default`.
pub fn load_files_with(
    inputs: &[FileInput],
    options: &LoadOptions,
) -> Result<(Cluster, LoadReport), SourceError> {
    let (mut cluster, mut report) = load(inputs, options)?;
    report.replaced = super::identity::resolve(
        &mut cluster,
        &report.files,
        options.namespace.as_deref(),
        options.track_lines,
    )?;
    Ok((cluster, report))
}

fn load(inputs: &[FileInput], options: &LoadOptions) -> Result<(Cluster, LoadReport), SourceError> {
    let lines = (options.track_lines, options.namespace.as_deref());
    let mut cluster = Cluster::default();
    let mut report = LoadReport::default();
    // Sensed once per load: on Linux it reads the cgroup CPU quota files.
    let split = Split::for_this_machine();
    for input in inputs {
        match input {
            FileInput::Stdin => {
                let stdin = std::io::stdin();
                let mut reader = stdin.lock();
                let before = cluster.definitions.len();
                load_reader(
                    Path::new("-"),
                    &mut reader,
                    (lines, split),
                    &mut cluster,
                    &mut report,
                    None,
                )?;
                stamp_file(&mut cluster, before, &report);
            }
            FileInput::Path(path) => {
                for file in expand(path)? {
                    if !options.track_lines
                        && let Some(part) = load_yaml_streamed(&file, split)?
                    {
                        let before = cluster.definitions.len();
                        report.files.push(file.clone());
                        report.documents += 1;
                        merge(&mut cluster, &mut report.stats, part);
                        stamp_file(&mut cluster, before, &report);
                        continue;
                    }
                    let f = std::fs::File::open(&file).map_err(|e| read_error(&file, &e))?;
                    let size = f.metadata().ok().map(|m| m.len());
                    let mut reader = BufReader::with_capacity(1 << 20, f);
                    let before = cluster.definitions.len();
                    load_reader(
                        &file,
                        &mut reader,
                        (lines, split),
                        &mut cluster,
                        &mut report,
                        size,
                    )?;
                    stamp_file(&mut cluster, before, &report);
                }
            }
        }
    }
    Ok((cluster, report))
}

/// Below this size a YAML file is read whole (and cut into items from its text when big
/// enough for threads, `decode`); from it on, it is streamed item by item (`yaml_stream`).
const STREAM_YAML_BYTES: u64 = 4 << 20;

/// A big YAML List file (plain or gzip) read item by item, without holding its text; `None`
/// when the file is small, JSON, or not a List this reading takes as it is (it is then read
/// again whole, which accepts and refuses what it always did).
fn load_yaml_streamed(
    file: &Path,
    split: Split,
) -> Result<Option<(Cluster, ConvertStats)>, SourceError> {
    let size = std::fs::metadata(file).map_or(0, |m| m.len());
    if size < STREAM_YAML_BYTES {
        return Ok(None);
    }
    let f = std::fs::File::open(file).map_err(|e| read_error(file, &e))?;
    let mut raw = BufReader::with_capacity(1 << 20, f);
    let mut reader = decompressed(&mut raw).map_err(|e| read_error(file, &e))?;
    match first_byte(&mut reader).map_err(|e| read_error(file, &e))? {
        None | Some(b'{' | b'[') => Ok(None),
        Some(_) => {
            super::yaml_stream::load_yaml_list(&mut reader, split).map_err(|e| read_error(file, &e))
        }
    }
}

/// Marks the definitions from `before` on as read from the file just loaded (the last of
/// `report.files`).
fn stamp_file(cluster: &mut Cluster, before: usize, report: &LoadReport) {
    let file = u32::try_from(report.files.len().saturating_sub(1)).unwrap_or(u32::MAX);
    for d in &mut cluster.definitions[before..] {
        d.file = file;
    }
}

/// JSON (what `kubectl get -o json` writes, possibly hundreds of MB) is streamed object by
/// object; YAML is read whole here and decoded by `decode` (big List files were streamed
/// before, `load_yaml_streamed`). `lines`: record where objects start; `split`: how many
/// threads convert. gzip is decompressed as it is read ([`decompressed`]).
fn load_reader(
    path: &Path,
    reader: &mut dyn BufRead,
    options: ((bool, Option<&str>), Split),
    cluster: &mut Cluster,
    report: &mut LoadReport,
    size: Option<u64>,
) -> Result<(), SourceError> {
    let mut plain = decompressed(reader).map_err(|e| read_error(path, &e))?;
    load_plain(path, &mut *plain, options, cluster, report, size)
}

/// `reader`, decompressed as it is read when it is gzip (recognised by its magic bytes, RFC 1952
/// §2.3.1; a `snapshot --output-file FILE.gz` or any gzipped dump).
fn decompressed<'r>(reader: &'r mut dyn BufRead) -> std::io::Result<Box<dyn BufRead + 'r>> {
    if reader.fill_buf()?.starts_with(&[0x1f, 0x8b]) {
        let gz = flate2::bufread::MultiGzDecoder::new(reader);
        return Ok(Box::new(BufReader::with_capacity(1 << 20, gz)));
    }
    Ok(Box::new(reader))
}

fn load_plain(
    path: &Path,
    reader: &mut dyn BufRead,
    (lines, split): ((bool, Option<&str>), Split),
    cluster: &mut Cluster,
    report: &mut LoadReport,
    size: Option<u64>,
) -> Result<(), SourceError> {
    let first = first_byte(reader).map_err(|e| read_error(path, &e))?;
    if matches!(first, Some(b'{' | b'[')) {
        report.files.push(path.to_path_buf());
        let docs = match lines {
            (true, namespace) => load_json_tracking_lines(
                path,
                reader,
                namespace.unwrap_or("default"),
                cluster,
                &mut report.stats,
            ),
            (false, _) => load_json(reader, (split, size), cluster, &mut report.stats),
        };
        report.documents += docs.map_err(|f| stream_failure(path, f))?;
        return Ok(());
    }
    let mut text = String::new();
    reader
        .read_to_string(&mut text)
        .map_err(|e| read_error(path, &e))?;
    load_text(path, &text, (lines, split), cluster, report)
}

/// JSON read as `load_json` reads it (the same scanner, so the same objects are accepted and
/// refused, with the same messages), recording where each object starts. `namespace`: where
/// objects without one are placed.
fn load_json_tracking_lines(
    path: &Path,
    reader: &mut dyn BufRead,
    namespace: &str,
    cluster: &mut Cluster,
    stats: &mut super::convert::ConvertStats,
) -> Result<usize, StreamFailure> {
    let mut each = |place: Place, object: ApiObject<'_>| -> Result<(), String> {
        let value = match object {
            ApiObject::Value(value) => value,
            ApiObject::Raw(raw) => serde_json::from_slice(raw).map_err(|e| e.to_string())?,
        };
        let line = u32::try_from(place.line).unwrap_or(u32::MAX);
        record_origins(path, &value, (line, &[]), namespace, cluster);
        let before = cluster.definitions.len();
        objects_to_cluster(value, cluster, stats).map_err(|e| e.to_string())?;
        set_line(cluster, before, place);
        Ok(())
    };
    stream_json(reader, &mut each)
}

/// A JSON failure, with the line the scanner put in front of an item's message.
fn stream_failure(path: &Path, f: StreamFailure) -> SourceError {
    let split = f
        .message
        .strip_prefix("item at line ")
        .and_then(|rest| rest.split_once(": "))
        .and_then(|(line, message)| Some((line.parse().ok()?, message)));
    let (line, message) = match split {
        Some((line, message)) => (Some(line), message.to_string()),
        None => (None, f.message),
    };
    SourceError::Decode {
        path: path.to_path_buf(),
        doc: f.doc,
        line,
        message,
    }
}

/// The first byte after whitespace and a byte-order mark, consuming nothing (so YAML error line
/// numbers stay right) unless a whole buffer is blank.
fn first_byte(reader: &mut dyn BufRead) -> std::io::Result<Option<u8>> {
    loop {
        let buf = reader.fill_buf()?;
        if buf.is_empty() {
            return Ok(None);
        }
        let body = buf.strip_prefix(&[0xEF, 0xBB, 0xBF]).unwrap_or(buf);
        if let Some(&b) = body.iter().find(|b| !b.is_ascii_whitespace()) {
            return Ok(Some(b));
        }
        let n = buf.len();
        reader.consume(n);
    }
}

fn load_text(
    path: &Path,
    text: &str,
    ((lines, namespace), split): ((bool, Option<&str>), Split),
    cluster: &mut Cluster,
    report: &mut LoadReport,
) -> Result<(), SourceError> {
    let decode_error = |f: super::decode::DecodeFailure| SourceError::Decode {
        path: path.to_path_buf(),
        doc: f.doc,
        line: f.line,
        message: f.message,
    };
    report.files.push(path.to_path_buf());
    if !lines {
        report.documents += decode_into_threaded(text, split.workers, cluster, &mut report.stats)
            .map_err(decode_error)?;
        return Ok(());
    }
    let docs = decode_documents(text).map_err(decode_error)?;
    for doc in &docs {
        let line = doc.line.unwrap_or(1);
        let namespace = namespace.unwrap_or("default");
        record_origins(
            path,
            &doc.value,
            (line, &doc.item_lines),
            namespace,
            cluster,
        );
    }
    for mut doc in docs {
        report.documents += 1;
        let value = std::mem::take(&mut doc.value);
        objects_to_cluster(value, cluster, &mut report.stats)
            .map_err(|refused| decode_error(refused_failure(text, &doc, &refused)))?;
    }
    Ok(())
}

/// `namespace`: where objects without one are placed.
/// `(line, item_lines)`: where the document and its List items start.
fn record_origins(
    path: &Path,
    value: &serde_json::Value,
    (line, item_lines): (u32, &[u32]),
    namespace: &str,
    cluster: &mut Cluster,
) {
    match value.get("items").and_then(serde_json::Value::as_array) {
        Some(items) => {
            for (i, item) in items.iter().enumerate() {
                let item_line = item_lines.get(i).copied().unwrap_or(line);
                insert_origin(path, item, (item_line, namespace), cluster);
            }
        }
        None => insert_origin(path, value, (line, namespace), cluster),
    }
}

fn insert_origin(
    path: &Path,
    obj: &serde_json::Value,
    (line, default_ns): (u32, &str),
    cluster: &mut Cluster,
) {
    let s = |p: &str| {
        obj.pointer(p)
            .and_then(serde_json::Value::as_str)
            .unwrap_or_default()
    };
    let kind = s("/kind");
    let namespace = match kind {
        "Node" | "Namespace" => "",
        _ => Some(s("/metadata/namespace"))
            .filter(|n| !n.is_empty())
            .unwrap_or(default_ns),
    };
    let key = ObjectKey::new(kind, namespace, s("/metadata/name"));
    cluster.origins.insert(
        key,
        Origin {
            file: path.to_path_buf(),
            line,
        },
    );
}

/// A file stays a file; a directory becomes its `.yaml`/`.yml`/`.json` files (not recursive,
/// like `kubectl apply -f DIR`), sorted by name so results do not depend on the filesystem.
fn expand(path: &Path) -> Result<Vec<PathBuf>, SourceError> {
    let meta = std::fs::metadata(path).map_err(|e| read_error(path, &e))?;
    if !meta.is_dir() {
        return Ok(vec![path.to_path_buf()]);
    }
    let mut files: Vec<PathBuf> = std::fs::read_dir(path)
        .map_err(|e| read_error(path, &e))?
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| {
            p.is_file()
                && p.extension()
                    .and_then(|e| e.to_str())
                    .is_some_and(|e| matches!(e, "yaml" | "yml" | "json"))
        })
        .collect();
    files.sort();
    if files.is_empty() {
        return Err(SourceError::NoInput(path.to_path_buf()));
    }
    Ok(files)
}

fn read_error(path: &Path, e: &std::io::Error) -> SourceError {
    let message = match e.kind() {
        std::io::ErrorKind::NotFound => "no such file or directory".to_string(),
        std::io::ErrorKind::PermissionDenied => "permission denied".to_string(),
        _ => e.to_string(),
    };
    SourceError::Read {
        path: path.to_path_buf(),
        message,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_big_yaml_lists_are_streamed() {
        let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
        let split = Split {
            workers: 2,
            batch_bytes: 1 << 20,
        };
        let big = root.join("over-capacity/cluster.yaml");
        let (cluster, _) = load_yaml_streamed(&big, split).unwrap().expect("streamed");
        assert!(cluster.pods.len() > 1000);
        // Small: read whole, as before.
        let small = root.join("healthy-clusterip/cluster.yaml");
        assert!(load_yaml_streamed(&small, split).unwrap().is_none());
    }
}
