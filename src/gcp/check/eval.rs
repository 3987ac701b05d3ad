//! Values of `target gcp` modules: strings (with `${...}`), params, lets, fns, lists, predefined
//! roles, permissions, scope constructors and references to the module's declarations.
//! Provider-neutral declarations (`let`, `fn`, `param`) are shared with AWS modules.

use super::GcpChecker;
use super::error::GcpError;
use crate::ast::{self, DeclKind, Expr, StrPart};
use crate::gcp::scopes::{self, ScopeKind};
use crate::ir::{Part, Text};
use crate::resolve::DeclRef;
use crate::span::Span;

/// How deep fn calls and lets may nest.
const MAX_DEPTH: usize = 64;

#[derive(Clone, Debug, PartialEq)]
pub enum Val {
    Text(Text),
    Int(i64),
    Bool(bool),
    List(Vec<(Val, Span)>),
    /// `storage.objects.get`: a permission written bare.
    Perm(String),
    /// `roles/run.developer`.
    Role(String),
    Scope(&'static ScopeKind, Vec<Text>),
    /// A `service_account` declaration, by emitted id.
    ServiceAccount(String),
    /// A `custom_role` declaration, by emitted id.
    CustomRole(String),
    /// Reported where it was made.
    Error,
}

impl Val {
    pub fn describe(&self) -> &'static str {
        match self {
            Val::Text(_) => "a string",
            Val::Int(_) => "a number",
            Val::Bool(_) => "a boolean",
            Val::List(_) => "a list",
            Val::Perm(_) => "a permission",
            Val::Role(_) => "a predefined role",
            Val::Scope(..) => "a scope",
            Val::ServiceAccount(_) => "a service account",
            Val::CustomRole(_) => "a custom role",
            Val::Error => "an error",
        }
    }
}

/// Where an expression is evaluated: its module and the fn parameters in scope.
#[derive(Clone, Copy)]
pub struct Env<'a> {
    pub module: usize,
    pub vars: &'a [(String, Val)],
}

impl GcpChecker<'_> {
    pub fn eval(&mut self, e: &ast::Expr, env: Env<'_>) -> Val {
        match e {
            Expr::Str(s) => self.string(s, env),
            Expr::Int(n, _) => Val::Int(*n),
            Expr::Bool(b, _) => Val::Bool(*b),
            Expr::Action(a) if a.node.starts_with("roles/") => Val::Role(a.node.clone()),
            Expr::Action(a) => self.wrong("a Google Cloud value", "an AWS action", a.span),
            Expr::List(items, _) => Val::List(
                items
                    .iter()
                    .map(|i| (self.eval(i, env), i.span()))
                    .collect(),
            ),
            Expr::Path(p) => self.path(p, env),
            Expr::Call(c) => self.call(c, env),
            Expr::Duration(_, s) => self.wrong("a Google Cloud value", "a duration", *s),
            Expr::Star(s) => self.wrong("a Google Cloud value", "`*`", *s),
            Expr::Map(_, s) => self.wrong("a Google Cloud value", "a map", *s),
            Expr::Error(_) => Val::Error,
        }
    }

    fn wrong(&mut self, expected: &'static str, found: &'static str, span: Span) -> Val {
        self.err(GcpError::Expected {
            expected,
            found,
            span,
        });
        Val::Error
    }

    fn string(&mut self, s: &ast::StrLit, env: Env<'_>) -> Val {
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
        Val::Text(normalize(t))
    }

    /// A name: a fn parameter, a declaration (through `use` aliases), or a permission written
    /// bare (three or more segments that name nothing).
    fn path(&mut self, p: &ast::Path, env: Env<'_>) -> Val {
        let Some(first) = p.segs.first() else {
            return Val::Error;
        };
        if p.segs.len() == 1 {
            if let Some((_, v)) = env.vars.iter().find(|(n, _)| *n == first.name) {
                return v.clone();
            }
        }
        match self.graph.lookup(env.module, &first.name) {
            Some(r) => self.decl_value(r, p.segs.get(1..).unwrap_or_default(), p.span),
            None if p.segs.len() >= 3 => Val::Perm(p.dotted()),
            None => {
                let names: Vec<&str> = self.graph.names(env.module).collect();
                let suggestion =
                    crate::suggest::closest(&first.name, names.into_iter()).map(str::to_string);
                self.err(GcpError::Undefined {
                    name: first.name.clone(),
                    span: first.span,
                    suggestion,
                });
                Val::Error
            }
        }
    }

    fn decl_value(&mut self, r: DeclRef, rest: &[ast::Ident], span: Span) -> Val {
        self.used.insert(r);
        let graph = self.graph;
        let d = graph.decl(r);
        let no_attr = |c: &mut Self, v: Val| match rest.first() {
            None => v,
            Some(a) => {
                c.err(GcpError::Undefined {
                    name: format!("{}.{}", d.name.name, a.name),
                    span: a.span,
                    suggestion: None,
                });
                Val::Error
            }
        };
        match &d.kind {
            DeclKind::Use(_) => {
                let (Some(&m), Some(next)) = (graph.imports.get(&(r.module, r.decl)), rest.first())
                else {
                    return self.wrong("a value", "a module", span);
                };
                match graph.lookup(m, &next.name) {
                    Some(r2) => self.decl_value(r2, rest.get(1..).unwrap_or_default(), span),
                    None => {
                        self.err(GcpError::Undefined {
                            name: format!("{}.{}", d.name.name, next.name),
                            span: next.span,
                            suggestion: None,
                        });
                        Val::Error
                    }
                }
            }
            DeclKind::Param { .. } => {
                let list = self.params.iter().any(|p| p.name == d.name.name && p.list);
                if list {
                    return self.wrong("a single value", "a list param", span);
                }
                let v = Val::Text(Text {
                    parts: vec![Part::Param(d.name.name.clone())],
                });
                no_attr(self, v)
            }
            DeclKind::Let { value, .. } => {
                let v = self.let_value(r, value, span);
                no_attr(self, v)
            }
            DeclKind::Cloud { keyword, .. } => {
                let id = graph.emit_id(r);
                let v = match keyword.name.as_str() {
                    "service_account" => Val::ServiceAccount(id),
                    "custom_role" => Val::CustomRole(id),
                    _ => return self.wrong("a value", "a declaration", span),
                };
                no_attr(self, v)
            }
            DeclKind::Resource { kind, .. } => {
                self.err(GcpError::AwsInGcp {
                    what: format!("`{}` is a `{}`, which", d.name.name, kind.keyword()),
                    span,
                });
                Val::Error
            }
            DeclKind::Fn { .. } => self.wrong("a value", "a fn (call it)", span),
            DeclKind::Template { .. }
            | DeclKind::Test(_)
            | DeclKind::Target(_)
            | DeclKind::Grant(_) => self.wrong("a value", "a declaration", span),
        }
    }

    pub(super) fn let_value(&mut self, r: DeclRef, value: &ast::Expr, span: Span) -> Val {
        if let Some(v) = self.lets.get(&r) {
            return v.clone();
        }
        if self.in_progress.contains(&r) || self.depth >= MAX_DEPTH {
            self.err(GcpError::Recursion {
                name: self.graph.decl(r).name.name.clone(),
                span,
            });
            return Val::Error;
        }
        self.in_progress.insert(r);
        self.depth += 1;
        let v = self.eval(
            value,
            Env {
                module: r.module,
                vars: &[],
            },
        );
        self.depth -= 1;
        self.in_progress.remove(&r);
        self.lets.insert(r, v.clone());
        v
    }

    fn call(&mut self, c: &ast::Call, env: Env<'_>) -> Val {
        let name = c.callee.dotted();
        if let Some(kind) = scopes::find(&name) {
            return self.scope(kind, c, env);
        }
        let first = c.callee.segs.first().map(|s| s.name.as_str()).unwrap_or("");
        if let Some(r) = self.graph.lookup(env.module, first) {
            self.used.insert(r);
            let r = self.follow_use(r, &c.callee.segs);
            if let Some(r) = r {
                if let DeclKind::Fn { params, body, .. } = &self.graph.decl(r).kind {
                    return self.call_fn(r, params, body, c, env);
                }
            }
        }
        self.err(GcpError::UnknownScope {
            name,
            span: c.callee.span,
            suggestion: crate::suggest::closest(&c.callee.dotted(), scopes::names()),
        });
        Val::Error
    }

    /// The declaration a callee path names (`f` or `alias.f`).
    fn follow_use(&self, r: DeclRef, segs: &[ast::Ident]) -> Option<DeclRef> {
        match (&self.graph.decl(r).kind, segs) {
            (DeclKind::Use(_), [_, next]) => {
                let m = *self.graph.imports.get(&(r.module, r.decl))?;
                self.graph.lookup(m, &next.name)
            }
            (_, [_]) => Some(r),
            _ => None,
        }
    }

    fn call_fn(
        &mut self,
        r: DeclRef,
        params: &[ast::FnParam],
        body: &ast::Expr,
        c: &ast::Call,
        env: Env<'_>,
    ) -> Val {
        self.used.insert(r);
        if params.len() != c.args.len() {
            return self.wrong(
                "as many arguments as the fn's parameters",
                "a different number",
                c.span,
            );
        }
        if self.depth >= MAX_DEPTH {
            self.err(GcpError::Recursion {
                name: c.callee.dotted(),
                span: c.span,
            });
            return Val::Error;
        }
        let vars: Vec<(String, Val)> = params
            .iter()
            .zip(&c.args)
            .map(|(p, a)| (p.name.name.clone(), self.eval(a, env)))
            .collect();
        self.depth += 1;
        let v = self.eval(
            body,
            Env {
                module: r.module,
                vars: &vars,
            },
        );
        self.depth -= 1;
        v
    }

    fn scope(&mut self, kind: &'static ScopeKind, c: &ast::Call, env: Env<'_>) -> Val {
        if c.args.len() != kind.params.len() {
            self.err(GcpError::ScopeArity {
                name: kind.name,
                signature: kind.signature(),
                want: kind.params.len(),
                got: c.args.len(),
                span: c.span,
            });
            return Val::Error;
        }
        let mut args = Vec::new();
        for a in &c.args {
            match self.eval(a, env) {
                Val::Text(t) => args.push(t),
                Val::Error => return Val::Error,
                other => return self.wrong("a string", other.describe(), a.span()),
            }
        }
        Val::Scope(kind, args)
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
