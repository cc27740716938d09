//! The human view of `explain`, as users see it (fixed width, colour off; one colour-on case).

use crate::util::{scenario, svcx};

fn text(dir: &str, svc: &str, extra: &[&str]) -> String {
    let path = scenario(dir);
    let mut args = vec!["explain", svc, "-f", path.as_str(), "--width", "120"];
    args.extend_from_slice(extra);
    let out = svcx().args(&args).output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn snapshots_of_every_small_scenario() {
    for (dir, svc) in [
        ("healthy-clusterip", "web"),
        ("named-port-partial", "shop"),
        ("selector-typo", "web"),
        ("no-ready", "api"),
        ("headless-publish", "db"),
        ("etp-local", "ingress-gw"),
        ("terminating", "api"),
        ("lb-pending-externalname", "frontend"),
        ("lb-pending-externalname", "legacy-api"),
        ("selectorless-manual", "external-db"),
        ("selectorless-manual", "external-cache"),
        ("stale-controller-down", "cache"),
        ("topology-hints-applied", "search"),
    ] {
        insta::assert_snapshot!(
            format!("explain_{dir}_{svc}"),
            text(dir, svc, &["--color", "never"])
        );
    }
}

#[test]
fn piped_output_has_no_colour_by_default() {
    let plain = text("healthy-clusterip", "web", &[]);
    assert!(!plain.contains('\u{1b}'));
}

#[test]
fn colour_on_snapshot() {
    let colored = text("named-port-partial", "shop", &["--color", "always"]);
    assert!(colored.contains("\u{1b}["));
    insta::assert_snapshot!("explain_colour_named_port_partial", colored);
}
