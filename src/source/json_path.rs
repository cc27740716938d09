//! Where a value sits in an API object: the path named in error messages (`spec.ports[0].port`)
//! and used to find the value's line in a YAML file.

use std::fmt;

/// One step of a path from a document's root to a value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Segment {
    /// A mapping key.
    Key(String),
    /// A list position (0-based).
    Index(usize),
}

/// A path, written as a Kubernetes user writes field paths (`kubectl explain` style):
/// `metadata.labels["app.kubernetes.io/name"]`, `spec.ports[0].targetPort`.
pub struct Path<'a>(pub &'a [Segment]);

impl fmt::Display for Path<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, segment) in self.0.iter().enumerate() {
            match segment {
                Segment::Index(n) => write!(f, "[{n}]")?,
                Segment::Key(k)
                    if !k.is_empty()
                        && k.chars()
                            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-') =>
                {
                    if i > 0 {
                        f.write_str(".")?;
                    }
                    f.write_str(k)?;
                }
                Segment::Key(k) => write!(f, "[{k:?}]")?,
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_read_like_field_paths() {
        let path = [
            Segment::Key("metadata".into()),
            Segment::Key("labels".into()),
            Segment::Key("app.kubernetes.io/name".into()),
        ];
        assert_eq!(
            Path(&path).to_string(),
            "metadata.labels[\"app.kubernetes.io/name\"]"
        );
        let path = [
            Segment::Key("spec".into()),
            Segment::Key("ports".into()),
            Segment::Index(0),
            Segment::Key("targetPort".into()),
        ];
        assert_eq!(Path(&path).to_string(), "spec.ports[0].targetPort");
    }
}
