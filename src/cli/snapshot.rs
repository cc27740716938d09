//! `snapshot`: read what `explain` (one Service) or `diagnose` (`-n`, `-A`) reads, through the
//! same fetch, and write it as one JSON file that `-f` reads back (docs/snapshot.md).

use super::args::{GlobalArgs, SnapshotArgs};
use super::{Env, exit, input, progress, stderr};
use crate::source::live::{self, FOREIGN_POLICIES, Kind, Reads, Scope};
use crate::source::snapshot::redact::Redactor;
use crate::source::snapshot::{
    Compression, META_API_VERSION, META_KIND, SnapshotItems, SnapshotMeta, SnapshotScope,
    write_snapshot,
};
use anyhow::{Context, Result, bail};
use std::io::Write;
use std::path::Path;

pub(crate) async fn run(global: &GlobalArgs, args: &SnapshotArgs, env: &Env) -> Result<u8> {
    if !global.filenames.is_empty() {
        bail!("snapshot reads a live cluster; -f is not allowed (a snapshot is already a file)");
    }
    let live = input::connect(global, env).await?;
    let default_ns = || {
        global
            .namespace
            .clone()
            .unwrap_or_else(|| live.default_namespace.clone())
    };
    let (scope, reads) = match &args.service {
        Some(arg) => {
            let (namespace, name) = match arg.split_once('/') {
                Some((ns, name)) => (ns.to_string(), name.to_string()),
                None => (default_ns(), arg.clone()),
            };
            let reads = live::read_service::<SnapshotItems>(&live, &namespace, &name).await?;
            (SnapshotScope::Service { namespace, name }, reads)
        }
        None if global.all_namespaces => {
            let read = live::read_scope::<SnapshotItems>(&live, &Scope::All);
            let reads = if env.stderr_tty {
                progress::while_running(read, || {
                    progress::reading(live.requests_sent(), live.bytes_received())
                })
                .await?
            } else {
                read.await?
            };
            (SnapshotScope::AllNamespaces, reads)
        }
        None => {
            let ns = default_ns();
            let reads =
                live::read_scope::<SnapshotItems>(&live, &Scope::Namespace(ns.clone())).await?;
            (SnapshotScope::Namespace(ns), reads)
        }
    };
    // The same warnings, in the same words, as the command the snapshot stands in for.
    for w in &reads.warnings {
        stderr::warning(w);
    }
    let redactor = match (&args.redact_key, args.redact) {
        (Some(key), _) => Some(Redactor::with_key(key)),
        (None, true) => Some(Redactor::random().map_err(anyhow::Error::msg)?),
        (None, false) => None,
    };
    let meta = meta_of(&reads, scope);
    let items = reads
        .kept
        .iter()
        .flat_map(|(_, s)| s.0.iter().map(AsRef::as_ref));
    let written = match &args.output_file {
        Some(path) => {
            let file = std::fs::File::create(path)
                .with_context(|| format!("cannot write {}", path.display()))?;
            write_snapshot(
                Box::new(file),
                compression_of(path),
                &meta,
                items,
                redactor.as_ref(),
            )
            .with_context(|| format!("cannot write {}", path.display()))?
        }
        None => {
            let stdout = std::io::stdout();
            let n = write_snapshot(
                Box::new(stdout.lock()),
                Compression::None,
                &meta,
                items,
                redactor.as_ref(),
            )
            .context("cannot write the snapshot to stdout")?;
            std::io::stdout().flush()?;
            n
        }
    };
    if global.verbose {
        stderr::note(format_args!(
            "wrote {written} object(s) read in {} request(s) from {}",
            live.requests_sent(),
            live.server()
        ));
    }
    Ok(exit::OK)
}

fn meta_of(reads: &Reads<SnapshotItems>, scope: SnapshotScope) -> SnapshotMeta {
    SnapshotMeta {
        api_version: META_API_VERSION.to_string(),
        kind: META_KIND.to_string(),
        tool_version: env!("CARGO_PKG_VERSION").to_string(),
        time: rfc3339_utc(std::time::SystemTime::now()),
        server_version: reads.server_version.map(|v| v.to_string()),
        scope,
        read: reads.kept.iter().map(|(k, _)| read_name(k)).collect(),
        warnings: reads.warnings.iter().map(ToString::to_string).collect(),
        unreadable: reads
            .unreadable
            .iter()
            .map(|k| k.kind.to_string())
            .collect(),
        redacted: false,
    }
}

/// A kind as `read` names it: `Service`; other policy APIs qualified by their API group
/// (`NetworkPolicy.crd.projectcalico.org`), since only their existence is kept and `read`
/// must not mistake Calico's NetworkPolicy for the networking.k8s.io one.
fn read_name(kind: &Kind) -> String {
    if FOREIGN_POLICIES.iter().any(|(k, _)| k == kind) {
        let group = kind.api_version.split('/').next().unwrap_or_default();
        format!("{}.{group}", kind.kind)
    } else {
        kind.kind.to_string()
    }
}

/// `.gz` -> gzip.
fn compression_of(path: &Path) -> Compression {
    if path.extension().is_some_and(|e| e == "gz") {
        Compression::Gzip
    } else {
        Compression::None
    }
}

/// `2026-12-02T19:04:05Z` (the civil-from-days conversion of
/// <https://howardhinnant.github.io/date_algorithms.html#civil_from_days>).
fn rfc3339_utc(t: std::time::SystemTime) -> String {
    let secs = t
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    let (days, rem) = (secs / 86_400, secs % 86_400);
    #[allow(clippy::cast_possible_wrap)]
    let z = days as i64 + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}Z",
        rem / 3600,
        rem % 3600 / 60,
        rem % 60
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::{Duration, UNIX_EPOCH};

    #[test]
    fn utc_timestamps() {
        assert_eq!(rfc3339_utc(UNIX_EPOCH), "1970-01-01T00:00:00Z");
        assert_eq!(
            rfc3339_utc(UNIX_EPOCH + Duration::from_secs(1_709_251_199)),
            "2024-02-29T23:59:59Z"
        );
        assert_eq!(
            rfc3339_utc(UNIX_EPOCH + Duration::from_secs(951_782_400)),
            "2000-02-29T00:00:00Z"
        );
    }

    #[test]
    fn gz_suffix_compresses() {
        assert_eq!(compression_of(Path::new("a.json.gz")), Compression::Gzip);
        assert_eq!(compression_of(Path::new("a.json")), Compression::None);
    }
}
