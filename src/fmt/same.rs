//! Whether two modules mean the same (stage: formatting; reads the parser's AST): equal once
//! every span is cleared, so only where things were written may differ.
//!
//! Every node is taken apart field by field without `..`, so a field added to the AST later
//! stops the build here until this check covers it.

use crate::ast::{
    Attr, AttrArg, Call, Cond, CondKey, CondKind, Decl, DeclKind, Expect, ExpectKind, Expr,
    FnParam, Ident, InlineBody, Item, Module, Path, Resources, Stmt, StrLit, StrPart, Trust,
    TypeExpr, UseTarget,
};
use crate::span::{Span, Spanned};

/// Whether `a` and `b` are equal but for their spans (which this clears in both).
pub fn same_module(a: &mut Module, b: &mut Module) -> bool {
    clear_module(a);
    clear_module(b);
    a == b
}

fn clear_module(m: &mut Module) {
    let Module { decls } = m;
    for d in decls {
        clear_decl(d);
    }
}

fn clear(s: &mut Span) {
    *s = Span::default();
}

fn clear_spanned<T>(s: &mut Spanned<T>) {
    clear(&mut s.span);
}

fn clear_ident(i: &mut Ident) {
    let Ident { name: _, span } = i;
    clear(span);
}

fn clear_path(p: &mut Path) {
    let Path { segs, span } = p;
    segs.iter_mut().for_each(clear_ident);
    clear(span);
}

fn clear_str(s: &mut StrLit) {
    let StrLit { parts, span } = s;
    for p in parts {
        match p {
            StrPart::Lit(_) | StrPart::PolicyVar(_) => {}
            StrPart::Interp(path) => clear_path(path),
        }
    }
    clear(span);
}

fn clear_attr(a: &mut Attr) {
    let Attr { name, args, span } = a;
    clear_ident(name);
    for arg in args {
        match arg {
            AttrArg::Pos(e) => clear_expr(e),
            AttrArg::Named(n, e) => {
                clear_ident(n);
                clear_expr(e);
            }
        }
    }
    clear(span);
}

fn clear_type(t: &mut TypeExpr) {
    let TypeExpr { name, args, span } = t;
    clear_ident(name);
    args.iter_mut().for_each(clear_type);
    clear(span);
}

fn clear_params(ps: &mut [FnParam]) {
    for p in ps {
        let FnParam { name, ty } = p;
        clear_ident(name);
        clear_type(ty);
    }
}

fn clear_decl(d: &mut Decl) {
    let Decl {
        attrs,
        doc,
        name,
        kind,
        span,
    } = d;
    attrs.iter_mut().for_each(clear_attr);
    if let Some(doc) = doc {
        clear_spanned(doc);
    }
    clear_ident(name);
    clear(span);
    match kind {
        DeclKind::Use(UseTarget::Std(p)) => clear_path(p),
        DeclKind::Use(UseTarget::File(f)) => clear_spanned(f),
        DeclKind::Param { ty, default } => {
            clear_type(ty);
            default.iter_mut().for_each(clear_expr);
        }
        DeclKind::Let { ty, value } => {
            ty.iter_mut().for_each(clear_type);
            clear_expr(value);
        }
        DeclKind::Fn { params, ret, body } => {
            clear_params(params);
            ret.iter_mut().for_each(clear_type);
            clear_expr(body);
        }
        DeclKind::Template { params, body } => {
            clear_params(params);
            body.iter_mut().for_each(clear_item);
        }
        DeclKind::Resource { kind: _, body } => body.iter_mut().for_each(clear_item),
        DeclKind::Test(expects) => expects.iter_mut().for_each(clear_expect),
        DeclKind::Target(value) => clear_ident(value),
        DeclKind::Cloud {
            keyword,
            scope,
            body,
        } => {
            clear_ident(keyword);
            scope.iter_mut().for_each(clear_expr);
            body.iter_mut().for_each(clear_item);
        }
        DeclKind::Grant(g) => clear_grant(g),
    }
}

fn clear_grant(g: &mut crate::ast::Grant) {
    let crate::ast::Grant {
        attrs,
        keyword,
        role,
        scope,
        to,
        cond,
        span,
    } = g;
    attrs.iter_mut().for_each(clear_attr);
    clear_ident(keyword);
    clear_expr(role);
    clear_expr(scope);
    if let Some((word, members)) = to {
        clear_ident(word);
        members.iter_mut().for_each(clear_expr);
    }
    if let Some(c) = cond {
        clear_lang_cond(c);
    }
    clear(span);
}

fn clear_lang_cond(c: &mut crate::ast::LangCond) {
    match &mut c.kind {
        crate::ast::LangCondKind::Raw { lang, text } => {
            clear_ident(lang);
            clear_str(text);
        }
        crate::ast::LangCondKind::Cmp { key, op, value } => {
            clear_path(key);
            clear_spanned(op);
            clear_expr(value);
        }
    }
    clear(&mut c.span);
}

fn clear_clause(c: &mut crate::ast::Clause) {
    use crate::ast::ClauseKind;
    c.attrs.iter_mut().for_each(clear_attr);
    clear_ident(&mut c.keyword);
    match &mut c.kind {
        ClauseKind::Block { name, body } => {
            clear_ident(name);
            body.iter_mut().for_each(clear_item);
        }
        ClauseKind::Value(v) => clear_expr(v),
        ClauseKind::Map { key, value } => {
            clear_path(key);
            clear_expr(value);
        }
        ClauseKind::When(w) => clear_lang_cond(w),
        ClauseKind::Deny {
            permissions,
            to,
            except,
            cond,
        } => {
            permissions.iter_mut().for_each(clear_expr);
            to.iter_mut().for_each(clear_expr);
            except.iter_mut().for_each(clear_expr);
            if let Some(c) = cond {
                clear_lang_cond(c);
            }
        }
        ClauseKind::TrustSubject { kind, subject, via } => {
            clear_ident(kind);
            clear_expr(subject);
            if let Some(via) = via {
                clear_path(via);
            }
        }
    }
    clear(&mut c.span);
}

fn clear_call(c: &mut Call) {
    let Call { callee, args, span } = c;
    clear_path(callee);
    args.iter_mut().for_each(clear_expr);
    clear(span);
}

fn clear_item(it: &mut Item) {
    match it {
        Item::Prop { key, value } => {
            clear_ident(key);
            clear_expr(value);
        }
        Item::Stmt(s) => clear_stmt(s),
        Item::Trust(t) => clear_trust(t),
        Item::Attach { targets, span } => {
            targets.iter_mut().for_each(clear_expr);
            clear(span);
        }
        Item::Inline {
            attrs,
            name,
            body,
            span,
        } => {
            attrs.iter_mut().for_each(clear_attr);
            name.iter_mut().for_each(clear_ident);
            match body {
                InlineBody::Block(items) => items.iter_mut().for_each(clear_item),
                InlineBody::Template(c) => clear_call(c),
            }
            clear(span);
        }
        Item::Include { call, span } => {
            clear_call(call);
            clear(span);
        }
        Item::Grant(g) => clear_grant(g),
        Item::Clause(c) => clear_clause(c),
        Item::Error(span) => clear(span),
    }
}

fn clear_stmt(s: &mut Stmt) {
    let Stmt {
        attrs,
        effect: _,
        not_actions: _,
        actions,
        resources,
        conds,
        span,
    } = s;
    attrs.iter_mut().for_each(clear_attr);
    actions.iter_mut().for_each(clear_expr);
    if let Some(Resources {
        not: _,
        items,
        span,
    }) = resources
    {
        items.iter_mut().for_each(clear_expr);
        clear(span);
    }
    conds.iter_mut().for_each(clear_cond);
    clear(span);
}

fn clear_trust(t: &mut Trust) {
    let Trust {
        attrs,
        kind,
        principals,
        actions,
        conds,
        span,
    } = t;
    attrs.iter_mut().for_each(clear_attr);
    clear_ident(kind);
    principals.iter_mut().for_each(clear_expr);
    for a in actions.iter_mut().flatten() {
        clear_expr(a);
    }
    conds.iter_mut().for_each(clear_cond);
    clear(span);
}

fn clear_key(k: &mut CondKey) {
    match k {
        CondKey::Name(n) => clear_spanned(n),
        CondKey::Str(s) => clear_str(s),
    }
}

fn clear_cond(c: &mut Cond) {
    let Cond { kind, span } = c;
    match kind {
        CondKind::Op {
            quant: _,
            key,
            op,
            value,
            if_present: _,
        } => {
            clear_key(key);
            clear_spanned(op);
            clear_expr(value);
        }
        CondKind::Exists { key, negated: _ } => clear_key(key),
        CondKind::Raw { op, key, values } => {
            clear_spanned(op);
            clear_key(key);
            values.iter_mut().for_each(clear_expr);
        }
    }
    clear(span);
}

fn clear_expr(e: &mut Expr) {
    match e {
        Expr::Str(s) => clear_str(s),
        Expr::Int(_, s)
        | Expr::Duration(_, s)
        | Expr::Bool(_, s)
        | Expr::Star(s)
        | Expr::Error(s) => clear(s),
        Expr::Action(a) => clear_spanned(a),
        Expr::List(items, s) => {
            items.iter_mut().for_each(clear_expr);
            clear(s);
        }
        Expr::Map(entries, s) => {
            for (k, v) in entries {
                clear_spanned(k);
                clear_expr(v);
            }
            clear(s);
        }
        Expr::Path(p) => clear_path(p),
        Expr::Call(c) => clear_call(c),
    }
}

fn clear_expect(e: &mut Expect) {
    let Expect {
        subject,
        kind,
        span,
    } = e;
    clear_path(subject);
    match kind {
        ExpectKind::Can {
            negated: _,
            actions,
            resources,
            context,
        } => {
            actions.iter_mut().for_each(clear_expr);
            resources.iter_mut().for_each(clear_expr);
            context.iter_mut().for_each(clear_expr);
        }
        ExpectKind::Assumable {
            negated: _,
            kind,
            principals,
            context,
        } => {
            clear_ident(kind);
            principals.iter_mut().for_each(clear_expr);
            context.iter_mut().for_each(clear_expr);
        }
    }
    clear(span);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parser::parse;

    #[test]
    fn only_spans_may_differ() {
        let mut a = parse("role r { tags = { a: \"b\" } }", 0).0;
        let mut b = parse("role r {\n  tags = {\n    a: \"b\",\n  }\n}\n", 0).0;
        let mut c = parse("role r { tags = { a: \"c\" } }", 0).0;
        assert_ne!(a.decls[0].span, b.decls[0].span, "spans differ");
        assert!(same_module(&mut a, &mut b));
        assert!(!same_module(&mut a, &mut c));
    }
}
