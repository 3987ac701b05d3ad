//! Errors of the parsing stage, and their diagnostics.

use crate::diag::{Diag, ErrorCode};
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

fn expected_words(expected: &[String]) -> Option<String> {
    match expected {
        [] => None,
        [one] => Some(format!("expected {one}")),
        many if many.len() > 8 => {
            let first: Vec<&str> = many.iter().take(8).map(String::as_str).collect();
            Some(format!("expected one of {}, …", first.join(", ")))
        }
        many => Some(format!("expected one of {}", many.join(", "))),
    }
}

impl ParseError {
    /// The diagnostic of this error.
    pub fn to_diag(&self) -> Diag {
        let e = self;
        match e {
            ParseError::Unexpected {
                found,
                expected,
                span,
            } => Diag::error(
                ErrorCode::E0201,
                format!("unexpected {found}"),
                *span,
                "unexpected here",
            )
            .with_help_opt(expected_words(expected)),
            ParseError::Eof { expected, span } => Diag::error(
                ErrorCode::E0202,
                "unexpected end of file",
                *span,
                "the file ends here",
            )
            .with_help_opt(expected_words(expected)),
            ParseError::Extra { found, span } => Diag::error(
                ErrorCode::E0203,
                format!("unexpected {found} after the end of the module"),
                *span,
                "unexpected here",
            ),
            ParseError::TooDeep { span, .. } => {
                Diag::error(ErrorCode::E0204, e.to_string(), *span, "too deep here")
                    .with_help("flatten the value; lists of lists are spliced anyway")
            }
        }
    }
}
