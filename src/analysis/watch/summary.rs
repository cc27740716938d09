//! What a watch amounted to, printed at its end.

use super::transition::{Transition, TransitionKind};
use crate::analysis::PodReason;
use jiff::Timestamp;
use std::collections::BTreeMap;

/// One window in which a port had no ready endpoint.
#[derive(Debug, Clone, PartialEq)]
pub struct OutageWindow {
    /// Start.
    pub start: Timestamp,
    /// End (`None`: still going when the watch ended).
    pub end: Option<Timestamp>,
    /// Length (up to the end of the watch when still going).
    pub seconds: f64,
}

/// Per Service port.
#[derive(Debug, Clone, PartialEq)]
pub struct PortSummary {
    /// The port's name (its number when unnamed).
    pub port: String,
    /// The fewest ready endpoints it had.
    pub min_ready: usize,
    /// Its outages, in order.
    pub outages: Vec<OutageWindow>,
}

/// Propagation lag statistics, in milliseconds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LagStats {
    /// How many endpoint transitions had a lag.
    pub count: usize,
    /// Smallest.
    pub min: i64,
    /// Median (the lower middle one for an even count).
    pub median: i64,
    /// Largest.
    pub max: i64,
}

/// The summary.
#[derive(Debug, Clone, PartialEq)]
pub struct Summary {
    /// When the watch started.
    pub start: Timestamp,
    /// When it ended.
    pub end: Timestamp,
    /// `end - start`.
    pub seconds: f64,
    /// Per transition type (every type, zero included), in `TransitionKind::TYPES` order.
    pub counts: Vec<(&'static str, usize)>,
    /// Per Service port.
    pub ports: Vec<PortSummary>,
    /// The fewest ready endpoints any port had (`None`: no port, or slices unknown).
    pub min_ready: Option<usize>,
    /// Lag of endpoint transitions behind their Pods.
    pub lag: Option<LagStats>,
    /// Pods whose readiness changed more than once (termination aside), with the count.
    pub flapping: Vec<(String, usize)>,
    /// Time the slices spent stale (periods longer than `--stale-after`, whole).
    pub stale_seconds: f64,
    /// Whether the Service was converged when the watch ended.
    pub converged: bool,
}

/// Accumulates what the summary needs as transitions are emitted: O(1) per transition.
#[derive(Debug, Default)]
pub(super) struct Tally {
    counts: BTreeMap<&'static str, usize>,
    lags: Vec<i64>,
    flips: BTreeMap<String, usize>,
    pub(super) outages: BTreeMap<String, Vec<OutageWindow>>,
    pub(super) min_ready: BTreeMap<String, usize>,
    pub(super) stale_seconds: f64,
}

impl Tally {
    /// Counts one transition.
    pub(super) fn add(&mut self, t: &Transition) {
        *self.counts.entry(t.kind.type_name()).or_default() += 1;
        match &t.kind {
            TransitionKind::EndpointAdded { lag_ms, .. }
            | TransitionKind::EndpointRemoved { lag_ms, .. }
            | TransitionKind::EndpointCondition { lag_ms, .. } => self.lags.extend(*lag_ms),
            TransitionKind::PodReady { pod } => *self.flips.entry(pod.clone()).or_default() += 1,
            TransitionKind::PodNotReady { pod, reason, .. }
                if *reason != PodReason::Terminating =>
            {
                *self.flips.entry(pod.clone()).or_default() += 1
            }
            TransitionKind::OutageStart { port } => self
                .outages
                .entry(port.clone())
                .or_default()
                .push(OutageWindow {
                    start: t.time,
                    end: None,
                    seconds: 0.0,
                }),
            TransitionKind::OutageEnd { port, seconds } => {
                if let Some(w) = self
                    .outages
                    .get_mut(port)
                    .and_then(|ws| ws.last_mut())
                    .filter(|w| w.end.is_none())
                {
                    w.end = Some(t.time);
                    w.seconds = *seconds;
                }
            }
            TransitionKind::StaleEnd { seconds } => self.stale_seconds += seconds,
            _ => {}
        }
    }

    /// The summary at `end`. `ports` in Service order; `still_stale_since` adds the running
    /// stale period.
    pub(super) fn summary(
        &self,
        start: Timestamp,
        end: Timestamp,
        ports: &[String],
        still_stale_since: Option<Timestamp>,
        converged: bool,
    ) -> Summary {
        let mut lags = self.lags.clone();
        lags.sort_unstable();
        let lag = (!lags.is_empty()).then(|| LagStats {
            count: lags.len(),
            min: lags[0],
            median: lags[(lags.len() - 1) / 2],
            max: lags[lags.len() - 1],
        });
        let port_summaries: Vec<PortSummary> = ports
            .iter()
            .map(|p| PortSummary {
                port: p.clone(),
                min_ready: self.min_ready.get(p).copied().unwrap_or(0),
                outages: self
                    .outages
                    .get(p)
                    .map(|ws| {
                        ws.iter()
                            .map(|w| match w.end {
                                Some(_) => w.clone(),
                                None => OutageWindow {
                                    seconds: seconds_between(w.start, end),
                                    ..w.clone()
                                },
                            })
                            .collect()
                    })
                    .unwrap_or_default(),
            })
            .collect();
        Summary {
            start,
            end,
            seconds: seconds_between(start, end),
            counts: TransitionKind::TYPES
                .iter()
                .map(|t| (*t, self.counts.get(t).copied().unwrap_or(0)))
                .collect(),
            min_ready: port_summaries.iter().map(|p| p.min_ready).min(),
            ports: port_summaries,
            lag,
            flapping: self
                .flips
                .iter()
                .filter(|(_, n)| **n > 1)
                .map(|(p, n)| (p.clone(), *n))
                .collect(),
            stale_seconds: self.stale_seconds
                + still_stale_since.map_or(0.0, |s| seconds_between(s, end)),
            converged,
        }
    }
}

/// `b - a` in seconds, to the millisecond.
pub fn seconds_between(a: Timestamp, b: Timestamp) -> f64 {
    (b.as_millisecond() - a.as_millisecond()) as f64 / 1000.0
}
