//! `simulate [SERVICE | --endpoints N]`: the controller's next sync, then what-if steps.

use super::args::{GlobalArgs, SimulateArgs};
use super::{Env, exit, input, rules};
use crate::model::Cluster;
use crate::render::render_simulation;
use crate::simulate::{
    SimConfig, Simulation, Step, Surge, SyntheticSpec, hint_mode, parse_steps, simulate_service,
    synthetic,
};
use anyhow::{Result, bail};

pub(crate) async fn run(global: &GlobalArgs, args: &SimulateArgs, env: &Env) -> Result<u8> {
    let steps = match &args.steps {
        Some(s) => parse_steps(s)?,
        None => Vec::new(),
    };
    let surge: Surge = args.max_surge.parse()?;
    let sim = match (&args.service, args.endpoints) {
        (Some(target), _) => real(global, args, env, target, &steps, surge).await?,
        (None, Some(n)) => made_up(global, args, n, &steps, surge)?,
        (None, None) => {
            bail!("pass a SERVICE (read from -f FILE or the current cluster) or --endpoints N")
        }
    };
    let ui = env.ui(global.color.into(), global.width);
    let mut out = super::stdout_buffered();
    render_simulation(&mut out, &sim, global.output.into(), &ui)?;
    std::io::Write::flush(&mut out)?;
    Ok(exit::OK)
}

/// A real Service: from `-f` files, or live through the same scoped fetch as `explain`.
async fn real(
    global: &GlobalArgs,
    args: &SimulateArgs,
    env: &Env,
    target: &str,
    steps: &[Step],
    surge: Surge,
) -> Result<Simulation> {
    let (cluster, ns, name) = input::load_for_service(global, env, target).await?;
    let svc = cluster
        .service(&ns, &name)
        .expect("target() checked it exists");
    let (rules, source) = rules::choose(global.kube_version, &cluster);
    let cfg = SimConfig::new(args.max_endpoints_per_slice.into(), rules)?;
    let first = simulate_service(&cluster, svc, &cfg);
    let mut outcomes = vec![first.outcome];
    if !steps.is_empty() {
        let Some(mut sim) = first.simulator else {
            bail!(
                "--steps needs a Service with a selector: {ns}/{name} has no EndpointSlice controller to simulate"
            );
        };
        outcomes.extend(sim.run(steps, surge));
    }
    Ok(Simulation {
        namespace: ns,
        name,
        synthetic: false,
        rules,
        rules_source: source.as_str().into(),
        rules_source_text: source.describe().into(),
        max_endpoints_per_slice: cfg.max_endpoints_per_slice(),
        hint_mode: first.hint_mode,
        steps: outcomes,
        notes: Vec::new(),
    })
}

fn made_up(
    global: &GlobalArgs,
    args: &SimulateArgs,
    n: usize,
    steps: &[Step],
    surge: Surge,
) -> Result<Simulation> {
    if !global.filenames.is_empty() {
        bail!("--endpoints makes up its own Service; drop -f, or name a SERVICE instead");
    }
    let (rules, source) = rules::choose(global.kube_version, &Cluster::default());
    let cfg = SimConfig::new(args.max_endpoints_per_slice.into(), rules)?;
    let ports = if args.ports.is_empty() {
        vec![("http".to_string(), 8080)]
    } else {
        args.ports.clone()
    };
    let spec = SyntheticSpec {
        pods: n,
        zones: args.zones.clone(),
        ports,
    };
    let (svc, mut sim) = synthetic(&spec, &cfg);
    let mut all = vec![Step::Scale(n)];
    all.extend_from_slice(steps);
    let outcomes = sim.run(&all, surge);
    Ok(Simulation {
        namespace: svc.namespace.clone(),
        name: svc.name.clone(),
        synthetic: true,
        rules,
        rules_source: source.as_str().into(),
        rules_source_text: source.describe().into(),
        max_endpoints_per_slice: cfg.max_endpoints_per_slice(),
        hint_mode: hint_mode(&svc, &cfg.rules),
        steps: outcomes,
        notes: vec![format!(
            "a made-up Service default/synthetic: {n} Ready pods{}, ports {}; slices it creates are named synthetic-simN",
            if spec.zones.is_empty() {
                String::new()
            } else {
                format!(" over zones {}", spec.zones.join(", "))
            },
            spec.ports
                .iter()
                .map(|(n, p)| format!("{n}:{p}"))
                .collect::<Vec<_>>()
                .join(",")
        )],
    })
}
