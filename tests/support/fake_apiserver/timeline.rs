//! Changing the served objects while tests watch: every change gets the next resourceVersion
//! and goes into an event log that watches stream from (like the API server's watch cache,
//! `staging/src/k8s.io/apiserver/pkg/storage/cacher/watch_cache.go`), and a `Script` plays
//! changes at set times ("at t+100ms mark web-2 not ready; drop the connection at t+500ms").

use super::handler::State;
use super::resources::{Resource, resource};
use super::store::{Object, object_of};
use serde_json::Value;
use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::{Duration, Instant};

/// One logged change.
#[derive(Debug, Clone)]
pub struct Logged {
    /// Its position in the log (bookmarks share the resourceVersion of the change before).
    pub seq: u64,
    /// Its resourceVersion.
    pub rv: u64,
    /// `ADDED`, `MODIFIED`, `DELETED`, or `BOOKMARK` (for every resource).
    pub type_: &'static str,
    /// The resource (`None` for a bookmark).
    pub resource: Option<Resource>,
    /// Namespace.
    pub namespace: Option<String>,
    /// Name.
    pub name: String,
    /// Labels before the change (a watch with a selector turns leaving into DELETED).
    pub old_labels: Option<BTreeMap<String, String>>,
    /// Labels after.
    pub labels: BTreeMap<String, String>,
    /// The object (without apiVersion/kind).
    pub body: Box<str>,
}

/// The event log.
#[derive(Debug, Default)]
pub struct Log {
    /// Changes in order.
    pub events: Vec<Logged>,
    /// Watches from a resourceVersion below this get `410 Gone` ("too old resource version").
    pub oldest: u64,
    /// Incremented to cut every open watch connection.
    pub drops: u64,
    /// The `seq` of the next entry.
    pub next_seq: u64,
}

impl Log {
    fn push(&mut self, mut e: Logged) {
        e.seq = self.next_seq;
        self.next_seq += 1;
        self.events.push(e);
    }
}

/// Changes the fake's objects; cheap to clone and to move into a script's thread.
#[derive(Clone)]
pub struct Timeline {
    state: Arc<State>,
}

impl Timeline {
    pub(super) fn new(state: Arc<State>) -> Self {
        Timeline { state }
    }

    /// The current resourceVersion (of the last change).
    pub fn resource_version(&self) -> u64 {
        self.state.store.read().unwrap().resource_version
    }

    /// Creates or replaces an object (with `apiVersion` and `kind`); it gets the next
    /// resourceVersion, and watches see ADDED or MODIFIED.
    pub fn apply(&self, mut value: Value) -> u64 {
        let mut store = self.state.store.write().unwrap();
        let rv = store.resource_version + 1;
        value["metadata"]["resourceVersion"] = Value::String(rv.to_string());
        let (r, o) = object_of(value).expect("a kind the fake serves");
        let s = Arc::make_mut(&mut store);
        s.resource_version = rv;
        let old = s.put(&r, o.clone());
        let type_ = if old.is_some() { "MODIFIED" } else { "ADDED" };
        self.log(rv, type_, Some(r), &o, old.map(|o| o.labels));
        rv
    }

    /// Edits the stored object `plural` `ns/name` with `edit` and applies it.
    pub fn edit(&self, plural: &str, ns: &str, name: &str, edit: impl FnOnce(&mut Value)) -> u64 {
        let mut v = self
            .get(plural, ns, name)
            .unwrap_or_else(|| panic!("no {plural} {ns}/{name}"));
        edit(&mut v);
        self.apply(v)
    }

    /// The stored object, with `apiVersion` and `kind`.
    pub fn get(&self, plural: &str, ns: &str, name: &str) -> Option<Value> {
        let r = resource(plural);
        let store = self.state.store.read().unwrap();
        let o = store.find(&r, &format!("{ns}/{name}"))?;
        let mut v: Value = serde_json::from_str(&o.body).unwrap();
        v["apiVersion"] = Value::String(r.api_version.into());
        v["kind"] = Value::String(r.kind.into());
        Some(v)
    }

    /// Deletes an object; watches see DELETED with its last state at the new resourceVersion.
    pub fn delete(&self, plural: &str, ns: &str, name: &str) -> u64 {
        let r = resource(plural);
        let mut store = self.state.store.write().unwrap();
        let rv = store.resource_version + 1;
        let s = Arc::make_mut(&mut store);
        let mut o = s
            .take(&r, &format!("{ns}/{name}"))
            .unwrap_or_else(|| panic!("no {plural} {ns}/{name}"));
        s.resource_version = rv;
        let mut v: Value = serde_json::from_str(&o.body).unwrap();
        v["metadata"]["resourceVersion"] = Value::String(rv.to_string());
        o.body = v.to_string().into_boxed_str();
        self.log(rv, "DELETED", Some(r), &o, Some(o.labels.clone()));
        rv
    }

    /// A BOOKMARK at the current resourceVersion to every watch that allows bookmarks.
    pub fn bookmark(&self) {
        let rv = self.resource_version();
        let mut log = self.state.log.lock().unwrap();
        log.push(Logged {
            seq: 0,
            rv,
            type_: "BOOKMARK",
            resource: None,
            namespace: None,
            name: String::new(),
            old_labels: None,
            labels: BTreeMap::new(),
            body: "{}".into(),
        });
        drop(log);
        self.state.bump();
    }

    /// Cuts every open watch connection mid-stream (no terminating chunk).
    pub fn drop_watches(&self) {
        self.state.log.lock().unwrap().drops += 1;
        self.state.bump();
    }

    /// Moves the resourceVersion on (as a write elsewhere would) and forgets every change
    /// before it, like etcd's compaction: a watch from any resourceVersion seen so far gets
    /// 410 Gone; a fresh list gives one a watch can start from.
    pub fn compact(&self) {
        let mut store = self.state.store.write().unwrap();
        let rv = store.resource_version + 1;
        Arc::make_mut(&mut store).resource_version = rv;
        let mut log = self.state.log.lock().unwrap();
        log.oldest = rv;
        log.events.clear();
    }

    fn log(
        &self,
        rv: u64,
        type_: &'static str,
        r: Option<Resource>,
        o: &Object,
        old_labels: Option<BTreeMap<String, String>>,
    ) {
        self.state.log.lock().unwrap().push(Logged {
            seq: 0,
            rv,
            type_,
            resource: r,
            namespace: o.namespace.clone(),
            name: o.name.clone(),
            old_labels,
            labels: o.labels.clone(),
            body: o.body.clone(),
        });
        self.state.bump();
    }
}

/// Steps at offsets from the start of the script.
type Step = Box<dyn FnOnce(&Timeline) + Send>;

/// A timed list of changes, played on its own thread.
#[derive(Default)]
pub struct Script {
    steps: Vec<(Duration, Step)>,
}

impl Script {
    /// An empty script.
    pub fn new() -> Self {
        Self::default()
    }

    /// Runs `step` `ms` milliseconds after the start.
    pub fn at(mut self, ms: u64, step: impl FnOnce(&Timeline) + Send + 'static) -> Self {
        self.steps.push((Duration::from_millis(ms), Box::new(step)));
        self
    }

    /// Plays the steps in order of their times (ties in the order given).
    pub fn play(mut self, timeline: Timeline) -> std::thread::JoinHandle<()> {
        self.steps.sort_by_key(|(at, _)| *at);
        std::thread::spawn(move || {
            let start = Instant::now();
            for (at, step) in self.steps {
                if let Some(wait) = at.checked_sub(start.elapsed()) {
                    std::thread::sleep(wait);
                }
                step(&timeline);
            }
        })
    }
}
