//! Builds the chain: DNS, Service port, kube-proxy, then the backends' hops, and the verdict.

use super::backends::backend;
use super::client::resolve;
use super::dns_hop::destination;
use super::error::ReachError;
use super::options::ReachOptions;
use super::proxy::proxied;
use super::report::{BackendReach, HopStatus, Overall, Reach};
use super::request::{ClientSpec, TargetSpec};
use super::service_port::{port_label, service_port};
use crate::analysis::finding::ObjRef;
use crate::model::Cluster;

/// Answers whether `from` can reach `to` (both as the user typed them, for display).
pub fn reach(
    cluster: &Cluster,
    from: (&str, &ClientSpec),
    to: (&str, &TargetSpec),
    opts: &ReachOptions,
) -> Result<Reach, ReachError> {
    let client = resolve(cluster, from.1, opts.namespace.as_deref())?;
    let mut r = Reach {
        from: from.0.to_string(),
        client: client.description.clone(),
        to: to.0.to_string(),
        service: None,
        port: None,
        hops: vec![],
        backends: vec![],
        overall: Overall::Unknown,
        summary: String::new(),
        notes: client.notes.clone(),
    };
    let Some((svc, dialed)) = destination(cluster, &client, to.1, opts, &mut r)? else {
        return Ok(finish(r));
    };
    r.service = Some(ObjRef::namespaced("Service", &svc.namespace, &svc.name));
    let port_arg = match to.1 {
        TargetSpec::Name { port, .. } | TargetSpec::Address { port, .. } => port.as_deref(),
    };
    let Some(sp) = service_port(svc, port_arg, opts.protocol.as_ref(), &mut r)? else {
        return Ok(finish(r));
    };
    r.port = Some(port_label(sp));
    let targets = proxied(cluster, &client, svc, sp, dialed, opts, &mut r);
    if r.hops.iter().any(|h| h.status == HopStatus::Blocked) {
        return Ok(finish(r));
    }
    r.backends = targets
        .iter()
        .map(|t| {
            backend(
                cluster,
                &client,
                t,
                Some(sp),
                &sp.protocol,
                opts.rules.slice_named_ports_on_sidecars,
            )
        })
        .collect();
    Ok(finish(r))
}

/// The verdict from the hops.
fn finish(mut r: Reach) -> Reach {
    if let Some(h) = r.hops.iter().find(|h| h.status == HopStatus::Blocked) {
        r.overall = Overall::Blocked;
        r.summary = format!(
            "blocked at hop {} ({}): {}",
            h.kind.number(),
            h.kind.as_str(),
            h.message
        );
        return r;
    }
    let shared_unknown = r
        .hops
        .iter()
        .find(|h| h.status == HopStatus::Unknown)
        .cloned();
    let total = r.backends.len();
    let ok = r
        .backends
        .iter()
        .filter(|b| b.status() == HopStatus::Ok)
        .count();
    let blocked: Vec<&BackendReach> = r
        .backends
        .iter()
        .filter(|b| b.status() == HopStatus::Blocked)
        .collect();
    // An unknown shared hop leaves the answer unknown, unless every backend is blocked anyway.
    if let Some(h) = shared_unknown.filter(|_| total == 0 || blocked.len() < total) {
        r.overall = Overall::Unknown;
        r.summary = format!(
            "unknown at hop {} ({}): {}",
            h.kind.number(),
            h.kind.as_str(),
            h.message
        );
        return r;
    }
    if total == 0 {
        r.overall = Overall::Unknown;
        if r.summary.is_empty() {
            r.summary = "unknown: no backend to judge".into();
        }
        return r;
    }
    let first_blocked = |bs: &[&BackendReach]| {
        bs.first()
            .and_then(|b| {
                b.breaking().map(|h| {
                    format!(
                        "{} blocked at hop {} ({}): {}",
                        b.name,
                        h.kind.number(),
                        h.kind.as_str(),
                        h.message
                    )
                })
            })
            .unwrap_or_default()
    };
    (r.overall, r.summary) = if ok == total {
        (
            Overall::Reachable,
            format!("reachable: {ok} of {total} backend(s)"),
        )
    } else if ok > 0 && !blocked.is_empty() {
        (
            Overall::SomeBackendsBlocked,
            format!(
                "some backends blocked: {} of {total} backend(s) blocked, so connections fail intermittently; {}",
                blocked.len(),
                first_blocked(&blocked)
            ),
        )
    } else if ok > 0 {
        (
            Overall::Reachable,
            format!("reachable: {ok} of {total} backend(s); the others cannot be judged"),
        )
    } else if blocked.len() == total {
        (
            Overall::Blocked,
            format!(
                "blocked: all {total} backend(s); {}",
                first_blocked(&blocked)
            ),
        )
    } else {
        let b = r
            .backends
            .iter()
            .find(|b| b.status() == HopStatus::Unknown)
            .expect("one is unknown");
        let h = b.breaking().expect("unknown hop");
        (
            Overall::Unknown,
            format!(
                "unknown: {} at hop {} ({}): {}",
                b.name,
                h.kind.number(),
                h.kind.as_str(),
                h.message
            ),
        )
    };
    r
}
