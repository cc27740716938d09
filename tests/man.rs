//! Man pages (`docs/man/`), generated with clap_mangen from the real CLI: one page per visible
//! command, as `clap_mangen::generate_to` would write them.

use crate::golden;
use clap::CommandFactory;
use svcx::cli::Cli;

/// `(file name, roff)` for the root and every visible subcommand.
fn pages() -> Vec<(String, Vec<u8>)> {
    let mut cmd = Cli::command().disable_help_subcommand(true);
    cmd.build();
    let mut out = Vec::new();
    collect(&cmd, &mut out);
    out
}

fn collect(cmd: &clap::Command, out: &mut Vec<(String, Vec<u8>)>) {
    let man = clap_mangen::Man::new(cmd.clone());
    let mut roff = Vec::new();
    man.render(&mut roff).unwrap();
    out.push((man.get_filename(), roff));
    for sub in cmd.get_subcommands().filter(|s| !s.is_hide_set()) {
        collect(sub, out);
    }
}

#[test]
fn committed_man_pages_are_current() {
    let pages = pages();
    for (name, roff) in &pages {
        golden::check(&format!("docs/man/{name}"), roff);
    }
    let names: Vec<String> = pages.into_iter().map(|(n, _)| n).collect();
    golden::no_extra_files("docs/man", &names);
}

#[test]
fn pages_name_the_plugin_and_carry_examples() {
    let pages = pages();
    let (root_name, root) = &pages[0];
    assert_eq!(root_name, "kubectl-svcx.1");
    let root = String::from_utf8_lossy(root);
    assert!(root.starts_with(".ie \\n(.g .ds Aq \\(aq"), "roff preamble");
    assert!(root.contains(".TH kubectl-svcx 1"), "{root}");
    assert!(
        root.contains(&format!("v{}", env!("CARGO_PKG_VERSION"))),
        "version section"
    );
    for (name, roff) in &pages[1..] {
        assert!(name.starts_with("kubectl-svcx-"), "{name}");
        let roff = String::from_utf8_lossy(roff);
        assert!(roff.contains("Examples:"), "{name} has no examples");
        assert!(
            roff.contains("kubectl svcx"),
            "{name}: synopsis reads `kubectl svcx ...`"
        );
    }
}

/// "The man page builds": groff formats every page without a warning (`-ww` enables them all).
#[test]
fn pages_format_cleanly_with_groff() {
    use std::io::Write;
    use std::process::{Command, Stdio};
    for (name, roff) in pages() {
        let child = Command::new("groff")
            .args(["-man", "-Tutf8", "-ww", "-z"])
            .stdin(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn();
        let Ok(mut child) = child else {
            #[allow(clippy::print_stderr)]
            {
                eprintln!("skipped: groff is not installed");
            }
            return;
        };
        child.stdin.take().unwrap().write_all(&roff).unwrap();
        let out = child.wait_with_output().unwrap();
        assert!(out.status.success(), "{name}");
        assert_eq!(String::from_utf8_lossy(&out.stderr), "", "{name}");
    }
}
