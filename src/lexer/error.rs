//! Errors of the lexing stage, and their diagnostics.

use crate::diag::{Diag, ErrorCode};
use crate::span::{FileId, Span};

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

    /// The diagnostic of this error in `file` (whose span it is when the error has none).
    pub fn to_diag(&self, file: FileId) -> Diag {
        let e = self;
        let span = e.span().unwrap_or(Span::new(file, 0, 0));
        let (code, label) = match e {
            LexError::Unexpected | LexError::BadChar { .. } => {
                (ErrorCode::E0101, "unexpected character")
            }
            LexError::UnterminatedString(_) => (ErrorCode::E0102, "string starts here"),
            LexError::UnterminatedComment(_) => (ErrorCode::E0103, "comment starts here"),
            LexError::BadEscape { .. } => (ErrorCode::E0104, "invalid escape"),
            LexError::BadInterpolation { .. } | LexError::UnterminatedInterpolation(_) => {
                (ErrorCode::E0105, "invalid interpolation")
            }
            LexError::NumberTooLarge { .. } => (ErrorCode::E0106, "too large"),
            LexError::BidiControl { .. } => (ErrorCode::E0107, "reorders the text around it"),
            LexError::IdentTooLong { .. } => (ErrorCode::E0108, "too long"),
        };
        let help = match e {
            LexError::UnterminatedString(_) => Some("close the string with `\"` on the same line"),
            LexError::BadInterpolation { .. } => Some(
                "interpolate a name (`${env}`, `${task.arn}`) or an IAM policy variable (`${aws:username}`)",
            ),
            LexError::BadEscape { .. } => {
                Some("the escapes are \\\" \\\\ \\n \\t \\$ and \\u{HEX}")
            }
            LexError::IdentTooLong { .. } => Some(
                "declaration names become file names and logical ids; set a long IAM name with `name = \"...\"`",
            ),
            LexError::BidiControl { .. } => Some(
                "remove it; if the character is really wanted in a string, write it as an escape such as `\\u{202E}`",
            ),
            _ => None,
        };
        Diag::error(code, e.to_string(), span, label).with_help_opt(help.map(str::to_string))
    }
}
