//! Workload Identity Federation in `target gcp` modules: `workload_identity_pool` with its
//! providers, `trust github subject S via POOL.PROVIDER` (the federated principal may
//! impersonate the service account: `roles/iam.workloadIdentityUser`) and `trust service_account
//! s` (`roles/iam.serviceAccountTokenCreator`).

use super::GcpChecker;
use super::error::GcpError;
use super::eval::{Env, GcpVal, Val};
use crate::ast::{self, ClauseKind, CmpOp, DeclKind, Item, LangCond, LangCondKind};
use crate::cloud::CommonError;
use crate::cloud::{Evaluator, PropReader, literal};
use crate::gcp::ir::{Entity, Grant, Member, Pool, PoolProvider, RoleRef, Scope, ScopeTarget};
use crate::gcp::{cel, scopes};
use crate::ir::{Part, Text};
use crate::resolve::DeclRef;
use crate::span::Span;

const POOL_PROPS: &[&str] = &[
    "pool_id",
    "display_name",
    "description",
    "project",
    "project_number",
];
const PROVIDER_PROPS: &[&str] = &["provider_id", "display_name", "audiences"];

/// Issuers whose tokens any of their users can mint: Google rejects a provider for them without
/// an attribute condition.
const SHARED_ISSUERS: &[&str] = &[
    "https://token.actions.githubusercontent.com",
    "https://gitlab.com",
    "https://app.terraform.io",
];

/// A pool or provider id: 4 to 32 of `[a-z0-9-]`, not starting with `gcp-`.
pub fn is_pool_id(s: &str) -> bool {
    (4..=32).contains(&s.len())
        && !s.starts_with("gcp-")
        && s.bytes()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == b'-')
}

impl GcpChecker<'_> {
    pub(super) fn pool(&mut self, r: DeclRef, d: &ast::Decl, body: &[Item]) {
        let env = Env {
            module: r.module,
            vars: &[],
        };
        let props = self.props("workload_identity_pool", body, POOL_PROPS);
        let pool_id = self
            .text_prop(&props, "pool_id", env)
            .unwrap_or_else(|| Text::lit(d.name.name.replace('_', "-")));
        let span = props.get("pool_id").map_or(d.name.span, ast::Expr::span);
        self.check_pool_id(&pool_id, "pool_id", span);
        let id = self.graph.emit_id(r);
        let mut providers = Vec::new();
        for item in body {
            match item {
                Item::Prop { .. } | Item::Error(_) => {}
                Item::Clause(c) => match &c.kind {
                    ClauseKind::Block { name, body } if c.keyword.name == "provider" => {
                        if let Some(p) = self.provider(&id, name, body, env) {
                            providers.push(p);
                        }
                    }
                    _ => self.not_allowed(item, "a `workload_identity_pool`"),
                },
                other => self.not_allowed(other, "a `workload_identity_pool`"),
            }
        }
        let description = self
            .text_prop(&props, "description", env)
            .or_else(|| d.doc.as_ref().map(|doc| Text::lit(doc.node.clone())));
        let pool = Pool {
            id,
            pool_id,
            display_name: self.text_prop(&props, "display_name", env),
            description,
            project: self.text_prop(&props, "project", env),
            project_number: self.text_prop(&props, "project_number", env),
            providers,
            span: d.name.span,
        };
        self.program.entities.push(Entity::Pool(pool));
    }

    fn check_pool_id(&mut self, t: &Text, what: &'static str, span: Span) {
        if let Some(v) = literal(t) {
            if !is_pool_id(&v) {
                self.err(GcpError::BadId {
                    what,
                    value: v,
                    span,
                });
            }
        }
    }

    fn provider(
        &mut self,
        pool: &str,
        name: &ast::Ident,
        body: &[Item],
        env: Env<'_>,
    ) -> Option<PoolProvider> {
        let props = self.props("provider", body, PROVIDER_PROPS);
        let provider_id = self
            .text_prop(&props, "provider_id", env)
            .unwrap_or_else(|| Text::lit(name.name.replace('_', "-")));
        let span = props.get("provider_id").map_or(name.span, ast::Expr::span);
        self.check_pool_id(&provider_id, "provider_id", span);
        let Clauses {
            issuer,
            mapping,
            condition,
            accepts,
        } = self.provider_clauses(body, env);
        let Some(issuer) = issuer else {
            self.err(CommonError::MissingProperty {
                kind: "provider",
                name: name.name.clone(),
                prop: "oidc",
                span: name.span,
            });
            return None;
        };
        if !mapping.iter().any(|(k, _)| k == "google.subject") {
            self.err(CommonError::MissingProperty {
                kind: "provider",
                name: name.name.clone(),
                prop: "map google.subject",
                span: name.span,
            });
        }
        if !accepts && literal(&issuer).is_some_and(|i| SHARED_ISSUERS.contains(&i.as_str())) {
            self.err(GcpError::NoAttributeCondition {
                issuer: literal(&issuer).unwrap_or_default(),
                span: name.span,
            });
        }
        let audiences = self.audiences(props.get("audiences"), env);
        Some(PoolProvider {
            id: format!("{pool}_{}", name.name),
            name: name.name.clone(),
            provider_id,
            display_name: self.text_prop(&props, "display_name", env),
            issuer,
            audiences,
            mapping,
            condition,
        })
    }

    /// A provider's clauses: `oidc ISSUER`, `map KEY = VALUE`, `accept when CONDITION`.
    fn provider_clauses(&mut self, body: &[Item], env: Env<'_>) -> Clauses {
        let mut clauses = Clauses::default();
        for item in body {
            let Item::Clause(c) = item else {
                if !matches!(item, Item::Prop { .. } | Item::Error(_)) {
                    self.not_allowed(item, "a `provider`");
                }
                continue;
            };
            match (c.keyword.name.as_str(), &c.kind) {
                ("oidc", ClauseKind::Value(v)) => clauses.issuer = self.issuer(v, env),
                ("map", ClauseKind::Map { key, value }) => {
                    if let Some(m) = self.mapping(key, value, env) {
                        clauses.mapping.push(m);
                    }
                }
                ("accept", ClauseKind::When(w)) => {
                    clauses.accepts = true;
                    clauses.condition = self.cel(w, cel::Context::Federation, env);
                }
                _ => self.err(GcpError::UnknownWord {
                    word: c.keyword.name.clone(),
                    what: "provider clause",
                    span: c.keyword.span,
                    suggestion: crate::suggest::closest(
                        &c.keyword.name,
                        ["oidc", "map", "accept"].into_iter(),
                    ),
                }),
            }
        }
        clauses
    }

    /// A provider's `audiences`: a string or a list of strings.
    fn audiences(&mut self, e: Option<&ast::Expr>, env: Env<'_>) -> Vec<Text> {
        let Some(e) = e else {
            return vec![];
        };
        match self.eval(e, env) {
            Val::List(items) => items
                .into_iter()
                .filter_map(|(v, _)| match v {
                    Val::Text(t) => Some(t),
                    _ => None,
                })
                .collect(),
            Val::Text(t) => vec![t],
            _ => vec![],
        }
    }

    fn issuer(&mut self, v: &ast::Expr, env: Env<'_>) -> Option<Text> {
        match self.eval(v, env) {
            Val::Text(t) => {
                if let Some(s) = literal(&t).filter(|s| !s.starts_with("https://")) {
                    self.err(GcpError::BadId {
                        what: "issuer",
                        value: s,
                        span: v.span(),
                    });
                }
                Some(t)
            }
            Val::Error => None,
            other => {
                self.err(CommonError::Expected {
                    expected: "an issuer URL",
                    found: other.describe(),
                    span: v.span(),
                });
                None
            }
        }
    }

    /// `map google.subject = assertion.sub`: the target attribute and a CEL expression (a
    /// dotted name, or a string of CEL).
    fn mapping(
        &mut self,
        key: &ast::Path,
        value: &ast::Expr,
        env: Env<'_>,
    ) -> Option<(String, Text)> {
        let k = key.dotted();
        let ok = match k.split_once('.') {
            Some(("google", a)) => {
                matches!(a, "subject" | "groups" | "display_name" | "posix_username")
            }
            Some(("attribute", a)) => {
                !a.is_empty()
                    && a.bytes()
                        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == b'_')
            }
            _ => false,
        };
        if !ok {
            self.err(GcpError::BadId {
                what: "attribute",
                value: k,
                span: key.span,
            });
            return None;
        }
        let expr = match value {
            ast::Expr::Path(p)
                if self
                    .graph
                    .lookup(env.module, &p.segs.first()?.name)
                    .is_none() =>
            {
                Text::lit(p.dotted())
            }
            other => match self.eval(other, env) {
                Val::Text(t) => t,
                _ => return None,
            },
        };
        Some((k, expr))
    }

    /// A condition as CEL text: raw `cel "..."`, or `KEY OP VALUE` with the value a CEL
    /// string literal (params stay symbolic inside it).
    pub(super) fn cel(&mut self, c: &LangCond, ctx: cel::Context, env: Env<'_>) -> Option<Text> {
        let t = self.cel_text(c, env)?;
        // Params stand in string literals (`"${var.repo}"`): check with a placeholder.
        let probe: String = t
            .parts
            .iter()
            .map(|p| match p {
                Part::Lit(l) => l.clone(),
                _ => "x".to_string(),
            })
            .collect();
        if let Err(e) = cel::check(&probe, ctx) {
            let span = match &c.kind {
                LangCondKind::Raw { text, .. } if literal(&t).is_some() => {
                    let start =
                        (text.span.start + 1 + e.offset).min(text.span.end.saturating_sub(1));
                    Span::new(
                        text.span.file,
                        start,
                        text.span.end.saturating_sub(1).max(start),
                    )
                }
                _ => c.span,
            };
            self.err(GcpError::Cel {
                message: e.message,
                span,
            });
            return None;
        }
        Some(t)
    }

    fn cel_text(&mut self, c: &LangCond, env: Env<'_>) -> Option<Text> {
        match &c.kind {
            LangCondKind::Raw { lang, text } => {
                if lang.name != "cel" {
                    self.err(GcpError::ConditionLanguage {
                        lang: lang.name.clone(),
                        span: lang.span,
                    });
                    return None;
                }
                match self.eval(&ast::Expr::Str(text.clone()), env) {
                    Val::Text(t) if literal(&t).is_some_and(|s| s.trim().is_empty()) => {
                        self.err(GcpError::EmptyCondition { span: text.span });
                        None
                    }
                    Val::Text(t) => Some(t),
                    _ => None,
                }
            }
            LangCondKind::Cmp { key, op, value } => {
                let cel_op = match op.node {
                    CmpOp::Eq => "==",
                    CmpOp::Ne => "!=",
                    CmpOp::Lt => "<",
                    CmpOp::Le => "<=",
                    CmpOp::Gt => ">",
                    CmpOp::Ge => ">=",
                    CmpOp::In => "in",
                    CmpOp::NotIn | CmpOp::Like | CmpOp::NotLike => {
                        self.err(GcpError::CelOperator {
                            op: op.node.text(),
                            span: op.span,
                        });
                        return None;
                    }
                };
                let mut t = Text::lit(format!("{} {cel_op} ", key.dotted()));
                self.cel_value(value, env, &mut t)?;
                Some(t)
            }
        }
    }

    fn cel_value(&mut self, value: &ast::Expr, env: Env<'_>, out: &mut Text) -> Option<()> {
        match self.eval(value, env) {
            Val::Text(v) => {
                out.parts.push(Part::Lit("\"".into()));
                for p in v.parts {
                    match p {
                        Part::Lit(l) => out
                            .parts
                            .push(Part::Lit(l.replace('\\', "\\\\").replace('"', "\\\""))),
                        other => out.parts.push(other),
                    }
                }
                out.parts.push(Part::Lit("\"".into()));
                Some(())
            }
            Val::Int(n) => {
                out.parts.push(Part::Lit(n.to_string()));
                Some(())
            }
            Val::Bool(b) => {
                out.parts.push(Part::Lit(b.to_string()));
                Some(())
            }
            Val::List(items) => {
                out.parts.push(Part::Lit("[".into()));
                for (i, (v, span)) in items.into_iter().enumerate() {
                    if i > 0 {
                        out.parts.push(Part::Lit(", ".into()));
                    }
                    let Val::Text(t) = v else {
                        self.err(CommonError::Expected {
                            expected: "a string",
                            found: v.describe(),
                            span,
                        });
                        return None;
                    };
                    out.parts.push(Part::Lit("\"".into()));
                    out.parts.extend(t.parts);
                    out.parts.push(Part::Lit("\"".into()));
                }
                out.parts.push(Part::Lit("]".into()));
                Some(())
            }
            Val::Error => None,
            other => {
                self.err(CommonError::Expected {
                    expected: "a string, number, boolean or list",
                    found: other.describe(),
                    span: value.span(),
                });
                None
            }
        }
    }

    /// `trust github subject S via POOL.PROVIDER` in service account `holder`.
    pub(super) fn trust_subject(
        &mut self,
        c: &ast::Clause,
        kind: &ast::Ident,
        subject: &ast::Expr,
        via: Option<&ast::Path>,
        holder: &str,
        env: Env<'_>,
    ) {
        if kind.name != "github" {
            self.err(GcpError::UnknownWord {
                word: kind.name.clone(),
                what: "trust kind",
                span: kind.span,
                suggestion: crate::suggest::closest(&kind.name, ["github"].into_iter()),
            });
            return;
        }
        let subject = match self.eval(subject, env) {
            Val::Text(t) => t,
            Val::Error => return,
            other => {
                self.err(CommonError::Expected {
                    expected: "a subject string (`github.environment(repo, \"production\")`)",
                    found: other.describe(),
                    span: subject.span(),
                });
                return;
            }
        };
        if literal(&subject).is_some_and(|s| s.contains('*') || s.is_empty()) {
            self.err(GcpError::SubjectPattern { span: c.span });
            return;
        }
        let Some(via) = via else {
            self.err(CommonError::Expected {
                expected: "`via POOL.PROVIDER` after the subject",
                found: "nothing",
                span: c.span,
            });
            return;
        };
        let Some(pool) = self.via(via, env) else {
            return;
        };
        let id = self.grant_id(
            Some(holder),
            &RoleRef::Predefined("roles/iam.workloadIdentityUser".into()),
            &Scope {
                kind: &scopes::SERVICE_ACCOUNT,
                target: ScopeTarget::ServiceAccount(holder.to_string()),
            },
        );
        self.program.entities.push(Entity::Grant(Grant {
            id,
            role: RoleRef::Predefined("roles/iam.workloadIdentityUser".into()),
            scope: Scope {
                kind: &scopes::SERVICE_ACCOUNT,
                target: ScopeTarget::ServiceAccount(holder.to_string()),
            },
            members: vec![Member::PoolSubject { pool, subject }],
            condition: None,
            authoritative: false,
            allow: vec![],
            span: c.span,
        }));
        self.used_pool(via, env);
    }

    fn used_pool(&mut self, via: &ast::Path, env: Env<'_>) {
        if let Some(r) = via
            .segs
            .first()
            .and_then(|s| self.graph.lookup(env.module, &s.name))
        {
            self.eval.used.insert(r);
        }
    }

    /// `POOL.PROVIDER`: the pool's emitted id, when the pool declares the provider.
    fn via(&mut self, via: &ast::Path, env: Env<'_>) -> Option<String> {
        let (Some(pool), Some(provider), None) =
            (via.segs.first(), via.segs.get(1), via.segs.get(2))
        else {
            self.err(CommonError::Expected {
                expected: "`POOL.PROVIDER`",
                found: "another name",
                span: via.span,
            });
            return None;
        };
        let r = self.graph.lookup(env.module, &pool.name);
        let d = r.map(|r| self.graph.decl(r));
        let body = match d.map(|d| &d.kind) {
            Some(DeclKind::Cloud { keyword, body, .. })
                if keyword.name == "workload_identity_pool" =>
            {
                body
            }
            _ => {
                self.err(CommonError::Expected {
                    expected: "a `workload_identity_pool` of the module",
                    found: "another name",
                    span: pool.span,
                });
                return None;
            }
        };
        let names: Vec<&str> = body
            .iter()
            .filter_map(|i| match i {
                Item::Clause(c) => match &c.kind {
                    ClauseKind::Block { name, .. } if c.keyword.name == "provider" => {
                        Some(name.name.as_str())
                    }
                    _ => None,
                },
                _ => None,
            })
            .collect();
        if !names.contains(&provider.name.as_str()) {
            self.err(CommonError::Undefined {
                name: format!("{}.{}", pool.name, provider.name),
                span: provider.span,
                suggestion: crate::suggest::closest(&provider.name, names.into_iter())
                    .map(|s| format!("{}.{s}", pool.name)),
            });
            return None;
        }
        r.map(|r| self.graph.emit_id(r))
    }

    /// `trust service_account s, ...` in service account `holder`: each may impersonate it.
    pub(super) fn trust_accounts(&mut self, t: &ast::Trust, holder: &str, env: Env<'_>) {
        if t.kind.name != "service_account" || t.actions.is_some() || !t.conds.is_empty() {
            self.err(CommonError::NotAllowed {
                item: "this `trust`",
                place: "a `service_account`".into(),
                span: t.span,
            });
            return;
        }
        let mut members = Vec::new();
        for p in &t.principals {
            match self.eval(p, env) {
                Val::Cloud(GcpVal::ServiceAccount(id)) => members.push(Member::ServiceAccount(id)),
                Val::Error => return,
                other => {
                    self.err(CommonError::Expected {
                        expected: "a `service_account` of the module",
                        found: other.describe(),
                        span: p.span(),
                    });
                    return;
                }
            }
        }
        let role = RoleRef::Predefined("roles/iam.serviceAccountTokenCreator".into());
        let scope = Scope {
            kind: &scopes::SERVICE_ACCOUNT,
            target: ScopeTarget::ServiceAccount(holder.to_string()),
        };
        let id = self.grant_id(Some(holder), &role, &scope);
        self.program.entities.push(Entity::Grant(Grant {
            id,
            role,
            scope,
            members,
            condition: None,
            authoritative: false,
            allow: vec![],
            span: t.span,
        }));
    }
}

/// What a provider's clauses say.
#[derive(Default)]
struct Clauses {
    issuer: Option<Text>,
    mapping: Vec<(String, Text)>,
    condition: Option<Text>,
    accepts: bool,
}
