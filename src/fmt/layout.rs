//! The canonical layout of modules, declarations and the items in their bodies (stage:
//! formatting; reads the parser's AST and the trivia table), as a [`Doc`]; statements, trust
//! clauses, grants, clauses and test expectations are laid out in `items.rs`.
//! docs/formatting.md describes the layout with examples.
//!
//! Everything is printed in source order, so each comment is pulled from the trivia table just
//! before the first token that follows it. Literals, action names and condition keys are
//! printed as written; names and keywords from the AST.

use super::doc::{Add, Doc};
use super::trivia::{Kind, Trivia};
use crate::ast::{Attr, Decl, DeclKind, Expect, Expr, Ident, InlineBody, Item, Module, UseTarget};

/// Builds the document of one module; the expression half is in `expr.rs`.
pub struct Layout<'a> {
    pub(super) t: Trivia<'a>,
}

/// Where an item starts (its first attribute, or its first token).
fn item_start(it: &Item) -> usize {
    match it {
        Item::Prop { key, .. } => key.span.start,
        Item::Stmt(s) => s.span.start,
        Item::Trust(t) => t.span.start,
        Item::Grant(g) => g.span.start,
        Item::Clause(c) => c.span.start,
        Item::Attach { span, .. }
        | Item::Inline { span, .. }
        | Item::Include { span, .. }
        | Item::Error(span) => span.start,
    }
}

impl<'a> Layout<'a> {
    pub fn new(t: Trivia<'a>) -> Layout<'a> {
        Layout { t }
    }

    /// Comments before `pos`, then `text`.
    pub(super) fn text(&mut self, pos: usize, text: &'a str) -> Doc<'a> {
        let lead = self.t.lead(pos);
        self.t.printed();
        match lead {
            Doc::Nil => Doc::Text(text),
            lead => Doc::concat(vec![lead, Doc::Text(text)]),
        }
    }

    /// A separator that may break: first the comments ending the current line.
    pub(super) fn line(&mut self, next: usize) -> Doc<'a> {
        Doc::concat(vec![self.t.trail(next), Doc::Line])
    }

    /// The module's documents, one declaration at a time (so no document holds the whole
    /// module), each handed to `out`.
    pub fn module(&mut self, m: &'a Module, mut out: impl FnMut(Doc<'a>)) {
        let end = self.t.src().len();
        let starts: Vec<usize> = m
            .decls
            .iter()
            .map(|d| self.t.next_start(d.span.start))
            .collect();
        for i in 0..m.decls.len() {
            let one = m.decls.get(i..=i).unwrap_or_default();
            let parts = self.lines(one, starts.get(i..).unwrap_or_default(), end, Self::decl);
            if i > 0 {
                out(Doc::HardLine);
            }
            out(Doc::concat(parts));
        }
        out(self.t.lead(usize::MAX));
    }

    /// Line-level elements one per line, with the source's empty lines between them (one at
    /// most) and the comments that end their lines.
    pub(super) fn lines<T>(
        &mut self,
        items: &'a [T],
        starts: &[usize],
        end: usize,
        mut f: impl FnMut(&mut Self, &'a T) -> Doc<'a>,
    ) -> Vec<Doc<'a>> {
        let mut parts = Vec::new();
        for (i, it) in items.iter().enumerate() {
            // `starts` may go on after `items` (the next element's start).
            let start = starts.get(i).copied().unwrap_or(end);
            let next = starts.get(i + 1).copied().unwrap_or(end);
            if i > 0 {
                parts.add(Doc::HardLine);
            }
            parts.add(self.t.lead(start));
            parts.add(self.t.blank(start));
            parts.add(f(self, it));
            parts.add(self.t.trail(next));
        }
        parts
    }

    /// A `{ ... }` body closing at `close`: one element per line, or `{ x }` when it has one
    /// element that fits on the line.
    pub(super) fn block<T>(
        &mut self,
        open: usize,
        items: &'a [T],
        starts: &[usize],
        close: usize,
        f: impl FnMut(&mut Self, &'a T) -> Doc<'a>,
    ) -> Doc<'a> {
        let open_doc = self.text(open, "{");
        self.t.opened();
        let inner = if items.is_empty() {
            // Only comments, if anything: `{}`, `{ /* c */ }`.
            Doc::concat(vec![self.t.trail(close), self.t.lead(close)])
        } else {
            let first = starts.first().copied().unwrap_or(close);
            let mut inner = vec![self.t.trail(first), Doc::Line];
            inner.extend(self.lines(items, starts, close, f));
            inner.add(self.t.trail(close));
            inner.add(self.t.lead(close));
            Doc::concat(inner)
        };
        let close_doc = self.text(close, "}");
        if matches!(inner, Doc::Nil) {
            return Doc::concat(vec![open_doc, close_doc]);
        }
        Doc::concat(vec![open_doc, inner.nest(2), Doc::Line, close_doc]).group()
    }

    pub(super) fn items_block(&mut self, open: usize, items: &'a [Item], close: usize) -> Doc<'a> {
        let starts: Vec<usize> = items
            .iter()
            .map(|it| self.t.next_start(item_start(it)))
            .collect();
        self.block(open, items, &starts, close, Self::item)
    }

    /// Attributes and doc comments before a declaration, statement or inline policy, one per
    /// line in source order; returns them and where the keyword after them starts.
    pub(super) fn prefix(
        &mut self,
        start: usize,
        attrs: &'a [Attr],
        doc_end: usize,
    ) -> (Doc<'a>, usize) {
        let start = self.t.next_start(start);
        let pre_end = attrs.iter().map(|a| a.span.end).chain([doc_end]).max();
        let kw = match pre_end {
            Some(end) if end > start => self.t.next_start(end),
            _ => start,
        };
        // Doc comments (tokens) and attributes (AST) merged in source order.
        let mut pre: Vec<(usize, Option<&'a Attr>)> = self
            .t
            .toks_in(start, kw)
            .iter()
            .filter(|t| t.kind == Kind::DocComment)
            .map(|t| (t.start, None))
            .chain(attrs.iter().map(|a| (a.span.start, Some(a))))
            .collect();
        pre.sort_by_key(|p| p.0);
        let mut parts = Vec::new();
        for (i, &(at, attr)) in pre.iter().enumerate() {
            if i > 0 {
                parts.add(self.t.blank(at));
            }
            match attr {
                Some(a) => parts.add(self.attr(a)),
                None => {
                    let end = self.t.tok_from(at).map_or(at, |t| t.end);
                    let text = self.t.slice(at, end).trim_end();
                    parts.add(self.text(at, text));
                }
            }
            let next = pre.get(i + 1).map_or(kw, |p| p.0);
            parts.add(self.t.trail(next));
            parts.add(Doc::HardLine);
        }
        if !pre.is_empty() {
            parts.add(self.t.blank(kw));
        }
        (Doc::concat(parts), kw)
    }

    pub(super) fn decl(&mut self, d: &'a Decl) -> Doc<'a> {
        let doc_end = d.doc.as_ref().map_or(0, |doc| doc.span.end);
        let (pre, kw) = self.prefix(d.span.start, &d.attrs, doc_end);
        let body = match &d.kind {
            DeclKind::Use(target) => self.use_decl(kw, d, target),
            DeclKind::Param { ty, default } => {
                let head = Doc::concat(vec![
                    self.text(kw, "param "),
                    self.ident(&d.name),
                    Doc::Text(": "),
                    self.ty(ty),
                ]);
                match default {
                    Some(v) => self.assign(head, v),
                    None => head,
                }
            }
            DeclKind::Let { ty, value } => {
                let mut head = vec![self.text(kw, "let "), self.ident(&d.name)];
                if let Some(ty) = ty {
                    head.add(Doc::Text(": "));
                    head.add(self.ty(ty));
                }
                self.assign(Doc::concat(head), value)
            }
            DeclKind::Fn { params, ret, body } => {
                let mut head = vec![self.text(kw, "fn "), self.ident(&d.name)];
                head.add(self.params(d.name.span.end, params, true));
                if let Some(ret) = ret {
                    head.add(Doc::Text(" -> "));
                    head.add(self.ty(ret));
                }
                self.assign(Doc::concat(head), body)
            }
            DeclKind::Template { params, body } => {
                let mut head = vec![self.text(kw, "template "), self.ident(&d.name)];
                head.add(self.params(d.name.span.end, params, false));
                let open = self.open_brace(d.name.span.end);
                head.add(Doc::Text(" "));
                head.add(self.items_block(open, body, d.span.end.saturating_sub(1)));
                Doc::concat(head)
            }
            DeclKind::Resource { kind, body } => {
                let head = self.text(kw, kind.keyword());
                let name = self.ident(&d.name);
                let open = self.open_brace(d.name.span.end);
                let block = self.items_block(open, body, d.span.end.saturating_sub(1));
                Doc::concat(vec![head, Doc::Text(" "), name, Doc::Text(" "), block])
            }
            DeclKind::Test(expects) => self.test_decl(kw, d, expects),
            DeclKind::Target(value) => {
                let head = self.ident(&d.name);
                Doc::concat(vec![head, Doc::Text(" "), self.ident(value)])
            }
            DeclKind::Cloud {
                keyword,
                scope,
                body,
            } => self.cloud_decl(d, keyword, scope.as_ref(), body),
            DeclKind::Grant(g) => self.grant(g),
        };
        Doc::concat(vec![pre, body])
    }

    /// `test "title" { expect ... }`.
    pub(super) fn test_decl(&mut self, kw: usize, d: &'a Decl, expects: &'a [Expect]) -> Doc<'a> {
        let head = self.text(kw, "test ");
        let title = self.t.toks_in(kw, d.name.span.end).last().copied();
        let title = title.map_or(Doc::Nil, |t| {
            let text = self.t.slice(t.start, t.end);
            self.text(t.start, text)
        });
        let open = self.open_brace(d.name.span.end);
        let starts: Vec<usize> = expects.iter().map(|e| e.span.start).collect();
        let close = d.span.end.saturating_sub(1);
        let block = self.block(open, expects, &starts, close, Self::expect);
        Doc::concat(vec![head, title, Doc::Text(" "), block])
    }

    /// A cloud declaration: `KEYWORD name [on SCOPE] { ... }`.
    pub(super) fn cloud_decl(
        &mut self,
        d: &'a Decl,
        keyword: &'a Ident,
        scope: Option<&'a Expr>,
        body: &'a [Item],
    ) -> Doc<'a> {
        let mut parts = vec![self.ident(keyword), Doc::Text(" "), self.ident(&d.name)];
        if let Some(scope) = scope {
            let on = self.t.next_start(d.name.span.end);
            parts.add(Doc::Text(" "));
            parts.add(self.text(on, "on "));
            parts.add(self.expr(scope));
        }
        let after = scope.map_or(d.name.span.end, |s| s.span().end);
        let open = self.open_brace(after);
        parts.add(Doc::Text(" "));
        parts.add(self.items_block(open, body, d.span.end.saturating_sub(1)));
        Doc::concat(parts)
    }

    /// Where the `{` after `pos` starts.
    pub(super) fn open_brace(&self, pos: usize) -> usize {
        let mut at = pos;
        while let Some(t) = self.t.tok_from(at) {
            if t.kind == Kind::LBrace {
                return t.start;
            }
            at = t.end;
        }
        pos
    }

    pub(super) fn use_decl(&mut self, kw: usize, d: &'a Decl, target: &'a UseTarget) -> Doc<'a> {
        let head = self.text(kw, "use ");
        let (what, alias) = match target {
            UseTarget::Std(p) => {
                let written = p.segs.last().is_none_or(|s| s.span != d.name.span);
                (self.path(p), written)
            }
            UseTarget::File(f) => {
                let text = self.t.slice(f.span.start, f.span.end);
                (self.text(f.span.start, text), true)
            }
        };
        let mut parts = vec![head, what];
        if alias {
            parts.add(Doc::Text(" as "));
            parts.add(self.ident(&d.name));
        }
        Doc::concat(parts)
    }

    /// `head = value`: a list or map breaks inside its brackets, anything else moves to the next
    /// line, indented, when the line is too long. The head decides first (a `fn` whose
    /// parameters break keeps its body after `) -> T =` when it fits there).
    pub(super) fn assign(&mut self, head: Doc<'a>, value: &'a Expr) -> Doc<'a> {
        if matches!(value, Expr::List(..) | Expr::Map(..)) {
            return Doc::concat(vec![head, Doc::Text(" = "), self.expr(value)]);
        }
        let line = self.line(value.span().start);
        let value = self.expr(value);
        let rhs = Doc::concat(vec![line, value]).nest(2);
        Doc::concat(vec![head, Doc::concat(vec![Doc::Text(" ="), rhs]).group()])
    }

    pub(super) fn item(&mut self, it: &'a Item) -> Doc<'a> {
        match it {
            Item::Prop { key, value } => {
                let head = self.ident(key);
                self.assign(head, value)
            }
            Item::Stmt(s) => self.stmt(s),
            Item::Trust(t) => self.trust(t),
            Item::Grant(g) => {
                let (pre, _) = self.prefix(g.span.start, &g.attrs, 0);
                Doc::concat(vec![pre, self.grant(g)])
            }
            Item::Clause(c) => self.clause(c),
            Item::Attach { targets, span } => {
                let head = self.text(span.start, "attach ");
                let targets = self.comma_fill(targets, Self::expr);
                Doc::concat(vec![head, targets]).group()
            }
            Item::Inline {
                attrs,
                name,
                body,
                span,
            } => {
                let (pre, kw) = self.prefix(span.start, attrs, 0);
                let mut parts = vec![pre, self.text(kw, "inline ")];
                if let Some(n) = name {
                    parts.add(self.ident(n));
                    parts.add(Doc::Text(" "));
                }
                match body {
                    InlineBody::Block(items) => {
                        let open = self.open_brace(kw);
                        let close = span.end.saturating_sub(1);
                        parts.add(self.items_block(open, items, close));
                    }
                    InlineBody::Template(call) => parts.add(self.call(call)),
                }
                Doc::concat(parts)
            }
            Item::Include { call, span } => {
                let head = self.text(span.start, "include ");
                let target = if call.args.is_empty() {
                    self.path(&call.callee)
                } else {
                    self.call(call)
                };
                Doc::concat(vec![head, target])
            }
            Item::Error(_) => Doc::Nil,
        }
    }
}
