//! Reading YAML the way kubectl does (`sigs.k8s.io/yaml` over go-yaml v2: YAML 1.1 scalars,
//! the last of repeated keys wins), into the JSON values the rest of `source` converts.
//!
//! Built on granit-parser's events, the parser under serde-saphyr (which kube uses too), so the
//! binary keeps one YAML parser: serde-saphyr follows YAML 1.2 and has no way to resolve
//! scalars as go-yaml v2 does (`y`/`n` booleans, `0o` and `0b` integers, floats written as
//! integers, keys converted as `sigs.k8s.io/yaml` converts them).

mod read;
mod resolve;

pub(crate) use read::{Doc, ReadFailure, Refusal, Sink, locate, read};
