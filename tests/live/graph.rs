//! `graph` and `diagnose -o html` work live: through the fake server they draw what they draw
//! from the same dump offline, and the report names the live cluster as its input.

use super::{serve, stdout_ok, svcx_live};
use crate::util::{scenario, svcx};

#[test]
fn graph_live_equals_graph_from_file() {
    for (name, format) in [
        ("stale-controller-down", "dot"),
        ("named-port-partial", "mermaid"),
        ("selectorless-manual", "svg"),
    ] {
        let server = serve(name);
        let offline = stdout_ok(
            svcx()
                .args(["graph", "-n", name, "--format", format, "-f"])
                .arg(scenario(name)),
        );
        let live = stdout_ok(svcx_live(&server).args(["graph", "-n", name, "--format", format]));
        pretty_assertions::assert_eq!(live, offline, "{name} {format}");
        assert!(live.contains(&format!("{name}/")), "{live}");
    }
}

#[test]
fn html_report_live_names_the_cluster_and_has_the_findings() {
    let name = "stale-controller-down";
    let server = serve(name);
    let out = svcx_live(&server)
        .args(["diagnose", "-n", name, "-o", "html"])
        .env("SOURCE_DATE_EPOCH", "1764000000")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "an error was found");
    let html = String::from_utf8(out.stdout).unwrap();
    assert!(
        html.contains(
            "<dd>live cluster, current kubeconfig context, namespace stale-controller-down</dd>"
        ),
        "{html}"
    );
    assert!(html.contains("<time datetime=\"2025-11-24T16:00:00Z\">"));
    assert!(
        html.contains("from the server&#39;s /version"),
        "rules from the live server"
    );
    for code in ["slice-stale", "pods-not-ready"] {
        assert!(html.contains(&format!("data-code=\"{code}\"")), "{code}");
    }
    assert_eq!(
        html.matches("<svg ").count(),
        1,
        "one graph: the one Service with findings"
    );
}
