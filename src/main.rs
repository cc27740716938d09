//! The process boundary: parse, run, print errors as one line, map to an exit code.

use clap::Parser;
use std::io::Write;
use std::process::ExitCode;
use svcx::cli::{Cli, Env, exit, run};

// jemalloc (see Cargo.toml): a big input is millions of small allocations across threads; it
// keeps less memory and spends less CPU on them than the system's malloc (docs/performance.md,
// "lean model").
#[cfg(not(target_env = "msvc"))]
#[global_allocator]
static ALLOCATOR: tikv_jemallocator::Jemalloc = tikv_jemallocator::Jemalloc;

fn main() -> ExitCode {
    if let Some(code) = svcx::cli::answer_completion_request() {
        return ExitCode::from(code);
    }
    let cli = Cli::parse();
    let env = Env::sense();
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build();
    let result = match runtime {
        Ok(rt) => rt.block_on(run(cli, &env)),
        Err(e) => Err(e.into()),
    };
    match result {
        Ok(code) => ExitCode::from(code),
        Err(e) if is_broken_pipe(&e) => ExitCode::from(exit::OK),
        Err(e) => {
            let _ = writeln!(std::io::stderr(), "error: {e:#}");
            ExitCode::from(exit::ERROR)
        }
    }
}

/// `| head` closed stdout: not an error (ripgrep, bat).
fn is_broken_pipe(e: &anyhow::Error) -> bool {
    e.chain().any(|c| {
        c.downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
    })
}
