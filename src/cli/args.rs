//! Command-line arguments, with kubectl's spellings.

use crate::model::KubeVersion;
use crate::render::{ColorChoice, OutputFormat};
use clap::{Args, Parser, Subcommand, ValueEnum};

/// Explain, diagnose and simulate how Kubernetes Services resolve.
#[derive(Debug, Parser)]
#[command(
    name = "kubectl-svcx",
    bin_name = "kubectl svcx",
    version = concat!(env!("CARGO_PKG_VERSION"), " (Kubernetes API ", "v1.37", ")"),
    about = "Explain, diagnose and simulate how Kubernetes Services resolve",
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
    /// Namespace (default: the kubeconfig context's namespace, else "default"; with -f: the namespace of the only Service with that name in the files)
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
}

impl From<OutputArg> for OutputFormat {
    fn from(o: OutputArg) -> Self {
        match o {
            OutputArg::Text => OutputFormat::Text,
            OutputArg::Json => OutputFormat::Json,
            OutputArg::Yaml => OutputFormat::Yaml,
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

/// The commands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Show how one Service really resolves: ports, pods, EndpointSlices, Endpoints, DNS
    #[command(
        after_help = "Examples:\n  kubectl svcx explain web -f examples/cluster.yaml\n  kubectl svcx explain shop -n named-port-partial -f examples/cluster.yaml -o json\n  kubectl get svc,pods,endpointslices,nodes -o yaml | kubectl svcx explain web -f -"
    )]
    Explain(ExplainArgs),
    /// Read every Service, Pod, EndpointSlice, Endpoints and Node (-n NS, or -A) and print counts; for benchmarks and checks of the reading path
    #[command(hide = true)]
    Fetch,
}

/// `explain`.
#[derive(Debug, Args)]
pub struct ExplainArgs {
    /// The Service (`NAME` or `NAMESPACE/NAME`)
    pub service: String,
}
