//! What-if sequences: scale and roll out a Service's pods, one controller sync per change.
//!
//! A `rollout` replaces every pod in batches of `--max-surge` (Deployment semantics: new pods
//! first, then as many old ones go; `N%` rounds up like `maxSurge` does,
//! <https://kubernetes.io/docs/concepts/workloads/controllers/deployment/#max-surge>). Each batch
//! is one sync. New pods are Ready at once; scaling down removes the newest pods first.

use super::engine::{Engine, LayoutSlice};
use super::outcome::{EndpointsSummary, StepOutcome, summarize_plan};
use super::population::{Delta, Population};
use crate::model::{EndpointSlice, Service};
use crate::simulate::endpoints::truncation::truncated_counts;
use crate::simulate::endpointslice::apply::apply_plan;
use crate::simulate::endpointslice::hints::{HintMode, hint_mode};
use crate::simulate::endpointslice::input::ReconcileInput;
use crate::simulate::endpointslice::node_topology::NodeTopology;
use crate::simulate::endpointslice::reconcile::reconcile;
use crate::simulate::shared::config::SimConfig;
use std::fmt;
use std::str::FromStr;

/// One what-if change.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    /// `scale=N`: the Service ends up with N pods.
    Scale(usize),
    /// `rollout`: every pod is replaced.
    Rollout,
}

/// A `--steps` list that does not parse.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum StepError {
    /// Neither `scale=N` nor `rollout`.
    #[error("unknown step {0:?} (want scale=N or rollout, comma-separated)")]
    Unknown(String),
    /// `--max-surge` is neither `N` (N ≥ 1) nor `P%` (1..100).
    #[error("--max-surge must be a count (e.g. 25) or a percentage (e.g. 25%), got {0:?}")]
    Surge(String),
}

impl fmt::Display for Step {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Step::Scale(n) => write!(f, "scale={n}"),
            Step::Rollout => f.write_str("rollout"),
        }
    }
}

/// Parses `scale=250,scale=180,rollout`.
pub fn parse_steps(s: &str) -> Result<Vec<Step>, StepError> {
    s.split(',')
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .map(|p| match p.split_once('=') {
            Some(("scale", n)) => n
                .trim()
                .parse()
                .map(Step::Scale)
                .map_err(|_| StepError::Unknown(p.into())),
            None if p == "rollout" => Ok(Step::Rollout),
            _ => Err(StepError::Unknown(p.into())),
        })
        .collect()
}

/// `--max-surge`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Surge {
    /// A number of pods.
    Count(usize),
    /// A percentage of the pods, rounded up.
    Percent(u32),
}

impl Default for Surge {
    /// The Deployment default, 25%.
    fn default() -> Self {
        Surge::Percent(25)
    }
}

impl FromStr for Surge {
    type Err = StepError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let bad = || StepError::Surge(s.into());
        match s.strip_suffix('%') {
            Some(p) => match p.parse::<u32>() {
                Ok(p) if (1..=100).contains(&p) => Ok(Surge::Percent(p)),
                _ => Err(bad()),
            },
            None => match s.parse::<usize>() {
                Ok(n) if n >= 1 => Ok(Surge::Count(n)),
                _ => Err(bad()),
            },
        }
    }
}

impl Surge {
    /// Pods per batch for `pods` pods (at least 1).
    pub fn batch(self, pods: usize) -> usize {
        match self {
            Surge::Count(n) => n,
            Surge::Percent(p) => (pods * p as usize).div_ceil(100),
        }
        .max(1)
    }
}

enum Backend {
    /// Touches only what changed (no `Auto` hints).
    Incremental(Engine),
    /// The full reconciler on materialized slices.
    Full {
        slices: Vec<EndpointSlice>,
        created: usize,
    },
}

/// A Service's pods and slices, synced step by step.
pub struct Simulator {
    svc: Service,
    cfg: SimConfig,
    pop: Population,
    topology: NodeTopology,
    backend: Backend,
}

impl Simulator {
    /// Starts from `layout` (the controller's slices after a sync; empty for a new Service).
    /// `created` counts slices already named `<service>-simN`.
    pub fn new(
        svc: Service,
        cfg: SimConfig,
        pop: Population,
        topology: NodeTopology,
        layout: Vec<LayoutSlice>,
        created: usize,
    ) -> Self {
        let hints = match hint_mode(&svc, &cfg.rules) {
            HintMode::TrafficDistribution { same_node } => Some(Some(same_node)),
            HintMode::None => Some(None),
            HintMode::Auto => None,
        };
        let backend = match hints {
            Some(h) => Backend::Incremental(Engine::new(&svc.name, cfg, h, &pop, layout, created)),
            None => Backend::Full {
                slices: materialize_layout(&svc, &pop, layout),
                created,
            },
        };
        Simulator {
            svc,
            cfg,
            pop,
            topology,
            backend,
        }
    }

    /// Switches to the full reconciler for every later step (the reference the incremental
    /// engine is tested against).
    pub fn full_reconcile(mut self) -> Self {
        if let Backend::Incremental(engine) = &self.backend {
            let created = engine.created();
            let slices = materialize_layout(&self.svc, &self.pop, engine.layout());
            self.backend = Backend::Full { slices, created };
        }
        self
    }

    /// The population (pods and endpoints).
    pub fn population(&self) -> &Population {
        &self.pop
    }

    /// Whether steps run incrementally.
    pub fn is_incremental(&self) -> bool {
        matches!(self.backend, Backend::Incremental(_))
    }

    /// Runs `steps`; one outcome per controller sync.
    pub fn run(&mut self, steps: &[Step], surge: Surge) -> Vec<StepOutcome> {
        let mut out = Vec::new();
        for &step in steps {
            match step {
                Step::Scale(n) => {
                    let delta = self.pop.scale(n);
                    out.push(self.sync(&delta, step.to_string()));
                }
                Step::Rollout => {
                    let old: Vec<usize> = (0..self.pop.pods.len())
                        .filter(|&i| self.pop.pods[i].alive)
                        .collect();
                    let batch = surge.batch(old.len());
                    let batches = old.len().div_ceil(batch);
                    for b in 0..batches {
                        let n = batch.min(old.len() - b * batch);
                        let delta = self.pop.replace(&old, n, n);
                        out.push(self.sync(&delta, format!("rollout {}/{batches}", b + 1)));
                    }
                }
            }
        }
        out
    }

    /// One sync after `delta`.
    pub fn sync(&mut self, delta: &Delta, label: String) -> StepOutcome {
        let mut outcome = match &mut self.backend {
            Backend::Incremental(engine) => engine.sync(&self.pop, delta),
            Backend::Full { slices, created } => {
                let (desired, _) = self.pop.desired_state();
                let existing: Vec<&EndpointSlice> = slices.iter().collect();
                let input = ReconcileInput {
                    service: &self.svc,
                    desired: &desired,
                    existing: &existing,
                    topology: &self.topology,
                };
                let plan = reconcile(&input, &self.cfg);
                let outcome = summarize_plan(&input, &plan);
                let name = &self.svc.name;
                let next = apply_plan(&input, &plan, || {
                    *created += 1;
                    format!("{name}-sim{created}")
                });
                *slices = next;
                outcome
            }
        };
        outcome.label = label;
        outcome.endpoints = Some(self.legacy_endpoints());
        outcome
    }

    /// The legacy Endpoints object in numbers: one subset per port group of the primary
    /// family (pods without a resolved port make none), truncated at 1000.
    fn legacy_endpoints(&self) -> EndpointsSummary {
        let primary = self.pop.address_types.first();
        let groups: Vec<_> = self
            .pop
            .groups
            .iter()
            .filter(|g| Some(&g.address_type) == primary)
            .filter(|g| !g.ports.is_empty() || self.svc.is_headless())
            .collect();
        let ready: Vec<usize> = groups.iter().map(|g| g.legacy_ready).collect();
        let not_ready: Vec<usize> = groups.iter().map(|g| g.legacy_not_ready).collect();
        let (r, n) = (ready.iter().sum(), not_ready.iter().sum());
        match truncated_counts(&ready, &not_ready) {
            None => EndpointsSummary {
                addresses: r,
                not_ready_addresses: n,
                over_capacity: false,
                addresses_before_truncation: r,
                not_ready_before_truncation: n,
                up_to_date: None,
            },
            Some((kr, kn)) => EndpointsSummary {
                addresses: kr.iter().sum(),
                not_ready_addresses: kn.iter().sum(),
                over_capacity: true,
                addresses_before_truncation: r,
                not_ready_before_truncation: n,
                up_to_date: None,
            },
        }
    }
}

/// Slices as objects, for the full backend.
fn materialize_layout(
    svc: &Service,
    pop: &Population,
    layout: Vec<LayoutSlice>,
) -> Vec<EndpointSlice> {
    layout
        .into_iter()
        .map(|l| EndpointSlice {
            namespace: svc.namespace.clone().into(),
            name: l.name.into(),
            labels: crate::simulate::shared::slice_meta::desired_slice_labels(svc),
            annotations: Default::default(),
            address_type: Some(l.address_type),
            ports: l.ports,
            endpoints: l
                .members
                .iter()
                .filter_map(|&(g, s)| pop.groups[g as usize].slots[s as usize].as_ref())
                .map(|e| e.to_endpoint())
                .collect(),
            owner_references: vec![crate::simulate::shared::slice_meta::service_owner_ref(svc)],
            deleting: false,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn steps_and_surge_parse() {
        assert_eq!(
            parse_steps("scale=250, scale=180,rollout").unwrap(),
            vec![Step::Scale(250), Step::Scale(180), Step::Rollout]
        );
        assert!(parse_steps("scale=x").is_err());
        assert!(parse_steps("grow").is_err());
        assert_eq!("25%".parse::<Surge>().unwrap().batch(10), 3);
        assert_eq!("4".parse::<Surge>().unwrap().batch(10), 4);
        assert!("0".parse::<Surge>().is_err());
        assert!("150%".parse::<Surge>().is_err());
    }
}
