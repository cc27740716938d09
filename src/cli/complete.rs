//! `__complete WORDS...`: dynamic completion in cobra's `__complete` format, the format kubectl
//! reads from a plugin's `kubectl_complete-<plugin>` executable (kubectl
//! `pkg/cmd/plugin/plugin_completion.go`; format:
//! <https://github.com/spf13/cobra/blob/main/site/content/completions/_index.md>).
//!
//! It walks the real `Cli::command()`, so new commands and flags complete without changes here.
//! Values come from clap (possible values), from the input (Service and namespace names, see
//! `complete_values`), or are left to the shell (file names for `-f`).

use super::args::Cli;
use super::complete_values::{self, FILENAMES_ID, Lookup, NAMESPACE_ID, SERVICE_ID};
use super::exit;
use clap::{Arg, ArgAction, CommandFactory};
use std::io::Write;

/// Cobra's `ShellCompDirective` bits (cobra `completions.go`).
pub mod directive {
    /// Let the shell complete file names after the candidates.
    pub const DEFAULT: u32 = 0;
    /// No file names.
    pub const NO_FILE_COMP: u32 = 4;
    /// The candidates are file extensions to filter file names by.
    pub const FILTER_FILE_EXT: u32 = 8;
    /// Complete directory names only.
    pub const FILTER_DIRS: u32 = 16;
}

/// One answer: candidates with optional descriptions, then a directive.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Answer {
    /// `(value, description)`.
    pub candidates: Vec<(String, Option<String>)>,
    /// A `directive` constant.
    pub directive: u32,
}

impl Answer {
    fn new(directive: u32) -> Self {
        Answer {
            candidates: Vec::new(),
            directive,
        }
    }

    /// Writes `value[\tdescription]` lines and the `:directive` line.
    pub fn write(&self, out: &mut dyn Write) -> std::io::Result<()> {
        for (value, help) in &self.candidates {
            match help {
                Some(h) => writeln!(out, "{value}\t{h}")?,
                None => writeln!(out, "{value}")?,
            }
        }
        writeln!(out, ":{}", self.directive)
    }
}

/// The first argument that turns the process into a completion server.
pub const REQUEST: &str = "__complete";

/// Answers `kubectl-svcx __complete WORDS...` (what kubectl_complete-svcx runs) and returns the
/// exit code, or `None` for any other command line. Runs before clap parsing, so the words are
/// never mistaken for our own flags and no hidden subcommand shows up in help or in the static
/// completion scripts (clap_complete lists hidden subcommands).
pub fn answer_completion_request() -> Option<u8> {
    let mut args = std::env::args_os().skip(1);
    if args.next().is_none_or(|a| a != REQUEST) {
        return None;
    }
    let words: Vec<String> = args.map(|a| a.to_string_lossy().into_owned()).collect();
    // Completion never fails loudly: a closed pipe or any write error just ends it.
    let _ = complete(&words).write(&mut std::io::stdout().lock());
    Some(exit::OK)
}

/// What the words before the last one established.
#[derive(Default)]
struct Line<'a> {
    /// The subcommands named so far, outermost first (empty: the root).
    path: Vec<&'a clap::Command>,
    /// An option still waiting for its value.
    pending: Option<&'a Arg>,
    /// Positionals given to the innermost command.
    positionals: usize,
    /// Seen `--`.
    dashdash: bool,
    /// What `-f` and `-n` said, for looking up names.
    lookup: Lookup,
}

/// Completes `words`: the words after `kubectl svcx`; the last is the one being typed.
pub fn complete(words: &[String]) -> Answer {
    let mut root = Cli::command();
    root.build();
    let (current, before) = match words.split_last() {
        Some((last, before)) => (last.as_str(), before),
        None => ("", &[][..]),
    };
    let line = walk(&root, before);
    let cmd = line.path.last().copied().unwrap_or(&root);
    if let Some(arg) = line.pending {
        return values(arg, current, "", &line.lookup);
    }
    if !line.dashdash && current.starts_with('-') {
        if let Some((flag, value)) = current.split_once('=') {
            return match find_long(cmd, flag.trim_start_matches('-')) {
                Some(arg) if takes_value(arg) => {
                    values(arg, value, &format!("{flag}="), &line.lookup)
                }
                _ => Answer::new(directive::NO_FILE_COMP),
            };
        }
        return flags(cmd, current);
    }
    if line.positionals == 0 && cmd.has_subcommands() {
        return subcommands(cmd, current);
    }
    match positional(cmd, line.positionals) {
        Some(arg) => values(arg, current, "", &line.lookup),
        None => Answer::new(directive::NO_FILE_COMP),
    }
}

fn walk<'a>(root: &'a clap::Command, words: &[String]) -> Line<'a> {
    let mut line = Line::default();
    for word in words {
        let cmd = line.path.last().copied().unwrap_or(root);
        if let Some(arg) = line.pending.take() {
            line.lookup.record(arg.get_id().as_str(), word);
        } else if line.dashdash || word == "-" || !word.starts_with('-') {
            match cmd.find_subcommand(word).filter(|_| line.positionals == 0) {
                Some(sub) if !line.dashdash => line.path.push(sub),
                _ => line.positionals += 1,
            }
        } else if word == "--" {
            line.dashdash = true;
        } else if let Some(long) = word.strip_prefix("--") {
            let (name, value) = match long.split_once('=') {
                Some((n, v)) => (n, Some(v)),
                None => (long, None),
            };
            if let Some(arg) = find_long(cmd, name).filter(|a| takes_value(a)) {
                match value {
                    Some(v) => line.lookup.record(arg.get_id().as_str(), v),
                    None => line.pending = Some(arg),
                }
            }
        } else {
            walk_shorts(cmd, &word[1..], &mut line);
        }
    }
    line
}

/// `-vf FILE`, `-fFILE`, `-n=NS`: flags up to the first one that takes a value.
fn walk_shorts<'a>(cmd: &'a clap::Command, cluster: &str, line: &mut Line<'a>) {
    for (i, c) in cluster.char_indices() {
        let Some(arg) = cmd.get_arguments().find(|a| a.get_short() == Some(c)) else {
            return;
        };
        if takes_value(arg) {
            let rest = &cluster[i + c.len_utf8()..];
            let rest = rest.strip_prefix('=').unwrap_or(rest);
            if rest.is_empty() {
                line.pending = Some(arg);
            } else {
                line.lookup.record(arg.get_id().as_str(), rest);
            }
            return;
        }
    }
}

fn takes_value(arg: &Arg) -> bool {
    arg.get_action().takes_values() && !matches!(arg.get_action(), ArgAction::Help)
}

fn find_long<'a>(cmd: &'a clap::Command, name: &str) -> Option<&'a Arg> {
    cmd.get_arguments().find(|a| {
        a.get_long() == Some(name) || a.get_all_aliases().is_some_and(|al| al.contains(&name))
    })
}

fn first_line(text: Option<&clap::builder::StyledStr>) -> Option<String> {
    text.map(|t| t.to_string())
        .and_then(|t| t.lines().next().map(str::to_string))
        .filter(|t| !t.is_empty())
}

fn flags(cmd: &clap::Command, current: &str) -> Answer {
    let mut answer = Answer::new(directive::NO_FILE_COMP);
    for arg in cmd
        .get_arguments()
        .filter(|a| !a.is_positional() && !a.is_hide_set())
    {
        let help = first_line(arg.get_help());
        let longs = arg.get_long().map(|l| format!("--{l}"));
        let shorts = arg.get_short().map(|s| format!("-{s}"));
        // Short spellings only when the user typed a lone `-`, as cobra does.
        let shorts = shorts.filter(|_| current == "-");
        for flag in longs.into_iter().chain(shorts) {
            if flag.starts_with(current) {
                answer.candidates.push((flag, help.clone()));
            }
        }
    }
    answer
}

fn subcommands(cmd: &clap::Command, current: &str) -> Answer {
    let mut answer = Answer::new(directive::NO_FILE_COMP);
    for sub in cmd.get_subcommands().filter(|s| !s.is_hide_set()) {
        if sub.get_name().starts_with(current) {
            answer
                .candidates
                .push((sub.get_name().to_string(), first_line(sub.get_about())));
        }
    }
    answer
}

/// The positional that receives the `index`th positional word.
fn positional(cmd: &clap::Command, index: usize) -> Option<&Arg> {
    let mut positionals: Vec<&Arg> = cmd.get_positionals().collect();
    positionals.sort_by_key(|a| a.get_index());
    positionals.get(index).copied().or_else(|| {
        positionals
            .last()
            .copied()
            .filter(|a| a.get_num_args().is_some_and(|n| n.max_values() > 1))
    })
}

/// Values of `arg` starting with `current`, each printed after `prefix` (`--flag=`).
fn values(arg: &Arg, current: &str, prefix: &str, lookup: &Lookup) -> Answer {
    let id = arg.get_id().as_str();
    let possible = arg.get_possible_values();
    if !possible.is_empty() {
        let mut answer = Answer::new(directive::NO_FILE_COMP);
        for pv in possible.iter().filter(|pv| !pv.is_hide_set()) {
            if pv.get_name().starts_with(current) {
                let help = first_line(pv.get_help());
                answer
                    .candidates
                    .push((format!("{prefix}{}", pv.get_name()), help));
            }
        }
        return answer;
    }
    if id == FILENAMES_ID {
        // kubectl's own -f completes these extensions (and directories).
        let mut answer = Answer::new(directive::FILTER_FILE_EXT);
        for ext in ["json", "yaml", "yml"] {
            answer.candidates.push((ext.to_string(), None));
        }
        return answer;
    }
    let names = match id {
        NAMESPACE_ID => Some(complete_values::namespaces(lookup)),
        SERVICE_ID => Some(complete_values::services(lookup, current)),
        _ => None,
    };
    if let Some(names) = names {
        let mut answer = Answer::new(directive::NO_FILE_COMP);
        for (value, help) in names {
            if value.starts_with(current) {
                answer.candidates.push((format!("{prefix}{value}"), help));
            }
        }
        return answer;
    }
    match arg.get_value_hint() {
        clap::ValueHint::DirPath => Answer::new(directive::FILTER_DIRS),
        clap::ValueHint::AnyPath | clap::ValueHint::FilePath => Answer::new(directive::DEFAULT),
        _ => Answer::new(directive::NO_FILE_COMP),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(line: &str) -> Vec<String> {
        let mut w: Vec<String> = line.split(' ').map(str::to_string).collect();
        if line.is_empty() {
            w = vec![String::new()];
        }
        w
    }

    fn values_of(a: &Answer) -> Vec<&str> {
        a.candidates.iter().map(|(v, _)| v.as_str()).collect()
    }

    #[test]
    fn first_word_is_a_visible_subcommand() {
        let a = complete(&words(""));
        assert!(values_of(&a).contains(&"explain"), "{a:?}");
        assert!(values_of(&a).contains(&"completions"), "{a:?}");
        assert!(!values_of(&a).contains(&"__complete"), "{a:?}");
        assert_eq!(a.directive, directive::NO_FILE_COMP);
        assert_eq!(values_of(&complete(&words("ex"))), ["explain"]);
    }

    #[test]
    fn flags_of_the_subcommand_including_globals() {
        let a = complete(&words("explain --o"));
        assert_eq!(values_of(&a), ["--output"]);
        assert_eq!(
            a.candidates[0].1.as_deref(),
            Some("Output format"),
            "descriptions come from the help"
        );
        let lone = complete(&words("explain -"));
        assert!(values_of(&lone).contains(&"-f"), "{lone:?}");
        assert!(values_of(&lone).contains(&"--filename"), "{lone:?}");
    }

    #[test]
    fn option_values_in_every_spelling() {
        assert_eq!(
            values_of(&complete(&words("explain -o "))),
            ["text", "json", "yaml", "sarif", "html"]
        );
        assert_eq!(values_of(&complete(&words("explain -o j"))), ["json"]);
        assert_eq!(
            values_of(&complete(&words("explain --output=y"))),
            ["--output=yaml"]
        );
        assert_eq!(
            values_of(&complete(&words("completions p"))),
            ["powershell"]
        );
    }

    #[test]
    fn filename_completes_files_by_extension() {
        let a = complete(&words("explain -f "));
        assert_eq!(a.directive, directive::FILTER_FILE_EXT);
        assert_eq!(values_of(&a), ["json", "yaml", "yml"]);
        let b = complete(&words("-v -f "));
        assert_eq!(b.directive, directive::FILTER_FILE_EXT);
    }

    #[test]
    fn after_the_service_nothing_more_is_offered() {
        let a = complete(&words("explain web "));
        assert_eq!(a, Answer::new(directive::NO_FILE_COMP));
    }

    #[test]
    fn writes_cobra_format() {
        let a = Answer {
            candidates: vec![("a".into(), Some("first".into())), ("b".into(), None)],
            directive: 4,
        };
        let mut out = Vec::new();
        a.write(&mut out).unwrap();
        assert_eq!(String::from_utf8(out).unwrap(), "a\tfirst\nb\n:4\n");
    }
}
