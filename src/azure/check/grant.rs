//! Lowering of `target azure` grants (in a `managed_identity` or at module level) to role
//! assignments in the Azure IR (stage 4), with the checks of contract 10.4 for them: the role,
//! the scope, the principals, the ABAC condition and the role's assignable scopes.
//! May use what `lower.rs` uses: the cloud-neutral checker parts, the Azure catalog, values and IR.

use super::AzureChecker;
use super::error::AzureError;
use super::eval::{AzureVal, Env, Val};
use crate::ast;
use crate::azure::ir::{Entity, Grant, Principal, RoleRef, Scope, ScopeTarget};
use crate::azure::{scopes, values};
use crate::cloud::CommonError;
use crate::cloud::eval::ToProblem;
use crate::cloud::words::Cloud;
use crate::cloud::{Evaluator, allowed_lint, literal};
use crate::ir::Text;
use crate::span::Span;

impl AzureChecker<'_> {
    /// `grant ROLE on SCOPE [to ...] [when abac "..."]`, in an identity (`holder`) or at module
    /// level.
    pub(super) fn grant(
        &mut self,
        g: &ast::Grant,
        attrs: &[ast::Attr],
        holder: Option<&str>,
        env: Env<'_>,
    ) {
        if g.keyword.name != "grant" {
            self.unknown_decl(&g.keyword.name.clone(), g.keyword.span);
            return;
        }
        let mut allow = Vec::new();
        for a in attrs {
            match allowed_lint(a) {
                Some(l) => allow.push(l),
                None => self.err(AzureError::GrantAttr {
                    name: a.name.name.clone(),
                    span: a.name.span,
                }),
            }
        }
        let role = self.role(&g.role, env);
        let scope = self.scope_of(&g.scope, env);
        let principals = self.principals(g, holder, env);
        let condition = self.abac(g, env);
        let (Some(role), Some(scope), Some(principals), Some(condition)) =
            (role, scope, principals, condition)
        else {
            return;
        };
        self.assignable(&role, &scope, g.span);
        for principal in principals {
            let base = format!(
                "{}_{}_{}",
                match &principal {
                    Principal::Identity(id) => id.clone(),
                    Principal::Object { .. } => "grant".into(),
                },
                match &role {
                    RoleRef::Builtin { name, .. } => values::label(name),
                    RoleRef::Custom(id) => id.clone(),
                },
                match &scope.target {
                    ScopeTarget::Identity(id) => id.clone(),
                    ScopeTarget::Raw(_) => "scope".into(),
                    ScopeTarget::Args(_) => scope
                        .kind
                        .name
                        .rsplit('.')
                        .next()
                        .unwrap_or("scope")
                        .to_string(),
                }
            );
            let id = self.fresh_id(base);
            self.program.entities.push(Entity::Grant(Grant {
                id,
                role: role.clone(),
                scope: scope.clone(),
                principal,
                condition: condition.clone(),
                allow: allow.clone(),
                span: g.span,
            }));
        }
    }

    fn role(&mut self, e: &ast::Expr, env: Env<'_>) -> Option<RoleRef> {
        match self.eval(e, env) {
            Val::Cloud(AzureVal::Builtin(name, guid)) => Some(RoleRef::Builtin { name, guid }),
            Val::Cloud(AzureVal::RoleDefinition(id)) => Some(RoleRef::Custom(id)),
            Val::Error => None,
            other => {
                self.wrong(
                    "a role (`builtin(\"NAME\")` or a `role_definition`)",
                    other.describe(),
                    e.span(),
                );
                None
            }
        }
    }

    /// A scope: a constructor, a `managed_identity`, or an ARM id string.
    pub(super) fn scope_of(&mut self, e: &ast::Expr, env: Env<'_>) -> Option<Scope> {
        match self.eval(e, env) {
            Val::Cloud(AzureVal::Scope(kind, args)) => Some(Scope {
                kind,
                target: ScopeTarget::Args(args),
                level: kind.level,
            }),
            Val::Cloud(AzureVal::Identity(id)) => Some(Scope {
                kind: &scopes::MANAGED_IDENTITY,
                target: ScopeTarget::Identity(id),
                level: values::Level::Resource,
            }),
            Val::Text(t) => {
                let level = match literal(&t) {
                    Some(s) => match values::arm_scope(&s) {
                        Ok(l) => l,
                        Err(p) => {
                            self.err(AzureError::BadScope {
                                value: s,
                                problem: p.describe(),
                                span: e.span(),
                            });
                            return None;
                        }
                    },
                    None => raw_level(&t),
                };
                Some(Scope {
                    kind: &scopes::RAW,
                    target: ScopeTarget::Raw(t),
                    level,
                })
            }
            Val::Error => None,
            other => {
                self.err(CommonError::not_a_scope(
                    Cloud::Azure,
                    other.describe(),
                    e.span(),
                ));
                None
            }
        }
    }

    fn principals(
        &mut self,
        g: &ast::Grant,
        holder: Option<&str>,
        env: Env<'_>,
    ) -> Option<Vec<Principal>> {
        let flat = match self.grant_to(g, holder.is_some(), env) {
            Ok(Some(flat)) => flat,
            Ok(None) => return holder.map(|h| vec![Principal::Identity(h.to_string())]),
            Err(problem) => {
                self.err(match problem {
                    ToProblem::InIdentity => AzureError::ToInIdentity { span: g.span },
                    ToProblem::Missing => AzureError::NoPrincipals { span: g.span },
                    ToProblem::NotTo { word, span } => AzureError::ExpectedTo { word, span },
                });
                return None;
            }
        };
        let mut out = Vec::new();
        let mut ok = true;
        for (v, span) in flat {
            match v {
                Val::Cloud(AzureVal::Identity(id)) => out.push(Principal::Identity(id)),
                Val::Cloud(AzureVal::Principal(kind, id)) => {
                    if let Some(s) = literal(&id).filter(|s| !values::is_guid(s)) {
                        self.err(AzureError::BadValue {
                            what: "principal object id",
                            value: s,
                            span,
                        });
                        ok = false;
                    }
                    out.push(Principal::Object { id, kind });
                }
                Val::Error => ok = false,
                other => {
                    self.wrong(
                        "a principal (a `managed_identity`, `user(\"ID\")`, `group(\"ID\")` or `service_principal(\"ID\")`)",
                        other.describe(),
                        span,
                    );
                    ok = false;
                }
            }
        }
        (ok && !out.is_empty()).then_some(out)
    }

    /// `when abac "..."`: `Some(None)` without a condition, `None` after an error.
    fn abac(&mut self, g: &ast::Grant, env: Env<'_>) -> Option<Option<Text>> {
        let Some(c) = &g.cond else {
            return Some(None);
        };
        let (lang, text) = match &c.kind {
            ast::LangCondKind::Raw { lang, text } => (lang, text),
            ast::LangCondKind::Cmp { .. } => {
                self.err(AzureError::Abac {
                    message: "Azure conditions are written in ABAC, as a string",
                    span: c.span,
                });
                return None;
            }
        };
        if lang.name != "abac" {
            self.err(AzureError::Abac {
                message: "Azure conditions are `abac \"...\"`",
                span: lang.span,
            });
            return None;
        }
        let t = match self.eval(&ast::Expr::Str(text.clone()), env) {
            Val::Text(t) => t,
            _ => return None,
        };
        if let Some(s) = literal(&t) {
            let message = abac_problem(&s);
            if let Some(message) = message {
                self.err(AzureError::Abac {
                    message,
                    span: text.span,
                });
                return None;
            }
        }
        Some(Some(t))
    }

    /// A custom role granted outside its assignable scopes, or with data actions at a
    /// management group.
    fn assignable(&mut self, role: &RoleRef, scope: &Scope, span: Span) {
        let RoleRef::Custom(id) = role else {
            return;
        };
        let Some(def) = self.roles.get(id).cloned() else {
            return;
        };
        if scope.level == values::Level::ManagementGroup && !def.data_actions.is_empty() {
            self.err(AzureError::DataActionsAtManagementGroup {
                role: def.id.clone(),
                span,
            });
            return;
        }
        let here = scope_text(scope);
        let (Some(here), true) = (here, !def.assignable_scopes.is_empty()) else {
            return;
        };
        let covered = def.assignable_scopes.iter().any(|a| match scope_text(a) {
            Some(a) => {
                let (a, h) = (a.to_ascii_lowercase(), here.to_ascii_lowercase());
                h == a || h.starts_with(&format!("{a}/"))
            }
            None => true,
        });
        if !covered {
            self.err(AzureError::OutsideAssignable {
                role: def.id.clone(),
                level: scope.level.describe(),
                span,
                def: def.span,
            });
        }
    }
}

/// The literal ARM id of a scope, when it has no params (a param's value is only known at
/// deploy time, so containment is not decided then).
pub(super) fn scope_text(s: &Scope) -> Option<String> {
    match &s.target {
        ScopeTarget::Args(args) => {
            let mut out = s.kind.template.to_string();
            for (i, a) in args.iter().enumerate() {
                out = out.replace(&format!("{{{i}}}"), &literal(a)?);
            }
            Some(out)
        }
        ScopeTarget::Raw(t) => literal(t),
        ScopeTarget::Identity(_) => None,
    }
}

/// The level of an ARM id with params: by its last typed segment.
fn raw_level(t: &Text) -> values::Level {
    let src = t.to_source().to_ascii_lowercase();
    if src.contains("/providers/") && !src.starts_with("/providers/microsoft.management") {
        values::Level::Resource
    } else if src.contains("/resourcegroups/") {
        values::Level::ResourceGroup
    } else if src.contains("managementgroups/") {
        values::Level::ManagementGroup
    } else {
        values::Level::Subscription
    }
}

/// What Azure refuses in an ABAC condition before evaluating it: an empty text, unbalanced
/// parentheses or quotes, too long.
fn abac_problem(s: &str) -> Option<&'static str> {
    if s.trim().is_empty() {
        return Some("the condition is empty");
    }
    if s.len() > 8192 {
        return Some("the condition is longer than 8,192 characters");
    }
    let mut depth: i64 = 0;
    let mut quoted = false;
    for c in s.chars() {
        match c {
            '\'' => quoted = !quoted,
            '(' if !quoted => depth += 1,
            ')' if !quoted => {
                depth -= 1;
                if depth < 0 {
                    return Some("a `)` closes nothing");
                }
            }
            _ => {}
        }
    }
    if quoted {
        return Some("a `'` string is not closed");
    }
    if depth != 0 {
        return Some("a `(` is not closed");
    }
    if !s.contains("ActionMatches") && !s.contains('@') {
        return Some(
            "a condition names the actions it limits (`ActionMatches{'...'}`) or attributes (`@Resource[...]`)",
        );
    }
    None
}
