//! The legacy Endpoints controller: which addresses it writes and its 1000-address cap.
//!
//! Upstream: `pkg/controller/endpoint/endpoints_controller.go` (`syncService`,
//! `podToEndpointAddressForService`, `addEndpointSubset`, `truncateEndpoints`,
//! `capacityAnnotationSetCorrectly`). Semantics doc §4.2.

use super::repack::repack_subsets;
use crate::model::{
    Atom, EndpointAddress, EndpointPort, Endpoints, EndpointsSubset, IpFamily, ObjectRef, Pod,
    Service, ServiceType, Str,
};
use crate::simulate::shared::named_port::resolve_target_port;

/// `maxCapacity`: the most addresses an Endpoints object holds.
pub const MAX_ENDPOINTS_CAPACITY: usize = 1000;

/// What the Endpoints controller writes for a Service.
#[derive(Debug, Clone, PartialEq)]
pub struct EndpointsOutcome {
    /// Subsets after truncation, in canonical form.
    pub subsets: Vec<EndpointsSubset>,
    /// Ready addresses written (over all subsets).
    pub addresses: usize,
    /// Not-ready addresses written.
    pub not_ready_addresses: usize,
    /// Ready addresses before truncation.
    pub addresses_before_truncation: usize,
    /// Not-ready addresses before truncation.
    pub not_ready_before_truncation: usize,
    /// More than 1000 addresses: truncated and annotated `over-capacity: truncated`.
    pub over_capacity: bool,
    /// Whether the current object already holds exactly this (`None`: no current object known).
    pub up_to_date: Option<bool>,
}

/// The Endpoints controller's result for `svc` and the pods its selector matches; `None` when
/// it writes nothing (ExternalName, or no selector).
pub fn endpoints_outcome(
    svc: &Service,
    pods: &[&Pod],
    current: Option<&Endpoints>,
) -> Option<EndpointsOutcome> {
    if svc.service_type() == ServiceType::ExternalName || svc.selector.is_none() {
        return None;
    }
    let mut subsets = repack_subsets(&raw_subsets(svc, pods));
    let (ready, not_ready) = count(&subsets);
    let over_capacity = truncate(&mut subsets);
    let (addresses, not_ready_addresses) = count(&subsets);
    let up_to_date = current.map(|c| {
        same_content(&c.subsets, &subsets) && c.over_capacity().is_some() == over_capacity
    });
    Some(EndpointsOutcome {
        subsets,
        addresses,
        not_ready_addresses,
        addresses_before_truncation: ready,
        not_ready_before_truncation: not_ready,
        over_capacity,
        up_to_date,
    })
}

fn count(subsets: &[EndpointsSubset]) -> (usize, usize) {
    subsets.iter().fold((0, 0), |(r, n), s| {
        (r + s.addresses.len(), n + s.not_ready_addresses.len())
    })
}

/// One single-address subset per (pod, resolved port), as `addEndpointSubset` builds them.
fn raw_subsets(svc: &Service, pods: &[&Pod]) -> Vec<EndpointsSubset> {
    let mut out = Vec::new();
    for pod in pods {
        // `ShouldPodBeInEndpoints(pod, publishNotReadyAddresses)`: terminating pods only with
        // publishNotReadyAddresses.
        if pod.phase.is_terminal()
            || !pod.has_ip()
            || (pod.deleting && !svc.publish_not_ready_addresses)
        {
            continue;
        }
        let Some(ip) = address_for_service(svc, pod) else {
            continue;
        };
        let addr = EndpointAddress {
            ip: ip.into(),
            hostname: pod.hostname().map(Atom::new).filter(|_| {
                pod.subdomain() == Some(svc.name.as_str()) && pod.namespace == svc.namespace
            }),
            node_name: Some(pod.node_name.unwrap_or_default()),
            target_ref: Some(ObjectRef {
                kind: "Pod".into(),
                namespace: pod.namespace,
                name: pod.name.clone(),
                uid: pod.uid.clone(),
            }),
        };
        let ready = svc.publish_not_ready_addresses || pod.is_ready();
        let subset = |ports: Vec<EndpointPort>| EndpointsSubset {
            addresses: if ready { vec![addr.clone()] } else { vec![] },
            not_ready_addresses: if ready { vec![] } else { vec![addr.clone()] },
            ports,
        };
        if svc.ports.is_empty() {
            // A Service without ports gets addresses only when headless.
            if svc.is_headless() {
                out.push(subset(vec![]));
            }
            continue;
        }
        for sp in &svc.ports {
            // `podutil.FindPort` (always searches sidecars).
            if let Some(port) = resolve_target_port(pod, sp, true).number() {
                out.push(subset(vec![EndpointPort {
                    name: Some(sp.name.clone()),
                    port: Some(port),
                    protocol: sp.protocol.clone(),
                    app_protocol: sp.app_protocol.clone(),
                }]));
            }
        }
    }
    out
}

/// The first `podIPs` entry of the Service's primary family (`ipFamilies[0]`; else the
/// clusterIP's family; else, headless, the family of `podIP`). The IP is not canonicalized.
fn address_for_service(svc: &Service, pod: &Pod) -> Option<String> {
    let family = match svc.ip_families.first() {
        Some(f) => *f,
        None => match svc.cluster_ip.as_deref() {
            Some(ip) if !ip.is_empty() && ip != "None" => IpFamily::of(ip).unwrap_or(IpFamily::V4),
            _ => pod
                .pod_ip
                .as_deref()
                .and_then(IpFamily::of)
                .unwrap_or(IpFamily::V4),
        },
    };
    (pod.pod_ips()
        .iter()
        .find(|ip| (IpFamily::of(ip) == Some(IpFamily::V6)) == (family == IpFamily::V6))
        .cloned())
    .map(String::from)
}

/// `truncateEndpoints`: above 1000 addresses, keep every ready address and share the rest of
/// the budget over the not-ready ones per subset (or, above 1000 ready, share 1000 over the
/// ready ones and drop every not-ready one). Each subset gets `ceil(count / total · budget)`,
/// capped by what is left, and keeps its first addresses in canonical order. Returns whether
/// it truncated.
pub fn truncate(subsets: &mut [EndpointsSubset]) -> bool {
    let ready: Vec<usize> = subsets.iter().map(|s| s.addresses.len()).collect();
    let not_ready: Vec<usize> = subsets
        .iter()
        .map(|s| s.not_ready_addresses.len())
        .collect();
    let Some((keep_ready, keep_not_ready)) = truncated_counts(&ready, &not_ready) else {
        return false;
    };
    for (s, (r, n)) in subsets
        .iter_mut()
        .zip(keep_ready.into_iter().zip(keep_not_ready))
    {
        s.addresses.truncate(r);
        s.not_ready_addresses.truncate(n);
    }
    true
}

/// [`truncate`] on counts: per subset, how many ready and not-ready addresses are kept, or
/// `None` when nothing is cut (at most 1000 in total).
pub fn truncated_counts(ready: &[usize], not_ready: &[usize]) -> Option<(Vec<usize>, Vec<usize>)> {
    let total_ready: usize = ready.iter().sum();
    let total_not_ready: usize = not_ready.iter().sum();
    if total_ready + total_not_ready <= MAX_ENDPOINTS_CAPACITY {
        return None;
    }
    let truncate_ready = total_ready > MAX_ENDPOINTS_CAPACITY;
    let (budget, total, counts) = if truncate_ready {
        (MAX_ENDPOINTS_CAPACITY, total_ready, ready)
    } else {
        (
            MAX_ENDPOINTS_CAPACITY - total_ready,
            total_not_ready,
            not_ready,
        )
    };
    let mut left = budget;
    let kept: Vec<usize> = counts
        .iter()
        .map(|&n| {
            // In this order, to round exactly like the Go code.
            let share = ((n as f64 / total as f64) * budget as f64).ceil() as usize;
            let keep = share.min(left).min(n);
            left -= keep;
            keep
        })
        .collect();
    Some(if truncate_ready {
        (kept, vec![0; not_ready.len()])
    } else {
        (ready.to_vec(), kept)
    })
}

/// Same subsets regardless of order (upstream's subset order is a hash; see `repack`).
fn same_content(a: &[EndpointsSubset], b: &[EndpointsSubset]) -> bool {
    fn norm(s: &[EndpointsSubset]) -> Vec<EndpointsSubset> {
        let ips = |x: &EndpointsSubset| -> Vec<Str> {
            x.addresses
                .iter()
                .chain(&x.not_ready_addresses)
                .map(|a| a.ip.clone())
                .collect()
        };
        let mut v = repack_subsets(s);
        v.sort_by(|x, y| x.ports.cmp(&y.ports).then_with(|| ips(x).cmp(&ips(y))));
        v
    }
    norm(a) == norm(b)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn subsets(ready: &[usize], not_ready: &[usize]) -> Vec<EndpointsSubset> {
        let mut k = 0;
        let mut addrs = |n: usize| {
            (0..n)
                .map(|_| {
                    k += 1;
                    EndpointAddress {
                        ip: compact_str::format_compact!(
                            "10.{}.{}.{}",
                            k / 65536,
                            (k / 256) % 256,
                            k % 256
                        ),
                        ..EndpointAddress::default()
                    }
                })
                .collect::<Vec<_>>()
        };
        ready
            .iter()
            .zip(not_ready)
            .map(|(r, n)| EndpointsSubset {
                addresses: addrs(*r),
                not_ready_addresses: addrs(*n),
                ports: vec![],
            })
            .collect()
    }

    /// `TestTruncateEndpoints` "mixed ready and not ready addresses".
    #[test]
    fn not_ready_addresses_share_what_the_ready_ones_leave() {
        let mut s = subsets(&[90, 110, 50, 10, 20], &[101, 200, 200, 201, 298]);
        assert!(truncate(&mut s));
        let kept: Vec<usize> = s.iter().map(|x| x.not_ready_addresses.len()).collect();
        assert_eq!(kept, vec![73, 144, 144, 145, 214]);
        let ready: Vec<usize> = s.iter().map(|x| x.addresses.len()).collect();
        assert_eq!(ready, vec![90, 110, 50, 10, 20]);
    }

    /// `TestTruncateEndpoints` "more than 1000 ready addresses".
    #[test]
    fn above_1000_ready_every_not_ready_address_goes() {
        let mut s = subsets(&[205, 400, 402, 400, 693], &[100, 100, 100, 100, 100]);
        assert!(truncate(&mut s));
        let kept: Vec<usize> = s.iter().map(|x| x.addresses.len()).collect();
        assert_eq!(kept, vec![98, 191, 192, 191, 328]);
        assert!(s.iter().all(|x| x.not_ready_addresses.is_empty()));
    }

    #[test]
    fn at_most_1000_nothing_is_cut() {
        let mut s = subsets(&[600], &[400]);
        assert!(!truncate(&mut s));
        assert_eq!(count(&s), (600, 400));
    }
}
