//! The objects the fake serves: each kept as its original JSON text (minus `apiVersion`/`kind`,
//! which a real server leaves out of list items), indexed by the etcd-style key a real
//! apiserver lists in (`<namespace>/<name>`, or `<name>` for cluster-scoped kinds).

use super::resources::{Resource, by_kind};
use serde_json::Value;
use std::collections::{BTreeMap, HashMap};
use std::path::Path;

/// One stored object.
#[derive(Debug, Clone)]
pub struct Object {
    /// `ns/name` or `name`: the list order of a real server (etcd key order).
    pub key: String,
    /// Namespace (namespaced kinds).
    pub namespace: Option<String>,
    /// Name.
    pub name: String,
    /// Labels.
    pub labels: BTreeMap<String, String>,
    /// The object's JSON without `apiVersion` and `kind`.
    pub body: Box<str>,
}

impl Object {
    /// A field for a field selector: `metadata.name`, `metadata.namespace`, or any dotted path
    /// into the object (`involvedObject.name`, `spec.nodeName`).
    pub fn field(&self, path: &str) -> String {
        match path {
            "metadata.name" => self.name.clone(),
            "metadata.namespace" => self.namespace.clone().unwrap_or_default(),
            other => {
                let v: Value = serde_json::from_str(&self.body).unwrap_or(Value::Null);
                let pointer = format!("/{}", other.replace('.', "/"));
                match v.pointer(&pointer) {
                    Some(Value::String(s)) => s.clone(),
                    Some(Value::Bool(b)) => b.to_string(),
                    Some(Value::Number(n)) => n.to_string(),
                    _ => String::new(),
                }
            }
        }
    }
}

/// All objects, per resource, sorted by key.
#[derive(Debug, Default, Clone)]
pub struct Store {
    objects: HashMap<&'static str, Vec<Object>>,
    /// The list resourceVersion (the largest object resourceVersion seen, like etcd's revision).
    pub resource_version: u64,
}

impl Store {
    /// Objects of `r`, sorted by key.
    pub fn objects(&self, r: &Resource) -> &[Object] {
        self.objects.get(r.plural).map_or(&[], Vec::as_slice)
    }

    /// How many objects of `r`.
    pub fn count(&self, r: &Resource) -> usize {
        self.objects(r).len()
    }

    /// The object of `r` at `key`.
    pub fn find(&self, r: &Resource, key: &str) -> Option<&Object> {
        let objects = self.objects(r);
        objects
            .binary_search_by(|o| o.key.as_str().cmp(key))
            .ok()
            .map(|i| &objects[i])
    }

    /// Puts `o` in place of the object with its key (or inserts it); returns the old one.
    pub fn put(&mut self, r: &Resource, o: Object) -> Option<Object> {
        let list = self.objects.entry(r.plural).or_default();
        match list.binary_search_by(|x| x.key.cmp(&o.key)) {
            Ok(i) => Some(std::mem::replace(&mut list[i], o)),
            Err(i) => {
                list.insert(i, o);
                None
            }
        }
    }

    /// Removes the object of `r` at `key`.
    pub fn take(&mut self, r: &Resource, key: &str) -> Option<Object> {
        let list = self.objects.get_mut(r.plural)?;
        let i = list.binary_search_by(|x| x.key.as_str().cmp(key)).ok()?;
        Some(list.remove(i))
    }
}

/// One object of a known kind as the store keeps it (`None` for kinds the fake does not serve).
pub fn object_of(value: Value) -> Option<(Resource, Object)> {
    let mut b = StoreBuilder::new();
    b.add(value);
    let (plural, mut list) = b.objects.into_iter().next()?;
    let r = super::resources::resource(plural);
    Some((r, list.pop()?))
}

/// Builds a `Store` one object at a time (so a generator never holds every object as a
/// `Value` at once).
#[derive(Debug, Default)]
pub struct StoreBuilder {
    objects: HashMap<&'static str, Vec<Object>>,
    resource_version: u64,
}

impl StoreBuilder {
    /// An empty store.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds an object or a `*List` of them. Kinds the fake does not serve are ignored.
    pub fn add(&mut self, value: Value) {
        let kind = value
            .get("kind")
            .and_then(Value::as_str)
            .unwrap_or_default();
        if kind.ends_with("List") {
            if let Some(Value::Array(items)) = value.get("items") {
                for item in items {
                    self.add(item.clone());
                }
            }
            return;
        }
        let api_version = value
            .get("apiVersion")
            .and_then(Value::as_str)
            .unwrap_or_default();
        let Some(r) = by_kind(api_version, kind) else {
            return;
        };
        let meta = &value["metadata"];
        let name = meta["name"].as_str().unwrap_or_default().to_string();
        let namespace = r.namespaced.then(|| {
            meta["namespace"]
                .as_str()
                .filter(|n| !n.is_empty())
                .unwrap_or("default")
                .to_string()
        });
        let labels = meta["labels"]
            .as_object()
            .map(|m| {
                m.iter()
                    .map(|(k, v)| (k.clone(), v.as_str().unwrap_or_default().to_string()))
                    .collect()
            })
            .unwrap_or_default();
        if let Some(rv) = meta["resourceVersion"]
            .as_str()
            .and_then(|s| s.parse().ok())
        {
            self.resource_version = self.resource_version.max(rv);
        }
        let mut body = value;
        if let Some(map) = body.as_object_mut() {
            map.remove("apiVersion");
            map.remove("kind");
        }
        let key = match &namespace {
            Some(ns) => format!("{ns}/{name}"),
            None => name.clone(),
        };
        self.objects.entry(r.plural).or_default().push(Object {
            key,
            namespace,
            name,
            labels,
            body: serde_json::to_string(&body).expect("JSON").into_boxed_str(),
        });
    }

    /// Adds every object of a fixture file (YAML or JSON, Lists unwrapped).
    pub fn add_file(&mut self, path: &Path) {
        let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{path:?}: {e}"));
        let docs = svcx::source::decode_documents(&text)
            .unwrap_or_else(|e| panic!("{path:?}: {}", e.message));
        for doc in docs {
            self.add(doc.value);
        }
    }

    /// Sorts by key; the first object of a key wins (so several scenarios that share Node
    /// names can be served together).
    pub fn build(mut self) -> Store {
        for list in self.objects.values_mut() {
            list.sort_by(|a, b| a.key.cmp(&b.key));
            list.dedup_by(|b, a| a.key == b.key);
        }
        Store {
            objects: self.objects,
            resource_version: self.resource_version.max(1),
        }
    }
}
