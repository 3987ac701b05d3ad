//! Lowering of `target gcp` declarations: `service_account` and `grant` (in an identity or at
//! module level) to the Google Cloud IR, with the checks of contract 10.4 that need no lint:
//! property sets, id formats, the catalog, scope shapes, members and conditions (`custom_role`
//! is lowered in `role.rs`).

use super::GcpChecker;
use super::error::GcpError;
use super::eval::{Env, GcpVal, Val};
use crate::ast::{self, DeclKind, Item};
use crate::cloud::CommonError;
use crate::cloud::eval::ToProblem;
use crate::cloud::foreign_word;
use crate::cloud::words::Cloud;
use crate::cloud::{Evaluator, PropReader, literal};
use crate::gcp::catalog::{self};
use crate::gcp::ir::{
    Condition, Entity, Grant, Member, RoleRef, Scope, ScopeTarget, ServiceAccount,
};
use crate::gcp::{scopes, values};
use crate::ir::Text;
use crate::resolve::DeclRef;

const SA_PROPS: &[&str] = &["account_id", "display_name", "description", "project"];
const BASIC_ROLES: &[&str] = &["roles/owner", "roles/editor", "roles/viewer"];

impl GcpChecker<'_> {
    /// Every declaration of a `target gcp` module, in order.
    pub(super) fn gcp_module(&mut self, mi: usize) {
        let graph = self.graph;
        let Some(m) = graph.modules.get(mi) else {
            return;
        };
        for (di, d) in m.ast.decls.iter().enumerate() {
            let r = DeclRef {
                module: mi,
                decl: di,
            };
            let env = Env {
                module: mi,
                vars: &[],
            };
            match &d.kind {
                DeclKind::Cloud {
                    keyword,
                    scope,
                    body,
                } => {
                    match keyword.name.as_str() {
                        "service_account" => self.service_account(r, d, body),
                        "custom_role" => self.custom_role(r, d, body),
                        "workload_identity_pool" => self.pool(r, d, body),
                        "deny_policy" => self.deny_policy(r, d, scope.as_ref(), body),
                        other => match foreign_word(other, Cloud::Gcp, keyword.span) {
                            Some(e) => self.err(e),
                            None => self.unknown_decl(other, keyword.span),
                        },
                    }
                    self.decl_scope(scope.as_ref(), keyword);
                }
                DeclKind::Grant(g) => self.grant(g, &d.attrs, None, env),
                DeclKind::Let { value, .. } if m.root => {
                    let _ = self.let_value(r, value, d.name.span);
                }
                DeclKind::Resource { kind, .. } => {
                    if let Some(e) = foreign_word(kind.keyword(), Cloud::Gcp, d.name.span) {
                        self.err(e);
                    }
                }
                DeclKind::Template { .. } => self.err(GcpError::AwsInGcp {
                    what: "`template` (of AWS statements)".into(),
                    span: d.name.span,
                }),
                DeclKind::Test(_) => self.err(GcpError::AwsInGcp {
                    what: "`test` (AWS evaluation)".into(),
                    span: d.name.span,
                }),
                _ => {}
            }
        }
    }

    fn service_account(&mut self, r: DeclRef, d: &ast::Decl, body: &[Item]) {
        let env = Env {
            module: r.module,
            vars: &[],
        };
        let props = self.props("service_account", body, SA_PROPS);
        let account_id = match self.text_prop(&props, "account_id", env) {
            Some(t) => t,
            None => Text::lit(d.name.name.replace('_', "-")),
        };
        let id_span = props.get("account_id").map_or(d.name.span, ast::Expr::span);
        if let Some(v) = literal(&account_id) {
            if !values::is_account_id(&v) {
                self.err(GcpError::BadId {
                    what: "account_id",
                    value: v,
                    span: id_span,
                });
            }
        }
        let description = self
            .text_prop(&props, "description", env)
            .or_else(|| d.doc.as_ref().map(|doc| Text::lit(doc.node.clone())));
        let sa = ServiceAccount {
            id: self.graph.emit_id(r),
            account_id,
            display_name: self.text_prop(&props, "display_name", env),
            description,
            project: self.text_prop(&props, "project", env),
            span: d.name.span,
        };
        let holder = sa.id.clone();
        self.program.entities.push(Entity::ServiceAccount(sa));
        for item in body {
            match item {
                Item::Prop { .. } | Item::Error(_) => {}
                Item::Grant(g) => self.grant(g, &g.attrs, Some(&holder), env),
                Item::Clause(c) => match &c.kind {
                    ast::ClauseKind::TrustSubject { kind, subject, via } => {
                        self.trust_subject(c, kind, subject, via.as_ref(), &holder, env);
                    }
                    _ => self.not_allowed(item, "a `service_account`"),
                },
                Item::Trust(t) => self.trust_accounts(t, &holder, env),
                other => self.not_allowed(other, "a `service_account`"),
            }
        }
    }

    pub(super) fn not_allowed(&mut self, item: &Item, place: &str) {
        let (what, span) = match item {
            Item::Stmt(s) => ("a statement", s.span),
            Item::Trust(t) => ("`trust`", t.span),
            Item::Attach { span, .. } => ("`attach`", *span),
            Item::Inline { span, .. } => ("`inline`", *span),
            Item::Include { span, .. } => ("`include`", *span),
            Item::Grant(g) => ("`grant`", g.span),
            Item::Clause(c) => ("this clause", c.span),
            Item::Prop { key, .. } => ("a property", key.span),
            Item::Error(s) => ("an error", *s),
        };
        self.err(CommonError::NotAllowed {
            item: what,
            place: place.into(),
            span,
        });
    }

    /// A grant: inside an identity (`holder`), or at module level with `to MEMBERS`.
    pub(super) fn grant(
        &mut self,
        g: &ast::Grant,
        attrs: &[ast::Attr],
        holder: Option<&str>,
        env: Env<'_>,
    ) {
        if g.keyword.name != "grant" {
            self.err(GcpError::UnknownWord {
                word: g.keyword.name.clone(),
                what: "item",
                span: g.keyword.span,
                suggestion: crate::suggest::closest(&g.keyword.name, ["grant"].into_iter()),
            });
            return;
        }
        let mut authoritative = false;
        let mut allow = Vec::new();
        for a in attrs {
            if a.name.name == "authoritative" && a.args.is_empty() {
                authoritative = true;
            } else if let Some(name) = crate::cloud::allowed_lint(a) {
                allow.push(name);
            } else {
                self.err(GcpError::GrantAttr {
                    name: a.name.name.clone(),
                    span: a.span,
                });
            }
        }
        let role = self.role(&g.role, env);
        let scope = self.grant_scope(&g.scope, env);
        let members = self.members(g, holder, env);
        let (Some(role), Some(scope), Some(members)) = (role, scope, members) else {
            return;
        };
        let condition = self.condition(g, &role, &scope, env);
        if g.cond.is_some() && condition.is_none() {
            return;
        }
        let id = self.grant_id(holder, &role, &scope);
        let condition = condition.map(|expression| Condition {
            title: format!("iamx {id}"),
            expression,
        });
        if authoritative {
            let key = format!("{role:?} {:?}", scope.target);
            if let Some(first) = self.authoritative.get(&key) {
                self.err(GcpError::AuthoritativeTwice {
                    role: role_name(&role),
                    span: g.span,
                    first: *first,
                });
                return;
            }
            self.authoritative.insert(key, g.span);
        }
        self.program.entities.push(Entity::Grant(Grant {
            id,
            role,
            scope,
            members,
            condition,
            authoritative,
            allow,
            span: g.span,
        }));
    }

    fn role(&mut self, e: &ast::Expr, env: Env<'_>) -> Option<RoleRef> {
        // `run.developer` for `roles/run.developer`: a path that names nothing.
        if let ast::Expr::Path(p) = e {
            let first = p.segs.first().map_or("", |s| s.name.as_str());
            if p.segs.len() >= 2 && self.graph.lookup(env.module, first).is_none() {
                let name = p.dotted();
                let suggestion = catalog::catalog()
                    .ok()
                    .and_then(|c| c.suggest_role(&name))
                    .map(str::to_string);
                self.err(GcpError::UnknownRole {
                    name,
                    span: p.span,
                    suggestion,
                });
                return None;
            }
        }
        match self.eval(e, env) {
            Val::Cloud(GcpVal::Role(name)) => {
                let cat = catalog::catalog().ok()?;
                if cat.role(&name).is_some() {
                    Some(RoleRef::Predefined(name))
                } else {
                    self.err(GcpError::UnknownRole {
                        suggestion: cat.suggest_role(&name).map(str::to_string),
                        name,
                        span: e.span(),
                    });
                    None
                }
            }
            // A quoted role is taken as written (a role newer than the catalog, or another
            // project's custom role `projects/P/roles/ID`).
            Val::Text(t) => Some(RoleRef::Predefined(
                literal(&t).unwrap_or_else(|| t.to_source()),
            )),
            Val::Cloud(GcpVal::CustomRole(id)) => Some(RoleRef::Custom(id)),
            Val::Error => None,
            other => {
                self.err(CommonError::Expected {
                    expected: "a role (`roles/NAME` or a `custom_role`)",
                    found: other.describe(),
                    span: e.span(),
                });
                None
            }
        }
    }

    fn grant_scope(&mut self, e: &ast::Expr, env: Env<'_>) -> Option<Scope> {
        match self.eval(e, env) {
            Val::Cloud(GcpVal::Scope(kind, args)) => Some(Scope {
                kind,
                target: ScopeTarget::Args(args),
            }),
            Val::Cloud(GcpVal::ServiceAccount(id)) => Some(Scope {
                kind: &scopes::SERVICE_ACCOUNT,
                target: ScopeTarget::ServiceAccount(id),
            }),
            Val::Error => None,
            other => {
                self.err(CommonError::not_a_scope(
                    Cloud::Gcp,
                    other.describe(),
                    e.span(),
                ));
                None
            }
        }
    }

    fn members(
        &mut self,
        g: &ast::Grant,
        holder: Option<&str>,
        env: Env<'_>,
    ) -> Option<Vec<Member>> {
        let flat = match self.grant_to(g, holder.is_some(), env) {
            Ok(Some(flat)) => flat,
            Ok(None) => return holder.map(|h| vec![Member::ServiceAccount(h.to_string())]),
            Err(problem) => {
                self.err(match problem {
                    ToProblem::InIdentity => GcpError::ToInIdentity { span: g.span },
                    ToProblem::Missing => GcpError::NoMembers { span: g.span },
                    ToProblem::NotTo { word, span } => GcpError::ExpectedTo { word, span },
                });
                return None;
            }
        };
        let mut out = Vec::new();
        let mut ok = true;
        for (v, span) in flat {
            match v {
                Val::Cloud(GcpVal::ServiceAccount(id)) => out.push(Member::ServiceAccount(id)),
                Val::Text(t) => {
                    if let Some(s) = literal(&t).filter(|s| !values::is_member(s)) {
                        self.err(GcpError::BadMember { member: s, span });
                        ok = false;
                    }
                    out.push(Member::Raw(t));
                }
                Val::Error => ok = false,
                other => {
                    self.err(CommonError::Expected {
                        expected: "a member (a `service_account` or a string such as `group:ops@example.com`)",
                        found: other.describe(),
                        span,
                    });
                    ok = false;
                }
            }
        }
        (ok && !out.is_empty()).then_some(out)
    }

    fn condition(
        &mut self,
        g: &ast::Grant,
        role: &RoleRef,
        scope: &Scope,
        env: Env<'_>,
    ) -> Option<Text> {
        let c = g.cond.as_ref()?;
        if let RoleRef::Predefined(r) = role {
            if BASIC_ROLES.contains(&r.as_str()) {
                self.err(GcpError::ConditionOnBasicRole {
                    role: r.clone(),
                    span: c.span,
                });
                return None;
            }
        }
        if !scope.kind.condition {
            self.err(GcpError::ConditionOnScope {
                scope: scope.kind.name,
                span: c.span,
            });
            return None;
        }
        self.cel(c, crate::gcp::cel::Context::Iam, env)
    }

    /// `HOLDER_ROLE_SCOPE`, made unique with a number.
    pub(super) fn grant_id(
        &mut self,
        holder: Option<&str>,
        role: &RoleRef,
        scope: &Scope,
    ) -> String {
        let role_part = match role {
            RoleRef::Predefined(r) => values::label(r.strip_prefix("roles/").unwrap_or(r)),
            RoleRef::Custom(id) => id.clone(),
        };
        let scope_part = match &scope.target {
            ScopeTarget::ServiceAccount(id) => id.clone(),
            ScopeTarget::Args(_) => scope
                .kind
                .name
                .rsplit('.')
                .next()
                .unwrap_or(scope.kind.name)
                .to_string(),
        };
        let base = format!("{}_{role_part}_{scope_part}", holder.unwrap_or("grant"));
        let mut id = base.clone();
        let mut n = 2;
        while !self.ids.insert(id.clone()) {
            id = format!("{base}_{n}");
            n += 1;
        }
        id
    }
}

fn role_name(r: &RoleRef) -> String {
    match r {
        RoleRef::Predefined(n) | RoleRef::Custom(n) => n.clone(),
    }
}

impl GcpChecker<'_> {
    /// `on SCOPE` after a declaration's name is only for `deny_policy`.
    fn decl_scope(&mut self, scope: Option<&ast::Expr>, keyword: &ast::Ident) {
        if let Some(s) = scope {
            if keyword.name != "deny_policy" {
                self.err(CommonError::NotAllowed {
                    item: "`on SCOPE`",
                    place: format!("a `{}`", keyword.name),
                    span: s.span(),
                });
            }
        }
    }
}
