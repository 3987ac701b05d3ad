//! Diagnostics shared by every stage: one model, one conversion to codespan's `Diagnostic`, and
//! the machine formats (`--error-format json`) used by CI and editors.

mod human;
pub mod registry;
pub mod sarif;

pub use human::{MAX_LINE, MAX_TEXT, clean, needs_escape, write_human};

use crate::span::{FileId, Span};
use codespan_reporting::diagnostic::{Diagnostic, Label as CsLabel, LabelStyle};
use codespan_reporting::files::{Files, SimpleFiles};
use serde::Serialize;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Label {
    pub span: Span,
    pub message: String,
}

/// One diagnostic: a code (`E0301`) or lint name, a one-line message, a primary span, secondary
/// labels and an optional help line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diag {
    pub severity: Severity,
    pub code: String,
    pub message: String,
    /// `None` only for diagnostics that are about no source at all (a missing file, a flag).
    pub primary: Option<Label>,
    pub secondary: Vec<Label>,
    pub help: Option<String>,
}

impl Diag {
    pub fn error(
        code: &str,
        message: impl Into<String>,
        span: Span,
        label: impl Into<String>,
    ) -> Diag {
        Diag {
            severity: Severity::Error,
            code: code.to_string(),
            message: message.into(),
            primary: Some(Label {
                span,
                message: label.into(),
            }),
            secondary: vec![],
            help: None,
        }
    }

    pub fn warning(
        lint: &str,
        message: impl Into<String>,
        span: Span,
        label: impl Into<String>,
    ) -> Diag {
        Diag {
            severity: Severity::Warning,
            ..Diag::error(lint, message, span, label)
        }
    }

    /// A diagnostic with no source location (I/O, command-line values).
    pub fn global(code: &str, message: impl Into<String>) -> Diag {
        Diag {
            severity: Severity::Error,
            code: code.to_string(),
            message: message.into(),
            primary: None,
            secondary: vec![],
            help: None,
        }
    }

    pub fn with_help(mut self, help: impl Into<String>) -> Diag {
        self.help = Some(help.into());
        self
    }

    pub fn with_help_opt(mut self, help: Option<String>) -> Diag {
        self.help = help;
        self
    }

    pub fn with_label(mut self, span: Span, message: impl Into<String>) -> Diag {
        self.secondary.push(Label {
            span,
            message: message.into(),
        });
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// The codespan form, used by the terminal renderer and the language server.
    pub fn to_codespan(&self) -> Diagnostic<FileId> {
        let base = match self.severity {
            Severity::Error => Diagnostic::error(),
            Severity::Warning => Diagnostic::warning(),
        };
        let mut labels = Vec::new();
        if let Some(p) = &self.primary {
            labels.push(
                CsLabel::new(LabelStyle::Primary, p.span.file, p.span.range())
                    .with_message(&p.message),
            );
        }
        for l in &self.secondary {
            labels.push(
                CsLabel::new(LabelStyle::Secondary, l.span.file, l.span.range())
                    .with_message(&l.message),
            );
        }
        let mut d = base
            .with_code(&self.code)
            .with_message(&self.message)
            .with_labels(labels);
        if let Some(h) = &self.help {
            d = d.with_notes(vec![format!("help: {h}")]);
        }
        d
    }
}

/// Order diagnostics by file and position (errors of one place before its warnings).
pub fn sort(diags: &mut [Diag]) {
    diags.sort_by_key(|d| {
        let (f, s) = d
            .primary
            .as_ref()
            .map_or((usize::MAX, 0), |p| (p.span.file, p.span.start));
        (f, s, d.severity, d.code.clone())
    });
}

/// The source files of one compilation, by id.
pub type SourceFiles = SimpleFiles<String, String>;

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
    code: String,
    message: String,
    file: Option<String>,
    line: Option<usize>,
    column: Option<usize>,
    end_line: Option<usize>,
    end_column: Option<usize>,
    labels: Vec<JsonLabel>,
    help: Option<String>,
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
            code: d.code.clone(),
            message: d.message.clone(),
            file: pos.as_ref().map(|p| p.0.clone()),
            line: pos.as_ref().map(|p| p.1),
            column: pos.as_ref().map(|p| p.2),
            end_line: pos.as_ref().map(|p| p.3),
            end_column: pos.as_ref().map(|p| p.4),
            labels,
            help: d.help.clone(),
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

/// Render diagnostics for a terminal (or a snapshot, with `color` off).
pub fn to_human(diags: &[Diag], files: &SourceFiles, color: bool) -> String {
    use codespan_reporting::term::termcolor::Buffer;
    let mut buf = if color {
        Buffer::ansi()
    } else {
        Buffer::no_color()
    };
    let _ = write_human(&mut buf, diags, files);
    String::from_utf8_lossy(buf.as_slice()).into_owned()
}

/// At most this many diagnostics are shown per file; the rest are counted in one closing
/// diagnostic.
pub const MAX_PER_FILE: usize = 100;

/// Bound what is reported: messages, labels and help lines cut to [`MAX_TEXT`] characters, and
/// after [`MAX_PER_FILE`] diagnostics of one file a single "N more" diagnostic (error E0805 when
/// an error was held back). `diags` are sorted by file.
/// How many diagnostics [`limit`] held back.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Hidden {
    pub errors: usize,
    pub warnings: usize,
}

pub fn limit(diags: Vec<Diag>, files: &SourceFiles) -> (Vec<Diag>, Hidden) {
    let cut = |s: &mut String| {
        if let Some((i, _)) = s.char_indices().nth(MAX_TEXT) {
            s.truncate(i);
            s.push('…');
        }
    };
    let mut out: Vec<Diag> = Vec::new();
    let mut hidden: Vec<(Option<FileId>, usize, usize)> = Vec::new();
    let mut shown: std::collections::HashMap<Option<FileId>, usize> = Default::default();
    for mut d in diags {
        let file = d.primary.as_ref().map(|p| p.span.file);
        let n = shown.entry(file).or_default();
        if *n >= MAX_PER_FILE {
            match hidden.iter_mut().find(|h| h.0 == file) {
                Some(h) if d.is_error() => h.1 += 1,
                Some(h) => h.2 += 1,
                None => hidden.push((file, usize::from(d.is_error()), usize::from(!d.is_error()))),
            }
            continue;
        }
        *n += 1;
        cut(&mut d.message);
        for l in d.primary.iter_mut().chain(d.secondary.iter_mut()) {
            cut(&mut l.message);
        }
        if let Some(h) = d.help.as_mut() {
            cut(h);
        }
        out.push(d);
    }
    let mut total = Hidden::default();
    for (file, errors, warnings) in hidden {
        total.errors += errors;
        total.warnings += warnings;
        let name = file.and_then(|f| files.name(f).ok()).unwrap_or_default();
        let count = |n: usize, what: &str| match n {
            0 => None,
            1 => Some(format!("1 more {what}")),
            n => Some(format!("{n} more {what}s")),
        };
        let what: Vec<String> = [count(errors, "error"), count(warnings, "warning")]
            .into_iter()
            .flatten()
            .collect();
        let mut d = Diag::global(
            "E0805",
            format!("{} in `{name}` not shown", what.join(" and ")),
        )
        .with_help(format!(
            "iamx shows at most {MAX_PER_FILE} diagnostics per file; fix the ones above first"
        ));
        if errors == 0 {
            d.severity = Severity::Warning;
        }
        out.push(d);
    }
    (out, total)
}
