//! Stage 4 (check), `test` blocks: each `expect` of a root module lowered to an
//! [`ir::aws::Expectation`] (spec section 9), its subject, actions, resources, principals and `with`
//! context checked like the rest of the program. Uses the checker's evaluation and the catalog;
//! what the expectations mean is decided later, by `iamx test` (`src/testing`).
//!
//! A test never changes what is built: a declaration an expectation names that the build does not
//! emit (an imported module's role nothing uses) is an error here, not an extra output.

use super::Checker;
use super::Misuse;
use super::error::CheckError;
use super::eval::{Env, V, Value, describe};
use crate::ast::{self, DeclKind, ExpectKind, ResKind};
use crate::aws::catalog::KeyType;
use crate::aws::values;
use crate::ir::aws::PrincipalKind;
use crate::ir::{self, Kind, Text};
use crate::resolve::DeclRef;
use crate::span::Span;

/// The trust kinds `assumable by` takes: (keyword, principal kind, default action).
const BY: &[(&str, PrincipalKind, &str)] = &[
    ("service", PrincipalKind::Service, "sts:AssumeRole"),
    ("account", PrincipalKind::Aws, "sts:AssumeRole"),
    ("role", PrincipalKind::Aws, "sts:AssumeRole"),
    ("user", PrincipalKind::Aws, "sts:AssumeRole"),
    (
        "oidc",
        PrincipalKind::Federated,
        "sts:AssumeRoleWithWebIdentity",
    ),
    ("saml", PrincipalKind::Federated, "sts:AssumeRoleWithSAML"),
    (
        "federated",
        PrincipalKind::Federated,
        "sts:AssumeRoleWithWebIdentity",
    ),
    ("anyone", PrincipalKind::Anyone, "sts:AssumeRole"),
];

impl Checker<'_> {
    /// Lower the `test` blocks of the root modules (after every entity is lowered).
    pub(super) fn lower_tests(&mut self) -> Vec<ir::aws::TestBlock> {
        let graph = self.graph;
        let mut out = Vec::new();
        for (mi, m) in graph.modules.iter().enumerate() {
            // Tests in a module of another cloud are refused by that cloud's checker.
            if !m.root || m.ast.is_other_cloud() {
                continue;
            }
            for d in &m.ast.decls {
                let DeclKind::Test(body) = &d.kind else {
                    continue;
                };
                let env = Env {
                    module: mi,
                    vars: &[],
                };
                let expectations = body
                    .iter()
                    .filter_map(|e| self.lower_expect(e, env))
                    .collect();
                out.push(ir::aws::TestBlock {
                    name: d.name.name.clone(),
                    span: d.name.span,
                    expectations,
                });
            }
        }
        out
    }

    fn lower_expect(&mut self, e: &ast::Expect, env: Env) -> Option<ir::aws::Expectation> {
        let before = self.errors.len();
        let assumable = matches!(e.kind, ExpectKind::Assumable { .. });
        let subject = self.subject(&e.subject, env, assumable);
        let (kind, context) = match &e.kind {
            ExpectKind::Can {
                negated,
                actions,
                resources,
                context,
            } => {
                let actions = self.lower_actions(actions, env);
                let resources = self.lower_resources(resources, env);
                let kind = ir::aws::ExpectationKind::Can {
                    negated: *negated,
                    actions,
                    resources,
                };
                (Some(kind), context)
            }
            ExpectKind::Assumable {
                negated,
                kind,
                principals,
                context,
            } => (self.assumable(*negated, kind, principals, env), context),
        };
        let context = match context {
            Some(c) => self.context(c, env),
            None => Vec::new(),
        };
        self.not_built(e.span);
        let (subject, subject_kind) = subject?;
        let kind = kind?;
        (self.errors.len() == before).then_some(ir::aws::Expectation {
            subject,
            subject_kind,
            kind,
            context,
            span: e.span,
        })
    }

    /// An expectation that named a declaration the build does not emit: the declaration is taken
    /// off the queue again (a test never adds an output) and reported.
    fn not_built(&mut self, span: Span) {
        while let Some(r) = self.queue.pop_front() {
            self.queued.remove(&r);
            let name = self.graph.decl(r).name.name.clone();
            self.err(CheckError::Misuse {
                misuse: Misuse::NotBuilt { name },
                span,
            });
        }
    }

    /// The subject: a role (any expectation) or a user (`can`/`cannot`), by emitted id.
    fn subject(&mut self, p: &ast::Path, env: Env, role_only: bool) -> Option<(String, Kind)> {
        let v = self.eval_path(p, env);
        let expected = if role_only {
            "a role"
        } else {
            "a role or user"
        };
        let r: DeclRef = match v.val {
            Value::Decl(r) => r,
            Value::Error => return None,
            other => {
                self.err(CheckError::TypeMismatch {
                    expected: expected.into(),
                    found: describe(&other),
                    span: p.span,
                    help: Some(
                        "an expectation names a role or user declared in the program".into(),
                    ),
                });
                return None;
            }
        };
        let decl = self.graph.decl(r);
        let kind = match &decl.kind {
            DeclKind::Resource {
                kind: ResKind::Role,
                ..
            } => Kind::Role,
            DeclKind::Resource {
                kind: ResKind::User,
                ..
            } if !role_only => Kind::User,
            other => {
                self.err(CheckError::WrongKind {
                    name: decl.name.name.clone(),
                    expected: expected.into(),
                    found: super::eval::decl_kind_name(other).into(),
                    span: p.span,
                    def: Some(decl.name.span),
                });
                return None;
            }
        };
        Some((self.graph.emit_id(r), kind))
    }

    fn assumable(
        &mut self,
        negated: bool,
        kind: &ast::Ident,
        principals: &[ast::Expr],
        env: Env,
    ) -> Option<ir::aws::ExpectationKind> {
        let Some(&(keyword, by, action)) = BY.iter().find(|(k, _, _)| *k == kind.name) else {
            self.err(CheckError::UnknownTrustKind {
                kind: kind.name.clone(),
                span: kind.span,
                suggestion: crate::suggest::closest(&kind.name, BY.iter().map(|b| b.0))
                    .map(str::to_string),
            });
            return None;
        };
        let anyone = by == PrincipalKind::Anyone;
        let mut values = Vec::new();
        for e in principals.iter().filter(|_| !anyone) {
            for v in self.eval(e, env).flatten() {
                values.extend(self.principal(keyword, v));
            }
        }
        if anyone != principals.is_empty() {
            let misuse = if anyone {
                Misuse::AnyoneWithPrincipal
            } else {
                Misuse::NoPrincipal {
                    kind: keyword.into(),
                }
            };
            self.err(CheckError::Misuse {
                misuse,
                span: kind.span,
            });
        }
        Some(ir::aws::ExpectationKind::Assumable {
            negated,
            by,
            keyword: keyword.into(),
            action: action.into(),
            principals: values,
            kind_span: kind.span,
        })
    }

    /// The `with { KEY: VALUE, ... }` map: known condition keys, values that fit their type, a
    /// list only for a multi-valued key.
    fn context(&mut self, e: &ast::Expr, env: Env) -> Vec<ir::aws::ContextEntry> {
        let ast::Expr::Map(entries, _) = e else {
            let v = self.eval(e, env);
            if v.val != Value::Error {
                self.err(CheckError::TypeMismatch {
                    expected: "a map of condition keys to values".into(),
                    found: describe(&v.val),
                    span: e.span(),
                    help: Some("write `with { \"aws:SourceIp\": \"10.0.0.1\" }`".into()),
                });
            }
            return Vec::new();
        };
        let mut out: Vec<ir::aws::ContextEntry> = Vec::new();
        for (key, value) in entries {
            let info = self.key_info(&key.node, key.span);
            let v = self.eval(value, env);
            if let Some(first) = out.iter().find(|o| o.key.eq_ignore_ascii_case(&key.node)) {
                let first = first.span;
                self.err(CheckError::DuplicateProperty {
                    name: key.node.clone(),
                    span: key.span,
                    first,
                });
                continue;
            }
            let many = matches!(v.val, Value::List(_) | Value::ParamList(_));
            let values = self.context_values(v, info.map_or(KeyType::Unknown, |i| i.ty));
            if many && info.is_some_and(|i| !i.multi && i.ty != KeyType::Unknown) {
                self.err(CheckError::Misuse {
                    misuse: Misuse::OneValue {
                        key: key.node.clone(),
                    },
                    span: value.span(),
                });
            }
            out.push(ir::aws::ContextEntry {
                key: key.node.clone(),
                values,
                many,
                span: key.span.to(value.span()),
            });
        }
        out
    }

    fn context_values(&mut self, v: V, ty: KeyType) -> Vec<Text> {
        let mut out = Vec::new();
        for item in v.flatten() {
            let text = match item.val {
                Value::Text(t) => t,
                Value::Int(n) => Text::lit(n.to_string()),
                Value::Bool(b) => Text::lit(b.to_string()),
                Value::ParamList(n) => Text {
                    parts: vec![ir::Part::Param(n)],
                },
                Value::Error => continue,
                other => {
                    let help = self.arn_help(&other);
                    self.err(CheckError::TypeMismatch {
                        expected: "a context value (a string, number or boolean)".into(),
                        found: describe(&other),
                        span: item.span,
                        help,
                    });
                    continue;
                }
            };
            if let Some(lit) = text.as_lit() {
                let ok = match ty {
                    KeyType::Bool => matches!(lit.as_str(), "true" | "false"),
                    KeyType::Numeric => values::is_number(&lit),
                    KeyType::Date => values::is_date(&lit),
                    KeyType::Ip => values::is_cidr(&lit),
                    _ => true,
                };
                if !ok {
                    self.err(CheckError::BadConditionValue {
                        value: lit,
                        expected: ty.name().into(),
                        span: item.span,
                    });
                }
            }
            out.push(text);
        }
        out
    }
}
