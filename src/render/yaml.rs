//! `-o yaml`: the only caller of the YAML serializer (serde-saphyr, the YAML crate kube uses).

use serde::Serialize;

/// YAML of `value`.
pub fn write_yaml<T: Serialize>(out: &mut dyn std::io::Write, value: &T) -> std::io::Result<()> {
    let text = serde_saphyr::to_string(value).map_err(std::io::Error::other)?;
    out.write_all(text.as_bytes())
}
