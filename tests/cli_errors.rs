//! Bad input: one clear line on stderr, exit code 2, never a panic or a backtrace.

use crate::util::{fixture, scenario, svcx};

fn fails(args: &[&str], stdin: Option<&str>) -> String {
    let mut cmd = svcx();
    cmd.args(args);
    if let Some(s) = stdin {
        cmd.write_stdin(s);
    }
    let out = cmd.output().unwrap();
    assert_eq!(out.status.code(), Some(2), "{args:?}");
    assert!(out.stdout.is_empty(), "nothing on stdout for {args:?}");
    let err = String::from_utf8(out.stderr).unwrap();
    assert_eq!(err.lines().count(), 1, "one line: {err:?}");
    assert!(
        !err.contains("panicked") && !err.contains("backtrace"),
        "{err}"
    );
    err
}

#[test]
fn unknown_service_names_the_namespace_and_what_exists() {
    let err = fails(
        &[
            "explain",
            "nope",
            "-n",
            "healthy-clusterip",
            "-f",
            &scenario("healthy-clusterip"),
        ],
        None,
    );
    assert_eq!(
        err,
        "error: service \"nope\" not found in namespace \"healthy-clusterip\" (services there: web)\n"
    );
    let err = fails(
        &["explain", "nope", "-f", &scenario("healthy-clusterip")],
        None,
    );
    assert_eq!(
        err,
        "error: service \"nope\" not found in namespace \"default\"; the files hold Services in: healthy-clusterip (1)\n"
    );
}

#[test]
fn malformed_yaml_names_file_and_document() {
    let yaml = "apiVersion: v1\nkind: Service\nmetadata: {name: a}\n---\napiVersion: v1\nkind: Pod\nmetadata: [oops\n";
    let err = fails(&["explain", "a", "-f", "-"], Some(yaml));
    assert!(
        err.starts_with("error: -: document 2, line 7: invalid YAML at column"),
        "{err}"
    );
}

#[test]
fn invalid_object_names_kind_and_field() {
    let yaml = "apiVersion: v1\nkind: Service\nmetadata: {name: a}\nspec:\n  ports: 12\n";
    let err = fails(&["explain", "a", "-f", "-"], Some(yaml));
    assert_eq!(
        err,
        "error: -: document 1, line 5: invalid Service \"a\": spec.ports: expected a list, found the number 12\n"
    );
}

#[test]
fn missing_file_and_empty_directory() {
    let err = fails(&["explain", "a", "-f", "/nonexistent/x.yaml"], None);
    assert_eq!(
        err,
        "error: cannot read /nonexistent/x.yaml: no such file or directory\n"
    );
    let dir = tempfile::tempdir().unwrap();
    let err = fails(&["explain", "a", "-f", dir.path().to_str().unwrap()], None);
    assert!(
        err.starts_with("error: no .yaml, .yml or .json files found in"),
        "{err}"
    );
}

#[test]
fn ambiguous_name_asks_for_a_namespace() {
    let a = scenario("healthy-clusterip");
    let b = scenario("selector-typo");
    let out = svcx()
        .args(["explain", "web", "-f", &a, "-f", &b])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty());
    // Both dumps hold the test cluster's Nodes: each is used once, with a note
    // (docs/input.md#duplicates).
    assert_eq!(
        String::from_utf8(out.stderr).unwrap(),
        format!(
            "note: Node node-1 is defined 2 times; using the last definition at {b}:28\n\
             note: Node node-2 is defined 2 times; using the last definition at {b}:227\n\
             error: service \"web\" exists in several namespaces (healthy-clusterip, selector-typo); pass -n NAMESPACE\n"
        )
    );
}

#[test]
fn bad_flag_is_a_usage_error() {
    let out = svcx()
        .args(["explain", "web", "--kube-version", "banana"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn directory_input_reads_every_yaml_and_skips_unknown_kinds() {
    let out = svcx()
        .args([
            "explain",
            "app",
            "-n",
            "demo",
            "-v",
            "-f",
            fixture("manifests").to_str().unwrap(),
        ])
        .output()
        .unwrap();
    assert!(out.status.success());
    let err = String::from_utf8(out.stderr).unwrap();
    assert_eq!(
        err,
        "read 2 file(s), 4 document(s); used: Node=2 Pod=9 Service=2; skipped: none\n"
    );
    let out = svcx()
        .args(["explain", "web", "-v", "-f", &scenario("healthy-clusterip")])
        .output()
        .unwrap();
    let err = String::from_utf8(out.stderr).unwrap();
    // Namespaces are read (their labels decide NetworkPolicy namespaceSelectors).
    assert!(
        err.contains("Namespace=1 Node=3") && err.contains("skipped: none"),
        "{err}"
    );
}
