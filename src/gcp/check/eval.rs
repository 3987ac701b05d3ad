//! Values of `target gcp` modules: what Google Cloud adds to the shared evaluator
//! ([`crate::cloud::eval`]): predefined roles, permissions written bare, scope constructors
//! and references to `service_account` and `custom_role` declarations.

use super::GcpChecker;
use super::error::GcpError;
use crate::ast;
use crate::cloud::{self, CommonError, EvalState, Evaluator};
use crate::gcp::scopes::{self, ScopeKind};
use crate::ir::Text;
use crate::resolve::Graph;
use crate::span::{Span, Spanned};

/// A value of a `target gcp` module.
pub type Val = cloud::Val<GcpVal>;
/// Where an expression of a `target gcp` module is evaluated.
pub type Env<'a> = cloud::Env<'a, GcpVal>;

/// What Google Cloud adds to the provider-neutral values.
#[derive(Clone, Debug, PartialEq)]
pub enum GcpVal {
    /// `storage.objects.get`: a permission written bare.
    Perm(String),
    /// `roles/run.developer`.
    Role(String),
    Scope(&'static ScopeKind, Vec<Text>),
    /// A `service_account` declaration, by emitted id.
    ServiceAccount(String),
    /// A `custom_role` declaration, by emitted id.
    CustomRole(String),
}

impl cloud::eval::CloudVal for GcpVal {
    fn describe(&self) -> &'static str {
        match self {
            GcpVal::Perm(_) => "a permission",
            GcpVal::Role(_) => "a predefined role",
            GcpVal::Scope(..) => "a scope",
            GcpVal::ServiceAccount(_) => "a service account",
            GcpVal::CustomRole(_) => "a custom role",
        }
    }
}

impl<'g> Evaluator<'g> for GcpChecker<'g> {
    type Val = GcpVal;
    const VALUE: &'static str = "a Google Cloud value";
    const OTHER_DECL: &'static str = "a declaration";

    fn graph(&self) -> &'g Graph {
        self.graph
    }

    fn params(&self) -> &'g [crate::ir::Param] {
        self.params
    }

    fn state(&mut self) -> &mut EvalState<GcpVal> {
        &mut self.eval
    }

    fn report(&mut self, e: CommonError) {
        self.err(e);
    }

    fn action(&mut self, a: &Spanned<String>) -> Val {
        if a.node.starts_with("roles/") {
            Val::Cloud(GcpVal::Role(a.node.clone()))
        } else {
            self.wrong(Self::VALUE, "an AWS action", a.span)
        }
    }

    fn star(&mut self, span: Span) -> Val {
        self.wrong(Self::VALUE, "`*`", span)
    }

    /// Three or more segments that name nothing: a permission.
    fn bare_path(&mut self, p: &ast::Path) -> Option<Val> {
        (p.segs.len() >= 3).then(|| Val::Cloud(GcpVal::Perm(p.dotted())))
    }

    fn declaration(&mut self, keyword: &str, id: String) -> Option<GcpVal> {
        match keyword {
            "service_account" => Some(GcpVal::ServiceAccount(id)),
            "custom_role" => Some(GcpVal::CustomRole(id)),
            _ => None,
        }
    }

    fn aws_declaration(&mut self, what: String, span: Span) {
        self.err(GcpError::AwsInGcp { what, span });
    }

    fn constructor(&mut self, name: &str, c: &ast::Call, env: Env<'_>) -> Option<Val> {
        scopes::find(name).map(|kind| self.scope(kind, c, env))
    }

    fn other_call(&mut self, name: String, c: &ast::Call, _env: Env<'_>) -> Val {
        self.err(GcpError::UnknownScope {
            suggestion: crate::suggest::closest(&name, scopes::names()),
            name,
            span: c.callee.span,
        });
        Val::Error
    }
}

impl GcpChecker<'_> {
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
        match self.text_args(c, env, |_, _, _, _| {}) {
            Some(args) => Val::Cloud(GcpVal::Scope(kind, args)),
            None => Val::Error,
        }
    }
}
