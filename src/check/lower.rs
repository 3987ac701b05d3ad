//! Part of stage 4: lowering a resource declaration to an IR entity: its common properties,
//! its body (statements, trust, attachments, inline policies) and the entity of its kind.
//! Every error is reported and the declaration is lowered as far as it goes.

use super::eval::{self, Env, V, Value};
use super::misuse::Misuse;
use super::props::name_limit;
use super::{CheckError, Checker, budget};
use crate::ast::{self, DeclKind, Item, ResKind};
use crate::aws::values;
use crate::diag::Lint;
use crate::ir::aws::DocKind;
use crate::ir::{self, Text};
use crate::resolve::DeclRef;
use crate::span::Span;
use std::collections::HashMap;

/// What the items of a resource body lower to.
#[derive(Default)]
struct Body {
    trust: Vec<ir::aws::Statement>,
    attachments: Vec<ir::aws::Attachment>,
    inline: Vec<ir::aws::InlinePolicy>,
    statements: Vec<ir::aws::Statement>,
    /// Inline blocks without a name so far (they are named `DECL_policy`, `DECL_policy_2`, ...).
    unnamed: usize,
}

/// The declaration being lowered and what every part of it needs.
struct Decl<'a> {
    decl: &'a ast::Decl,
    kind: ResKind,
    env: Env<'a>,
    allow: Vec<Lint>,
}

impl<'g> Checker<'g> {
    pub(super) fn lower_entity(&mut self, r: DeclRef) -> Option<ir::aws::Entity> {
        let graph = self.graph;
        let decl = graph.decl(r);
        let DeclKind::Resource { kind, body } = &decl.kind else {
            return None;
        };
        let kind = *kind;
        let env = Env {
            module: r.module,
            vars: &[],
        };
        let errors_at_start = self.errors.len();
        let allow = self.decl_allow(&decl.attrs);
        let boundary_only = self.boundary_only(&decl.attrs, kind);
        let props = self.props(kind, body, env);
        let common = self.common(r, decl, kind, &props, allow.clone());
        let d = Decl {
            decl,
            kind,
            env,
            allow,
        };
        let mut b = Body::default();
        for item in body {
            self.body_item(&d, item, &mut b);
        }
        let boundary = props.get("boundary").and_then(|v| self.policy_ref(v));
        Some(match kind {
            ResKind::Policy => {
                let document = self.document(
                    DocKind::Managed,
                    b.statements,
                    decl.span,
                    &decl.name.name,
                    self.errors.len() == errors_at_start,
                );
                ir::aws::Entity::Policy(ir::aws::ManagedPolicy {
                    common,
                    document,
                    boundary_only,
                })
            }
            ResKind::Role => self.role(decl, body, common, &props, boundary, b),
            ResKind::User => ir::aws::Entity::User(ir::aws::User {
                common,
                boundary,
                attachments: b.attachments,
                inline: b.inline,
            }),
            ResKind::Group => {
                let members = props
                    .get("members")
                    .map(|v| self.decl_list(v, ResKind::User))
                    .unwrap_or_default();
                ir::aws::Entity::Group(ir::aws::Group {
                    common,
                    members,
                    attachments: b.attachments,
                    inline: b.inline,
                })
            }
            ResKind::InstanceProfile => self.instance_profile(decl, common, &props),
            ResKind::OidcProvider => self.oidc(common, &props, decl),
            ResKind::SamlProvider => self.saml(common, &props, decl, r.module),
        })
    }

    /// The properties every entity has: id, IAM name, path, description, tags.
    fn common(
        &mut self,
        r: DeclRef,
        decl: &ast::Decl,
        kind: ResKind,
        props: &HashMap<&str, V>,
        allow: Vec<Lint>,
    ) -> ir::aws::Common {
        let name = match props.get("name") {
            Some(v) => self.text_prop(v, "name", name_limit(kind)),
            None => Text::lit(decl.name.name.clone()),
        };
        let path = self.path_prop(props.get("path"));
        let description = match props.get("description") {
            Some(v) => Some(self.text_prop(v, "description", 0)),
            None => decl.doc.as_ref().map(|d| {
                if let Some(reason) = values::description_problem(&d.node) {
                    self.err(CheckError::BadName {
                        what: "description".into(),
                        text: d.node.clone(),
                        reason,
                        span: d.span,
                    });
                }
                Text::lit(d.node.clone())
            }),
        };
        let tags = props.get("tags").map(|v| self.tags(v)).unwrap_or_default();
        ir::aws::Common {
            id: self.graph.emit_id(r),
            name_explicit: props.contains_key("name"),
            name,
            path,
            description,
            tags,
            span: decl.name.span,
            allow,
        }
    }

    /// The `path` property, a literal checked against IAM's rules (`/` by default).
    fn path_prop(&mut self, v: Option<&V>) -> String {
        match v {
            Some(V {
                val: Value::Text(t),
                span,
                ..
            }) => match t.as_lit() {
                Some(p) => {
                    if let Some(reason) = values::path_problem(&p) {
                        self.err(CheckError::BadName {
                            what: "path".into(),
                            text: p.clone(),
                            reason,
                            span: *span,
                        });
                    }
                    p
                }
                None => {
                    self.err(CheckError::Misuse {
                        misuse: Misuse::PathNotLiteral,
                        span: *span,
                    });
                    "/".into()
                }
            },
            Some(other) => {
                self.type_err("a path string", other);
                "/".into()
            }
            None => "/".into(),
        }
    }

    /// One item of a resource body: lowered into `b` when the kind has it, an error otherwise.
    fn body_item(&mut self, d: &Decl<'_>, item: &ast::Item, b: &mut Body) {
        let kind = d.kind;
        let principal = matches!(kind, ResKind::Role | ResKind::User | ResKind::Group);
        match item {
            Item::Prop { .. } | Item::Error(_) => {}
            Item::Stmt(_) | Item::Include { .. } if kind == ResKind::Policy => {
                self.lower_items(
                    std::slice::from_ref(item),
                    d.env,
                    &d.allow,
                    &mut b.statements,
                    "a policy",
                );
            }
            Item::Stmt(s) => self.not_allowed(
                kind,
                "a statement",
                s.span,
                principal.then(|| {
                    "put statements in `inline { ... }` or in a `policy` you `attach`".into()
                }),
            ),
            Item::Include { span, .. } => self.not_allowed(
                kind,
                "`include`",
                *span,
                Some("use `inline TEMPLATE(...)` here".into()),
            ),
            Item::Clause(c) => self.not_allowed(
                kind,
                "this clause",
                c.keyword.span,
                Some("a clause of another cloud's declaration (`target gcp`)".into()),
            ),
            Item::Grant(g) => self.not_allowed(
                kind,
                "`grant`",
                g.span,
                Some("`grant` is for Google Cloud modules (`target gcp` as the first line); an AWS role gets permissions with `attach` or `inline`".into()),
            ),
            Item::Trust(t) if kind == ResKind::Role => {
                if let Some(s) = self.lower_trust(t, d.env, &d.allow) {
                    b.trust.push(s);
                }
            }
            Item::Trust(t) => self.not_allowed(
                kind,
                "`trust`",
                t.span,
                Some("only roles have a trust policy".into()),
            ),
            Item::Attach { targets, .. } if principal => {
                for t in targets {
                    self.attach(t, d.env, &mut b.attachments);
                }
            }
            Item::Inline {
                attrs,
                name,
                body,
                span,
            } if principal => self.inline(d, attrs, name.as_ref(), body, *span, b),
            Item::Attach { span, .. } | Item::Inline { span, .. } => {
                let what = if matches!(item, Item::Attach { .. }) {
                    "`attach`"
                } else {
                    "`inline`"
                };
                self.not_allowed(
                    kind,
                    what,
                    *span,
                    Some("only roles, users and groups have policies".into()),
                );
            }
        }
    }

    fn not_allowed(&mut self, kind: ResKind, item: &str, span: Span, help: Option<String>) {
        self.err(CheckError::NotAllowed {
            item: item.into(),
            place: format!("a {}", kind.keyword()),
            span,
            help,
        });
    }

    /// `attach TARGET`: each policy the target names.
    fn attach(&mut self, t: &ast::Expr, env: Env, out: &mut Vec<ir::aws::Attachment>) {
        let v = self.eval(t, env);
        for v in v.flatten() {
            self.not_a_boundary(&v);
            if let Some(p) = self.policy_ref(&v) {
                out.push(ir::aws::Attachment {
                    policy: p,
                    span: v.span,
                });
            }
        }
    }

    /// `inline [NAME] { ... }` or `inline TEMPLATE(...)`: one inline policy of a principal.
    fn inline(
        &mut self,
        d: &Decl<'_>,
        attrs: &[ast::Attr],
        name: Option<&ast::Ident>,
        ib: &ast::InlineBody,
        span: Span,
        b: &mut Body,
    ) {
        let mut inner_allow = d.allow.clone();
        inner_allow.extend(self.decl_allow(attrs));
        let mut stmts = Vec::new();
        let errors_before = self.errors.len();
        let (pname, name_span) = match (name, ib) {
            (Some(n), _) => (n.name.clone(), n.span),
            (None, ast::InlineBody::Template(c)) => {
                let last = c.callee.segs.last().map(|s| s.name.clone());
                (last.unwrap_or_default(), c.callee.span)
            }
            (None, ast::InlineBody::Block(_)) => {
                b.unnamed += 1;
                let n = if b.unnamed == 1 {
                    format!("{}_policy", d.decl.name.name)
                } else {
                    format!("{}_policy_{}", d.decl.name.name, b.unnamed)
                };
                (n, span)
            }
        };
        match ib {
            ast::InlineBody::Block(items) => {
                self.lower_items(items, d.env, &inner_allow, &mut stmts, "an inline policy")
            }
            ast::InlineBody::Template(c) => self.include(c, d.env, &inner_allow, &mut stmts),
        }
        if let Some(reason) = values::name_problem(&pname, 128) {
            self.err(CheckError::BadName {
                what: "inline policy name".into(),
                text: pname.clone(),
                reason,
                span: name_span,
            });
        }
        if let Some(first) = b.inline.iter().find(|p| p.name == pname) {
            self.err(CheckError::DuplicateName {
                what: "inline policy".into(),
                name: pname.clone(),
                span: name_span,
                first: first.span,
            });
        }
        let cut_short = matches!(ib, ast::InlineBody::Block(items) if items.iter().any(|i| matches!(i, Item::Error(_))));
        let clean = self.errors.len() == errors_before && !cut_short;
        let document = self.document(DocKind::Inline, stmts, span, &pname, clean);
        b.inline.push(ir::aws::InlinePolicy {
            name: pname,
            document,
            span: name_span,
        });
    }

    fn role(
        &mut self,
        decl: &ast::Decl,
        body: &[ast::Item],
        common: ir::aws::Common,
        props: &HashMap<&str, V>,
        boundary: Option<ir::aws::PolicyRef>,
        b: Body,
    ) -> ir::aws::Entity {
        // A body cut short by a syntax error may have lost its trust clause: no echo.
        if b.trust.is_empty() && !body.iter().any(|i| matches!(i, Item::Error(_))) {
            self.err(CheckError::Missing {
                kind: "role".into(),
                name: decl.name.name.clone(),
                what: "a `trust` clause".into(),
                span: decl.name.span,
                help: "say who may assume it, e.g. `trust service \"ecs-tasks.amazonaws.com\"`"
                    .into(),
            });
        }
        let max_session = props.get("max_session").and_then(|v| self.max_session(v));
        let trust = self.document(
            DocKind::Trust,
            b.trust,
            decl.name.span,
            &decl.name.name,
            true,
        );
        ir::aws::Entity::Role(ir::aws::Role {
            common,
            max_session,
            boundary,
            trust,
            attachments: b.attachments,
            inline: b.inline,
        })
    }

    fn instance_profile(
        &mut self,
        decl: &ast::Decl,
        common: ir::aws::Common,
        props: &HashMap<&str, V>,
    ) -> ir::aws::Entity {
        let role = match props.get("role") {
            Some(v) => self.decl_list(v, ResKind::Role).into_iter().next(),
            None => {
                self.err(CheckError::Missing {
                    kind: "instance_profile".into(),
                    name: decl.name.name.clone(),
                    what: "a `role`".into(),
                    span: decl.name.span,
                    help: "write `role = ROLE`".into(),
                });
                None
            }
        };
        ir::aws::Entity::InstanceProfile(ir::aws::InstanceProfile {
            common,
            role: role.unwrap_or_default(),
        })
    }

    /// Statements and includes of a policy body, template body or inline block.
    pub(super) fn lower_items(
        &mut self,
        items: &[Item],
        env: Env,
        allow: &[Lint],
        out: &mut Vec<ir::aws::Statement>,
        place: &str,
    ) {
        for item in items {
            if self.exhausted() {
                return;
            }
            match item {
                Item::Stmt(s) => {
                    let st = self.lower_stmt(s, env, allow);
                    if self.spend(budget::statement_units(&st), s.span) {
                        out.push(st);
                    }
                }
                Item::Include { call, .. } => self.include(call, env, allow, out),
                Item::Error(_) => {}
                Item::Prop { key, .. } => self.err(CheckError::NotAllowed {
                    item: format!("property `{}`", key.name),
                    place: place.into(),
                    span: key.span,
                    help: None,
                }),
                Item::Clause(c) => self.err(CheckError::NotAllowed {
                    item: format!("`{}`", c.keyword.name),
                    place: place.into(),
                    span: c.keyword.span,
                    help: None,
                }),
                Item::Grant(g) => self.err(CheckError::NotAllowed {
                    item: "`grant`".into(),
                    place: place.into(),
                    span: g.span,
                    help: Some("`grant` is for Google Cloud modules (`target gcp`)".into()),
                }),
                Item::Trust(t) => self.err(CheckError::NotAllowed {
                    item: "`trust`".into(),
                    place: place.into(),
                    span: t.span,
                    help: Some("trust clauses belong directly in a role".into()),
                }),
                Item::Attach { span, .. } | Item::Inline { span, .. } => {
                    self.err(CheckError::NotAllowed {
                        item: "a policy".into(),
                        place: place.into(),
                        span: *span,
                        help: Some("only statements and `include` go here".into()),
                    })
                }
            }
        }
    }

    /// Splice a template's statements (`include t(...)` or `inline t(...)`).
    pub(super) fn include(
        &mut self,
        call: &ast::Call,
        env: Env,
        allow: &[Lint],
        out: &mut Vec<ir::aws::Statement>,
    ) {
        let Some(r) = self.resolve_callable(&call.callee, env) else {
            return;
        };
        let graph = self.graph;
        let decl = graph.decl(r);
        let DeclKind::Template { params, body } = &decl.kind else {
            self.err(CheckError::Misuse {
                misuse: Misuse::FnAsTemplate {
                    name: decl.name.name.clone(),
                },
                span: call.span,
            });
            return;
        };
        if self.deps.cyclic.contains(&r) || self.exhausted() {
            return;
        }
        if self.depth >= eval::MAX_DEPTH {
            self.err(CheckError::TooDeep {
                name: decl.name.name.clone(),
                span: call.span,
            });
            return;
        }
        let Some(vars) = self.bind_args(r, params, &call.args, env, call.span) else {
            return;
        };
        // The same template with the same arguments and allowances lowers to the same
        // statements: lower it once (its errors are reported once, too).
        let key = (
            r,
            format!(
                "{}|{}",
                budget::fingerprint_vars(&vars),
                allow.iter().map(|l| l.name()).collect::<Vec<_>>().join(",")
            ),
        );
        if let Some(stmts) = self.includes.get(&key) {
            let units: usize = stmts.iter().map(budget::statement_units).sum();
            let stmts = stmts.clone();
            if self.spend(units, call.span) {
                out.extend(stmts);
            }
            return;
        }
        self.depth += 1;
        let mut stmts = Vec::new();
        self.lower_items(
            body,
            Env {
                module: r.module,
                vars: &vars,
            },
            allow,
            &mut stmts,
            "a template",
        );
        self.depth -= 1;
        if stmts.len() > budget::MAX_STATEMENTS {
            self.too_large(stmts.len(), budget::MAX_STATEMENTS, call.span);
            stmts.clear();
        }
        self.includes.insert(key, stmts.clone());
        out.extend(stmts);
    }

    /// A policy document: Sids checked for validity and uniqueness.
    /// `report_empty` is false when the body already had errors (an empty result is their echo).
    pub(super) fn document(
        &mut self,
        kind: DocKind,
        statements: Vec<ir::aws::Statement>,
        span: Span,
        name: &str,
        report_empty: bool,
    ) -> ir::aws::Document {
        let mut seen: Vec<(&str, Span)> = Vec::new();
        let mut dups = Vec::new();
        for s in &statements {
            if let Some(sid) = &s.sid {
                match seen.iter().find(|(x, _)| *x == sid.as_str()) {
                    Some((_, first)) => dups.push(CheckError::DuplicateSid {
                        sid: sid.clone(),
                        span: s.span,
                        first: *first,
                    }),
                    None => seen.push((sid, s.span)),
                }
            }
        }
        self.errors.extend(dups);
        if statements.is_empty() && kind != DocKind::Trust && report_empty {
            self.err(CheckError::EmptyPolicy {
                name: name.into(),
                span,
            });
        }
        ir::aws::Document {
            kind,
            statements,
            span,
        }
    }
}
