//! Values of `target azure` modules: what Azure adds to the shared evaluator
//! ([`crate::cloud::eval`]): operations, `builtin("NAME")`, scope and principal constructors
//! and references to `managed_identity` and `role_definition` declarations.

use super::AzureChecker;
use super::error::AzureError;
use crate::ast;
use crate::azure::ir::PrincipalType;
use crate::azure::scopes::{self, ScopeKind};
use crate::cloud::{self, CommonError, EvalState, Evaluator, literal};
use crate::ir::Text;
use crate::resolve::Graph;
use crate::span::{Span, Spanned};

/// A value of a `target azure` module.
pub type Val = cloud::Val<AzureVal>;
/// Where an expression of a `target azure` module is evaluated.
pub type Env<'a> = cloud::Env<'a, AzureVal>;

/// What Azure adds to the provider-neutral values.
#[derive(Clone, Debug, PartialEq)]
pub enum AzureVal {
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
}

impl cloud::eval::CloudVal for AzureVal {
    fn describe(&self) -> &'static str {
        match self {
            AzureVal::Op(_) => "an operation",
            AzureVal::Builtin(..) => "a built-in role",
            AzureVal::Scope(..) => "a scope",
            AzureVal::Principal(..) => "a principal",
            AzureVal::Identity(_) => "a managed identity",
            AzureVal::RoleDefinition(_) => "a role definition",
        }
    }
}

const PRINCIPALS: &[(&str, PrincipalType)] = &[
    ("user", PrincipalType::User),
    ("group", PrincipalType::Group),
    ("service_principal", PrincipalType::ServicePrincipal),
];

impl<'g> Evaluator<'g> for AzureChecker<'g> {
    type Val = AzureVal;
    const VALUE: &'static str = "an Azure value";
    const OTHER_DECL: &'static str = "a declaration of another cloud";

    fn graph(&self) -> &'g Graph {
        self.graph
    }

    fn params(&self) -> &'g [crate::ir::Param] {
        self.params
    }

    fn state(&mut self) -> &mut EvalState<AzureVal> {
        &mut self.eval
    }

    fn report(&mut self, e: CommonError) {
        self.err(e);
    }

    fn action(&mut self, a: &Spanned<String>) -> Val {
        if a.node.contains('/') && !a.node.starts_with("roles/") {
            Val::Cloud(AzureVal::Op(a.node.clone()))
        } else {
            self.wrong(Self::VALUE, "an action of another cloud", a.span)
        }
    }

    fn star(&mut self, _span: Span) -> Val {
        Val::Cloud(AzureVal::Op("*".into()))
    }

    fn bare_path(&mut self, _p: &ast::Path) -> Option<Val> {
        None
    }

    fn declaration(&mut self, keyword: &str, id: String) -> Option<AzureVal> {
        match keyword {
            "managed_identity" => Some(AzureVal::Identity(id)),
            "role_definition" => Some(AzureVal::RoleDefinition(id)),
            _ => None,
        }
    }

    fn aws_declaration(&mut self, what: String, span: Span) {
        self.err(AzureError::OtherCloud { what, span });
    }

    fn constructor(&mut self, name: &str, c: &ast::Call, env: Env<'_>) -> Option<Val> {
        scopes::find(name).map(|kind| self.scope(kind, c, env))
    }

    /// `builtin(...)`, `user(...)`, `group(...)`, `service_principal(...)`.
    fn other_call(&mut self, name: String, c: &ast::Call, env: Env<'_>) -> Val {
        if name == "builtin" {
            return self.builtin(c, env);
        }
        if let Some((_, kind)) = PRINCIPALS.iter().find(|(n, _)| *n == name) {
            return match self.one_text(c, env) {
                Some(t) => Val::Cloud(AzureVal::Principal(*kind, t)),
                None => Val::Error,
            };
        }
        self.err(AzureError::UnknownScope {
            suggestion: crate::suggest::closest(
                &name,
                scopes::names().chain(["builtin", "user", "group", "service_principal"]),
            ),
            name,
            span: c.callee.span,
        });
        Val::Error
    }
}

impl AzureChecker<'_> {
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
        let Some(name) = literal(&t) else {
            return self.wrong("a role name known at compile time", "a param", c.span);
        };
        let Ok(cat) = crate::azure::catalog::catalog() else {
            return Val::Error;
        };
        let found = cat
            .role_by_name(&name)
            .or_else(|| cat.roles().find(|r| r.name().eq_ignore_ascii_case(&name)));
        match found {
            Some(r) => Val::Cloud(AzureVal::Builtin(r.name().to_string(), r.id().to_string())),
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

    fn scope(&mut self, kind: &'static ScopeKind, c: &ast::Call, env: Env<'_>) -> Val {
        if c.args.len() != kind.params.len() {
            self.err(CommonError::ScopeArity {
                name: kind.name,
                signature: kind.signature(),
                want: kind.params.len(),
                got: c.args.len(),
                span: c.span,
            });
            return Val::Error;
        }
        let checked = self.text_args(c, env, |me, i, t, span| {
            if let Some(pname) = kind.params.get(i) {
                me.scope_arg(pname, t, span);
            }
        });
        match checked {
            Some(args) => Val::Cloud(AzureVal::Scope(kind, args)),
            None => Val::Error,
        }
    }

    /// A literal subscription id or resource group name, checked for format.
    fn scope_arg(&mut self, param: &str, t: &Text, span: Span) {
        let Some(v) = literal(t) else {
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
