//! One object per identity, placed where `kubectl apply -n` would put it.
//!
//! Files may define an object more than once: a file passed twice, a directory holding a `.yaml`
//! and a `.json` export of the same dump, overlapping dumps, or a manifest directory that
//! repeats a Deployment in several files (Istio's `samples/bookinfo/platform/kube/`). A cluster
//! holds one object per identity (API group, kind, namespace, name), so the model keeps one
//! definition, the one `kubectl apply -f` of the same inputs in the same order would leave: the
//! last. Cluster state read back from an API server carries `metadata.uid` and
//! `metadata.resourceVersion`; for definitions of the same uid the newest resourceVersion wins
//! whatever the file order (resourceVersion is compared as an integer, as etcd-backed API
//! servers write it; the API calls it opaque
//! (https://kubernetes.io/docs/reference/using-api/api-concepts/#resource-versions), so when
//! either is not an integer the file order decides).
//!
//! With `-n NS`, objects without a namespace are placed in NS and a manifest in another
//! namespace is refused with kubectl's message (`k8s.io/cli-runtime/pkg/resource/visitor.go`,
//! `RequireNamespace`, used by `kubectl apply -f`). Objects that carry cluster state (uid,
//! resourceVersion or a status: a dump) keep their namespace: there `-n` selects, as
//! `kubectl get -n` does.

use super::error::{NamespaceMismatch, SourceError};
use super::identity_of::{
    LISTS, List, hash_identity, id_of, identity_at, kind_of, list_len, list_of,
};
use super::json_stream::{ApiObject, Place, stream_json};
use crate::model::{Cluster, Definition, ObjectKey, Origin};
use foldhash::{HashMap, HashMapExt};
use serde_json::Value;
use std::path::{Path, PathBuf};

/// An object defined more than once, and the definition used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Replaced {
    /// Kind, e.g. `Deployment`.
    pub kind: String,
    /// Namespace (empty for Nodes).
    pub namespace: String,
    /// Name.
    pub name: String,
    /// How many definitions the input holds.
    pub definitions: usize,
    /// The file of the definition used (`-` for stdin).
    pub file: PathBuf,
    /// Its 1-based line, when known.
    pub line: Option<u32>,
    /// Why that one: the newest state of the object (its resourceVersion), else the last.
    pub newest: Option<u64>,
}

impl std::fmt::Display for Replaced {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let object = if self.namespace.is_empty() {
            self.name.clone()
        } else {
            format!("{}/{}", self.namespace, self.name)
        };
        write!(
            f,
            "{} {object} is defined {} times; using the {} at {}",
            self.kind,
            self.definitions,
            match self.newest {
                Some(rv) => format!("newest (resourceVersion {rv})"),
                None => "last definition".to_string(),
            },
            self.file.display(),
        )?;
        if let Some(line) = self.line {
            write!(f, ":{line}")?;
        }
        Ok(())
    }
}

/// The positions whose identity occurs more than once, grouped, each group in order, groups by
/// where they open (their second position). The first position of each identity is found by
/// the identity's hash (16 bytes a slot; keyed by an identity's four strings it was 64, 17 MB at
/// 170k objects, the peak of loading a big dump); an identity whose hash an earlier, different
/// one has goes to an exact map. `hash` is read, not computed: the loader's threads hashed each
/// identity as they read it (`identify_last`).
fn repeated<K: Eq + std::hash::Hash + Copy>(
    positions: impl Iterator<Item = usize>,
    identity: impl Fn(usize) -> K,
    hash: impl Fn(usize) -> u64,
) -> Vec<Vec<usize>> {
    use std::collections::hash_map::Entry;
    let (min, max) = positions.size_hint();
    let mut first: HashMap<u64, usize> = HashMap::with_capacity(max.unwrap_or(min));
    let mut colliding: HashMap<K, usize> = HashMap::new();
    let mut group_of: HashMap<usize, usize> = HashMap::new();
    let mut groups: Vec<Vec<usize>> = Vec::new();
    for n in positions {
        let earlier = match first.entry(hash(n)) {
            Entry::Vacant(e) => {
                e.insert(n);
                continue;
            }
            Entry::Occupied(e) if identity(*e.get()) == identity(n) => *e.get(),
            Entry::Occupied(_) => match colliding.entry(identity(n)) {
                Entry::Vacant(e) => {
                    e.insert(n);
                    continue;
                }
                Entry::Occupied(e) => *e.get(),
            },
        };
        let g = *group_of.entry(earlier).or_insert_with(|| {
            groups.push(vec![earlier]);
            groups.len() - 1
        });
        groups[g].push(n);
    }
    groups
}

/// Moves a namespace-less object (read as `default`) into `ns`, with the fields that default to
/// the object's own namespace.
fn place(c: &mut Cluster, list: List, i: usize, ns: &str) {
    match list {
        List::Services => c.services[i].namespace = ns.into(),
        List::Pods => c.pods[i].namespace = ns.into(),
        List::Nodes | List::Namespaces => {}
        List::Slices => c.endpoint_slices[i].namespace = ns.into(),
        List::Endpoints => c.endpoints[i].namespace = ns.into(),
        List::Events => c.events[i].namespace = ns.into(),
        List::Routers => {
            let r = &mut c.routers[i];
            // Backends name Services of the router's namespace unless they say otherwise
            // (Ingress backends always; route backendRefs without `namespace`). A backendRef
            // that spells out `namespace: default` in a namespace-less route moves too: the
            // model no longer tells the two apart.
            for b in &mut r.backends {
                if b.namespace == r.namespace {
                    b.namespace = ns.into();
                }
            }
            r.namespace = ns.into();
        }
        List::Policies => c.network_policies[i].namespace = ns.into(),
        List::Workloads => {
            let w = &mut c.workloads[i];
            w.namespace = ns.into();
            w.template.namespace = ns.into();
        }
    }
}

/// Drops the objects whose flag is set, keeping the others in order.
fn drop_flagged(c: &mut Cluster, list: List, flags: &[bool]) {
    fn keep<T>(v: &mut Vec<T>, flags: &[bool]) {
        let mut i = 0;
        v.retain(|_| {
            i += 1;
            !flags[i - 1]
        });
    }
    match list {
        List::Services => keep(&mut c.services, flags),
        List::Pods => keep(&mut c.pods, flags),
        List::Nodes => keep(&mut c.nodes, flags),
        List::Slices => keep(&mut c.endpoint_slices, flags),
        List::Endpoints => keep(&mut c.endpoints, flags),
        List::Events => keep(&mut c.events, flags),
        List::Routers => keep(&mut c.routers, flags),
        List::Policies => keep(&mut c.network_policies, flags),
        List::Workloads => keep(&mut c.workloads, flags),
        List::Namespaces => keep(&mut c.namespaces, flags),
    }
}

/// Places namespace-less objects in `namespace` (refusing manifests of another namespace),
/// keeps one definition per identity, points `origins` (when `track_origins`) at the
/// definitions used, and empties `Cluster::definitions`. Returns the objects that were defined
/// more than once, in input order of their first definition.
pub(crate) fn resolve(
    cluster: &mut Cluster,
    files: &[PathBuf],
    namespace: Option<&str>,
    track_origins: bool,
) -> Result<Vec<Replaced>, SourceError> {
    let mut defs = std::mem::take(&mut cluster.definitions);
    // Position of each definition in its list. Every object converted from files has its
    // definition; if the counts disagree, something appended objects without one and nothing
    // here can be trusted.
    let mut counts = [0usize; LISTS];
    let index: Vec<(List, usize)> = defs
        .iter()
        .map(|d| {
            let list = list_of(d.kind);
            counts[list as usize] += 1;
            (list, counts[list as usize] - 1)
        })
        .collect();
    let lists = [
        List::Services,
        List::Pods,
        List::Nodes,
        List::Slices,
        List::Endpoints,
        List::Events,
        List::Routers,
        List::Policies,
        List::Workloads,
        List::Namespaces,
    ];
    // A list holding objects appended without a definition (a kind added to `convert::add`
    // without one) cannot be matched to its definitions: it is left as read. Debug builds (the
    // tests) say so loudly.
    let valid: Vec<bool> = lists
        .iter()
        .map(|&l| counts[l as usize] == list_len(cluster, l))
        .collect();
    debug_assert!(
        valid.iter().all(|&v| v),
        "objects without definitions in {:?}",
        lists
            .iter()
            .zip(&valid)
            .filter(|(_, v)| !**v)
            .map(|(l, _)| l)
            .collect::<Vec<_>>()
    );
    let skip = |list: List| !valid[list as usize];
    let mut lines = Lines::new(files, &defs);
    // Objects moved into `namespace`: their identity changed since it was hashed.
    let mut placed = Vec::new();
    if let Some(ns) = namespace {
        for (n, (d, &(list, i))) in defs.iter().zip(&index).enumerate() {
            if skip(list) || !d.kind.namespaced() {
                continue;
            }
            if !d.namespace_given {
                place(cluster, list, i, ns);
                placed.push(n);
                continue;
            }
            let (own, name) = id_of(cluster, list, i);
            if own != ns && !d.live {
                return Err(SourceError::NamespaceMismatch(Box::new(
                    NamespaceMismatch {
                        path: files.get(d.file as usize).cloned().unwrap_or_default(),
                        line: lines.line(n, &defs, cluster, &index),
                        kind: kind_of(cluster, d.kind, list, i).to_string(),
                        name: name.to_string(),
                        namespace: own.to_string(),
                        expected: ns.to_string(),
                    },
                )));
            }
        }
    }
    for n in placed {
        let (list, i) = index[n];
        defs[n].identity_hash = hash_identity(&identity_at(cluster, defs[n].kind, list, i));
    }
    // Identity -> its definitions, in input order.
    let identity = |n: usize| {
        let (list, i) = index[n];
        identity_at(cluster, defs[n].kind, list, i)
    };
    let mut groups = repeated(
        (0..index.len())
            // `metadata.generateName` only (no name): each one creates an object of its own.
            .filter(|&n| !skip(index[n].0) && defs[n].named),
        identity,
        |n| defs[n].identity_hash,
    );
    // Groups open at their second definition: report them in order of their first.
    groups.sort_unstable_by_key(|g| g[0]);
    let mut replaced = Vec::with_capacity(groups.len());
    let mut flags: Vec<Vec<bool>> = lists
        .iter()
        .map(|&l| vec![false; list_len(cluster, l)])
        .collect();
    let mut used = Vec::with_capacity(groups.len());
    for group in &groups {
        let (winner, newest) = winner(&defs, group);
        for &n in group {
            if n != winner {
                let (list, i) = index[n];
                flags[list as usize][i] = true;
            }
        }
        let (list, i) = index[winner];
        let (ns, name) = id_of(cluster, list, i);
        let d = &defs[winner];
        replaced.push(Replaced {
            kind: kind_of(cluster, d.kind, list, i).to_string(),
            namespace: ns.to_string(),
            name: name.to_string(),
            definitions: group.len(),
            file: files.get(d.file as usize).cloned().unwrap_or_default(),
            line: lines.line(winner, &defs, cluster, &index),
            newest,
        });
        used.push(winner);
    }
    if track_origins {
        // Origins were recorded per key as read (the last one wins); the definition used may
        // be an earlier one (newest resourceVersion).
        for (r, &n) in replaced.iter().zip(&used) {
            cluster.origins.insert(
                ObjectKey::new(&r.kind, &r.namespace, &r.name),
                Origin {
                    file: r.file.clone(),
                    line: lines.line(n, &defs, cluster, &index).unwrap_or(1),
                },
            );
        }
    }
    for (&l, f) in lists.iter().zip(&flags) {
        if f.iter().any(|&x| x) {
            drop_flagged(cluster, l, f);
        }
    }
    Ok(replaced)
}

/// The definition used among `group` (indices into `defs`, in input order), and the
/// resourceVersion that chose it when it was not simply the last.
fn winner(defs: &[Definition], group: &[usize]) -> (usize, Option<u64>) {
    let last = *group.last().expect("a group has definitions");
    let (Some(uid), Some(_)) = (&defs[last].uid, defs[last].resource_version) else {
        return (last, None);
    };
    // The newest state of that uid; on a tie, the later definition.
    let newest = group
        .iter()
        .copied()
        .filter(|&n| defs[n].uid.as_ref() == Some(uid))
        .filter_map(|n| defs[n].resource_version.map(|rv| (rv, n)))
        .max()
        .map_or(last, |(_, n)| n);
    if newest == last {
        (last, None)
    } else {
        (newest, defs[newest].resource_version)
    }
}

/// Lines of definitions, found on demand: JSON read by the streaming reader already knows
/// them; otherwise the file is read again (only files holding a definition asked about, which
/// is rare), and its objects are matched in order to its definitions.
struct Lines<'f> {
    files: &'f [PathBuf],
    /// First definition of each file.
    starts: HashMap<u32, usize>,
    /// Lines found per definition index, per file read again.
    found: HashMap<u32, HashMap<usize, u32>>,
}

impl<'f> Lines<'f> {
    fn new(files: &'f [PathBuf], defs: &[Definition]) -> Self {
        let mut starts = HashMap::new();
        for (n, d) in defs.iter().enumerate() {
            starts.entry(d.file).or_insert(n);
        }
        Lines {
            files,
            starts,
            found: HashMap::new(),
        }
    }

    fn line(
        &mut self,
        n: usize,
        defs: &[Definition],
        cluster: &Cluster,
        index: &[(List, usize)],
    ) -> Option<u32> {
        let d = &defs[n];
        if d.line > 0 {
            return Some(d.line);
        }
        let file = d.file;
        if !self.found.contains_key(&file) {
            let found = self
                .files
                .get(file as usize)
                .map(|path| {
                    let start = self.starts.get(&file).copied().unwrap_or(n);
                    let of_file = (start..defs.len()).take_while(|&m| defs[m].file == file);
                    match_lines(path, of_file, defs, cluster, index)
                })
                .unwrap_or_default();
            self.found.insert(file, found);
        }
        self.found.get(&file)?.get(&n).copied()
    }
}

/// Reads `path` again and gives each definition of `of_file` the line of the next object of
/// the same kind and name in the file.
fn match_lines(
    path: &Path,
    of_file: impl Iterator<Item = usize>,
    defs: &[Definition],
    cluster: &Cluster,
    index: &[(List, usize)],
) -> HashMap<usize, u32> {
    let objects = object_lines(path).unwrap_or_default();
    let mut found = HashMap::new();
    let mut next = 0;
    for n in of_file {
        let (list, i) = index[n];
        if i >= list_len(cluster, list) {
            continue;
        }
        let (_, name) = id_of(cluster, list, i);
        let kind = defs[n].kind.as_str();
        if let Some(k) = objects[next..]
            .iter()
            .position(|(k, nm, _)| k == kind && nm == name)
        {
            found.insert(n, objects[next + k].2);
            next += k + 1;
        }
    }
    found
}

/// Files up to this size are read again to find the lines of their duplicates.
const LINES_REREAD_MAX_BYTES: u64 = 16 << 20;

/// `(kind, name, line)` of every object of a file, List items one by one, in order. `None` for
/// stdin (it cannot be read again) and for a file that no longer reads.
fn object_lines(path: &Path) -> Option<Vec<(String, String, u32)>> {
    if path == Path::new("-") {
        return None;
    }
    // Parsing a big dump again (twice, for YAML) would cost seconds: its duplicates are named
    // by file only.
    if std::fs::metadata(path).ok()?.len() > LINES_REREAD_MAX_BYTES {
        return None;
    }
    let text = std::fs::read_to_string(path).ok()?;
    let mut out = Vec::new();
    let entry = |v: &Value, line: u32| {
        let s = |p: &str| v.pointer(p).and_then(Value::as_str).unwrap_or_default();
        (
            s("/kind").to_string(),
            s("/metadata/name").to_string(),
            line,
        )
    };
    let trimmed = text.trim_start_matches('\u{feff}').trim_start();
    if trimmed.starts_with('{') || trimmed.starts_with('[') {
        let mut each = |place: Place, object: ApiObject<'_>| {
            let value = match object {
                ApiObject::Value(v) => v,
                ApiObject::Raw(raw) => serde_json::from_slice(raw).map_err(|e| e.to_string())?,
            };
            let line = u32::try_from(place.line).unwrap_or(u32::MAX);
            match value.get("items").and_then(Value::as_array) {
                Some(items) => out.extend(items.iter().map(|i| entry(i, line))),
                None => out.push(entry(&value, line)),
            }
            Ok(())
        };
        stream_json(&mut text.as_bytes(), &mut each).ok()?;
        return Some(out);
    }
    // YAML documents come with their lines.
    let docs = super::decode::decode_documents(&text).ok()?;
    for doc in &docs {
        let line = doc.line.unwrap_or(1);
        match doc.value.get("items").and_then(Value::as_array) {
            Some(items) => out.extend(
                items
                    .iter()
                    .enumerate()
                    .map(|(i, item)| entry(item, doc.item_lines.get(i).copied().unwrap_or(line))),
            ),
            None => out.push(entry(&doc.value, line)),
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {

    #[test]
    fn repeated_identities_group_alike_whatever_their_hashes() {
        let ids = ["a", "b", "a", "c", "b", "a", "d", "c"];
        let want = vec![vec![0, 2, 5], vec![1, 4], vec![3, 7]];
        let by_text = |n: usize| u64::from(ids[n].as_bytes()[0]);
        assert_eq!(repeated(0..ids.len(), |n| ids[n], by_text), want);
        // Every identity under one hash: the exact map tells them apart.
        assert_eq!(repeated(0..ids.len(), |n| ids[n], |_| 7), want);
        // Two hashes for four identities, and positions skipped.
        let groups = repeated(
            [0, 1, 3, 4, 5, 7].into_iter(),
            |n| ids[n],
            |n| u64::from(ids[n] > "b"),
        );
        assert_eq!(groups, vec![vec![1, 4], vec![0, 5], vec![3, 7]]);
    }
    use super::*;
    use crate::model::{DefinedKind, ObjectUid};

    fn def(uid: Option<&str>, rv: Option<u64>) -> Definition {
        Definition {
            kind: DefinedKind::Service,
            namespace_given: true,
            live: uid.is_some() || rv.is_some(),
            uid: uid.map(ObjectUid::from),
            resource_version: rv,
            file: 0,
            line: 0,
            identity_hash: 0,
            named: true,
        }
    }

    #[test]
    fn the_last_definition_wins_without_cluster_state() {
        let defs = [def(None, None), def(Some("a"), Some(9)), def(None, None)];
        assert_eq!(winner(&defs, &[0, 1, 2]), (2, None));
    }

    #[test]
    fn the_newest_resource_version_of_the_last_uid_wins() {
        let defs = [
            def(Some("a"), Some(30)),
            def(Some("a"), Some(10)),
            def(Some("a"), Some(20)),
        ];
        assert_eq!(winner(&defs, &[0, 1, 2]), (0, Some(30)));
        // A tie keeps the later definition.
        let defs = [def(Some("a"), Some(30)), def(Some("a"), Some(30))];
        assert_eq!(winner(&defs, &[0, 1]), (1, None));
    }

    #[test]
    fn another_uid_or_a_resource_version_that_is_no_integer_falls_back_to_file_order() {
        // The object was deleted and created again: the last file's uid is another object.
        let defs = [def(Some("a"), Some(99)), def(Some("b"), Some(5))];
        assert_eq!(winner(&defs, &[0, 1]), (1, None));
        // resourceVersion "abc" reads as None: not compared.
        let defs = [def(Some("a"), Some(99)), def(Some("a"), None)];
        assert_eq!(winner(&defs, &[0, 1]), (1, None));
    }

    #[test]
    fn uids_of_another_case_are_other_uids() {
        // A uid is opaque text: only the exact text is the same object.
        let defs = [
            def(Some("5b1d6c1e-3f0a-4c52-9d7e-2a4c8b1e9f01"), Some(99)),
            def(Some("5B1D6C1E-3F0A-4C52-9D7E-2A4C8B1E9F01"), Some(5)),
        ];
        assert_eq!(winner(&defs, &[0, 1]), (1, None));
        let defs = [
            def(Some("5b1d6c1e-3f0a-4c52-9d7e-2a4c8b1e9f01"), Some(99)),
            def(Some("5b1d6c1e-3f0a-4c52-9d7e-2a4c8b1e9f01"), Some(5)),
        ];
        assert_eq!(winner(&defs, &[0, 1]), (0, Some(99)));
    }
}
