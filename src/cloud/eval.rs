//! The evaluator of `target gcp` and `target azure` modules: strings (with `${...}`), params,
//! lets, fns, lists, calls and references to the module's declarations. It is one evaluator,
//! generic over what each cloud adds ([`Evaluator`]): its own values (`C` in [`Val`]), how it
//! reads an action-like word, a bare dotted name, its declarations and its constructors, and
//! how it reports what is not its own.

use super::CommonError;
use crate::ast::{self, DeclKind, Expr, StrPart};
use crate::ir::{Part, Text};
use crate::resolve::{DeclRef, Graph};
use crate::span::{Span, Spanned};
use std::collections::{HashMap, HashSet};

/// How deep fn calls and lets may nest.
const MAX_DEPTH: usize = 64;

/// Units of values one compilation may build in all, plus one per byte of source (as the AWS
/// checker's `check::budget::BUDGET`): every list and string built, and every use of a let's
/// value, is charged by its size, so a doubling chain of lets (`let b = [a, a]`) stops with a
/// diagnostic instead of exhausting memory.
pub const BUDGET: usize = 10_000_000;

/// A value: the provider-neutral kinds, and `Cloud` for what one cloud adds (roles,
/// permissions, scopes, references to its declarations).
#[derive(Clone, Debug, PartialEq)]
pub enum Val<C> {
    Text(Text),
    Int(i64),
    Bool(bool),
    List(Vec<(Val<C>, Span)>),
    Cloud(C),
    /// Reported where it was made.
    Error,
}

/// A cloud's own values: what they are called in "expected ..., found ..." messages.
pub trait CloudVal: Clone {
    fn describe(&self) -> &'static str;
}

impl<C: CloudVal> Val<C> {
    pub fn describe(&self) -> &'static str {
        match self {
            Val::Text(_) => "a string",
            Val::Int(_) => "a number",
            Val::Bool(_) => "a boolean",
            Val::List(_) => "a list",
            Val::Cloud(c) => c.describe(),
            Val::Error => "an error",
        }
    }
}

/// Where an expression is evaluated: its module and the fn parameters in scope.
pub struct Env<'a, C> {
    pub module: usize,
    pub vars: &'a [(String, Val<C>)],
}

impl<C> Clone for Env<'_, C> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<C> Copy for Env<'_, C> {}

impl<C> Env<'_, C> {
    /// A module's top level: no fn parameters.
    pub fn top(module: usize) -> Self {
        Env { module, vars: &[] }
    }
}

/// What the evaluator keeps between expressions: the lets evaluated so far, those being
/// evaluated (a cycle), the nesting depth and the declarations used.
#[derive(Debug)]
pub struct EvalState<C> {
    pub lets: HashMap<DeclRef, Val<C>>,
    pub in_progress: HashSet<DeclRef>,
    pub depth: usize,
    pub used: HashSet<DeclRef>,
    /// Units kept so far (see [`BUDGET`]), units counted for values refused, and whether a
    /// refusal was reported.
    pub spent: usize,
    pub wasted: usize,
    pub exhausted: bool,
}

impl<C> Default for EvalState<C> {
    fn default() -> Self {
        EvalState {
            lets: HashMap::new(),
            in_progress: HashSet::new(),
            depth: 0,
            used: HashSet::new(),
            spent: 0,
            wasted: 0,
            exhausted: false,
        }
    }
}

/// A cloud's checker, as the evaluator sees it: where the program and the state are, how
/// errors are reported, and the cloud's own words. The provided methods are the evaluator.
pub trait Evaluator<'g> {
    /// The cloud's own values.
    type Val: CloudVal;
    /// "a Google Cloud value", "an Azure value".
    const VALUE: &'static str;
    /// What a reference to a declaration the cloud does not evaluate is (its `found`).
    const OTHER_DECL: &'static str;

    fn graph(&self) -> &'g Graph;
    fn params(&self) -> &'g [crate::ir::Param];
    fn state(&mut self) -> &mut EvalState<Self::Val>;
    fn report(&mut self, e: CommonError);

    /// An action-like word (`roles/viewer`, `Microsoft.Storage/*/read`, `s3:GetObject`).
    fn action(&mut self, a: &Spanned<String>) -> Val<Self::Val>;
    /// `*`.
    fn star(&mut self, span: Span) -> Val<Self::Val>;
    /// A dotted name that names nothing (a GCP permission written bare), if the cloud has one.
    fn bare_path(&mut self, p: &ast::Path) -> Option<Val<Self::Val>>;
    /// A reference to one of the cloud's declarations, by keyword and emitted id.
    fn declaration(&mut self, keyword: &str, id: String) -> Option<Self::Val>;
    /// A reference to an AWS declaration: the cloud's own error.
    fn aws_declaration(&mut self, what: String, span: Span);
    /// A constructor looked up before the module's fns (scope constructors).
    fn constructor(
        &mut self,
        name: &str,
        c: &ast::Call,
        env: Env<'_, Self::Val>,
    ) -> Option<Val<Self::Val>>;
    /// A constructor looked up after the module's fns, or the cloud's "unknown scope" error.
    fn other_call(
        &mut self,
        name: String,
        c: &ast::Call,
        env: Env<'_, Self::Val>,
    ) -> Val<Self::Val>;

    fn eval(&mut self, e: &ast::Expr, env: Env<'_, Self::Val>) -> Val<Self::Val> {
        match e {
            Expr::Str(s) => self.string(s, env),
            Expr::Int(n, _) => Val::Int(*n),
            Expr::Bool(b, _) => Val::Bool(*b),
            Expr::Action(a) => self.action(a),
            Expr::Star(s) => self.star(*s),
            Expr::List(items, span) => {
                let list = Val::List(
                    items
                        .iter()
                        .map(|i| (self.eval(i, env), i.span()))
                        .collect(),
                );
                self.charged(list, *span)
            }
            Expr::Path(p) => self.path(p, env),
            Expr::Call(c) => self.call(c, env),
            Expr::Duration(_, s) => self.wrong(Self::VALUE, "a duration", *s),
            Expr::Map(_, s) => self.wrong(Self::VALUE, "a map", *s),
            Expr::Error(_) => Val::Error,
        }
    }

    /// "expected ..., found ...", and an error value.
    fn wrong(&mut self, expected: &'static str, found: &'static str, span: Span) -> Val<Self::Val> {
        self.report(CommonError::Expected {
            expected,
            found,
            span,
        });
        Val::Error
    }

    fn string(&mut self, s: &ast::StrLit, env: Env<'_, Self::Val>) -> Val<Self::Val> {
        let mut t = Text::default();
        for part in &s.parts {
            match part {
                StrPart::Lit(l) => t.parts.push(Part::Lit(l.clone())),
                StrPart::PolicyVar(v) => t.parts.push(Part::PolicyVar(v.clone())),
                StrPart::Interp(p) => match self.path(p, env) {
                    Val::Text(inner) => t.parts.extend(inner.parts),
                    Val::Int(n) => t.parts.push(Part::Lit(n.to_string())),
                    Val::Error => return Val::Error,
                    other => return self.wrong("a string", other.describe(), p.span),
                },
            }
        }
        self.charged(Val::Text(normalize(t)), s.span)
    }

    /// `v` if the budget still holds its size, else (after one diagnostic) an error value. A
    /// value refused is not kept, so what follows it still evaluates (a doubling chain stops at
    /// its first link over the budget, and `role_id = "reader"` after it is still read).
    fn charged(&mut self, v: Val<Self::Val>, span: Span) -> Val<Self::Val> {
        let limit = BUDGET.saturating_add(self.graph().source_bytes);
        let st = self.state();
        let room = limit.saturating_sub(st.spent);
        match measure(st, &v, room, limit) {
            Some(size) => {
                st.spent = st.spent.saturating_add(size);
                v
            }
            None => self.refuse(room, limit, span),
        }
    }

    /// Refuses a value over the budget: reports it once, and charges the counting it cost
    /// (at most `room` + 1 units) to a second budget of the same size, so that refusals cannot
    /// repeat without end; once that is spent too, every value is refused.
    fn refuse(&mut self, room: usize, limit: usize, span: Span) -> Val<Self::Val> {
        let st = self.state();
        st.wasted = st.wasted.saturating_add(room.saturating_add(1));
        if !st.exhausted {
            st.exhausted = true;
            self.report(CommonError::BudgetExhausted { limit, span });
        }
        Val::Error
    }

    /// A name: a fn parameter, a declaration (through `use` aliases), or what the cloud
    /// makes of a dotted name that names nothing.
    fn path(&mut self, p: &ast::Path, env: Env<'_, Self::Val>) -> Val<Self::Val> {
        let Some(first) = p.segs.first() else {
            return Val::Error;
        };
        if p.segs.len() == 1 {
            if let Some((_, v)) = env.vars.iter().find(|(n, _)| *n == first.name) {
                return v.clone();
            }
        }
        let graph = self.graph();
        match graph.lookup(env.module, &first.name) {
            Some(r) => self.decl_value(r, p.segs.get(1..).unwrap_or_default(), p.span),
            None => {
                if let Some(v) = self.bare_path(p) {
                    return v;
                }
                let suggestion = crate::suggest::closest(&first.name, graph.names(env.module))
                    .map(str::to_string);
                self.report(CommonError::Undefined {
                    name: first.name.clone(),
                    span: first.span,
                    suggestion,
                });
                Val::Error
            }
        }
    }

    /// `name.attr`: declarations have no attributes (an import's names are followed).
    fn no_attr(&mut self, d: &ast::Decl, rest: &[ast::Ident], v: Val<Self::Val>) -> Val<Self::Val> {
        match rest.first() {
            None => v,
            Some(a) => {
                self.report(CommonError::Undefined {
                    name: format!("{}.{}", d.name.name, a.name),
                    span: a.span,
                    suggestion: None,
                });
                Val::Error
            }
        }
    }

    fn decl_value(&mut self, r: DeclRef, rest: &[ast::Ident], span: Span) -> Val<Self::Val> {
        self.state().used.insert(r);
        let graph = self.graph();
        let d = graph.decl(r);
        match &d.kind {
            DeclKind::Use(_) => {
                let (Some(&m), Some(next)) = (graph.imports.get(&(r.module, r.decl)), rest.first())
                else {
                    return self.wrong("a value", "a module", span);
                };
                match graph.lookup(m, &next.name) {
                    Some(r2) => self.decl_value(r2, rest.get(1..).unwrap_or_default(), span),
                    None => self.no_attr(d, rest, Val::Error),
                }
            }
            DeclKind::Param { .. } => {
                if self
                    .params()
                    .iter()
                    .any(|p| p.name == d.name.name && p.list)
                {
                    return self.wrong("a single value", "a list param", span);
                }
                let v = Val::Text(Text {
                    parts: vec![Part::Param(d.name.name.clone())],
                });
                self.no_attr(d, rest, v)
            }
            DeclKind::Let { value, .. } => {
                let v = self.let_value(r, value, span);
                self.no_attr(d, rest, v)
            }
            DeclKind::Cloud { keyword, .. } => {
                match self.declaration(&keyword.name, graph.emit_id(r)) {
                    Some(v) => self.no_attr(d, rest, Val::Cloud(v)),
                    None => self.wrong("a value", Self::OTHER_DECL, span),
                }
            }
            DeclKind::Resource { kind, .. } => {
                let what = format!("`{}` is a `{}`, which", d.name.name, kind.keyword());
                self.aws_declaration(what, span);
                Val::Error
            }
            DeclKind::Fn { .. } => self.wrong("a value", "a fn (call it)", span),
            DeclKind::Template { .. }
            | DeclKind::Test(_)
            | DeclKind::Target(_)
            | DeclKind::Grant(_) => self.wrong("a value", "a declaration", span),
        }
    }

    /// A let's value, evaluated once.
    fn let_value(&mut self, r: DeclRef, value: &ast::Expr, span: Span) -> Val<Self::Val> {
        let limit = BUDGET.saturating_add(self.graph().source_bytes);
        let st = self.state();
        if let Some(v) = st.lets.get(&r) {
            // Measured before it is copied: a use over the budget copies nothing.
            let room = limit.saturating_sub(st.spent);
            if let Some(size) = measure(st, v, room, limit) {
                let v = v.clone();
                st.spent = st.spent.saturating_add(size);
                return v;
            }
            return self.refuse(room, limit, span);
        }
        let st = self.state();
        if st.in_progress.contains(&r) || st.depth >= MAX_DEPTH {
            let name = self.graph().decl(r).name.name.clone();
            self.report(CommonError::Recursion { name, span });
            return Val::Error;
        }
        st.in_progress.insert(r);
        st.depth += 1;
        let v = self.eval(value, Env::top(r.module));
        let st = self.state();
        st.depth -= 1;
        st.in_progress.remove(&r);
        st.lets.insert(r, v.clone());
        v
    }

    fn call(&mut self, c: &ast::Call, env: Env<'_, Self::Val>) -> Val<Self::Val> {
        let name = c.callee.dotted();
        if let Some(v) = self.constructor(&name, c, env) {
            return v;
        }
        let first = c.callee.segs.first().map_or("", |s| s.name.as_str());
        let graph = self.graph();
        if let Some(r) = graph.lookup(env.module, first) {
            self.state().used.insert(r);
            if let Some(r) = follow_use(graph, r, &c.callee.segs) {
                if let DeclKind::Fn { params, body, .. } = &graph.decl(r).kind {
                    return self.call_fn(r, params, body, c, env);
                }
            }
        }
        self.other_call(name, c, env)
    }

    fn call_fn(
        &mut self,
        r: DeclRef,
        params: &[ast::FnParam],
        body: &ast::Expr,
        c: &ast::Call,
        env: Env<'_, Self::Val>,
    ) -> Val<Self::Val> {
        self.state().used.insert(r);
        if params.len() != c.args.len() {
            return self.wrong(
                "as many arguments as the fn's parameters",
                "a different number",
                c.span,
            );
        }
        if self.state().depth >= MAX_DEPTH {
            self.report(CommonError::Recursion {
                name: c.callee.dotted(),
                span: c.span,
            });
            return Val::Error;
        }
        let vars: Vec<(String, Val<Self::Val>)> = params
            .iter()
            .zip(&c.args)
            .map(|(p, a)| (p.name.name.clone(), self.eval(a, env)))
            .collect();
        self.state().depth += 1;
        let v = self.eval(
            body,
            Env {
                module: r.module,
                vars: &vars,
            },
        );
        self.state().depth -= 1;
        v
    }

    /// The values a grant's `to` clause names, lists flattened: `Ok(None)` for a grant inside
    /// an identity declaration (`inside`), which is for the identity and has no `to`.
    #[expect(
        clippy::type_complexity,
        reason = "the values with their spans, or none, or what is wrong"
    )]
    fn grant_to(
        &mut self,
        g: &ast::Grant,
        inside: bool,
        env: Env<'_, Self::Val>,
    ) -> Result<Option<Vec<(Val<Self::Val>, Span)>>, ToProblem> {
        let (word, exprs) = match (&g.to, inside) {
            (None, true) => return Ok(None),
            (Some(_), true) => return Err(ToProblem::InIdentity),
            (None, false) => return Err(ToProblem::Missing),
            (Some((word, exprs)), false) => (word, exprs),
        };
        if word.name != "to" {
            return Err(ToProblem::NotTo {
                word: word.name.clone(),
                span: word.span,
            });
        }
        let mut flat = Vec::new();
        for e in exprs {
            flatten(self.eval(e, env), e.span(), &mut flat);
        }
        Ok(Some(flat))
    }

    /// A constructor's arguments, each a string (`check` sees each with its parameter's
    /// index), or `None` when one is not (reported).
    fn text_args(
        &mut self,
        c: &ast::Call,
        env: Env<'_, Self::Val>,
        mut check: impl FnMut(&mut Self, usize, &Text, Span),
    ) -> Option<Vec<Text>>
    where
        Self: Sized,
    {
        let mut args = Vec::new();
        for (i, a) in c.args.iter().enumerate() {
            match self.eval(a, env) {
                Val::Text(t) => {
                    check(self, i, &t, a.span());
                    args.push(t);
                }
                Val::Error => return None,
                other => {
                    self.wrong("a string", other.describe(), a.span());
                    return None;
                }
            }
        }
        Some(args)
    }
}

/// What is wrong with a grant's `to` clause; each cloud reports it in its own words.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ToProblem {
    /// `to` on a grant inside an identity declaration (the grant is for the identity).
    InIdentity,
    /// A module-level grant without `to`.
    Missing,
    /// Another word where `to` belongs.
    NotTo { word: String, span: Span },
}

/// The declaration a callee path names (`f` or `alias.f`).
fn follow_use(graph: &Graph, r: DeclRef, segs: &[ast::Ident]) -> Option<DeclRef> {
    match (&graph.decl(r).kind, segs) {
        (DeclKind::Use(_), [_, next]) => {
            let m = *graph.imports.get(&(r.module, r.decl))?;
            graph.lookup(m, &next.name)
        }
        (_, [_]) => Some(r),
        _ => None,
    }
}

/// Adjacent literal parts merged, so a literal text is one part.
fn normalize(t: Text) -> Text {
    let mut parts: Vec<Part> = Vec::new();
    for p in t.parts {
        match (parts.last_mut(), p) {
            (Some(Part::Lit(a)), Part::Lit(b)) => a.push_str(&b),
            (_, p) => parts.push(p),
        }
    }
    Text { parts }
}

/// The literal text of a value, when it has no params.
pub fn literal(t: &Text) -> Option<String> {
    let mut s = String::new();
    for p in &t.parts {
        match p {
            Part::Lit(l) => s.push_str(l),
            _ => return None,
        }
    }
    Some(s)
}

/// The size of `v` if it fits in `room`; `None` if it does not, or if refusals have already
/// spent their own budget (`limit`).
fn measure<C>(st: &EvalState<C>, v: &Val<C>, room: usize, limit: usize) -> Option<usize> {
    if st.wasted > limit {
        return None;
    }
    Some(units(v, room)).filter(|size| *size <= room)
}

/// The size of a value in units (one per value, list item and text part, plus one per 16 bytes
/// of literal text), counted no further than just past `cap`: the work is bounded by what is
/// charged.
fn units<C>(v: &Val<C>, cap: usize) -> usize {
    match v {
        Val::List(items) => {
            let mut n: usize = 1;
            for (item, _) in items {
                if n > cap {
                    break;
                }
                n = n.saturating_add(units(item, cap - n));
            }
            n
        }
        Val::Text(t) => t.parts.iter().fold(1usize, |n, p| {
            n.saturating_add(
                1 + if let Part::Lit(s) = p {
                    s.len() / 16
                } else {
                    0
                },
            )
        }),
        _ => 1,
    }
}

/// Lists flattened (a let holding a list of permissions or operations, members in lists).
pub fn flatten<C>(v: Val<C>, span: Span, out: &mut Vec<(Val<C>, Span)>) {
    match v {
        Val::List(items) => {
            for (v, s) in items {
                flatten(v, s, out);
            }
        }
        v => out.push((v, span)),
    }
}
