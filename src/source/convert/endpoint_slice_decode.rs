//! The `endpoint_slice` wire shapes read by hand from an EndpointSlice's JSON text
//! (`json_cursor`): after Pods, the bulk of a big dump. Reads exactly what serde's derived
//! `Deserialize` of those shapes reads, or answers `None` and leaves the object to serde.

use super::endpoint_slice_wire::{
    WireConditions, WireEndpoint, WireHints, WireName, WireObjectRef, WirePort, WireSlice,
    WireSliceMeta, assemble,
};
use super::meta_decode::{labels, opt_atom, opt_text, owners, present, text, uid};
use super::stamp::Stamp;
use crate::model::{Addresses, EndpointSlice};
use crate::source::json_cursor::{Cursor, fields};

/// An EndpointSlice from its JSON text, as `endpoint_slice_wire::from_wire` makes it of serde's
/// shape; `None`: read it with serde. Each endpoint becomes the model's as it is read (the bulk
/// of a slice), not a wire shape kept in a list and converted after.
pub(super) fn slice(text: &str) -> Option<(EndpointSlice, Stamp)> {
    Cursor::whole(text, |c| {
        let mut s = WireSlice::default();
        let mut endpoints = None;
        fields!(c {
            "metadata" => s.metadata = c.opt(meta)?,
            "addressType" => s.address_type = c.opt(string)?,
            "ports" => s.ports = c.opt(|c| c.vec(port))?,
            "endpoints" => {
                endpoints = c.opt(|c| {
                    c.vec_sized_by_first(|c| endpoint(c).map(super::endpoint_slice_wire::endpoint))
                })?
            },
        })?;
        Some(assemble(s, endpoints.unwrap_or_default()))
    })
}

fn string(c: &mut Cursor<'_>) -> Option<String> {
    c.str().map(String::from)
}

/// `metadata` (also of Endpoints).
pub(super) fn meta(c: &mut Cursor<'_>) -> Option<WireSliceMeta> {
    let mut m = WireSliceMeta::default();
    fields!(c {
        "name" => m.name = opt_text(c)?,
        "namespace" => m.namespace = opt_text(c)?,
        "uid" => m.uid = uid(c)?,
        "resourceVersion" => m.resource_version = opt_text(c)?,
        "labels" => m.labels = c.opt(labels)?,
        "annotations" => m.annotations = c.opt(labels)?,
        "deletionTimestamp" => m.deletion_timestamp = present(c)?,
        "ownerReferences" => m.owner_references = c.opt(owners)?,
    })?;
    Some(m)
}

/// One of `ports` (also of Endpoints subsets).
pub(super) fn port(c: &mut Cursor<'_>) -> Option<WirePort> {
    let mut p = WirePort::default();
    fields!(c {
        "name" => p.name = c.opt(string)?,
        "port" => p.port = c.opt(Cursor::i32)?,
        "protocol" => p.protocol = c.opt(string)?,
        "appProtocol" => p.app_protocol = c.opt(string)?,
    })?;
    Some(p)
}

fn endpoint(c: &mut Cursor<'_>) -> Option<WireEndpoint> {
    let mut e = WireEndpoint::default();
    fields!(c {
        "addresses" => e.addresses = c.opt(addresses)?,
        "conditions" => e.conditions = c.opt(conditions)?,
        "hostname" => e.hostname = opt_atom(c)?,
        "nodeName" => e.node_name = opt_atom(c)?,
        "zone" => e.zone = opt_atom(c)?,
        "targetRef" => e.target_ref = c.opt(object_ref)?,
        "hints" => e.hints = c.opt(hints)?,
    })?;
    Some(e)
}

fn addresses(c: &mut Cursor<'_>) -> Option<Addresses> {
    let mut out = Addresses::new();
    c.array(|c| {
        out.push(text(c)?);
        Some(())
    })?;
    Some(out)
}

fn conditions(c: &mut Cursor<'_>) -> Option<WireConditions> {
    let mut k = WireConditions::default();
    fields!(c {
        "ready" => k.ready = c.opt(Cursor::bool)?,
        "serving" => k.serving = c.opt(Cursor::bool)?,
        "terminating" => k.terminating = c.opt(Cursor::bool)?,
    })?;
    Some(k)
}

/// A `targetRef` (also of Endpoints addresses).
pub(super) fn object_ref(c: &mut Cursor<'_>) -> Option<WireObjectRef> {
    let mut r = WireObjectRef::default();
    fields!(c {
        "kind" => r.kind = opt_atom(c)?,
        "namespace" => r.namespace = opt_atom(c)?,
        "name" => r.name = opt_text(c)?,
        "uid" => r.uid = uid(c)?,
    })?;
    Some(r)
}

fn hints(c: &mut Cursor<'_>) -> Option<WireHints> {
    let mut h = WireHints::default();
    let names = |c: &mut Cursor<'_>| {
        c.vec(|c| {
            let mut n = WireName::default();
            fields!(c {
                "name" => n.name = c.opt(string)?,
            })?;
            Some(n)
        })
    };
    fields!(c {
        "forZones" => h.for_zones = c.opt(names)?,
        "forNodes" => h.for_nodes = c.opt(names)?,
    })?;
    Some(h)
}

#[cfg(test)]
mod tests {
    use super::super::decode_testing;
    use super::*;

    fn agrees(text: &str) -> bool {
        decode_testing::agrees_as(slice, super::super::endpoint_slice_wire::from_wire, text)
    }

    #[test]
    fn recorded_slices_read_as_serde_reads_them() {
        let slices = decode_testing::recorded("EndpointSlice");
        for text in &slices {
            assert!(agrees(text), "left to serde: {text}");
        }
        assert!(slices.len() >= 40, "{} recorded slices", slices.len());
    }

    #[test]
    fn random_slices_read_as_serde_reads_them() {
        let (read, whole) = decode_testing::random("slice", fields_of, agrees);
        assert!(read > whole / 3, "{read} of {whole} read by hand");
    }

    #[test]
    fn the_unusual_is_left_to_serde() {
        for text in [
            r#"{"endpoints": [{"addresses": ["10.0.0.1"], "addresses": []}]}"#,
            r#"{"endpoints": [{"conditions": {"ready": "true"}}]}"#,
            r#"{"ports": [{"port": 80.0}]}"#,
            r#"{"endpoints": [{"addresses": [null]}]}"#,
            r#"{"addressType": 4}"#,
        ] {
            assert_eq!(slice(text), None, "{text}");
        }
        for text in [
            r#"{"addressType": "IPv4", "endpoints": null, "ports": [{"name": "", "port": 80}]}"#,
            r#"{"endpoints": [{"addresses": ["10.0.0.1", "10.0.0.2"], "hints": {"forZones": [{"name": "a"}]}}]}"#,
        ] {
            assert!(agrees(text), "{text}");
        }
    }

    fn fields_of(shape: &str) -> &'static [(&'static str, &'static str)] {
        match shape {
            "slice" => &[
                ("metadata", "objectMeta"),
                ("addressType", "str"),
                ("ports", "[]port"),
                ("endpoints", "[]endpoint"),
                ("kind", "str"),
            ],
            "endpoint" => &[
                ("addresses", "[]str"),
                ("conditions", "conditions"),
                ("hostname", "str"),
                ("nodeName", "str"),
                ("zone", "str"),
                ("targetRef", "ref"),
                ("hints", "hints"),
            ],
            "conditions" => &[
                ("ready", "bool"),
                ("serving", "bool"),
                ("terminating", "bool"),
            ],
            "hints" => &[("forZones", "[]zone"), ("forNodes", "[]zone")],
            "zone" => &[("name", "str")],
            shared => decode_testing::shared_fields(shared),
        }
    }
}
