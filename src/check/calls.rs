//! Part of stage 4: lets, fn calls and template arguments: a let's value (its dependencies
//! first), resolving a callee, binding arguments to parameters, calling a fn, `aws_managed`.

use super::Checker;
use super::budget::fingerprint_vars;
use super::error::CheckError;
use super::eval::{Env, MAX_DEPTH, V, Value, decl_kind_name};
use super::misuse::Misuse;
use crate::ast::{self, DeclKind, Expr};
use crate::aws::catalog::catalog;
use crate::resolve::DeclRef;
use crate::span::Span;

impl Checker<'_> {
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
                misuse: Misuse::TemplateAsFn {
                    name: decl.name.name.clone(),
                },
                span: c.span,
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
                misuse: Misuse::AwsManagedArgs,
                span: c.span,
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
}
