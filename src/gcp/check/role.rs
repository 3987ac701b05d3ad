//! Lowering of a `target gcp` module's `custom_role` declarations to the Google Cloud IR (stage
//! 4), with the checks of contract 10.4 for custom roles: the parent, the launch stage, the
//! permissions (known to the catalog, listed once, no wildcards) and the role limits.
//! May use what `lower.rs` uses: the cloud-neutral checker parts, the GCP catalog, values and IR.

use super::GcpChecker;
use super::error::{GcpError, RoleLimit};
use super::eval::{Env, GcpVal, Val};
use crate::ast::{self, Item};
use crate::cloud::CommonError;
use crate::cloud::{Evaluator, PropReader, Props, flatten, literal};
use crate::diag::{Diag, Lint};
use crate::gcp::catalog::{self, Stage};
use crate::gcp::ir::{CustomRole, Entity, RoleParent};
use crate::gcp::values;
use crate::ir::Text;
use crate::resolve::DeclRef;
use crate::span::Span;
use std::collections::HashMap;

const ROLE_PROPS: &[&str] = &[
    "role_id",
    "title",
    "description",
    "permissions",
    "stage",
    "project",
    "organization",
];

impl GcpChecker<'_> {
    pub(super) fn custom_role(&mut self, r: DeclRef, d: &ast::Decl, body: &[Item]) {
        let env = Env {
            module: r.module,
            vars: &[],
        };
        let props = self.props("custom_role", body, ROLE_PROPS);
        for item in body {
            if !matches!(item, Item::Prop { .. } | Item::Error(_)) {
                self.not_allowed(item, "a `custom_role`");
            }
        }
        let name = d.name.name.clone();
        let role_id = match props.get("role_id") {
            Some(e) => match self.eval(e, env) {
                Val::Text(t) => literal(&t).unwrap_or_default(),
                _ => String::new(),
            },
            None => name.clone(),
        };
        let id_span = props.get("role_id").map_or(d.name.span, ast::Expr::span);
        if !values::is_role_id(&role_id) {
            self.err(GcpError::BadId {
                what: "role_id",
                value: role_id.clone(),
                span: id_span,
            });
        }
        let Some(title) = self.text_prop(&props, "title", env) else {
            if props.get("title").is_none() {
                self.err(CommonError::MissingProperty {
                    kind: "custom_role",
                    name: name.clone(),
                    prop: "title",
                    span: d.name.span,
                });
            }
            return;
        };
        let description = self
            .text_prop(&props, "description", env)
            .or_else(|| d.doc.as_ref().map(|doc| Text::lit(doc.node.clone())));
        let stage = self.stage(&props, &name, env);
        let permissions = self.permissions(&props, &name, d.name.span, env);
        let parent = self.parent(&props, env);
        let role = CustomRole {
            id: self.graph.emit_id(r),
            role_id,
            title,
            description,
            permissions,
            stage,
            parent,
            span: d.name.span,
        };
        self.role_limits(&role, &name, props.get("permissions").is_some());
        self.program.entities.push(Entity::CustomRole(role));
    }

    fn parent(&mut self, props: &Props<'_>, env: Env<'_>) -> RoleParent {
        let project = self.text_prop(props, "project", env);
        match (self.text_prop(props, "organization", env), project) {
            (Some(org), None) => RoleParent::Organization(org),
            (Some(org), Some(_)) => {
                let span = props
                    .get("organization")
                    .map_or_else(Span::default, ast::Expr::span);
                self.err(GcpError::ParentTwice { span });
                RoleParent::Organization(org)
            }
            (None, p) => RoleParent::Project(p),
        }
    }

    /// `stage = GA` (a bare word) or `"GA"`; GA when absent.
    fn stage(&mut self, props: &Props<'_>, name: &str, env: Env<'_>) -> Stage {
        let Some(e) = props.get("stage") else {
            return Stage::Ga;
        };
        let word = match e {
            ast::Expr::Path(p) if p.segs.len() == 1 => p.dotted(),
            other => match self.eval(other, env) {
                Val::Text(t) => literal(&t).unwrap_or_default(),
                _ => return Stage::Ga,
            },
        };
        match Stage::from_name(&word) {
            Some(s) => s,
            None => {
                self.err(GcpError::RoleLimit {
                    name: name.to_string(),
                    problem: RoleLimit::BadStage,
                    span: e.span(),
                });
                Stage::Ga
            }
        }
    }

    fn permissions(
        &mut self,
        props: &Props<'_>,
        name: &str,
        decl_span: Span,
        env: Env<'_>,
    ) -> Vec<String> {
        let Some(e) = props.get("permissions") else {
            self.err(CommonError::MissingProperty {
                kind: "custom_role",
                name: name.to_string(),
                prop: "permissions",
                span: decl_span,
            });
            return vec![];
        };
        let mut flat = Vec::new();
        flatten(self.eval(e, env), e.span(), &mut flat);
        let mut out: Vec<String> = Vec::new();
        let mut seen: HashMap<String, Span> = HashMap::new();
        for (v, span) in flat {
            let p = match v {
                Val::Cloud(GcpVal::Perm(p)) => p,
                Val::Text(t) => match literal(&t) {
                    Some(p) => p,
                    None => {
                        self.err(CommonError::Expected {
                            expected: "a permission name known at compile time",
                            found: "a param",
                            span,
                        });
                        continue;
                    }
                },
                Val::Error => continue,
                other => {
                    self.err(CommonError::Expected {
                        expected: "a permission",
                        found: other.describe(),
                        span,
                    });
                    continue;
                }
            };
            if let Some(first) = seen.get(&p) {
                self.err(GcpError::DuplicatePermission {
                    name: p,
                    span,
                    first: *first,
                });
                continue;
            }
            self.known_permission(&p, name, span);
            seen.insert(p.clone(), span);
            out.push(p);
        }
        out
    }

    /// A permission the catalog knows; a misspelt service is an error, an unknown permission
    /// of a known service the warning `unknown_permission`.
    pub(super) fn known_permission(&mut self, p: &str, role: &str, span: Span) {
        if p.contains('*') {
            self.err(GcpError::RoleLimit {
                name: role.to_string(),
                problem: RoleLimit::Wildcard,
                span,
            });
            return;
        }
        let Ok(cat) = catalog::catalog() else {
            return;
        };
        if cat.is_permission(p) {
            return;
        }
        let suggestion = cat.suggest_permission(p).map(str::to_string);
        let service = catalog::service_of(p);
        if cat.service_permissions(service).next().is_none() {
            self.err(GcpError::UnknownPermission {
                name: p.to_string(),
                span,
                suggestion,
            });
        } else {
            let help = match &suggestion {
                Some(s) => format!("did you mean `{s}`?"),
                None => "no predefined role holds it; check the name against the service's documentation".into(),
            };
            self.warnings.push(
                Diag::warning(
                    Lint::UnknownPermission,
                    format!("unknown permission `{p}`"),
                    span,
                    "not in the catalog",
                )
                .with_help(help)
                .with_suggestion_in(p.to_string(), suggestion),
            );
        }
    }

    fn role_limits(&mut self, role: &CustomRole, name: &str, listed: bool) {
        let limit = |c: &mut Self, problem| {
            c.err(GcpError::RoleLimit {
                name: name.to_string(),
                problem,
                span: role.span,
            });
        };
        let n = role.permissions.len();
        // An absent `permissions` is reported as missing, not as empty.
        if n == 0 && listed {
            limit(self, RoleLimit::NoPermissions);
        } else if n > 3000 {
            limit(self, RoleLimit::TooManyPermissions(n));
        }
        let title = literal(&role.title).map_or(0, |t| t.len());
        if title > 100 {
            limit(self, RoleLimit::TitleTooLong(title));
        }
        let desc = role
            .description
            .as_ref()
            .and_then(literal)
            .map_or(0, |t| t.len());
        if desc > 300 {
            limit(self, RoleLimit::DescriptionTooLong(desc));
        }
        let size: usize =
            title + desc + role.permissions.iter().map(|p| p.len() + 3).sum::<usize>();
        if size > 65_536 {
            limit(self, RoleLimit::TooLarge(size));
        }
    }
}
