//! Errors of the parsing stage.

use crate::span::Span;

#[derive(Clone, Debug, PartialEq, thiserror::Error)]
pub enum ParseError {
    #[error("unexpected {found}")]
    Unexpected {
        found: String,
        expected: Vec<String>,
        span: Span,
    },
    #[error("unexpected end of file")]
    Eof { expected: Vec<String>, span: Span },
    #[error("unexpected {found} after the end of the module")]
    Extra { found: String, span: Span },
    #[error("brackets are nested more than {limit} deep")]
    TooDeep { limit: usize, span: Span },
}
