//! Lowering of `target azure` declarations: `managed_identity` (with its trusted subjects) to
//! the Azure IR, with the checks of contract 10.4 that need no lint: property sets, names and
//! ids, federated credentials. Grants (in an identity or at module level) are lowered in
//! `grant.rs`, role definitions in `role.rs`.

use super::AzureChecker;
use super::error::AzureError;
use super::eval::{Env, Val};
use crate::ast::{self, DeclKind, Item};
use crate::azure::ir::{AZURE_AUDIENCE, Credential, Entity, GITHUB_ISSUER, Identity};
use crate::azure::values;
use crate::cloud::CommonError;
use crate::cloud::foreign_word;
use crate::cloud::words::Cloud;
use crate::cloud::{Evaluator, PropReader, Props, allowed_lint, literal};
use crate::ir::Text;
use crate::resolve::DeclRef;
use crate::span::Span;
use std::collections::HashMap;

const IDENTITY_PROPS: &[&str] = &["name", "resource_group", "location"];
/// A value's format rule and what the value is called in messages.
type FormatRule = (fn(&str) -> bool, &'static str);

/// Federated identity credentials per user-assigned identity.
const MAX_CREDENTIALS: usize = 20;

impl AzureChecker<'_> {
    /// Every declaration of a `target azure` module, in order.
    pub(super) fn azure_module(&mut self, mi: usize) {
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
                        "managed_identity" => self.identity(r, d, body),
                        "role_definition" => self.role_definition(r, d, body),
                        "deny_policy" => self.err(AzureError::Deny { span: keyword.span }),
                        other => match foreign_word(other, Cloud::Azure, keyword.span) {
                            Some(e) => self.err(e),
                            None => self.unknown_decl(other, keyword.span),
                        },
                    }
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
                DeclKind::Grant(g) => self.grant(g, &g.attrs, None, env),
                DeclKind::Let { value, .. } if m.root => {
                    let _ = self.let_value(r, value, d.name.span);
                }
                DeclKind::Resource { kind, .. } => {
                    if let Some(e) = foreign_word(kind.keyword(), Cloud::Azure, d.name.span) {
                        self.err(e);
                    }
                }
                DeclKind::Template { .. } => self.err(AzureError::OtherCloud {
                    what: "`template` (of AWS statements)".into(),
                    span: d.name.span,
                }),
                DeclKind::Test(_) => self.err(AzureError::OtherCloud {
                    what: "`test` (AWS evaluation)".into(),
                    span: d.name.span,
                }),
                _ => {}
            }
        }
    }

    pub(super) fn unknown_decl(&mut self, word: &str, span: Span) {
        self.err(AzureError::UnknownWord {
            word: word.to_string(),
            what: "declaration",
            span,
            suggestion: crate::suggest::closest(
                word,
                super::AZURE_DECLS
                    .iter()
                    .copied()
                    .chain(["grant", "param", "let", "fn", "use"]),
            ),
        });
    }

    /// A required string property, its format checked when literal.
    fn required(
        &mut self,
        props: &Props<'_>,
        (kind, decl): (&'static str, &ast::Decl),
        prop: &'static str,
        check: Option<FormatRule>,
        env: Env<'_>,
    ) -> Option<Text> {
        let Some(t) = self.text_prop(props, prop, env) else {
            if props.get(prop).is_none() {
                self.err(CommonError::MissingProperty {
                    kind,
                    name: decl.name.name.clone(),
                    prop,
                    span: decl.name.span,
                });
            }
            return None;
        };
        if let (Some(v), Some((ok, what))) = (literal(&t), check) {
            if !ok(&v) {
                let span = props.get(prop).map_or(decl.name.span, ast::Expr::span);
                self.err(AzureError::BadValue {
                    what,
                    value: v,
                    span,
                });
                return None;
            }
        }
        Some(t)
    }

    fn identity(&mut self, r: DeclRef, d: &ast::Decl, body: &[Item]) {
        let env = Env {
            module: r.module,
            vars: &[],
        };
        let props = self.props("managed_identity", body, IDENTITY_PROPS);
        let k = ("managed_identity", d);
        let name = match props.get("name") {
            Some(_) => self.required(
                &props,
                k,
                "name",
                Some((values::is_identity_name, "identity name")),
                env,
            ),
            None => {
                let n = d.name.name.replace('_', "-");
                if values::is_identity_name(&n) {
                    Some(Text::lit(n))
                } else {
                    self.err(AzureError::BadValue {
                        what: "identity name",
                        value: n,
                        span: d.name.span,
                    });
                    None
                }
            }
        };
        let rg = self.required(
            &props,
            k,
            "resource_group",
            Some((values::is_resource_group, "resource group name")),
            env,
        );
        let location = self.required(
            &props,
            k,
            "location",
            Some((values::is_location, "location")),
            env,
        );
        let id = self.graph.emit_id(r);
        if let (Some(name), Some(resource_group), Some(location)) = (name, rg, location) {
            self.ids.insert(id.clone());
            self.program.entities.push(Entity::Identity(Identity {
                id: id.clone(),
                name,
                resource_group,
                location,
                span: d.name.span,
            }));
        }
        let mut credentials = 0;
        for item in body {
            match item {
                Item::Prop { .. } | Item::Error(_) => {}
                Item::Grant(g) => self.grant(g, &g.attrs, Some(&id), env),
                Item::Clause(c) => match &c.kind {
                    ast::ClauseKind::TrustSubject { kind, subject, via } => {
                        credentials += 1;
                        self.trust_subject(c, kind, subject, via.as_ref(), &id, credentials, env);
                    }
                    ast::ClauseKind::Deny { .. } => self.err(AzureError::Deny { span: c.span }),
                    _ => self.not_allowed(item, "a `managed_identity`"),
                },
                other => self.not_allowed(other, "a `managed_identity`"),
            }
        }
    }

    pub(super) fn not_allowed(&mut self, item: &Item, place: &str) {
        let (what, span) = match item {
            Item::Stmt(s) if s.effect == ast::Effect::Deny => {
                self.err(AzureError::Deny { span: s.span });
                return;
            }
            Item::Stmt(s) => ("a statement", s.span),
            Item::Trust(t) => ("this `trust`", t.span),
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

    #[expect(
        clippy::too_many_arguments,
        reason = "the clause's parts and where it stands"
    )]
    fn trust_subject(
        &mut self,
        c: &ast::Clause,
        kind: &ast::Ident,
        subject: &ast::Expr,
        via: Option<&ast::Path>,
        holder: &str,
        n: usize,
        env: Env<'_>,
    ) {
        if kind.name != "github" {
            self.err(AzureError::UnknownWord {
                word: kind.name.clone(),
                what: "trust kind",
                span: kind.span,
                suggestion: crate::suggest::closest(&kind.name, ["github"].into_iter()),
            });
            return;
        }
        if let Some(v) = via {
            self.err(CommonError::NotAllowed {
                item: "`via`",
                place: "an Azure `trust` (the issuer lives in each credential)".into(),
                span: v.span,
            });
            return;
        }
        let subject = match self.eval(subject, env) {
            Val::Text(t) => t,
            Val::Error => return,
            other => {
                self.wrong(
                    "a subject string (`github.environment(repo, \"production\")`)",
                    other.describe(),
                    subject.span(),
                );
                return;
            }
        };
        if let Some(s) = literal(&subject).filter(|s| s.contains('*') || s.is_empty()) {
            self.err(AzureError::SubjectPattern {
                subject: s,
                span: c.span,
            });
            return;
        }
        // Keyed as the checks compare: (identity, subject) for a repeated subject, the identity
        // for the credential before (one map look-up each, not a scan of every credential).
        let key = (holder.to_string(), subject.clone());
        if let Some(&first) = self.credentials.subjects.get(&key) {
            self.err(AzureError::DuplicateSubject {
                identity: holder.to_string(),
                subject: subject.to_source(),
                span: c.span,
                first,
            });
            return;
        }
        let id = self.fresh_id(format!("{holder}_github_{n}"));
        self.credentials.subjects.insert(key, c.span);
        let after = self.credentials.last.insert(holder.to_string(), id.clone());
        let allow = c.attrs.iter().filter_map(allowed_lint).collect();
        self.program.entities.push(Entity::Credential(Credential {
            name: format!("{}-github-{n}", holder.replace('_', "-")),
            id,
            identity: holder.to_string(),
            issuer: GITHUB_ISSUER.into(),
            audience: AZURE_AUDIENCE.into(),
            subject,
            after,
            allow,
            span: c.span,
        }));
    }

    /// More than 20 credentials on one identity.
    pub(super) fn credential_limits(&mut self) {
        let mut by: HashMap<&str, Vec<Span>> = HashMap::new();
        for c in self.program.credentials() {
            by.entry(c.identity.as_str()).or_default().push(c.span);
        }
        let mut errs: Vec<AzureError> = by
            .into_iter()
            .filter_map(|(id, spans)| {
                Some(AzureError::TooManyCredentials {
                    identity: id.to_string(),
                    span: *spans.get(MAX_CREDENTIALS)?,
                    first: *spans.first()?,
                })
            })
            .collect();
        errs.sort_by_key(|e| match e {
            AzureError::TooManyCredentials { span, .. } => span.start,
            _ => 0,
        });
        self.errors.extend(errs);
    }

    pub(super) fn fresh_id(&mut self, base: String) -> String {
        let mut id = base.clone();
        let mut n = 2;
        while !self.ids.insert(id.clone()) {
            id = format!("{base}_{n}");
            n += 1;
        }
        id
    }
}
