//! Statements: lowered to IR statements, actions and resources checked against the catalog and
//! IAM's statement rules (conditions: `cond.rs`, trust clauses: `trust.rs`).

use super::Checker;
use super::error::CheckError;
use super::eval::{Env, Value, describe, managed_arn};
use super::misuse::Misuse;
use crate::ast::{self, Expr};
use crate::aws::catalog::{ActionLookup, catalog};
use crate::aws::values;
use crate::diag::Lint;
use crate::ir::{self, Text};
use crate::span::Span;

impl Checker<'_> {
    /// Statement attributes: `@sid("X")` and `@allow(lint, ...)`.
    pub fn stmt_attrs(
        &mut self,
        attrs: &[ast::Attr],
        sid_ok: bool,
    ) -> (Option<(String, Span)>, Vec<Lint>) {
        let mut sid = None;
        let mut allow = Vec::new();
        for a in attrs {
            match a.name.name.as_str() {
                "sid" if sid_ok => match a.args.as_slice() {
                    [ast::AttrArg::Pos(Expr::Str(s))] if s.as_plain().is_some() => {
                        let text = s.as_plain().unwrap_or_default();
                        if !values::is_sid(&text) {
                            self.err(CheckError::BadSid {
                                sid: text.clone(),
                                span: s.span,
                            });
                        }
                        sid = Some((text, s.span));
                    }
                    _ => self.err(CheckError::Misuse {
                        misuse: Misuse::SidArgs,
                        span: a.span,
                    }),
                },
                "allow" => allow.extend(self.allow_attr(a)),
                _ => self.err(CheckError::UnknownAttribute {
                    name: a.name.name.clone(),
                    span: a.name.span,
                }),
            }
        }
        (sid, allow)
    }

    /// The lint names of one `@allow(...)`.
    pub fn allow_attr(&mut self, a: &ast::Attr) -> Vec<Lint> {
        let mut out = Vec::new();
        for arg in &a.args {
            match arg {
                ast::AttrArg::Pos(Expr::Path(p)) if p.segs.len() == 1 => {
                    let Some(name) = p.segs.first().map(|s| &s.name) else {
                        continue;
                    };
                    if let Some(lint) = Lint::from_name(name) {
                        out.push(lint);
                    } else {
                        self.err(CheckError::Misuse {
                            misuse: Misuse::UnknownLint {
                                name: name.clone(),
                                suggestion: crate::suggest::closest(name, Lint::names())
                                    .map(str::to_string),
                            },
                            span: p.span,
                        });
                    }
                }
                ast::AttrArg::Named(n, _) if n.name == "reason" => {}
                ast::AttrArg::Named(n, _) => self.err(CheckError::Misuse {
                    misuse: Misuse::AllowNamedArg {
                        name: n.name.clone(),
                    },
                    span: n.span,
                }),
                ast::AttrArg::Pos(e) => self.err(CheckError::Misuse {
                    misuse: Misuse::AllowArgs,
                    span: e.span(),
                }),
            }
        }
        out
    }

    pub fn lower_actions(&mut self, exprs: &[Expr], env: Env) -> Vec<ir::aws::Action> {
        let mut out = Vec::new();
        for e in exprs {
            for v in self.eval(e, env).flatten() {
                let name = match v.val {
                    Value::Action(a) => a,
                    Value::Star => "*".to_string(),
                    Value::Text(t) if t.as_lit().is_some_and(|s| s.contains(':') || s == "*") => {
                        t.as_lit().unwrap_or_default()
                    }
                    Value::Error => continue,
                    other => {
                        self.err(CheckError::TypeMismatch {
                            expected: "an action".into(),
                            found: describe(&other),
                            span: v.span,
                            help: Some(
                                "actions are written `service:Action`, e.g. `s3:GetObject`".into(),
                            ),
                        });
                        continue;
                    }
                };
                self.check_action(&name, v.span);
                out.push(ir::aws::Action { name, span: v.span });
            }
        }
        out
    }

    /// Report a character IAM does not accept in a policy document (in the literal parts; params
    /// are checked where their values are known).
    pub fn policy_text(&mut self, t: &Text, span: Span) {
        for p in &t.parts {
            let (ir::Part::Lit(s) | ir::Part::PolicyVar(s)) = p else {
                continue;
            };
            if let Some(ch) = values::policy_char_problem(s) {
                self.err(CheckError::BadPolicyChar { ch, span });
                return;
            }
        }
    }

    /// E0510 for a policy variable that names no key of the request context, or whose default is
    /// not quoted.
    pub(super) fn check_policy_vars(&mut self, t: &Text, span: Span) {
        match values::policy_var_problem(t) {
            Some(values::PolicyVarProblem::UnknownKey(var, suggestion)) => {
                self.err(CheckError::UnknownPolicyVariable {
                    var,
                    span,
                    suggestion,
                })
            }
            Some(values::PolicyVarProblem::UnquotedDefault(var, key)) => {
                self.err(CheckError::UnquotedVariableDefault { var, key, span })
            }
            None => {}
        }
    }

    /// "write `task.arn`" for a declaration used where an ARN belongs.
    pub(super) fn arn_help(&self, v: &Value) -> Option<String> {
        match v {
            Value::Decl(r) => Some(format!(
                "write `{}.arn` for its ARN",
                self.graph.decl(*r).name.name
            )),
            _ => None,
        }
    }

    fn check_action(&mut self, name: &str, span: Span) {
        if name == "*" {
            return;
        }
        if !name.contains(':') {
            self.err(CheckError::UnknownAction {
                action: name.into(),
                span,
                suggestion: None,
            });
            return;
        }
        match catalog().lookup_action(name) {
            ActionLookup::Found(_) => {}
            ActionLookup::Pattern(v) if !v.is_empty() => {}
            ActionLookup::Pattern(_) => self.err(CheckError::PatternMatchesNothing {
                pattern: name.into(),
                span,
            }),
            ActionLookup::UnknownService { suggestion } => self.err(CheckError::UnknownService {
                service: name.split(':').next().unwrap_or(name).into(),
                action: name.into(),
                span,
                suggestion,
            }),
            ActionLookup::UnknownAction { suggestion } => self.err(CheckError::UnknownAction {
                action: name.into(),
                span,
                suggestion,
            }),
        }
    }

    pub fn lower_resources(&mut self, exprs: &[Expr], env: Env) -> Vec<ir::aws::Resource> {
        let mut out = Vec::new();
        for e in exprs {
            for v in self.eval(e, env).flatten() {
                let text = match v.val {
                    Value::Star => Text::lit("*"),
                    Value::Text(t) => {
                        if let Some(err) = self.arn_error(&t, v.span) {
                            self.err(err);
                        }
                        self.policy_text(&t, v.span);
                        self.check_policy_vars(&t, v.span);
                        t
                    }
                    Value::Managed(m) => managed_arn(&m),
                    // `on bucket_arns`: the list param's values (checked when they are given).
                    Value::ParamList(n) => Text {
                        parts: vec![ir::Part::Param(n)],
                    },
                    Value::Error => {
                        // Already reported where it was made (a let, a value too large).
                        self.error_value = true;
                        continue;
                    }
                    other => {
                        let help = self.arn_help(&other);
                        self.err(CheckError::TypeMismatch {
                            expected: "a resource ARN".into(),
                            found: describe(&other),
                            span: v.span,
                            help,
                        });
                        continue;
                    }
                };
                out.push(ir::aws::Resource { text, span: v.span });
            }
        }
        out
    }

    /// One identity-policy statement.
    pub fn lower_stmt(
        &mut self,
        s: &ast::Stmt,
        env: Env,
        inherited: &[Lint],
    ) -> ir::aws::Statement {
        let (sid, mut allow) = self.stmt_attrs(&s.attrs, true);
        allow.extend(inherited.iter().cloned());
        let before = self.errors.len();
        let actions = self.lower_actions(&s.actions, env);
        if actions.is_empty() && self.errors.len() == before {
            self.err(CheckError::Misuse {
                misuse: Misuse::NoActions,
                span: s.span,
            });
        }
        let (not_resource, resources) = match &s.resources {
            Some(r) => {
                let before = self.errors.len();
                self.error_value = false;
                let items = self.lower_resources(&r.items, env);
                if items.is_empty() && self.errors.len() == before && !self.error_value {
                    self.err(CheckError::Misuse {
                        misuse: Misuse::NoResources,
                        span: r.span,
                    });
                }
                (r.not, items)
            }
            None => {
                self.err(CheckError::MissingOn { span: s.span });
                (false, vec![])
            }
        };
        let conditions = self.lower_conds(&s.conds, env);
        ir::aws::Statement {
            sid: sid.map(|s| s.0),
            effect: match s.effect {
                ast::Effect::Allow => ir::aws::Effect::Allow,
                ast::Effect::Deny => ir::aws::Effect::Deny,
            },
            principal: None,
            not_action: s.not_actions,
            actions,
            not_resource,
            resources,
            conditions,
            span: s.span,
            allow,
        }
    }
}
