//! Errors of name resolution and module loading.

use crate::span::Span;

#[derive(Clone, Debug, PartialEq, thiserror::Error)]
pub enum ResolveError {
    #[error("`{name}` is defined more than once")]
    Duplicate {
        name: String,
        span: Span,
        first: Span,
    },
    #[error("cannot find `{name}` in this module")]
    Undefined {
        name: String,
        span: Span,
        suggestion: Option<String>,
    },
    #[error("cannot read module `{path}`: {reason}")]
    ModuleNotFound {
        path: String,
        reason: String,
        span: Span,
    },
    #[error("module `{path}` imports itself: {chain}")]
    ImportCycle {
        path: String,
        chain: String,
        span: Span,
    },
    #[error("cannot import `{path}`: {reason}")]
    OutsideProject {
        path: String,
        reason: String,
        span: Span,
    },
    #[error("cannot import `{path}`: it is not an iamx source")]
    NotSource { path: String, span: Span },
    #[error("imports nest more than {limit} modules deep at `{path}`")]
    ImportsTooDeep {
        path: String,
        limit: usize,
        span: Span,
    },
    #[error("there is no standard module `{name}`")]
    UnknownStd {
        name: String,
        span: Span,
        suggestion: Option<String>,
    },
}

impl ResolveError {
    pub fn to_diag(&self) -> crate::diag::Diag {
        use crate::diag::{Diag, ErrorCode};
        let msg = self.to_string();
        match self {
            ResolveError::Duplicate { span, first, .. } => {
                Diag::error(ErrorCode::E0302, msg, *span, "defined again here")
                    .with_label(*first, "first defined here")
                    .with_help("rename one of them; names are unique per module")
            }
            ResolveError::Undefined {
                span, suggestion, ..
            } => Diag::error(ErrorCode::E0301, msg, *span, "not found")
                .with_help_opt(suggestion.as_ref().map(|s| format!("did you mean `{s}`?")))
                .with_suggestion(suggestion.clone()),
            ResolveError::ModuleNotFound { span, .. } => {
                Diag::error(ErrorCode::E0304, msg, *span, "imported here")
                    .with_help("paths are relative to the importing file")
            }
            ResolveError::ImportCycle { span, .. } => {
                Diag::error(ErrorCode::E0305, msg, *span, "this import closes the cycle")
                    .with_help("move what both modules need into a third module")
            }
            ResolveError::OutsideProject { span, .. } => {
                Diag::error(ErrorCode::E0308, msg, *span, "imported here").with_help(
                    "imports are relative paths to `.iamx` files inside the project root (the directory of the files on the command line, or `--root DIR`)",
                )
            }
            ResolveError::NotSource { span, .. } => {
                Diag::error(ErrorCode::E0310, msg, *span, "imported here")
                    .with_help("a module is a file whose name ends in `.iamx`")
            }
            ResolveError::ImportsTooDeep { span, .. } => {
                Diag::error(ErrorCode::E0311, msg, *span, "too deep here")
                    .with_help("import the modules you need directly instead of through a chain")
            }
            ResolveError::UnknownStd {
                span, suggestion, ..
            } => Diag::error(ErrorCode::E0306, msg, *span, "unknown module").with_help(match suggestion {
                Some(s) => format!("did you mean `{s}`?"),
                None => format!(
                    "the standard modules are {}",
                    crate::stdlib::names().join(", ")
                ),
            })
            .with_suggestion(suggestion.clone()),
        }
    }
}
