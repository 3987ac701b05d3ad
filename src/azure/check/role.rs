//! Lowering of `role_definition x { name, actions, not_actions, data_actions,
//! not_data_actions, assignable_scopes }` with the checks of contract 10.4: operations known to
//! the catalog (case-insensitively, the author's case kept; did-you-mean), at most one `*` per
//! operation, each list in its plane, assignable scopes neither `/` nor wildcards and naming at
//! most one management group.

use super::AzureChecker;
use super::error::{AzureError, RoleProblem};
use super::eval::{AzureVal, Env, Val};
use crate::ast::{self, Item};
use crate::azure::catalog::{self, Plane};
use crate::azure::ir::{Entity, RoleDefinition, Scope};
use crate::azure::values::Level;
use crate::cloud::CommonError;
use crate::cloud::{Evaluator, PropReader, Props, flatten, literal};
use crate::diag::{Diag, Lint};
use crate::ir::Text;
use crate::resolve::DeclRef;
use crate::span::Span;
use std::collections::HashMap;

const ROLE_PROPS: &[&str] = &[
    "name",
    "description",
    "actions",
    "not_actions",
    "data_actions",
    "not_data_actions",
    "assignable_scopes",
];

impl AzureChecker<'_> {
    pub(super) fn role_definition(&mut self, r: DeclRef, d: &ast::Decl, body: &[Item]) {
        let env = Env {
            module: r.module,
            vars: &[],
        };
        let props = self.props("role_definition", body, ROLE_PROPS);
        for item in body {
            if !matches!(item, Item::Prop { .. } | Item::Error(_)) {
                self.not_allowed(item, "a `role_definition`");
            }
        }
        let errors = self.errors.len();
        let name = self
            .text_prop(&props, "name", env)
            .unwrap_or_else(|| Text::lit(d.name.name.clone()));
        let description = self
            .text_prop(&props, "description", env)
            .or_else(|| d.doc.as_ref().map(|doc| Text::lit(doc.node.clone())));
        let mut lists = Vec::new();
        for (prop, plane) in [
            ("actions", Plane::Control),
            ("not_actions", Plane::Control),
            ("data_actions", Plane::Data),
            ("not_data_actions", Plane::Data),
        ] {
            lists.push(self.operations(props.get(prop), plane, env));
        }
        let [actions, not_actions, data_actions, not_data_actions] =
            <[Vec<String>; 4]>::try_from(lists).unwrap_or_default();
        if actions.is_empty() && data_actions.is_empty() && self.errors.len() == errors {
            self.err(AzureError::RoleProblem {
                name: d.name.name.clone(),
                problem: RoleProblem::Empty,
                span: d.name.span,
            });
        }
        let assignable_scopes = self.assignable_scopes(&props, d, env);
        if self.errors.len() > errors {
            return;
        }
        let id = self.graph.emit_id(r);
        self.ids.insert(id.clone());
        let def = RoleDefinition {
            id: id.clone(),
            name,
            description,
            actions,
            not_actions,
            data_actions,
            not_data_actions,
            assignable_scopes,
            span: d.name.span,
        };
        self.roles.insert(id, def.clone());
        self.program.entities.push(Entity::RoleDefinition(def));
    }

    /// One list of operations, each checked, in the author's order without repeats.
    fn operations(&mut self, e: Option<&ast::Expr>, plane: Plane, env: Env<'_>) -> Vec<String> {
        let Some(e) = e else {
            return vec![];
        };
        let mut flat = Vec::new();
        flatten(self.eval(e, env), e.span(), &mut flat);
        let mut out = Vec::new();
        let mut seen: HashMap<String, Span> = HashMap::new();
        for (v, span) in flat {
            let op = match v {
                Val::Cloud(AzureVal::Op(o)) => o,
                Val::Text(t) => match literal(&t) {
                    Some(o) => o,
                    None => {
                        self.wrong("an operation known at compile time", "a param", span);
                        continue;
                    }
                },
                Val::Error => continue,
                other => {
                    self.wrong("an operation", other.describe(), span);
                    continue;
                }
            };
            let key = op.to_ascii_lowercase();
            if let Some(first) = seen.get(&key) {
                self.err(AzureError::DuplicateOperation {
                    name: op,
                    span,
                    first: *first,
                });
                continue;
            }
            seen.insert(key, span);
            if self.known_operation(&op, plane, span) {
                out.push(op);
            }
        }
        out
    }

    /// Whether `op` may stand in a list of `plane`: at most one `*`, known to the catalog (an
    /// unknown provider is an error, an unknown operation of a known provider the warning
    /// `unknown_permission`: the operation lists are not complete).
    fn known_operation(&mut self, op: &str, plane: Plane, span: Span) -> bool {
        if op.matches('*').count() > 1 {
            self.err(AzureError::OperationProblem {
                op: op.to_string(),
                problem: RoleProblem::TwoWildcards,
                span,
            });
            return false;
        }
        if op == "*" || op.starts_with("*/") {
            return true;
        }
        let Ok(cat) = catalog::catalog() else {
            return true;
        };
        if cat.matches_any(op, plane) {
            return true;
        }
        let other = match plane {
            Plane::Control => Plane::Data,
            Plane::Data => Plane::Control,
        };
        if cat.matches_any(op, other) && !cat.matches_any(op, plane) {
            self.err(AzureError::OperationProblem {
                op: op.to_string(),
                problem: RoleProblem::WrongPlane,
                span,
            });
            return false;
        }
        let provider = catalog::provider_of(op);
        let known_provider = cat
            .providers()
            .iter()
            .any(|p| p.eq_ignore_ascii_case(provider));
        let suggestion = cat.suggest_operation(op).map(str::to_string);
        if !known_provider {
            self.err(AzureError::UnknownOperation {
                name: op.to_string(),
                span,
                suggestion,
            });
            return false;
        }
        let help = match &suggestion {
            Some(s) => format!("did you mean `{s}`?"),
            None => {
                "no operation list holds it; check the name against `az provider operation show`"
                    .into()
            }
        };
        self.warnings.push(
            Diag::warning(
                Lint::UnknownPermission,
                format!("unknown operation `{op}`"),
                span,
                "not in the catalog",
            )
            .with_help(help)
            .with_suggestion_in(op.to_string(), suggestion),
        );
        true
    }

    fn assignable_scopes(&mut self, props: &Props<'_>, d: &ast::Decl, env: Env<'_>) -> Vec<Scope> {
        let Some(e) = props.get("assignable_scopes") else {
            self.err(CommonError::MissingProperty {
                kind: "role_definition",
                name: d.name.name.clone(),
                prop: "assignable_scopes",
                span: d.name.span,
            });
            return vec![];
        };
        let mut flat = Vec::new();
        match e {
            ast::Expr::List(items, _) => items.iter().for_each(|i| flat.push(i)),
            other => flat.push(other),
        }
        let mut out: Vec<Scope> = Vec::new();
        let mut mg: Option<Span> = None;
        for item in flat {
            if let ast::Expr::Str(s) = item {
                if s.as_plain().is_some_and(|p| p == "/" || p.contains('*')) {
                    self.err(AzureError::RoleProblem {
                        name: d.name.name.clone(),
                        problem: RoleProblem::ScopeRootOrWildcard,
                        span: item.span(),
                    });
                    continue;
                }
            }
            let Some(scope) = self.scope_of(item, env) else {
                continue;
            };
            if matches!(scope.target, crate::azure::ir::ScopeTarget::Identity(_)) {
                self.wrong(
                    "an assignable scope (a management group, subscription, resource group or resource id)",
                    "a managed identity",
                    item.span(),
                );
                continue;
            }
            if scope.level == Level::ManagementGroup {
                if mg.is_some() {
                    self.err(AzureError::RoleProblem {
                        name: d.name.name.clone(),
                        problem: RoleProblem::TwoManagementGroups,
                        span: item.span(),
                    });
                    continue;
                }
                mg = Some(item.span());
            }
            out.push(scope);
        }
        if out.is_empty() && !matches!(e, ast::Expr::List(items, _) if !items.is_empty()) {
            self.err(CommonError::MissingProperty {
                kind: "role_definition",
                name: d.name.name.clone(),
                prop: "assignable_scopes",
                span: e.span(),
            });
        }
        out
    }
}
