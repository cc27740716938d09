//! The krew manifest against krew's own rules, and `scripts/build-release.sh` producing an
//! archive the manifest can install.
//!
//! The rules are krew's: `internal/index/validation/validate.go` (`ValidatePlugin`,
//! `validatePlatform`, `validateFiles`, `validateSelector`), `internal/installation/semver`
//! (a leading `v`, then k8s.io/apimachinery `ParseSemantic`) and
//! `cmd/validate-krew-manifest/main.go` (every platform matches a supported os/arch, no os/arch
//! matched twice, line lengths, a LICENSE installed), plus the issue's ≤ 50-character
//! shortDescription.

use crate::golden;
use serde::Deserialize;
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;
use std::process::Command;

const PLUGIN: &str = "svcx";
const PLACEHOLDER_SHA: &str = "0000000000000000000000000000000000000000000000000000000000000000";

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct Plugin {
    api_version: String,
    kind: String,
    metadata: Metadata,
    spec: Spec,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct Metadata {
    name: String,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct Spec {
    version: String,
    homepage: Option<String>,
    short_description: String,
    description: Option<String>,
    caveats: Option<String>,
    platforms: Vec<Platform>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct Platform {
    selector: Option<Selector>,
    uri: String,
    sha256: String,
    bin: String,
    files: Option<Vec<FileOp>>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct Selector {
    match_labels: Option<BTreeMap<String, String>>,
    match_expressions: Option<Vec<Requirement>>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct Requirement {
    key: String,
    operator: String,
    #[serde(default)]
    values: Vec<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct FileOp {
    from: String,
    to: String,
}

/// krew's supported os/arch pairs (validate-krew-manifest `allPlatforms`).
const KREW_PLATFORMS: [(&str, &str); 11] = [
    ("windows", "386"),
    ("windows", "amd64"),
    ("windows", "arm64"),
    ("linux", "386"),
    ("linux", "amd64"),
    ("linux", "arm"),
    ("linux", "arm64"),
    ("linux", "ppc64le"),
    ("darwin", "386"),
    ("darwin", "amd64"),
    ("darwin", "arm64"),
];

/// The platforms this project ships, with their Rust targets (musl: static Linux binaries).
const SHIPPED: [(&str, &str, &str); 5] = [
    ("linux", "amd64", "x86_64-unknown-linux-musl"),
    ("linux", "arm64", "aarch64-unknown-linux-musl"),
    ("darwin", "amd64", "x86_64-apple-darwin"),
    ("darwin", "arm64", "aarch64-apple-darwin"),
    ("windows", "amd64", "x86_64-pc-windows-msvc"),
];

fn read_manifest(path: &std::path::Path) -> Plugin {
    let text = std::fs::read_to_string(path).unwrap();
    read_as_krew(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The manifest as krew reads it: go-yaml v2's YAML 1.1 scalars (through `sigs.k8s.io/yaml`,
/// as this tool reads manifests: `svcx::source::decode_documents`), then decoded into krew's
/// types, whose string fields must receive strings.
fn read_as_krew(text: &str) -> Result<Plugin, String> {
    let mut docs = svcx::source::decode_documents(text).map_err(|e| e.message)?;
    if docs.len() != 1 {
        return Err(format!("{} documents, krew reads one", docs.len()));
    }
    serde_json::from_value(docs.remove(0).value).map_err(|e| e.to_string())
}

#[test]
fn shipped_yaml_is_read_with_yaml_1_1_rules() {
    // Every YAML file we ship, read as its consumer (krew: go-yaml v2) reads it.
    for file in ["krew-manifest.yaml", "plugins/svcx.yaml"] {
        read_manifest(&golden::repo(file));
    }
    // The rule has teeth: unquoted, the all-zero placeholder is the integer 0 to YAML 1.1.
    let text = std::fs::read_to_string(golden::repo("krew-manifest.yaml")).unwrap();
    let unquoted = text.replace(&format!("\"{PLACEHOLDER_SHA}\""), PLACEHOLDER_SHA);
    assert_ne!(unquoted, text);
    let err = read_as_krew(&unquoted).unwrap_err();
    assert!(
        err.contains("invalid type: integer `0`, expected a string"),
        "{err}"
    );
}

fn committed() -> Plugin {
    read_manifest(&golden::repo("krew-manifest.yaml"))
}

/// krew `IsSafePluginName`: `^[\w-]+$` and not a reserved Windows file name.
fn is_safe_plugin_name(name: &str) -> bool {
    const WINDOWS: [&str; 22] = [
        "CON", "PRN", "AUX", "NUL", "COM1", "COM2", "COM3", "COM4", "COM5", "COM6", "COM7", "COM8",
        "COM9", "LPT1", "LPT2", "LPT3", "LPT4", "LPT5", "LPT6", "LPT7", "LPT8", "LPT9",
    ];
    !name.is_empty()
        && name
            .chars()
            .all(|c| c.is_alphanumeric() || c == '_' || c == '-')
        && !WINDOWS.iter().any(|w| w.eq_ignore_ascii_case(name))
}

/// krew's semver: `v` + apimachinery `ParseSemantic` (MAJOR.MINOR.PATCH, no leading zeros,
/// optional `-pre` and `+build`).
fn is_krew_semver(v: &str) -> bool {
    let Some(rest) = v.strip_prefix('v') else {
        return false;
    };
    let (rest, build) = rest
        .split_once('+')
        .map_or((rest, None), |(a, b)| (a, Some(b)));
    let (core, pre) = rest
        .split_once('-')
        .map_or((rest, None), |(a, b)| (a, Some(b)));
    let numeric = |p: &str| {
        !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()) && (p == "0" || !p.starts_with('0'))
    };
    let idents = |s: Option<&str>| {
        s.is_none_or(|s| {
            s.split('.')
                .all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-'))
        })
    };
    let parts: Vec<&str> = core.split('.').collect();
    parts.len() == 3 && parts.iter().all(|p| numeric(p)) && idents(pre) && idents(build)
}

fn selector_matches(sel: &Selector, os: &str, arch: &str) -> bool {
    let labels = BTreeMap::from([("os", os), ("arch", arch)]);
    let labels_ok = sel
        .match_labels
        .iter()
        .flatten()
        .all(|(k, v)| labels.get(k.as_str()) == Some(&v.as_str()));
    let exprs_ok = sel.match_expressions.iter().flatten().all(|r| {
        let value = labels.get(r.key.as_str());
        match r.operator.as_str() {
            "In" => value.is_some_and(|v| r.values.iter().any(|x| x == v)),
            "NotIn" => value.is_none_or(|v| !r.values.iter().any(|x| x == v)),
            "Exists" => value.is_some(),
            "DoesNotExist" => value.is_none(),
            _ => false,
        }
    });
    labels_ok && exprs_ok
}

/// Lines longer than `max` that are more than one word (validate-krew-manifest
/// `validateLineLength`).
fn long_lines(text: &str, max: usize) -> Vec<&str> {
    text.lines()
        .filter(|l| l.chars().count() > max && l.trim().contains(' '))
        .collect()
}

/// Every rule, in krew's order; the first violation.
fn validate(p: &Plugin, name: &str) -> Result<(), String> {
    if p.api_version != "krew.googlecontainertools.github.com/v1alpha2" {
        return Err(format!("apiVersion {:?} not supported", p.api_version));
    }
    if p.kind != "Plugin" {
        return Err(format!("kind {:?}, only \"Plugin\" is supported", p.kind));
    }
    if !is_safe_plugin_name(name) {
        return Err(format!("plugin name {name:?} is not allowed"));
    }
    if p.metadata.name != name {
        return Err(format!(
            "plugin should be named {name:?}, not {:?}",
            p.metadata.name
        ));
    }
    let spec = &p.spec;
    if spec.short_description.is_empty() {
        return Err("should have a short description".into());
    }
    if spec.short_description.chars().count() > 50 {
        return Err(format!(
            "shortDescription longer than 50: {:?}",
            spec.short_description
        ));
    }
    if spec.platforms.is_empty() {
        return Err("should have a platform specified".into());
    }
    if !is_krew_semver(&spec.version) {
        return Err(format!(
            "version {:?} is not v-prefixed semver",
            spec.version
        ));
    }
    for (i, pl) in spec.platforms.iter().enumerate() {
        validate_platform(pl).map_err(|e| format!("platforms[{i}]: {e}"))?;
    }
    for (field, text) in [
        ("description", &spec.description),
        ("caveats", &spec.caveats),
    ] {
        let long = long_lines(text.as_deref().unwrap_or(""), 80);
        if !long.is_empty() {
            return Err(format!("{field} has lines over 80 columns: {long:?}"));
        }
    }
    for (i, pl) in spec.platforms.iter().enumerate() {
        let sel = pl.selector.as_ref().unwrap();
        if !KREW_PLATFORMS
            .iter()
            .any(|(os, arch)| selector_matches(sel, os, arch))
        {
            return Err(format!("platforms[{i}] matches no supported os/arch"));
        }
    }
    for (os, arch) in KREW_PLATFORMS {
        let matching: Vec<usize> = (0..spec.platforms.len())
            .filter(|&i| selector_matches(spec.platforms[i].selector.as_ref().unwrap(), os, arch))
            .collect();
        if matching.len() > 1 {
            return Err(format!("platforms {matching:?} overlap on {os}/{arch}"));
        }
    }
    Ok(())
}

fn validate_platform(p: &Platform) -> Result<(), String> {
    if p.uri.is_empty() {
        return Err("`uri` has to be set".into());
    }
    let hex = |c: char| c.is_ascii_digit() || ('a'..='f').contains(&c);
    if p.sha256.len() != 64 || !p.sha256.chars().all(hex) {
        return Err(format!("`sha256` {:?} is not 64 lowercase hex", p.sha256));
    }
    if p.bin.is_empty() {
        return Err("`bin` has to be set".into());
    }
    if let Some(files) = &p.files {
        if files.is_empty() {
            return Err("`files` has to be unspecified or non-empty".into());
        }
        if files.iter().any(|f| f.from.is_empty() || f.to.is_empty()) {
            return Err("`from` and `to` have to be set".into());
        }
    }
    let Some(sel) = &p.selector else {
        return Err("nil selector is not supported".into());
    };
    let labels = sel.match_labels.as_ref();
    let exprs = sel.match_expressions.as_ref();
    if labels.is_none() && exprs.is_none_or(Vec::is_empty) {
        return Err("empty selector is not supported".into());
    }
    let keys = labels
        .into_iter()
        .flat_map(|l| l.keys())
        .chain(exprs.into_iter().flatten().map(|r| &r.key));
    if let Some(k) = keys.into_iter().find(|k| *k != "os" && *k != "arch") {
        return Err(format!("selector key {k:?} not supported"));
    }
    if labels.is_some_and(BTreeMap::is_empty) || exprs.is_some_and(Vec::is_empty) {
        return Err("matchLabels/matchExpressions specified but empty".into());
    }
    Ok(())
}

/// What krew installs from an archive with these entries: `files` operations (default: all),
/// as installed file names. Literal `from` names only (ours use no globs).
fn installed(p: &Platform, archive_entries: &[String]) -> Result<Vec<String>, String> {
    let Some(files) = &p.files else {
        return Ok(archive_entries.to_vec());
    };
    let mut out = Vec::new();
    for op in files {
        if !archive_entries.contains(&op.from) {
            return Err(format!(
                "files: {:?} is not in the archive {archive_entries:?}",
                op.from
            ));
        }
        let base = op.from.rsplit('/').next().unwrap();
        out.push(match op.to.trim_end_matches('/') {
            "." => base.to_string(),
            to => format!("{to}/{base}"),
        });
    }
    Ok(out)
}

/// krew's checks on an archive: `bin` and a license file are installed.
fn check_archive(p: &Platform, entries: &[String]) -> Result<(), String> {
    let files = installed(p, entries)?;
    if !files.contains(&p.bin) {
        return Err(format!("bin {:?} is not installed from {entries:?}", p.bin));
    }
    const LICENSES: [&str; 8] = [
        "license",
        "license.txt",
        "license.md",
        "licenses",
        "licenses.txt",
        "licenses.md",
        "copying",
        "copying.txt",
    ];
    let has_license = files.iter().any(|f| {
        let base = f.rsplit('/').next().unwrap().to_lowercase();
        LICENSES.contains(&base.as_str())
    });
    if !has_license {
        return Err(format!("no LICENSE among {files:?}"));
    }
    Ok(())
}

fn platform<'a>(p: &'a Plugin, os: &str, arch: &str) -> &'a Platform {
    p.spec
        .platforms
        .iter()
        .find(|pl| {
            pl.selector
                .as_ref()
                .and_then(|s| s.match_labels.as_ref())
                .is_some_and(|l| {
                    l.get("os").map(String::as_str) == Some(os)
                        && l.get("arch").map(String::as_str) == Some(arch)
                })
        })
        .unwrap_or_else(|| panic!("no {os}/{arch} platform"))
}

#[test]
fn committed_manifest_follows_krew_rules() {
    let p = committed();
    validate(&p, PLUGIN).unwrap();
    assert_eq!(
        p.spec.version,
        format!("v{}", env!("CARGO_PKG_VERSION")),
        "matches Cargo.toml"
    );
    assert_eq!(p.spec.homepage.as_deref(), Some(env!("CARGO_PKG_HOMEPAGE")));
    let caveats = p.spec.caveats.as_deref().unwrap_or("");
    assert!(
        caveats.contains("kubectl_complete-svcx"),
        "caveats explain completion"
    );
    assert!(
        caveats.contains("kubectl svcx completions kubectl"),
        "{caveats}"
    );
}

/// This repository is also a krew index: `kubectl krew index add svcx <repo>` reads
/// `plugins/<name>.yaml` and validates it under the name of the file (krew
/// `internal/index/indexscanner`, `LoadPluginListFromFS`).
#[test]
fn the_repository_is_a_krew_index_for_the_manifest() {
    let index_file = golden::repo("plugins/svcx.yaml");
    let stem = index_file.file_stem().unwrap().to_str().unwrap();
    validate(&read_manifest(&index_file), stem).unwrap();
    assert_eq!(
        std::fs::read(&index_file).unwrap(),
        std::fs::read(golden::repo("krew-manifest.yaml")).unwrap(),
        "plugins/svcx.yaml must be the manifest (a symlink to ../krew-manifest.yaml)"
    );
    let entries: Vec<_> = std::fs::read_dir(golden::repo("plugins"))
        .unwrap()
        .collect();
    assert_eq!(entries.len(), 1, "the index holds only svcx");
}

#[test]
fn committed_manifest_ships_every_platform_with_binary_and_license() {
    let p = committed();
    assert_eq!(p.spec.platforms.len(), SHIPPED.len());
    let base = format!(
        "{}/releases/download/v{v}/kubectl-svcx-v{v}",
        env!("CARGO_PKG_REPOSITORY"),
        v = env!("CARGO_PKG_VERSION")
    );
    for (os, arch, target) in SHIPPED {
        let pl = platform(&p, os, arch);
        let exe = if os == "windows" {
            "kubectl-svcx.exe"
        } else {
            "kubectl-svcx"
        };
        assert_eq!(pl.bin, exe);
        assert_eq!(pl.uri, format!("{base}-{target}.tar.gz"));
        // What build-release.sh puts in every archive.
        check_archive(pl, &[exe.to_string(), "LICENSE".to_string()]).unwrap();
    }
    assert!(golden::repo("LICENSE").is_file());
    let license = std::fs::read_to_string(golden::repo("LICENSE")).unwrap();
    assert!(license.contains("Apache License") && license.contains("Version 2.0"));
    assert_eq!(env!("CARGO_PKG_LICENSE"), "Apache-2.0");
}

#[test]
fn the_rules_reject_what_krew_rejects() {
    let good = committed();
    let broken = |f: &dyn Fn(&mut Plugin)| {
        let mut p = good.clone();
        f(&mut p);
        validate(&p, PLUGIN).expect_err("should be rejected")
    };
    assert!(broken(&|p| p.metadata.name = "svc-x".into()).contains("named"));
    assert!(broken(&|p| p.spec.version = "0.1.0".into()).contains("semver"));
    assert!(broken(&|p| p.spec.version = "v0.1".into()).contains("semver"));
    assert!(broken(&|p| p.spec.version = "v01.1.0".into()).contains("semver"));
    assert!(broken(&|p| p.spec.short_description = "x".repeat(51)).contains("50"));
    assert!(
        broken(&|p| p.spec.platforms[0].sha256 = PLACEHOLDER_SHA.to_uppercase().replace('0', "A"))
            .contains("sha256")
    );
    assert!(
        broken(&|p| {
            p.spec.platforms[0].sha256.pop();
        })
        .contains("sha256")
    );
    assert!(broken(&|p| p.spec.platforms[1] = p.spec.platforms[0].clone()).contains("overlap"));
    assert!(
        broken(&|p| {
            let labels = p.spec.platforms[0]
                .selector
                .as_mut()
                .unwrap()
                .match_labels
                .as_mut()
                .unwrap();
            labels.insert("libc".into(), "musl".into());
        })
        .contains("libc")
    );
    assert!(broken(&|p| p.spec.platforms[0].selector = None).contains("nil selector"));
    assert!(broken(&|p| p.spec.platforms[0].files = Some(vec![])).contains("files"));
    assert!(
        broken(&|p| p.spec.description = Some(format!("{} x", "word ".repeat(20)))).contains("80")
    );
    assert!(validate(&good, "CON").is_err());
    assert!(check_archive(&good.spec.platforms[0], &["LICENSE".into()]).is_err());
    assert!(check_archive(&good.spec.platforms[0], &["kubectl-svcx".into()]).is_err());
}

#[cfg(unix)]
#[test]
fn build_release_packages_an_archive_and_fills_the_manifest() {
    use std::os::unix::fs::PermissionsExt;
    let tmp = tempfile::tempdir().unwrap();
    // A small stand-in for the release binary: packaging does not care what it is, and the
    // real build is what the script does without --binary.
    let stand_in = tmp.path().join("built");
    std::fs::write(&stand_in, "#!/bin/sh\necho stand-in\n").unwrap();
    std::fs::set_permissions(&stand_in, std::fs::Permissions::from_mode(0o755)).unwrap();
    let manifest = tmp.path().join("krew-manifest.yaml");
    std::fs::copy(golden::repo("krew-manifest.yaml"), &manifest).unwrap();
    let out_dir = tmp.path().join("out");

    let out = Command::new(golden::repo("scripts/build-release.sh"))
        .arg("--binary")
        .arg(&stand_in)
        .arg("--manifest")
        .arg(&manifest)
        .arg("--out")
        .arg(&out_dir)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let archive = std::path::PathBuf::from(String::from_utf8(out.stdout).unwrap().trim());
    let host = host_target();
    let name = format!("kubectl-svcx-v{}-{host}.tar.gz", env!("CARGO_PKG_VERSION"));
    assert_eq!(archive, out_dir.join(&name));

    let listing = Command::new("tar")
        .arg("-tzf")
        .arg(&archive)
        .output()
        .unwrap();
    let entries: Vec<String> = String::from_utf8(listing.stdout)
        .unwrap()
        .lines()
        .map(str::to_string)
        .collect();
    let exe = if host.contains("windows") {
        "kubectl-svcx.exe"
    } else {
        "kubectl-svcx"
    };
    assert_eq!(entries, [exe, "LICENSE"]);

    let filled = read_manifest(&manifest);
    validate(&filled, PLUGIN).unwrap();
    let (os, arch) = krew_platform(&host);
    let pl = platform(&filled, os, arch);
    let digest = Sha256::digest(std::fs::read(&archive).unwrap());
    let sha: String = digest.iter().map(|b| format!("{b:02x}")).collect();
    assert_eq!(pl.sha256, sha);
    assert_eq!(
        pl.uri,
        format!(
            "{}/releases/download/v{}/{name}",
            env!("CARGO_PKG_REPOSITORY"),
            env!("CARGO_PKG_VERSION")
        )
    );
    check_archive(pl, &entries).unwrap();
    // Every other platform keeps its entry.
    let before = committed();
    for (other, was) in filled.spec.platforms.iter().zip(&before.spec.platforms) {
        if !std::ptr::eq(other, pl) {
            assert_eq!((&other.uri, &other.sha256), (&was.uri, &was.sha256));
        }
    }
    // The executable keeps its mode through the archive.
    let unpacked = tmp.path().join("unpacked");
    std::fs::create_dir(&unpacked).unwrap();
    assert!(
        Command::new("tar")
            .arg("-xzf")
            .arg(&archive)
            .arg("-C")
            .arg(&unpacked)
            .status()
            .unwrap()
            .success()
    );
    let run = Command::new(unpacked.join(exe)).output().unwrap();
    assert_eq!(String::from_utf8_lossy(&run.stdout), "stand-in\n");
}

fn host_target() -> String {
    let out = Command::new("rustc").arg("-vV").output().unwrap();
    String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .find_map(|l| l.strip_prefix("host: ").map(str::to_string))
        .unwrap()
}

fn krew_platform(target: &str) -> (&'static str, &'static str) {
    let os = if target.contains("linux") {
        "linux"
    } else if target.contains("apple") {
        "darwin"
    } else {
        "windows"
    };
    let arch = if target.starts_with("aarch64") {
        "arm64"
    } else {
        "amd64"
    };
    (os, arch)
}
