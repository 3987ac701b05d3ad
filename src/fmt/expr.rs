//! The canonical layout of expressions, conditions, attributes, types and parameter lists
//! (stage: formatting; reads the parser's AST and the trivia table).
//!
//! A bracketed list (`[...]`, `{...}`, call arguments) stays on one line when it fits and
//! otherwise puts one element per line with a trailing comma; an unbracketed list (actions,
//! resources, principals, attachments) fills lines, continuing under its first element.

use super::doc::{Add, Doc};
use super::layout::Layout;
use crate::ast::{
    Attr, AttrArg, Call, Cond, CondKey, CondKind, Expr, FnParam, Ident, Path, Quant, TypeExpr,
};

impl<'a> Layout<'a> {
    pub(super) fn ident(&mut self, id: &'a Ident) -> Doc<'a> {
        self.text(id.span.start, &id.name)
    }

    /// A token printed as written.
    fn written(&mut self, start: usize, end: usize) -> Doc<'a> {
        let text = self.t.slice(start, end);
        self.text(start, text)
    }

    pub(super) fn path(&mut self, p: &'a Path) -> Doc<'a> {
        let mut parts = Vec::new();
        for (i, seg) in p.segs.iter().enumerate() {
            if i > 0 {
                parts.add(Doc::Text("."));
            }
            parts.add(self.ident(seg));
        }
        Doc::concat(parts)
    }

    pub(super) fn ty(&mut self, t: &'a TypeExpr) -> Doc<'a> {
        let mut parts = vec![self.ident(&t.name)];
        if !t.args.is_empty() {
            parts.add(Doc::Text("["));
            for (i, a) in t.args.iter().enumerate() {
                if i > 0 {
                    parts.add(Doc::Text(", "));
                }
                parts.add(self.ty(a));
            }
            parts.add(Doc::Text("]"));
        }
        Doc::concat(parts)
    }

    /// `(a: T, b: U)` after a declaration's name (nothing for a template without parameters).
    pub(super) fn params(&mut self, after: usize, ps: &'a [FnParam], always: bool) -> Doc<'a> {
        if ps.is_empty() && !always {
            return Doc::Nil;
        }
        let open = self.t.next_start(after);
        let last = ps.last().map_or(open + 1, |p| p.ty.span.end);
        let close = self.find(last, ")");
        let starts: Vec<usize> = ps.iter().map(|p| p.name.span.start).collect();
        self.seq(Brackets::new(open, "(", close, ")"), ps, &starts, |l, p| {
            if let Some(whole) = l.split_token(p.name.span.start, p.ty.span.end, &p.ty.name.name) {
                return whole;
            }
            Doc::concat(vec![l.ident(&p.name), Doc::Text(": "), l.ty(&p.ty)])
        })
    }

    /// `a:b` written as one token (the lexer reads it as a qualified name and the parser splits
    /// it) whose second half is no plain name (`b:String/**/`): printed as written, since
    /// `a: b` would lex differently.
    fn split_token(&mut self, start: usize, end: usize, second: &str) -> Option<Doc<'a>> {
        let one = self
            .t
            .tok_from(start)
            .is_some_and(|t| t.start == start && t.end == end);
        let plain = second.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_')
            && second
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '_');
        (one && !plain).then(|| self.written(start, end))
    }

    /// The first token at or after `pos` that reads `text` (or `pos` when there is none).
    fn find(&self, pos: usize, text: &str) -> usize {
        let mut at = pos;
        while let Some(t) = self.t.tok_from(at) {
            if self.t.slice(t.start, t.end) == text {
                return t.start;
            }
            at = t.end;
        }
        pos
    }

    pub(super) fn attr(&mut self, a: &'a Attr) -> Doc<'a> {
        let at = self.text(a.span.start, "@");
        let name = self.ident(&a.name);
        if a.args.is_empty() {
            return Doc::concat(vec![at, name]);
        }
        let open = self.t.next_start(a.name.span.end);
        let close = a.span.end.saturating_sub(1);
        let starts: Vec<usize> = a
            .args
            .iter()
            .map(|arg| match arg {
                AttrArg::Pos(e) => e.span().start,
                AttrArg::Named(n, _) => n.span.start,
            })
            .collect();
        let b = Brackets::new(open, "(", close, ")");
        let args = self.seq(b, &a.args, &starts, |l, arg| match arg {
            AttrArg::Pos(e) => l.expr(e),
            AttrArg::Named(n, e) => Doc::concat(vec![l.ident(n), Doc::Text(" = "), l.expr(e)]),
        });
        Doc::concat(vec![at, name, args])
    }

    pub(super) fn expr(&mut self, e: &'a Expr) -> Doc<'a> {
        match e {
            Expr::Str(s) => self.written(s.span.start, s.span.end),
            Expr::Int(_, sp)
            | Expr::Duration(_, sp)
            | Expr::Bool(_, sp)
            | Expr::Star(sp)
            | Expr::Error(sp) => self.written(sp.start, sp.end),
            Expr::Action(q) => self.written(q.span.start, q.span.end),
            Expr::List(items, sp) => {
                let starts: Vec<usize> = items.iter().map(|i| i.span().start).collect();
                let close = sp.end.saturating_sub(1);
                self.seq(
                    Brackets::new(sp.start, "[", close, "]"),
                    items,
                    &starts,
                    Self::expr,
                )
            }
            Expr::Map(entries, sp) => {
                let starts: Vec<usize> = entries.iter().map(|(k, _)| k.span.start).collect();
                let close = sp.end.saturating_sub(1);
                let b = Brackets {
                    spaced: true,
                    ..Brackets::new(sp.start, "{", close, "}")
                };
                self.seq(b, entries, &starts, |l, (k, v)| {
                    if let Expr::Path(Path { segs, span }) = v {
                        let second = segs.first().map_or("", |s| s.name.as_str());
                        if let Some(whole) = l.split_token(k.span.start, span.end, second) {
                            return whole;
                        }
                    }
                    let key = l.written(k.span.start, k.span.end);
                    Doc::concat(vec![key, Doc::Text(": "), l.expr(v)])
                })
            }
            Expr::Path(p) => self.path(p),
            Expr::Call(c) => self.call(c),
        }
    }

    pub(super) fn call(&mut self, c: &'a Call) -> Doc<'a> {
        let callee = self.path(&c.callee);
        let open = self.t.next_start(c.callee.span.end);
        let close = c.span.end.saturating_sub(1);
        // A sole list or map argument hugs the parentheses: `f([` ... `])`.
        if let [arg @ (Expr::List(_, sp) | Expr::Map(_, sp))] = c.args.as_slice() {
            if !self.t.has_comments(open, sp.start) && !self.t.has_comments(sp.end, close) {
                let open_doc = self.text(open, "(");
                let arg = self.expr(arg);
                let close_doc = self.text(close, ")");
                return Doc::concat(vec![callee, open_doc, arg, close_doc]);
            }
        }
        let starts: Vec<usize> = c.args.iter().map(|a| a.span().start).collect();
        let args = self.seq(
            Brackets::new(open, "(", close, ")"),
            &c.args,
            &starts,
            Self::expr,
        );
        Doc::concat(vec![callee, args])
    }

    /// `a, b, c` without brackets: lines filled, continuing under the first element.
    pub(super) fn comma_fill<T>(
        &mut self,
        items: &'a [T],
        mut f: impl FnMut(&mut Self, &'a T) -> Doc<'a>,
    ) -> Doc<'a>
    where
        T: Spanned,
    {
        let mut docs = Vec::new();
        for (i, it) in items.iter().enumerate() {
            let mut d = vec![f(self, it)];
            if let Some(next) = items.get(i + 1) {
                d.add(Doc::Text(","));
                d.add(self.t.trail(next.start()));
            }
            docs.add(Doc::concat(d));
        }
        // One element has no continuation lines to align: its own breaks indent as usual.
        if docs.len() == 1 {
            return Doc::concat(docs);
        }
        Doc::fill(docs).align()
    }

    /// A bracketed, comma-separated list: flat when it fits, else one element per line with a
    /// trailing comma. `starts` holds where each element starts.
    fn seq<T>(
        &mut self,
        b: Brackets<'a>,
        items: impl IntoIterator<Item = T>,
        starts: &[usize],
        mut f: impl FnMut(&mut Self, T) -> Doc<'a>,
    ) -> Doc<'a> {
        let brk = || if b.spaced { Doc::Line } else { Doc::SoftLine };
        let open_doc = self.text(b.open, b.open_text);
        self.t.opened();
        if starts.is_empty() {
            // Only comments, if anything: `[]`, `[ /* c */]`.
            let inner = Doc::concat(vec![self.t.trail(b.close), self.t.lead(b.close)]);
            let close_doc = self.text(b.close, b.close_text);
            if matches!(inner, Doc::Nil) {
                return Doc::concat(vec![open_doc, close_doc]);
            }
            return Doc::concat(vec![open_doc, inner.nest(2), brk(), close_doc]).group();
        }
        let first = starts.first().copied().unwrap_or(b.close);
        let mut inner = vec![self.t.trail(first), brk()];
        for (i, it) in items.into_iter().enumerate() {
            if i > 0 {
                inner.add(Doc::Text(","));
                let at = starts.get(i).copied().unwrap_or(b.close);
                inner.add(self.t.trail(at));
                inner.add(Doc::Line);
            }
            inner.add(f(self, it));
        }
        inner.add(Doc::IfBreak(","));
        inner.add(self.t.trail(b.close));
        inner.add(self.t.lead(b.close));
        let inner = Doc::concat(inner);
        let close_doc = self.text(b.close, b.close_text);
        Doc::concat(vec![open_doc, inner.nest(2), brk(), close_doc]).group()
    }

    pub(super) fn cond(&mut self, c: &'a Cond) -> Doc<'a> {
        let mut parts = vec![self.text(c.span.start, "when ")];
        match &c.kind {
            CondKind::Op {
                quant,
                key,
                op,
                value,
                if_present,
            } => {
                match quant {
                    Some(Quant::Any) => parts.add(Doc::Text("any ")),
                    Some(Quant::All) => parts.add(Doc::Text("all ")),
                    None => {}
                }
                parts.add(self.key(key));
                parts.add(Doc::Text(" "));
                parts.add(self.text(op.span.start, op.node.text()));
                parts.add(Doc::Text(" "));
                parts.add(self.expr(value));
                if *if_present {
                    parts.add(Doc::Text(" if present"));
                }
            }
            CondKind::Exists { key, negated } => {
                parts.add(self.key(key));
                parts.add(Doc::Text(if *negated { " not exists" } else { " exists" }));
            }
            CondKind::Raw { op, key, values } => {
                parts.add(self.written(op.span.start, op.span.end));
                let open = self.t.next_start(op.span.end);
                let close = self.find(values.last().map_or(open, |v| v.span().end), ")");
                let args =
                    std::iter::once(RawArg::Key(key)).chain(values.iter().map(RawArg::Value));
                let starts: Vec<usize> = args.clone().map(|a| a.start()).collect();
                let b = Brackets::new(open, "(", close, ")");
                parts.add(self.seq(b, args, &starts, |l, a| match a {
                    RawArg::Key(k) => l.key(k),
                    RawArg::Value(v) => l.expr(v),
                }));
            }
        }
        Doc::concat(parts)
    }

    fn key(&mut self, k: &'a CondKey) -> Doc<'a> {
        let s = k.span();
        self.written(s.start, s.end)
    }
}

/// Where a bracketed list opens and closes.
#[derive(Clone, Copy)]
pub(super) struct Brackets<'a> {
    open: usize,
    open_text: &'a str,
    close: usize,
    close_text: &'a str,
    /// Spaces inside the brackets when flat (`{ a: 1 }`).
    spaced: bool,
}

impl<'a> Brackets<'a> {
    fn new(open: usize, open_text: &'a str, close: usize, close_text: &'a str) -> Brackets<'a> {
        Brackets {
            open,
            open_text,
            close,
            close_text,
            spaced: false,
        }
    }
}

/// An argument of a raw condition `Operator(KEY, VALUES)`.
#[derive(Clone, Copy)]
enum RawArg<'a> {
    Key(&'a CondKey),
    Value(&'a Expr),
}

impl RawArg<'_> {
    fn start(&self) -> usize {
        match self {
            RawArg::Key(k) => k.span().start,
            RawArg::Value(v) => v.span().start,
        }
    }
}

/// Elements of unbracketed lists: where each starts.
pub(super) trait Spanned {
    fn start(&self) -> usize;
}

impl Spanned for Expr {
    fn start(&self) -> usize {
        self.span().start
    }
}
