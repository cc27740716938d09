//! Input identity and `-n` with files (docs/input.md): one object per (group, kind, namespace,
//! name), the last definition or the newest state of the same uid wins, one `note:` per object
//! defined more than once; `-n` places namespace-less objects like `kubectl apply -n`, refuses
//! manifests of another namespace with kubectl's words, and a filter that leaves no Service
//! exits 2 saying what the files hold.

use crate::util::{scenario, svcx};
use pretty_assertions::assert_eq;
use serde_json::Value;
use svcx::source::{FileInput, load_files};

const DIR: &str = "tests/fixtures/identity";

/// Runs the binary from the repository root: (stdout, stderr, exit code).
fn run(args: &[&str]) -> (String, String, i32) {
    let out = svcx().args(args).output().unwrap();
    (
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
        out.status.code().unwrap(),
    )
}

fn fx(name: &str) -> String {
    format!("{DIR}/{name}")
}

/// `(code, objects)` of every finding, in output order.
fn findings(json: &str) -> Vec<(String, Vec<String>)> {
    let v: Value = serde_json::from_str(json).unwrap();
    v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            let objects = f["objects"]
                .as_array()
                .unwrap()
                .iter()
                .map(|o| {
                    format!(
                        "{}/{}",
                        o["kind"].as_str().unwrap(),
                        o["name"].as_str().unwrap()
                    )
                })
                .collect();
            (f["code"].as_str().unwrap().to_string(), objects)
        })
        .collect()
}

/// `namespace/name` of every Service diagnosed.
fn services(json: &str) -> Vec<String> {
    let v: Value = serde_json::from_str(json).unwrap();
    v["services"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            format!(
                "{}/{}",
                s["namespace"].as_str().unwrap(),
                s["name"].as_str().unwrap()
            )
        })
        .collect()
}

#[test]
fn an_object_defined_twice_in_one_file_is_judged_once_by_its_last_definition() {
    let (out, err, code) = run(&["diagnose", "-f", &fx("dup-one-file.yaml"), "-o", "json"]);
    assert_eq!(code, 1, "{err}");
    assert_eq!(services(&out), ["shop/web"]);
    // The second Service names targetPort web-http (the first named http, which resolves):
    // only the last definition is judged, and each finding comes once. (No container serves
    // the unresolved port, so no readiness-probe-missing: it judges the serving container.)
    assert_eq!(
        findings(&out)
            .iter()
            .map(|(c, _)| c.as_str())
            .collect::<Vec<_>>(),
        ["named-target-port-unresolved"]
    );
    assert_eq!(
        err,
        "note: Service shop/web is defined 2 times; using the last definition at tests/fixtures/identity/dup-one-file.yaml:36\n\
         note: Deployment shop/web is defined 2 times; using the last definition at tests/fixtures/identity/dup-one-file.yaml:48\n"
    );
}

#[test]
fn the_same_file_passed_twice_changes_nothing_but_the_notes() {
    let once = run(&["diagnose", "-f", &fx("dup-one-file.yaml"), "-o", "json"]);
    let twice = run(&[
        "diagnose",
        "-f",
        &fx("dup-one-file.yaml"),
        "-f",
        &fx("dup-one-file.yaml"),
        "-o",
        "json",
    ]);
    assert_eq!(twice.0, once.0);
    assert_eq!(twice.2, once.2);
    assert!(
        twice
            .1
            .contains("note: Service shop/web is defined 4 times"),
        "{}",
        twice.1
    );
}

/// A directory holding the same dump as `.yaml` and `.json` (both `kubectl get -o ...`
/// exports): it used to list every endpoint twice and report a false `slice-stale`.
#[test]
fn a_dump_exported_as_yaml_and_json_in_one_directory_is_one_cluster() {
    let dir = tempfile::tempdir().unwrap();
    let yaml = std::fs::read_to_string(scenario("healthy-clusterip")).unwrap();
    let docs = svcx::source::decode_documents(&yaml).unwrap();
    std::fs::write(dir.path().join("dump.yaml"), &yaml).unwrap();
    std::fs::write(
        dir.path().join("dump.json"),
        serde_json::to_string_pretty(&docs[0].value).unwrap(),
    )
    .unwrap();
    let d = dir.path().to_str().unwrap();
    let (alone, _, alone_code) = run(&[
        "diagnose",
        "-f",
        &scenario("healthy-clusterip"),
        "-o",
        "json",
    ]);
    let (both, err, code) = run(&["diagnose", "-f", d, "-o", "json"]);
    assert_eq!((code, alone_code), (0, 0), "{err}");
    assert_eq!(findings(&both), []);
    assert_eq!(both, alone);
    // Every object of the dump (the Namespace too) is defined twice; the YAML file sorts last and is used, at the
    // line of each List item.
    let notes: Vec<&str> = err.lines().collect();
    assert_eq!(notes.len(), 10, "{err}");
    assert_eq!(
        notes[4],
        format!(
            "note: Service healthy-clusterip/web is defined 2 times; using the last definition at {}:625",
            dir.path().join("dump.yaml").display()
        )
    );
}

#[test]
fn the_newest_resource_version_of_a_uid_wins_whatever_the_file_order() {
    for order in [
        ["rv-new.yaml", "rv-old.yaml"],
        ["rv-old.yaml", "rv-new.yaml"],
    ] {
        let inputs: Vec<FileInput> = order
            .iter()
            .map(|f| FileInput::Path(fx(f).into()))
            .collect();
        let (cluster, report) = load_files(&inputs).unwrap();
        assert_eq!(cluster.services.len(), 1, "{order:?}");
        assert_eq!(
            cluster.services[0]
                .selector
                .as_ref()
                .and_then(|s| s.get("app"))
                .map(|s| s.as_str()),
            Some("api-v2"),
            "{order:?}: the state of resourceVersion 2051"
        );
        assert_eq!(report.replaced.len(), 1);
        assert_eq!(report.replaced[0].line, Some(7));
    }
    let (_, err, code) = run(&[
        "diagnose",
        "-f",
        &fx("rv-new.yaml"),
        "-f",
        &fx("rv-old.yaml"),
    ]);
    assert_eq!(code, 1);
    assert_eq!(
        err,
        "note: Service shop/api is defined 2 times; using the newest (resourceVersion 2051) at tests/fixtures/identity/rv-new.yaml:7\n"
    );
}

/// SARIF points at the definition used, even when a later file defines the object again.
#[test]
fn sarif_points_at_the_definition_used() {
    let (out, err, _) = run(&[
        "diagnose",
        "-f",
        &fx("rv-new.yaml"),
        "-f",
        &fx("rv-old.yaml"),
        "-o",
        "sarif",
    ]);
    let v: Value = serde_json::from_str(&out).unwrap();
    let results = v["runs"][0]["results"].as_array().unwrap();
    let rules: Vec<&str> = results
        .iter()
        .map(|r| r["ruleId"].as_str().unwrap())
        .collect();
    // The near miss (pod label app=api) comes with the error, once: no repeat from the
    // second definition.
    assert_eq!(
        rules,
        ["selector-matches-no-pods", "selector-near-miss"],
        "{out}\n{err}"
    );
    let loc = &results[0]["locations"][0]["physicalLocation"];
    assert_eq!(
        loc["artifactLocation"]["uri"],
        "tests/fixtures/identity/rv-new.yaml"
    );
    assert_eq!(loc["region"]["startLine"], 7);
}

#[test]
fn dash_n_places_namespace_less_objects_like_kubectl_apply() {
    let (out, err, code) = run(&[
        "diagnose",
        "-n",
        "argocd",
        "-f",
        &fx("no-namespace.yaml"),
        "-o",
        "json",
    ]);
    assert_eq!((code, err.as_str()), (0, ""));
    assert_eq!(services(&out), ["argocd/server"]);
    let (out, _, code) = run(&["diagnose", "-f", &fx("no-namespace.yaml"), "-o", "json"]);
    assert_eq!(code, 0);
    assert_eq!(services(&out), ["default/server"], "without -n: default");
    // explain and simulate read files the same way.
    for cmd in ["explain", "simulate"] {
        let (out, err, code) = run(&[
            cmd,
            "server",
            "-n",
            "argocd",
            "-f",
            &fx("no-namespace.yaml"),
        ]);
        assert_eq!(code, 0, "{cmd}: {err}");
        assert!(out.contains("argocd/server"), "{cmd}: {out}");
    }
}

/// An object placed by `-n` is the same object as one written in that namespace: it is
/// defined twice (identities are hashed as read, so a placed one is hashed again).
#[test]
fn an_object_placed_by_dash_n_meets_its_namesake_in_that_namespace() {
    let (placed, written) = (fx("no-namespace.yaml"), fx("server-in-argocd.yaml"));
    let both_in = |scope: &[&str]| {
        let mut args = vec!["diagnose"];
        args.extend(scope);
        args.extend(["-f", &placed, "-f", &written, "-o", "json"]);
        run(&args)
    };
    let (out, err, code) = both_in(&["-n", "argocd"]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(services(&out), ["argocd/server"]);
    assert_eq!(
        err,
        "note: Service argocd/server is defined 2 times; using the last definition at tests/fixtures/identity/server-in-argocd.yaml:3\n"
    );
    // Without -n they are two objects in two namespaces.
    let (out, err, _) = both_in(&["-A"]);
    assert_eq!(err, "");
    assert_eq!(services(&out), ["argocd/server", "default/server"]);
}

#[test]
fn dash_n_refuses_a_manifest_of_another_namespace_in_kubectls_words() {
    for cmd in [&["diagnose"][..], &["explain", "cart"][..]] {
        let mut args = cmd.to_vec();
        let file = fx("in-shop.yaml");
        args.extend(["-n", "argocd", "-f", &file]);
        let (out, err, code) = run(&args);
        assert_eq!((code, out.as_str()), (2, ""), "{cmd:?}");
        assert_eq!(
            err,
            "error: tests/fixtures/identity/in-shop.yaml:2: Service \"cart\": the namespace from the provided object \"shop\" does not match the namespace \"argocd\". You must pass '--namespace=shop' to perform this operation.\n"
        );
    }
    let (out, err, code) = run(&["diagnose", "-n", "shop", "-f", &fx("in-shop.yaml")]);
    assert_eq!((code, err.as_str()), (0, ""), "the same namespace is fine");
    assert!(out.starts_with("Manifest mode"), "{out}");
    assert!(out.contains("no-workloads-in-namespace"), "{out}");
}

/// A dump (objects with uid/resourceVersion) records where objects are: `-n` selects there, as
/// `kubectl get -n` does, and saying what it left out when it leaves nothing.
#[test]
fn a_filter_that_leaves_nothing_says_what_the_files_hold_and_exits_2() {
    let (out, err, code) = run(&["diagnose", "-n", "shop", "-f", &fx("rv-old.yaml")]);
    assert_eq!((code, err.as_str()), (0, ""));
    assert!(out.contains("shop/api"), "{out}");
    let (out, err, code) = run(&["diagnose", "-n", "argocd", "-f", &fx("rv-old.yaml")]);
    assert_eq!((code, out.as_str()), (2, ""));
    assert_eq!(
        err,
        "error: no Service in namespace argocd; the files hold Services in: shop (1)\n"
    );
    let (_, err, code) = run(&["diagnose", "web", "-n", "argocd", "-f", &fx("rv-old.yaml")]);
    assert_eq!(code, 2);
    assert_eq!(
        err,
        "error: service \"web\" not found in namespace \"argocd\"; the files hold Services in: shop (1)\n"
    );
    let (_, err, code) = run(&["explain", "web", "-n", "argocd", "-f", &fx("rv-old.yaml")]);
    assert_eq!(code, 2);
    assert_eq!(
        err,
        "error: service \"web\" not found in namespace \"argocd\"; the files hold Services in: shop (1)\n"
    );
}

/// Objects named by `generateName` only are distinct objects each time they are created.
#[test]
fn objects_without_a_name_are_never_merged() {
    let dir = tempfile::tempdir().unwrap();
    let pod = "apiVersion: v1\nkind: Pod\nmetadata:\n  generateName: job-\nspec:\n  containers:\n  - name: c\n    image: busybox\n";
    let file = dir.path().join("pods.yaml");
    std::fs::write(&file, format!("{pod}---\n{pod}")).unwrap();
    let (cluster, report) = load_files(&[FileInput::Path(file)]).unwrap();
    // Pod manifests (no cluster state) are would-be pods, kept as workloads.
    assert_eq!((cluster.workloads.len(), report.replaced.len()), (2, 0));
}

/// `status: {loadBalancer: {}}` (what `kubectl create --dry-run -o yaml` writes) is no cluster
/// state: still a manifest for `-n`. A status with values is, and is selected, not refused.
#[test]
fn an_empty_status_is_a_manifest_and_a_filled_one_is_cluster_state() {
    let dir = tempfile::tempdir().unwrap();
    let svc = |status: &str| {
        format!(
            "apiVersion: v1\nkind: Service\nmetadata:\n  name: lb\n  namespace: shop\nspec:\n  type: LoadBalancer\n  selector:\n    app: lb\n  ports:\n  - port: 80\nstatus:\n  loadBalancer: {status}\n"
        )
    };
    let empty = dir.path().join("empty.yaml");
    std::fs::write(&empty, svc("{}")).unwrap();
    let filled = dir.path().join("filled.yaml");
    std::fs::write(&filled, svc("{ingress: [{ip: 192.0.2.10}]}")).unwrap();
    let (_, err, code) = run(&["diagnose", "-n", "web", "-f", empty.to_str().unwrap()]);
    assert_eq!(code, 2);
    assert!(
        err.contains(
            "the namespace from the provided object \"shop\" does not match the namespace \"web\""
        ),
        "{err}"
    );
    let (_, err, code) = run(&["diagnose", "-n", "web", "-f", filled.to_str().unwrap()]);
    assert_eq!(code, 2);
    assert_eq!(
        err,
        "error: no Service in namespace web; the files hold Services in: shop (1)\n"
    );
}

/// Objects placed by `-n` keep their file and line in SARIF.
#[test]
fn sarif_locates_objects_placed_by_dash_n() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("app.yaml");
    std::fs::write(
        &file,
        "# no namespace\napiVersion: v1\nkind: Service\nmetadata:\n  name: s\nspec:\n  selector: {app: nope}\n  ports: [{port: 80}]\n---\napiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: d\nspec:\n  selector: {matchLabels: {app: d}}\n  template:\n    metadata: {labels: {app: d}}\n    spec:\n      containers: [{name: c, image: i}]\n",
    )
    .unwrap();
    let (out, err, _) = run(&[
        "diagnose",
        "-n",
        "argocd",
        "-f",
        file.to_str().unwrap(),
        "-o",
        "sarif",
    ]);
    let v: Value = serde_json::from_str(&out).unwrap();
    let results = v["runs"][0]["results"].as_array().unwrap();
    assert_eq!(results.len(), 1, "{out}\n{err}");
    assert_eq!(results[0]["ruleId"], "selector-matches-no-pods");
    assert_eq!(
        results[0]["locations"][0]["physicalLocation"]["region"]["startLine"],
        2
    );
}
