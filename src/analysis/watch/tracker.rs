//! The watch's state machine: applies each change to the known state, turns it into transitions
//! with the pure diffs of `diff.rs`, and follows what needs time: outages per port, staleness
//! against the controller's wish (`simulate`), convergence.
//!
//! Time is always passed in (the receive time of each change), never read, so a recording
//! replayed gives exactly the transitions the live watch gave. Work per change is O(change):
//! the per-port ready counts are kept per slice, and the comparison with what the controller
//! would write (O(pods)) runs at most once per `EVALUATE_EVERY` of watch time, at instants that
//! depend only on the receive times ("evaluation points"), so live and replay agree.

use super::diff::{pod_transitions, service_transitions, slice_transitions};
use super::summary::{Summary, Tally, seconds_between};
use super::transition::{ConditionName, EndpointRef, Transition, TransitionKind};
use crate::model::{
    Cluster, EndpointSlice, Observed, Pod, PodTimes, Service, WatchChange, WatchedKind,
};
use crate::simulate::{SimConfig, SliceActions, simulate_service};
use jiff::{SignedDuration, Timestamp};
use std::collections::{BTreeMap, HashMap};

/// The most often the slices are compared with what the controller would write.
pub const EVALUATE_EVERY: SignedDuration = SignedDuration::from_millis(100);

/// Knobs of the watch.
#[derive(Debug, Clone)]
pub struct WatchOptions {
    /// The controller configuration `simulate` uses.
    pub sim: SimConfig,
    /// How long the slices may differ from the controller's wish before `stale`.
    pub stale_after: SignedDuration,
}

/// Follows one Service.
pub struct Tracker {
    opts: WatchOptions,
    start: Timestamp,
    /// Service (0 or 1), its Pods, slices, Endpoints and the Nodes: what `simulate` reads.
    state: Cluster,
    times: HashMap<String, PodTimes>,
    /// Positions in `state.pods` / `state.endpoint_slices` by name (O(1) per change).
    pod_at: HashMap<String, usize>,
    slice_at: HashMap<String, usize>,
    /// Ready endpoints per slice and slice port name.
    ready: HashMap<String, Vec<(String, usize)>>,
    outage_since: BTreeMap<String, Timestamp>,
    /// First and last change not evaluated yet.
    dirty: Option<(Timestamp, Timestamp)>,
    last_evaluation: Timestamp,
    diverged_since: Option<Timestamp>,
    stale_reported: bool,
    converged: bool,
    tally: Tally,
}

impl Tracker {
    /// Starts from the initial lists (no transitions for what already was), and reports what
    /// holds at `start`: ports in outage, convergence.
    pub fn new(
        initial: Vec<Observed>,
        known: Cluster,
        start: Timestamp,
        opts: WatchOptions,
    ) -> (Tracker, Vec<Transition>) {
        let mut t = Tracker {
            opts,
            start,
            state: known,
            times: HashMap::new(),
            pod_at: HashMap::new(),
            slice_at: HashMap::new(),
            ready: HashMap::new(),
            outage_since: BTreeMap::new(),
            dirty: None,
            last_evaluation: start,
            diverged_since: None,
            stale_reported: false,
            converged: false,
            tally: Tally::default(),
        };
        for o in initial {
            t.store(o);
        }
        let mut out = Vec::new();
        t.follow_ports(start, &mut out);
        t.evaluate(start, start, start, &mut out);
        t.record(&out);
        (t, out)
    }

    /// The state as known now (for the terminal view).
    pub fn state(&self) -> &Cluster {
        &self.state
    }

    /// Whether the Service is converged (as of the last evaluation point).
    pub fn is_converged(&self) -> bool {
        self.converged
    }

    /// The next instant at which time alone produces transitions (an evaluation point or the
    /// `stale` deadline); the live loop calls `advance` then.
    pub fn next_deadline(&self) -> Option<Timestamp> {
        let eval = self
            .dirty
            .map(|(first, _)| first.max(self.next_evaluation()));
        let stale = self.stale_deadline();
        match (eval, stale) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        }
    }

    fn next_evaluation(&self) -> Timestamp {
        self.last_evaluation
            .saturating_add(EVALUATE_EVERY)
            .expect("in range")
    }

    fn stale_deadline(&self) -> Option<Timestamp> {
        match (self.diverged_since, self.stale_reported) {
            (Some(since), false) => Some(
                since
                    .saturating_add(self.opts.stale_after)
                    .expect("in range")
                    .max(self.last_evaluation),
            ),
            _ => None,
        }
    }

    /// Lets time pass up to `now`: every evaluation point and deadline before it, in order.
    pub fn advance(&mut self, now: Timestamp) -> Vec<Transition> {
        let mut out = Vec::new();
        loop {
            let eval = self
                .dirty
                .map(|(first, last)| (first.max(self.next_evaluation()), first, last));
            let stale = self.stale_deadline();
            match (eval, stale) {
                (Some((at, first, last)), s) if at <= now && s.is_none_or(|s| at <= s) => {
                    self.evaluate(at, first, last, &mut out);
                }
                (_, Some(at)) if at <= now => {
                    self.stale_reported = true;
                    let since = self.diverged_since.expect("diverged");
                    out.push(Transition {
                        time: at,
                        kind: TransitionKind::Stale { since },
                    });
                }
                _ => break,
            }
        }
        self.record(&out);
        out
    }

    /// Applies one change received at `at`.
    pub fn apply(&mut self, at: Timestamp, change: WatchChange) -> Vec<Transition> {
        let mut out = self.advance(at);
        let mut kinds = Vec::new();
        match change {
            WatchChange::Upserted(o) => kinds.extend(self.upsert(o)),
            WatchChange::Deleted(o) => kinds.extend(self.delete(o.kind(), o.name())),
            WatchChange::Relisted(kind, objects) => {
                let mut gone: Vec<String> = self.names(kind);
                let listed: std::collections::HashSet<String> =
                    objects.iter().map(|o| o.name().to_string()).collect();
                gone.retain(|n| !listed.contains(n));
                gone.sort();
                for name in gone {
                    kinds.extend(self.delete(kind, &name));
                }
                for o in objects {
                    kinds.extend(self.upsert(o));
                }
            }
        }
        let mut now = Vec::new();
        for kind in kinds {
            let kind = self.with_lag(kind, at);
            now.push(Transition { time: at, kind });
        }
        // Even a change without transitions (a zone, a label) can make the slices stale.
        self.dirty = Some(match self.dirty {
            Some((first, _)) => (first, at),
            None => (at, at),
        });
        self.follow_ports(at, &mut now);
        self.record(&now);
        out.extend(now);
        out
    }

    /// Ends the watch at `end`: the last evaluation points and deadlines, then the summary.
    pub fn finish(&mut self, end: Timestamp) -> (Vec<Transition>, Summary) {
        let out = self.advance(end);
        let ports = self.port_names();
        let still = self.diverged_since.filter(|_| self.stale_reported);
        let summary = self
            .tally
            .summary(self.start, end, &ports, still, self.converged);
        (out, summary)
    }

    fn record(&mut self, ts: &[Transition]) {
        for t in ts {
            self.tally.add(t);
        }
    }

    fn names(&self, kind: WatchedKind) -> Vec<String> {
        let s = &self.state;
        match kind {
            WatchedKind::Service => s.services.iter().map(|x| x.name.to_string()).collect(),
            WatchedKind::Pod => s.pods.iter().map(|x| x.name.to_string()).collect(),
            WatchedKind::EndpointSlice => s
                .endpoint_slices
                .iter()
                .map(|x| x.name.to_string())
                .collect(),
            WatchedKind::Endpoints => s.endpoints.iter().map(|x| x.name.to_string()).collect(),
            WatchedKind::Node => s.nodes.iter().map(|x| x.name.to_string()).collect(),
        }
    }

    /// Stores `o`, replacing the object of its name; returns the old one's transitions.
    fn upsert(&mut self, o: Observed) -> Vec<TransitionKind> {
        let name = o.name().to_string();
        match o {
            Observed::Service(new) => {
                let old = replace(&mut self.state.services, new.clone(), |s: &Service| &s.name);
                old.map_or_else(Vec::new, |old| service_transitions(&old, &new))
            }
            Observed::Pod(new, times) => {
                self.times.insert(name, times);
                let old = replace_at(&mut self.state.pods, &mut self.pod_at, new.clone(), |p| {
                    &p.name
                });
                pod_transitions(old.as_ref(), Some(&new))
            }
            Observed::EndpointSlice(new) => {
                self.count_ready(&new);
                let old = replace_at(
                    &mut self.state.endpoint_slices,
                    &mut self.slice_at,
                    new.clone(),
                    |s| &s.name,
                );
                slice_transitions(old.as_ref(), Some(&new))
            }
            Observed::Endpoints(new) => {
                replace(&mut self.state.endpoints, new, |e| &e.name);
                Vec::new()
            }
            Observed::Node(new) => {
                replace(&mut self.state.nodes, new, |n| &n.name);
                Vec::new()
            }
        }
    }

    /// Removes the object `name` of `kind`; returns its transitions.
    fn delete(&mut self, kind: WatchedKind, name: &str) -> Vec<TransitionKind> {
        let s = &mut self.state;
        match kind {
            WatchedKind::Service => match remove(&mut s.services, name, |x| &x.name) {
                Some(_) => vec![TransitionKind::ServiceDeleted],
                None => Vec::new(),
            },
            WatchedKind::Pod => {
                let old = remove_at(&mut s.pods, &mut self.pod_at, name, |x| &x.name);
                pod_transitions(old.as_ref(), None)
            }
            WatchedKind::EndpointSlice => {
                self.ready.remove(name);
                let old = remove_at(&mut s.endpoint_slices, &mut self.slice_at, name, |x| {
                    &x.name
                });
                slice_transitions(old.as_ref(), None)
            }
            WatchedKind::Endpoints => {
                remove(&mut s.endpoints, name, |x| &x.name);
                Vec::new()
            }
            WatchedKind::Node => {
                remove(&mut s.nodes, name, |x| &x.name);
                Vec::new()
            }
        }
    }

    /// Store without transitions (the initial lists).
    fn store(&mut self, o: Observed) {
        let _ = self.upsert(o);
    }

    /// Ready endpoints of `slice` per port name (nil `ready` counts as ready).
    fn count_ready(&mut self, slice: &EndpointSlice) {
        let ready = slice
            .endpoints
            .iter()
            .filter(|e| e.conditions.is_ready())
            .count();
        let per_port = slice
            .ports
            .iter()
            .map(|p| (p.name.clone().unwrap_or_default(), ready))
            .collect();
        self.ready.insert(slice.name.to_string(), per_port);
    }

    /// The Service's ports by name, their number when unnamed.
    fn port_names(&self) -> Vec<String> {
        self.state
            .services
            .first()
            .map_or_else(Vec::new, |svc| svc.ports.iter().map(port_label).collect())
    }

    /// Starts or ends outages, and keeps the fewest ready endpoints per port.
    fn follow_ports(&mut self, at: Timestamp, out: &mut Vec<Transition>) {
        if !self.state.endpoint_slices_known {
            return;
        }
        let Some(svc) = self.state.services.first() else {
            return;
        };
        let mut totals: Vec<(String, usize)> = Vec::with_capacity(svc.ports.len());
        for p in &svc.ports {
            let n: usize = self
                .ready
                .values()
                .flat_map(|ports| ports.iter())
                .filter(|(name, _)| *name == p.name)
                .map(|(_, n)| n)
                .sum();
            totals.push((port_label(p), n));
        }
        for (port, n) in totals {
            let min = self.tally.min_ready.entry(port.clone()).or_insert(n);
            *min = (*min).min(n);
            match (n, self.outage_since.get(&port).copied()) {
                (0, None) => {
                    self.outage_since.insert(port.clone(), at);
                    out.push(Transition {
                        time: at,
                        kind: TransitionKind::OutageStart { port },
                    });
                }
                (n, Some(since)) if n > 0 => {
                    self.outage_since.remove(&port);
                    out.push(Transition {
                        time: at,
                        kind: TransitionKind::OutageEnd {
                            port,
                            seconds: seconds_between(since, at),
                        },
                    });
                }
                _ => {}
            }
        }
    }

    /// Compares the slices with what the controller would write and checks convergence, at the
    /// evaluation point `at`, for the changes received from `first` to `last`.
    fn evaluate(
        &mut self,
        at: Timestamp,
        first: Timestamp,
        last: Timestamp,
        out: &mut Vec<Transition>,
    ) {
        self.dirty = None;
        self.last_evaluation = at;
        let up_to_date = self.slices_up_to_date();
        match (up_to_date, self.diverged_since) {
            // The change that made them differ came at the earliest with `first`.
            (false, None) => {
                self.diverged_since = Some(first);
                self.stale_reported = false;
            }
            // ...and the one that made them right again at the latest with `last`.
            (true, Some(since)) => {
                if self.stale_reported {
                    out.push(Transition {
                        time: at,
                        kind: TransitionKind::StaleEnd {
                            seconds: seconds_between(since, last),
                        },
                    });
                }
                self.diverged_since = None;
                self.stale_reported = false;
            }
            _ => {}
        }
        let converged = up_to_date && self.pods_and_endpoints_settled();
        if converged && !self.converged {
            out.push(Transition {
                time: at,
                kind: TransitionKind::Converged,
            });
        }
        self.converged = converged;
    }

    /// The slices are what the controller would write now (`simulate`'s next sync is empty).
    /// Unknown slices (not readable) cannot be judged and count as up to date.
    fn slices_up_to_date(&self) -> bool {
        let Some(svc) = self.state.services.first() else {
            return false;
        };
        if !self.state.endpoint_slices_known {
            return true;
        }
        simulate_service(&self.state, svc, &self.opts.sim)
            .outcome
            .is_empty()
    }

    /// Every selected Pod is Ready and no endpoint is terminating.
    fn pods_and_endpoints_settled(&self) -> bool {
        self.state.pods.iter().all(Pod::is_ready)
            && self
                .state
                .endpoint_slices
                .iter()
                .flat_map(|s| &s.endpoints)
                .all(|e| !e.conditions.is_terminating())
    }

    /// Fills the propagation lag of an endpoint transition from its Pod's timestamps: the Ready
    /// condition's `lastTransitionTime` when the endpoint's readiness follows the Pod's, the
    /// `deletionTimestamp` when it follows the deletion. `None` when the Pod is unknown or its
    /// known state does not explain the change (its own event has not arrived yet).
    fn with_lag(&self, kind: TransitionKind, at: Timestamp) -> TransitionKind {
        match kind {
            TransitionKind::EndpointAdded {
                endpoint,
                ready,
                serving,
                terminating,
                ..
            } => {
                let basis = ready.then(|| self.ready_basis(&endpoint, true)).flatten();
                TransitionKind::EndpointAdded {
                    lag_ms: basis.map(|b| lag(b, at)),
                    endpoint,
                    ready,
                    serving,
                    terminating,
                }
            }
            TransitionKind::EndpointRemoved { endpoint, .. } => {
                let basis = self.pod_times(&endpoint).and_then(|t| t.deletion);
                TransitionKind::EndpointRemoved {
                    lag_ms: basis.map(|b| lag(b, at)),
                    endpoint,
                }
            }
            TransitionKind::EndpointCondition {
                endpoint,
                condition,
                old,
                new,
                ..
            } => {
                let basis = match condition {
                    ConditionName::Ready => self.ready_basis(&endpoint, new.unwrap_or(true)),
                    ConditionName::Terminating if new == Some(true) => {
                        self.pod_times(&endpoint).and_then(|t| t.deletion)
                    }
                    _ => None,
                };
                TransitionKind::EndpointCondition {
                    lag_ms: basis.map(|b| lag(b, at)),
                    endpoint,
                    condition,
                    old,
                    new,
                }
            }
            other => other,
        }
    }

    fn pod_times(&self, e: &EndpointRef) -> Option<&PodTimes> {
        self.times.get(e.pod.as_deref()?)
    }

    /// The Ready `lastTransitionTime` of the endpoint's Pod, when the Pod's known readiness is
    /// `ready` (so that transition is the one the endpoint follows).
    fn ready_basis(&self, e: &EndpointRef, ready: bool) -> Option<Timestamp> {
        let name = e.pod.as_deref()?;
        let pod_ready = self.state.pods[*self.pod_at.get(name)?].is_ready();
        (pod_ready == ready)
            .then(|| self.times.get(name)?.ready_changed)
            .flatten()
    }
}

/// `at - basis` in ms; clock skew between the kubelet's node and this machine can make it
/// negative, which is reported as 0.
fn lag(basis: Timestamp, at: Timestamp) -> i64 {
    (at.as_millisecond() - basis.as_millisecond()).max(0)
}

/// A port's label: its name, its number when unnamed.
pub fn port_label(p: &crate::model::ServicePort) -> String {
    if p.name.is_empty() {
        p.port.to_string()
    } else {
        p.name.clone()
    }
}

/// Replaces the item named like `new` (or appends it); returns the old one.
fn replace<T>(items: &mut Vec<T>, new: T, name: impl Fn(&T) -> &str) -> Option<T> {
    match items.iter().position(|x| name(x) == name(&new)) {
        Some(i) => Some(std::mem::replace(&mut items[i], new)),
        None => {
            items.push(new);
            None
        }
    }
}

/// `replace` with an index of positions by name.
fn replace_at<T>(
    items: &mut Vec<T>,
    index: &mut HashMap<String, usize>,
    new: T,
    name: impl Fn(&T) -> &str,
) -> Option<T> {
    match index.get(name(&new)) {
        Some(&i) => Some(std::mem::replace(&mut items[i], new)),
        None => {
            index.insert(name(&new).to_string(), items.len());
            items.push(new);
            None
        }
    }
}

/// `remove` with an index of positions by name (the last item moves into the hole).
fn remove_at<T>(
    items: &mut Vec<T>,
    index: &mut HashMap<String, usize>,
    n: &str,
    name: impl Fn(&T) -> &str,
) -> Option<T> {
    let i = index.remove(n)?;
    let old = items.swap_remove(i);
    if let Some(moved) = items.get(i) {
        index.insert(name(moved).to_string(), i);
    }
    Some(old)
}

/// Removes the item called `n`.
fn remove<T>(items: &mut Vec<T>, n: &str, name: impl Fn(&T) -> &str) -> Option<T> {
    let i = items.iter().position(|x| name(x) == n)?;
    Some(items.swap_remove(i))
}
