//! Every name use of a declaration's AST, in source order: paths in expressions, `${...}` in
//! strings, callees of calls and includes, the subjects of `expect`. Fn and template parameters
//! are in scope in their bodies and hide declarations of the same name. Used by the checker's
//! dependency graph and by the driver's reference table.

use crate::ast::{self, CondKey, CondKind, DeclKind, Expr, InlineBody, Item, StrPart};

/// What the walk reports.
pub trait Visitor<'a> {
    /// A name use; `shadow` holds the parameters in scope there.
    fn path(&mut self, p: &'a ast::Path, shadow: &[&'a str]);

    /// A `${...}` inside a condition key (`"${issuer}:sub"`); a name use like any other unless
    /// the visitor says otherwise.
    fn key_path(&mut self, p: &'a ast::Path, shadow: &[&'a str]) {
        self.path(p, shadow);
    }
}

/// Walk one declaration.
pub fn decl<'a>(d: &'a ast::Decl, v: &mut dyn Visitor<'a>) {
    let mut w = Walk { shadow: vec![], v };
    match &d.kind {
        DeclKind::Use(_) => {}
        DeclKind::Param { default, .. } => default.iter().for_each(|e| w.expr(e)),
        DeclKind::Let { value, .. } => w.expr(value),
        DeclKind::Fn { params, body, .. } => {
            w.shadow = params.iter().map(|p| p.name.name.as_str()).collect();
            w.expr(body);
        }
        DeclKind::Template { params, body } => {
            w.shadow = params.iter().map(|p| p.name.name.as_str()).collect();
            w.items(body);
        }
        DeclKind::Resource { body, .. } => {
            w.attrs(&d.attrs);
            w.items(body);
        }
        DeclKind::Target(_) => {}
        DeclKind::Cloud { scope, body, .. } => {
            w.attrs(&d.attrs);
            scope.iter().for_each(|e| w.expr(e));
            w.items(body);
        }
        DeclKind::Grant(g) => w.grant(g),
        DeclKind::Test(expects) => {
            for e in expects {
                w.path(&e.subject);
                match &e.kind {
                    ast::ExpectKind::Can {
                        actions,
                        resources,
                        context,
                        ..
                    } => {
                        actions.iter().chain(resources).for_each(|x| w.expr(x));
                        context.iter().for_each(|x| w.expr(x));
                    }
                    ast::ExpectKind::Assumable { principals, .. } => {
                        principals.iter().for_each(|x| w.expr(x));
                    }
                }
            }
        }
    }
}

struct Walk<'a, 'v> {
    shadow: Vec<&'a str>,
    v: &'v mut dyn Visitor<'a>,
}

impl<'a> Walk<'a, '_> {
    fn path(&mut self, p: &'a ast::Path) {
        self.v.path(p, &self.shadow);
    }

    fn call(&mut self, c: &'a ast::Call) {
        self.path(&c.callee);
        c.args.iter().for_each(|a| self.expr(a));
    }

    fn expr(&mut self, e: &'a Expr) {
        match e {
            Expr::Str(s) => {
                for part in &s.parts {
                    if let StrPart::Interp(p) = part {
                        self.path(p);
                    }
                }
            }
            Expr::List(items, _) => items.iter().for_each(|i| self.expr(i)),
            Expr::Map(entries, _) => entries.iter().for_each(|(_, v)| self.expr(v)),
            Expr::Path(p) => self.path(p),
            Expr::Call(c) => self.call(c),
            Expr::Int(..)
            | Expr::Duration(..)
            | Expr::Bool(..)
            | Expr::Star(_)
            | Expr::Action(_)
            | Expr::Error(_) => {}
        }
    }

    fn key(&mut self, k: &'a CondKey) {
        if let CondKey::Str(s) = k {
            for part in &s.parts {
                if let StrPart::Interp(p) = part {
                    self.v.key_path(p, &self.shadow);
                }
            }
        }
    }

    fn conds(&mut self, conds: &'a [ast::Cond]) {
        for c in conds {
            match &c.kind {
                CondKind::Op { key, value, .. } => {
                    self.key(key);
                    self.expr(value);
                }
                CondKind::Raw { key, values, .. } => {
                    self.key(key);
                    values.iter().for_each(|v| self.expr(v));
                }
                CondKind::Exists { key, .. } => self.key(key),
            }
        }
    }

    fn attrs(&mut self, attrs: &'a [ast::Attr]) {
        for a in attrs {
            for arg in &a.args {
                match arg {
                    ast::AttrArg::Pos(e) | ast::AttrArg::Named(_, e) => self.expr(e),
                }
            }
        }
    }

    fn items(&mut self, items: &'a [Item]) {
        for item in items {
            match item {
                Item::Prop { value, .. } => self.expr(value),
                Item::Stmt(s) => {
                    self.attrs(&s.attrs);
                    s.actions.iter().for_each(|a| self.expr(a));
                    if let Some(r) = &s.resources {
                        r.items.iter().for_each(|i| self.expr(i));
                    }
                    self.conds(&s.conds);
                }
                Item::Trust(t) => {
                    self.attrs(&t.attrs);
                    t.principals.iter().for_each(|p| self.expr(p));
                    t.actions.iter().flatten().for_each(|a| self.expr(a));
                    self.conds(&t.conds);
                }
                Item::Attach { targets, .. } => targets.iter().for_each(|t| self.expr(t)),
                Item::Inline { attrs, body, .. } => {
                    self.attrs(attrs);
                    match body {
                        InlineBody::Block(items) => self.items(items),
                        InlineBody::Template(c) => self.call(c),
                    }
                }
                Item::Include { call, .. } => self.call(call),
                Item::Grant(g) => self.grant(g),
                Item::Clause(c) => self.clause(c),
                Item::Error(_) => {}
            }
        }
    }

    fn grant(&mut self, g: &'a ast::Grant) {
        self.attrs(&g.attrs);
        self.expr(&g.role);
        self.expr(&g.scope);
        if let Some((_, members)) = &g.to {
            members.iter().for_each(|m| self.expr(m));
        }
        if let Some(c) = &g.cond {
            self.lang_cond(c);
        }
    }

    fn lang_cond(&mut self, c: &'a ast::LangCond) {
        match &c.kind {
            ast::LangCondKind::Raw { text, .. } => {
                for part in &text.parts {
                    if let StrPart::Interp(p) = part {
                        self.path(p);
                    }
                }
            }
            // The key is the cloud's attribute (`assertion.sub`), not a name of the module.
            ast::LangCondKind::Cmp { value, .. } => self.expr(value),
        }
    }

    fn clause(&mut self, c: &'a ast::Clause) {
        self.attrs(&c.attrs);
        match &c.kind {
            ast::ClauseKind::Block { body, .. } => self.items(body),
            // `map google.subject = assertion.sub`: both sides are the cloud's attributes.
            ast::ClauseKind::Value(v) => self.expr(v),
            ast::ClauseKind::Map { .. } => {}
            ast::ClauseKind::When(w) => self.lang_cond(w),
            ast::ClauseKind::Deny {
                permissions,
                to,
                except,
                cond,
            } => {
                permissions
                    .iter()
                    .chain(to)
                    .chain(except)
                    .for_each(|e| self.expr(e));
                if let Some(c) = cond {
                    self.lang_cond(c);
                }
            }
            ast::ClauseKind::TrustSubject { subject, via, .. } => {
                self.expr(subject);
                if let Some(via) = via {
                    self.path(via);
                }
            }
        }
    }
}
