//! Stage 2, the parser: tokens to an AST with spans (lalrpop, error-recovering).
//!
//! Lex errors are reported and their tokens dropped (a bad string becomes an empty one), so the
//! parser always sees the whole file and one run reports every syntax error.

mod error;

pub use error::ParseError;

use crate::ast::{Module, StrLit};
use crate::lexer::{self, LexError, Token, describe_terminal};
use crate::span::{FileId, Span};
use lalrpop_util::{ErrorRecovery, lalrpop_mod};

lalrpop_mod!(
    #[allow(
        clippy::all,
        clippy::pedantic,
        unused,
        clippy::unwrap_used,
        clippy::expect_used,
        clippy::panic
    )]
    grammar,
    "/iamx.rs"
);

/// How deep `(`, `[` and `{` may nest.
pub const MAX_NESTING: usize = 128;

/// The longest identifier (IAM names are at most 64 or 128 characters; identifiers become
/// file names and logical ids).
pub const MAX_IDENT: usize = 128;

/// Lex and parse errors kept per file (the driver shows fewer still).
pub const MAX_ERRORS: usize = 1000;

/// Everything the front end found wrong in one file.
#[derive(Debug, Default)]
pub struct FrontErrors {
    pub lex: Vec<LexError>,
    pub parse: Vec<ParseError>,
}

impl FrontErrors {
    pub fn is_empty(&self) -> bool {
        self.lex.is_empty() && self.parse.is_empty()
    }
}

/// Parse one source file. Always returns a module (possibly partial) and every error found.
pub fn parse(src: &str, file: FileId) -> (Module, FrontErrors) {
    let mut errs = FrontErrors::default();
    // Bidirectional controls reorder how a line is displayed (Trojan Source): refused in
    // strings and comments, and anywhere else they are no token either.
    for (i, ch) in src
        .char_indices()
        .filter(|(_, c)| lexer::is_bidi_control(*c))
    {
        let span = Span::new(file, i, i + ch.len_utf8());
        let full = errs.lex.len() >= MAX_ERRORS;
        match errs.lex.last_mut() {
            Some(LexError::BidiControl { span: prev, .. }) if prev.end == span.start => {
                prev.end = span.end;
            }
            _ if !full => errs.lex.push(LexError::BidiControl { ch, span }),
            _ => {}
        }
    }
    let mut toks = Vec::new();
    for t in lexer::tokens(src, file) {
        match t {
            Ok(t) => toks.push(t),
            Err(e) => {
                // Keep a string token in place of a bad string so the statement still parses.
                if let LexError::BadEscape { span, .. }
                | LexError::BadInterpolation { span, .. }
                | LexError::UnterminatedInterpolation(span) = &e
                {
                    let s = StrLit {
                        parts: vec![],
                        span: *span,
                    };
                    toks.push((span.start, Token::Str(s), span.end));
                }
                // A number too large still stands where it was written (no echo errors).
                if let LexError::NumberTooLarge { text, span } = &e {
                    let t = if text.ends_with(|c: char| c.is_ascii_alphabetic()) {
                        Token::Duration(0)
                    } else {
                        Token::Int(0)
                    };
                    toks.push((span.start, t, span.end));
                }
                if let LexError::UnterminatedString(span) = &e {
                    let s = StrLit {
                        parts: vec![],
                        span: *span,
                    };
                    toks.push((span.start, Token::Str(s), span.end));
                }
                if let LexError::BadChar { ch, .. } = &e {
                    if lexer::is_bidi_control(*ch) {
                        continue;
                    }
                }
                // A run of unexpected characters is one error, not one per character.
                if let (
                    LexError::BadChar { span, .. },
                    Some(LexError::BadChar { span: prev, .. }),
                ) = (&e, errs.lex.last_mut())
                {
                    if prev.end == span.start {
                        prev.end = span.end;
                        continue;
                    }
                }
                if errs.lex.len() < MAX_ERRORS {
                    errs.lex.push(e);
                }
            }
        }
    }
    // Names become file names and logical ids: refuse absurd lengths here, with a span.
    for (l, t, r) in &toks {
        if let Token::Ident(name) = t {
            if name.len() > MAX_IDENT && errs.lex.len() < MAX_ERRORS {
                errs.lex.push(LexError::IdentTooLong {
                    len: name.len(),
                    limit: MAX_IDENT,
                    span: Span::new(file, *l, *r),
                });
            }
        }
    }
    // Later stages walk the tree recursively; refuse absurd nesting instead of overflowing.
    let mut depth = 0usize;
    for (l, t, r) in &toks {
        match t {
            Token::LBrace | Token::LParen | Token::LBracket => depth += 1,
            Token::RBrace | Token::RParen | Token::RBracket => depth = depth.saturating_sub(1),
            _ => {}
        }
        if depth > MAX_NESTING {
            errs.parse.push(ParseError::TooDeep {
                limit: MAX_NESTING,
                span: Span::new(file, *l, *r),
            });
            return (Module::default(), errs);
        }
    }
    let mut recovered: Vec<ErrorRecovery<usize, Token, LexError>> = Vec::new();
    let result = grammar::ModuleParser::new().parse(
        file,
        &mut recovered,
        toks.into_iter().map(Ok::<_, LexError>),
    );
    let module = match result {
        Ok(m) => m,
        Err(e) => {
            errs.parse.push(convert(e, file, src.len()));
            Module::default()
        }
    };
    for r in recovered.into_iter().take(MAX_ERRORS) {
        errs.parse.push(convert(r.error, file, src.len()));
    }
    errs.parse.sort_by_key(|e| match e {
        ParseError::Unexpected { span, .. }
        | ParseError::Eof { span, .. }
        | ParseError::Extra { span, .. }
        | ParseError::TooDeep { span, .. } => span.start,
    });
    errs.parse.dedup();
    (module, errs)
}

type LalrError = lalrpop_util::ParseError<usize, Token, LexError>;

fn convert(e: LalrError, file: FileId, len: usize) -> ParseError {
    match e {
        LalrError::InvalidToken { location } => ParseError::Unexpected {
            found: "token".into(),
            expected: vec![],
            span: Span::new(file, location, location + 1),
        },
        LalrError::UnrecognizedEof { location, expected } => ParseError::Eof {
            expected: words(&expected),
            span: Span::new(file, location.min(len), location.min(len)),
        },
        LalrError::UnrecognizedToken {
            token: (l, t, r),
            expected,
        } => ParseError::Unexpected {
            found: t.to_string(),
            expected: words(&expected),
            span: Span::new(file, l, r),
        },
        LalrError::ExtraToken { token: (l, t, r) } => ParseError::Extra {
            found: t.to_string(),
            span: Span::new(file, l, r),
        },
        LalrError::User { error } => ParseError::Unexpected {
            found: error.to_string(),
            expected: vec![],
            span: error.span().unwrap_or_default(),
        },
    }
}

/// Turn lalrpop's terminal names into readable words, grouping the long lists: everything that
/// starts a value becomes "a value", every declaration keyword "a declaration", the words that
/// may follow `trust` "a trust kind".
fn words(expected: &[String]) -> Vec<String> {
    let names: Vec<&str> = expected.iter().map(|e| e.trim_matches('"')).collect();
    let has = |n: &str| names.contains(&n);
    let mut groups: Vec<(&str, &[&str])> = Vec::new();
    if has("use") && has("role") && has("policy") {
        groups.push((
            "a declaration",
            &[
                "use",
                "param",
                "let",
                "fn",
                "template",
                "policy",
                "role",
                "user",
                "group",
                "instance_profile",
                "oidc_provider",
                "saml_provider",
                "test",
            ],
        ));
    }
    if has("Str") && has("Int") && has("[") {
        groups.push((
            "a value",
            &[
                "Str", "Int", "Duration", "true", "false", "{", "[", "*", "Ident", "QName",
            ],
        ));
    }
    if has("anyone") {
        groups.push((
            "a trust kind (service, account, role, user, oidc, saml, federated, anyone)",
            &["anyone", "Ident", "policy", "role", "user", "group", "test"],
        ));
    }
    let mut out: Vec<String> = groups.iter().map(|(w, _)| (*w).to_string()).collect();
    for n in &names {
        if groups.iter().any(|(_, members)| members.contains(n)) {
            continue;
        }
        let w = describe_terminal(n);
        let w = if w.starts_with("a ") || w.starts_with("an ") {
            w
        } else {
            format!("`{w}`")
        };
        if !out.contains(&w) {
            out.push(w);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_a_role_with_everything() {
        let src = r#"
            /// doc
            role task {
              name = "x"
              trust service "ecs-tasks.amazonaws.com" when aws:SourceAccount == current.account
              trust anyone actions sts:AssumeRole when any aws:PrincipalOrgPaths like "o-*" if present
              attach aws_managed("ReadOnlyAccess"), pol
              inline read(bucket)
              @allow(wildcard_resource, reason = "x")
              inline logs { @sid("A") allow not s3:Get*, s3:List* on not *, "arn:aws:s3:::b"
                 when StringEqualsIgnoreCase(aws:username, "a", "b") when aws:TagKeys not exists }
              tags = { a: "b", "c-d": 1, e:f }
            }
        "#;
        let (m, errs) = parse(src, 0);
        assert!(errs.is_empty(), "{errs:?}");
        assert_eq!(m.decls.len(), 1);
        assert_eq!(
            m.decls[0].doc.as_ref().map(|d| d.node.as_str()),
            Some("doc")
        );
    }

    #[test]
    fn recovers_and_reports_every_error() {
        let src = "role a { name = }\npolicy b { allow s3:GetObject on * }\nrole c { trust }\n";
        let (m, errs) = parse(src, 0);
        assert_eq!(errs.parse.len(), 2, "{:?}", errs.parse);
        assert!(m.decls.iter().any(|d| d.name.name == "b"));
    }

    /// Issue 8.22: equal messages on different lines are two errors, not one.
    #[test]
    fn similar_errors_on_different_lines_are_all_reported() {
        let src = "role a { name = }\nrole b { name = }\nrole c { name = }\n";
        let (_, errs) = parse(src, 0);
        let lines: Vec<usize> = errs
            .parse
            .iter()
            .map(|e| match e {
                ParseError::Unexpected { span, .. } => src[..span.start].lines().count(),
                other => panic!("{other:?}"),
            })
            .collect();
        assert_eq!(lines, [1, 2, 3], "{:?}", errs.parse);
    }

    #[test]
    fn lex_errors_do_not_stop_parsing() {
        let (m, errs) = parse("let a = \"${x y}\"\nlet b = 1 ~\nlet c = 2", 0);
        assert_eq!(errs.lex.len(), 2);
        assert!(m.decls.iter().any(|d| d.name.name == "c"));
    }
}
