//! Presentation: tables, text, colour, JSON and YAML. Renderers write to the writer they are
//! given and never decide about colour or width themselves: `Ui` carries both.

mod color;
mod diagnosis_mode_text;
mod diagnosis_text;
mod explain_manifest_text;
mod explain_text;
mod graph_dot;
mod graph_edges;
mod graph_layout;
mod graph_mermaid;
mod graph_palette;
mod graph_svg;
mod graph_text;
mod html_assets;
mod html_report;
mod json;
mod reach_text;
mod sarif;
mod simulation_text;
mod styles;
mod table;
mod traffic_detail_text;
mod traffic_text;
mod watch_text;
pub mod wire;
mod yaml;

pub use color::{ColorChoice, color_enabled};
pub use diagnosis_text::render_diagnosis_text;
pub use explain_text::render_explanation_text;
pub use graph_dot::write_dot;
pub use graph_mermaid::write_mermaid;
pub use graph_svg::{svg_element, write_svg};
pub use graph_text::write_graph_text;
pub use html_report::{ReportMeta, write_html_report};
pub use json::write_json;
pub use reach_text::render_reach_text;
pub use sarif::{Origins, write_sarif};
pub use simulation_text::render_simulation_text;
pub use styles::{Role, Styles, Ui};
pub use traffic_text::render_traffic_text;
pub use watch_text::{render_watch_screen, render_watch_summary, transition_line};
pub use yaml::write_yaml;

/// `-o`: how results are printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum OutputFormat {
    /// Human tables and text.
    #[default]
    Text,
    /// `-o json`.
    Json,
    /// `-o yaml`.
    Yaml,
    /// `-o sarif` (SARIF 2.1.0; `diagnose` only).
    Sarif,
    /// `-o html` (the report; `diagnose` only, written by [`write_html_report`] with graphs).
    Html,
}

/// Writes an explanation in `format`.
pub fn render_explanation(
    out: &mut dyn std::io::Write,
    ex: &crate::analysis::Explanation,
    format: OutputFormat,
    ui: &Ui,
) -> std::io::Result<()> {
    match format {
        OutputFormat::Text => render_explanation_text(out, ex, ui),
        OutputFormat::Json => write_json(out, &wire::ServiceExplanation::from_explanation(ex)),
        OutputFormat::Yaml => write_yaml(out, &wire::ServiceExplanation::from_explanation(ex)),
        OutputFormat::Sarif | OutputFormat::Html => Err(only_for_diagnose()),
    }
}

/// Writes a diagnosis in `format`.
pub fn render_diagnosis(
    out: &mut dyn std::io::Write,
    d: &crate::analysis::Diagnosis,
    format: OutputFormat,
    ui: &Ui,
) -> std::io::Result<()> {
    match format {
        OutputFormat::Text => render_diagnosis_text(out, d, ui),
        OutputFormat::Json => write_json(out, &wire::WireDiagnosis::from_diagnosis(d)),
        OutputFormat::Yaml => write_yaml(out, &wire::WireDiagnosis::from_diagnosis(d)),
        // Without origins the results carry no locations; the CLI passes them to `write_sarif`.
        OutputFormat::Sarif => write_sarif(out, d, &Origins::new()),
        // Without graphs or provenance; the CLI calls `write_html_report` with both.
        OutputFormat::Html => write_html_report(
            out,
            d,
            &[],
            &ReportMeta {
                source: String::new(),
                rules: String::new(),
                tool: String::new(),
                generated_at: String::new(),
                graphs_left_out: 0,
            },
        ),
    }
}

/// Writes a simulation in `format`.
pub fn render_simulation(
    out: &mut dyn std::io::Write,
    sim: &crate::simulate::Simulation,
    format: OutputFormat,
    ui: &Ui,
) -> std::io::Result<()> {
    match format {
        OutputFormat::Text => render_simulation_text(out, sim, ui),
        OutputFormat::Json => write_json(out, &wire::WireSimulation::from_simulation(sim)),
        OutputFormat::Yaml => write_yaml(out, &wire::WireSimulation::from_simulation(sim)),
        OutputFormat::Sarif | OutputFormat::Html => Err(only_for_diagnose()),
    }
}

/// Writes a `reach` answer in `format`.
pub fn render_reach(
    out: &mut dyn std::io::Write,
    r: &crate::analysis::reach::Reach,
    format: OutputFormat,
    ui: &Ui,
) -> std::io::Result<()> {
    match format {
        OutputFormat::Text => render_reach_text(out, r, ui),
        OutputFormat::Json => write_json(out, &wire::WireReach::from_reach(r)),
        OutputFormat::Yaml => write_yaml(out, &wire::WireReach::from_reach(r)),
        OutputFormat::Sarif | OutputFormat::Html => Err(only_for_diagnose()),
    }
}

fn only_for_diagnose() -> std::io::Error {
    std::io::Error::new(
        std::io::ErrorKind::InvalidInput,
        "SARIF and HTML output are only available for diagnose",
    )
}
