//! A Pod read by hand from its JSON text (`json_cursor`) straight into the model, with its
//! stamp and whether it is cluster state: what `pod::from_wire` makes of the `pod_wire` shapes
//! serde reads, without building them (no second pass, and no strings made for the conditions,
//! statuses and owner fields that are dropped). It reads only what serde's derived
//! `Deserialize` of those shapes reads, or answers `None` and leaves the object to serde: a
//! field the shapes do not hold is checked and passed over, as serde's `IgnoredAny` does;
//! `null` is a missing field.

use super::meta;
use super::meta_decode::{
    LabelPairs, checked_str, label_pairs, labels_of, opt_atom, opt_text, present, uid,
};
use super::pod_finish::{container_state, read_condition, shrink};
use super::stamp::Stamp;
use crate::model::{
    Atom, Container, ContainerPort, ContainerState, ObjectUid, Pod, PodCondition, PodExtras,
    PodPhase, Protocol, SharedLabels, Str,
};
use crate::source::json_cursor::{Cursor, fields};
use smallvec::SmallVec;
use std::borrow::Cow;
use std::cell::RefCell;

/// A Pod, its stamp and whether it is cluster state, from its JSON text; `None`: read it with
/// serde.
pub(super) fn pod(text: &str) -> Option<(Pod, Stamp, bool)> {
    let mut read = PodText::default();
    Cursor::whole(text, |c| {
        fields!(c {
            "metadata" => c.opt(|c| read.meta(c))?,
            "spec" => c.opt(|c| read.spec(c))?,
            "status" => c.opt(|c| read.status(c))?,
        })
    })?;
    Some(read.finish())
}

/// What is read of a Pod, until all of it is (statuses name containers listed before or after
/// them; conditions are kept by the readiness gates).
#[derive(Default)]
struct PodText<'a> {
    name: Option<Str>,
    namespace: Option<Atom>,
    uid: Option<ObjectUid>,
    resource_version: Option<Cow<'a, str>>,
    created: bool,
    labels: Option<SharedLabels>,
    deleting: bool,
    owner: Option<(Atom, Str)>,
    containers: Vec<Container>,
    /// Init containers with their `restartPolicy: Always`.
    init_containers: Vec<(Container, bool)>,
    readiness_gates: Vec<Str>,
    hostname: Option<Str>,
    subdomain: Option<Str>,
    node_name: Option<Atom>,
    host_network: Option<bool>,
    dns_policy: Option<Cow<'a, str>>,
    phase: Option<Cow<'a, str>>,
    pod_ip: Option<Str>,
    pod_ips: SmallVec<[Str; 2]>,
    /// Read in place (not built apart and moved in: a pod's text is ~1.3 KB, and moving it
    /// and its arrays about was most of the bytes copied while reading a dump).
    conditions: SmallVec<[ConditionText<'a>; 6]>,
    statuses: SmallVec<[StatusText<'a>; 2]>,
    init_statuses: SmallVec<[StatusText<'a>; 2]>,
}

#[derive(Default)]
struct ConditionText<'a> {
    type_: Option<Cow<'a, str>>,
    status: Option<Cow<'a, str>>,
    reason: Option<Cow<'a, str>>,
    message: Option<Cow<'a, str>>,
}

#[derive(Default)]
struct StatusText<'a> {
    name: Option<Cow<'a, str>>,
    ready: Option<bool>,
    state: Option<ContainerState>,
}

/// A string, borrowed when it has no escape; `null` is `None`.
fn opt_str<'a>(c: &mut Cursor<'a>) -> Option<Option<Cow<'a, str>>> {
    c.opt(Cursor::str)
}

impl<'a> PodText<'a> {
    fn meta(&mut self, c: &mut Cursor<'a>) -> Option<()> {
        fields!(c {
            "name" => self.name = opt_text(c)?,
            "namespace" => self.namespace = opt_atom(c)?,
            "uid" => self.uid = uid(c)?,
            "resourceVersion" => self.resource_version = opt_str(c)?,
            "creationTimestamp" => self.created = present(c)?.is_some(),
            "labels" => self.labels = c.opt(|c| label_pairs(c).map(shared))?,
            "deletionTimestamp" => self.deleting = present(c)?.is_some(),
            "ownerReferences" => self.owner = c.opt(controller)?.flatten(),
        })
    }

    fn spec(&mut self, c: &mut Cursor<'a>) -> Option<()> {
        fields!(c {
            "containers" => {
                self.containers = c
                    .opt(|c| c.vec(|c| container(c).map(|(k, _)| k)))?
                    .unwrap_or_default();
            },
            "initContainers" => {
                self.init_containers = c.opt(|c| c.vec(container))?.unwrap_or_default();
            },
            "readinessGates" => {
                self.readiness_gates = c.opt(|c| c.vec(readiness_gate))?.unwrap_or_default();
            },
            "hostname" => self.hostname = opt_text(c)?,
            "subdomain" => self.subdomain = opt_text(c)?,
            "nodeName" => self.node_name = opt_atom(c)?,
            "hostNetwork" => self.host_network = c.opt(Cursor::bool)?,
            "dnsPolicy" => self.dns_policy = opt_str(c)?,
            // Rare, and a full API type: serde reads a pod that sets it.
            "dnsConfig" => c.null()?.then_some(())?,
        })
    }

    fn status(&mut self, c: &mut Cursor<'a>) -> Option<()> {
        fields!(c {
            "phase" => self.phase = opt_str(c)?,
            "podIP" => self.pod_ip = opt_text(c)?,
            "podIPs" => c.opt(|c| read_into(c, &mut self.pod_ips, pod_ip))?,
            "conditions" => c.opt(|c| read_into(c, &mut self.conditions, condition))?,
            "containerStatuses" => {
                c.opt(|c| read_into(c, &mut self.statuses, container_status))?;
            },
            "initContainerStatuses" => {
                c.opt(|c| read_into(c, &mut self.init_statuses, container_status))?;
            },
        })
    }

    /// The pod, as `pod::from_wire` makes it from the same fields.
    fn finish(&mut self) -> (Pod, Stamp, bool) {
        let mut stamp = Stamp::new(
            self.namespace.as_deref(),
            self.uid.clone(),
            self.resource_version.as_deref(),
        );
        stamp.status = self.phase.is_some()
            || self.pod_ip.is_some()
            || !self.pod_ips.is_empty()
            || !self.conditions.is_empty()
            || !self.statuses.is_empty()
            || !self.init_statuses.is_empty();
        let live = stamp.live() || self.created;
        let statuses = &self.statuses;
        let init_statuses = &self.init_statuses;
        let containers = std::mem::take(&mut self.containers)
            .into_iter()
            .map(|k| with_status(k, statuses))
            .collect();
        // Restartable init containers are sidecars (`pod::spec_with_statuses`).
        let sidecars = std::mem::take(&mut self.init_containers)
            .into_iter()
            .filter(|(_, always)| *always)
            .map(|(k, _)| with_status(k, init_statuses))
            .collect();
        let gates = std::mem::take(&mut self.readiness_gates);
        // Sized exactly: collected from a filter, a `Vec` gets room for four and `shrink`
        // then reallocates it (~1% of reading a big dump).
        let kept = |k: &&ConditionText<'_>| read_condition(k.type_.as_deref(), &gates);
        let mut conditions = Vec::with_capacity(self.conditions.iter().filter(kept).count());
        conditions.extend(self.conditions.iter().filter(kept).map(|k| {
            let text = |t: &Option<Cow<'_, str>>| t.as_deref().map(Str::from);
            let atom = |t: &Option<Cow<'_, str>>| t.as_deref().map(Atom::new);
            PodCondition::new(
                atom(&k.type_).unwrap_or_default(),
                atom(&k.status).unwrap_or_default(),
            )
            .with_detail(text(&k.reason), text(&k.message))
        }));
        let extras = PodExtras {
            hostname: self.hostname.take().filter(|n| !n.is_empty()),
            subdomain: self.subdomain.take().filter(|n| !n.is_empty()),
            sidecars,
            readiness_gates: gates,
            // ClusterFirst is the default (`pod::spec_with_statuses`).
            dns_policy: self
                .dns_policy
                .take()
                .filter(|p| !p.is_empty() && p != "ClusterFirst")
                .map(String::from),
            dns_config: None,
        };
        let pod_ip = self.pod_ip.take().filter(|ip| !ip.is_empty());
        // Most pods list their one IP again: kept once, without allocating the list (what
        // `shrink` does with a list read by serde).
        let ips_are_pod_ip = self.pod_ips.len() == 1 && self.pod_ips.first() == pod_ip.as_ref();
        let listed_ips = if ips_are_pod_ip {
            Vec::new()
        } else {
            std::mem::take(&mut self.pod_ips).into_vec()
        };
        let mut pod = Pod {
            namespace: meta::namespace_or_default(self.namespace.take()),
            name: self.name.take().unwrap_or_default(),
            uid: self.uid.take().unwrap_or_default(),
            labels: self
                .labels
                .take()
                .unwrap_or_else(|| shared(LabelPairs::new())),
            node_name: self.node_name.take().filter(|n| !n.is_empty()),
            containers,
            phase: PodPhase::parse(self.phase.as_deref()),
            pod_ip,
            listed_ips,
            ips_are_pod_ip,
            conditions,
            deleting: self.deleting,
            owner: self.owner.take(),
            host_network: self.host_network.unwrap_or_default(),
            extras: (!extras.is_empty()).then(|| Box::new(extras)),
        };
        shrink(&mut pod);
        (pod, stamp, live)
    }
}

thread_local! {
    /// The labels of the pod this thread read last, as written and as kept, handed to the next
    /// pod when it writes the same pairs in the same order (a workload's pods come together in
    /// a dump, and their labels are written alike).
    static LAST_LABELS: RefCell<(LabelPairs, SharedLabels)> = RefCell::default();
}

/// The labels of `pairs`, shared with the pod read before on this thread when it wrote the
/// same pairs in the same order (the same map, built the same way).
fn shared(pairs: LabelPairs) -> SharedLabels {
    LAST_LABELS.with(|last| {
        let (last_pairs, last_labels) = &mut *last.borrow_mut();
        if *last_pairs != pairs {
            *last_labels = SharedLabels::new(labels_of(pairs.clone()));
            *last_pairs = pairs;
        }
        SharedLabels::clone(last_labels)
    })
}

/// An array read into the `SmallVec` it is kept in (a pod's few conditions and statuses,
/// dropped once the pod is made).
fn read_into<'a, T, const N: usize>(
    c: &mut Cursor<'a>,
    out: &mut SmallVec<[T; N]>,
    mut read: impl FnMut(&mut Cursor<'a>) -> Option<T>,
) -> Option<()> {
    c.array(|c| {
        out.push(read(c)?);
        Some(())
    })
}

/// `ready` and `state` from the first status naming the container
/// (`pod::container`).
fn with_status(mut k: Container, statuses: &[StatusText<'_>]) -> Container {
    let status = statuses
        .iter()
        .find(|s| s.name.as_deref().unwrap_or_default() == k.name);
    k.ready = status.map(|s| s.ready.unwrap_or_default());
    k.state = status.and_then(|s| s.state.clone());
    k
}

/// The controlling owner's `(kind, name)` among the owner references: the first with
/// `controller: true`.
fn controller(c: &mut Cursor<'_>) -> Option<Option<(Atom, Str)>> {
    let mut found = None;
    c.array(|c| {
        let (mut kind, mut name, mut is_controller) = (None, None, None);
        fields!(c {
            "apiVersion" => checked_str(c)?,
            "kind" => kind = opt_atom(c)?,
            "name" => name = opt_text(c)?,
            "uid" => checked_str(c)?,
            "controller" => is_controller = c.opt(Cursor::bool)?,
        })?;
        if found.is_none() && is_controller == Some(true) {
            found = Some((kind.unwrap_or_default(), name.unwrap_or_default()));
        }
        Some(())
    })?;
    Some(found)
}

fn readiness_gate(c: &mut Cursor<'_>) -> Option<Str> {
    let mut gate = None;
    fields!(c {
        "conditionType" => gate = opt_text(c)?,
    })?;
    Some(gate.unwrap_or_default())
}

/// A container, and whether its `restartPolicy` is `Always` (a sidecar, when an init
/// container).
fn container(c: &mut Cursor<'_>) -> Option<(Container, bool)> {
    let mut k = Container {
        name: Atom::default(),
        ports: Vec::new(),
        has_readiness_probe: false,
        ready: None,
        state: None,
    };
    let mut always = false;
    fields!(c {
        "name" => k.name = opt_atom(c)?.unwrap_or_default(),
        "ports" => k.ports = c.opt(|c| c.vec(port))?.unwrap_or_default(),
        "readinessProbe" => k.has_readiness_probe = present(c)?.is_some(),
        "restartPolicy" => always = opt_str(c)?.as_deref() == Some("Always"),
    })?;
    Some((k, always))
}

fn port(c: &mut Cursor<'_>) -> Option<ContainerPort> {
    let (mut name, mut number, mut protocol) = (None, None, None);
    fields!(c {
        "name" => name = opt_atom(c)?,
        "containerPort" => number = c.opt(Cursor::i32)?,
        "protocol" => protocol = opt_str(c)?,
    })?;
    Some(ContainerPort {
        name: name.filter(|n| !n.is_empty()),
        port: number.unwrap_or_default(),
        protocol: Protocol::parse(protocol.as_deref()),
    })
}

fn pod_ip(c: &mut Cursor<'_>) -> Option<Str> {
    let mut ip = None;
    fields!(c {
        "ip" => ip = opt_text(c)?,
    })?;
    Some(ip.unwrap_or_default())
}

fn condition<'a>(c: &mut Cursor<'a>) -> Option<ConditionText<'a>> {
    let mut k = ConditionText::default();
    fields!(c {
        "type" => k.type_ = opt_str(c)?,
        "status" => k.status = opt_str(c)?,
        "reason" => k.reason = opt_str(c)?,
        "message" => k.message = opt_str(c)?,
    })?;
    Some(k)
}

fn container_status<'a>(c: &mut Cursor<'a>) -> Option<StatusText<'a>> {
    let mut k = StatusText::default();
    fields!(c {
        "name" => k.name = opt_str(c)?,
        "ready" => k.ready = c.opt(Cursor::bool)?,
        "state" => k.state = c.opt(state)?,
    })?;
    Some(k)
}

/// A container status's `state`: waiting, terminated or running (`pod_finish::container_state`).
fn state(c: &mut Cursor<'_>) -> Option<ContainerState> {
    let (mut waiting, mut terminated) = (None, None);
    fields!(c {
        "waiting" => waiting = c.opt(reason)?,
        "terminated" => terminated = c.opt(reason)?,
    })?;
    Some(container_state(waiting, terminated))
}

/// An object's `reason`.
fn reason(c: &mut Cursor<'_>) -> Option<Option<Atom>> {
    let mut reason = None;
    fields!(c {
        "reason" => reason = opt_atom(c)?,
    })?;
    Some(reason)
}
