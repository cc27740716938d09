//! The string type of the model's many small texts.

/// A string that keeps up to 24 bytes inline, with no allocation (`compact_str`), in the same
/// 24 bytes as a `String`. Names, namespaces, IPs, node names, zones, label keys and values are
/// almost all that short, and a 150k-pod dump holds about twenty of them per pod: as `String`s
/// they were most of the model's memory and allocations (docs/performance.md, "lean model").
pub type Str = compact_str::CompactString;
