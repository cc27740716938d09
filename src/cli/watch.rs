//! `explain SERVICE -w`: watch live (or replay a recording) and print transitions and a summary.
//!
//! Piped or with `-o json`: NDJSON, one transition per line and the summary last. On a
//! terminal: the explain view redrawn in place with the newest transitions under it
//! (`watch_screen`), and the summary in text after quitting. Exit status: 0, or 1 when
//! `--until converged` did not converge before the watch ended.

use super::args::{ExplainArgs, GlobalArgs, OutputArg, UntilArg};
use super::watch_screen::Screen;
use super::{Env, exit, input, rules, stderr};
use crate::analysis::watch::{Summary, Tracker, Transition, TransitionKind, WatchOptions};
use crate::analysis::{ExplainOptions, explain};
use crate::model::{Cluster, ControllerRules, KubeVersion};
use crate::render::wire::{WireTransition, WireWatchSummary};
use crate::render::{Ui, render_watch_summary, transition_line};
use crate::simulate::SimConfig;
use crate::source::live::{self, WatchNotice};
use crate::source::{
    Received, Record, RecordWriter, RecordingHeader, change_of, observe_all, read_recording,
};
use anyhow::{Context, Result, bail};
use jiff::{SignedDuration, Timestamp};
use std::io::Write;

/// Where transitions go.
enum Sink {
    /// One JSON object per line.
    Ndjson,
    /// One text line per transition (a replay on a terminal).
    Lines(Ui),
    /// The redrawn terminal view.
    Screen(Box<Screen>),
}

/// One watch: the tracker, where its output goes, and when to stop.
struct Session {
    namespace: String,
    service: String,
    tracker: Tracker,
    sink: Sink,
    recorder: Option<RecordWriter<std::fs::File>>,
    until_converged: bool,
    /// Set when `--until converged` was met: the watch ends at that instant.
    converged_at: Option<Timestamp>,
    explain: ExplainOptions,
}

impl Session {
    fn emit(&mut self, ts: Vec<Transition>) -> Result<()> {
        if self.until_converged && self.converged_at.is_none() {
            self.converged_at = ts
                .iter()
                .find(|t| t.kind == TransitionKind::Converged)
                .map(|t| t.time);
        }
        // Nothing after the converged instant belongs to this watch.
        let ts = ts
            .into_iter()
            .filter(|t| self.converged_at.is_none_or(|c| t.time <= c));
        match &mut self.sink {
            Sink::Ndjson => {
                let mut out = std::io::stdout().lock();
                for t in ts {
                    serde_json::to_writer(
                        &mut out,
                        &WireTransition::new(&self.namespace, &self.service, &t),
                    )?;
                    writeln!(out)?;
                }
                out.flush()?;
            }
            Sink::Lines(ui) => {
                let mut out = std::io::stdout().lock();
                for t in ts {
                    writeln!(out, "{}", transition_line(&t, ui))?;
                }
            }
            Sink::Screen(screen) => {
                screen.push(ts);
                let svc = self.tracker.state().services.first().cloned();
                let ex = svc.map(|svc| explain(self.tracker.state(), &svc, &self.explain));
                screen.draw(ex.as_ref(), self.tracker.is_converged())?;
            }
        }
        Ok(())
    }

    fn receive(&mut self, t: Timestamp, what: Received) -> Result<()> {
        if let Some(r) = &mut self.recorder {
            r.write(&Record {
                t,
                what: what.clone(),
            })
            .context("cannot write the recording")?;
        }
        let change = change_of(&what).map_err(|e| anyhow::anyhow!("a watch event: {e}"))?;
        if let Some(change) = change {
            let ts = self.tracker.apply(t, change);
            self.emit(ts)?;
        }
        Ok(())
    }

    fn tick(&mut self, now: Timestamp) -> Result<()> {
        let ts = self.tracker.advance(now);
        self.emit(ts)
    }

    /// Ends at `end` (the converged instant when `--until converged` was met): the last
    /// transitions, the summary, the exit status.
    fn finish(mut self, end: Timestamp) -> Result<u8> {
        let end = self.converged_at.unwrap_or(end);
        let (ts, summary) = self.tracker.finish(end);
        self.emit(ts)?;
        if let Some(r) = &mut self.recorder {
            r.write(&Record {
                t: end,
                what: Received::End,
            })?;
        }
        let failed = self.until_converged && self.converged_at.is_none();
        match self.sink {
            Sink::Ndjson => {
                let mut out = std::io::stdout().lock();
                serde_json::to_writer(
                    &mut out,
                    &WireWatchSummary::new(&self.namespace, &self.service, &summary),
                )?;
                writeln!(out)?;
            }
            Sink::Lines(ui) => print_summary(&summary, &ui)?,
            Sink::Screen(screen) => {
                let ui = screen.close()?;
                print_summary(&summary, &ui)?;
            }
        }
        Ok(if failed { exit::FINDINGS } else { exit::OK })
    }
}

fn print_summary(summary: &Summary, ui: &Ui) -> Result<()> {
    let mut out = std::io::stdout().lock();
    writeln!(out)?;
    render_watch_summary(&mut out, summary, ui)?;
    Ok(())
}

fn duration(d: &super::timeout::RequestTimeout) -> Option<SignedDuration> {
    d.limit.and_then(|l| SignedDuration::try_from(l).ok())
}

fn options(rules: ControllerRules, stale_after: SignedDuration) -> Result<WatchOptions> {
    Ok(WatchOptions {
        sim: SimConfig::new(100, rules).map_err(|e| anyhow::anyhow!("{e}"))?,
        stale_after,
    })
}

fn known(header: &RecordingHeader) -> Cluster {
    Cluster {
        pods_known: true,
        endpoint_slices_known: header.endpoint_slices_known,
        endpoints_known: header.endpoints_known,
        nodes_known: header.nodes_known,
        server_version: header
            .server_version
            .as_deref()
            .and_then(KubeVersion::parse_lenient),
        ..Cluster::default()
    }
}

/// Starts a session from the initial lists.
fn session(
    global: &GlobalArgs,
    args: &ExplainArgs,
    header: &RecordingHeader,
    initial: &[Received],
    sink: Sink,
    recorder: Option<RecordWriter<std::fs::File>>,
) -> Result<(Session, Vec<Transition>)> {
    let mut objects = Vec::new();
    for r in initial {
        if let Received::Initial(kind, items) = r {
            objects.extend(observe_all(*kind, items).map_err(|e| anyhow::anyhow!("{e}"))?);
        }
    }
    let mut state = known(header);
    // The rules: --kube-version, else the server's, else the Nodes' kubelets.
    for r in initial {
        if let Received::Initial(crate::model::WatchedKind::Node, items) = r {
            for o in observe_all(crate::model::WatchedKind::Node, items)
                .map_err(|e| anyhow::anyhow!("{e}"))?
            {
                if let crate::model::Observed::Node(n) = o {
                    state.nodes.push(n);
                }
            }
        }
    }
    let (rules, rules_source) = rules::choose(global.kube_version, &state);
    state.nodes.clear();
    let stale_after = duration(&args.stale_after).unwrap_or(SignedDuration::ZERO);
    let (tracker, first) = Tracker::new(objects, state, header.start, options(rules, stale_after)?);
    Ok((
        Session {
            namespace: header.namespace.clone(),
            service: header.service.clone(),
            tracker,
            sink,
            recorder,
            until_converged: args.until == Some(UntilArg::Converged),
            converged_at: None,
            explain: ExplainOptions {
                rules,
                rules_source,
                cluster_domain: global.cluster_domain.clone(),
            },
        },
        first,
    ))
}

pub(crate) async fn run(global: &GlobalArgs, args: &ExplainArgs, env: &Env) -> Result<u8> {
    if !global.filenames.is_empty() {
        bail!(
            "explain -w watches a live cluster; files (-f) do not change (replay a recording with --replay FILE)"
        );
    }
    if matches!(global.output, OutputArg::Yaml | OutputArg::Sarif) {
        bail!("explain -w prints NDJSON (-o json) or, on a terminal, a live view (-o text)");
    }
    let ndjson = global.output == OutputArg::Json || !env.stdout_tty;
    if let Some(path) = &args.replay {
        let sink = if ndjson {
            Sink::Ndjson
        } else {
            Sink::Lines(env.ui(global.color.into(), global.width))
        };
        return replay(global, args, path, sink);
    }
    let live = input::connect(global, env).await?;
    let (namespace, service) = match args.service.split_once('/') {
        Some((ns, name)) => (ns.to_string(), name.to_string()),
        None => (
            global
                .namespace
                .clone()
                .unwrap_or_else(|| live.default_namespace.clone()),
            args.service.clone(),
        ),
    };
    let start = live::start_watch(&live, &namespace, &service).await?;
    for w in &start.warnings {
        stderr::warning(w);
    }
    let t0 = env.now();
    let header = RecordingHeader {
        svcx_watch_recording: 1,
        namespace: namespace.clone(),
        service: service.clone(),
        start: t0,
        server_version: start.server_version.map(|v| v.to_string()),
        endpoint_slices_known: start.endpoint_slices_known,
        endpoints_known: start.endpoints_known,
        nodes_known: start.nodes_known,
    };
    let mut recorder = match &args.record {
        Some(path) => {
            let file = std::fs::File::create(path)
                .with_context(|| format!("cannot write {}", path.display()))?;
            Some(RecordWriter::new(file, &header)?)
        }
        None => None,
    };
    if let Some(r) = &mut recorder {
        for what in &start.initial {
            r.write(&Record {
                t: t0,
                what: what.clone(),
            })?;
        }
    }
    let sink = if ndjson {
        Sink::Ndjson
    } else {
        Sink::Screen(Box::new(Screen::open(
            env.ui(global.color.into(), global.width),
            format!(
                "watching service {namespace}/{service} on {}",
                live.server()
            ),
        )?))
    };
    let (mut s, first) = session(global, args, &header, &start.initial, sink, recorder)?;
    s.emit(first)?;
    let deadline = args
        .timeout
        .as_ref()
        .and_then(duration)
        .and_then(|d| t0.checked_add(d).ok());
    let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel();
    let follow = live::follow(&live, &namespace, &service, &start, tx);
    tokio::pin!(follow);
    let mut keys = match &mut s.sink {
        Sink::Screen(screen) => Some(screen.keys()),
        _ => None,
    };
    // One SIGINT listener for the whole watch (a new one per turn could miss a signal).
    let sigint = tokio::signal::ctrl_c();
    tokio::pin!(sigint);
    loop {
        if s.converged_at.is_some() {
            break;
        }
        let now = env.now();
        if deadline.is_some_and(|d| now >= d) {
            return s.finish(deadline.expect("set"));
        }
        let next = [s.tracker.next_deadline(), deadline]
            .into_iter()
            .flatten()
            .min();
        let sleep = next.map_or(std::time::Duration::from_secs(3600), |n| {
            std::time::Duration::try_from(n.duration_since(now)).unwrap_or_default()
        });
        tokio::select! {
            // It only ends by itself on an error retrying cannot fix.
            done = &mut follow => {
                done?;
                break;
            }
            notice = rx.recv() => match notice {
                Some(WatchNotice::Received(what)) => s.receive(env.now(), what)?,
                Some(WatchNotice::Retrying { kind, why }) => {
                    if let Sink::Screen(screen) = &mut s.sink {
                        screen.status(format!("{} watch interrupted ({why}); resuming", kind.as_str()));
                    } else {
                        stderr::warning(format_args!("{} watch interrupted ({why}); resuming", kind.as_str()));
                    }
                }
                None => {}
            },
            _ = tokio::time::sleep(sleep) => s.tick(env.now())?,
            _ = &mut sigint => break,
            _ = async { match keys.as_mut() { Some(k) => k.recv().await, None => std::future::pending().await } } => break,
        }
    }
    let now = env.now();
    s.finish(deadline.map_or(now, |d| d.min(now)))
}

/// `--replay FILE`: the recording's records in order, with their times.
fn replay(
    global: &GlobalArgs,
    args: &ExplainArgs,
    path: &std::path::Path,
    sink: Sink,
) -> Result<u8> {
    let text =
        std::fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))?;
    let (header, records) = read_recording(&text, &path.display().to_string())?;
    let named = match args.service.split_once('/') {
        Some((ns, name)) => ns == header.namespace && name == header.service,
        None => {
            args.service == header.service
                && global
                    .namespace
                    .as_ref()
                    .is_none_or(|ns| *ns == header.namespace)
        }
    };
    if !named {
        bail!(
            "{} records service {}/{}, not {}",
            path.display(),
            header.namespace,
            header.service,
            args.service
        );
    }
    let initial: Vec<Received> = records
        .iter()
        .take_while(|r| matches!(r.what, Received::Initial(..)))
        .map(|r| r.what.clone())
        .collect();
    let (mut s, first) = session(global, args, &header, &initial, sink, None)?;
    s.emit(first)?;
    let deadline = args
        .timeout
        .as_ref()
        .and_then(duration)
        .and_then(|d| header.start.checked_add(d).ok());
    for r in records.into_iter().skip(initial.len()) {
        if let Some(c) = s.converged_at {
            return s.finish(c);
        }
        if let Some(d) = deadline
            && r.t > d
        {
            return s.finish(d);
        }
        if r.what == Received::End {
            return s.finish(r.t);
        }
        s.receive(r.t, r.what)?;
    }
    unreachable!("read_recording() checked the END line")
}
