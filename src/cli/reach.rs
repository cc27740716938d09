//! `reach FROM TO`: gather, follow the path, render, exit 0 (reachable) or 1 (not).

use super::args::{GlobalArgs, ProtocolArg, ReachArgs};
use super::{Env, exit, input, rules};
use crate::analysis::reach::{ReachOptions, parse_client, parse_target, reach};
use crate::model::Protocol;
use crate::render::render_reach;
use anyhow::{Result, bail};

pub(crate) async fn run(global: &GlobalArgs, args: &ReachArgs, env: &Env) -> Result<u8> {
    if global.all_namespaces {
        bail!("reach follows one client to one destination; -A/--all-namespaces does not apply");
    }
    let from = parse_client(&args.from).map_err(anyhow::Error::msg)?;
    let to = parse_target(&args.to).map_err(anyhow::Error::msg)?;
    let (cluster, namespace) = input::load_for_reach(global, env, &from).await?;
    let (rules, _) = rules::choose(global.kube_version, &cluster);
    let opts = ReachOptions {
        rules,
        cluster_domain: global.cluster_domain.clone(),
        namespace,
        protocol: args.protocol.map(|p| match p {
            ProtocolArg::Tcp => Protocol::Tcp,
            ProtocolArg::Udp => Protocol::Udp,
            ProtocolArg::Sctp => Protocol::Sctp,
        }),
    };
    let r = reach(&cluster, (&args.from, &from), (&args.to, &to), &opts)?;
    let ui = env.ui(global.color.into(), global.width);
    let mut out = super::stdout_buffered();
    render_reach(&mut out, &r, global.output.into(), &ui)?;
    std::io::Write::flush(&mut out)?;
    Ok(if r.overall.is_reachable() {
        exit::OK
    } else {
        exit::FINDINGS
    })
}
