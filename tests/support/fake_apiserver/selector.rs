//! `labelSelector` and `fieldSelector`, parsed and matched as the API server does.
//!
//! Label grammar: `k8s.io/apimachinery/pkg/labels/selector.go` (`Parse`): comma-separated
//! requirements `key`, `!key`, `key=v`, `key==v`, `key!=v`, `key in (a,b)`, `key notin (a,b)`.
//! `!=` and `notin` also match objects without the key. Field selectors
//! (`pkg/fields/selector.go`): `field=v`, `field==v`, `field!=v`, comma-separated.

use std::collections::BTreeMap;

/// One label requirement.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Requirement {
    /// `key=v` / `key==v`.
    Equals(String, String),
    /// `key!=v`.
    NotEquals(String, String),
    /// `key in (..)`.
    In(String, Vec<String>),
    /// `key notin (..)`.
    NotIn(String, Vec<String>),
    /// `key`.
    Exists(String),
    /// `!key`.
    DoesNotExist(String),
}

/// A parsed label selector (all requirements must hold; empty matches everything).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LabelSelector(pub Vec<Requirement>);

impl LabelSelector {
    /// Parses a `labelSelector` query value.
    pub fn parse(s: &str) -> Result<Self, String> {
        let mut reqs = Vec::new();
        for part in split_top_level(s) {
            let part = part.trim();
            if part.is_empty() {
                continue;
            }
            reqs.push(parse_requirement(part)?);
        }
        Ok(LabelSelector(reqs))
    }

    /// Whether `labels` satisfy every requirement.
    pub fn matches(&self, labels: &BTreeMap<String, String>) -> bool {
        self.0.iter().all(|r| match r {
            Requirement::Equals(k, v) => labels.get(k) == Some(v),
            Requirement::NotEquals(k, v) => labels.get(k) != Some(v),
            Requirement::In(k, vs) => labels.get(k).is_some_and(|l| vs.contains(l)),
            Requirement::NotIn(k, vs) => labels.get(k).is_none_or(|l| !vs.contains(l)),
            Requirement::Exists(k) => labels.contains_key(k),
            Requirement::DoesNotExist(k) => !labels.contains_key(k),
        })
    }

    /// Whether there is no requirement.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

/// Commas inside `( )` belong to a set.
fn split_top_level(s: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut depth = 0;
    let mut start = 0;
    for (i, c) in s.char_indices() {
        match c {
            '(' => depth += 1,
            ')' => depth -= 1,
            ',' if depth == 0 => {
                out.push(&s[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    out.push(&s[start..]);
    out
}

fn parse_requirement(part: &str) -> Result<Requirement, String> {
    let bad = || format!("unable to parse requirement: found '{part}', expected: key op value");
    if let Some(key) = part.strip_prefix('!') {
        return Ok(Requirement::DoesNotExist(valid_key(key.trim())?));
    }
    for (op, ctor) in [
        (
            "!=",
            Requirement::NotEquals as fn(String, String) -> Requirement,
        ),
        ("==", Requirement::Equals),
        ("=", Requirement::Equals),
    ] {
        if let Some((k, v)) = part.split_once(op) {
            return Ok(ctor(valid_key(k.trim())?, v.trim().to_string()));
        }
    }
    let words: Vec<&str> = part.splitn(2, char::is_whitespace).collect();
    if words.len() == 1 {
        return Ok(Requirement::Exists(valid_key(words[0])?));
    }
    let key = valid_key(words[0])?;
    let rest = words[1].trim();
    let (op, set) = rest.split_once(char::is_whitespace).unwrap_or((rest, ""));
    let (op, set) = if let Some(i) = rest.find('(') {
        (rest[..i].trim(), &rest[i..])
    } else {
        (op, set)
    };
    let set = set
        .trim()
        .strip_prefix('(')
        .and_then(|s| s.strip_suffix(')'))
        .ok_or_else(bad)?;
    let values: Vec<String> = set
        .split(',')
        .map(|v| v.trim().to_string())
        .filter(|v| !v.is_empty())
        .collect();
    match op {
        "in" => Ok(Requirement::In(key, values)),
        "notin" => Ok(Requirement::NotIn(key, values)),
        _ => Err(bad()),
    }
}

fn valid_key(k: &str) -> Result<String, String> {
    let ok = !k.is_empty()
        && k.chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.' | '/'));
    if ok {
        Ok(k.to_string())
    } else {
        Err(format!(
            "unable to parse requirement: invalid label key {k:?}"
        ))
    }
}

/// One field requirement: `(field, value, equal)`.
pub type FieldRequirement = (String, String, bool);

/// Parses a `fieldSelector`, accepting only `allowed` fields (the real server answers 400
/// `field label not supported: X` for others).
pub fn parse_field_selector(s: &str, allowed: &[&str]) -> Result<Vec<FieldRequirement>, String> {
    let mut out = Vec::new();
    for part in s.split(',').map(str::trim).filter(|p| !p.is_empty()) {
        let (field, value, equal) = if let Some((f, v)) = part.split_once("!=") {
            (f, v, false)
        } else if let Some((f, v)) = part.split_once("==") {
            (f, v, true)
        } else if let Some((f, v)) = part.split_once('=') {
            (f, v, true)
        } else {
            return Err(format!(
                "invalid selector: '{s}'; can't understand '{part}'"
            ));
        };
        let field = field.trim();
        if !(field == "metadata.name" || field == "metadata.namespace" || allowed.contains(&field))
        {
            return Err(format!("field label not supported: {field}"));
        }
        out.push((field.to_string(), value.trim().to_string(), equal));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn l(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn every_operator() {
        let pod = l(&[("app", "web"), ("tier", "fe")]);
        let m = |s: &str| LabelSelector::parse(s).unwrap().matches(&pod);
        assert!(m("app=web") && m("app==web") && !m("app=api"));
        assert!(m("app!=api") && !m("app!=web") && m("zone!=a"));
        assert!(m("app in (web, api)") && !m("app in (api)") && !m("zone in (a)"));
        assert!(m("app notin (api)") && !m("app notin (web,api)") && m("zone notin (a)"));
        assert!(m("tier") && !m("zone") && m("!zone") && !m("!tier"));
        assert!(m("app=web,tier in (fe),!zone") && !m("app=web,tier=be"));
        assert!(m("kubernetes.io/x!=y") && m(""));
        assert!(LabelSelector::parse("app in web").is_err());
        assert!(LabelSelector::parse("a b c").is_err());
    }

    #[test]
    fn field_selectors() {
        let f = parse_field_selector("metadata.name=web,metadata.namespace!=x", &[]).unwrap();
        assert_eq!(f.len(), 2);
        assert!(!f[1].2);
        assert_eq!(
            parse_field_selector("spec.foo=1", &[]).unwrap_err(),
            "field label not supported: spec.foo"
        );
    }
}
