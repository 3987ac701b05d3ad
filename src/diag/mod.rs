//! Diagnostics, used by every stage (and using only [`crate::span`]): one model ([`Diag`]), a
//! typed identity ([`Code`]: an [`ErrorCode`] or a [`Lint`]), one registry of titles and
//! explanations ([`registry`], read by `iamx explain`), and the renderers the CLI and the
//! language server share: human (`human.rs`), json ([`json`]) and sarif ([`sarif`]). Each stage
//! converts its own error enums into [`Diag`]s.

mod code;
mod human;
pub mod json;
pub mod registry;
pub mod sarif;

pub use code::Code;
pub use human::{MAX_LINE, MAX_TEXT, clean, is_bidi_control, needs_escape, write_human};
pub use json::{JsonDiag, position, to_json, write_json};
pub use registry::{ErrorCode, Lint};

use crate::span::{FileId, Span};
use codespan_reporting::diagnostic::{Diagnostic, Label as CsLabel, LabelStyle};
use codespan_reporting::files::{Files, SimpleFiles};
use serde::Serialize;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
    /// Information that never fails a run (`iamx diff`: a narrowing).
    Note,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Label {
    pub span: Span,
    pub message: String,
}

/// One diagnostic: a code (`E0301`) or lint, a one-line message, a primary span, secondary
/// labels and an optional help line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diag {
    pub severity: Severity,
    pub code: Code,
    pub message: String,
    /// `None` only for diagnostics that are about no source at all (a missing file, a flag).
    pub primary: Option<Label>,
    pub secondary: Vec<Label>,
    pub help: Option<String>,
    /// What a "did you mean" proposes, for an editor's quick fix; shown only through `help`,
    /// so rendering does not change.
    pub suggestion: Option<Suggestion>,
}

/// A replacement of the primary span's text, or of a part of it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Suggestion {
    /// What to replace: the whole primary span (`None`), or the first occurrence of this text
    /// in it (a misspelt `${aws:usernam}` inside a string).
    pub part: Option<String>,
    /// The replacement.
    pub text: String,
}

impl Diag {
    pub fn error(
        code: ErrorCode,
        message: impl Into<String>,
        span: Span,
        label: impl Into<String>,
    ) -> Diag {
        Diag::new(Severity::Error, code.into(), message, span, label)
    }

    fn new(
        severity: Severity,
        code: Code,
        message: impl Into<String>,
        span: Span,
        label: impl Into<String>,
    ) -> Diag {
        Diag {
            severity,
            code,
            message: message.into(),
            primary: Some(Label {
                span,
                message: label.into(),
            }),
            secondary: vec![],
            help: None,
            suggestion: None,
        }
    }

    /// A lint's warning.
    pub fn warning(
        lint: Lint,
        message: impl Into<String>,
        span: Span,
        label: impl Into<String>,
    ) -> Diag {
        Diag::new(Severity::Warning, lint.into(), message, span, label)
    }

    /// A diagnostic with no source location (I/O, command-line values).
    pub fn global(code: ErrorCode, message: impl Into<String>) -> Diag {
        Diag {
            severity: Severity::Error,
            code: code.into(),
            message: message.into(),
            primary: None,
            secondary: vec![],
            help: None,
            suggestion: None,
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

    /// The replacement text for the primary span that a "did you mean" help proposes.
    pub fn with_suggestion(mut self, suggestion: Option<String>) -> Diag {
        self.suggestion = suggestion.map(|text| Suggestion { part: None, text });
        self
    }

    /// The replacement of `part`, a piece of the primary span's text.
    pub fn with_suggestion_in(mut self, part: String, suggestion: Option<String>) -> Diag {
        self.suggestion = suggestion.map(|text| Suggestion {
            part: Some(part),
            text,
        });
        self
    }

    /// Where the suggestion applies and what it writes there, given the text of the primary
    /// span's file.
    pub fn fix<'a>(&'a self, src: &str) -> Option<(Span, &'a str)> {
        let p = self.primary.as_ref()?;
        let s = self.suggestion.as_ref()?;
        let Some(part) = &s.part else {
            return Some((p.span, &s.text));
        };
        let at = src.get(p.span.range())?.find(part.as_str())?;
        let start = p.span.start + at;
        Some((Span::new(p.span.file, start, start + part.len()), &s.text))
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
            Severity::Note => Diagnostic::note(),
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
            .with_code(self.code.as_str())
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
        (f, s, d.severity, d.code.as_str())
    });
}

/// The source files of one compilation, by id.
pub type SourceFiles = SimpleFiles<String, String>;

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
            ErrorCode::E0805,
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
