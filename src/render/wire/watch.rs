//! `explain -w` as NDJSON: one `WatchTransition` per line, then one `WatchSummary`
//! (docs/output.md). Fields that do not apply to a line's `type` are left out (the exception to
//! "absent is null"); `lagMs`, `old` and `new` are present (possibly null) where they apply.

use super::API_VERSION;
use crate::analysis::watch::{Summary, Transition, TransitionKind};
use jiff::Timestamp;
use serde::Serialize;
use std::collections::BTreeMap;

/// RFC 3339, UTC, milliseconds: `2026-12-01T10:00:01.200Z`.
pub fn rfc3339_ms(t: Timestamp) -> String {
    t.strftime("%Y-%m-%dT%H:%M:%S%.3fZ").to_string()
}

/// One transition line.
#[derive(Debug, Serialize, Default)]
#[serde(rename_all = "camelCase")]
pub struct WireTransition {
    api_version: &'static str,
    kind: &'static str,
    time: String,
    #[serde(rename = "type")]
    type_: &'static str,
    namespace: String,
    service: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pod: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    endpoint_slice: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    address: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    ready: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    serving: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    terminating: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    reason: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    detail: Option<Option<String>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    condition: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    old: Option<Option<bool>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    new: Option<Option<bool>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    lag_ms: Option<Option<i64>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    endpoints: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    field: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    port: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    seconds: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    since: Option<String>,
}

impl WireTransition {
    /// The line for `t` of Service `namespace/service`.
    pub fn new(namespace: &str, service: &str, t: &Transition) -> Self {
        let mut w = WireTransition {
            api_version: API_VERSION,
            kind: "WatchTransition",
            time: rfc3339_ms(t.time),
            type_: t.kind.type_name(),
            namespace: namespace.to_string(),
            service: service.to_string(),
            ..WireTransition::default()
        };
        match &t.kind {
            TransitionKind::PodAdded { pod, ready } => {
                w.pod = Some(pod.clone());
                w.ready = Some(*ready);
            }
            TransitionKind::PodDeleted { pod }
            | TransitionKind::PodReady { pod }
            | TransitionKind::PodTerminating { pod } => w.pod = Some(pod.clone()),
            TransitionKind::PodNotReady {
                pod,
                reason,
                detail,
            } => {
                w.pod = Some(pod.clone());
                w.reason = Some(reason.as_str());
                w.detail = Some(detail.clone());
            }
            TransitionKind::EndpointAdded {
                endpoint,
                ready,
                serving,
                terminating,
                lag_ms,
            } => {
                w.endpoint_slice = Some(endpoint.slice.clone());
                w.address = Some(endpoint.address.clone());
                w.pod = endpoint.pod.clone();
                w.ready = Some(*ready);
                w.serving = Some(*serving);
                w.terminating = Some(*terminating);
                w.lag_ms = Some(*lag_ms);
            }
            TransitionKind::EndpointRemoved { endpoint, lag_ms } => {
                w.endpoint_slice = Some(endpoint.slice.clone());
                w.address = Some(endpoint.address.clone());
                w.pod = endpoint.pod.clone();
                w.lag_ms = Some(*lag_ms);
            }
            TransitionKind::EndpointCondition {
                endpoint,
                condition,
                old,
                new,
                lag_ms,
            } => {
                w.endpoint_slice = Some(endpoint.slice.clone());
                w.address = Some(endpoint.address.clone());
                w.pod = endpoint.pod.clone();
                w.condition = Some(condition.as_str());
                w.old = Some(*old);
                w.new = Some(*new);
                w.lag_ms = Some(*lag_ms);
            }
            TransitionKind::SliceCreated { slice, endpoints } => {
                w.endpoint_slice = Some(slice.clone());
                w.endpoints = Some(*endpoints);
            }
            TransitionKind::SliceDeleted { slice } => w.endpoint_slice = Some(slice.clone()),
            TransitionKind::ServiceChanged { field } => w.field = Some(field),
            TransitionKind::ServiceDeleted | TransitionKind::Converged => {}
            TransitionKind::OutageStart { port } => w.port = Some(port.clone()),
            TransitionKind::OutageEnd { port, seconds } => {
                w.port = Some(port.clone());
                w.seconds = Some(*seconds);
            }
            TransitionKind::Stale { since } => w.since = Some(rfc3339_ms(*since)),
            TransitionKind::StaleEnd { seconds } => w.seconds = Some(*seconds),
        }
        w
    }
}

/// The last line.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct WireWatchSummary {
    api_version: &'static str,
    kind: &'static str,
    time: String,
    #[serde(rename = "type")]
    type_: &'static str,
    namespace: String,
    service: String,
    start: String,
    end: String,
    seconds: f64,
    counts: BTreeMap<&'static str, usize>,
    ports: Vec<WirePortSummary>,
    min_ready: Option<usize>,
    lag: Option<WireLag>,
    flapping: Vec<WireFlapping>,
    stale_seconds: f64,
    converged: bool,
}

/// Per port.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
struct WirePortSummary {
    port: String,
    min_ready: usize,
    outages: Vec<WireOutage>,
}

#[derive(Debug, Serialize)]
struct WireOutage {
    start: String,
    end: Option<String>,
    seconds: f64,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
struct WireLag {
    count: usize,
    min_ms: i64,
    median_ms: i64,
    max_ms: i64,
}

#[derive(Debug, Serialize)]
struct WireFlapping {
    pod: String,
    count: usize,
}

impl WireWatchSummary {
    /// The summary of Service `namespace/service`.
    pub fn new(namespace: &str, service: &str, s: &Summary) -> Self {
        WireWatchSummary {
            api_version: API_VERSION,
            kind: "WatchSummary",
            time: rfc3339_ms(s.end),
            type_: "summary",
            namespace: namespace.to_string(),
            service: service.to_string(),
            start: rfc3339_ms(s.start),
            end: rfc3339_ms(s.end),
            seconds: s.seconds,
            counts: s.counts.iter().copied().collect(),
            ports: s
                .ports
                .iter()
                .map(|p| WirePortSummary {
                    port: p.port.clone(),
                    min_ready: p.min_ready,
                    outages: p
                        .outages
                        .iter()
                        .map(|o| WireOutage {
                            start: rfc3339_ms(o.start),
                            end: o.end.map(rfc3339_ms),
                            seconds: o.seconds,
                        })
                        .collect(),
                })
                .collect(),
            min_ready: s.min_ready,
            lag: s.lag.map(|l| WireLag {
                count: l.count,
                min_ms: l.min,
                median_ms: l.median,
                max_ms: l.max,
            }),
            flapping: s
                .flapping
                .iter()
                .map(|(pod, count)| WireFlapping {
                    pod: pod.clone(),
                    count: *count,
                })
                .collect(),
            stale_seconds: s.stale_seconds,
            converged: s.converged,
        }
    }
}
