//! `--error-format json`: one object per diagnostic, documented in docs/diagnostics.md.

use super::{Code, Diag, Severity, SourceFiles};
use crate::span::Span;
use codespan_reporting::files::Files;
use serde::Serialize;

#[derive(Serialize)]
struct JsonLabel {
    file: String,
    line: usize,
    column: usize,
    end_line: usize,
    end_column: usize,
    message: String,
}

/// `--error-format json`: one object per diagnostic; documented in docs/diagnostics.md.
#[derive(Serialize)]
pub struct JsonDiag {
    severity: Severity,
    code: Code,
    message: String,
    file: Option<String>,
    line: Option<usize>,
    column: Option<usize>,
    end_line: Option<usize>,
    end_column: Option<usize>,
    labels: Vec<JsonLabel>,
    help: Option<String>,
    /// What a "did you mean" proposes, where there is a structured fix: present only then.
    #[serde(skip_serializing_if = "Option::is_none")]
    suggestion: Option<JsonSuggestion>,
}

/// A replacement: `text` in place of the range.
#[derive(Serialize)]
struct JsonSuggestion {
    text: String,
    line: usize,
    column: usize,
    end_line: usize,
    end_column: usize,
}

fn suggestion(d: &Diag, files: &SourceFiles) -> Option<JsonSuggestion> {
    let file = d.primary.as_ref()?.span.file;
    let src = files.source(file).ok()?;
    let (span, text) = d.fix(src.as_ref())?;
    let (_, line, column, end_line, end_column) = position(files, span)?;
    Some(JsonSuggestion {
        text: text.to_string(),
        line,
        column,
        end_line,
        end_column,
    })
}

/// A span as (file name, line, column, end line, end column), 1-based.
pub fn position(files: &SourceFiles, span: Span) -> Option<(String, usize, usize, usize, usize)> {
    let name = files.name(span.file).ok()?;
    let start = files.location(span.file, span.start).ok()?;
    let end = files.location(span.file, span.end).ok()?;
    Some((
        name,
        start.line_number,
        start.column_number,
        end.line_number,
        end.column_number,
    ))
}

impl JsonDiag {
    pub fn new(d: &Diag, files: &SourceFiles) -> JsonDiag {
        let pos = d.primary.as_ref().and_then(|p| position(files, p.span));
        let mut labels = Vec::new();
        for l in d.primary.iter().chain(&d.secondary) {
            if let Some((file, line, column, end_line, end_column)) = position(files, l.span) {
                labels.push(JsonLabel {
                    file,
                    line,
                    column,
                    end_line,
                    end_column,
                    message: l.message.clone(),
                });
            }
        }
        JsonDiag {
            severity: d.severity,
            code: d.code,
            message: d.message.clone(),
            file: pos.as_ref().map(|p| p.0.clone()),
            line: pos.as_ref().map(|p| p.1),
            column: pos.as_ref().map(|p| p.2),
            end_line: pos.as_ref().map(|p| p.3),
            end_column: pos.as_ref().map(|p| p.4),
            labels,
            help: d.help.clone(),
            suggestion: suggestion(d, files),
        }
    }
}

/// Render diagnostics as the JSON array of `--error-format json`.
pub fn to_json(diags: &[Diag], files: &SourceFiles) -> String {
    let mut out = Vec::new();
    let _ = write_json(&mut out, diags, files);
    String::from_utf8_lossy(&out).into_owned()
}

/// Write the JSON array of `--error-format json`, one diagnostic at a time.
pub fn write_json(
    w: &mut dyn std::io::Write,
    diags: &[Diag],
    files: &SourceFiles,
) -> std::io::Result<()> {
    struct Each<'a>(&'a [Diag], &'a SourceFiles);
    impl Serialize for Each<'_> {
        fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
            s.collect_seq(self.0.iter().map(|d| JsonDiag::new(d, self.1)))
        }
    }
    serde_json::to_writer_pretty(&mut *w, &Each(diags, files)).map_err(std::io::Error::from)?;
    writeln!(w)
}
