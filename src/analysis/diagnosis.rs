//! The result of `diagnose`: findings grouped by Service, worst first, and a summary.

use super::finding::{Code, Finding, Severity};
use super::input_mode::InputMode;
use crate::model::{ControllerRules, ServiceType};
use std::collections::BTreeSet;

/// Which Services to diagnose.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Scope {
    /// Every Service in the input.
    All,
    /// Every Service of one namespace.
    Namespace(String),
    /// One Service.
    Service {
        /// Namespace.
        namespace: String,
        /// Name.
        name: String,
    },
}

impl Scope {
    /// Whether objects of `namespace` are in scope for namespace-wide checks (slices that belong
    /// to no Service). A single-Service scope has none.
    pub fn covers_namespace(&self, namespace: &str) -> bool {
        match self {
            Scope::All => true,
            Scope::Namespace(ns) => ns == namespace,
            Scope::Service { .. } => false,
        }
    }

    /// Whether the Service `namespace/name` is in scope.
    pub fn covers_service(&self, namespace: &str, name: &str) -> bool {
        match self {
            Scope::All => true,
            Scope::Namespace(ns) => ns == namespace,
            Scope::Service {
                namespace: ns,
                name: n,
            } => ns == namespace && n == name,
        }
    }
}

/// Knobs of `diagnose`.
#[derive(Debug, Clone, Default)]
pub struct DiagnoseOptions {
    /// The controller rules to apply (port resolution, address canonicalisation, ...).
    pub rules: ControllerRules,
    /// Codes to leave out (`--ignore`).
    pub ignore: BTreeSet<Code>,
    /// Threads to diagnose Services on (0 or 1: the calling thread). The result is the same
    /// for any count.
    pub threads: usize,
}

/// Findings of one Service, worst first.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServiceDiagnosis {
    /// Namespace.
    pub namespace: String,
    /// Name.
    pub name: String,
    /// `spec.type`.
    pub type_: ServiceType,
    /// Headless (`clusterIP: None`).
    pub headless: bool,
    /// Findings, sorted by severity (worst first), then code.
    pub findings: Vec<Finding>,
    /// How it was judged: live, manifests or without pods (never mixed).
    pub mode: InputMode,
}

impl ServiceDiagnosis {
    /// The worst severity, or `None` when the Service is healthy.
    pub fn worst(&self) -> Option<Severity> {
        self.findings.iter().map(|f| f.severity).max()
    }
}

/// Counts for the summary line and `summary` of the JSON output.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Summary {
    /// Services diagnosed.
    pub services: usize,
    /// Services without any finding.
    pub ok: usize,
    /// Findings of severity error.
    pub errors: usize,
    /// Findings of severity warning.
    pub warnings: usize,
    /// Findings of severity info.
    pub infos: usize,
}

/// Everything `diagnose` found.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Diagnosis {
    /// One entry per Service in scope, worst first (healthy ones last, by namespace/name).
    pub services: Vec<ServiceDiagnosis>,
    /// Findings about objects that belong to no existing Service (e.g. a slice naming a
    /// Service that does not exist), sorted like a Service's findings.
    pub unattached: Vec<Finding>,
    /// Live state, manifests, without pods, or a mix: which checks ran.
    pub mode: InputMode,
    /// Why this mode (one sentence; empty for plain live state).
    pub mode_reason: String,
}

impl Diagnosis {
    /// Every finding: per Service in order, then the unattached ones.
    pub fn findings(&self) -> impl Iterator<Item = &Finding> {
        self.services
            .iter()
            .flat_map(|s| &s.findings)
            .chain(&self.unattached)
    }

    /// The worst severity found, if any.
    pub fn worst(&self) -> Option<Severity> {
        self.findings().map(|f| f.severity).max()
    }

    /// Codes not checked for some Service, in documentation order: those its mode skips.
    pub fn skipped_codes(&self) -> Vec<Code> {
        let mut modes: Vec<InputMode> = self.services.iter().map(|s| s.mode).collect();
        if modes.is_empty() {
            modes.push(self.mode);
        }
        Code::ALL
            .iter()
            .copied()
            .filter(|c| modes.iter().any(|m| !m.checks(*c)))
            .collect()
    }

    /// Counts.
    pub fn summary(&self) -> Summary {
        let mut s = Summary {
            services: self.services.len(),
            ok: self
                .services
                .iter()
                .filter(|d| d.findings.is_empty())
                .count(),
            ..Summary::default()
        };
        for f in self.findings() {
            match f.severity {
                Severity::Error => s.errors += 1,
                Severity::Warning => s.warnings += 1,
                Severity::Info => s.infos += 1,
            }
        }
        s
    }
}

/// Sorts findings worst first, then by code (documentation order), then by namespace/service.
pub(crate) fn sort_findings(findings: &mut [Finding]) {
    findings.sort_by(|a, b| {
        b.severity
            .cmp(&a.severity)
            .then(a.code.cmp(&b.code))
            .then_with(|| a.namespace.cmp(&b.namespace))
            .then_with(|| a.service.cmp(&b.service))
            .then_with(|| a.objects.cmp(&b.objects))
    });
}
