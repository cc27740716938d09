//! Files are read as kubectl reads them (sigs.k8s.io/yaml over go-yaml v2, YAML 1.1 scalars):
//! what kubectl accepts loads, what it refuses is refused with one line naming the file, the
//! document, the line and the field, and every output format (text, JSON, SARIF) agrees.
//! Fixtures: `tests/kubectl-input/`.

use crate::util::svcx;
use std::path::PathBuf;
use svcx::source::{FileInput, decode_documents, load_files, load_files_tracking_lines};

fn input(name: &str) -> String {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/kubectl-input")
        .join(name)
        .display()
        .to_string()
}

/// Exit code 2: the input was refused. 0 and 1 (findings) both mean it loaded.
const REFUSED: i32 = 2;
const LOADED: i32 = -1;

/// Runs `diagnose -f FILE` in every output format: each exits `code` (`LOADED`: 0 or 1), and
/// the stderr of all is the same (one line when refused).
fn diagnose_all_formats(file: &str, code: i32) -> String {
    let mut errs = Vec::new();
    for format in ["text", "json", "sarif"] {
        let out = svcx()
            .args(["diagnose", "-A", "-o", format, "-f", file])
            .output()
            .unwrap();
        let err = String::from_utf8(out.stderr).unwrap();
        let got = out.status.code();
        match code {
            LOADED => assert!(
                matches!(got, Some(0 | 1)),
                "-o {format} {file}: {got:?} {err}"
            ),
            _ => assert_eq!(got, Some(code), "-o {format} {file}: {err}"),
        }
        errs.push(err);
    }
    assert_eq!(errs[0], errs[1], "text and json agree on {file}");
    assert_eq!(errs[0], errs[2], "text and sarif agree on {file}");
    errs.remove(0)
}

fn refused(name: &str) -> String {
    let file = input(name);
    let err = diagnose_all_formats(&file, REFUSED);
    assert_eq!(err.lines().count(), 1, "{err}");
    let err = err
        .trim_end()
        .strip_prefix("error: ")
        .unwrap_or(&err)
        .to_string();
    err.strip_prefix(&format!("{file}: "))
        .unwrap_or_else(|| panic!("names the file: {err}"))
        .to_string()
}

#[test]
fn yaml_1_1_octal_hex_and_booleans_mean_what_they_mean_to_kubectl() {
    let text = std::fs::read_to_string(input("octal-and-booleans.yaml")).unwrap();
    let docs = decode_documents(&text).unwrap();
    assert_eq!(docs[0].value["spec"]["publishNotReadyAddresses"], true);
    assert_eq!(docs[0].value["spec"]["ports"][0]["port"], 80);
    assert_eq!(docs[0].value["spec"]["ports"][0]["targetPort"], 8080);
    let pod = &docs[1].value["spec"]["template"]["spec"];
    assert_eq!(pod["volumes"][0]["configMap"]["defaultMode"], 420);
    assert_eq!(pod["containers"][0]["ports"][0]["containerPort"], 8080);

    let (cluster, _) = load_files(&[FileInput::parse(&input("octal-and-booleans.yaml"))]).unwrap();
    let svc = &cluster.services[0];
    assert!(svc.publish_not_ready_addresses);
    assert_eq!(svc.ports[0].port, 80);
    assert_eq!(cluster.workloads.len(), 1);
    diagnose_all_formats(&input("octal-and-booleans.yaml"), LOADED);
}

#[test]
fn a_repeated_key_is_replaced_by_the_last_one() {
    let file = input("duplicate-keys.yaml");
    for load in [load_files, load_files_tracking_lines] {
        let (cluster, _) = load(&[FileInput::parse(&file)]).unwrap();
        let selector = cluster.services[0].selector.clone().unwrap();
        assert_eq!(
            selector.into_iter().collect::<Vec<_>>(),
            [("name".into(), "etcd".into())]
        );
    }
    diagnose_all_formats(&file, LOADED);
}

#[test]
fn a_tab_in_indentation_is_refused_at_its_line() {
    let err = refused("tab-indent.yaml");
    assert!(
        err.starts_with("document 1, line 5: invalid YAML at column 2: tabs"),
        "{err}"
    );
}

#[test]
fn a_document_that_is_only_text_is_refused() {
    assert_eq!(
        refused("bare-scalar.yaml"),
        "document 2, line 10: invalid document: expected a Kubernetes object (a mapping with apiVersion, kind, metadata, ...), found the text \"just some text\""
    );
}

#[test]
fn an_unquoted_yes_label_is_a_boolean_and_refused_at_the_label() {
    assert_eq!(
        refused("yes-label.yaml"),
        "document 1, line 7: invalid Service \"web\": metadata.labels.enabled: expected a string, found the boolean true (in YAML, unquoted yes/no, on/off, y/n and true/false are booleans: quote the value)"
    );
}

#[test]
fn a_wrong_type_names_the_document_line_and_field_even_in_a_list() {
    assert_eq!(
        refused("wrong-type-in-third-document.yaml"),
        "document 3, line 25: invalid Pod \"bad\": spec.containers[0].ports[0].containerPort: expected an integer, found the string \"8080\""
    );
}

#[test]
fn sarif_points_at_each_objects_first_line() {
    let file = input("octal-and-booleans.yaml");
    let (cluster, _) = load_files_tracking_lines(&[FileInput::parse(&file)]).unwrap();
    let lines: Vec<(String, u32)> = cluster
        .origins
        .iter()
        .map(|(key, origin)| (format!("{key:?}"), origin.line))
        .collect();
    assert_eq!(lines.len(), 2, "{lines:?}");
    assert!(
        lines.iter().any(|(k, l)| k.contains("Service") && *l == 2),
        "{lines:?}"
    );
    assert!(
        lines
            .iter()
            .any(|(k, l)| k.contains("Deployment") && *l == 15),
        "{lines:?}"
    );
}

/// Public manifests kubectl accepts and this tool once refused (`defaultMode: 0400`, a repeated
/// `selector:`): each loads now. Reads `../shared/realworld/parse-failures` beside the repo.
#[test]
#[allow(clippy::print_stderr)] // the printed reason for a skip
fn realworld_files_kubectl_accepts_load() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/realworld/parse-failures");
    let Ok(entries) = std::fs::read_dir(&dir) else {
        eprintln!(
            "skipped: {} is absent (the public corpus lives beside the repo)",
            dir.display()
        );
        return;
    };
    let mut files: Vec<PathBuf> = entries.filter_map(Result::ok).map(|e| e.path()).collect();
    files.sort();
    assert!(!files.is_empty(), "{} is empty", dir.display());
    for file in files {
        let file = file.display().to_string();
        diagnose_all_formats(&file, LOADED);
    }
}

#[test]
fn json_reads_the_same_in_every_format_with_real_lines() {
    // Go's encoding/json keeps the last of repeated keys, as YAML does.
    let file = input("json-repeated-key.json");
    diagnose_all_formats(&file, LOADED);
    for load in [load_files, load_files_tracking_lines] {
        let (cluster, _) = load(&[FileInput::parse(&file)]).unwrap();
        assert_eq!(cluster.pods[0].name, "web-0");
    }
    let (cluster, _) = load_files_tracking_lines(&[FileInput::parse(&file)]).unwrap();
    let mut lines: Vec<u32> = cluster.origins.values().map(|o| o.line).collect();
    lines.sort();
    assert_eq!(lines, [5, 15]);

    assert_eq!(
        refused("json-label-boolean.json"),
        "document 2, line 6: invalid Service \"flagged\": metadata.labels.enabled: expected a string, found the boolean true (in YAML, unquoted yes/no, on/off, y/n and true/false are booleans: quote the value)"
    );
}

#[test]
fn null_values_of_labels_annotations_and_selectors_are_empty_strings_as_in_kubectl() {
    let file = input("null-map-values.yaml");
    let (cluster, _) = load_files(&[FileInput::parse(&file)]).unwrap();
    let svc = &cluster.services[0];
    assert_eq!(svc.labels.get("app").map(|s| s.as_str()), Some(""));
    let selector = svc.selector.as_ref().unwrap();
    assert_eq!(selector.get("app").map(|s| s.as_str()), Some(""));
    assert_eq!(selector.get("tier").map(|s| s.as_str()), Some("front"));
    assert_eq!(cluster.workloads.len(), 1);
    // `app=""` selects the template labelled `app: ""`: no finding about the selector.
    let out = svcx()
        .args(["diagnose", "-A", "-o", "json", "-f", &file])
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    diagnose_all_formats(&file, LOADED);
}

#[test]
fn a_dry_run_services_empty_status_is_a_manifest_not_cluster_state() {
    let (d, codes, status) = diagnose_codes(&input("dry-run-service.yaml"));
    assert_eq!(d["mode"], "manifests", "{d}");
    assert_eq!(
        codes,
        ["selector-matches-no-pods", "selector-near-miss"],
        "{d}"
    );
    assert_eq!(status, Some(1));
}

/// `diagnose -A -o json -f FILE`: the document, its finding codes in order, the exit status.
fn diagnose_codes(file: &str) -> (serde_json::Value, Vec<String>, Option<i32>) {
    let out = svcx()
        .args(["diagnose", "-A", "-o", "json", "-f", file])
        .output()
        .unwrap();
    let d: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let codes = d["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["code"].as_str().unwrap().to_string())
        .collect();
    (d, codes, out.status.code())
}

#[test]
fn a_slice_port_without_a_name_serves_the_unnamed_service_port_as_once_stored() {
    let file = input("slice-port-without-name.yaml");
    let (cluster, _) = load_files(&[FileInput::parse(&file)]).unwrap();
    assert_eq!(
        cluster.endpoint_slices[0].ports[0].name.as_deref(),
        Some("")
    );
    let out = svcx()
        .args(["explain", "ext", "-n", "default", "--traffic", "-f", &file])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{text}");
    assert!(!text.contains("a port without a name is ignored"), "{text}");
    assert!(
        !text.contains("no slice kube-proxy uses lists this port"),
        "{text}"
    );
    assert!(!text.contains("has no usable port"), "{text}");
    let (d, codes, _) = diagnose_codes(&file);
    assert_eq!(
        codes,
        ["single-ready-endpoint", "slice-foreign-managed"],
        "{d}"
    );
}

/// A YAML List over 4 MiB is read item by item from the file (never whole): plain or gzipped it
/// gives what its JSON gives; one that this reading cannot take as it is (a second document
/// after the List) is read again whole, and nothing is lost.
#[test]
fn a_big_yaml_list_is_streamed_and_reads_as_its_json() {
    use std::io::Write;
    let yaml =
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/over-capacity/cluster.yaml");
    let text = std::fs::read_to_string(&yaml).unwrap();
    assert!(
        text.len() > 4 << 20,
        "the fixture must be big enough to be streamed"
    );
    let dir = tempfile::tempdir().unwrap();
    let value: serde_json::Value = whole_document_as_json(&yaml);
    let json = dir.path().join("cluster.json");
    std::fs::write(&json, serde_json::to_vec(&value).unwrap()).unwrap();
    let gz = dir.path().join("cluster.yaml.gz");
    let mut enc = flate2::write::GzEncoder::new(
        std::fs::File::create(&gz).unwrap(),
        flate2::Compression::fast(),
    );
    enc.write_all(text.as_bytes()).unwrap();
    enc.finish().unwrap();
    let two_docs = dir.path().join("two.yaml");
    std::fs::write(
        &two_docs,
        format!("{text}---\napiVersion: v1\nkind: Service\nmetadata: {{name: extra, namespace: over-capacity, uid: u-extra}}\nspec: {{ports: [{{port: 80}}]}}\n"),
    )
    .unwrap();
    let run = |file: &std::path::Path| -> serde_json::Value {
        let out = svcx()
            .args(["diagnose", "-A", "-o", "json", "--fail-on", "never", "-f"])
            .arg(file)
            .output()
            .unwrap();
        assert_eq!(
            out.status.code(),
            Some(0),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        serde_json::from_slice(&out.stdout).unwrap()
    };
    let from_json = run(&json);
    assert_eq!(run(&yaml), from_json);
    assert_eq!(run(&gz), from_json);
    let both = run(&two_docs);
    let names: Vec<&str> = both["services"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["name"].as_str().unwrap())
        .collect();
    assert!(
        names.contains(&"extra") && names.contains(&"bulk"),
        "{names:?}"
    );
}

/// The fixture's one document as JSON, through the tool's own YAML reading.
fn whole_document_as_json(path: &std::path::Path) -> serde_json::Value {
    let text = std::fs::read_to_string(path).unwrap();
    let mut docs = decode_documents(&text).unwrap();
    assert_eq!(docs.len(), 1);
    docs.remove(0).value
}
