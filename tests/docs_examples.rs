//! Every example works: each `kubectl svcx ...` line in a fenced code block of README.md or
//! docs/*.md, and in any command's `--help` examples, that reads `-f examples/...` (or replays
//! `--replay examples/...`) is run and must succeed (exit 0; `diagnose` and `reach` may also
//! exit 1: findings, not reachable). In ```` ```console ```` blocks the output under a
//! `$ kubectl svcx ...` line is the real output and must stay so
//! (`UPDATE_GENERATED=1` rewrites it). Examples added anywhere later are covered without
//! changes here.

use crate::golden;
use crate::util::svcx;
use clap::CommandFactory;
use svcx::cli::Cli;

/// One example command line and where it was found.
#[derive(Debug)]
struct Example {
    origin: String,
    line: String,
}

impl Example {
    /// The words after `kubectl svcx`, when the example can run offline here.
    fn runnable(&self) -> Option<Vec<String>> {
        let rest = self.line.strip_prefix("kubectl svcx ")?;
        let rest = match rest.find(" #") {
            Some(i) => &rest[..i],
            None => rest,
        };
        if rest.contains(['|', '>', '<', ';', '&', '`']) || rest.contains("$(") {
            return None;
        }
        let words = split_words(rest);
        let reads_examples = words.windows(2).any(|w| {
            (w[0] == "-f" || w[0] == "--filename" || w[0] == "--replay")
                && w[1].starts_with("examples/")
        }) || words.iter().any(|w| w.starts_with("--filename=examples/"));
        reads_examples.then_some(words)
    }

    /// Runs it; returns stdout. Panics with the example's origin when it fails.
    fn run(&self, words: &[String]) -> String {
        let out = svcx()
            .args(words)
            .current_dir(golden::repo(""))
            .output()
            .unwrap();
        let code = out.status.code();
        // `diagnose` exits 1 on findings, `reach` on a path that is not reachable.
        let findings_ok = words
            .first()
            .is_some_and(|w| w == "diagnose" || w == "reach")
            && code == Some(1);
        assert!(
            code == Some(0) || findings_ok,
            "{}: `{}` exited {code:?}: {}",
            self.origin,
            self.line,
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap()
    }
}

/// Shell-like word splitting: whitespace, '...' and "..." quoting.
fn split_words(s: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut word = String::new();
    let mut in_word = false;
    let mut quote: Option<char> = None;
    for c in s.chars() {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), c) => word.push(c),
            (None, '\'' | '"') => {
                quote = Some(c);
                in_word = true;
            }
            (None, c) if c.is_whitespace() => {
                if in_word {
                    words.push(std::mem::take(&mut word));
                    in_word = false;
                }
            }
            (None, c) => {
                word.push(c);
                in_word = true;
            }
        }
    }
    if in_word {
        words.push(word);
    }
    words
}

/// A fenced block of a Markdown file: its info string and line range (exclusive of fences).
struct Block {
    info: String,
    body: std::ops::Range<usize>,
}

fn fenced_blocks(lines: &[&str]) -> Vec<Block> {
    let mut blocks = Vec::new();
    let mut open: Option<(String, String, usize)> = None;
    for (i, line) in lines.iter().enumerate() {
        let t = line.trim_start();
        let fence: String = t.chars().take_while(|&c| c == '`' || c == '~').collect();
        match &open {
            None if fence.len() >= 3 => {
                let info = t[fence.len()..].trim().to_string();
                open = Some((fence, info, i + 1));
            }
            Some((f, info, start)) if t.starts_with(f.as_str()) && t.trim_end() == fence => {
                blocks.push(Block {
                    info: info.clone(),
                    body: *start..i,
                });
                open = None;
            }
            _ => {}
        }
    }
    blocks
}

fn markdown_files() -> Vec<std::path::PathBuf> {
    let mut files = vec![golden::repo("README.md")];
    let mut docs: Vec<_> = std::fs::read_dir(golden::repo("docs"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .collect();
    docs.sort();
    files.extend(docs);
    files
}

fn rel(path: &std::path::Path) -> String {
    path.strip_prefix(golden::repo(""))
        .unwrap()
        .display()
        .to_string()
}

/// Examples in the docs, outside ```console transcripts (those are checked with their output).
fn doc_examples() -> Vec<Example> {
    let mut out = Vec::new();
    for path in markdown_files() {
        let text = std::fs::read_to_string(&path).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        for block in fenced_blocks(&lines)
            .into_iter()
            .filter(|b| b.info != "console")
        {
            let mut body = block.body.clone();
            while let Some(i) = body.next() {
                let mut line = lines[i].trim().trim_start_matches("$ ").to_string();
                // A shell line continuation joins the next line.
                while line.ends_with('\\') {
                    line.pop();
                    match body.next() {
                        Some(j) => line.push_str(lines[j].trim()),
                        None => break,
                    }
                }
                if line.starts_with("kubectl svcx ") {
                    out.push(Example {
                        origin: format!("{}:{}", rel(&path), i + 1),
                        line,
                    });
                }
            }
        }
    }
    out
}

/// Examples in every command's `--help`.
fn help_examples() -> Vec<Example> {
    fn walk(cmd: &clap::Command, out: &mut Vec<Example>) {
        let texts = [cmd.get_after_help(), cmd.get_after_long_help()];
        for text in texts.into_iter().flatten() {
            for line in text.to_string().lines() {
                let line = line.trim();
                if line.starts_with("kubectl svcx ") {
                    out.push(Example {
                        origin: format!("`{}` --help", cmd.get_bin_name().unwrap_or("?")),
                        line: line.to_string(),
                    });
                }
            }
        }
        for sub in cmd.get_subcommands() {
            walk(sub, out);
        }
    }
    let mut cmd = Cli::command();
    cmd.build();
    let mut out = Vec::new();
    walk(&cmd, &mut out);
    out
}

/// Runs every runnable example of `examples` (found in `source`); there must be some.
fn run_all(examples: &[Example], source: &str) {
    let runnable: Vec<_> = examples
        .iter()
        .filter_map(|e| Some((e, e.runnable()?)))
        .collect();
    assert!(
        !runnable.is_empty(),
        "no runnable examples found in {source}: {examples:?}"
    );
    for (example, words) in runnable {
        example.run(&words);
    }
}

#[test]
fn doc_examples_run() {
    run_all(&doc_examples(), "the docs");
}

#[test]
fn help_examples_run() {
    run_all(&help_examples(), "--help");
}

#[test]
fn every_command_has_examples_and_speaks_as_the_plugin() {
    let mut cmd = Cli::command();
    cmd.build();
    let mut commands = vec![&cmd];
    commands.extend(
        cmd.get_subcommands()
            .filter(|s| !s.is_hide_set() && s.get_name() != "help"),
    );
    for c in commands {
        let help = c.clone().render_long_help().to_string();
        let name = c.get_bin_name().unwrap_or(c.get_name());
        assert!(
            help.contains("\nExamples:\n  kubectl svcx "),
            "`{name} --help` has no examples"
        );
        assert!(
            help.contains("Usage: kubectl svcx"),
            "`{name} --help`: {help}"
        );
    }
}

#[test]
fn console_transcripts_show_real_output() {
    for path in markdown_files() {
        let text = std::fs::read_to_string(&path).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        let mut rewritten: Vec<String> = Vec::new();
        let mut copied = 0;
        for block in fenced_blocks(&lines)
            .into_iter()
            .filter(|b| b.info == "console")
        {
            rewritten.extend(
                lines[copied..block.body.start]
                    .iter()
                    .map(|l| l.to_string()),
            );
            let fresh = transcript(&path, &lines, block.body.clone());
            let stale: Vec<&str> = lines[block.body.clone()].to_vec();
            if !golden::updating() {
                let fresh_lines: Vec<&str> = fresh.iter().map(String::as_str).collect();
                let first = stale
                    .iter()
                    .zip(&fresh_lines)
                    .position(|(a, b)| a.trim_end() != *b);
                assert!(
                    stale.len() == fresh.len() && first.is_none(),
                    "{}:{}: the example output is stale (regenerate with {}):\n{}",
                    rel(&path),
                    block.body.start + first.unwrap_or(0) + 1,
                    golden::HOW,
                    fresh.join("\n")
                );
            }
            rewritten.extend(fresh);
            copied = block.body.end;
        }
        if golden::updating() && copied > 0 {
            rewritten.extend(lines[copied..].iter().map(|l| l.to_string()));
            let mut new = rewritten.join("\n");
            new.push('\n');
            if new != text {
                std::fs::write(&path, new).unwrap();
            }
        }
    }
}

/// A console block regenerated: each runnable `$ kubectl svcx ...` followed by its real output;
/// anything else kept as written.
fn transcript(path: &std::path::Path, lines: &[&str], body: std::ops::Range<usize>) -> Vec<String> {
    let mut out = Vec::new();
    let mut skipping = false;
    for i in body {
        let line = lines[i];
        if let Some(cmd) = line.strip_prefix("$ ") {
            let example = Example {
                origin: format!("{}:{}", rel(path), i + 1),
                line: cmd.trim().to_string(),
            };
            out.push(line.trim_end().to_string());
            skipping = false;
            if let Some(words) = example.runnable() {
                let stdout = example.run(&words);
                out.extend(stdout.lines().map(|l| l.trim_end().to_string()));
                skipping = true;
            }
        } else if !skipping {
            out.push(line.trim_end().to_string());
        }
    }
    out
}

#[test]
fn word_splitting_and_selection() {
    assert_eq!(
        split_words(r#"explain 'a b' "c" d"#),
        ["explain", "a b", "c", "d"]
    );
    let ex = |line: &str| Example {
        origin: String::new(),
        line: line.into(),
    };
    assert!(
        ex("kubectl svcx explain web -f examples/cluster.yaml")
            .runnable()
            .is_some()
    );
    assert!(
        ex("kubectl svcx explain web --filename=examples/x.yaml")
            .runnable()
            .is_some()
    );
    assert!(
        ex("kubectl svcx explain web").runnable().is_none(),
        "needs a cluster"
    );
    assert!(
        ex("kubectl svcx explain web -f examples/c.yaml | head")
            .runnable()
            .is_none()
    );
    assert!(
        ex("kubectl get svc -o yaml | kubectl svcx explain web -f -")
            .runnable()
            .is_none()
    );
}
