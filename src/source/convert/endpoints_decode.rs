//! The `endpoints` wire shapes read by hand from a v1 Endpoints' JSON text (`json_cursor`): a big
//! dump holds one per Service, with an address per pod. Reads exactly what serde's derived
//! `Deserialize` of those shapes reads, or answers `None` and leaves the object to serde.

use super::endpoint_slice_decode::{meta, object_ref, port};
use super::endpoints_wire::{WireAddress, assemble, ports};
use super::meta_decode::{opt_atom, opt_text};
use super::stamp::Stamp;
use crate::model::{Endpoints, EndpointsSubset};
use crate::source::json_cursor::{Cursor, fields};

/// An Endpoints object and its stamp from its JSON text, as `endpoints_wire::from_wire` makes
/// them of serde's shape; `None`: read it with serde. Each address becomes the model's as it is
/// read (an Endpoints holds one per pod), not a wire shape kept in a list and converted after.
pub(super) fn endpoints(text: &str) -> Option<(Endpoints, Stamp)> {
    Cursor::whole(text, |c| {
        let mut metadata = None;
        let mut subsets = None;
        fields!(c {
            "metadata" => metadata = c.opt(meta)?,
            "subsets" => subsets = c.opt(|c| c.vec(subset))?,
        })?;
        Some(assemble(metadata, subsets.unwrap_or_default()))
    })
}

fn subset(c: &mut Cursor<'_>) -> Option<EndpointsSubset> {
    let mut s = EndpointsSubset::default();
    let model = |c: &mut Cursor<'_>| address(c).map(super::endpoints_wire::address);
    let mut wire_ports = None;
    fields!(c {
        "addresses" => s.addresses = c.opt(|c| c.vec_sized_by_first(model))?.unwrap_or_default(),
        "notReadyAddresses" => {
            s.not_ready_addresses = c.opt(|c| c.vec_sized_by_first(model))?.unwrap_or_default()
        },
        "ports" => wire_ports = c.opt(|c| c.vec(port))?,
    })?;
    s.ports = ports(wire_ports);
    Some(s)
}

fn address(c: &mut Cursor<'_>) -> Option<WireAddress> {
    let mut a = WireAddress::default();
    fields!(c {
        "ip" => a.ip = opt_text(c)?,
        "hostname" => a.hostname = opt_atom(c)?,
        "nodeName" => a.node_name = opt_atom(c)?,
        "targetRef" => a.target_ref = c.opt(object_ref)?,
    })?;
    Some(a)
}

#[cfg(test)]
mod tests {
    use super::super::decode_testing;
    use super::*;

    fn agrees(text: &str) -> bool {
        decode_testing::agrees_as(endpoints, super::super::endpoints_wire::from_wire, text)
    }

    #[test]
    fn recorded_endpoints_read_as_serde_reads_them() {
        let all = decode_testing::recorded("Endpoints");
        for text in &all {
            assert!(agrees(text), "left to serde: {text}");
        }
        assert!(all.len() >= 20, "{} recorded Endpoints", all.len());
    }

    #[test]
    fn random_endpoints_read_as_serde_reads_them() {
        let (read, whole) = decode_testing::random("endpoints", fields_of, agrees);
        assert!(read > whole / 3, "{read} of {whole} read by hand");
    }

    #[test]
    fn the_unusual_is_left_to_serde() {
        for text in [
            r#"{"subsets": [{"addresses": [{"ip": "10.0.0.1", "ip": "10.0.0.2"}]}]}"#,
            r#"{"subsets": [{"ports": [{"port": "80"}]}]}"#,
            r#"{"subsets": {"addresses": []}}"#,
        ] {
            assert_eq!(endpoints(text), None, "{text}");
        }
        assert!(agrees(
            r#"{"subsets": [{"addresses": [{"ip": "10.0.0.1", "targetRef": {"kind": "Pod", "name": "a"}}], "notReadyAddresses": null}]}"#
        ));
    }

    fn fields_of(shape: &str) -> &'static [(&'static str, &'static str)] {
        match shape {
            "endpoints" => &[
                ("metadata", "objectMeta"),
                ("subsets", "[]subset"),
                ("kind", "str"),
            ],
            "subset" => &[
                ("addresses", "[]address"),
                ("notReadyAddresses", "[]address"),
                ("ports", "[]port"),
            ],
            "address" => &[
                ("ip", "str"),
                ("hostname", "str"),
                ("nodeName", "str"),
                ("targetRef", "ref"),
            ],
            shared => decode_testing::shared_fields(shared),
        }
    }
}
