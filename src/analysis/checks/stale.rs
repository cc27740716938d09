//! `slice-stale`: the controller-managed EndpointSlices differ from what the EndpointSlice
//! controller would write now.
//!
//! The comparison is on SETS, per address type (semantics §2.12): every eligible pod has exactly
//! one endpoint with the fields of `podToEndpoint` (address, conditions, nodeName, zone,
//! hostname, targetRef incl. UID) in a slice whose port set is the pod's; no endpoint for
//! anything else; non-reserved labels equal the Service's; owned by the current Service; a
//! placeholder iff nothing else of the type is left. Packing (which endpoint sits in which
//! slice, sizes, order) is NOT staleness: the controller never repacks (§2.2–§2.4).
//!
//! `compare` is the only place that knows how "what the controller wants" is computed (today
//! `simulate::desired_state`); swapping it for a reconcile plan changes only that function.

use super::Ctx;
use super::stale_discrepancy::Discrepancy;
use crate::analysis::finding::Finding;
use crate::model::{
    AddressType, Endpoint, EndpointPort, EndpointSlice, Labels, MANAGED_BY_CONTROLLER, Service, Str,
};
use crate::simulate::{DesiredEndpoint, DesiredGroup, DesiredState, Exclusion};
use foldhash::{HashMap, HashMapExt, HashSet};
use std::collections::BTreeSet;

/// Label keys the controller manages itself; only the others must equal the Service's
/// (`endpointslice/reconciler.go` `setEndpointSliceLabels`, semantics §2.9).
const RESERVED_LABELS: [&str; 3] = [
    "kubernetes.io/service-name",
    "endpointslice.kubernetes.io/managed-by",
    "service.kubernetes.io/headless",
];

/// Reports stale controller-managed slices of a Service the controller manages.
pub(super) fn check_slice_stale(ctx: &Ctx<'_>) -> Vec<Finding> {
    let Some(desired) = &ctx.desired else {
        return vec![];
    };
    // An input without any EndpointSlice (pods and Services only) cannot show staleness.
    if !ctx.look.cluster.endpoint_slices_known {
        return vec![];
    }
    let mut diffs = compare(ctx, desired);
    if diffs.is_empty() {
        return vec![];
    }
    diffs.sort();
    vec![super::stale_report::stale_finding(ctx, &diffs)]
}

/// Actual managed slices vs `desired`, as sets.
pub(crate) fn compare(ctx: &Ctx<'_>, desired: &DesiredState) -> Vec<Discrepancy> {
    let svc = ctx.svc;
    let managed: Vec<&EndpointSlice> = ctx
        .slices
        .iter()
        .copied()
        .filter(|s| !s.deleting && s.managed_by() == Some(MANAGED_BY_CONTROLLER))
        .collect();
    let mut out = Vec::new();
    for slice in &managed {
        slice_level(svc, slice, &desired.address_types, &mut out);
    }
    // Slices not owned by the current Service are deleted whatever they hold (§2.1), so only
    // owned ones can carry the endpoints the controller wants.
    let owned: Vec<&EndpointSlice> = managed
        .iter()
        .copied()
        .filter(|s| owned_by(svc, s))
        .collect();
    for at in &desired.address_types {
        let of_type: Vec<&EndpointSlice> = owned
            .iter()
            .copied()
            .filter(|s| s.address_type.as_ref() == Some(at))
            .collect();
        per_address_type(ctx, desired, at, &of_type, &mut out);
    }
    out
}

/// Ownership, address type and labels of one slice.
fn slice_level(
    svc: &Service,
    slice: &EndpointSlice,
    types: &[AddressType],
    out: &mut Vec<Discrepancy>,
) {
    let name = slice.name.clone();
    if !owned_by(svc, slice) {
        out.push(Discrepancy::Slice {
            slice: name.to_string(),
            why: "not owned by the current Service (its ownerReference names another UID); the controller deletes it".into(),
        });
    }
    match &slice.address_type {
        Some(at) if types.contains(at) => {}
        other => out.push(Discrepancy::Slice {
            slice: name.to_string(),
            why: format!(
                "addressType {} is not one of the Service's families; the controller deletes it",
                other.as_ref().map_or("(none)", |a| a.as_str())
            ),
        }),
    }
    let want = non_reserved(&svc.labels);
    let have = non_reserved(&slice.labels);
    if want != have {
        out.push(Discrepancy::Slice {
            slice: name.to_string(),
            why: format!(
                "labels {} (the Service's labels are {})",
                show_labels(&have),
                show_labels(&want)
            ),
        });
    }
}

fn per_address_type(
    ctx: &Ctx<'_>,
    desired: &DesiredState,
    at: &AddressType,
    slices: &[&EndpointSlice],
    out: &mut Vec<Discrepancy>,
) {
    // Each group's sorted ports once; endpoints borrow them (a big Service has hundreds).
    let groups: Vec<(&DesiredGroup, Vec<EndpointPort>)> = desired
        .groups
        .iter()
        .filter(|g| &g.address_type == at)
        .map(|g| (g, sorted(&g.ports)))
        .collect();
    let n = groups.iter().map(|(g, _)| g.endpoints.len()).sum();
    // Pod name -> (endpoint, index of its group in `groups`, its place in `seen.wanted`).
    let mut wanted: Wanted<'_> = HashMap::with_capacity(n);
    let mut keys: BTreeSet<&[EndpointPort]> = BTreeSet::new();
    for (gi, (g, key)) in groups.iter().enumerate() {
        for e in &g.endpoints {
            // A name met again keeps its place and takes the later endpoint (as `insert` did).
            let place = wanted.len();
            wanted
                .entry(e.target_ref.name.as_str())
                .and_modify(|w| (w.0, w.1) = (e, gi))
                .or_insert((e, gi, place));
        }
        keys.insert(key.as_slice());
    }
    // The pods already met in a slice of this type.
    let mut seen = Seen {
        wanted: vec![false; wanted.len()],
        others: HashSet::default(),
    };
    // How many wanted pods were met: all of them (the common case) leaves none missing.
    let mut met = 0;
    let mut placeholders = Vec::new();
    for slice in slices {
        let key = sorted(&slice.ports);
        if slice.endpoints.is_empty() {
            if keys.contains(key.as_slice()) {
                continue;
            }
            if slice.ports.is_empty() {
                placeholders.push(slice.name.clone());
            } else {
                out.push(Discrepancy::Slice {
                    slice: slice.name.to_string(),
                    why: "an empty slice for a port set no pod resolves to; the controller deletes it".into(),
                });
            }
            continue;
        }
        // The group whose port set is the slice's: its endpoints' ports need no comparing.
        let key_group = groups.iter().position(|(_, k)| *k == key);
        let ports = SlicePorts {
            key: &key,
            group: key_group,
            groups: &groups,
        };
        for e in &slice.endpoints {
            met += usize::from(endpoint(
                ctx, desired, slice, &ports, e, &wanted, &mut seen, out,
            ));
        }
    }
    if met < wanted.len() {
        let mut missing: Vec<&str> = wanted
            .iter()
            .filter(|(_, (_, _, place))| !seen.wanted[*place])
            .map(|(p, _)| *p)
            .collect();
        missing.sort_unstable();
        out.extend(
            missing
                .into_iter()
                .map(|p| Discrepancy::Missing { pod: p.to_string() }),
        );
    }
    // A placeholder exists iff nothing else of this type is left (§2.6); an empty slice of a
    // still-wanted port set counts as "something left".
    let kept_empty = slices
        .iter()
        .any(|s| s.endpoints.is_empty() && keys.contains(sorted(&s.ports).as_slice()));
    let placeholder_expected = wanted.is_empty() && !kept_empty;
    let allowed = usize::from(placeholder_expected);
    for extra in placeholders.iter().skip(allowed) {
        out.push(Discrepancy::Slice {
            slice: extra.to_string(),
            why: "an extra placeholder (empty, no ports) next to other slices; the controller deletes it".into(),
        });
    }
    if placeholder_expected && slices.is_empty() {
        out.push(Discrepancy::MissingPlaceholder {
            address_type: at.as_str().to_string(),
        });
    }
}

/// The wanted pods by name: the endpoint the controller wants, the index of its group, and its
/// place in [`Seen::wanted`].
type Wanted<'d> = HashMap<&'d str, (&'d DesiredEndpoint, usize, usize)>;

/// The pods met in the slices so far: the wanted ones by their place (no second hash of the
/// name per endpoint), the others by name.
struct Seen<'a> {
    wanted: Vec<bool>,
    others: HashSet<&'a str>,
}

/// A slice's sorted port set, and which desired group (if any) has the same one.
struct SlicePorts<'k> {
    key: &'k [EndpointPort],
    group: Option<usize>,
    groups: &'k [(&'k DesiredGroup, Vec<EndpointPort>)],
}

impl SlicePorts<'_> {
    /// Whether the slice's ports are those of group `gi` (groups of one address type have
    /// distinct port sets, so most endpoints are settled by the index).
    fn same_as(&self, gi: usize) -> bool {
        self.group == Some(gi) || self.key == self.groups[gi].1.as_slice()
    }
}

/// Judges one endpoint of a slice; true when it is the first met of a wanted pod.
#[allow(clippy::too_many_arguments)]
fn endpoint<'a>(
    ctx: &Ctx<'_>,
    desired: &DesiredState,
    slice: &EndpointSlice,
    ports: &SlicePorts<'_>,
    e: &'a Endpoint,
    wanted: &Wanted<'_>,
    seen: &mut Seen<'a>,
    out: &mut Vec<Discrepancy>,
) -> bool {
    let pod = e
        .target_ref
        .as_ref()
        .filter(|r| r.kind == "Pod" && r.namespace == ctx.svc.namespace)
        .map(|r| r.name.as_str());
    let Some(pod) = pod else {
        out.push(Discrepancy::Extra {
            who: e
                .addresses
                .first()
                .cloned()
                .unwrap_or_else(|| "(no address)".into())
                .to_string(),
            slice: slice.name.to_string(),
            why: "an endpoint without a Pod targetRef in a controller-managed slice".into(),
            pod: false,
        });
        return false;
    };
    let hit = wanted.get(pod);
    let first = match hit {
        Some(&(_, _, place)) => !std::mem::replace(&mut seen.wanted[place], true),
        None => seen.others.insert(pod),
    };
    if !first {
        out.push(Discrepancy::Duplicate {
            pod: pod.to_string(),
            slice: slice.name.to_string(),
        });
        return false;
    }
    match hit {
        Some(&(want, gi, _)) => {
            let fields = changed_fields(ctx, e, want, ports, gi);
            if !fields.is_empty() {
                out.push(Discrepancy::Changed {
                    pod: pod.to_string(),
                    slice: slice.name.to_string(),
                    fields,
                });
            }
            true
        }
        None => {
            let why = why_unwanted(ctx, desired, pod);
            out.push(Discrepancy::Extra {
                who: pod.to_string(),
                slice: slice.name.to_string(),
                why,
                pod: true,
            });
            false
        }
    }
}

fn why_unwanted(ctx: &Ctx<'_>, desired: &DesiredState, pod: &str) -> String {
    let Some(p) = ctx.look.pod(&ctx.svc.namespace, pod) else {
        return "its pod no longer exists".into();
    };
    let index = ctx.selected.iter().position(|s| std::ptr::eq(*s, p));
    let Some(v) = index.and_then(|i| desired.verdicts.iter().find(|v| v.pod == i)) else {
        return "its pod is no longer selected (labels changed)".into();
    };
    match v.exclusion {
        Some(Exclusion::TerminalPhase) => {
            format!("its pod has finished (phase {})", p.phase.as_str())
        }
        Some(Exclusion::NoIp) => "its pod has no IP".into(),
        Some(Exclusion::NodeMissing) => "its pod's Node no longer exists".into(),
        Some(Exclusion::FamilyMismatch) | None => "its pod has no IP of this address type".into(),
    }
}

fn changed_fields(
    ctx: &Ctx<'_>,
    e: &Endpoint,
    want: &DesiredEndpoint,
    ports: &SlicePorts<'_>,
    gi: usize,
) -> Vec<String> {
    let mut f = Vec::new();
    // Sorted copies only when the lists are not both sorted already (the controller sorts).
    let same_addresses = if e.addresses.is_sorted() && want.addresses.is_sorted() {
        e.addresses[..] == want.addresses[..]
    } else {
        sorted_texts(&e.addresses) == sorted_texts(&want.addresses)
    };
    if !same_addresses {
        let have_addr = sorted_texts(&e.addresses);
        let want_addr = sorted_texts(&want.addresses);
        f.push(format!(
            "address {} (pod has {})",
            have_addr.join(","),
            want_addr.join(",")
        ));
    }
    let c = &e.conditions;
    let w = &want.conditions;
    for (name, have, want) in [
        ("ready", c.ready, w.ready),
        ("serving", c.serving, w.serving),
        ("terminating", c.terminating, w.terminating),
    ] {
        if have != Some(want) {
            f.push(format!("{name} {} (should be {want})", show_bool(have)));
        }
    }
    if e.node_name != want.node_name {
        f.push(format!(
            "nodeName {} (pod is on {})",
            show(e.node_name.as_deref()),
            show(want.node_name.as_deref())
        ));
    }
    // Zones are known only when Nodes were read.
    if ctx.look.nodes.known() && e.zone != want.zone {
        f.push(format!(
            "zone {} (node's zone is {})",
            show(e.zone.as_deref()),
            show(want.zone.as_deref())
        ));
    }
    if e.hostname.as_deref() != want.hostname.as_deref() {
        f.push(format!(
            "hostname {} (should be {})",
            show(e.hostname.as_deref()),
            show(want.hostname.as_deref())
        ));
    }
    if let Some(r) = &e.target_ref
        && !want.target_ref.uid.is_empty()
        && r.uid != want.target_ref.uid
    {
        f.push(format!(
            "targetRef.uid {} (the pod's UID is {}: the pod was recreated)",
            r.uid, want.target_ref.uid
        ));
    }
    if !ports.same_as(gi) {
        f.push(format!(
            "ports [{}] (the pod resolves [{}])",
            show_ports(ports.key),
            show_ports(&ports.groups[gi].1)
        ));
    }
    f
}

/// An ownerReference to the Service's UID (a manifest without UIDs counts as owned).
fn owned_by(svc: &Service, slice: &EndpointSlice) -> bool {
    svc.uid.is_empty()
        || slice
            .owner_references
            .iter()
            .any(|o| o.kind == "Service" && o.uid == svc.uid)
}

fn non_reserved(labels: &Labels) -> Labels {
    labels
        .iter()
        .filter(|(k, _)| !RESERVED_LABELS.contains(&k.as_str()))
        .map(|(k, v)| (*k, v.clone()))
        .collect()
}

fn sorted_texts(texts: &[Str]) -> Vec<Str> {
    let mut v = texts.to_vec();
    v.sort();
    v
}

fn sorted(ports: &[EndpointPort]) -> Vec<EndpointPort> {
    let mut v = ports.to_vec();
    v.sort();
    v
}

fn show_labels(l: &Labels) -> String {
    if l.is_empty() {
        return "{}".into();
    }
    let v: Vec<String> = l.iter().map(|(k, v)| format!("{k}={v}")).collect();
    format!("{{{}}}", v.join(","))
}

fn show_ports(ports: &[EndpointPort]) -> String {
    ports
        .iter()
        .map(|p| {
            format!(
                "{}={}/{}",
                p.name.as_deref().unwrap_or(""),
                p.port.map_or_else(|| "?".into(), |n| n.to_string()),
                p.protocol.as_str()
            )
        })
        .collect::<Vec<_>>()
        .join(" ")
}

fn show(v: Option<&str>) -> String {
    v.unwrap_or("unset").to_string()
}

fn show_bool(v: Option<bool>) -> String {
    v.map_or_else(|| "(unset)".into(), |b| b.to_string())
}
