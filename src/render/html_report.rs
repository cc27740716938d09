//! `diagnose -o html`: one self-contained HTML file (inline CSS, inline SVG, a little inline
//! script for the filters; a Content-Security-Policy that forbids every fetch), made to be
//! passed around in an incident channel. Semantic HTML; severities are icons and words with
//! colour on top; a print stylesheet.

use super::graph_svg::{esc, svg_element};
use super::html_assets::{CSS, JS};
use crate::analysis::{Diagnosis, Finding, Graph, ServiceDiagnosis, Severity};
use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::io::{self, Write};

/// When and from what the report was made; the CLI fills it in (the clock lives there).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReportMeta {
    /// `files: examples/cluster.yaml` or `live cluster, context prod`.
    pub source: String,
    /// `Kubernetes 1.32 rules (from the Nodes' kubelet version)`.
    pub rules: String,
    /// `kubectl-svcx 0.1.0 (Kubernetes API v1.37)`.
    pub tool: String,
    /// UTC time, RFC 3339.
    pub generated_at: String,
    /// Services with findings left without a graph because of the report's graph limit.
    pub graphs_left_out: usize,
}

/// Writes the report. `graphs` are per-Service graphs titled `NAMESPACE/NAME` (normally only
/// for the Services with findings).
pub fn write_html_report(
    out: &mut dyn Write,
    d: &Diagnosis,
    graphs: &[Graph],
    meta: &ReportMeta,
) -> io::Result<()> {
    let by_title: BTreeMap<&str, &Graph> = graphs.iter().map(|g| (g.title.as_str(), g)).collect();
    let mut s = String::with_capacity(64 * 1024);
    head(&mut s);
    header(&mut s, d, meta);
    s.push_str("<main>\n");
    filters(&mut s, d);
    let (broken, healthy): (Vec<&ServiceDiagnosis>, Vec<&ServiceDiagnosis>) =
        d.services.iter().partition(|sd| !sd.findings.is_empty());
    let _ = writeln!(
        s,
        "<section aria-labelledby=\"h-findings\"><h2 id=\"h-findings\">Services with findings ({})</h2>",
        broken.len()
    );
    if broken.is_empty() && d.unattached.is_empty() {
        s.push_str("<p class=\"ok\">✓ No findings.</p>\n");
    }
    out.write_all(s.as_bytes())?;
    s.clear();
    for (i, sd) in broken.iter().enumerate() {
        let title = format!("{}/{}", sd.namespace, sd.name);
        service_card(&mut s, i, sd, by_title.get(title.as_str()).copied(), meta);
        // Flush per Service: a 10k-Service report never sits whole in memory twice.
        out.write_all(s.as_bytes())?;
        s.clear();
    }
    if !d.unattached.is_empty() {
        let worst = d.unattached.iter().map(|f| f.severity).max();
        let _ = writeln!(
            s,
            "<article class=\"service-card sev-{}\" data-service=\"\"><h3>Objects of no existing Service</h3>",
            worst.map_or("info", Severity::as_str)
        );
        findings_list(&mut s, &d.unattached);
        s.push_str("</article>\n");
    }
    s.push_str("</section>\n");
    let _ = writeln!(
        s,
        "<section aria-labelledby=\"h-healthy\"><h2 id=\"h-healthy\">Healthy Services ({})</h2>",
        healthy.len()
    );
    if !healthy.is_empty() {
        let _ = writeln!(
            s,
            "<details><summary>✓ {} Service{} without findings</summary><ul class=\"healthy\">",
            healthy.len(),
            if healthy.len() == 1 { "" } else { "s" }
        );
        for sd in &healthy {
            let _ = writeln!(
                s,
                "<li><span class=\"ok\" aria-hidden=\"true\">✓</span> <code>{}/{}</code> <span class=\"type\">{}</span></li>",
                esc(&sd.namespace),
                esc(&sd.name),
                esc(&type_text(sd))
            );
        }
        s.push_str("</ul></details>\n");
    }
    s.push_str("</section>\n</main>\n");
    let _ = writeln!(
        s,
        "<footer><p>Made by {} on {}. Finding codes: <a href=\"{}\">docs/findings.md</a>.</p></footer>",
        esc(&meta.tool),
        esc(&meta.generated_at),
        crate::analysis::FINDINGS_DOC_URL
    );
    let _ = writeln!(s, "<script>{JS}</script>\n</body>\n</html>");
    out.write_all(s.as_bytes())
}

fn head(s: &mut String) {
    let _ = writeln!(
        s,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:\">\n<title>Service diagnosis — kubectl svcx</title>\n<style>{CSS}</style>\n</head>\n<body>"
    );
}

fn header(s: &mut String, d: &Diagnosis, meta: &ReportMeta) {
    let sum = d.summary();
    let _ = writeln!(
        s,
        "<header>\n<h1>Service diagnosis</h1>\n<dl class=\"provenance\">\n<dt>Input</dt><dd>{}</dd>\n<dt>Rules</dt><dd>{}</dd>\n<dt>Mode</dt><dd>{}</dd>\n<dt>Made</dt><dd><time datetime=\"{t}\">{t}</time></dd>\n<dt>Tool</dt><dd>{}</dd>\n</dl>",
        esc(&meta.source),
        esc(&meta.rules),
        esc(&mode_text(d)),
        esc(&meta.tool),
        t = esc(&meta.generated_at),
    );
    let _ = writeln!(
        s,
        "<section aria-labelledby=\"h-summary\"><h2 id=\"h-summary\">Summary</h2>\n<table class=\"summary\"><tbody>\n<tr><th scope=\"row\">Services diagnosed</th><td>{}</td></tr>\n<tr><th scope=\"row\"><span aria-hidden=\"true\">✓</span> Healthy</th><td>{}</td></tr>\n<tr><th scope=\"row\"><span aria-hidden=\"true\">✗</span> Errors</th><td>{}</td></tr>\n<tr><th scope=\"row\"><span aria-hidden=\"true\">!</span> Warnings</th><td>{}</td></tr>\n<tr><th scope=\"row\"><span aria-hidden=\"true\">i</span> Infos</th><td>{}</td></tr>\n</tbody></table>",
        sum.services, sum.ok, sum.errors, sum.warnings, sum.infos
    );
    if meta.graphs_left_out > 0 {
        let _ = writeln!(
            s,
            "<p>{} Services with findings are shown without a graph (the report draws a limited number to stay small); <code>kubectl svcx graph NAMESPACE/NAME</code> draws any of them.</p>",
            meta.graphs_left_out
        );
    }
    s.push_str("</section>\n</header>\n");
}

fn filters(s: &mut String, d: &Diagnosis) {
    let namespaces: BTreeSet<&str> = d
        .services
        .iter()
        .filter(|sd| !sd.findings.is_empty())
        .map(|sd| sd.namespace.as_str())
        .chain(d.unattached.iter().map(|f| f.namespace.as_str()))
        .collect();
    let codes: BTreeSet<crate::analysis::Code> = d.findings().map(|f| f.code).collect();
    // Hidden until the script runs: without it the filters would do nothing.
    s.push_str("<section id=\"filters\" aria-label=\"Filters\" hidden>\n<fieldset><legend>Severity</legend>");
    for sev in [Severity::Error, Severity::Warning, Severity::Info] {
        let _ = write!(
            s,
            "<label><input type=\"checkbox\" name=\"severity\" value=\"{v}\" checked> {} {v}</label> ",
            icon(sev),
            v = sev.as_str()
        );
    }
    s.push_str(
        "</fieldset>\n<label>Namespace <select id=\"f-namespace\"><option value=\"\">all</option>",
    );
    for ns in namespaces {
        let _ = write!(s, "<option>{}</option>", esc(ns));
    }
    s.push_str(
        "</select></label>\n<label>Code <select id=\"f-code\"><option value=\"\">all</option>",
    );
    for c in codes {
        let _ = write!(s, "<option>{c}</option>");
    }
    s.push_str("</select></label>\n<label>Search <input type=\"search\" id=\"f-search\" placeholder=\"pod, service, text…\"></label>\n<p id=\"shown\" aria-live=\"polite\"></p>\n</section>\n");
}

fn service_card(
    s: &mut String,
    i: usize,
    sd: &ServiceDiagnosis,
    graph: Option<&Graph>,
    meta: &ReportMeta,
) {
    let worst = sd.worst().unwrap_or(Severity::Info);
    let name = format!("{}/{}", sd.namespace, sd.name);
    let _ = writeln!(
        s,
        "<article class=\"service-card sev-{}\" id=\"svc-{i}\" data-service=\"{}\" data-namespace=\"{}\" aria-labelledby=\"svc-{i}-h\">",
        worst.as_str(),
        esc(&name),
        esc(&sd.namespace)
    );
    let _ = writeln!(
        s,
        "<h3 id=\"svc-{i}-h\"><span aria-hidden=\"true\">{}</span> <code>{}</code><span class=\"type\">{}</span><span class=\"counts\">{}</span></h3>",
        icon(worst),
        esc(&name),
        esc(&type_text(sd)),
        esc(&counts(&sd.findings))
    );
    findings_list(s, &sd.findings);
    match graph {
        Some(g) => {
            let _ = writeln!(
                s,
                "<figure class=\"graph\"><figcaption>Traffic path of <code>{}</code>: red dashed arrows carry no traffic and name the finding code.</figcaption>\n{}</figure>",
                esc(&name),
                svg_element(g, &format!("g{i}"))
            );
        }
        None if meta.graphs_left_out > 0 => {
            let _ = writeln!(
                s,
                "<p class=\"no-print\">No graph in this report: <code>kubectl svcx graph {}</code> draws it.</p>",
                esc(&name)
            );
        }
        None => {}
    }
    s.push_str("</article>\n");
}

fn findings_list(s: &mut String, findings: &[Finding]) {
    s.push_str("<ol class=\"findings\">\n");
    for f in findings {
        let sev = f.severity.as_str();
        let _ = writeln!(
            s,
            "<li class=\"finding sev-{sev}\" data-severity=\"{sev}\" data-code=\"{}\" data-namespace=\"{}\">",
            f.code,
            esc(&f.namespace)
        );
        let _ = writeln!(
            s,
            "<p><span class=\"badge sev-{sev}\"><span aria-hidden=\"true\">{}</span> {}</span><code>{}</code></p>\n<p>{}</p>",
            icon(f.severity),
            sev.to_uppercase(),
            f.code,
            esc(&f.message)
        );
        if !f.details.is_empty() {
            s.push_str("<ul class=\"details\">");
            for d in &f.details {
                let _ = write!(s, "<li>{}</li>", esc(d));
            }
            s.push_str("</ul>\n");
        }
        if !f.objects.is_empty() {
            let objs: Vec<String> = f
                .objects
                .iter()
                .map(|o| {
                    format!(
                        "<code>{}/{}</code>",
                        esc(&o.kind.to_lowercase()),
                        esc(&o.name)
                    )
                })
                .collect();
            let _ = writeln!(
                s,
                "<p><span class=\"label\">Objects:</span> {}</p>",
                objs.join(", ")
            );
        }
        let _ = writeln!(
            s,
            "<p><span class=\"label\">Fix:</span> {}</p>\n<p><a href=\"{}\">Docs: {}</a></p>\n</li>",
            esc(&f.fix),
            esc(&f.code.docs_url()),
            f.code
        );
    }
    s.push_str("</ol>\n");
}

/// `live` or `manifests: why`.
fn mode_text(d: &Diagnosis) -> String {
    if d.mode_reason.is_empty() {
        d.mode.as_str().to_string()
    } else {
        format!("{}: {}", d.mode.as_str(), d.mode_reason)
    }
}

fn icon(s: Severity) -> &'static str {
    match s {
        Severity::Error => "✗",
        Severity::Warning => "!",
        Severity::Info => "i",
    }
}

fn type_text(sd: &ServiceDiagnosis) -> String {
    if sd.headless {
        format!("{} (headless)", sd.type_)
    } else {
        sd.type_.to_string()
    }
}

/// `1 error, 2 warnings`.
fn counts(findings: &[Finding]) -> String {
    let n = |sev: Severity| findings.iter().filter(|f| f.severity == sev).count();
    [
        (n(Severity::Error), "error"),
        (n(Severity::Warning), "warning"),
        (n(Severity::Info), "info"),
    ]
    .iter()
    .filter(|(k, _)| *k > 0)
    .map(|(k, w)| format!("{k} {w}{}", if *k == 1 { "" } else { "s" }))
    .collect::<Vec<_>>()
    .join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::{Code, Finding};
    use crate::model::ServiceType;

    fn diagnosis() -> Diagnosis {
        let f = Finding::new(
            Code::PodsNotReady,
            Severity::Warning,
            "shop",
            Some("web"),
            "pod <script>alert(1)</script> & \"friends\" not ready",
            "fix it",
        );
        Diagnosis {
            services: vec![
                ServiceDiagnosis {
                    namespace: "shop".into(),
                    name: "web".into(),
                    type_: ServiceType::ClusterIp,
                    headless: false,
                    findings: vec![f],
                    mode: crate::analysis::InputMode::Live,
                },
                ServiceDiagnosis {
                    namespace: "shop".into(),
                    name: "ok".into(),
                    type_: ServiceType::NodePort,
                    headless: false,
                    findings: vec![],
                    mode: crate::analysis::InputMode::Live,
                },
            ],
            ..Diagnosis::default()
        }
    }

    fn meta() -> ReportMeta {
        ReportMeta {
            source: "files: a.yaml".into(),
            rules: "Kubernetes v1.32 controller rules".into(),
            tool: "kubectl-svcx test".into(),
            generated_at: "2025-01-01T00:00:00Z".into(),
            graphs_left_out: 0,
        }
    }

    #[test]
    fn self_contained_escaped_and_complete() {
        let mut out = Vec::new();
        write_html_report(&mut out, &diagnosis(), &[], &meta()).unwrap();
        let html = String::from_utf8(out).unwrap();
        // Nothing for a browser to fetch.
        for banned in [" src=", "<link", "@import", "url(http", "@font-face"] {
            assert!(!html.contains(banned), "{banned}");
        }
        assert!(html.contains("default-src 'none'"));
        // Text is escaped; only our own script runs.
        assert!(html.contains(
            "pod &lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;friends&quot; not ready"
        ));
        assert_eq!(html.matches("<script>").count(), 1);
        assert!(html.contains("data-code=\"pods-not-ready\" data-namespace=\"shop\""));
        assert!(html.contains("<dd>files: a.yaml</dd>"));
        assert!(html.contains("<dt>Mode</dt><dd>live</dd>"));
        assert!(html.contains("<summary>✓ 1 Service without findings</summary>"));
        assert!(html.contains("<code>shop/ok</code> <span class=\"type\">NodePort</span>"));
        assert!(html.contains("<option>pods-not-ready</option>"));
        assert!(html.ends_with("</html>\n"));
    }
}
