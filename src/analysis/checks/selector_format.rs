//! How findings spell a selector.

use crate::model::Labels;

/// `app=web,tier=fe`.
pub(crate) fn format_selector(sel: &Labels) -> String {
    if sel.is_empty() {
        return "{} (empty)".to_string();
    }
    sel.iter()
        .map(|(k, v)| format!("{k}={v}"))
        .collect::<Vec<_>>()
        .join(",")
}
