//! Translating the user's intent: clap types, environment sensing, choosing the source, calling
//! analysis, rendering to stdout, choosing the exit status. Nothing in the library imports this.

mod args;
mod complete;
mod complete_values;
pub mod completions;
mod diagnose;
mod env;
pub mod exit;
mod explain;
mod fetch;
mod graph;
mod input;
mod progress;
mod reach;
mod report;
mod rules;
mod simulate;
mod snapshot;
mod stderr;
mod stdout;
mod timeout;
mod version;
mod watch;
mod watch_screen;

pub use args::{Cli, Command, ShellArg};
pub use complete::{Answer, answer_completion_request, complete, directive};
pub use env::Env;
pub use version::{KUBE_API_VERSION, long_version};

use anyhow::Result;
use stdout::stdout_buffered;

/// Runs a parsed command line; returns the process exit code.
pub async fn run(cli: Cli, env: &Env) -> Result<u8> {
    if cli.global.output == args::OutputArg::Sarif && !matches!(cli.command, Command::Diagnose(_)) {
        anyhow::bail!("-o sarif is only available for diagnose (use -o text, json or yaml)");
    }
    if cli.global.output == args::OutputArg::Html && !matches!(cli.command, Command::Diagnose(_)) {
        anyhow::bail!(
            "-o html is only available for diagnose (graph draws with --format svg|dot|mermaid)"
        );
    }
    match &cli.command {
        Command::Explain(args) => explain::run(&cli.global, args, env).await,
        Command::Completions(args) => completions::run(args),
        Command::Diagnose(args) => diagnose::run(&cli.global, args, env).await,
        Command::Simulate(args) => simulate::run(&cli.global, args, env).await,
        Command::Reach(args) => reach::run(&cli.global, args, env).await,
        Command::Graph(args) => graph::run(&cli.global, args, env).await,
        Command::Snapshot(args) => snapshot::run(&cli.global, args, env).await,
        Command::Fetch => fetch::run(&cli.global, env).await,
    }
}
