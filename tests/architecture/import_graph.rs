//! The crate's file-level import graph, read from source text, and its import circles.
//!
//! An edge `a.rs → b.rs` means code in `a.rs` names an item defined in `b.rs`: through a `use`
//! (`crate::`, `super::`, `self::`, a child module or a name imported before) or a path in the
//! code (`super::group_emit::delete(..)`). A name re-exported by a `pub use` is followed to the
//! file that defines it, so a `mod.rs` that only re-exports its children is not a hub every
//! child "imports": re-exports and `mod` declarations are containment, not dependencies.
//! The module tree is walked from `src/lib.rs` along `mod` declarations (`#[path]` included),
//! so test modules in their own files are part of the graph.
//!
//! A cheap reader, not a compiler: it misses calls of methods defined in another file (an
//! `impl` split over files), and a local variable named like an item a glob (`use super::*`)
//! brings in counts as a use of that item (globs are for test modules, which nothing imports,
//! so such an edge cannot close a circle).

use std::collections::{BTreeMap, BTreeSet, HashMap};

#[derive(Debug, Clone, PartialEq)]
enum Tok {
    Ident(String),
    Str(String),
    PathSep,
    Punct(char),
}

/// Tokens with their line numbers; comments dropped, string and char literals reduced.
fn tokenize(src: &str) -> Vec<(Tok, usize)> {
    let c: Vec<char> = src.chars().collect();
    let mut out = Vec::new();
    let (mut i, mut line) = (0, 1);
    let is_ident = |ch: char| ch.is_alphanumeric() || ch == '_';
    while i < c.len() {
        let ch = c[i];
        let next = c.get(i + 1).copied();
        if ch == '\n' {
            line += 1;
            i += 1;
        } else if ch.is_whitespace() {
            i += 1;
        } else if ch == '/' && next == Some('/') {
            while i < c.len() && c[i] != '\n' {
                i += 1;
            }
        } else if ch == '/' && next == Some('*') {
            let mut depth = 0;
            while i < c.len() {
                if c[i] == '/' && c.get(i + 1) == Some(&'*') {
                    depth += 1;
                    i += 2;
                } else if c[i] == '*' && c.get(i + 1) == Some(&'/') {
                    depth -= 1;
                    i += 2;
                    if depth == 0 {
                        break;
                    }
                } else {
                    line += usize::from(c[i] == '\n');
                    i += 1;
                }
            }
        } else if let Some(hashes) = raw_string_start(&c, i) {
            // r"..", r#".."#, br#".."#: up to the quote followed by as many `#`.
            let start_line = line;
            i += hashes.1;
            let mut text = String::new();
            while i < c.len() {
                if c[i] == '"' && (1..=hashes.0).all(|k| c.get(i + k) == Some(&'#')) {
                    i += 1 + hashes.0;
                    break;
                }
                line += usize::from(c[i] == '\n');
                text.push(c[i]);
                i += 1;
            }
            out.push((Tok::Str(text), start_line));
        } else if ch == '"' || (ch == 'b' && next == Some('"')) {
            let start_line = line;
            i += if ch == 'b' { 2 } else { 1 };
            let mut text = String::new();
            while i < c.len() && c[i] != '"' {
                if c[i] == '\\' {
                    i += 1;
                }
                line += usize::from(c.get(i) == Some(&'\n'));
                if let Some(&x) = c.get(i) {
                    text.push(x);
                }
                i += 1;
            }
            i += 1;
            out.push((Tok::Str(text), start_line));
        } else if ch == '\'' {
            // A char literal ('x', '\n', '\u{..}') or a lifetime ('a).
            if next == Some('\\') {
                i += 3;
                while i < c.len() && c[i] != '\'' {
                    i += 1;
                }
                i += 1;
            } else if c.get(i + 2) == Some(&'\'') {
                i += 3;
            } else {
                i += 1;
                while i < c.len() && is_ident(c[i]) {
                    i += 1;
                }
            }
        } else if ch == 'r' && next == Some('#') && c.get(i + 2).is_some_and(|&x| is_ident(x)) {
            i += 2;
            let s = i;
            while i < c.len() && is_ident(c[i]) {
                i += 1;
            }
            out.push((Tok::Ident(c[s..i].iter().collect()), line));
        } else if ch.is_ascii_digit() {
            while i < c.len() && is_ident(c[i]) {
                i += 1;
            }
        } else if is_ident(ch) {
            let s = i;
            while i < c.len() && is_ident(c[i]) {
                i += 1;
            }
            out.push((Tok::Ident(c[s..i].iter().collect()), line));
        } else if ch == ':' && next == Some(':') {
            out.push((Tok::PathSep, line));
            i += 2;
        } else {
            out.push((Tok::Punct(ch), line));
            i += 1;
        }
    }
    out
}

/// `(number of #, length of the opening)` when a raw (byte) string starts at `i`.
fn raw_string_start(c: &[char], i: usize) -> Option<(usize, usize)> {
    let mut j = i;
    if c.get(j) == Some(&'b') {
        j += 1;
    }
    if c.get(j) != Some(&'r') {
        return None;
    }
    j += 1;
    let mut hashes = 0;
    while c.get(j) == Some(&'#') {
        hashes += 1;
        j += 1;
    }
    (c.get(j) == Some(&'"')).then_some((hashes, j + 1 - i))
}

type ModPath = Vec<String>;

/// One `use` leaf: the name it binds in its module and the path it stands for.
struct UseLeaf {
    scope: ModPath,
    name: Option<String>,
    path: Vec<String>,
    glob: bool,
    reexport: bool,
    line: usize,
}

/// A path written in code, outside `use`.
struct CodePath {
    scope: ModPath,
    path: Vec<String>,
    line: usize,
}

#[derive(Default)]
struct FileScan {
    /// `(scope, name, #[path])` of `mod name;`.
    mods: Vec<(ModPath, String, Option<String>)>,
    /// Inline `mod name { .. }` modules, as full paths.
    inline: Vec<ModPath>,
    uses: Vec<UseLeaf>,
    paths: Vec<CodePath>,
}

fn scan(tokens: &[(Tok, usize)], module: &ModPath) -> FileScan {
    let mut s = FileScan::default();
    let mut stack: Vec<(String, usize)> = Vec::new();
    let mut depth = 0usize;
    let mut pending_path: Option<String> = None;
    let mut public = false;
    let scope_of = |stack: &[(String, usize)]| {
        let mut p = module.clone();
        p.extend(stack.iter().map(|(n, _)| n.clone()));
        p
    };
    let ident = |i: usize| match tokens.get(i) {
        Some((Tok::Ident(x), _)) => Some(x.as_str()),
        _ => None,
    };
    let mut i = 0;
    while i < tokens.len() {
        let (tok, line) = &tokens[i];
        let was_public = std::mem::take(&mut public);
        match tok {
            Tok::Punct('{') => depth += 1,
            Tok::Punct('}') => {
                depth = depth.saturating_sub(1);
                while stack.last().is_some_and(|(_, d)| *d > depth) {
                    stack.pop();
                }
            }
            Tok::Punct('#') => {
                // #[path = "x.rs"]
                if let (
                    Some((Tok::Punct('['), _)),
                    Some("path"),
                    Some((Tok::Punct('='), _)),
                    Some((Tok::Str(p), _)),
                ) = (
                    tokens.get(i + 1),
                    ident(i + 2),
                    tokens.get(i + 3),
                    tokens.get(i + 4),
                ) {
                    pending_path = Some(p.clone());
                    i += 5;
                    continue;
                }
            }
            Tok::Ident(w) if w == "pub" => {
                if matches!(tokens.get(i + 1), Some((Tok::Punct('('), _))) {
                    while i < tokens.len() && tokens[i].0 != Tok::Punct(')') {
                        i += 1;
                    }
                }
                public = true;
            }
            Tok::Ident(w) if w == "mod" => {
                if let Some(name) = ident(i + 1) {
                    match tokens.get(i + 2) {
                        Some((Tok::Punct(';'), _)) => {
                            s.mods
                                .push((scope_of(&stack), name.to_string(), pending_path.take()));
                            i += 3;
                            continue;
                        }
                        Some((Tok::Punct('{'), _)) => {
                            depth += 1;
                            stack.push((name.to_string(), depth));
                            s.inline.push(scope_of(&stack));
                            pending_path = None;
                            i += 3;
                            continue;
                        }
                        _ => {}
                    }
                }
            }
            Tok::Ident(w) if w == "use" => {
                let end = (i..tokens.len())
                    .find(|&j| tokens[j].0 == Tok::Punct(';'))
                    .unwrap_or(tokens.len());
                let scope = scope_of(&stack);
                let mut leaves = Vec::new();
                use_tree(&tokens[i + 1..end], Vec::new(), &mut leaves);
                for (path, name, glob) in leaves {
                    s.uses.push(UseLeaf {
                        scope: scope.clone(),
                        name,
                        path,
                        glob,
                        reexport: was_public,
                        line: *line,
                    });
                }
                i = end + 1;
                continue;
            }
            Tok::Ident(first) => {
                let starts = !matches!(i.checked_sub(1).map(|p| &tokens[p].0), Some(Tok::PathSep))
                    && matches!(tokens.get(i + 1), Some((Tok::PathSep, _)));
                if starts {
                    let mut path = vec![first.clone()];
                    let mut j = i + 1;
                    while matches!(tokens.get(j), Some((Tok::PathSep, _))) {
                        match ident(j + 1) {
                            Some(x) => path.push(x.to_string()),
                            None => break,
                        }
                        j += 2;
                    }
                    s.paths.push(CodePath {
                        scope: scope_of(&stack),
                        path,
                        line: *line,
                    });
                    i = j;
                    continue;
                }
                // A bare name (`reconcile(..)`, `Plan`), imported by name or by a glob.
                let after = i
                    .checked_sub(1)
                    .map(|p| &tokens[p].0)
                    .is_some_and(|t| matches!(t, Tok::PathSep | Tok::Punct('.')));
                if !after {
                    s.paths.push(CodePath {
                        scope: scope_of(&stack),
                        path: vec![first.clone()],
                        line: *line,
                    });
                }
            }
            Tok::Punct(';') => pending_path = None,
            _ => {}
        }
        i += 1;
    }
    s
}

/// Flattens a use tree into `(path, bound name, glob)` leaves.
fn use_tree(
    toks: &[(Tok, usize)],
    prefix: Vec<String>,
    out: &mut Vec<(Vec<String>, Option<String>, bool)>,
) {
    let mut path = prefix;
    let mut i = 0;
    while i < toks.len() {
        match &toks[i].0 {
            Tok::Ident(x) if x == "as" => {
                let alias = match toks.get(i + 1) {
                    Some((Tok::Ident(a), _)) if a != "_" => Some(a.clone()),
                    _ => None,
                };
                out.push((path, alias, false));
                return;
            }
            Tok::Ident(x) => path.push(x.clone()),
            Tok::PathSep => {}
            Tok::Punct('*') => {
                out.push((path, None, true));
                return;
            }
            Tok::Punct('{') => {
                // Split the group's items at top-level commas.
                let mut depth = 0;
                let mut start = i + 1;
                for j in i + 1..toks.len() {
                    match toks[j].0 {
                        Tok::Punct('{') => depth += 1,
                        Tok::Punct('}') if depth == 0 => {
                            if start < j {
                                use_tree(&toks[start..j], path.clone(), out);
                            }
                            return;
                        }
                        Tok::Punct('}') => depth -= 1,
                        Tok::Punct(',') if depth == 0 => {
                            if start < j {
                                use_tree(&toks[start..j], path.clone(), out);
                            }
                            start = j + 1;
                        }
                        _ => {}
                    }
                }
                return;
            }
            _ => {}
        }
        i += 1;
    }
    if path.last().is_some_and(|l| l == "self") {
        path.pop();
    }
    let name = path.last().cloned();
    if !path.is_empty() {
        out.push((path, name, false));
    }
}

/// An import edge: the importing file's line that makes it.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Edge {
    pub from: String,
    pub to: String,
    pub line: usize,
}

struct Crate {
    /// Module path → the file it is written in (inline modules share their file).
    modules: HashMap<ModPath, String>,
    /// Per module: bound name → the absolute path it stands for; and glob-imported modules.
    names: HashMap<ModPath, HashMap<String, ModPath>>,
    globs: HashMap<ModPath, Vec<ModPath>>,
}

impl Crate {
    /// The absolute module-rooted path of `path` written in `scope`; `None` for other crates.
    fn absolute(&self, scope: &ModPath, path: &[String], depth: usize) -> Option<ModPath> {
        let (first, rest) = path.split_first()?;
        let mut base = match first.as_str() {
            "crate" => Vec::new(),
            "self" => scope.clone(),
            "super" => {
                let mut b = scope.clone();
                b.pop()?;
                let mut rest = rest;
                while rest.first().is_some_and(|r| r == "super") {
                    b.pop()?;
                    rest = &rest[1..];
                }
                b.extend(rest.iter().cloned());
                return Some(b);
            }
            name => {
                // Modules and values are separate namespaces: `pod::x` is the module `pod`,
                // a bare `pod(..)` may be a function re-exported under the same name.
                let mut child = scope.clone();
                child.push(name.to_string());
                let module = self.modules.contains_key(&child);
                let bound = || self.lookup(scope, name, depth);
                match (rest.is_empty(), module) {
                    (true, _) => bound().or(module.then_some(child))?,
                    (false, true) => child,
                    (false, false) => bound()?,
                }
            }
        };
        base.extend(rest.iter().cloned());
        Some(base)
    }

    /// What `name` stands for in `scope` (its own imports, then its glob imports).
    fn lookup(&self, scope: &ModPath, name: &str, depth: usize) -> Option<ModPath> {
        if depth > 16 {
            return None;
        }
        if let Some(p) = self.names.get(scope).and_then(|n| n.get(name)) {
            return Some(p.clone());
        }
        for g in self.globs.get(scope).into_iter().flatten() {
            let mut child = g.clone();
            child.push(name.to_string());
            if self.modules.contains_key(&child) {
                return Some(child);
            }
            if let Some(p) = self.lookup(g, name, depth + 1) {
                return Some(p);
            }
        }
        None
    }

    /// The file defining what the absolute path `abs` names; `None` when it names a module.
    fn defining_file(&self, abs: &[String], depth: usize) -> Option<String> {
        let k = (0..=abs.len())
            .rev()
            .find(|&k| self.modules.contains_key(&abs[..k]))?;
        let module = abs[..k].to_vec();
        let Some(item) = abs.get(k) else {
            // A module; its parent may also bind a value of that name (`use pod::pod`).
            let (last, parent) = abs.split_last()?;
            let target = self.names.get(parent).and_then(|n| n.get(last))?;
            return (target.as_slice() != abs && depth < 16)
                .then(|| self.defining_file(target, depth + 1))
                .flatten();
        };
        if depth < 16
            && let Some(target) = self.names.get(&module).and_then(|n| n.get(item))
        {
            let mut next = target.clone();
            next.extend(abs[k + 1..].iter().cloned());
            return self.defining_file(&next, depth + 1);
        }
        Some(self.modules[&module].clone())
    }
}

/// The file-level import edges of the crate whose files are `sources` (path → text; the root is
/// `src/lib.rs`), one per (from, to) pair at the first line that makes it.
pub fn edges(sources: &BTreeMap<String, String>) -> Vec<Edge> {
    let mut krate = Crate {
        modules: HashMap::new(),
        names: HashMap::new(),
        globs: HashMap::new(),
    };
    let mut scans: Vec<(String, FileScan)> = Vec::new();
    let mut todo: Vec<(String, ModPath)> = vec![("src/lib.rs".to_string(), Vec::new())];
    while let Some((file, module)) = todo.pop() {
        let Some(text) = sources.get(&file) else {
            continue;
        };
        krate.modules.insert(module.clone(), file.clone());
        let s = scan(&tokenize(text), &module);
        for m in &s.inline {
            krate.modules.insert(m.clone(), file.clone());
        }
        let dir = file.rsplit_once('/').map_or("", |(d, _)| d).to_string();
        let owns_dir = file.ends_with("/mod.rs") || file.ends_with("/lib.rs");
        for (scope, name, path_attr) in &s.mods {
            let mut child = scope.clone();
            child.push(name.clone());
            let child_file = match path_attr {
                Some(p) => format!("{dir}/{p}"),
                None => {
                    let mut d = if owns_dir {
                        dir.clone()
                    } else {
                        format!(
                            "{dir}/{}",
                            file.rsplit('/').next().unwrap().trim_end_matches(".rs")
                        )
                    };
                    for inner in &scope[module.len()..] {
                        d = format!("{d}/{inner}");
                    }
                    let flat = format!("{d}/{name}.rs");
                    if sources.contains_key(&flat) {
                        flat
                    } else {
                        format!("{d}/{name}/mod.rs")
                    }
                }
            };
            todo.push((child_file, child));
        }
        scans.push((file, s));
    }
    // Bind names first (they may refer to each other), then resolve.
    for _ in 0..4 {
        for (_, s) in &scans {
            for u in &s.uses {
                let Some(abs) = krate.absolute(&u.scope, &u.path, 0) else {
                    continue;
                };
                if u.glob {
                    let g = krate.globs.entry(u.scope.clone()).or_default();
                    if !g.contains(&abs) {
                        g.push(abs);
                    }
                } else if let Some(name) = &u.name {
                    krate
                        .names
                        .entry(u.scope.clone())
                        .or_default()
                        .insert(name.clone(), abs);
                }
            }
        }
    }
    let mut found: BTreeMap<(String, String), usize> = BTreeMap::new();
    let mut add = |from: &str, to: Option<String>, line: usize| {
        if let Some(to) = to.filter(|t| t != from) {
            let e = found.entry((from.to_string(), to)).or_insert(line);
            *e = (*e).min(line);
        }
    };
    for (file, s) in &scans {
        for u in s.uses.iter().filter(|u| !u.reexport) {
            let Some(abs) = krate.absolute(&u.scope, &u.path, 0) else {
                continue;
            };
            let to = if u.glob {
                krate.modules.get(&abs).cloned()
            } else {
                krate.defining_file(&abs, 0)
            };
            add(file, to, u.line);
        }
        for p in &s.paths {
            if let Some(abs) = krate.absolute(&p.scope, &p.path, 0) {
                add(file, krate.defining_file(&abs, 0), p.line);
            }
        }
    }
    found
        .into_iter()
        .map(|((from, to), line)| Edge { from, to, line })
        .collect()
}

/// Every import circle: each strongly connected group of files, as one closed walk through it
/// (`a.rs:3 → b.rs:7 → a.rs`: line 3 of `a.rs` imports `b.rs`, ...) and, for more than two
/// files, all of them; sorted.
pub fn circles(edges: &[Edge]) -> Vec<String> {
    let mut out: BTreeMap<&str, Vec<&Edge>> = BTreeMap::new();
    for e in edges {
        out.entry(&e.from).or_default().push(e);
        out.entry(&e.to).or_default();
    }
    let nodes: Vec<&str> = out.keys().copied().collect();
    // Kosaraju: finish order on the graph, then components on the reversed graph.
    let mut seen = BTreeSet::new();
    let mut order = Vec::new();
    for &n in &nodes {
        let mut stack = vec![(n, 0usize)];
        if !seen.insert(n) {
            continue;
        }
        while let Some((v, k)) = stack.pop() {
            if let Some(e) = out[v].get(k) {
                stack.push((v, k + 1));
                if seen.insert(e.to.as_str()) {
                    stack.push((e.to.as_str(), 0));
                }
            } else {
                order.push(v);
            }
        }
    }
    let mut back: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for e in edges {
        back.entry(&e.to).or_default().push(&e.from);
    }
    let mut comp: BTreeMap<&str, usize> = BTreeMap::new();
    let mut groups: Vec<Vec<&str>> = Vec::new();
    for &n in order.iter().rev() {
        if comp.contains_key(n) {
            continue;
        }
        let id = groups.len();
        let mut members = vec![];
        let mut stack = vec![n];
        comp.insert(n, id);
        while let Some(v) = stack.pop() {
            members.push(v);
            for &u in back.get(v).into_iter().flatten() {
                if !comp.contains_key(u) {
                    comp.insert(u, id);
                    stack.push(u);
                }
            }
        }
        groups.push(members);
    }
    let mut result = Vec::new();
    for (id, members) in groups.iter().enumerate() {
        if members.len() < 2 {
            continue;
        }
        let mut members = members.clone();
        members.sort();
        let walk = walk(members[0], id, &out, &comp);
        if walk.matches(" → ").count() == members.len() {
            result.push(walk);
        } else {
            // One walk does not show every circle among more files: name them all.
            result.push(format!("{walk} (circles among: {})", members.join(", ")));
        }
    }
    result.sort();
    result
}

/// A shortest path inside component `id` from `start` back to `start` (breadth first).
fn walk(
    start: &str,
    id: usize,
    out: &BTreeMap<&str, Vec<&Edge>>,
    comp: &BTreeMap<&str, usize>,
) -> String {
    let mut prev: BTreeMap<&str, &Edge> = BTreeMap::new();
    let mut queue = std::collections::VecDeque::from([start]);
    while let Some(v) = queue.pop_front() {
        for e in &out[v] {
            let to = e.to.as_str();
            if comp.get(to) != Some(&id) || prev.contains_key(to) {
                continue;
            }
            prev.insert(to, e);
            if to == start {
                queue.clear();
                break;
            }
            queue.push_back(to);
        }
    }
    let mut steps = Vec::new();
    let mut at = start;
    loop {
        let e = prev[at];
        steps.push(format!("{}:{}", e.from, e.line));
        at = e.from.as_str();
        if at == start {
            break;
        }
    }
    steps.reverse();
    format!("{} → {start}", steps.join(" → "))
}
