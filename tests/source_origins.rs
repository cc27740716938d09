//! Files read with line tracking remember where each object starts (for SARIF output).

use crate::util::{fixture, scenario};
use svcx::model::ObjectKey;
use svcx::source::{FileInput, load_files_tracking_lines};

#[test]
fn multi_document_manifest_lines() {
    let path = fixture("manifests/sidecar-named-port.yaml");
    let (cluster, _) = load_files_tracking_lines(&[FileInput::Path(path.clone())]).unwrap();
    let line = |k: &str, ns: &str, n: &str| cluster.origins[&ObjectKey::new(k, ns, n)].line;
    assert_eq!(line("Service", "demo", "app"), 5);
    assert_eq!(line("Node", "", "node-a"), 21);
    assert_eq!(line("Pod", "demo", "app-0"), 32);
    assert_eq!(
        cluster.origins[&ObjectKey::new("Pod", "demo", "app-0")].file,
        path
    );
}

#[test]
fn list_items_lines() {
    let path = scenario("selector-typo");
    let (cluster, _) = load_files_tracking_lines(&[FileInput::Path(path.into())]).unwrap();
    let svc = cluster.origins[&ObjectKey::new("Service", "selector-typo", "web")].line as usize;
    let text = std::fs::read_to_string(scenario("selector-typo")).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(
        lines[svc - 1],
        "- apiVersion: v1",
        "points at the item's first line"
    );
    assert!(
        lines[svc..svc + 30]
            .iter()
            .any(|l| l.trim() == "kind: Service")
    );
}
