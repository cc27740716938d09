//! `kind: Diagnosis`: the findings of `diagnose -o json|yaml`.

use super::API_VERSION;
use crate::analysis::{Diagnosis, Finding, ObjRef, Summary};
use serde::Serialize;

/// The document `diagnose -o json|yaml` prints. It borrows the diagnosis: a copy of every
/// finding's text was the last 10 MB of the peak of `diagnose -A` at 150k pods.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct WireDiagnosis<'a> {
    /// `svcx/v1alpha1`.
    pub api_version: &'static str,
    /// `Diagnosis`.
    pub kind: &'static str,
    /// Every finding: per Service worst first, then findings attached to no Service.
    pub findings: Vec<WireFinding<'a>>,
    /// Every Service diagnosed, in output order, with its worst severity (`ok` when healthy).
    pub services: Vec<WireServiceStatus<'a>>,
    /// Counts.
    pub summary: WireSummary,
    /// `live`, `manifests`, `without-pods` or `mixed` (docs/output.md).
    pub mode: &'static str,
    /// Why that mode, one sentence (empty for plain live state).
    pub mode_reason: &'a str,
    /// Codes that were not checked for some Service because its input cannot answer them
    /// (empty for live input).
    pub skipped_codes: Vec<&'static str>,
}

/// One finding.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct WireFinding<'a> {
    /// Stable code, e.g. `slice-stale`.
    pub code: &'static str,
    /// `error`, `warning` or `info`.
    pub severity: &'static str,
    /// Namespace.
    pub namespace: &'a str,
    /// The Service (null when the finding belongs to no existing Service).
    pub service: Option<&'a str>,
    /// What is wrong.
    pub message: &'a str,
    /// How to fix it.
    pub fix: &'a str,
    /// Objects involved.
    pub objects: WireObjects<'a>,
    /// Per-object details.
    pub details: &'a [String],
    /// docs/findings.md section of the code.
    pub docs: String,
}

/// An object a finding is about.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct WireObject<'a> {
    /// Kind.
    pub kind: &'a str,
    /// Namespace (absent for Nodes).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub namespace: Option<&'a str>,
    /// Name.
    pub name: &'a str,
}

/// A finding's objects, each written as a [`WireObject`] as it is serialized: a finding may
/// list every pod of a Service, and a copy of the list for the wire was most of what writing
/// `-o json` held at 150k pods.
#[derive(Debug)]
pub struct WireObjects<'a>(pub &'a [ObjRef]);

impl Serialize for WireObjects<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(self.0.iter().map(WireObject::of))
    }
}

impl<'a> WireObject<'a> {
    /// The wire form of `o`.
    pub fn of(o: &'a ObjRef) -> Self {
        WireObject {
            kind: &o.kind,
            namespace: o.namespace.as_deref(),
            name: &o.name,
        }
    }
}

/// One Service's outcome.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct WireServiceStatus<'a> {
    /// Namespace.
    pub namespace: &'a str,
    /// Name.
    pub name: &'a str,
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

impl<'a> WireDiagnosis<'a> {
    /// The wire form of `d`.
    pub fn from_diagnosis(d: &'a Diagnosis) -> Self {
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
                    namespace: &s.namespace,
                    name: &s.name,
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
            mode_reason: &d.mode_reason,
            skipped_codes: d.skipped_codes().iter().map(|c| c.as_str()).collect(),
        }
    }
}

fn finding(f: &Finding) -> WireFinding<'_> {
    WireFinding {
        code: f.code.as_str(),
        severity: f.severity.as_str(),
        namespace: &f.namespace,
        service: f.service.as_deref(),
        message: &f.message,
        fix: &f.fix,
        objects: WireObjects(&f.objects),
        details: &f.details,
        docs: f.code.docs_url(),
    }
}
