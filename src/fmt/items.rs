//! The canonical layout of the items inside a declaration (stage: formatting; reads the
//! parser's AST and the trivia table): statements and their conditions, trust clauses, grants,
//! language conditions, clauses (`oidc`, `map`, `accept`, `deny`) and test expectations, as a
//! [`Doc`]. `layout.rs` lays out modules and declarations; docs/formatting.md shows the layout.

use super::doc::{Add, Doc};
use super::layout::Layout;
use crate::ast::{
    Clause, ClauseKind, Cond, Effect, Expect, ExpectKind, Expr, Grant, LangCond, LangCondKind,
    Stmt, Trust,
};

impl<'a> Layout<'a> {
    /// `allow ACTIONS` then the `on` clause and each `when` clause: on one line when it fits,
    /// else each clause on a line of its own, indented.
    pub(super) fn stmt(&mut self, s: &'a Stmt) -> Doc<'a> {
        let (pre, kw) = self.prefix(s.span.start, &s.attrs, 0);
        let effect = match s.effect {
            Effect::Allow => "allow ",
            Effect::Deny => "deny ",
        };
        let mut head = vec![self.text(kw, effect)];
        if s.not_actions {
            head.add(Doc::Text("not "));
        }
        head.add(self.comma_fill(&s.actions, Self::expr));
        let mut clauses = Vec::new();
        if let Some(r) = &s.resources {
            clauses.add(self.line(r.span.start));
            clauses.add(self.text(r.span.start, "on "));
            if r.not {
                clauses.add(Doc::Text("not "));
            }
            clauses.add(self.comma_fill(&r.items, Self::expr));
        }
        let conds = self.conds(&s.conds);
        Doc::concat(vec![pre, clauses_group(head, clauses, conds)])
    }

    /// Each `when` clause after a line break (a space when the whole statement fits).
    pub(super) fn conds(&mut self, conds: &'a [Cond]) -> Vec<Doc<'a>> {
        let mut parts = Vec::new();
        for c in conds {
            parts.add(self.line(c.span.start));
            parts.add(self.cond(c));
        }
        parts
    }

    pub(super) fn trust(&mut self, t: &'a Trust) -> Doc<'a> {
        let (pre, kw) = self.prefix(t.span.start, &t.attrs, 0);
        let mut head = vec![self.text(kw, "trust "), self.ident(&t.kind)];
        if !t.principals.is_empty() {
            head.add(Doc::Text(" "));
            head.add(self.comma_fill(&t.principals, Self::expr));
        }
        let mut clauses = Vec::new();
        if let Some(actions) = &t.actions {
            let after = t
                .principals
                .last()
                .map_or(t.kind.span.end, |p| p.span().end);
            let at = self.t.next_start(after);
            clauses.add(self.line(at));
            clauses.add(self.text(at, "actions "));
            clauses.add(self.comma_fill(actions, Self::expr));
        }
        let conds = self.conds(&t.conds);
        Doc::concat(vec![pre, clauses_group(head, clauses, conds)])
    }

    /// `grant ROLE` then `on SCOPE`, `to MEMBERS` and `when LANG "..."`: on one line when it
    /// fits, else each clause on a line of its own (the attributes are the caller's).
    pub(super) fn grant(&mut self, g: &'a Grant) -> Doc<'a> {
        let head = vec![self.ident(&g.keyword), Doc::Text(" "), self.expr(&g.role)];
        let mut clauses = Vec::new();
        let on = self.t.next_start(g.role.span().end);
        clauses.add(self.line(on));
        clauses.add(self.text(on, "on "));
        clauses.add(self.expr(&g.scope));
        if let Some((word, members)) = &g.to {
            clauses.add(self.line(word.span.start));
            clauses.add(self.ident(word));
            clauses.add(Doc::Text(" "));
            clauses.add(self.comma_fill(members, Self::expr));
        }
        let mut last = Vec::new();
        if let Some(c) = &g.cond {
            last.add(self.line(c.span.start));
            last.add(self.lang_cond(c));
        }
        clauses_group(head, clauses, last)
    }

    /// `when cel "..."` or `when KEY OP VALUE`.
    pub(super) fn lang_cond(&mut self, c: &'a LangCond) -> Doc<'a> {
        let mut parts = vec![self.text(c.span.start, "when ")];
        match &c.kind {
            LangCondKind::Raw { lang, text } => {
                parts.add(self.ident(lang));
                parts.add(Doc::Text(" "));
                let written = self.t.slice(text.span.start, text.span.end);
                parts.add(self.text(text.span.start, written));
            }
            LangCondKind::Cmp { key, op, value } => {
                parts.add(self.path(key));
                parts.add(Doc::Text(" "));
                parts.add(self.text(op.span.start, op.node.text()));
                parts.add(Doc::Text(" "));
                parts.add(self.expr(value));
            }
        }
        Doc::concat(parts)
    }

    /// Another cloud's clause: `provider p { ... }`, `oidc "..."`, `map k = v`, `accept when
    /// ...`, `trust github subject S via P`.
    pub(super) fn clause(&mut self, c: &'a Clause) -> Doc<'a> {
        let (pre, _) = self.prefix(c.span.start, &c.attrs, 0);
        let body = match &c.kind {
            ClauseKind::Block { name, body } => {
                let head = vec![self.ident(&c.keyword), Doc::Text(" "), self.ident(name)];
                let open = self.open_brace(name.span.end);
                let block = self.items_block(open, body, c.span.end.saturating_sub(1));
                Doc::concat(vec![Doc::concat(head), Doc::Text(" "), block])
            }
            ClauseKind::Value(v) => {
                Doc::concat(vec![self.ident(&c.keyword), Doc::Text(" "), self.expr(v)])
            }
            ClauseKind::Map { key, value } => {
                let head =
                    Doc::concat(vec![self.ident(&c.keyword), Doc::Text(" "), self.path(key)]);
                self.assign(head, value)
            }
            ClauseKind::When(cond) => Doc::concat(vec![
                self.ident(&c.keyword),
                Doc::Text(" "),
                self.lang_cond(cond),
            ]),
            ClauseKind::Deny {
                permissions,
                to,
                except,
                cond,
            } => self.deny_rule(c, permissions, to, except, cond.as_ref()),
            ClauseKind::TrustSubject { kind, subject, via } => {
                let mut parts = vec![self.text(c.keyword.span.start, "trust "), self.ident(kind)];
                let at = self.t.next_start(kind.span.end);
                parts.add(Doc::Text(" "));
                parts.add(self.text(at, "subject "));
                parts.add(self.expr(subject));
                if let Some(via) = via {
                    let at = self.t.next_start(subject.span().end);
                    parts.add(Doc::Text(" "));
                    parts.add(self.text(at, "via "));
                    parts.add(self.path(via));
                }
                Doc::concat(parts)
            }
        };
        Doc::concat(vec![pre, body])
    }

    /// `deny PERMISSIONS` then `to ...`, `except ...` and `when ...`, like a statement.
    pub(super) fn deny_rule(
        &mut self,
        c: &'a Clause,
        permissions: &'a [Expr],
        to: &'a [Expr],
        except: &'a [Expr],
        cond: Option<&'a LangCond>,
    ) -> Doc<'a> {
        let head = vec![
            self.text(c.keyword.span.start, c.keyword.name.as_str()),
            Doc::Text(" "),
            self.comma_fill(permissions, Self::expr),
        ];
        let mut clauses = Vec::new();
        let at = self.t.next_start(
            permissions
                .last()
                .map_or(c.keyword.span.end, |p| p.span().end),
        );
        clauses.add(self.line(at));
        clauses.add(self.text(at, "to "));
        clauses.add(self.comma_fill(to, Self::expr));
        if !except.is_empty() {
            let at = self.t.next_start(to.last().map_or(at, |p| p.span().end));
            clauses.add(self.line(at));
            clauses.add(self.text(at, "except "));
            clauses.add(self.comma_fill(except, Self::expr));
        }
        let mut last = Vec::new();
        if let Some(w) = cond {
            last.add(self.line(w.span.start));
            last.add(self.lang_cond(w));
        }
        clauses_group(head, clauses, last)
    }

    pub(super) fn expect(&mut self, e: &'a Expect) -> Doc<'a> {
        let mut head = vec![self.text(e.span.start, "expect "), self.path(&e.subject)];
        let mut clauses = Vec::new();
        let with = match &e.kind {
            ExpectKind::Can {
                negated,
                actions,
                resources,
                context,
            } => {
                head.add(Doc::Text(if *negated { " cannot " } else { " can " }));
                head.add(self.comma_fill(actions, Self::expr));
                let on = self
                    .t
                    .next_start(actions.last().map_or(e.span.start, |a| a.span().end));
                clauses.add(self.line(on));
                clauses.add(self.text(on, "on "));
                clauses.add(self.comma_fill(resources, Self::expr));
                let end = resources.last().map_or(on, |r| r.span().end);
                self.with_clause(end, context.as_ref())
            }
            ExpectKind::Assumable {
                negated,
                kind,
                principals,
                context,
            } => {
                head.add(Doc::Text(if *negated {
                    " not assumable by "
                } else {
                    " assumable by "
                }));
                head.add(self.ident(kind));
                if !principals.is_empty() {
                    head.add(Doc::Text(" "));
                    head.add(self.comma_fill(principals, Self::expr));
                }
                let end = principals.last().map_or(kind.span.end, |p| p.span().end);
                self.with_clause(end, context.as_ref())
            }
        };
        clauses_group(head, clauses, with)
    }

    /// `with { ... }` after an expectation's last element (which ends at `end`).
    pub(super) fn with_clause(&mut self, end: usize, context: Option<&'a Expr>) -> Vec<Doc<'a>> {
        let Some(ctx) = context else {
            return Vec::new();
        };
        let at = self.t.next_start(end);
        vec![self.line(at), self.text(at, "with "), self.expr(ctx)]
    }
}

/// A statement-like element: `head` and its first clauses (`on ...`, `actions ...`) on one line
/// when they fit, else those clauses on lines of their own; the last clauses (`when ...`,
/// `with ...`) after it on one line when everything fits, else each on a line of its own.
fn clauses_group<'a>(head: Vec<Doc<'a>>, first: Vec<Doc<'a>>, last: Vec<Doc<'a>>) -> Doc<'a> {
    let first = Doc::concat(vec![Doc::concat(head), Doc::concat(first).nest(2)]).group();
    Doc::concat(vec![first, Doc::concat(last).nest(2)]).group()
}
