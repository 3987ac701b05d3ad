//! Errors of the lexing stage.

use crate::span::Span;

#[derive(Clone, Debug, PartialEq, Default, thiserror::Error)]
pub enum LexError {
    #[default]
    #[error("unexpected character")]
    Unexpected,
    #[error("unterminated string")]
    UnterminatedString(Span),
    #[error("unterminated block comment")]
    UnterminatedComment(Span),
    #[error("invalid escape `{text}` in string")]
    BadEscape { text: String, span: Span },
    #[error("unterminated `${{` in string")]
    UnterminatedInterpolation(Span),
    #[error("invalid interpolation `${{{text}}}`")]
    BadInterpolation { text: String, span: Span },
    #[error("unexpected character `{ch}`")]
    BadChar { ch: char, span: Span },
    #[error("text direction control character `{}` in the source", ch.escape_unicode())]
    BidiControl { ch: char, span: Span },
    #[error("identifier of {len} characters is too long (at most {limit})")]
    IdentTooLong {
        len: usize,
        limit: usize,
        span: Span,
    },
    #[error("number `{text}` is too large")]
    NumberTooLarge { text: String, span: Span },
}

impl LexError {
    pub fn span(&self) -> Option<Span> {
        match self {
            LexError::Unexpected => None,
            LexError::UnterminatedString(s) | LexError::UnterminatedComment(s) => Some(*s),
            LexError::UnterminatedInterpolation(s) => Some(*s),
            LexError::BadEscape { span, .. }
            | LexError::BadInterpolation { span, .. }
            | LexError::BadChar { span, .. }
            | LexError::BidiControl { span, .. }
            | LexError::IdentTooLong { span, .. }
            | LexError::NumberTooLarge { span, .. } => Some(*span),
        }
    }
}
