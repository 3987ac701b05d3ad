//! `--error-format sarif`: diagnostics as a SARIF 2.1.0 log, the format GitHub code scanning and
//! most CI dashboards read. Rule metadata comes from `iamx explain`. Serde structs, not text.

use crate::diag::{Diag, Severity, SourceFiles};
use codespan_reporting::files::Files;
use serde::Serialize;

#[derive(Serialize)]
struct Log<'a> {
    #[serde(rename = "$schema")]
    schema: &'static str,
    version: &'static str,
    runs: Vec<Run<'a>>,
}

#[derive(Serialize)]
struct Run<'a> {
    tool: Tool<'a>,
    results: Results<'a>,
}

#[derive(Serialize)]
struct Tool<'a> {
    driver: Driver<'a>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Driver<'a> {
    name: &'static str,
    version: &'static str,
    rules: &'a [Rule],
}

#[derive(Serialize)]
struct Text {
    text: String,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Rule {
    id: String,
    short_description: Text,
    full_description: Text,
    default_configuration: Configuration,
}

#[derive(Serialize)]
struct Configuration {
    level: &'static str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SarifResult {
    rule_id: String,
    rule_index: usize,
    level: &'static str,
    message: Text,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    locations: Vec<Location>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    related_locations: Vec<Location>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Location {
    #[serde(skip_serializing_if = "Option::is_none")]
    id: Option<usize>,
    physical_location: PhysicalLocation,
    #[serde(skip_serializing_if = "Option::is_none")]
    message: Option<Text>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct PhysicalLocation {
    artifact_location: ArtifactLocation,
    region: Region,
}

#[derive(Serialize)]
struct ArtifactLocation {
    uri: String,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Region {
    start_line: usize,
    start_column: usize,
    end_line: usize,
    end_column: usize,
}

fn level(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Note => "note",
    }
}

fn rules() -> Vec<Rule> {
    let mut out: Vec<Rule> = super::registry::CODES
        .iter()
        .map(|e| Rule {
            id: e.code.as_str().into(),
            short_description: Text {
                text: e.title.into(),
            },
            full_description: Text {
                text: e.text.into(),
            },
            default_configuration: Configuration { level: "error" },
        })
        .collect();
    out.extend(super::registry::LINTS.iter().map(|l| Rule {
        id: l.name.into(),
        short_description: Text {
            text: l.summary.into(),
        },
        full_description: Text {
            text: super::registry::explain(l.name).unwrap_or_default(),
        },
        default_configuration: Configuration { level: "warning" },
    }));
    out
}

fn location(
    files: &SourceFiles,
    span: crate::span::Span,
    id: Option<usize>,
    message: Option<String>,
) -> Option<Location> {
    let uri = files.name(span.file).ok()?;
    let start = files.location(span.file, span.start).ok()?;
    let end = files.location(span.file, span.end).ok()?;
    Some(Location {
        id,
        physical_location: PhysicalLocation {
            artifact_location: ArtifactLocation { uri },
            region: Region {
                start_line: start.line_number,
                start_column: start.column_number,
                end_line: end.line_number,
                end_column: end.column_number,
            },
        },
        message: message.map(|text| Text { text }),
    })
}

/// Render diagnostics as one SARIF 2.1.0 log.
pub fn to_sarif(diags: &[Diag], files: &SourceFiles) -> String {
    let mut out = Vec::new();
    let _ = write_sarif(&mut out, diags, files);
    String::from_utf8_lossy(&out).into_owned()
}

/// Write one SARIF 2.1.0 log; results are serialized one at a time as they are written.
pub fn write_sarif(
    w: &mut dyn std::io::Write,
    diags: &[Diag],
    files: &SourceFiles,
) -> std::io::Result<()> {
    let rules = rules();
    let results = Results(diags, files, &rules);
    let log = Log {
        schema: "https://json.schemastore.org/sarif-2.1.0.json",
        version: "2.1.0",
        runs: vec![Run {
            tool: Tool {
                driver: Driver {
                    name: "iamx",
                    version: env!("CARGO_PKG_VERSION"),
                    rules: &rules,
                },
            },
            results,
        }],
    };
    serde_json::to_writer_pretty(&mut *w, &log).map_err(std::io::Error::from)?;
    writeln!(w)
}

/// The results of a run, built from the diagnostics while they are serialized.
struct Results<'a>(&'a [Diag], &'a SourceFiles, &'a [Rule]);

impl Serialize for Results<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let Results(diags, files, rules) = *self;
        s.collect_seq(diags.iter().map(|d| result(d, files, rules)))
    }
}

fn result(d: &Diag, files: &SourceFiles, rules: &[Rule]) -> SarifResult {
    let rule_index = rules
        .iter()
        .position(|r| r.id == d.code.as_str())
        .unwrap_or(0);
    let mut text = d.message.clone();
    if let Some(h) = &d.help {
        text.push_str(&format!(" (help: {h})"));
    }
    SarifResult {
        rule_id: d.code.as_str().into(),
        rule_index,
        level: level(d.severity),
        message: Text { text },
        locations: d
            .primary
            .iter()
            .filter_map(|p| location(files, p.span, None, None))
            .collect(),
        related_locations: d
            .secondary
            .iter()
            .enumerate()
            .filter_map(|(i, l)| location(files, l.span, Some(i + 1), Some(l.message.clone())))
            .collect(),
    }
}
