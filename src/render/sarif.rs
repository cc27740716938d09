//! `diagnose -o sarif`: the findings as a SARIF 2.1.0 log, for code-scanning tools (GitHub code
//! scanning, GitLab, Azure DevOps, IDEs) to show them on the lines of the manifests.
//!
//! Spec: <https://docs.oasis-open.org/sarif/sarif/v2.1.0/sarif-v2.1.0.html>. One run; the
//! driver lists one rule per finding code (helpUri = its section of docs/findings.md); one result
//! per finding, located where the object it is about starts (`Finding::subject`, else the
//! Service, else the first object whose origin is known), with the finding's other objects as
//! related locations. Origins come from the loader (`Cluster::origins`); without them (stdin, or
//! files read without line tracking) results carry no location.

use crate::analysis::{Code, Diagnosis, FINDINGS_DOC_URL, Finding, ObjRef, Severity};
use crate::model::{ObjectKey, Origin};
use serde::Serialize;
use std::collections::BTreeMap;
use std::path::Path;

/// Where each object was read from.
pub type Origins = BTreeMap<ObjectKey, Origin>;

const SCHEMA: &str = "https://json.schemastore.org/sarif-2.1.0.json";
const TOOL_NAME: &str = "kubectl-svcx";
const INFORMATION_URI: &str = "https://github.com/kubectl-svcx/kubectl-svcx";

/// Writes `d` as a SARIF 2.1.0 log (pretty JSON and a newline).
pub fn write_sarif(
    out: &mut dyn std::io::Write,
    d: &Diagnosis,
    origins: &Origins,
) -> std::io::Result<()> {
    super::write_json(out, &sarif_log(d, origins))
}

#[derive(Serialize)]
struct Log {
    #[serde(rename = "$schema")]
    schema: &'static str,
    version: &'static str,
    runs: Vec<Run>,
}

#[derive(Serialize)]
struct Run {
    tool: Tool,
    results: Vec<SarifResult>,
}

#[derive(Serialize)]
struct Tool {
    driver: Driver,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Driver {
    name: &'static str,
    version: &'static str,
    semantic_version: &'static str,
    information_uri: &'static str,
    rules: Vec<Rule>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Rule {
    id: &'static str,
    name: String,
    short_description: Text,
    help_uri: String,
    help: Text,
}

#[derive(Serialize)]
struct Text {
    text: String,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SarifResult {
    rule_id: &'static str,
    rule_index: usize,
    level: &'static str,
    message: Text,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    locations: Vec<Location>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    related_locations: Vec<Location>,
    partial_fingerprints: BTreeMap<&'static str, String>,
    properties: Properties,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Location {
    #[serde(skip_serializing_if = "Option::is_none")]
    id: Option<usize>,
    physical_location: PhysicalLocation,
    message: Text,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct PhysicalLocation {
    artifact_location: ArtifactLocation,
    region: Region,
}

#[derive(Serialize)]
struct ArtifactLocation {
    uri: String,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Region {
    start_line: u32,
}

#[derive(Serialize)]
struct Properties {
    namespace: String,
    service: Option<String>,
    objects: Vec<String>,
    details: Vec<String>,
}

fn sarif_log(d: &Diagnosis, origins: &Origins) -> Log {
    let version = env!("CARGO_PKG_VERSION");
    Log {
        schema: SCHEMA,
        version: "2.1.0",
        runs: vec![Run {
            tool: Tool {
                driver: Driver {
                    name: TOOL_NAME,
                    version,
                    semantic_version: version,
                    information_uri: INFORMATION_URI,
                    rules: Code::ALL.iter().map(|c| rule(*c)).collect(),
                },
            },
            results: d.findings().map(|f| result(f, origins)).collect(),
        }],
    }
}

fn rule(code: Code) -> Rule {
    Rule {
        id: code.as_str(),
        name: code
            .as_str()
            .split('-')
            .map(|w| {
                let mut c = w.chars();
                c.next()
                    .map(|f| f.to_ascii_uppercase().to_string() + c.as_str())
                    .unwrap_or_default()
            })
            .collect(),
        short_description: Text {
            text: code.summary().to_string(),
        },
        help_uri: code.docs_url(),
        help: Text {
            text: format!(
                "What it means, why Kubernetes behaves so and how to fix it: {FINDINGS_DOC_URL}#{}",
                code.as_str()
            ),
        },
    }
}

fn result(f: &Finding, origins: &Origins) -> SarifResult {
    let service = f
        .service
        .as_ref()
        .map(|s| ObjRef::namespaced("Service", &f.namespace, s));
    // The object to point at: the finding's subject, else its Service, else its first object
    // whose file and line are known.
    let primary = f
        .subject
        .iter()
        .chain(&service)
        .chain(&f.objects)
        .find(|o| origin(o, origins).is_some());
    let locations: Vec<Location> = primary
        .and_then(|o| location(o, origins, None))
        .into_iter()
        .collect();
    let related_locations: Vec<Location> = service
        .iter()
        .chain(&f.objects)
        .filter(|o| Some(*o) != primary)
        .filter_map(|o| origin(o, origins).map(|_| o))
        .collect::<std::collections::BTreeSet<_>>()
        .into_iter()
        .enumerate()
        .filter_map(|(i, o)| location(o, origins, Some(i + 1)))
        .collect();
    let context = match &f.service {
        Some(s) => format!("Service {}/{s}: ", f.namespace),
        None => String::new(),
    };
    SarifResult {
        rule_id: f.code.as_str(),
        rule_index: Code::ALL.iter().position(|c| *c == f.code).unwrap_or(0),
        level: match f.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "note",
        },
        message: Text {
            text: format!("{context}{} Fix: {}", f.message, f.fix),
        },
        locations,
        related_locations,
        partial_fingerprints: BTreeMap::from([("svcxFinding/v1", fingerprint(f))]),
        properties: Properties {
            namespace: f.namespace.clone(),
            service: f.service.clone(),
            objects: f.objects.iter().map(object_text).collect(),
            details: f.details.clone(),
        },
    }
}

fn origin<'a>(o: &ObjRef, origins: &'a Origins) -> Option<&'a Origin> {
    let key = ObjectKey::new(&o.kind, o.namespace.as_deref().unwrap_or(""), &o.name);
    origins
        .get(&key)
        .filter(|origin| origin.file != Path::new("-"))
}

fn location(o: &ObjRef, origins: &Origins, id: Option<usize>) -> Option<Location> {
    let origin = origin(o, origins)?;
    Some(Location {
        id,
        physical_location: PhysicalLocation {
            artifact_location: ArtifactLocation {
                uri: uri(&origin.file),
            },
            region: Region {
                start_line: origin.line.max(1),
            },
        },
        message: Text {
            text: object_text(o),
        },
    })
}

/// `Deployment/web` or `Deployment/ns/web`... as `kind/name` with the namespace in front.
fn object_text(o: &ObjRef) -> String {
    match &o.namespace {
        Some(ns) => format!("{}/{} -n {ns}", o.kind.to_ascii_lowercase(), o.name),
        None => format!("{}/{}", o.kind.to_ascii_lowercase(), o.name),
    }
}

/// The path as given, as a URI reference: `/` separators, no leading `./`, percent-encoded
/// outside the unreserved characters; absolute paths become `file://` URIs.
fn uri(path: &Path) -> String {
    let text = path.to_string_lossy().replace('\\', "/");
    let mut rel = text.as_str();
    while let Some(rest) = rel.strip_prefix("./") {
        rel = rest;
    }
    let mut encoded = String::with_capacity(rel.len());
    for b in rel.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~/".contains(&b) {
            encoded.push(char::from(b));
        } else {
            encoded.push_str(&format!("%{b:02X}"));
        }
    }
    if path.is_absolute() || rel.starts_with('/') {
        format!("file://{encoded}")
    } else {
        encoded
    }
}

/// A stable identity of the finding across runs (FNV-1a of code, namespace, Service, subject),
/// so code scanning keeps tracking an alert when lines move.
fn fingerprint(f: &Finding) -> String {
    let subject = f.subject.as_ref().map(object_text).unwrap_or_default();
    let key = format!(
        "{}\0{}\0{}\0{subject}",
        f.code,
        f.namespace,
        f.service.as_deref().unwrap_or("")
    );
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for b in key.bytes() {
        hash ^= u64::from(b);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    format!("{hash:016x}")
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;

    #[test]
    fn uris_are_relative_references_as_given() {
        assert_eq!(uri(Path::new("k8s/web.yaml")), "k8s/web.yaml");
        assert_eq!(uri(Path::new("./k8s/web.yaml")), "k8s/web.yaml");
        assert_eq!(uri(Path::new("my app/web 1.yaml")), "my%20app/web%201.yaml");
        assert_eq!(uri(Path::new("/tmp/x.yaml")), "file:///tmp/x.yaml");
    }

    #[test]
    fn rule_names_and_levels() {
        let r = rule(Code::NetworkPolicyBlocksTargetPort);
        assert_eq!(r.id, "network-policy-blocks-target-port");
        assert_eq!(r.name, "NetworkPolicyBlocksTargetPort");
        assert!(
            r.help_uri
                .ends_with("findings.md#network-policy-blocks-target-port")
        );
    }

    #[test]
    fn subject_wins_then_service_then_objects_and_stdin_has_no_location() {
        let mut origins = Origins::new();
        let at = |file: &str, line| Origin {
            file: PathBuf::from(file),
            line,
        };
        origins.insert(
            ObjectKey::new("Service", "shop", "web"),
            at("k8s/web.yaml", 3),
        );
        origins.insert(
            ObjectKey::new("Ingress", "shop", "web"),
            at("k8s/ing.yaml", 1),
        );
        origins.insert(ObjectKey::new("Deployment", "shop", "web"), at("-", 9));
        let f = Finding::new(
            Code::IngressBackendMissing,
            Severity::Error,
            "shop",
            Some("web"),
            "m.",
            "f.",
        )
        .with_objects(vec![
            ObjRef::namespaced("Ingress", "shop", "web"),
            ObjRef::namespaced("Deployment", "shop", "web"),
        ]);
        let r = result(&f, &origins);
        assert_eq!(
            r.locations[0].physical_location.artifact_location.uri,
            "k8s/web.yaml"
        );
        assert_eq!(
            r.related_locations.len(),
            1,
            "the Ingress; stdin has no location"
        );
        assert_eq!(r.message.text, "Service shop/web: m. Fix: f.");
        let r = result(
            &f.clone()
                .with_subject(ObjRef::namespaced("Ingress", "shop", "web")),
            &origins,
        );
        assert_eq!(
            r.locations[0].physical_location.artifact_location.uri,
            "k8s/ing.yaml"
        );
        assert_eq!(r.related_locations[0].message.text, "service/web -n shop");
        assert_eq!(r.level, "error");
        assert!(result(&f, &Origins::new()).locations.is_empty());
    }
}
