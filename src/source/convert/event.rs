//! Events (core/v1 and events.k8s.io/v1) -> model.

use super::{meta, typed};
use crate::model::Event;

pub(crate) fn core_event(value: impl super::Input) -> Result<Event, super::Refused> {
    let e: k8s_openapi::api::core::v1::Event = typed(value, "Event")?;
    Ok(Event {
        namespace: meta::namespace(&e.metadata),
        name: e.metadata.name.clone().unwrap_or_default(),
        involved_kind: e.involved_object.kind.unwrap_or_default(),
        involved_name: e.involved_object.name.unwrap_or_default(),
        type_: e.type_.unwrap_or_default(),
        reason: e.reason.unwrap_or_default(),
        message: e.message.unwrap_or_default(),
        count: e.count.unwrap_or(1),
    })
}

pub(crate) fn events_v1_event(value: impl super::Input) -> Result<Event, super::Refused> {
    let e: k8s_openapi::api::events::v1::Event = typed(value, "Event")?;
    let regarding = e.regarding.unwrap_or_default();
    Ok(Event {
        namespace: meta::namespace(&e.metadata),
        name: e.metadata.name.clone().unwrap_or_default(),
        involved_kind: regarding.kind.unwrap_or_default(),
        involved_name: regarding.name.unwrap_or_default(),
        type_: e.type_.unwrap_or_default(),
        reason: e.reason.unwrap_or_default(),
        message: e.note.unwrap_or_default(),
        count: e
            .deprecated_count
            .or(e.series.map(|s| s.count))
            .unwrap_or(1),
    })
}
