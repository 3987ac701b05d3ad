//! Values of `target azure` modules: strings (with `${...}`), params, lets, fns, lists,
//! operations, `builtin("NAME")`, scope and principal constructors and references to the
//! module's declarations. Provider-neutral declarations (`let`, `fn`, `param`, `std.github`)
//! are shared with the other clouds' modules.

use super::AzureChecker;
use super::error::AzureError;
use crate::ast::{self, DeclKind, Expr, StrPart};
use crate::azure::ir::PrincipalType;
use crate::azure::scopes::{self, ScopeKind};
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
    /// `Microsoft.Storage/storageAccounts/read`, `*/read`, `*`: an operation written bare.
    Op(String),
    /// `builtin("AcrPush")`, checked against the catalog: its name and GUID.
    Builtin(String, String),
    Scope(&'static ScopeKind, Vec<Text>),
    /// `user("ID")`, `group("ID")`, `service_principal("ID")`.
    Principal(PrincipalType, Text),
    /// A `managed_identity` declaration, by emitted id.
    Identity(String),
    /// A `role_definition` declaration, by emitted id.
    RoleDefinition(String),
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
            Val::Op(_) => "an operation",
            Val::Builtin(..) => "a built-in role",
            Val::Scope(..) => "a scope",
            Val::Principal(..) => "a principal",
            Val::Identity(_) => "a managed identity",
            Val::RoleDefinition(_) => "a role definition",
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

const PRINCIPALS: &[(&str, PrincipalType)] = &[
    ("user", PrincipalType::User),
    ("group", PrincipalType::Group),
    ("service_principal", PrincipalType::ServicePrincipal),
];

impl AzureChecker<'_> {
    pub fn eval(&mut self, e: &ast::Expr, env: Env<'_>) -> Val {
        match e {
            Expr::Str(s) => self.string(s, env),
            Expr::Int(n, _) => Val::Int(*n),
            Expr::Bool(b, _) => Val::Bool(*b),
            Expr::Action(a) if a.node.contains('/') && !a.node.starts_with("roles/") => {
                Val::Op(a.node.clone())
            }
            Expr::Action(a) => self.wrong("an Azure value", "an action of another cloud", a.span),
            Expr::Star(_) => Val::Op("*".into()),
            Expr::List(items, _) => Val::List(
                items
                    .iter()
                    .map(|i| (self.eval(i, env), i.span()))
                    .collect(),
            ),
            Expr::Path(p) => self.path(p, env),
            Expr::Call(c) => self.call(c, env),
            Expr::Duration(_, s) => self.wrong("an Azure value", "a duration", *s),
            Expr::Map(_, s) => self.wrong("an Azure value", "a map", *s),
            Expr::Error(_) => Val::Error,
        }
    }

    pub(super) fn wrong(&mut self, expected: &'static str, found: &'static str, span: Span) -> Val {
        self.err(AzureError::Expected {
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
                StrPart::Lit(l) => t.push(Part::Lit(l.clone())),
                StrPart::PolicyVar(v) => t.push(Part::PolicyVar(v.clone())),
                StrPart::Interp(p) => match self.path(p, env) {
                    Val::Text(inner) => inner.parts.into_iter().for_each(|x| t.push(x)),
                    Val::Int(n) => t.push(Part::Lit(n.to_string())),
                    Val::Error => return Val::Error,
                    other => return self.wrong("a string", other.describe(), p.span),
                },
            }
        }
        Val::Text(t)
    }

    /// A name: a fn parameter or a declaration (through `use` aliases).
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
            None => {
                let names: Vec<&str> = self.graph.names(env.module).collect();
                let suggestion =
                    crate::suggest::closest(&first.name, names.into_iter()).map(str::to_string);
                self.err(AzureError::Undefined {
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
        if let (DeclKind::Use(_), Some(next)) = (&d.kind, rest.first()) {
            let Some(&m) = graph.imports.get(&(r.module, r.decl)) else {
                return self.wrong("a value", "a module", span);
            };
            return match graph.lookup(m, &next.name) {
                Some(r2) => self.decl_value(r2, rest.get(1..).unwrap_or_default(), span),
                None => {
                    self.err(AzureError::Undefined {
                        name: format!("{}.{}", d.name.name, next.name),
                        span: next.span,
                        suggestion: None,
                    });
                    Val::Error
                }
            };
        }
        if let Some(a) = rest.first() {
            self.err(AzureError::Undefined {
                name: format!("{}.{}", d.name.name, a.name),
                span: a.span,
                suggestion: None,
            });
            return Val::Error;
        }
        match &d.kind {
            DeclKind::Use(_) => self.wrong("a value", "a module", span),
            DeclKind::Param { .. } => {
                if self.params.iter().any(|p| p.name == d.name.name && p.list) {
                    return self.wrong("a single value", "a list param", span);
                }
                Val::Text(Text {
                    parts: vec![Part::Param(d.name.name.clone())],
                })
            }
            DeclKind::Let { value, .. } => self.let_value(r, value, span),
            DeclKind::Cloud { keyword, .. } => match keyword.name.as_str() {
                "managed_identity" => Val::Identity(graph.emit_id(r)),
                "role_definition" => Val::RoleDefinition(graph.emit_id(r)),
                _ => self.wrong("a value", "a declaration of another cloud", span),
            },
            DeclKind::Resource { kind, .. } => {
                self.err(AzureError::OtherCloud {
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
            self.err(AzureError::Recursion {
                name: self.graph.decl(r).name.name.clone(),
                span,
            });
            return Val::Error;
        }
        self.in_progress.insert(r);
        self.depth += 1;
        let env = Env {
            module: r.module,
            vars: &[],
        };
        let v = self.eval(value, env);
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
        let first = c.callee.segs.first().map_or("", |s| s.name.as_str());
        if let Some(r) = self.graph.lookup(env.module, first) {
            self.used.insert(r);
            if let Some(r) = self.follow_use(r, &c.callee.segs) {
                if let DeclKind::Fn { params, body, .. } = &self.graph.decl(r).kind {
                    return self.call_fn(r, params, body, c, env);
                }
            }
        }
        if name == "builtin" {
            return self.builtin(c, env);
        }
        if let Some((_, kind)) = PRINCIPALS.iter().find(|(n, _)| *n == name) {
            return match self.one_text(c, env) {
                Some(t) => Val::Principal(*kind, t),
                None => Val::Error,
            };
        }
        self.err(AzureError::UnknownScope {
            name,
            span: c.callee.span,
            suggestion: crate::suggest::closest(
                &c.callee.dotted(),
                scopes::names().chain(["builtin", "user", "group", "service_principal"]),
            ),
        });
        Val::Error
    }

    /// The one string argument of `builtin(...)`, `user(...)`, ...
    fn one_text(&mut self, c: &ast::Call, env: Env<'_>) -> Option<Text> {
        let [arg] = c.args.as_slice() else {
            self.wrong("one argument", "another number", c.span);
            return None;
        };
        match self.eval(arg, env) {
            Val::Text(t) => Some(t),
            Val::Error => None,
            other => {
                self.wrong("a string", other.describe(), arg.span());
                None
            }
        }
    }

    /// `builtin("AcrPush")`: a built-in role of the catalog (names match as Azure matches them,
    /// ignoring case; the catalog's spelling is kept).
    fn builtin(&mut self, c: &ast::Call, env: Env<'_>) -> Val {
        let Some(t) = self.one_text(c, env) else {
            return Val::Error;
        };
        let Some(name) = super::lower::literal(&t) else {
            return self.wrong("a role name known at compile time", "a param", c.span);
        };
        let Ok(cat) = crate::azure::catalog::catalog() else {
            return Val::Error;
        };
        let found = cat
            .role_by_name(&name)
            .or_else(|| cat.roles().find(|r| r.name().eq_ignore_ascii_case(&name)));
        match found {
            Some(r) => Val::Builtin(r.name().to_string(), r.id().to_string()),
            None => {
                self.err(AzureError::UnknownBuiltin {
                    suggestion: cat.suggest_role(&name).map(str::to_string),
                    name,
                    span: c.args.first().map_or(c.span, ast::Expr::span),
                });
                Val::Error
            }
        }
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
            self.err(AzureError::Recursion {
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
            self.err(AzureError::ScopeArity {
                name: kind.name,
                signature: kind.signature(),
                want: kind.params.len(),
                got: c.args.len(),
                span: c.span,
            });
            return Val::Error;
        }
        let mut args = Vec::new();
        for (a, pname) in c.args.iter().zip(kind.params) {
            match self.eval(a, env) {
                Val::Text(t) => {
                    self.scope_arg(pname, &t, a.span());
                    args.push(t);
                }
                Val::Error => return Val::Error,
                other => return self.wrong("a string", other.describe(), a.span()),
            }
        }
        Val::Scope(kind, args)
    }

    /// A literal subscription id or resource group name, checked for format.
    fn scope_arg(&mut self, param: &str, t: &Text, span: Span) {
        let Some(v) = super::lower::literal(t) else {
            return;
        };
        let (ok, what) = match param {
            "subscription_id" => (
                crate::azure::values::is_subscription_id(&v),
                "subscription id",
            ),
            "resource_group" => (
                crate::azure::values::is_resource_group(&v),
                "resource group name",
            ),
            _ => (!v.is_empty() && !v.contains('/'), "resource name"),
        };
        if !ok {
            self.err(AzureError::BadValue {
                what,
                value: v,
                span,
            });
        }
    }
}
