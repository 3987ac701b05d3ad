//! Expression evaluation for the checker: lets, fns, params, `current.*`, `X.arn`, string
//! interpolation, and the types of values.

use super::Checker;
use super::budget::{MAX_VALUE, fingerprint_vars, units};
use super::error::CheckError;
use crate::ast::{self, DeclKind, Expr, ResKind, StrPart};
use crate::aws::catalog::catalog;
use crate::aws::values;
use crate::ir::{self, Attr, Current, Part, Text};
use crate::resolve::{DeclRef, ResolveError};
use crate::span::Span;
use std::rc::Rc;

/// How deep fn calls and template includes may nest (recursion is refused before evaluation;
/// this bounds long non-recursive chains).
pub const MAX_DEPTH: usize = 64;

#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    Text(Text),
    Int(i64),
    Bool(bool),
    Duration(u64),
    Star,
    Action(String),
    /// Shared: a let used many times is one list in memory, and cloning it is free.
    List(Rc<Vec<V>>),
    Map(Rc<Vec<(String, V)>>),
    /// A resource declaration (role, policy, ...).
    Decl(DeclRef),
    /// `aws_managed("X")`: the path-qualified managed policy name.
    Managed(String),
    /// A `List[T]` param: several values known at deploy time, usable where a list goes.
    ParamList(String),
    /// A fn, template or module used as a value (already reported).
    Error,
}

/// A value and where it came from.
#[derive(Clone, Debug, PartialEq)]
pub struct V {
    pub val: Value,
    pub span: Span,
    /// The value's size in units, computed once when it is built.
    pub size: usize,
}

impl V {
    pub fn new(val: Value, span: Span) -> V {
        let size = units(&val);
        V { val, span, size }
    }

    /// Lists flattened (a `let` of a list spliced into a list).
    pub fn flatten(self) -> Vec<V> {
        match self.val {
            Value::List(items) => Rc::unwrap_or_clone(items)
                .into_iter()
                .flat_map(V::flatten)
                .collect(),
            _ => vec![self],
        }
    }
}

/// Where names are looked up: fn/template arguments first, then the defining module.
#[derive(Clone, Copy)]
pub struct Env<'a> {
    pub module: usize,
    pub vars: &'a [(String, V)],
}

#[derive(Clone, Debug, PartialEq)]
pub enum Ty {
    String,
    Int,
    Bool,
    Duration,
    AccountId,
    Region,
    Arn,
    Cidr,
    Date,
    Action,
    List(Box<Ty>),
    Map(Box<Ty>),
    Res(ResKind),
}

const TYPE_NAMES: &[&str] = &[
    "String",
    "Int",
    "Bool",
    "Duration",
    "AccountId",
    "Region",
    "Arn",
    "Cidr",
    "Date",
    "Action",
    "List",
    "Map",
    "Role",
    "Policy",
    "User",
    "Group",
    "InstanceProfile",
    "OidcProvider",
    "SamlProvider",
];

pub fn describe(v: &Value) -> String {
    match v {
        Value::Text(_) => "a string".into(),
        Value::Int(_) => "a number".into(),
        Value::Bool(_) => "a boolean".into(),
        Value::Duration(_) => "a duration".into(),
        Value::Star => "`*`".into(),
        Value::Action(a) => format!("the action `{a}`"),
        Value::List(_) => "a list".into(),
        Value::Map(_) => "a map".into(),
        Value::Decl(_) => "a declaration".into(),
        Value::Managed(m) => format!("the managed policy `{m}`"),
        Value::ParamList(n) => format!("the list param `{n}`"),
        Value::Error => "an invalid value".into(),
    }
}

/// The ARN of an AWS managed policy, partition-aware.
pub fn managed_arn(path_name: &str) -> Text {
    Text {
        parts: vec![
            Part::Lit("arn:".into()),
            Part::Current(Current::Partition),
            Part::Lit(format!(":iam::aws:policy/{path_name}")),
        ],
    }
}

impl Checker<'_> {
    /// Evaluate an expression, refusing values over [`MAX_VALUE`] and charging the budget.
    pub fn eval(&mut self, e: &Expr, env: Env) -> V {
        if self.exhausted() {
            return V::new(Value::Error, e.span());
        }
        let v = self.eval_expr(e, env);
        if v.size > MAX_VALUE {
            self.too_large(v.size, MAX_VALUE, v.span);
            return V::new(Value::Error, v.span);
        }
        if !self.spend(v.size, v.span) {
            return V::new(Value::Error, v.span);
        }
        v
    }

    #[expect(clippy::indexing_slicing, reason = "`i` enumerates `entries`")]
    fn eval_expr(&mut self, e: &Expr, env: Env) -> V {
        let span = e.span();
        let val = match e {
            Expr::Str(s) => return self.eval_str(s, env),
            Expr::Int(n, _) => Value::Int(*n),
            Expr::Duration(d, _) => Value::Duration(*d),
            Expr::Bool(b, _) => Value::Bool(*b),
            Expr::Star(_) => Value::Star,
            Expr::Action(a) => Value::Action(a.node.clone()),
            Expr::List(items, _) => {
                Value::List(Rc::new(items.iter().map(|i| self.eval(i, env)).collect()))
            }
            Expr::Map(entries, _) => {
                let mut out: Vec<(String, V)> = Vec::new();
                for (i, (k, v)) in entries.iter().enumerate() {
                    let v = self.eval(v, env);
                    if let Some((first, _)) = entries[..i].iter().find(|(o, _)| o.node == k.node) {
                        self.err(CheckError::DuplicateProperty {
                            name: k.node.clone(),
                            span: k.span,
                            first: first.span,
                        });
                        continue;
                    }
                    out.push((k.node.clone(), v));
                }
                Value::Map(Rc::new(out))
            }
            Expr::Path(p) => return self.eval_path(p, env),
            Expr::Call(c) => return self.eval_call(c, env),
            Expr::Error(_) => Value::Error,
        };
        V::new(val, span)
    }

    pub fn eval_str(&mut self, s: &ast::StrLit, env: Env) -> V {
        let mut text = Text::default();
        for part in &s.parts {
            match part {
                StrPart::Lit(l) => text.push(Part::Lit(l.clone())),
                StrPart::PolicyVar(v) => text.push(Part::PolicyVar(v.clone())),
                StrPart::Interp(p) => {
                    let v = self.eval_path(p, env);
                    match v.val {
                        Value::Text(t) => text.extend(&t),
                        Value::Int(n) => text.push(Part::Lit(n.to_string())),
                        Value::Bool(b) => text.push(Part::Lit(b.to_string())),
                        Value::Action(a) => text.push(Part::Lit(a)),
                        Value::Error => {}
                        other => self.err(CheckError::TypeMismatch {
                            expected: "a string".into(),
                            found: describe(&other),
                            span: p.span,
                            help: match other {
                                Value::Decl(_) => Some(format!(
                                    "write `${{{}.arn}}` or `${{{}.name}}`",
                                    p.dotted(),
                                    p.dotted()
                                )),
                                _ => None,
                            },
                        }),
                    }
                }
            }
        }
        V::new(Value::Text(text), s.span)
    }

    fn undefined(&mut self, name: &ast::Ident, env: Env, extra: &[&str]) {
        let mut names: Vec<&str> = env.vars.iter().map(|(n, _)| n.as_str()).collect();
        names.extend(self.graph.names(env.module));
        names.extend(extra);
        let suggestion = crate::suggest::closest(&name.name, names.into_iter()).map(str::to_string);
        self.err(CheckError::Resolve(ResolveError::Undefined {
            name: name.name.clone(),
            span: name.span,
            suggestion,
        }));
    }

    #[expect(
        clippy::indexing_slicing,
        reason = "the grammar gives a path at least one segment"
    )]
    pub fn eval_path(&mut self, p: &ast::Path, env: Env) -> V {
        let first = &p.segs[0];
        if let Some((_, v)) = env.vars.iter().find(|(n, _)| *n == first.name) {
            let v = V::new(v.val.clone(), p.span);
            return self.attrs(v, &p.segs[1..], p.span);
        }
        if first.name == "current" && self.graph.lookup(env.module, "current").is_none() {
            let attr = p.segs.get(1);
            let cur = match attr.map(|a| a.name.as_str()) {
                Some("account") => Some(Current::Account),
                Some("region") => Some(Current::Region),
                Some("partition") => Some(Current::Partition),
                _ => None,
            };
            return match (cur, p.segs.len()) {
                (Some(c), 2) => V::new(
                    Value::Text(Text {
                        parts: vec![Part::Current(c)],
                    }),
                    p.span,
                ),
                _ => {
                    let a = attr.unwrap_or(first);
                    self.err(CheckError::UnknownAttr {
                        name: "current".into(),
                        attr: a.name.clone(),
                        span: a.span,
                        suggestion: crate::suggest::closest(
                            &a.name,
                            ["account", "region", "partition"].into_iter(),
                        )
                        .map(str::to_string),
                    });
                    V::new(Value::Error, p.span)
                }
            };
        }
        match self.graph.lookup(env.module, &first.name) {
            Some(r) => self.decl_value(r, &p.segs[1..], p.span),
            None => {
                self.undefined(first, env, &["current"]);
                V::new(Value::Error, p.span)
            }
        }
    }

    #[expect(
        clippy::indexing_slicing,
        reason = "`rest` was checked to be non-empty"
    )]
    fn decl_value(&mut self, r: DeclRef, rest: &[ast::Ident], span: Span) -> V {
        self.used.insert(r);
        let graph = self.graph;
        let decl = graph.decl(r);
        match &decl.kind {
            DeclKind::Use(_) => {
                let Some(&m) = graph.imports.get(&(r.module, r.decl)) else {
                    return V::new(Value::Error, span);
                };
                let Some(next) = rest.first() else {
                    self.err(CheckError::Misuse {
                        what: format!("`{}` is a module, not a value", decl.name.name),
                        span,
                        help: format!("name something inside it: `{}.NAME`", decl.name.name),
                    });
                    return V::new(Value::Error, span);
                };
                match graph.lookup(m, &next.name) {
                    Some(r2) => self.decl_value(r2, &rest[1..], span),
                    None => {
                        self.undefined(
                            next,
                            Env {
                                module: m,
                                vars: &[],
                            },
                            &[],
                        );
                        V::new(Value::Error, span)
                    }
                }
            }
            DeclKind::Let { .. } => {
                let v = self.let_value(r, span);
                self.attrs(V::new(v.val, span), rest, span)
            }
            DeclKind::Param { .. } => {
                let name = decl.name.name.clone();
                let list = self.params.iter().any(|p| p.name == name && p.list);
                let val = if list {
                    Value::ParamList(name)
                } else {
                    Value::Text(Text {
                        parts: vec![Part::Param(name)],
                    })
                };
                self.attrs(V::new(val, span), rest, span)
            }
            DeclKind::Resource { .. } => {
                self.need(r);
                self.attrs(V::new(Value::Decl(r), span), rest, span)
            }
            DeclKind::Fn { .. } | DeclKind::Template { .. } | DeclKind::Test(_) => {
                let what = if matches!(decl.kind, DeclKind::Fn { .. }) {
                    "fn"
                } else {
                    "template"
                };
                self.err(CheckError::Misuse {
                    what: format!("`{}` is a {what}, not a value", decl.name.name),
                    span,
                    help: if what == "fn" {
                        format!("call it: `{}(...)`", decl.name.name)
                    } else {
                        format!(
                            "use it with `inline {0}(...)` or `include {0}(...)`",
                            decl.name.name
                        )
                    },
                });
                V::new(Value::Error, span)
            }
        }
    }

    /// `.arn` / `.name` on a declaration.
    #[expect(
        clippy::indexing_slicing,
        reason = "`rest` holds at least the attribute when `a` is set"
    )]
    fn attrs(&mut self, v: V, rest: &[ast::Ident], span: Span) -> V {
        let Some(attr) = rest.first() else {
            return v;
        };
        let Value::Decl(r) = v.val else {
            if v.val != Value::Error {
                self.err(CheckError::UnknownAttr {
                    name: describe(&v.val),
                    attr: attr.name.clone(),
                    span: attr.span,
                    suggestion: None,
                });
            }
            return V::new(Value::Error, span);
        };
        let DeclKind::Resource { kind, .. } = self.graph.decl(r).kind else {
            return V::new(Value::Error, span);
        };
        let a = match attr.name.as_str() {
            "arn" => Some(Attr::Arn),
            "name" if kind != ResKind::OidcProvider => Some(Attr::Name),
            "issuer" if kind == ResKind::OidcProvider && rest.len() == 1 => {
                return self.oidc_issuer(r, span);
            }
            _ => None,
        };
        match (a, rest.len()) {
            (Some(a), 1) => V::new(
                Value::Text(Text {
                    parts: vec![Part::Ref {
                        kind,
                        id: self.graph.emit_id(r),
                        attr: a,
                    }],
                }),
                span,
            ),
            _ => {
                let bad = if a.is_some() { &rest[1] } else { attr };
                self.err(CheckError::UnknownAttr {
                    name: self.graph.decl(r).name.name.clone(),
                    attr: bad.name.clone(),
                    span: bad.span,
                    suggestion: crate::suggest::closest(
                        &bad.name,
                        if kind == ResKind::OidcProvider {
                            ["arn", "issuer"]
                        } else {
                            ["arn", "name"]
                        }
                        .into_iter(),
                    )
                    .map(str::to_string),
                });
                V::new(Value::Error, span)
            }
        }
    }

    /// The value of a let. The lets it depends on are evaluated first, in dependency order,
    /// so evaluation never nests along a chain of lets.
    pub fn let_value(&mut self, r: DeclRef, use_span: Span) -> V {
        if let Some(v) = self.lets.get(&r) {
            return V::new(v.val.clone(), v.span);
        }
        if self.deps.cyclic.contains(&r) {
            return V::new(Value::Error, use_span);
        }
        if !self.prepared.contains(&r) {
            let prepared = &self.prepared;
            let (order, visited) = self
                .deps
                .let_order(self.graph, r, &|d| prepared.contains(&d));
            self.prepared.extend(visited);
            for d in order.into_iter().filter(|d| *d != r) {
                if !self.lets.contains_key(&d) {
                    let span = self.graph.decl(d).name.span;
                    self.let_value_now(d, span);
                }
            }
        }
        self.let_value_now(r, use_span)
    }

    fn let_value_now(&mut self, r: DeclRef, use_span: Span) -> V {
        if let Some(v) = self.lets.get(&r) {
            return V::new(v.val.clone(), v.span);
        }
        let decl = self.graph.decl(r);
        if !self.in_progress.insert(r) {
            self.err(CheckError::Recursion {
                name: decl.name.name.clone(),
                span: use_span,
            });
            return V::new(Value::Error, use_span);
        }
        let DeclKind::Let { ty, value } = &decl.kind else {
            return V::new(Value::Error, use_span);
        };
        if self.depth >= MAX_DEPTH {
            self.in_progress.remove(&r);
            self.err(CheckError::TooDeep {
                name: decl.name.name.clone(),
                span: use_span,
            });
            return V::new(Value::Error, use_span);
        }
        self.depth += 1;
        let v = self.eval(
            value,
            Env {
                module: r.module,
                vars: &[],
            },
        );
        self.depth -= 1;
        if let Some(ty) = ty.as_ref().and_then(|t| self.parse_type(t)) {
            self.check_type(&v, &ty);
        }
        self.in_progress.remove(&r);
        self.lets.insert(r, v.clone());
        v
    }

    /// Resolve a callee (`f`, `arn.bucket`) to its declaration.
    pub fn resolve_callable(&mut self, p: &ast::Path, env: Env) -> Option<DeclRef> {
        let mut module = env.module;
        for (i, seg) in p.segs.iter().enumerate() {
            let found = self.graph.lookup(module, &seg.name);
            if let Some(r) = found {
                self.used.insert(r);
            }
            let Some(r) = found else {
                self.undefined(
                    seg,
                    Env {
                        module,
                        vars: if i == 0 { env.vars } else { &[] },
                    },
                    &[],
                );
                return None;
            };
            let decl = self.graph.decl(r);
            match (&decl.kind, i + 1 == p.segs.len()) {
                (DeclKind::Use(_), false) => {
                    module = *self.graph.imports.get(&(r.module, r.decl))?
                }
                (DeclKind::Fn { .. } | DeclKind::Template { .. }, true) => return Some(r),
                _ => {
                    self.err(CheckError::WrongKind {
                        name: p.dotted(),
                        expected: "a fn or template".into(),
                        found: decl_kind_name(&decl.kind).into(),
                        span: p.span,
                        def: Some(decl.name.span),
                    });
                    return None;
                }
            }
        }
        None
    }

    /// Evaluate the arguments of a call to a fn or template against its parameters.
    pub fn bind_args(
        &mut self,
        r: DeclRef,
        params: &[ast::FnParam],
        args: &[Expr],
        env: Env,
        span: Span,
    ) -> Option<Vec<(String, V)>> {
        let name = self.graph.decl(r).name.name.clone();
        let vals: Vec<V> = args.iter().map(|a| self.eval(a, env)).collect();
        if params.len() != args.len() {
            self.err(CheckError::Arity {
                name,
                expected: params.len(),
                found: args.len(),
                span,
            });
            return None;
        }
        let mut out = Vec::new();
        for (p, v) in params.iter().zip(vals) {
            if let Some(ty) = self.parse_type(&p.ty) {
                self.check_type(&v, &ty);
            }
            out.push((p.name.name.clone(), v));
        }
        Some(out)
    }

    #[expect(
        clippy::indexing_slicing,
        reason = "the grammar gives a callee at least one segment"
    )]
    pub fn eval_call(&mut self, c: &ast::Call, env: Env) -> V {
        let first = &c.callee.segs[0];
        if c.callee.segs.len() == 1
            && first.name == "aws_managed"
            && self.graph.lookup(env.module, "aws_managed").is_none()
            && !env.vars.iter().any(|(n, _)| n == "aws_managed")
        {
            return self.aws_managed(c, env);
        }
        let Some(r) = self.resolve_callable(&c.callee, env) else {
            for a in &c.args {
                self.eval(a, env);
            }
            return V::new(Value::Error, c.span);
        };
        let graph = self.graph;
        let decl = graph.decl(r);
        let DeclKind::Fn { params, ret, body } = &decl.kind else {
            self.err(CheckError::Misuse {
                what: format!("`{}` is a template, not a fn", decl.name.name),
                span: c.span,
                help: format!(
                    "use it with `inline {0}(...)` or `include {0}(...)`",
                    decl.name.name
                ),
            });
            return V::new(Value::Error, c.span);
        };
        if self.deps.cyclic.contains(&r) {
            return V::new(Value::Error, c.span);
        }
        if self.depth >= MAX_DEPTH {
            self.err(CheckError::TooDeep {
                name: decl.name.name.clone(),
                span: c.span,
            });
            return V::new(Value::Error, c.span);
        }
        let Some(vars) = self.bind_args(r, params, &c.args, env, c.span) else {
            return V::new(Value::Error, c.span);
        };
        // A fn is pure: the same arguments give the same value, so compute it once.
        let key = (r, fingerprint_vars(&vars));
        if let Some(v) = self.calls.get(&key) {
            return V::new(v.val.clone(), c.span);
        }
        self.depth += 1;
        let v = self.eval(
            body,
            Env {
                module: r.module,
                vars: &vars,
            },
        );
        self.depth -= 1;
        let v = V::new(v.val, c.span);
        if let Some(ty) = ret.as_ref().and_then(|t| self.parse_type(t)) {
            self.check_type(&v, &ty);
        }
        self.calls.insert(key, v.clone());
        v
    }

    fn aws_managed(&mut self, c: &ast::Call, env: Env) -> V {
        let args: Vec<V> = c.args.iter().map(|a| self.eval(a, env)).collect();
        let name = match args.as_slice() {
            [
                V {
                    val: Value::Text(t),
                    span,
                    ..
                },
            ] => t.as_lit().map(|s| (s, *span)),
            _ => None,
        };
        let Some((name, span)) = name else {
            self.err(CheckError::Misuse {
                what: "`aws_managed` takes one string literal".into(),
                span: c.span,
                help: "write `aws_managed(\"ReadOnlyAccess\")`".into(),
            });
            return V::new(Value::Error, c.span);
        };
        match catalog().managed_policy(&name) {
            Ok(p) => V::new(Value::Managed(p.to_string()), c.span),
            Err(suggestion) => {
                self.err(CheckError::UnknownManagedPolicy {
                    name,
                    span,
                    suggestion: suggestion.map(str::to_string),
                });
                V::new(Value::Error, c.span)
            }
        }
    }

    pub fn parse_type(&mut self, t: &ast::TypeExpr) -> Option<Ty> {
        let arg = |s: &mut Self| match t.args.as_slice() {
            [a] => s.parse_type(a),
            _ => {
                s.err(CheckError::Misuse {
                    what: format!("`{}` takes one type argument", t.name.name),
                    span: t.span,
                    help: format!("write `{}[String]`", t.name.name),
                });
                None
            }
        };
        let ty = match t.name.name.as_str() {
            "String" => Ty::String,
            "Int" => Ty::Int,
            "Bool" => Ty::Bool,
            "Duration" => Ty::Duration,
            "AccountId" => Ty::AccountId,
            "Region" => Ty::Region,
            "Arn" => Ty::Arn,
            "Cidr" => Ty::Cidr,
            "Date" => Ty::Date,
            "Action" => Ty::Action,
            "List" => Ty::List(Box::new(arg(self)?)),
            "Map" => Ty::Map(Box::new(arg(self)?)),
            "Role" | "role" => Ty::Res(ResKind::Role),
            "Policy" | "policy" => Ty::Res(ResKind::Policy),
            "User" | "user" => Ty::Res(ResKind::User),
            "Group" | "group" => Ty::Res(ResKind::Group),
            "InstanceProfile" => Ty::Res(ResKind::InstanceProfile),
            "OidcProvider" => Ty::Res(ResKind::OidcProvider),
            "SamlProvider" => Ty::Res(ResKind::SamlProvider),
            other => {
                self.err(CheckError::UnknownType {
                    name: other.into(),
                    span: t.name.span,
                    suggestion: crate::suggest::closest(other, TYPE_NAMES.iter().copied())
                        .map(str::to_string),
                });
                return None;
            }
        };
        Some(ty)
    }

    /// Check a value against a type, reporting what does not fit; literals are checked in full.
    pub fn check_type(&mut self, v: &V, ty: &Ty) {
        let mismatch = |expected: &str| CheckError::TypeMismatch {
            expected: expected.into(),
            found: describe(&v.val),
            span: v.span,
            help: None,
        };
        let err = match (&v.val, ty) {
            (Value::Error, _) => None,
            (Value::Text(_), Ty::String) => None,
            (Value::Text(t), Ty::AccountId) => t
                .as_lit()
                .filter(|s| !values::is_account_id(s))
                .map(|s| CheckError::BadAccountId {
                    text: s,
                    span: v.span,
                }),
            (Value::Text(t), Ty::Region) => {
                t.as_lit()
                    .filter(|s| !values::is_region(s))
                    .map(|s| CheckError::BadRegion {
                        text: s,
                        span: v.span,
                    })
            }
            (Value::Text(t), Ty::Cidr) => {
                t.as_lit()
                    .filter(|s| !values::is_cidr(s))
                    .map(|s| CheckError::BadCidr {
                        text: s,
                        span: v.span,
                    })
            }
            (Value::Text(t), Ty::Date) => {
                t.as_lit()
                    .filter(|s| !values::is_date(s))
                    .map(|s| CheckError::BadDate {
                        text: s,
                        span: v.span,
                    })
            }
            (Value::Text(t), Ty::Arn) => self.arn_error(t, v.span),
            (Value::Managed(_), Ty::Arn) => None,
            (Value::Int(_), Ty::Int)
            | (Value::Bool(_), Ty::Bool)
            | (Value::Duration(_), Ty::Duration) => None,
            (Value::Action(_) | Value::Star, Ty::Action) => None,
            (Value::ParamList(n), Ty::List(inner)) => {
                let elem = self.params.iter().find(|p| &p.name == n).map(|p| p.ty);
                match (elem, inner.as_ref()) {
                    (Some(ir::ParamType::String), Ty::String)
                    | (Some(ir::ParamType::AccountId), Ty::AccountId | Ty::String)
                    | (Some(ir::ParamType::Region), Ty::Region | Ty::String)
                    | (Some(ir::ParamType::Arn), Ty::Arn | Ty::String)
                    | (Some(ir::ParamType::Cidr), Ty::Cidr | Ty::String)
                    | (Some(ir::ParamType::Date), Ty::Date | Ty::String)
                    | (Some(ir::ParamType::Int), Ty::Int)
                    | (Some(ir::ParamType::Bool), Ty::Bool)
                    | (Some(ir::ParamType::Duration), Ty::Duration)
                    | (None, _) => None,
                    _ => Some(mismatch(&ty_name(ty))),
                }
            }
            (Value::List(items), Ty::List(inner)) => {
                for i in items.clone().iter() {
                    self.check_type(i, inner);
                }
                None
            }
            (Value::Map(items), Ty::Map(inner)) => {
                for (_, i) in items.clone().iter() {
                    self.check_type(i, inner);
                }
                None
            }
            (Value::Decl(r), Ty::Res(k)) => match &self.graph.decl(*r).kind {
                DeclKind::Resource { kind, .. } if kind == k => None,
                _ => Some(mismatch(&format!("a {}", k.keyword()))),
            },
            (_, ty) => Some(mismatch(&ty_name(ty))),
        };
        if let Some(e) = err {
            self.err(e);
        }
    }

    pub fn arn_error(&self, t: &Text, span: Span) -> Option<CheckError> {
        let params = &self.params;
        let is_arn = |n: &str| {
            params
                .iter()
                .any(|p| p.name == n && p.ty == ir::ParamType::Arn)
        };
        values::arn_problem(t, &is_arn).map(|reason| CheckError::BadArn {
            text: t.to_source(),
            reason,
            span,
        })
    }
}

pub fn ty_name(ty: &Ty) -> String {
    match ty {
        Ty::String => "a string".into(),
        Ty::Int => "a number".into(),
        Ty::Bool => "a boolean".into(),
        Ty::Duration => "a duration".into(),
        Ty::AccountId => "an account id".into(),
        Ty::Region => "a region".into(),
        Ty::Arn => "an ARN".into(),
        Ty::Cidr => "a CIDR block".into(),
        Ty::Date => "a date".into(),
        Ty::Action => "an action".into(),
        Ty::List(t) => format!("a list of {}", ty_name(t)),
        Ty::Map(t) => format!("a map of {}", ty_name(t)),
        Ty::Res(k) => format!("a {}", k.keyword()),
    }
}

pub fn decl_kind_name(k: &DeclKind) -> &'static str {
    match k {
        DeclKind::Use(_) => "module",
        DeclKind::Param { .. } => "param",
        DeclKind::Let { .. } => "let",
        DeclKind::Fn { .. } => "fn",
        DeclKind::Template { .. } => "template",
        DeclKind::Resource { kind, .. } => kind.keyword(),
        DeclKind::Test(_) => "test",
    }
}
