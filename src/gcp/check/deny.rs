//! Deny policies in `target gcp` modules: `deny_policy x on SCOPE { deny PERMISSIONS to
//! PRINCIPALS [except PRINCIPALS] [when ...] }`. Permissions are written as everywhere else and
//! lowered to the v2 form deny policies take; principals are service accounts of the module or
//! members, translated from the allow-policy spelling (`group:G`) to the deny one
//! (`principalSet://goog/group/G`).

use super::GcpChecker;
use super::error::GcpError;
use super::eval::{Env, GcpVal, Val};
use crate::ast::{self, ClauseKind, Item};
use crate::cloud::CommonError;
use crate::cloud::{Evaluator, PropReader, literal};
use crate::gcp::catalog;
use crate::gcp::ir::{Condition, DenyPolicy, DenyPrincipal, DenyRule, Entity};
use crate::gcp::scopes::Level;
use crate::ir::Text;
use crate::resolve::DeclRef;

const DENY_PROPS: &[&str] = &["display_name"];

/// A member in the allow-policy spelling, in the deny-policy one; `None` when deny policies
/// have no spelling for it.
pub fn deny_principal(member: &str) -> Option<String> {
    if member.starts_with("principal://") || member.starts_with("principalSet://") {
        return Some(member.to_string());
    }
    if member == "allUsers" {
        return Some("principalSet://goog/public:all".into());
    }
    let (kind, rest) = member.split_once(':')?;
    if rest.is_empty() {
        return None;
    }
    Some(match kind {
        "user" => format!("principal://goog/subject/{rest}"),
        "group" => format!("principalSet://goog/group/{rest}"),
        "serviceAccount" => {
            format!("principal://iam.googleapis.com/projects/-/serviceAccounts/{rest}")
        }
        _ => return None,
    })
}

impl GcpChecker<'_> {
    pub(super) fn deny_policy(
        &mut self,
        r: DeclRef,
        d: &ast::Decl,
        scope: Option<&ast::Expr>,
        body: &[Item],
    ) {
        let env = Env {
            module: r.module,
            vars: &[],
        };
        let props = self.props("deny_policy", body, DENY_PROPS);
        let Some(scope) = scope else {
            self.err(CommonError::MissingProperty {
                kind: "deny_policy",
                name: d.name.name.clone(),
                prop: "on SCOPE",
                span: d.name.span,
            });
            return;
        };
        let Some(attachment_point) = self.attachment_point(scope, env) else {
            return;
        };
        let mut rules = Vec::new();
        for item in body {
            match item {
                Item::Prop { .. } | Item::Error(_) => {}
                Item::Clause(c) => match &c.kind {
                    ClauseKind::Deny {
                        permissions,
                        to,
                        except,
                        cond,
                    } if c.keyword.name == "deny" => {
                        if let Some(rule) =
                            self.deny_rule(permissions, to, except, cond.as_ref(), env)
                        {
                            rules.push(rule);
                        }
                    }
                    _ => self.not_allowed(item, "a `deny_policy`"),
                },
                other => self.not_allowed(other, "a `deny_policy`"),
            }
        }
        if rules.is_empty() {
            self.err(CommonError::MissingProperty {
                kind: "deny_policy",
                name: d.name.name.clone(),
                prop: "deny ... to ...",
                span: d.name.span,
            });
            return;
        }
        let display_name = self
            .text_prop(&props, "display_name", env)
            .or_else(|| d.doc.as_ref().map(|doc| Text::lit(doc.node.clone())));
        let policy = DenyPolicy {
            id: self.graph.emit_id(r),
            name: d.name.name.replace('_', "-"),
            display_name,
            attachment_point,
            rules,
            span: d.name.span,
        };
        self.program.entities.push(Entity::Deny(policy));
    }

    /// Where a deny policy attaches: the organization, folder or project of its `on`.
    fn attachment_point(&mut self, scope: &ast::Expr, env: Env<'_>) -> Option<Text> {
        match self.eval(scope, env) {
            Val::Cloud(GcpVal::Scope(kind, args)) if kind.level != Level::Resource => {
                let what = match kind.level {
                    Level::Organization => "organizations",
                    Level::Folder => "folders",
                    _ => "projects",
                };
                let mut t = Text::lit(format!("cloudresourcemanager.googleapis.com/{what}/"));
                t.parts
                    .extend(args.into_iter().next().unwrap_or_default().parts);
                Some(t)
            }
            Val::Error => None,
            other => {
                self.err(CommonError::Expected {
                    expected: "an organization, folder or project (deny policies attach there)",
                    found: other.describe(),
                    span: scope.span(),
                });
                None
            }
        }
    }

    fn deny_rule(
        &mut self,
        permissions: &[ast::Expr],
        to: &[ast::Expr],
        except: &[ast::Expr],
        cond: Option<&ast::LangCond>,
        env: Env<'_>,
    ) -> Option<DenyRule> {
        let mut perms = Vec::new();
        for p in permissions {
            let name = match self.eval(p, env) {
                Val::Cloud(GcpVal::Perm(n)) => n,
                Val::Text(t) => literal(&t)?,
                Val::Error => return None,
                other => {
                    self.err(CommonError::Expected {
                        expected: "a permission",
                        found: other.describe(),
                        span: p.span(),
                    });
                    return None;
                }
            };
            // Deny policies take wildcards (`*.googleapis.com/*`): only names are checked.
            if !name.contains('*') {
                self.known_permission(&name, "deny rule", p.span());
            }
            let cat = catalog::catalog().ok()?;
            perms.push(cat.deny_permission_name(&name).unwrap_or(name));
        }
        let principals = self.deny_principals(to, env)?;
        let exceptions = self.deny_principals(except, env)?;
        let condition = match cond {
            Some(c) => Some(Condition {
                title: "iamx deny condition".into(),
                expression: self.cel(c, crate::gcp::cel::Context::Iam, env)?,
            }),
            None => None,
        };
        Some(DenyRule {
            permissions: perms,
            principals,
            exceptions,
            condition,
        })
    }

    fn deny_principals(&mut self, exprs: &[ast::Expr], env: Env<'_>) -> Option<Vec<DenyPrincipal>> {
        let mut out = Vec::new();
        for e in exprs {
            match self.eval(e, env) {
                Val::Cloud(GcpVal::ServiceAccount(id)) => {
                    out.push(DenyPrincipal::ServiceAccount(id))
                }
                Val::Text(t) => match literal(&t) {
                    Some(s) => match deny_principal(&s) {
                        Some(p) => out.push(DenyPrincipal::Raw(Text::lit(p))),
                        None => {
                            self.err(GcpError::BadDenyPrincipal {
                                member: s,
                                span: e.span(),
                            });
                            return None;
                        }
                    },
                    None => out.push(DenyPrincipal::Raw(t)),
                },
                Val::Error => return None,
                other => {
                    self.err(CommonError::Expected {
                        expected: "a principal (a `service_account` or a string)",
                        found: other.describe(),
                        span: e.span(),
                    });
                    return None;
                }
            }
        }
        Some(out)
    }
}

#[cfg(test)]
mod tests {
    use super::deny_principal;

    #[test]
    fn members_in_the_deny_spelling() {
        assert_eq!(
            deny_principal("group:ops@example.com").as_deref(),
            Some("principalSet://goog/group/ops@example.com")
        );
        assert_eq!(
            deny_principal("user:a@example.com").as_deref(),
            Some("principal://goog/subject/a@example.com")
        );
        assert_eq!(
            deny_principal("allUsers").as_deref(),
            Some("principalSet://goog/public:all")
        );
        assert_eq!(deny_principal("allAuthenticatedUsers"), None);
        assert_eq!(deny_principal("domain:example.com"), None);
    }
}
