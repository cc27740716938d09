//! The `endpoints` wire shapes read by hand from a v1 Endpoints' JSON text (`json_cursor`): a big
//! dump holds one per Service, with an address per pod. Reads exactly what serde's derived
//! `Deserialize` of those shapes reads, or answers `None` and leaves the object to serde.

use super::endpoint_slice_decode::{meta, object_ref, port};
use super::endpoints_wire::{WireAddress, WireEndpoints, WireSubset};
use super::meta_decode::{opt_boxed_text, opt_text};
use crate::source::json_cursor::{Cursor, Seen};

/// An Endpoints object from its JSON text; `None`: read it with serde.
pub(super) fn endpoints(text: &str) -> Option<WireEndpoints> {
    Cursor::whole(text, |c| {
        let mut e = WireEndpoints::default();
        let mut seen = Seen::default();
        c.object(|c, key| {
            match &*key {
                "metadata" => {
                    seen.first(0)?;
                    e.metadata = c.opt(meta)?;
                }
                "subsets" => {
                    seen.first(1)?;
                    e.subsets = c.opt(|c| c.vec(subset))?;
                }
                _ => c.skip()?,
            }
            Some(())
        })?;
        Some(e)
    })
}

fn subset(c: &mut Cursor<'_>) -> Option<WireSubset> {
    let mut s = WireSubset::default();
    let mut seen = Seen::default();
    c.object(|c, key| {
        match &*key {
            "addresses" => {
                seen.first(0)?;
                s.addresses = c.opt(|c| c.vec(address))?;
            }
            "notReadyAddresses" => {
                seen.first(1)?;
                s.not_ready_addresses = c.opt(|c| c.vec(address))?;
            }
            "ports" => {
                seen.first(2)?;
                s.ports = c.opt(|c| c.vec(port))?;
            }
            _ => c.skip()?,
        }
        Some(())
    })?;
    Some(s)
}

fn address(c: &mut Cursor<'_>) -> Option<WireAddress> {
    let mut a = WireAddress::default();
    let mut seen = Seen::default();
    c.object(|c, key| {
        match &*key {
            "ip" => {
                seen.first(0)?;
                a.ip = opt_text(c)?;
            }
            "hostname" => {
                seen.first(1)?;
                a.hostname = opt_boxed_text(c)?;
            }
            "nodeName" => {
                seen.first(2)?;
                a.node_name = opt_text(c)?;
            }
            "targetRef" => {
                seen.first(3)?;
                a.target_ref = c.opt(object_ref)?;
            }
            _ => c.skip()?,
        }
        Some(())
    })?;
    Some(a)
}

#[cfg(test)]
mod tests {
    use super::super::decode_testing;
    use super::*;

    fn agrees(text: &str) -> bool {
        decode_testing::agrees(endpoints, text)
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
