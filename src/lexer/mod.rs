//! Stage 1, the lexer: source text to tokens with byte offsets (logos).
//!
//! Strings are split here into literal text, `${binding}` interpolations and IAM policy variables
//! (`${aws:username}`, `${*}`), so every later stage sees the distinction.
//!
//! May use: `diag`, `span` (it builds no AST nodes: strings are `LexStr`).

mod error;

pub use error::LexError;

use crate::span::{FileId, Span};
use logos::Logos;
use std::fmt;

/// State the lexer carries: the file id used to build spans.
#[derive(Default, Clone, Copy)]
pub struct Extras {
    pub file: FileId,
}

#[derive(Logos, Clone, Debug, PartialEq)]
#[logos(error(LexError, bad_char))]
#[logos(extras = Extras)]
#[logos(skip r"[ \t\r\n\f]+")]
pub enum Token {
    #[token("use")]
    Use,
    #[token("as")]
    As,
    #[token("param")]
    Param,
    #[token("let")]
    Let,
    #[token("fn")]
    Fn,
    #[token("template")]
    Template,
    #[token("policy")]
    Policy,
    #[token("role")]
    Role,
    #[token("user")]
    User,
    #[token("group")]
    Group,
    #[token("instance_profile")]
    InstanceProfile,
    #[token("oidc_provider")]
    OidcProvider,
    #[token("saml_provider")]
    SamlProvider,
    #[token("test")]
    Test,
    #[token("allow")]
    Allow,
    #[token("deny")]
    Deny,
    #[token("not")]
    Not,
    #[token("on")]
    On,
    #[token("when")]
    When,
    #[token("any")]
    Any,
    #[token("all")]
    All,
    #[token("if")]
    If,
    #[token("present")]
    Present,
    #[token("exists")]
    Exists,
    #[token("like")]
    Like,
    #[token("in")]
    In,
    #[token("trust")]
    Trust,
    #[token("actions")]
    Actions,
    #[token("attach")]
    Attach,
    #[token("inline")]
    Inline,
    #[token("include")]
    Include,
    #[token("true")]
    True,
    #[token("false")]
    False,
    #[token("expect")]
    Expect,
    #[token("can")]
    Can,
    #[token("cannot")]
    Cannot,
    #[token("assumable")]
    Assumable,
    #[token("by")]
    By,
    #[token("with")]
    With,
    #[token("anyone")]
    Anyone,
    /// `subject` and `via` of `trust github subject S via POOL.PROVIDER`: never lexed as such
    /// (they are names everywhere else); the parser turns the two identifiers into these in
    /// that clause only (`parser::contextual`).
    Subject,
    Via,
    /// `to` and `except` of a deny policy's `deny PERMISSIONS to PRINCIPALS except PRINCIPALS`,
    /// made tokens in that clause only, like `subject` and `via`.
    To,
    Except,

    #[token("{")]
    LBrace,
    #[token("}")]
    RBrace,
    #[token("(")]
    LParen,
    #[token(")")]
    RParen,
    #[token("[")]
    LBracket,
    #[token("]")]
    RBracket,
    #[token(",")]
    Comma,
    #[token("=")]
    Assign,
    #[token("==")]
    EqEq,
    #[token("!=")]
    NotEq,
    #[token("<")]
    Lt,
    #[token("<=")]
    Le,
    #[token(">")]
    Gt,
    #[token(">=")]
    Ge,
    #[token("->")]
    Arrow,
    #[token(".")]
    Dot,
    #[token(":")]
    Colon,
    #[token("@")]
    At,
    #[token("*")]
    Star,

    #[regex(r"[A-Za-z_][A-Za-z0-9_]*", |lex| lex.slice().to_string())]
    Ident(String),
    /// `s3:GetObject`, `aws:PrincipalTag/team`, `token.actions.githubusercontent.com:sub`, and
    /// the claims of an OIDC issuer with a path,
    /// `oidc.eks.eu-west-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE:sub` (a `/` in the
    /// prefix is always followed by a name character, so `//` still starts a comment).
    #[regex(r"[A-Za-z][A-Za-z0-9_.\-]*(/[A-Za-z0-9_.\-]+)*:[A-Za-z0-9_*?/.+=@:\-]+", |lex| lex.slice().to_string())]
    QName(String),
    /// A predefined Google Cloud role, `roles/run.developer`, as one token (`target gcp`).
    #[regex(r"roles/[A-Za-z0-9_.]+", |lex| lex.slice().to_string())]
    GcpRole(String),
    /// An Azure operation or operation pattern written bare (`target azure`):
    /// `Microsoft.ContainerRegistry/registries/push/write`, `Microsoft.Storage/*/read`,
    /// `*/read`. A namespace starts with a capital and has a dot; each `/` is followed by a name
    /// or `*`, so `//` and `/*` after a space still start comments.
    #[regex(r"([A-Z][A-Za-z0-9]*(\.[A-Za-z0-9]+)+|\*)(/([A-Za-z0-9_.\-]+|\*))+", |lex| lex.slice().to_string())]
    AzureOp(String),
    #[regex(r"[0-9]+", int)]
    Int(i64),
    #[regex(r"[0-9]+[smhd]", duration)]
    Duration(u64),
    #[token("\"", string)]
    Str(LexStr),
    #[regex(r"///[^\n]*", |lex| lex.slice()[3..].trim().to_string(), allow_greedy = true)]
    DocComment(String),
    #[regex(r"//([^/\n][^\n]*)?", logos::skip, allow_greedy = true)]
    #[token("/*", block_comment)]
    Comment,
}

fn bad_char(lex: &mut logos::Lexer<Token>) -> LexError {
    let span = Span::new(lex.extras.file, lex.span().start, lex.span().end);
    match lex.slice().chars().next() {
        Some(ch) => LexError::BadChar { ch, span },
        None => LexError::Unexpected,
    }
}

fn here(lex: &logos::Lexer<Token>) -> Span {
    Span::new(lex.extras.file, lex.span().start, lex.span().end)
}

fn int(lex: &mut logos::Lexer<Token>) -> Result<i64, LexError> {
    lex.slice().parse().map_err(|_| LexError::NumberTooLarge {
        text: lex.slice().to_string(),
        span: here(lex),
    })
}

fn duration(lex: &mut logos::Lexer<Token>) -> Result<u64, LexError> {
    let s = lex.slice();
    let (num, unit) = s.split_at(s.len() - 1);
    let mult = match unit {
        "s" => 1,
        "m" => 60,
        "h" => 3600,
        _ => 86400,
    };
    num.parse::<u64>()
        .ok()
        .and_then(|n| n.checked_mul(mult))
        .ok_or_else(|| LexError::NumberTooLarge {
            text: s.to_string(),
            span: here(lex),
        })
}

fn block_comment(lex: &mut logos::Lexer<Token>) -> Result<logos::Skip, LexError> {
    match lex.remainder().find("*/") {
        Some(i) => {
            lex.bump(i + 2);
            Ok(logos::Skip)
        }
        None => {
            let start = lex.span().start;
            lex.bump(lex.remainder().len());
            Err(LexError::UnterminatedComment(Span::new(
                lex.extras.file,
                start,
                start + 2,
            )))
        }
    }
}

/// A string literal as the lexer reads it: literal text (escapes decoded), `${name.attr}`
/// interpolations and IAM policy variables. The parser makes it an `ast::StrLit`.
#[derive(Clone, Debug, PartialEq)]
pub struct LexStr {
    pub parts: Vec<LexPart>,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq)]
pub enum LexPart {
    Lit(String),
    /// `${name}` / `${name.attr}`: the names and their spans, and the span of the whole `${...}`.
    Interp {
        segs: Vec<(String, Span)>,
        span: Span,
    },
    /// `${aws:username}`, `${*}`: an IAM policy variable, the text between the braces.
    PolicyVar(String),
}

/// Scan a string literal from just after its opening quote, then split it into parts.
#[expect(
    clippy::indexing_slicing,
    reason = "`i` and `p` stay inside the remainder: `position` found them in it"
)]
fn string(lex: &mut logos::Lexer<Token>) -> Result<LexStr, LexError> {
    let file = lex.extras.file;
    let start = lex.span().start;
    let rest = lex.remainder();
    let bytes = rest.as_bytes();
    let mut i = 0;
    let end = loop {
        match bytes[i..]
            .iter()
            .position(|b| matches!(b, b'"' | b'\\' | b'\n'))
        {
            Some(p) if bytes[i + p] == b'\\' => i += p + 2,
            Some(p) if bytes[i + p] == b'"' => break Some(i + p),
            _ => break None,
        }
        if i >= bytes.len() {
            break None;
        }
    };
    let Some(end) = end else {
        let line_end = rest.find('\n').unwrap_or(rest.len());
        lex.bump(line_end);
        return Err(LexError::UnterminatedString(Span::new(
            file,
            start,
            start + 1,
        )));
    };
    let body = &rest[..end];
    lex.bump(end + 1);
    let parts = split_string(body, file, start + 1)?;
    Ok(LexStr {
        parts,
        span: Span::new(file, start, start + end + 2),
    })
}

/// Decode escapes and split `${...}` segments; `base` is the byte offset of `body` in the file.
#[expect(
    clippy::indexing_slicing,
    reason = "`i` is below `body.len()` (the loop condition)"
)]
pub fn split_string(body: &str, file: FileId, base: usize) -> Result<Vec<LexPart>, LexError> {
    let mut parts = Vec::new();
    let mut lit = String::new();
    let mut i = 0;
    while i < body.len() {
        let rest = &body[i..];
        let Some(p) = rest.find(['\\', '$']) else {
            lit.push_str(rest);
            break;
        };
        lit.push_str(&rest[..p]);
        i += p;
        if body.as_bytes()[i] == b'$' {
            if !body[i..].starts_with("${") {
                lit.push('$');
                i += 1;
                continue;
            }
            let open = i;
            let Some(close) = body[i..].find('}').map(|c| c + i) else {
                return Err(LexError::UnterminatedInterpolation(Span::new(
                    file,
                    base + open,
                    base + open + 2,
                )));
            };
            let span = Span::new(file, base + open, base + close + 1);
            if !lit.is_empty() {
                parts.push(LexPart::Lit(std::mem::take(&mut lit)));
            }
            parts.push(interpolation(
                &body[open + 2..close],
                span,
                base + open + 2,
            )?);
            i = close + 1;
            continue;
        }
        // An escape.
        let Some((c, len)) = escape(body, i, file, base)? else {
            break;
        };
        lit.push(c);
        i += len;
    }
    if !lit.is_empty() {
        parts.push(LexPart::Lit(lit));
    }
    Ok(parts)
}

/// The escape at `body[i..]`, which starts with `\`: the character it stands for and its length
/// in bytes; `None` for a `\` that ends the body.
fn escape(
    body: &str,
    i: usize,
    file: FileId,
    base: usize,
) -> Result<Option<(char, usize)>, LexError> {
    let Some(e) = body[i + 1..].chars().next() else {
        return Ok(None);
    };
    let simple = match e {
        '"' => Some('"'),
        '\\' => Some('\\'),
        'n' => Some('\n'),
        't' => Some('\t'),
        '$' => Some('$'),
        _ => None,
    };
    if let Some(c) = simple {
        return Ok(Some((c, 2)));
    }
    if e == 'u' {
        let after = &body[i + 2..];
        let close = after.find('}');
        let decoded = match (after.strip_prefix('{'), close) {
            (Some(_), Some(close)) => u32::from_str_radix(&after[1..close], 16)
                .ok()
                .and_then(char::from_u32)
                .map(|ch| (ch, close)),
            _ => None,
        };
        let Some((ch, close)) = decoded else {
            let len = close.map_or(2, |c| c + 3).min(body.len() - i);
            let len = (len..=body.len() - i)
                .find(|l| body.is_char_boundary(i + l))
                .unwrap_or(body.len() - i);
            return Err(LexError::BadEscape {
                text: body[i..i + len].to_string(),
                span: Span::new(file, base + i, base + i + len),
            });
        };
        return Ok(Some((ch, 2 + close + 1)));
    }
    let len = 1 + e.len_utf8();
    Err(LexError::BadEscape {
        text: format!("\\{e}"),
        span: Span::new(file, base + i, base + i + len),
    })
}

fn interpolation(inner: &str, span: Span, base: usize) -> Result<LexPart, LexError> {
    if inner.contains(':') || matches!(inner, "*" | "?" | "$") {
        return Ok(LexPart::PolicyVar(inner.to_string()));
    }
    let mut segs = Vec::new();
    let mut off = 0;
    for seg in inner.split('.') {
        let trimmed = seg.trim();
        let valid = trimmed
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
            && trimmed
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '_');
        if !valid {
            return Err(LexError::BadInterpolation {
                text: inner.to_string(),
                span,
            });
        }
        let lead = seg.len() - seg.trim_start().len();
        segs.push((
            trimmed.to_string(),
            Span::new(
                span.file,
                base + off + lead,
                base + off + lead + trimmed.len(),
            ),
        ));
        off += seg.len() + 1;
    }
    Ok(LexPart::Interp { segs, span })
}

pub use crate::diag::is_bidi_control;

/// Tokens as `(start, token, end)` triples for lalrpop, errors in place.
pub fn tokens(
    src: &str,
    file: FileId,
) -> impl Iterator<Item = Result<(usize, Token, usize), LexError>> + '_ {
    let mut lex = Token::lexer_with_extras(src, Extras { file });
    std::iter::from_fn(move || {
        let tok = lex.next()?;
        let span = lex.span();
        Some(match tok {
            Ok(t) => Ok((span.start, t, span.end)),
            Err(LexError::Unexpected) => Err(LexError::BadChar {
                ch: src[span.clone()].chars().next().unwrap_or('?'),
                span: Span::new(file, span.start, span.end),
            }),
            Err(e) => Err(e),
        })
    })
}

impl fmt::Display for Token {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Token::Ident(s) => write!(f, "identifier `{s}`"),
            Token::QName(s) | Token::GcpRole(s) | Token::AzureOp(s) => write!(f, "`{s}`"),
            Token::Int(n) => write!(f, "number `{n}`"),
            Token::Duration(_) => write!(f, "a duration"),
            Token::Str(_) => write!(f, "a string"),
            Token::DocComment(_) => write!(f, "a doc comment"),
            Token::Comment => write!(f, "a comment"),
            other => write!(f, "`{}`", describe_terminal(&format!("{other:?}"))),
        }
    }
}

/// Words for lalrpop's terminal names (`"allow"`, `"{"`, `Ident`) in "expected" lists.
pub fn describe_terminal(name: &str) -> String {
    let unq = name.trim_matches('"');
    match unq {
        "Ident" => "an identifier".into(),
        "QName" => "an action or condition key".into(),
        "GcpRole" => "a predefined role (`roles/NAME`)".into(),
        "AzureOp" => "an Azure operation (`Microsoft.Storage/storageAccounts/read`)".into(),
        "Str" => "a string".into(),
        "Int" => "a number".into(),
        "Duration" => "a duration".into(),
        "DocComment" => "a doc comment".into(),
        _ => {
            let mut s = String::new();
            for (i, c) in unq.chars().enumerate() {
                if c.is_uppercase() && i > 0 {
                    s.push('_');
                }
                s.push(c.to_ascii_lowercase());
            }
            match s.as_str() {
                "l_brace" => "{".into(),
                "r_brace" => "}".into(),
                "l_paren" => "(".into(),
                "r_paren" => ")".into(),
                "l_bracket" => "[".into(),
                "r_bracket" => "]".into(),
                "comma" => ",".into(),
                "assign" => "=".into(),
                "eq_eq" => "==".into(),
                "not_eq" => "!=".into(),
                "lt" => "<".into(),
                "le" => "<=".into(),
                "gt" => ">".into(),
                "ge" => ">=".into(),
                "arrow" => "->".into(),
                "dot" => ".".into(),
                "colon" => ":".into(),
                "at" => "@".into(),
                "star" => "*".into(),
                _ => s,
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn toks(src: &str) -> Vec<Token> {
        tokens(src, 0).filter_map(Result::ok).map(|t| t.1).collect()
    }

    #[test]
    fn qualified_names_are_one_token() {
        assert_eq!(
            toks("s3:Get* aws:PrincipalTag/team token.actions.githubusercontent.com:sub *"),
            vec![
                Token::QName("s3:Get*".into()),
                Token::QName("aws:PrincipalTag/team".into()),
                Token::QName("token.actions.githubusercontent.com:sub".into()),
                Token::Star,
            ]
        );
    }

    #[test]
    fn oidc_issuers_with_a_path_are_one_token() {
        assert_eq!(
            toks(
                "oidc.eks.eu-west-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE:sub x// c:d"
            ),
            vec![
                Token::QName(
                    "oidc.eks.eu-west-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE:sub"
                        .into()
                ),
                Token::Ident("x".into()),
            ]
        );
    }

    #[test]
    fn dotted_paths_are_not_qualified_names() {
        assert_eq!(
            toks("current.account"),
            vec![
                Token::Ident("current".into()),
                Token::Dot,
                Token::Ident("account".into())
            ]
        );
    }

    #[test]
    fn durations_and_doc_comments() {
        assert_eq!(
            toks("/// Hello\n12h 900s // no\n/* x */ 3"),
            vec![
                Token::DocComment("Hello".into()),
                Token::Duration(43200),
                Token::Duration(900),
                Token::Int(3)
            ]
        );
    }

    #[test]
    fn interpolation_and_policy_variables_are_distinct() {
        let parts = split_string("a-${env}/${aws:username}/${*}\\u{41}", 0, 0).unwrap();
        assert!(matches!(&parts[1], LexPart::Interp { segs, .. } if segs[0].0 == "env"));
        assert_eq!(parts[3], LexPart::PolicyVar("aws:username".into()));
        assert_eq!(parts[5], LexPart::PolicyVar("*".into()));
        assert_eq!(parts[6], LexPart::Lit("A".into()));
    }

    #[test]
    fn bad_strings_are_errors() {
        assert!(split_string("${a b}", 0, 0).is_err());
        assert!(split_string("${a", 0, 0).is_err());
        assert!(split_string("\\q", 0, 0).is_err());
        let errs: Vec<_> = tokens("\"abc", 0).filter_map(Result::err).collect();
        assert!(matches!(errs[0], LexError::UnterminatedString(_)));
    }
}
