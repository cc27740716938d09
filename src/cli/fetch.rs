//! `fetch` (hidden): read what a command over many Services reads (`-n NS` or `-A`) and print
//! one line of counts. It exercises and measures the paged reading path (see
//! docs/performance.md) until `diagnose` uses it.

use super::args::GlobalArgs;
use super::{Env, exit, input};
use crate::source::live::Scope;
use anyhow::Result;
use std::io::Write;

pub(crate) async fn run(global: &GlobalArgs, env: &Env) -> Result<u8> {
    let (c, scope) = input::load_scope(global, env).await?;
    let scope = match scope {
        Scope::All => "all".to_string(),
        Scope::Namespace(ns) => format!("namespace/{ns}"),
    };
    let known = |known: bool, n: usize| {
        if known {
            n.to_string()
        } else {
            "unknown".into()
        }
    };
    writeln!(
        std::io::stdout().lock(),
        "scope={scope} services={} pods={} endpointslices={} endpoints={} nodes={} serverVersion={}",
        c.services.len(),
        c.pods.len(),
        c.endpoint_slices.len(),
        known(c.endpoints_known, c.endpoints.len()),
        known(c.nodes_known, c.nodes.len()),
        c.server_version
            .map_or_else(|| "unknown".to_string(), |v| v.to_string()),
    )?;
    Ok(exit::OK)
}
