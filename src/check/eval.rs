//! Expression evaluation for the checker: lets, fns, params, `current.*`, `X.arn`, string
//! interpolation, and the types of values.

use super::Checker;
use super::budget::{MAX_VALUE, units};
use super::error::CheckError;
use super::misuse::Misuse;
use crate::ast::{self, DeclKind, Expr, ResKind, StrPart};
use crate::ir::{Attr, Current, Part, Text};
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

    pub(super) fn undefined(&mut self, name: &ast::Ident, env: Env, extra: &[&str]) {
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

    fn decl_value(&mut self, r: DeclRef, rest: &[ast::Ident], span: Span) -> V {
        self.used.insert(r);
        let graph = self.graph;
        let decl = graph.decl(r);
        match &decl.kind {
            DeclKind::Use(_) => self.imported_value(r, rest, span),
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
            DeclKind::Cloud { keyword, .. } => {
                self.err(CheckError::OtherCloud {
                    name: decl.name.name.clone(),
                    keyword: keyword.name.clone(),
                    span,
                });
                V::new(Value::Error, span)
            }
            DeclKind::Fn { .. }
            | DeclKind::Template { .. }
            | DeclKind::Test(_)
            | DeclKind::Target(_)
            | DeclKind::Grant(_) => {
                let what = if matches!(decl.kind, DeclKind::Fn { .. }) {
                    "fn"
                } else {
                    "template"
                };
                self.err(CheckError::Misuse {
                    misuse: Misuse::CallableAsValue {
                        name: decl.name.name.clone(),
                        is_fn: what == "fn",
                    },
                    span,
                });
                V::new(Value::Error, span)
            }
        }
    }

    /// A path through an imported module (`m.name...`): the value of the declaration it names there.
    fn imported_value(&mut self, r: DeclRef, rest: &[ast::Ident], span: Span) -> V {
        let graph = self.graph;
        let Some(&m) = graph.imports.get(&(r.module, r.decl)) else {
            return V::new(Value::Error, span);
        };
        let Some((next, tail)) = rest.split_first() else {
            self.err(CheckError::Misuse {
                misuse: Misuse::ModuleAsValue {
                    name: graph.decl(r).name.name.clone(),
                },
                span,
            });
            return V::new(Value::Error, span);
        };
        match graph.lookup(m, &next.name) {
            Some(r2) => self.decl_value(r2, tail, span),
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
        DeclKind::Target(_) => "target",
        DeclKind::Cloud { .. } => "declaration of another cloud",
        DeclKind::Grant(_) => "grant",
    }
}
