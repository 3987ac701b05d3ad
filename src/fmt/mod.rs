//! The formatter (`iamx fmt`), a stage beside the compiler's pipeline: it reads the lexer's
//! tokens and the parser's AST, and nothing later (no resolution, checks, lints or backends).
//!
//! [`format`] parses the source, collects the comments and empty lines the AST does not hold
//! into a side table ([`trivia`]), lays the module out as a document ([`layout`], [`expr`]) and
//! prints it to [`WIDTH`] columns ([`doc`]). Before it returns, it parses what it printed and
//! checks that the module is the same but for spans ([`same`]) and that every comment and doc
//! comment is still there; otherwise it returns an internal error and no text, so a formatter
//! bug can never change what a file means or lose a comment. (When the printed text is the
//! source itself there is nothing to check.)
//!
//! May use: `ast`, `diag`, `lexer`, `parser`, `span`.

mod doc;
mod expr;
mod items;
mod layout;
mod same;
mod trivia;

use crate::diag::{Diag, ErrorCode};
use crate::parser::{self, FrontErrors};
use crate::span::FileId;

/// The line width the layout keeps to where it can (long strings and names can exceed it).
pub const WIDTH: usize = 100;

/// Why a source was not formatted.
#[derive(Debug)]
pub enum FmtError {
    /// The source does not parse: it is left as it is.
    Syntax(FrontErrors),
    /// The formatter would have changed the module; a bug in the formatter.
    Internal(Internal),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Internal {
    /// The formatted text does not parse.
    Unparsable,
    /// The formatted text parses to a different module.
    Changed,
    /// A comment or doc comment is missing or was altered.
    Comments,
}

impl Internal {
    fn what(self) -> &'static str {
        match self {
            Internal::Unparsable => "the formatted text would not parse",
            Internal::Changed => "the formatted text would mean something else",
            Internal::Comments => "the formatted text would lose or alter a comment",
        }
    }
}

impl FmtError {
    /// The diagnostics to show for `name`, whose source has id `file`.
    pub fn to_diags(&self, name: &str, file: FileId) -> Vec<Diag> {
        match self {
            FmtError::Syntax(errs) => errs
                .lex
                .iter()
                .map(|e| e.to_diag(file))
                .chain(errs.parse.iter().map(|e| e.to_diag()))
                .collect(),
            FmtError::Internal(i) => vec![
                Diag::global(
                    ErrorCode::E0806,
                    format!("cannot format `{name}`: {}", i.what()),
                )
                .with_help(
                    "the file was left as it was; this is a bug in iamx fmt, please report it with the file",
                ),
            ],
        }
    }
}

/// The canonical layout of `src` (file id `file` in the spans of syntax errors).
pub fn format(src: &str, file: FileId) -> Result<String, FmtError> {
    let (mut module, errs) = parser::parse(src, file);
    if !errs.is_empty() {
        return Err(FmtError::Syntax(errs));
    }
    let trivia = trivia::Trivia::collect(src).ok_or(FmtError::Internal(Internal::Unparsable))?;
    let before = trivia.all_comments();
    let mut printer = doc::Printer::new(WIDTH);
    layout::Layout::new(trivia).module(&module, |d| printer.print(&d));
    let out = printer.finish();
    // Already in the canonical layout: the text is the source itself, so it means the same
    // and keeps every comment without parsing it again (every file of a formatted project, and
    // each save of a formatted document in an editor).
    if out == src {
        return Ok(out);
    }
    let (mut again, errs) = parser::parse(&out, file);
    if !errs.is_empty() {
        return Err(FmtError::Internal(Internal::Unparsable));
    }
    if !same::same_module(&mut module, &mut again) {
        return Err(FmtError::Internal(Internal::Changed));
    }
    let after = trivia::Trivia::collect(&out).map(|t| t.all_comments());
    if after.is_none_or(|after| after != before) {
        return Err(FmtError::Internal(Internal::Comments));
    }
    Ok(out)
}
