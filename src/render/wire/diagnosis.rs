//! `kind: Diagnosis`: the findings of `diagnose -o json|yaml`.

use super::API_VERSION;
use crate::analysis::{Diagnosis, Finding, ObjRef, Summary};
use serde::Serialize;

/// The document `diagnose -o json|yaml` prints.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct WireDiagnosis {
    /// `svcx/v1alpha1`.
    pub api_version: &'static str,
    /// `Diagnosis`.
    pub kind: &'static str,
    /// Every finding: per Service worst first, then findings attached to no Service.
    pub findings: Vec<WireFinding>,
    /// Every Service diagnosed, in output order, with its worst severity (`ok` when healthy).
    pub services: Vec<WireServiceStatus>,
    /// Counts.
    pub summary: WireSummary,
    /// `live`, `manifests`, `without-pods` or `mixed` (docs/output.md).
    pub mode: &'static str,
    /// Why that mode, one sentence (empty for plain live state).
    pub mode_reason: String,
    /// Codes that were not checked for some Service because its input cannot answer them
    /// (empty for live input).
    pub skipped_codes: Vec<&'static str>,
}

/// One finding.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct WireFinding {
    /// Stable code, e.g. `slice-stale`.
    pub code: &'static str,
    /// `error`, `warning` or `info`.
    pub severity: &'static str,
    /// Namespace.
    pub namespace: String,
    /// The Service (null when the finding belongs to no existing Service).
    pub service: Option<String>,
    /// What is wrong.
    pub message: String,
    /// How to fix it.
    pub fix: String,
    /// Objects involved.
    pub objects: Vec<WireObject>,
    /// Per-object details.
    pub details: Vec<String>,
    /// docs/findings.md section of the code.
    pub docs: String,
}

/// An object a finding is about.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct WireObject {
    /// Kind.
    pub kind: String,
    /// Namespace (absent for Nodes).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub namespace: Option<String>,
    /// Name.
    pub name: String,
}

/// One Service's outcome.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct WireServiceStatus {
    /// Namespace.
    pub namespace: String,
    /// Name.
    pub name: String,
    /// `ok`, `info`, `warning` or `error`.
    pub status: &'static str,
    /// How it was judged: `live`, `manifests` or `without-pods`.
    pub mode: &'static str,
}

/// Counts.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct WireSummary {
    /// Services diagnosed.
    pub services: usize,
    /// Services without findings.
    pub ok: usize,
    /// Error findings.
    pub errors: usize,
    /// Warning findings.
    pub warnings: usize,
    /// Info findings.
    pub infos: usize,
}

impl WireDiagnosis {
    /// The wire form of `d`.
    pub fn from_diagnosis(d: &Diagnosis) -> Self {
        let Summary {
            services,
            ok,
            errors,
            warnings,
            infos,
        } = d.summary();
        WireDiagnosis {
            api_version: API_VERSION,
            kind: "Diagnosis",
            findings: d.findings().map(finding).collect(),
            services: d
                .services
                .iter()
                .map(|s| WireServiceStatus {
                    namespace: s.namespace.clone(),
                    name: s.name.clone(),
                    status: s.worst().map_or("ok", |w| w.as_str()),
                    mode: s.mode.as_str(),
                })
                .collect(),
            summary: WireSummary {
                services,
                ok,
                errors,
                warnings,
                infos,
            },
            mode: d.mode.as_str(),
            mode_reason: d.mode_reason.clone(),
            skipped_codes: d.skipped_codes().iter().map(|c| c.as_str()).collect(),
        }
    }
}

fn finding(f: &Finding) -> WireFinding {
    WireFinding {
        code: f.code.as_str(),
        severity: f.severity.as_str(),
        namespace: f.namespace.clone(),
        service: f.service.clone(),
        message: f.message.clone(),
        fix: f.fix.clone(),
        objects: f.objects.iter().map(object).collect(),
        details: f.details.clone(),
        docs: f.code.docs_url(),
    }
}

fn object(o: &ObjRef) -> WireObject {
    WireObject {
        kind: o.kind.clone(),
        namespace: o.namespace.clone(),
        name: o.name.clone(),
    }
}
