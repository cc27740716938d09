//! Translating the user's intent: clap types, environment sensing, choosing the source, calling
//! analysis, rendering to stdout, choosing the exit status. Nothing in the library imports this.

mod args;
mod env;
pub mod exit;
mod explain;
mod fetch;
mod input;
mod rules;
mod stderr;
mod timeout;

pub use args::{Cli, Command};
pub use env::Env;

use anyhow::Result;

/// Runs a parsed command line; returns the process exit code.
pub async fn run(cli: Cli, env: &Env) -> Result<u8> {
    match &cli.command {
        Command::Explain(args) => explain::run(&cli.global, args, env).await,
        Command::Fetch => fetch::run(&cli.global, env).await,
    }
}
