//! Answers about Services: resolution (who is selected, who is an endpoint, where ports lead),
//! DNS names, and (later) findings. Pure and synchronous: a broken Service is data, not an error.

mod checks;
mod diagnose;
mod diagnosis;
mod dns;
mod explain;
mod explain_manifest;
mod explanation;
mod finding;
mod graph;
mod graph_build;
#[cfg(test)]
mod graph_build_tests;
mod graph_many;
mod input_mode;
mod lookup;
mod lookup_manifests;
mod manifest_view;
mod name_index;
pub mod netpol;
mod port_map;
pub mod reach;
mod selection;
mod selector_index;
#[cfg(test)]
pub(crate) mod test_slices;
pub mod traffic;
pub mod watch;

pub use diagnose::diagnose;
pub use diagnosis::{DiagnoseOptions, Diagnosis, Scope, ServiceDiagnosis, Summary};
pub use dns::{DnsRecord, dns_notes, dns_records};
pub use explain::explain;
pub use explanation::{
    ExplainOptions, Explanation, PodReason, PodRow, PortRow, Resolution, RulesSource,
};
pub use finding::{Code, FINDINGS_DOC_URL, Finding, ObjRef, Severity, UnknownCode};
pub use graph::{Edge, Graph, Health, PortLine, Vertex, VertexKind};
pub use graph_build::{GraphOptions, service_graph};
pub use graph_many::service_graphs;
pub use input_mode::{InputMode, ModeReport};
pub use manifest_view::{ManifestView, RouteRow, TemplatePort, TemplateRow};
pub use selection::{PodIndex, selected_pods};
