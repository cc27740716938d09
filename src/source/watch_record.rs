//! What `explain -w` receives, as records: the initial lists, each watch event, each relist, and
//! the end, every one with the time it was received. `--record FILE` writes them as NDJSON and
//! `--replay FILE` reads them back; both the live watch and a replay turn records into the same
//! `analysis::watch::Change`s, so a replay gives exactly the transitions the live run gave.
//!
//! File format (one JSON object per line; see docs/watch.md):
//! `{"svcxWatchRecording":1,"namespace":..,"service":..,"start":..,"serverVersion":..,"endpointSlicesKnown":..,"endpointsKnown":..,"nodesKnown":..}`
//! then `{"t":..,"kind":"Pod","type":"INITIAL"|"LIST","items":[..]}`,
//! `{"t":..,"kind":"Pod","type":"ADDED"|"MODIFIED"|"DELETED","object":{..}}`, and last
//! `{"t":..,"type":"END"}`.

use crate::model::PodTimes;
use crate::model::{Observed, WatchChange, WatchedKind};
use crate::source::convert;
use jiff::Timestamp;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::io::{self, Write};

/// A watch event type.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum EventType {
    /// `ADDED`.
    #[serde(rename = "ADDED")]
    Added,
    /// `MODIFIED`.
    #[serde(rename = "MODIFIED")]
    Modified,
    /// `DELETED`.
    #[serde(rename = "DELETED")]
    Deleted,
}

/// What was received.
#[derive(Debug, Clone, PartialEq)]
pub enum Received {
    /// The first list of a kind (the baseline).
    Initial(WatchedKind, Vec<Value>),
    /// A watch event.
    Event(WatchedKind, EventType, Value),
    /// A fresh list after the watch could not resume (410 Gone, a new selector).
    Relist(WatchedKind, Vec<Value>),
    /// The watch ended.
    End,
}

/// One record: what, and when it was received.
#[derive(Debug, Clone, PartialEq)]
pub struct Record {
    /// Receive time.
    pub t: Timestamp,
    /// What.
    pub what: Received,
}

/// The first line of a recording.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RecordingHeader {
    /// Format version (1).
    pub svcx_watch_recording: u32,
    /// The Service's namespace.
    pub namespace: String,
    /// The Service's name.
    pub service: String,
    /// When the watch started.
    pub start: Timestamp,
    /// The server's version (`1.32`), when known.
    #[serde(default)]
    pub server_version: Option<String>,
    /// Whether EndpointSlices could be read.
    pub endpoint_slices_known: bool,
    /// Whether Endpoints could be read.
    pub endpoints_known: bool,
    /// Whether Nodes could be read.
    pub nodes_known: bool,
}

#[derive(Serialize, Deserialize)]
struct Line {
    t: Timestamp,
    #[serde(rename = "type")]
    type_: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    kind: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    object: Option<Value>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    items: Option<Vec<Value>>,
}

fn kind_of(name: &str) -> Option<WatchedKind> {
    [
        WatchedKind::Service,
        WatchedKind::Pod,
        WatchedKind::EndpointSlice,
        WatchedKind::Endpoints,
        WatchedKind::Node,
    ]
    .into_iter()
    .find(|k| k.as_str() == name)
}

/// Writes a recording.
pub struct RecordWriter<W: Write> {
    out: W,
}

impl<W: Write> RecordWriter<W> {
    /// Starts a recording with its header.
    pub fn new(mut out: W, header: &RecordingHeader) -> io::Result<Self> {
        serde_json::to_writer(&mut out, header)?;
        out.write_all(b"\n")?;
        Ok(RecordWriter { out })
    }

    /// Appends one record (flushed, so a killed watch leaves a usable file).
    pub fn write(&mut self, r: &Record) -> io::Result<()> {
        let (type_, kind, object, items) = match &r.what {
            Received::Initial(k, items) => ("INITIAL", Some(*k), None, Some(items.clone())),
            Received::Relist(k, items) => ("LIST", Some(*k), None, Some(items.clone())),
            Received::Event(k, t, o) => (
                match t {
                    EventType::Added => "ADDED",
                    EventType::Modified => "MODIFIED",
                    EventType::Deleted => "DELETED",
                },
                Some(*k),
                Some(o.clone()),
                None,
            ),
            Received::End => ("END", None, None, None),
        };
        let line = Line {
            t: r.t,
            type_: type_.to_string(),
            kind: kind.map(|k| k.as_str().to_string()),
            object,
            items,
        };
        serde_json::to_writer(&mut self.out, &line)?;
        self.out.write_all(b"\n")?;
        self.out.flush()
    }
}

/// A recording that cannot be read: where and why.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{file}:{line}: {message}")]
pub struct RecordingError {
    /// The file.
    pub file: String,
    /// 1-based line.
    pub line: usize,
    /// What is wrong.
    pub message: String,
}

/// Reads a recording: its header and records, in order (the last one `End`).
pub fn read_recording(
    text: &str,
    file: &str,
) -> Result<(RecordingHeader, Vec<Record>), RecordingError> {
    let err = |line: usize, message: String| RecordingError {
        file: file.to_string(),
        line,
        message,
    };
    let mut lines = text
        .lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty());
    let Some((n, first)) = lines.next() else {
        return Err(err(1, "empty file: not a watch recording".into()));
    };
    let header: RecordingHeader = serde_json::from_str(first).map_err(|e| {
        err(
            n + 1,
            format!("not a watch recording (made by `explain -w --record`): {e}"),
        )
    })?;
    if header.svcx_watch_recording != 1 {
        return Err(err(
            n + 1,
            format!(
                "recording format {} is not supported (1 is)",
                header.svcx_watch_recording
            ),
        ));
    }
    let mut records = Vec::new();
    for (n, text) in lines {
        let line: Line = serde_json::from_str(text).map_err(|e| err(n + 1, e.to_string()))?;
        let kind = || {
            let k = line.kind.as_deref().unwrap_or_default();
            kind_of(k).ok_or_else(|| err(n + 1, format!("unknown kind {k:?}")))
        };
        let what = match line.type_.as_str() {
            "INITIAL" => Received::Initial(kind()?, line.items.clone().unwrap_or_default()),
            "LIST" => Received::Relist(kind()?, line.items.clone().unwrap_or_default()),
            "ADDED" | "MODIFIED" | "DELETED" => {
                let t = match line.type_.as_str() {
                    "ADDED" => EventType::Added,
                    "MODIFIED" => EventType::Modified,
                    _ => EventType::Deleted,
                };
                let object = line
                    .object
                    .clone()
                    .ok_or_else(|| err(n + 1, "an event without its object".into()))?;
                Received::Event(kind()?, t, object)
            }
            "END" => Received::End,
            other => return Err(err(n + 1, format!("unknown record type {other:?}"))),
        };
        records.push(Record { t: line.t, what });
    }
    if !matches!(
        records.last(),
        Some(Record {
            what: Received::End,
            ..
        })
    ) {
        return Err(err(
            text.lines().count(),
            "the recording has no END line (cut short?)".into(),
        ));
    }
    Ok((header, records))
}

/// One API object (JSON) of `kind` -> the model, with a Pod's timestamps.
pub fn observe(kind: WatchedKind, value: Value) -> Result<Observed, String> {
    Ok(match kind {
        WatchedKind::Service => Observed::Service(convert::service(value)?),
        WatchedKind::Pod => {
            let times = pod_times(&value);
            Observed::Pod(convert::pod(value)?, times)
        }
        WatchedKind::EndpointSlice => Observed::EndpointSlice(convert::endpoint_slice(value)?),
        WatchedKind::Endpoints => Observed::Endpoints(convert::endpoints(value)?),
        WatchedKind::Node => Observed::Node(convert::node(value)?),
    })
}

/// Every object of a list.
pub fn observe_all(kind: WatchedKind, items: &[Value]) -> Result<Vec<Observed>, String> {
    items.iter().map(|v| observe(kind, v.clone())).collect()
}

/// A received record as a change for the tracker (`None`: nothing changes, e.g. `End`).
pub fn change_of(what: &Received) -> Result<Option<WatchChange>, String> {
    Ok(match what {
        Received::Event(kind, t, o) => {
            let o = observe(*kind, o.clone())?;
            Some(match t {
                EventType::Deleted => WatchChange::Deleted(o),
                _ => WatchChange::Upserted(o),
            })
        }
        Received::Relist(kind, items) => {
            Some(WatchChange::Relisted(*kind, observe_all(*kind, items)?))
        }
        Received::Initial(..) | Received::End => None,
    })
}

/// `deletionTimestamp` and the Ready condition's `lastTransitionTime`.
fn pod_times(v: &Value) -> PodTimes {
    let time = |v: Option<&Value>| v.and_then(Value::as_str).and_then(|s| s.parse().ok());
    let ready = v
        .pointer("/status/conditions")
        .and_then(Value::as_array)
        .and_then(|cs| cs.iter().find(|c| c["type"] == "Ready"));
    PodTimes {
        ready_changed: time(ready.and_then(|c| c.get("lastTransitionTime"))),
        deletion: time(v.pointer("/metadata/deletionTimestamp")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn records_round_trip_and_a_bad_line_is_named() {
        let header = RecordingHeader {
            svcx_watch_recording: 1,
            namespace: "shop".into(),
            service: "web".into(),
            start: "2026-12-01T10:00:00Z".parse().unwrap(),
            server_version: Some("1.32".into()),
            endpoint_slices_known: true,
            endpoints_known: true,
            nodes_known: false,
        };
        let t: Timestamp = "2026-12-01T10:00:01.5Z".parse().unwrap();
        let records = vec![
            Record {
                t,
                what: Received::Initial(WatchedKind::Pod, vec![serde_json::json!({"a": 1})]),
            },
            Record {
                t,
                what: Received::Event(
                    WatchedKind::EndpointSlice,
                    EventType::Deleted,
                    serde_json::json!({"b": 2}),
                ),
            },
            Record {
                t,
                what: Received::End,
            },
        ];
        let mut buf = Vec::new();
        let mut w = RecordWriter::new(&mut buf, &header).unwrap();
        for r in &records {
            w.write(r).unwrap();
        }
        let text = String::from_utf8(buf).unwrap();
        assert_eq!(read_recording(&text, "f").unwrap(), (header, records));
        let cut: String = text.lines().take(2).map(|l| format!("{l}\n")).collect();
        assert_eq!(
            read_recording(&cut, "f").unwrap_err().to_string(),
            "f:2: the recording has no END line (cut short?)"
        );
        let bad = text.replace("\"DELETED\"", "\"GONE\"");
        assert_eq!(
            read_recording(&bad, "f").unwrap_err().to_string(),
            "f:3: unknown record type \"GONE\""
        );
        assert!(
            read_recording("{}", "x.watch")
                .unwrap_err()
                .to_string()
                .starts_with("x.watch:1: not a watch recording")
        );
    }
}
