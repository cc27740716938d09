//! `explain SERVICE`: gather, analyse, render.

use super::args::{ExplainArgs, GlobalArgs};
use super::{Env, exit, input, rules};
use crate::analysis::{ExplainOptions, explain};
use crate::render::render_explanation;
use anyhow::{Result, bail};

pub(crate) async fn run(global: &GlobalArgs, args: &ExplainArgs, env: &Env) -> Result<u8> {
    if global.all_namespaces {
        bail!("explain takes one Service; -A/--all-namespaces does not apply");
    }
    let (cluster, ns, name) = input::load_for_service(global, env, &args.service).await?;
    let svc = cluster
        .service(&ns, &name)
        .expect("load_for_service() checked it exists");
    let (rules, rules_source) = rules::choose(global.kube_version, &cluster);
    let opts = ExplainOptions {
        rules,
        rules_source,
        cluster_domain: global.cluster_domain.clone(),
    };
    let ex = explain(&cluster, svc, &opts);
    let ui = env.ui(global.color.into(), global.width);
    let mut out = std::io::stdout().lock();
    render_explanation(&mut out, &ex, global.output.into(), &ui)?;
    Ok(exit::OK)
}
