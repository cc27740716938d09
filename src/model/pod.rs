//! The Pod, reduced to what endpoint eligibility, port resolution and readiness need.

use super::atom::Atom;
use super::labels::SharedLabels;
use super::object_uid::ObjectUid;
use super::service::Protocol;
use super::text::Str;

/// `status.phase`.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum PodPhase {
    /// Accepted, not running yet.
    #[default]
    Pending,
    /// Running.
    Running,
    /// Terminal: all containers exited 0.
    Succeeded,
    /// Terminal: some container failed.
    Failed,
    /// Unknown, or any other string (interned: 16 bytes where a boxed text made it 24).
    Unknown(Atom),
}

impl PodPhase {
    /// Parses the API spelling (absent = Pending).
    pub fn parse(s: Option<&str>) -> PodPhase {
        match s {
            None | Some("" | "Pending") => PodPhase::Pending,
            Some("Running") => PodPhase::Running,
            Some("Succeeded") => PodPhase::Succeeded,
            Some("Failed") => PodPhase::Failed,
            Some(o) => PodPhase::Unknown(Atom::new(o)),
        }
    }

    /// The API spelling.
    pub fn as_str(&self) -> &str {
        match self {
            PodPhase::Pending => "Pending",
            PodPhase::Running => "Running",
            PodPhase::Succeeded => "Succeeded",
            PodPhase::Failed => "Failed",
            PodPhase::Unknown(s) => s,
        }
    }

    /// Succeeded or Failed: `podutil.IsPodTerminal`, excluded from endpoints.
    pub fn is_terminal(&self) -> bool {
        matches!(self, PodPhase::Succeeded | PodPhase::Failed)
    }
}

/// One `containerPorts` entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContainerPort {
    /// Port name, when named.
    pub name: Option<Atom>,
    /// `containerPort`.
    pub port: i32,
    /// Protocol (default TCP).
    pub protocol: Protocol,
}

/// What a container status says about its state, when it is not plainly running.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ContainerState {
    /// Running.
    Running,
    /// Waiting, with a reason such as `CrashLoopBackOff` (reasons are a small vocabulary:
    /// interned, which makes a container 16 bytes smaller).
    Waiting(Option<Atom>),
    /// Terminated, with a reason.
    Terminated(Option<Atom>),
}

/// A container (app or restartable init container).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Container {
    /// Name.
    pub name: Atom,
    /// Declared ports.
    pub ports: Vec<ContainerPort>,
    /// Whether a readinessProbe is set.
    pub has_readiness_probe: bool,
    /// From `status.containerStatuses[].ready`, when reported.
    pub ready: Option<bool>,
    /// From `status.containerStatuses[].state`, when reported.
    pub state: Option<ContainerState>,
}

/// One `status.conditions` entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PodCondition {
    /// Condition type (`Ready`, `ContainersReady`, or a readiness gate's type).
    pub type_: Atom,
    /// `True`, `False` or `Unknown`.
    pub status: Atom,
    /// `reason` and `message`, when either is set: boxed, since a ready pod's conditions carry
    /// neither and a condition is kept on every pod of a big dump (56 bytes instead of 96;
    /// docs/performance.md, "lean model"). Read through `reason()` and `message()`.
    pub detail: Option<Box<ConditionDetail>>,
}

/// A condition's `reason` and `message`.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ConditionDetail {
    /// Reason.
    pub reason: Option<Str>,
    /// Message.
    pub message: Option<Str>,
}

impl PodCondition {
    /// A condition without reason or message.
    pub fn new(type_: impl Into<Atom>, status: impl Into<Atom>) -> PodCondition {
        PodCondition {
            type_: type_.into(),
            status: status.into(),
            detail: None,
        }
    }

    /// With `reason` and `message` (boxed only when one is set).
    pub fn with_detail(mut self, reason: Option<Str>, message: Option<Str>) -> PodCondition {
        self.detail = (reason.is_some() || message.is_some())
            .then(|| Box::new(ConditionDetail { reason, message }));
        self
    }

    /// `reason`.
    pub fn reason(&self) -> Option<&str> {
        self.detail.as_ref().and_then(|d| d.reason.as_deref())
    }

    /// `message`.
    pub fn message(&self) -> Option<&str> {
        self.detail.as_ref().and_then(|d| d.message.as_deref())
    }
}

/// A Pod.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Pod {
    /// Namespace.
    pub namespace: Atom,
    /// Name.
    pub name: Str,
    /// UID (copied into `targetRef.uid`).
    pub uid: ObjectUid,
    /// Labels (shared with the pods that carry the same).
    pub labels: SharedLabels,
    /// `spec.nodeName`.
    pub node_name: Option<Atom>,
    /// `spec.containers`.
    pub containers: Vec<Container>,
    /// `status.phase`.
    pub phase: PodPhase,
    /// `status.podIP`.
    pub pod_ip: Option<Str>,
    /// `status.podIPs[].ip` as listed, unless `ips_are_pod_ip`; read them through `pod_ips()`.
    pub listed_ips: Vec<Str>,
    /// `status.podIPs` is exactly `[podIP]`, as on nearly every pod an API server returns (its
    /// validation makes `podIPs[0]` equal `podIP`): kept without a copy, 32 bytes and an
    /// allocation a pod (docs/performance.md, "lean model").
    pub ips_are_pod_ip: bool,
    /// `status.conditions` the tool reads (from inputs: `Ready`, `PodScheduled` and the
    /// readiness gates' types; the others are dropped when the pod is read).
    pub conditions: Vec<PodCondition>,
    /// `metadata.deletionTimestamp` is set.
    pub deleting: bool,
    /// `(kind, name)` of the controlling owner, e.g. `("ReplicaSet", "web-5d4f")`.
    pub owner: Option<(Atom, Str)>,
    /// `spec.hostNetwork`.
    pub host_network: bool,
    /// What few pods set (hostname, subdomain, sidecars, readiness gates, DNS settings); `None`
    /// when none is set. Boxed: as fields they were 128 bytes on every pod of a 150k-pod dump
    /// (docs/performance.md, "lean model"). Read through the accessors.
    pub extras: Option<Box<PodExtras>>,
}

/// The parts of a pod spec that few pods set.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct PodExtras {
    /// `spec.hostname`.
    pub hostname: Option<Str>,
    /// `spec.subdomain`.
    pub subdomain: Option<Str>,
    /// `spec.initContainers` with `restartPolicy: Always` (sidecars), in order.
    pub sidecars: Vec<Container>,
    /// `spec.readinessGates[].conditionType`.
    pub readiness_gates: Vec<Str>,
    /// `spec.dnsPolicy` when not the default (`None`: ClusterFirst, written or not).
    pub dns_policy: Option<String>,
    /// `spec.dnsConfig`, when set.
    pub dns_config: Option<PodDnsConfig>,
}

impl PodExtras {
    /// Whether nothing is set (the pod needs no box).
    pub fn is_empty(&self) -> bool {
        *self == PodExtras::default()
    }
}

/// `spec.dnsConfig`: merged into (or, with dnsPolicy None, replacing) the generated resolver
/// configuration.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct PodDnsConfig {
    /// `nameservers`.
    pub nameservers: Vec<String>,
    /// `searches`.
    pub searches: Vec<String>,
    /// `options` as `(name, value)`.
    pub options: Vec<(String, Option<String>)>,
}

impl Pod {
    /// `spec.hostname`.
    pub fn hostname(&self) -> Option<&str> {
        self.extras.as_ref()?.hostname.as_deref()
    }

    /// `spec.subdomain`.
    pub fn subdomain(&self) -> Option<&str> {
        self.extras.as_ref()?.subdomain.as_deref()
    }

    /// Sidecars: `spec.initContainers` with `restartPolicy: Always`, in order.
    pub fn sidecars(&self) -> &[Container] {
        self.extras.as_ref().map_or(&[], |x| x.sidecars.as_slice())
    }

    /// `spec.readinessGates[].conditionType`.
    pub fn readiness_gates(&self) -> &[Str] {
        self.extras
            .as_ref()
            .map_or(&[], |x| x.readiness_gates.as_slice())
    }

    /// `spec.dnsPolicy` when not the default (`None`: ClusterFirst).
    pub fn dns_policy(&self) -> Option<&str> {
        self.extras.as_ref()?.dns_policy.as_deref()
    }

    /// `spec.dnsConfig`, when set.
    pub fn dns_config(&self) -> Option<&PodDnsConfig> {
        self.extras.as_ref()?.dns_config.as_ref()
    }

    /// The extras, boxed on first use (for building pods).
    pub fn extras_mut(&mut self) -> &mut PodExtras {
        self.extras.get_or_insert_default()
    }

    /// The `Ready` condition is `True` (`podutil.IsPodReady`).
    pub fn is_ready(&self) -> bool {
        self.condition("Ready").is_some_and(|c| c.status == "True")
    }

    /// A condition by type.
    pub fn condition(&self, type_: &str) -> Option<&PodCondition> {
        self.conditions.iter().find(|c| c.type_ == type_)
    }

    /// `status.podIPs[].ip` (empty when the pod lists none, even with a `podIP`).
    pub fn pod_ips(&self) -> &[Str] {
        if self.ips_are_pod_ip {
            self.pod_ip.as_slice()
        } else {
            &self.listed_ips
        }
    }

    /// Sets `status.podIPs`.
    pub fn set_pod_ips(&mut self, ips: Vec<Str>) {
        self.listed_ips = ips;
        self.ips_are_pod_ip = false;
    }

    /// All IPs the pod reports: `podIPs`, or `podIP` when `podIPs` is empty.
    pub fn all_ips(&self) -> Vec<Str> {
        match self.pod_ips() {
            [] => self.pod_ip.iter().cloned().collect(),
            ips => ips.to_vec(),
        }
    }

    /// Whether the pod has any IP at all.
    pub fn has_ip(&self) -> bool {
        self.pod_ip.as_deref().is_some_and(|s| !s.is_empty()) || !self.pod_ips().is_empty()
    }
}
