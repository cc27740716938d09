//! Command-line arguments, with kubectl's spellings.

use crate::analysis::{Code, Severity};
use crate::model::KubeVersion;
use crate::render::{ColorChoice, OutputFormat};
use clap::{Args, Parser, Subcommand, ValueEnum};

/// Explain, diagnose and simulate how Kubernetes Services resolve.
#[derive(Debug, Parser)]
#[command(
    name = "kubectl-svcx",
    bin_name = "kubectl svcx",
    version = super::version::long_version(),
    about = "Explain, diagnose and simulate how Kubernetes Services resolve",
    after_help = "Examples:\n  kubectl svcx explain web -n healthy-clusterip -f examples/cluster.yaml\n  kubectl svcx completions bash > ~/.local/share/bash-completion/completions/kubectl-svcx\n\nDocs: https://github.com/kubectl-svcx/kubectl-svcx/tree/main/docs",
    propagate_version = true
)]
pub struct Cli {
    /// Options shared by every command.
    #[command(flatten)]
    pub global: GlobalArgs,
    /// The command.
    #[command(subcommand)]
    pub command: Command,
}

/// Options shared by every command.
#[derive(Debug, Args)]
pub struct GlobalArgs {
    /// Namespace (default: the kubeconfig context's namespace, else "default"). With -f: objects without a namespace go there, as with kubectl apply -n; without -n, the namespace of the only Service with that name in the files
    #[arg(short = 'n', long = "namespace", global = true)]
    pub namespace: Option<String>,
    /// Every namespace (for commands that cover many Services)
    #[arg(short = 'A', long = "all-namespaces", global = true)]
    pub all_namespaces: bool,
    /// Read objects from files or directories (`kubectl get -o yaml|json` dumps, manifests); `-` reads stdin. Repeatable
    #[arg(short = 'f', long = "filename", global = true, value_name = "FILE")]
    pub filenames: Vec<String>,
    /// Output format
    #[arg(
        short = 'o',
        long = "output",
        global = true,
        value_enum,
        default_value = "text"
    )]
    pub output: OutputArg,
    /// When to colour the output
    #[arg(long = "color", global = true, value_enum, default_value = "auto")]
    pub color: ColorArg,
    /// Table width in columns (default: the terminal's width; unlimited when piped)
    #[arg(long = "width", global = true)]
    pub width: Option<u16>,
    /// Apply this Kubernetes version's controller rules (e.g. 1.32); default: the server's version, else the Nodes' kubelet version, else the newest modelled
    #[arg(long = "kube-version", global = true, value_name = "X.Y")]
    pub kube_version: Option<KubeVersion>,
    /// Cluster DNS domain
    #[arg(
        long = "cluster-domain",
        global = true,
        default_value = "cluster.local"
    )]
    pub cluster_domain: String,
    /// Say on stderr what was read
    #[arg(short = 'v', long = "verbose", global = true)]
    pub verbose: bool,
    /// kubectl's connection flags (used when no -f is given).
    #[command(flatten)]
    pub cluster: ClusterArgs,
}

/// kubectl's connection flags, with kubectl's spellings and meanings.
#[derive(Debug, Args)]
#[command(next_help_heading = "Cluster connection (without -f)")]
pub struct ClusterArgs {
    /// Path to the kubeconfig file (default: $KUBECONFIG, else ~/.kube/config)
    #[arg(long = "kubeconfig", global = true, value_name = "PATH")]
    pub kubeconfig: Option<std::path::PathBuf>,
    /// The kubeconfig context to use
    #[arg(long = "context", global = true, value_name = "NAME")]
    pub context: Option<String>,
    /// The kubeconfig cluster to use
    #[arg(long = "cluster", global = true, value_name = "NAME")]
    pub cluster: Option<String>,
    /// The kubeconfig user to use
    #[arg(long = "user", global = true, value_name = "NAME")]
    pub user: Option<String>,
    /// How long to wait for each request (e.g. 5s, 1m, 1h30m; a bare number is seconds; 0 = no limit)
    #[arg(
        long = "request-timeout",
        global = true,
        value_name = "DURATION",
        default_value = "0"
    )]
    pub request_timeout: super::timeout::RequestTimeout,
    /// Username to impersonate
    #[arg(long = "as", global = true, value_name = "USER")]
    pub as_user: Option<String>,
    /// Group to impersonate (repeatable)
    #[arg(long = "as-group", global = true, value_name = "GROUP")]
    pub as_group: Vec<String>,
}

/// `-o`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum OutputArg {
    /// Human tables and text
    Text,
    /// JSON (apiVersion svcx/v1alpha1)
    Json,
    /// YAML (apiVersion svcx/v1alpha1)
    Yaml,
    /// SARIF 2.1.0 for code scanning, with each finding's file and line (diagnose only)
    Sarif,
    /// One self-contained HTML report with filters and traffic graphs (diagnose only)
    Html,
}

impl From<OutputArg> for OutputFormat {
    fn from(o: OutputArg) -> Self {
        match o {
            OutputArg::Text => OutputFormat::Text,
            OutputArg::Json => OutputFormat::Json,
            OutputArg::Yaml => OutputFormat::Yaml,
            OutputArg::Sarif => OutputFormat::Sarif,
            OutputArg::Html => OutputFormat::Html,
        }
    }
}

/// `--color`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorArg {
    /// Colour on a terminal, unless NO_COLOR is set or TERM=dumb
    Auto,
    /// Always colour
    Always,
    /// Never colour
    Never,
}

impl From<ColorArg> for ColorChoice {
    fn from(c: ColorArg) -> Self {
        match c {
            ColorArg::Auto => ColorChoice::Auto,
            ColorArg::Always => ColorChoice::Always,
            ColorArg::Never => ColorChoice::Never,
        }
    }
}

/// `--help` examples of `completions`.
const COMPLETIONS_EXAMPLES: &str = "Examples:
  kubectl svcx completions bash > ~/.local/share/bash-completion/completions/kubectl-svcx
  kubectl svcx completions zsh > \"${fpath[1]}/_kubectl-svcx\"
  kubectl svcx completions fish > ~/.config/fish/completions/kubectl-svcx.fish
  kubectl svcx completions powershell >> $PROFILE
  # `kubectl svcx <TAB>` (kubectl >= 1.26): the helper goes on PATH next to kubectl-svcx
  kubectl svcx completions kubectl > ~/.krew/bin/kubectl_complete-svcx
  chmod +x ~/.krew/bin/kubectl_complete-svcx";

/// The commands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Show how one Service really resolves: ports, pods, EndpointSlices, Endpoints, DNS
    #[command(
        after_help = "Examples:\n  kubectl svcx explain web -n healthy-clusterip -f examples/cluster.yaml\n  kubectl svcx explain shop -n named-port-partial -f examples/cluster.yaml -o json\n  kubectl get svc,pods,endpointslices,nodes -o yaml | kubectl svcx explain web -f -\n  kubectl svcx explain web -w --replay examples/rollout.watch\n  kubectl svcx explain web -n shop -w --until converged --timeout 5m"
    )]
    Explain(ExplainArgs),
    /// Print a shell completion script, or the kubectl_complete-svcx helper for `kubectl svcx <TAB>`
    #[command(after_help = COMPLETIONS_EXAMPLES)]
    Completions(CompletionsArgs),
    /// Run every check on one Service, a namespace or everything, and say what is wrong and how to fix it
    #[command(
        after_help = "Examples:\n  kubectl svcx diagnose -A -f examples/cluster.yaml\n  kubectl svcx diagnose -n stale-controller-down -f examples/cluster.yaml\n  kubectl svcx diagnose cache -f examples/cluster.yaml -o json\n  kubectl svcx diagnose -f examples/cluster.yaml --fail-on warning --ignore pods-not-ready\n\nWith -f and neither SERVICE, -n nor -A, every namespace in the files is diagnosed.\nExit status: 0 nothing at or above --fail-on, 1 something is, 2 usage or input error.\nFinding codes: docs/findings.md"
    )]
    Diagnose(DiagnoseArgs),
    /// What the EndpointSlice controller's next sync would write, and what-ifs (scale, rollout)
    #[command(
        after_help = "Examples:\n  kubectl svcx simulate cache -n stale-controller-down -f examples/cluster.yaml\n  kubectl svcx simulate web -n healthy-clusterip -f examples/cluster.yaml --steps scale=250,rollout --max-surge 50%\n  kubectl svcx simulate --endpoints 1005 --zones a,b,c --ports http:8080 -o yaml\n  kubectl svcx simulate --endpoints 250 --max-endpoints-per-slice 50 --steps scale=180,rollout"
    )]
    Simulate(SimulateArgs),
    /// Can this client reach that Service, and if not, which hop breaks (DNS, port, kube-proxy, NetworkPolicy egress/ingress, backend port)
    #[command(
        after_help = "Examples:\n  kubectl svcx reach deployment/web api -n reach-demo -f examples/cluster.yaml\n  kubectl svcx reach reach-demo/pod/batch payments:8443 -f examples/cluster.yaml\n  kubectl svcx reach deployment/web api.reach-demo.svc.cluster.local:http -n reach-demo -f examples/cluster.yaml -o yaml\n\nFROM: pod/NAME, NAMESPACE/pod/NAME, deployment/NAME (any workload kind), node/NAME or external.\nTO: SERVICE, SERVICE:PORT (number or name), a DNS name as the client would type it, or IP:PORT.\nExit status: 0 reachable (also when only some backends are), 1 blocked or unknown, 2 usage or input error.\nSee docs/reach.md"
    )]
    Reach(ReachArgs),
    /// Draw the traffic path: Ingress/route -> Service -> EndpointSlices -> Pods -> Nodes, blocked arrows labelled with their finding code
    #[command(
        after_help = "Examples:\n  kubectl svcx graph shop -n named-port-partial -f examples/cluster.yaml\n  kubectl svcx graph shop -n named-port-partial -f examples/cluster.yaml --format mermaid\n  kubectl svcx graph -n stale-controller-down -f examples/cluster.yaml --format dot | dot -Tpng > cache.png\n  kubectl svcx graph -A -f examples/cluster.yaml --split > cluster.svg\n\nWithout --format: a text tree on a terminal, SVG when stdout is a file or a pipe.\nOne graph per namespace (-n, -A, or every namespace of the files); --split draws one per Service."
    )]
    Graph(GraphArgs),
    /// Save what explain/diagnose read from the cluster (one Service, -n NS or -A) as one JSON file that -f reads back
    #[command(after_help = SNAPSHOT_EXAMPLES)]
    Snapshot(SnapshotArgs),
    /// Read every Service, Pod, EndpointSlice, Endpoints and Node (-n NS, or -A) and print counts; for benchmarks and checks of the reading path
    #[command(hide = true)]
    Fetch,
}

/// `explain`.
#[derive(Debug, Args)]
pub struct ExplainArgs {
    /// The Service (`NAME` or `NAMESPACE/NAME`)
    pub service: String,
    /// Add where the traffic goes: kube-proxy's endpoints per node (ClusterIP, NodePort/LoadBalancer), session affinity
    #[arg(long = "traffic")]
    pub traffic: bool,
    /// Show the traffic of one node in detail (implies --traffic)
    #[arg(long = "from-node", value_name = "NODE")]
    pub from_node: Option<String>,
    /// Watch the Service live: its endpoint transitions, outages and propagation lag as they happen, and a summary at the end (NDJSON when piped or with -o json; docs/watch.md)
    #[arg(short = 'w', long = "watch", conflicts_with_all = ["traffic", "from_node"])]
    pub watch: bool,
    /// With -w: stop watching after this long (e.g. 90s, 5m)
    #[arg(long = "timeout", value_name = "DURATION", requires = "watch")]
    pub timeout: Option<super::timeout::RequestTimeout>,
    /// With -w: stop as soon as this holds (exit 0), or exit 1 if --timeout comes first
    #[arg(
        long = "until",
        value_enum,
        value_name = "CONDITION",
        requires = "watch"
    )]
    pub until: Option<UntilArg>,
    /// With -w: how long the slices may differ from what the controller would write before a `stale` transition
    #[arg(long = "stale-after", value_name = "DURATION", default_value = "5s")]
    pub stale_after: super::timeout::RequestTimeout,
    /// With -w: also save every event received, with its time, to FILE (for --replay)
    #[arg(long = "record", value_name = "FILE", requires = "watch", conflicts_with = "replay", value_hint = clap::ValueHint::FilePath)]
    pub record: Option<std::path::PathBuf>,
    /// With -w: replay a recording offline instead of watching a cluster (same transitions and summary)
    #[arg(long = "replay", value_name = "FILE", requires = "watch", value_hint = clap::ValueHint::FilePath)]
    pub replay: Option<std::path::PathBuf>,
}

/// `--until`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum UntilArg {
    /// Every selected pod Ready, the slices what the controller would write, no endpoint terminating
    Converged,
}

/// `reach FROM TO`.
#[derive(Debug, Args)]
pub struct ReachArgs {
    /// The client: pod/NAME, NAMESPACE/pod/NAME, deployment/NAME (any workload kind), node/NAME or external
    pub from: String,
    /// The destination as the client would dial it: SERVICE, SERVICE:PORT, a DNS name, or IP:PORT
    pub to: String,
    /// The protocol, when the Service has the port number for several protocols
    #[arg(long = "protocol", value_enum, value_name = "PROTOCOL")]
    pub protocol: Option<ProtocolArg>,
}

/// `--protocol`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ProtocolArg {
    /// TCP
    #[value(name = "TCP", alias = "tcp")]
    Tcp,
    /// UDP
    #[value(name = "UDP", alias = "udp")]
    Udp,
    /// SCTP
    #[value(name = "SCTP", alias = "sctp")]
    Sctp,
}

/// `--help` examples of `snapshot`.
const SNAPSHOT_EXAMPLES: &str = "Examples:\n  kubectl svcx snapshot web -n shop --output-file web.json\n  kubectl svcx snapshot -n shop --output-file shop.json.gz\n  kubectl svcx snapshot -A --output-file cluster.json.gz\n  kubectl svcx snapshot -A --redact --output-file for-support.json.gz\n  kubectl svcx diagnose -A -f cluster.json.gz\n\nReads only what explain (SERVICE) or diagnose (-n, -A) read, never Secrets or ConfigMaps, and leaves out managedFields, container environments, commands, volumes and annotations the checks do not read. -o is the output format of the other commands; the snapshot is always JSON (gzip with a .gz suffix). Docs: docs/snapshot.md";

/// `snapshot`.
#[derive(Debug, Args)]
pub struct SnapshotArgs {
    /// The Service (`NAME` or `NAMESPACE/NAME`): only what `explain` reads for it; without it, what `diagnose` reads for -n NS (default: the context's namespace) or -A
    pub service: Option<String>,
    /// Write to this file instead of stdout (a .gz suffix compresses with gzip)
    #[arg(long = "output-file", value_name = "FILE")]
    pub output_file: Option<std::path::PathBuf>,
    /// Replace names, namespaces, label values, node names, zones, hostnames and IP addresses by consistent pseudonyms (docs/snapshot.md)
    #[arg(long = "redact")]
    pub redact: bool,
    /// The key of the pseudonyms (implies --redact): the same key gives the same pseudonyms; default: a random key, never written anywhere
    #[arg(
        long = "redact-key",
        value_name = "KEY",
        env = "SVCX_REDACT_KEY",
        hide_env_values = true
    )]
    pub redact_key: Option<String>,
}

/// `completions SHELL`.
#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell (or `kubectl` for the kubectl_complete-svcx helper)
    #[arg(value_enum)]
    pub shell: ShellArg,
}

/// What `completions` prints a script for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ShellArg {
    /// Bash (completes `kubectl-svcx ...`)
    Bash,
    /// Zsh (completes `kubectl-svcx ...`)
    Zsh,
    /// Fish (completes `kubectl-svcx ...`)
    Fish,
    /// PowerShell (completes `kubectl-svcx ...`)
    Powershell,
    /// The kubectl_complete-svcx helper: `kubectl svcx <TAB>` in any shell kubectl completes (kubectl >= 1.26)
    Kubectl,
}

/// `diagnose`.
#[derive(Debug, Args)]
pub struct DiagnoseArgs {
    /// The Service (`NAME` or `NAMESPACE/NAME`); every Service in scope when omitted
    pub service: Option<String>,
    /// Exit with status 1 when a finding of this severity or worse is found
    #[arg(
        long = "fail-on",
        value_enum,
        default_value = "error",
        value_name = "SEVERITY"
    )]
    pub fail_on: FailOn,
    /// Leave out findings with this code (repeatable; see docs/findings.md)
    #[arg(long = "ignore", value_name = "CODE")]
    pub ignore: Vec<Code>,
}

/// `graph`.
#[derive(Debug, Args)]
pub struct GraphArgs {
    /// The Service (`NAME` or `NAMESPACE/NAME`); every Service in scope when omitted
    pub service: Option<String>,
    /// Picture format (default: a text tree on a terminal, else svg)
    #[arg(long = "format", value_enum, value_name = "FORMAT")]
    pub format: Option<GraphFormat>,
    /// One graph per Service instead of one per namespace
    #[arg(long = "split")]
    pub split: bool,
}

/// `graph --format`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum GraphFormat {
    /// SVG, laid out in-process (no Graphviz needed)
    Svg,
    /// Graphviz DOT
    Dot,
    /// Mermaid flowchart (GitHub/GitLab Markdown)
    Mermaid,
    /// The compact text tree: Service, port, slice, pod, node
    Text,
}

/// `--fail-on`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FailOn {
    /// Fail on errors
    Error,
    /// Fail on warnings and errors
    Warning,
    /// Fail on any finding
    Info,
    /// Never fail because of findings
    Never,
}

impl FailOn {
    /// The lowest severity that fails, if any.
    pub fn threshold(self) -> Option<Severity> {
        match self {
            FailOn::Error => Some(Severity::Error),
            FailOn::Warning => Some(Severity::Warning),
            FailOn::Info => Some(Severity::Info),
            FailOn::Never => None,
        }
    }
}

/// `simulate`.
#[derive(Debug, Args)]
pub struct SimulateArgs {
    /// The Service (`NAME` or `NAMESPACE/NAME`); leave out with --endpoints
    #[arg(required_unless_present = "endpoints")]
    pub service: Option<String>,
    /// Simulate a made-up Service with N ready pods instead (no input needed)
    #[arg(long, value_name = "N", conflicts_with = "service")]
    pub endpoints: Option<usize>,
    /// The controller's --max-endpoints-per-slice (1..1000)
    #[arg(long, value_name = "M", default_value_t = 100, value_parser = clap::value_parser!(u16).range(1..=1000))]
    pub max_endpoints_per_slice: u16,
    /// Zones the made-up pods are spread over (with --endpoints)
    #[arg(
        long,
        value_name = "ZONE,...",
        value_delimiter = ',',
        requires = "endpoints"
    )]
    pub zones: Vec<String>,
    /// Ports of the made-up Service as NAME:PORT (with --endpoints; default http:8080)
    #[arg(long, value_name = "NAME:PORT,...", value_delimiter = ',', requires = "endpoints", value_parser = parse_named_port)]
    pub ports: Vec<(String, i32)>,
    /// Changes to simulate, one controller sync each: scale=N, rollout (comma-separated)
    #[arg(long, value_name = "STEP,...")]
    pub steps: Option<String>,
    /// Pods replaced per rollout batch: a count or a percentage
    #[arg(long, value_name = "N|P%", default_value = "25%")]
    pub max_surge: String,
}

/// `NAME:PORT` for `--ports`.
fn parse_named_port(s: &str) -> Result<(String, i32), String> {
    let (name, port) = s
        .split_once(':')
        .ok_or_else(|| format!("want NAME:PORT, got {s:?}"))?;
    let port: i32 = port
        .parse()
        .ok()
        .filter(|p| (1..=65535).contains(p))
        .ok_or_else(|| format!("not a port number: {port:?}"))?;
    Ok((name.to_string(), port))
}
