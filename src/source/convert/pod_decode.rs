//! A Pod read by hand from its JSON text (`json_cursor`) straight into the model, with its
//! stamp and whether it is cluster state: what `pod::from_wire` makes of the `pod_wire` shapes
//! serde reads, without building them (no second pass, and no strings made for the conditions,
//! statuses and owner fields that are dropped). It reads only what serde's derived
//! `Deserialize` of those shapes reads, or answers `None` and leaves the object to serde: a
//! field the shapes do not hold is checked and passed over, as serde's `IgnoredAny` does;
//! `null` is a missing field.

use super::meta;
use super::meta_decode::{labels, opt_text, present, uid};
use super::pod_finish::{container_state, read_condition, shrink};
use super::stamp::Stamp;
use crate::model::{
    Container, ContainerPort, ContainerState, Labels, ObjectUid, Pod, PodCondition, PodExtras,
    PodPhase, Protocol, Str,
};
use crate::source::json_cursor::{Cursor, Seen};
use smallvec::SmallVec;
use std::borrow::Cow;

/// A Pod, its stamp and whether it is cluster state, from its JSON text; `None`: read it with
/// serde.
pub(super) fn pod(text: &str) -> Option<(Pod, Stamp, bool)> {
    let mut read = PodText::default();
    Cursor::whole(text, |c| {
        let mut seen = Seen::default();
        c.object(|c, key| {
            match &*key {
                "metadata" => {
                    seen.first(0)?;
                    c.opt(|c| read.meta(c))?;
                }
                "spec" => {
                    seen.first(1)?;
                    c.opt(|c| read.spec(c))?;
                }
                "status" => {
                    seen.first(2)?;
                    c.opt(|c| read.status(c))?;
                }
                _ => c.skip()?,
            };
            Some(())
        })
    })?;
    Some(read.finish())
}

/// What is read of a Pod, until all of it is (statuses name containers listed before or after
/// them; conditions are kept by the readiness gates).
#[derive(Default)]
struct PodText<'a> {
    name: Option<Str>,
    namespace: Option<Str>,
    uid: Option<ObjectUid>,
    resource_version: Option<Cow<'a, str>>,
    created: bool,
    labels: Option<Labels>,
    deleting: bool,
    owner: Option<(Str, Str)>,
    containers: Vec<Container>,
    /// Init containers with their `restartPolicy: Always`.
    init_containers: Vec<(Container, bool)>,
    readiness_gates: Vec<Str>,
    hostname: Option<Str>,
    subdomain: Option<Str>,
    node_name: Option<Str>,
    host_network: Option<bool>,
    dns_policy: Option<Cow<'a, str>>,
    phase: Option<Cow<'a, str>>,
    pod_ip: Option<Str>,
    pod_ips: Option<Vec<Str>>,
    conditions: Option<SmallVec<[ConditionText<'a>; 6]>>,
    statuses: Option<SmallVec<[StatusText<'a>; 2]>>,
    init_statuses: Option<SmallVec<[StatusText<'a>; 2]>>,
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

/// A string whose text is not kept, checked as serde checks an `Option<Str>`.
fn checked_str(c: &mut Cursor<'_>) -> Option<()> {
    c.opt(Cursor::str).map(drop)
}

impl<'a> PodText<'a> {
    fn meta(&mut self, c: &mut Cursor<'a>) -> Option<()> {
        let mut seen = Seen::default();
        c.object(|c, key| {
            match &*key {
                "name" => {
                    seen.first(0)?;
                    self.name = opt_text(c)?;
                }
                "namespace" => {
                    seen.first(1)?;
                    self.namespace = opt_text(c)?;
                }
                "uid" => {
                    seen.first(2)?;
                    self.uid = uid(c)?;
                }
                "resourceVersion" => {
                    seen.first(3)?;
                    self.resource_version = opt_str(c)?;
                }
                "creationTimestamp" => {
                    seen.first(4)?;
                    self.created = present(c)?.is_some();
                }
                "labels" => {
                    seen.first(5)?;
                    self.labels = c.opt(labels)?;
                }
                "deletionTimestamp" => {
                    seen.first(6)?;
                    self.deleting = present(c)?.is_some();
                }
                "ownerReferences" => {
                    seen.first(7)?;
                    self.owner = c.opt(controller)?.flatten();
                }
                _ => c.skip()?,
            };
            Some(())
        })
    }

    fn spec(&mut self, c: &mut Cursor<'a>) -> Option<()> {
        let mut seen = Seen::default();
        c.object(|c, key| {
            match &*key {
                "containers" => {
                    seen.first(0)?;
                    self.containers = c
                        .opt(|c| c.vec(|c| container(c).map(|(k, _)| k)))?
                        .unwrap_or_default();
                }
                "initContainers" => {
                    seen.first(1)?;
                    self.init_containers = c.opt(|c| c.vec(container))?.unwrap_or_default();
                }
                "readinessGates" => {
                    seen.first(2)?;
                    self.readiness_gates = c.opt(|c| c.vec(readiness_gate))?.unwrap_or_default();
                }
                "hostname" => {
                    seen.first(3)?;
                    self.hostname = opt_text(c)?;
                }
                "subdomain" => {
                    seen.first(4)?;
                    self.subdomain = opt_text(c)?;
                }
                "nodeName" => {
                    seen.first(5)?;
                    self.node_name = opt_text(c)?;
                }
                "hostNetwork" => {
                    seen.first(6)?;
                    self.host_network = c.opt(Cursor::bool)?;
                }
                "dnsPolicy" => {
                    seen.first(7)?;
                    self.dns_policy = opt_str(c)?;
                }
                // Rare, and a full API type: serde reads a pod that sets it.
                "dnsConfig" => {
                    seen.first(8)?;
                    c.null()?.then_some(())?;
                }
                _ => c.skip()?,
            };
            Some(())
        })
    }

    fn status(&mut self, c: &mut Cursor<'a>) -> Option<()> {
        let mut seen = Seen::default();
        c.object(|c, key| {
            match &*key {
                "phase" => {
                    seen.first(0)?;
                    self.phase = opt_str(c)?;
                }
                "podIP" => {
                    seen.first(1)?;
                    self.pod_ip = opt_text(c)?;
                }
                "podIPs" => {
                    seen.first(2)?;
                    self.pod_ips = c.opt(|c| c.vec(pod_ip))?;
                }
                "conditions" => {
                    seen.first(3)?;
                    self.conditions = c.opt(|c| small_vec(c, condition))?;
                }
                "containerStatuses" => {
                    seen.first(4)?;
                    self.statuses = c.opt(|c| small_vec(c, container_status))?;
                }
                "initContainerStatuses" => {
                    seen.first(5)?;
                    self.init_statuses = c.opt(|c| small_vec(c, container_status))?;
                }
                _ => c.skip()?,
            };
            Some(())
        })
    }

    /// The pod, as `pod::from_wire` makes it from the same fields.
    fn finish(self) -> (Pod, Stamp, bool) {
        let mut stamp = Stamp::new(
            self.namespace.as_deref(),
            self.uid.clone(),
            self.resource_version.as_deref(),
        );
        let any =
            |v: &Option<SmallVec<[StatusText<'a>; 2]>>| v.as_ref().is_some_and(|v| !v.is_empty());
        stamp.status = self.phase.is_some()
            || self.pod_ip.is_some()
            || self.pod_ips.as_ref().is_some_and(|v| !v.is_empty())
            || self.conditions.as_ref().is_some_and(|v| !v.is_empty())
            || any(&self.statuses)
            || any(&self.init_statuses);
        let live = stamp.live() || self.created;
        let statuses = self.statuses.unwrap_or_default();
        let init_statuses = self.init_statuses.unwrap_or_default();
        let containers = self
            .containers
            .into_iter()
            .map(|k| with_status(k, &statuses))
            .collect();
        // Restartable init containers are sidecars (`pod::spec_with_statuses`).
        let sidecars = self
            .init_containers
            .into_iter()
            .filter(|(_, always)| *always)
            .map(|(k, _)| with_status(k, &init_statuses))
            .collect();
        let gates = self.readiness_gates;
        let conditions = self
            .conditions
            .unwrap_or_default()
            .into_iter()
            .filter(|k| read_condition(k.type_.as_deref(), &gates))
            .map(|k| {
                let text = |t: Option<Cow<'_, str>>| t.map(|t| Str::from(t.as_ref()));
                PodCondition::new(
                    text(k.type_).unwrap_or_default(),
                    text(k.status).unwrap_or_default(),
                )
                .with_detail(text(k.reason), text(k.message))
            })
            .collect();
        let extras = PodExtras {
            hostname: self.hostname.filter(|n| !n.is_empty()),
            subdomain: self.subdomain.filter(|n| !n.is_empty()),
            sidecars,
            readiness_gates: gates,
            // ClusterFirst is the default (`pod::spec_with_statuses`).
            dns_policy: self
                .dns_policy
                .filter(|p| !p.is_empty() && p != "ClusterFirst")
                .map(String::from),
            dns_config: None,
        };
        let listed_ips = self.pod_ips.unwrap_or_default();
        let mut pod = Pod {
            namespace: meta::namespace_or_default(self.namespace),
            name: self.name.unwrap_or_default(),
            uid: self.uid.unwrap_or_default(),
            labels: self.labels.unwrap_or_default(),
            node_name: self.node_name.filter(|n| !n.is_empty()),
            containers,
            phase: PodPhase::parse(self.phase.as_deref()),
            pod_ip: self.pod_ip.filter(|ip| !ip.is_empty()),
            listed_ips,
            ips_are_pod_ip: false,
            conditions,
            deleting: self.deleting,
            owner: self.owner,
            host_network: self.host_network.unwrap_or_default(),
            extras: (!extras.is_empty()).then(|| Box::new(extras)),
        };
        shrink(&mut pod);
        (pod, stamp, live)
    }
}

/// An array read into a `SmallVec` (a pod's few conditions and statuses, dropped once read).
fn small_vec<'a, T, const N: usize>(
    c: &mut Cursor<'a>,
    mut read: impl FnMut(&mut Cursor<'a>) -> Option<T>,
) -> Option<SmallVec<[T; N]>> {
    let mut out = SmallVec::new();
    c.array(|c| {
        out.push(read(c)?);
        Some(())
    })?;
    Some(out)
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
fn controller(c: &mut Cursor<'_>) -> Option<Option<(Str, Str)>> {
    let mut found = None;
    c.array(|c| {
        let (mut kind, mut name, mut is_controller) = (None, None, None);
        let mut seen = Seen::default();
        c.object(|c, key| {
            match &*key {
                "apiVersion" => {
                    seen.first(0)?;
                    checked_str(c)?;
                }
                "kind" => {
                    seen.first(1)?;
                    kind = opt_text(c)?;
                }
                "name" => {
                    seen.first(2)?;
                    name = opt_text(c)?;
                }
                "uid" => {
                    seen.first(3)?;
                    checked_str(c)?;
                }
                "controller" => {
                    seen.first(4)?;
                    is_controller = c.opt(Cursor::bool)?;
                }
                _ => c.skip()?,
            };
            Some(())
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
    let mut seen = Seen::default();
    c.object(|c, key| {
        match &*key {
            "conditionType" => {
                seen.first(0)?;
                gate = opt_text(c)?;
            }
            _ => c.skip()?,
        };
        Some(())
    })?;
    Some(gate.unwrap_or_default())
}

/// A container, and whether its `restartPolicy` is `Always` (a sidecar, when an init
/// container).
fn container(c: &mut Cursor<'_>) -> Option<(Container, bool)> {
    let mut k = Container {
        name: Str::default(),
        ports: Vec::new(),
        has_readiness_probe: false,
        ready: None,
        state: None,
    };
    let mut always = false;
    let mut seen = Seen::default();
    c.object(|c, key| {
        match &*key {
            "name" => {
                seen.first(0)?;
                k.name = opt_text(c)?.unwrap_or_default();
            }
            "ports" => {
                seen.first(1)?;
                k.ports = c.opt(|c| c.vec(port))?.unwrap_or_default();
            }
            "readinessProbe" => {
                seen.first(2)?;
                k.has_readiness_probe = present(c)?.is_some();
            }
            "restartPolicy" => {
                seen.first(3)?;
                always = opt_str(c)?.as_deref() == Some("Always");
            }
            _ => c.skip()?,
        };
        Some(())
    })?;
    Some((k, always))
}

fn port(c: &mut Cursor<'_>) -> Option<ContainerPort> {
    let (mut name, mut number, mut protocol) = (None, None, None);
    let mut seen = Seen::default();
    c.object(|c, key| {
        match &*key {
            "name" => {
                seen.first(0)?;
                name = opt_text(c)?;
            }
            "containerPort" => {
                seen.first(1)?;
                number = c.opt(Cursor::i32)?;
            }
            "protocol" => {
                seen.first(2)?;
                protocol = opt_str(c)?;
            }
            _ => c.skip()?,
        };
        Some(())
    })?;
    Some(ContainerPort {
        name: name.filter(|n| !n.is_empty()),
        port: number.unwrap_or_default(),
        protocol: Protocol::parse(protocol.as_deref()),
    })
}

fn pod_ip(c: &mut Cursor<'_>) -> Option<Str> {
    let mut ip = None;
    let mut seen = Seen::default();
    c.object(|c, key| {
        match &*key {
            "ip" => {
                seen.first(0)?;
                ip = opt_text(c)?;
            }
            _ => c.skip()?,
        };
        Some(())
    })?;
    Some(ip.unwrap_or_default())
}

fn condition<'a>(c: &mut Cursor<'a>) -> Option<ConditionText<'a>> {
    let mut k = ConditionText::default();
    let mut seen = Seen::default();
    c.object(|c, key| {
        match &*key {
            "type" => {
                seen.first(0)?;
                k.type_ = opt_str(c)?;
            }
            "status" => {
                seen.first(1)?;
                k.status = opt_str(c)?;
            }
            "reason" => {
                seen.first(2)?;
                k.reason = opt_str(c)?;
            }
            "message" => {
                seen.first(3)?;
                k.message = opt_str(c)?;
            }
            _ => c.skip()?,
        };
        Some(())
    })?;
    Some(k)
}

fn container_status<'a>(c: &mut Cursor<'a>) -> Option<StatusText<'a>> {
    let mut k = StatusText::default();
    let mut seen = Seen::default();
    c.object(|c, key| {
        match &*key {
            "name" => {
                seen.first(0)?;
                k.name = opt_str(c)?;
            }
            "ready" => {
                seen.first(1)?;
                k.ready = c.opt(Cursor::bool)?;
            }
            "state" => {
                seen.first(2)?;
                k.state = c.opt(state)?;
            }
            _ => c.skip()?,
        };
        Some(())
    })?;
    Some(k)
}

/// A container status's `state`: waiting, terminated or running (`pod_finish::container_state`).
fn state(c: &mut Cursor<'_>) -> Option<ContainerState> {
    let (mut waiting, mut terminated) = (None, None);
    let mut seen = Seen::default();
    c.object(|c, key| {
        match &*key {
            "waiting" => {
                seen.first(0)?;
                waiting = c.opt(reason)?;
            }
            "terminated" => {
                seen.first(1)?;
                terminated = c.opt(reason)?;
            }
            _ => c.skip()?,
        };
        Some(())
    })?;
    Some(container_state(waiting, terminated))
}

/// An object's `reason`.
fn reason(c: &mut Cursor<'_>) -> Option<Option<Str>> {
    let mut reason = None;
    let mut seen = Seen::default();
    c.object(|c, key| {
        match &*key {
            "reason" => {
                seen.first(0)?;
                reason = opt_text(c)?;
            }
            _ => c.skip()?,
        };
        Some(())
    })?;
    Some(reason)
}
