//! A v1 Service read by hand from its JSON text (`json_cursor`) into `k8s_openapi`'s
//! `Service`, the very value its derived `Deserialize` makes, so `service.rs` converts it as
//! before. A big dump holds one Service for every ~15 pods, and serde's generated visitors for
//! the full API type cost ~18k instructions a Service (~3.6% of a 150k-pod diagnose); the
//! fields are few and flat.
//!
//! What this reader does not hold (a field of the API type it does not read, a repeated key,
//! anything `Cursor` leaves alone) answers `None`, and serde reads the object, giving the same
//! value or the same error; a key the API type does not know is checked and passed over, as
//! its `IgnoredAny` does. `k8s_openapi` keeps the last of repeated keys; `fields!` leaves them
//! to serde.

use super::meta_decode::checked_str;
use crate::source::json_cursor::{Cursor, fields};
use k8s_openapi::api::core::v1 as api;
use k8s_openapi::apimachinery::pkg::apis::meta::v1::{ObjectMeta, OwnerReference, Time};
use k8s_openapi::apimachinery::pkg::util::intstr::IntOrString;
use std::collections::BTreeMap;

/// A Service from its JSON text, as serde reads it but for `metadata.managedFields`, which is
/// checked as serde checks it and left out (nothing reads it); `None`: read it with serde.
pub(super) fn service(text: &str) -> Option<api::Service> {
    Cursor::whole(text, |c| {
        let mut svc = api::Service::default();
        fields!(c {
            // The derived type checks both (`Resource::API_VERSION`, `KIND`).
            "apiVersion" => (c.str()? == "v1").then_some(())?,
            "kind" => (c.str()? == "Service").then_some(())?,
            "metadata" => svc.metadata = c.opt(metadata)?.unwrap_or_default(),
            "spec" => svc.spec = c.opt(spec)?,
            "status" => svc.status = c.opt(status)?,
        })?;
        Some(svc)
    })
}

/// No value of the API type's field is read here: serde reads the object.
fn not_here(_: &mut Cursor<'_>) -> Option<()> {
    None
}

fn string(c: &mut Cursor<'_>) -> Option<Option<String>> {
    c.opt(|c| c.str().map(String::from))
}

fn strings(c: &mut Cursor<'_>) -> Option<Option<Vec<String>>> {
    c.opt(|c| c.vec(|c| c.str().map(String::from)))
}

/// A `map[string]string` as serde builds a `BTreeMap` (the last of repeated keys).
fn string_map(c: &mut Cursor<'_>) -> Option<Option<BTreeMap<String, String>>> {
    c.opt(|c| {
        let mut map = BTreeMap::new();
        c.object(|c, key| {
            map.insert(key.into_owned(), c.str()?.into_owned());
            Some(())
        })?;
        Some(map)
    })
}

/// A `Time`: jiff's parser, which its `Deserialize` calls on the same text.
fn time(c: &mut Cursor<'_>) -> Option<Option<Time>> {
    c.opt(|c| c.str()?.parse().ok().map(Time))
}

fn metadata(c: &mut Cursor<'_>) -> Option<ObjectMeta> {
    let mut m = ObjectMeta::default();
    fields!(c {
        "name" => m.name = string(c)?,
        "namespace" => m.namespace = string(c)?,
        "uid" => m.uid = string(c)?,
        "resourceVersion" => m.resource_version = string(c)?,
        "creationTimestamp" => m.creation_timestamp = time(c)?,
        "deletionTimestamp" => m.deletion_timestamp = time(c)?,
        "labels" => m.labels = string_map(c)?,
        "annotations" => m.annotations = string_map(c)?,
        "generateName" => m.generate_name = string(c)?,
        "finalizers" => m.finalizers = strings(c)?,
        "ownerReferences" => m.owner_references = c.opt(|c| c.vec(owner))?,
        // What a dump read from the API server carries for each writer: checked, not kept.
        "managedFields" => {
            c.opt(|c| c.array(managed_fields_entry))?;
        },
        "selfLink" => m.self_link = string(c)?,
        "deletionGracePeriodSeconds" => not_here(c)?,
        "generation" => not_here(c)?,
    })?;
    Some(m)
}

/// An `OwnerReference`; its required strings read as `""` when missing or `null`, as the
/// derived type reads them.
fn owner(c: &mut Cursor<'_>) -> Option<OwnerReference> {
    let mut o = OwnerReference::default();
    fields!(c {
        "apiVersion" => o.api_version = string(c)?.unwrap_or_default(),
        "kind" => o.kind = string(c)?.unwrap_or_default(),
        "name" => o.name = string(c)?.unwrap_or_default(),
        "uid" => o.uid = string(c)?.unwrap_or_default(),
        "controller" => o.controller = c.opt(Cursor::bool)?,
        "blockOwnerDeletion" => o.block_owner_deletion = c.opt(Cursor::bool)?,
    })?;
    Some(o)
}

/// A `ManagedFieldsEntry`, checked as its derived type reads it (`fieldsV1` is any JSON).
fn managed_fields_entry(c: &mut Cursor<'_>) -> Option<()> {
    fields!(c {
        "apiVersion" => checked_str(c)?,
        "fieldsType" => checked_str(c)?,
        "fieldsV1" => c.skip()?,
        "manager" => checked_str(c)?,
        "operation" => checked_str(c)?,
        "subresource" => checked_str(c)?,
        "time" => {
            time(c)?;
        },
    })
}

fn spec(c: &mut Cursor<'_>) -> Option<api::ServiceSpec> {
    let mut s = api::ServiceSpec::default();
    fields!(c {
        "type" => s.type_ = string(c)?,
        "clusterIP" => s.cluster_ip = string(c)?,
        "clusterIPs" => s.cluster_ips = strings(c)?,
        "ipFamilies" => s.ip_families = strings(c)?,
        "ipFamilyPolicy" => s.ip_family_policy = string(c)?,
        "selector" => s.selector = string_map(c)?,
        "ports" => s.ports = c.opt(|c| c.vec(port))?,
        "sessionAffinity" => s.session_affinity = string(c)?,
        "internalTrafficPolicy" => s.internal_traffic_policy = string(c)?,
        "externalTrafficPolicy" => s.external_traffic_policy = string(c)?,
        "publishNotReadyAddresses" => s.publish_not_ready_addresses = c.opt(Cursor::bool)?,
        "allocateLoadBalancerNodePorts" => {
            s.allocate_load_balancer_node_ports = c.opt(Cursor::bool)?
        },
        "externalName" => s.external_name = string(c)?,
        "externalIPs" => s.external_ips = strings(c)?,
        "healthCheckNodePort" => s.health_check_node_port = c.opt(Cursor::i32)?,
        "loadBalancerClass" => s.load_balancer_class = string(c)?,
        "loadBalancerIP" => s.load_balancer_ip = string(c)?,
        "loadBalancerSourceRanges" => s.load_balancer_source_ranges = strings(c)?,
        "trafficDistribution" => s.traffic_distribution = string(c)?,
        "sessionAffinityConfig" => not_here(c)?,
    })?;
    Some(s)
}

fn port(c: &mut Cursor<'_>) -> Option<api::ServicePort> {
    let mut p = api::ServicePort::default();
    fields!(c {
        "name" => p.name = string(c)?,
        "protocol" => p.protocol = string(c)?,
        // Required, but the derived type reads a missing or `null` one as 0.
        "port" => p.port = c.opt(Cursor::i32)?.unwrap_or_default(),
        "targetPort" => p.target_port = c.opt(target_port)?,
        "nodePort" => p.node_port = c.opt(Cursor::i32)?,
        "appProtocol" => p.app_protocol = string(c)?,
    })?;
    Some(p)
}

/// `IntOrString`: a string, or an integer in `i32`'s range.
fn target_port(c: &mut Cursor<'_>) -> Option<IntOrString> {
    if c.peek_string() {
        return Some(IntOrString::String(c.str()?.into_owned()));
    }
    c.i32().map(IntOrString::Int)
}

fn status(c: &mut Cursor<'_>) -> Option<api::ServiceStatus> {
    let mut s = api::ServiceStatus::default();
    fields!(c {
        "loadBalancer" => s.load_balancer = c.opt(load_balancer)?,
        "conditions" => not_here(c)?,
    })?;
    Some(s)
}

fn load_balancer(c: &mut Cursor<'_>) -> Option<api::LoadBalancerStatus> {
    let mut lb = api::LoadBalancerStatus::default();
    fields!(c {
        "ingress" => lb.ingress = c.opt(|c| c.vec(ingress))?,
    })?;
    Some(lb)
}

fn ingress(c: &mut Cursor<'_>) -> Option<api::LoadBalancerIngress> {
    let mut i = api::LoadBalancerIngress::default();
    fields!(c {
        "ip" => i.ip = string(c)?,
        "hostname" => i.hostname = string(c)?,
        "ipMode" => i.ip_mode = string(c)?,
        "ports" => not_here(c)?,
    })?;
    Some(i)
}

#[cfg(test)]
mod tests {
    use super::super::decode_testing;
    use super::*;

    /// The reader's promise: serde's value without `managedFields`.
    fn agrees(text: &str) -> bool {
        decode_testing::agrees_as(
            service,
            |mut s: api::Service| {
                s.metadata.managed_fields = None;
                s
            },
            text,
        )
    }

    #[test]
    fn recorded_services_read_as_serde_reads_them() {
        let all = decode_testing::recorded("Service");
        for text in &all {
            assert!(agrees(text), "left to serde: {text}");
        }
        assert!(all.len() >= 20, "{} recorded Services", all.len());
    }

    #[test]
    fn random_services_read_as_serde_reads_them() {
        let (read, whole) = decode_testing::random("service", fields_of, agrees);
        assert!(read > whole / 4, "{read} of {whole} read by hand");
    }

    #[test]
    fn the_unusual_is_left_to_serde() {
        for text in [
            r#"{"apiVersion": "v2", "kind": "Service"}"#,
            r#"{"apiVersion": "v1", "kind": "Pod"}"#,
            r#"{"kind": null}"#,
            r#"{"metadata": {"name": "a", "name": "b"}}"#,
            r#"{"metadata": {"creationTimestamp": "2026-02-30T00:00:00Z"}}"#,
            r#"{"metadata": {"generation": 1}}"#,
            r#"{"metadata": {"managedFields": [{"time": "yesterday"}]}}"#,
            r#"{"spec": {"ports": [{"port": 80, "targetPort": 80.0}]}}"#,
            r#"{"spec": {"ports": [{"port": 80, "targetPort": 2147483648}]}}"#,
            r#"{"spec": {"selector": {"app": null}}}"#,
            r#"{"spec": {"sessionAffinityConfig": {"clientIP": {"timeoutSeconds": 60}}}}"#,
            r#"{"status": {"conditions": []}}"#,
        ] {
            assert_eq!(service(text), None, "{text}");
        }
    }

    #[test]
    fn a_dump_service_is_read_as_serde_reads_it() {
        let text = r#"{"apiVersion":"v1","kind":"Service","metadata":{"name":"web","namespace":"shop","uid":"u-1","resourceVersion":"42","creationTimestamp":"2026-11-22T12:00:00Z","labels":{"app":"web"},"annotations":{"a":"b"}},"spec":{"type":"NodePort","clusterIP":"10.96.0.10","clusterIPs":["10.96.0.10"],"ipFamilies":["IPv4"],"ipFamilyPolicy":"SingleStack","internalTrafficPolicy":"Cluster","externalTrafficPolicy":"Local","selector":{"app":"web","tier":"fe"},"sessionAffinity":"None","ports":[{"name":"http","port":80,"protocol":"TCP","targetPort":"http","nodePort":30080},{"name":"m","port":9090,"targetPort":9090}]},"status":{"loadBalancer":{"ingress":[{"ip":"1.2.3.4","ipMode":"VIP"}]}}}"#;
        assert!(agrees(text));
        let svc = service(text).unwrap();
        let spec = svc.spec.unwrap();
        assert_eq!(spec.ports.as_ref().map(Vec::len), Some(2));
        assert_eq!(
            spec.ports.unwrap()[0].target_port,
            Some(IntOrString::String("http".into()))
        );
    }

    /// The fields of each shape the generator writes (`decode_testing::Gen`).
    fn fields_of(shape: &str) -> &'static [(&'static str, &'static str)] {
        match shape {
            // apiVersion and kind: random texts are never "v1" and "Service" (see the tests
            // above for both).
            "service" => &[("metadata", "meta"), ("spec", "spec"), ("status", "status")],
            "meta" => &[
                ("name", "str"),
                ("namespace", "str"),
                ("uid", "str"),
                ("resourceVersion", "str"),
                ("creationTimestamp", "str"),
                ("labels", "labels"),
                ("annotations", "labels"),
                ("finalizers", "[]str"),
                ("ownerReferences", "[]owner"),
                ("managedFields", "[]managed"),
            ],
            "managed" => &[
                ("manager", "str"),
                ("operation", "str"),
                ("fieldsV1", "labels"),
                ("time", "str"),
            ],
            "spec" => &[
                ("type", "str"),
                ("clusterIP", "str"),
                ("clusterIPs", "[]str"),
                ("selector", "labels"),
                ("ports", "[]port"),
                ("publishNotReadyAddresses", "bool"),
                ("healthCheckNodePort", "int"),
            ],
            "port" => &[
                ("name", "str"),
                ("port", "int"),
                ("targetPort", "int"),
                ("nodePort", "int"),
                ("protocol", "str"),
            ],
            "status" => &[("loadBalancer", "lb")],
            "lb" => &[("ingress", "[]ingress")],
            "ingress" => &[("ip", "str"), ("hostname", "str")],
            other => decode_testing::shared_fields(other),
        }
    }
}
