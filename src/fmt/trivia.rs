//! The formatter's side table of trivia (stage: formatting; reads the lexer's tokens): every
//! token's byte range, and the comments and blank lines between tokens, which the lexer skips and
//! the AST does not hold (Gleam's `ModuleExtra`).
//!
//! The layout pulls comments out of the table by position while it builds the document: a
//! comment is printed before the first token that follows it in the source, or, when it ended a
//! line of code, at the end of that line. Every comment is pulled exactly once; whatever is left
//! at the end of the module is printed there.

use super::doc::Doc;
use crate::lexer::{self, Token};

/// The few token kinds the layout looks for by position.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    DocComment,
    LBrace,
    Other,
}

#[derive(Clone, Copy, Debug)]
pub struct Tok {
    pub start: usize,
    pub end: usize,
    pub kind: Kind,
    /// An empty line separates the token from the code or comment before it.
    pub blank_before: bool,
}

/// A `//` or `/* */` comment.
#[derive(Clone, Copy, Debug)]
pub struct Comment<'a> {
    pub start: usize,
    /// The text, without trailing white space.
    pub text: &'a str,
    /// It follows code on the same line (`allow s3:GetObject on * // why`).
    pub trailing: bool,
    /// An empty line separates it from the code or comment before it.
    pub blank_before: bool,
}

impl Comment<'_> {
    fn is_line(&self) -> bool {
        self.text.starts_with("//")
    }
}

/// Tokens and comments of one source, and how far the layout has taken comments.
pub struct Trivia<'a> {
    src: &'a str,
    toks: Vec<Tok>,
    comments: Vec<Comment<'a>>,
    next: usize,
    /// Nothing has been printed since an opening brace or bracket: no empty line here.
    at_open: bool,
}

impl<'a> Trivia<'a> {
    /// Lex `src` again, keeping the ranges the lexer skipped. `None` when the source does not
    /// lex (the formatter only runs on sources that parse).
    pub fn collect(src: &'a str) -> Option<Trivia<'a>> {
        let mut toks = Vec::new();
        let mut comments = Vec::new();
        let mut prev = 0;
        let mut seen_code = false;
        for t in lexer::tokens(src, 0) {
            let (start, tok, end) = t.ok()?;
            let blank_before = scan_gap(src, prev, start, seen_code, &mut comments);
            let kind = match tok {
                Token::DocComment(_) => Kind::DocComment,
                Token::LBrace => Kind::LBrace,
                _ => Kind::Other,
            };
            toks.push(Tok {
                start,
                end,
                kind,
                blank_before,
            });
            prev = end;
            seen_code = true;
        }
        scan_gap(src, prev, src.len(), seen_code, &mut comments);
        Some(Trivia {
            src,
            toks,
            comments,
            next: 0,
            at_open: true,
        })
    }

    /// Every comment and doc comment as written, without trailing white space, sorted.
    pub fn all_comments(&self) -> Vec<&'a str> {
        let docs = self
            .toks
            .iter()
            .filter(|t| t.kind == Kind::DocComment)
            .map(|t| self.slice(t.start, t.end).trim_end());
        let mut all: Vec<&'a str> = self.comments.iter().map(|c| c.text).chain(docs).collect();
        all.sort_unstable();
        all
    }

    pub fn src(&self) -> &'a str {
        self.src
    }

    /// The source text of a byte range (empty if the range is not in the source).
    pub fn slice(&self, start: usize, end: usize) -> &'a str {
        self.src.get(start..end).unwrap_or_default()
    }

    /// The first token that starts at or after `pos`.
    pub fn tok_from(&self, pos: usize) -> Option<&Tok> {
        let i = self.toks.partition_point(|t| t.start < pos);
        self.toks.get(i)
    }

    /// The tokens that start in `start..end`.
    pub fn toks_in(&self, start: usize, end: usize) -> &[Tok] {
        let a = self.toks.partition_point(|t| t.start < start);
        let b = self.toks.partition_point(|t| t.start < end);
        self.toks.get(a..b).unwrap_or_default()
    }

    /// The start of the first token at or after `pos` (the source length after the last).
    pub fn next_start(&self, pos: usize) -> usize {
        self.tok_from(pos).map_or(self.src.len(), |t| t.start)
    }

    /// Whether a comment starts in `start..end`.
    pub fn has_comments(&self, start: usize, end: usize) -> bool {
        let i = self.comments.partition_point(|c| c.start < start);
        self.comments.get(i).is_some_and(|c| c.start < end)
    }

    /// Something was printed: empty lines count again.
    pub fn printed(&mut self) {
        self.at_open = false;
    }

    /// An opening brace or bracket was printed: no empty line until something else is.
    pub fn opened(&mut self) {
        self.at_open = true;
    }

    /// The comments before `pos` not yet printed: those on lines of their own each on its own
    /// line (after an empty line where the source had one), a comment that followed code where
    /// it is.
    pub fn lead(&mut self, pos: usize) -> Doc<'a> {
        let mut parts = Vec::new();
        while let Some(c) = self.comments.get(self.next).copied() {
            if c.start >= pos {
                break;
            }
            self.next += 1;
            if c.trailing {
                // It followed code where no line break was taken: it stays there, and a `//`
                // comment ends the line right after it.
                if c.is_line() {
                    parts.extend([Doc::LineSuffix(c.text), Doc::HardLine]);
                } else {
                    parts.push(Doc::Comment(c.text));
                }
                continue;
            }
            let sep = if c.blank_before && !self.at_open {
                Doc::BlankLine
            } else {
                Doc::LineStart
            };
            parts.extend([sep, body(c), Doc::HardLine]);
            self.at_open = false;
        }
        Doc::concat(parts)
    }

    /// The comments that end the line of the code printed last (before the token at `pos`).
    pub fn trail(&mut self, pos: usize) -> Doc<'a> {
        let mut parts = Vec::new();
        while let Some(c) = self.comments.get(self.next).copied() {
            if c.start >= pos || !c.trailing {
                break;
            }
            self.next += 1;
            if !c.is_line() {
                parts.push(Doc::Text(" "));
            }
            parts.push(trailing(c));
        }
        Doc::concat(parts)
    }

    /// An empty line before the item whose first token starts at `pos`, where the source has one.
    pub fn blank(&mut self, pos: usize) -> Doc<'a> {
        let blank = self
            .tok_from(pos)
            .is_some_and(|t| t.start == pos && t.blank_before);
        if blank && !self.at_open {
            Doc::BlankLine
        } else {
            Doc::Nil
        }
    }
}

fn trailing(c: Comment<'_>) -> Doc<'_> {
    if c.is_line() {
        Doc::LineSuffix(c.text)
    } else {
        body(c)
    }
}

fn body(c: Comment<'_>) -> Doc<'_> {
    if c.text.contains('\n') {
        Doc::Verbatim(c.text)
    } else {
        Doc::Text(c.text)
    }
}

/// Record the comments in `src[from..to]` (white space and comments only, between two tokens);
/// returns whether an empty line precedes `to`.
fn scan_gap<'a>(
    src: &'a str,
    from: usize,
    to: usize,
    seen_code: bool,
    out: &mut Vec<Comment<'a>>,
) -> bool {
    let gap = src.get(from..to).unwrap_or_default();
    let mut newlines = 0;
    let mut on_code_line = seen_code;
    let mut i = 0;
    while let Some(rest) = gap.get(i..) {
        let Some(c) = rest.chars().next() else { break };
        if c == '\n' {
            newlines += 1;
            on_code_line = false;
            i += 1;
            continue;
        }
        if c.is_whitespace() {
            i += c.len_utf8();
            continue;
        }
        let len = if rest.starts_with("//") {
            rest.find('\n').unwrap_or(rest.len())
        } else if rest.starts_with("/*") {
            rest.get(2..)
                .and_then(|r| r.find("*/"))
                .map_or(rest.len(), |e| e + 4)
        } else {
            // Nothing else lies between tokens of a source that lexes; step over it.
            i += c.len_utf8();
            continue;
        };
        let text = rest.get(..len).unwrap_or(rest).trim_end();
        out.push(Comment {
            start: from + i,
            text,
            trailing: on_code_line,
            blank_before: newlines >= 2,
        });
        newlines = 0;
        i += len;
    }
    newlines >= 2
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn comments_know_their_line_and_the_empty_lines_before_them() {
        let src = "// a\n\nlet x = 1 // b\n/* c */ /* d */\n\n\nlet y = 2 /* e */\n// f";
        let t = Trivia::collect(src).unwrap();
        let got: Vec<_> = t
            .comments
            .iter()
            .map(|c| (c.text, c.trailing, c.blank_before))
            .collect();
        assert_eq!(
            got,
            [
                ("// a", false, false),
                ("// b", true, false),
                ("/* c */", false, false),
                ("/* d */", false, false),
                ("/* e */", true, false),
                ("// f", false, false),
            ]
        );
        let lets: Vec<bool> = t
            .toks
            .iter()
            .filter(|k| t.slice(k.start, k.end) == "let")
            .map(|k| k.blank_before)
            .collect();
        assert_eq!(lets, [true, true]);
    }
}
