//! `--target terraform` for `target gcp` modules: `main.tf` (service accounts, custom roles, and
//! each grant as its scope family's additive `_member` resources, or one authoritative
//! `_binding` with `@authoritative`), `variables.tf` (params), `outputs.tf` and `versions.tf`
//! (the hashicorp/google range the arguments were checked against).

use super::fill;
use crate::backend::cloud::{Provider, module, terraform_files};
use crate::backend::hcl::{Block, Expr, Structure, TPart};
use crate::backend::terraform::text;
use crate::backend::{Files, Outputs};
use crate::gcp::ir::{
    CustomRole, DenyPolicy, DenyPrincipal, Entity, Grant, Member, Pool, Program as GcpProgram,
    RoleParent, RoleRef, ScopeTarget, ServiceAccount,
};
use crate::gcp::values::label;
use crate::ir::Program;
use std::collections::HashSet;

#[cfg(test)]
mod schema_tests;

/// The hashicorp/google versions every emitted argument was checked against: the provider
/// schema table of 6.50.0 (scripts/schema/out/google-6.50.0.tsv), the newest 6.x the prebuilt
/// CDK for Terraform package carries.
pub const GOOGLE_PROVIDER_RANGE: &str = ">= 6.50, < 7.0";

/// The provider of the emitted module's `versions.tf`.
const GOOGLE: Provider = Provider {
    name: "google",
    source: "hashicorp/google",
    range: GOOGLE_PROVIDER_RANGE,
};

struct Emitter<'p> {
    gcp: &'p GcpProgram,
    main: Vec<Structure>,
    outputs: Vec<Structure>,
    outputs_opt: Outputs,
}

/// The four files as typed HCL, before printing.
fn model(p: &Program, g: &GcpProgram, outputs: Outputs) -> Vec<(&'static str, Vec<Structure>)> {
    let mut e = Emitter {
        gcp: g,
        main: Vec::new(),
        outputs: Vec::new(),
        outputs_opt: outputs,
    };
    for ent in &g.entities {
        match ent {
            Entity::ServiceAccount(sa) => e.service_account(sa),
            Entity::CustomRole(r) => e.custom_role(r),
            Entity::Grant(gr) => e.grant(gr),
            Entity::Pool(pool) => e.pool(pool),
            Entity::Deny(d) => e.deny(d),
        }
    }
    module(p, &GOOGLE, e.main, e.outputs)
}

/// The files of the terraform target for a Google Cloud program.
pub fn emit(p: &Program, g: &GcpProgram, outputs: Outputs) -> Files {
    terraform_files(model(p, g, outputs))
}

fn sa_member(id: &str) -> Expr {
    Expr::Template(vec![
        TPart::Lit("serviceAccount:".into()),
        TPart::Interp(format!("google_service_account.{id}.email")),
    ])
}

fn role_type(r: &CustomRole) -> &'static str {
    match r.parent {
        RoleParent::Project(_) => "google_project_iam_custom_role",
        RoleParent::Organization(_) => "google_organization_iam_custom_role",
    }
}

impl Emitter<'_> {
    fn push(&mut self, b: Block) {
        self.main.push(Structure::Block(b));
        self.main.push(Structure::Blank);
    }

    fn output(&mut self, name: String, value: String, description: String) {
        if self.outputs_opt == Outputs::None {
            return;
        }
        let mut b = Block::new("output", &[&name]);
        b.attr("description", Expr::str(description))
            .attr("value", Expr::Raw(value));
        self.outputs.push(Structure::Block(b));
        self.outputs.push(Structure::Blank);
    }

    fn service_account(&mut self, sa: &ServiceAccount) {
        let mut b = Block::new("resource", &["google_service_account", &sa.id]);
        if let Some(p) = &sa.project {
            b.attr("project", text(p));
        }
        b.attr("account_id", text(&sa.account_id));
        if let Some(d) = &sa.display_name {
            b.attr("display_name", text(d));
        }
        if let Some(d) = &sa.description {
            b.attr("description", text(d));
        }
        self.push(b);
        self.output(
            format!("{}_email", sa.id),
            format!("google_service_account.{}.email", sa.id),
            format!("The email of service account {}.", sa.id),
        );
    }

    fn custom_role(&mut self, r: &CustomRole) {
        let ty = role_type(r);
        let mut b = Block::new("resource", &[ty, &r.id]);
        match &r.parent {
            RoleParent::Project(Some(p)) => {
                b.attr("project", text(p));
            }
            RoleParent::Project(None) => {}
            RoleParent::Organization(o) => {
                b.attr("org_id", text(o));
            }
        }
        b.attr("role_id", Expr::str(r.role_id.clone()))
            .attr("title", text(&r.title));
        if let Some(d) = &r.description {
            b.attr("description", text(d));
        }
        b.attr("stage", Expr::str(r.stage.as_str())).attr(
            "permissions",
            Expr::List(r.permissions.iter().map(|p| Expr::str(p.clone())).collect()),
        );
        self.push(b);
        self.output(
            format!("{}_name", r.id),
            format!("{ty}.{}.name", r.id),
            format!("The full name of custom role {} (to grant it).", r.id),
        );
    }

    fn role(&self, r: &RoleRef) -> Expr {
        match r {
            RoleRef::Predefined(n) => Expr::str(n.clone()),
            RoleRef::Custom(id) => {
                let ty = self
                    .gcp
                    .custom_roles()
                    .find(|c| c.id == *id)
                    .map_or("google_project_iam_custom_role", role_type);
                Expr::Raw(format!("{ty}.{id}.name"))
            }
        }
    }

    /// The scope's arguments (`project`, `location`, `repository`, ...), first in the block.
    fn scope_args(b: &mut Block, g: &Grant) {
        match &g.scope.target {
            ScopeTarget::Args(args) => {
                for (name, template) in g.scope.kind.args {
                    b.attr(name, text(&fill(template, args)));
                }
            }
            ScopeTarget::ServiceAccount(id) => {
                b.attr(
                    "service_account_id",
                    Expr::Raw(format!("google_service_account.{id}.name")),
                );
            }
        }
    }

    fn member(m: &Member) -> Expr {
        match m {
            Member::ServiceAccount(id) => sa_member(id),
            Member::Raw(t) => text(t),
            // The pool's `name` holds the project number, which principal identifiers need.
            Member::PoolSubject { pool, subject } => {
                let mut parts = vec![
                    TPart::Lit("principal://iam.googleapis.com/".into()),
                    TPart::Interp(format!("google_iam_workload_identity_pool.{pool}.name")),
                    TPart::Lit("/subject/".into()),
                ];
                if let Expr::Template(rest) = text(subject) {
                    parts.extend(rest);
                }
                Expr::Template(parts)
            }
        }
    }

    fn deny_principal(p: &DenyPrincipal) -> Expr {
        match p {
            DenyPrincipal::ServiceAccount(id) => Expr::Template(vec![
                TPart::Lit("principal://iam.googleapis.com/projects/-/serviceAccounts/".into()),
                TPart::Interp(format!("google_service_account.{id}.email")),
            ]),
            DenyPrincipal::Raw(t) => text(t),
        }
    }

    fn deny(&mut self, d: &DenyPolicy) {
        let mut b = Block::new("resource", &["google_iam_deny_policy", &d.id]);
        b.attr(
            "parent",
            Expr::Call("urlencode".into(), vec![text(&d.attachment_point)]),
        )
        .attr("name", Expr::str(d.name.clone()));
        if let Some(n) = &d.display_name {
            b.attr("display_name", text(n));
        }
        for r in &d.rules {
            let mut rule = Block::new("deny_rule", &[]);
            rule.attr(
                "denied_principals",
                Expr::List(r.principals.iter().map(Self::deny_principal).collect()),
            );
            if !r.exceptions.is_empty() {
                rule.attr(
                    "exception_principals",
                    Expr::List(r.exceptions.iter().map(Self::deny_principal).collect()),
                );
            }
            rule.attr(
                "denied_permissions",
                Expr::List(r.permissions.iter().map(|p| Expr::str(p.clone())).collect()),
            );
            if let Some(c) = &r.condition {
                let mut cb = Block::new("denial_condition", &[]);
                cb.attr("title", Expr::str(c.title.clone()))
                    .attr("expression", text(&c.expression));
                rule.block(cb);
            }
            let mut rules = Block::new("rules", &[]);
            rules.block(rule);
            b.block(rules);
        }
        self.push(b);
    }

    fn pool(&mut self, pool: &Pool) {
        let mut b = Block::new("resource", &["google_iam_workload_identity_pool", &pool.id]);
        if let Some(p) = &pool.project {
            b.attr("project", text(p));
        }
        b.attr("workload_identity_pool_id", text(&pool.pool_id));
        if let Some(d) = &pool.display_name {
            b.attr("display_name", text(d));
        }
        if let Some(d) = &pool.description {
            b.attr("description", text(d));
        }
        self.push(b);
        for pr in &pool.providers {
            let ty = "google_iam_workload_identity_pool_provider";
            let mut b = Block::new("resource", &[ty, &pr.id]);
            if let Some(p) = &pool.project {
                b.attr("project", text(p));
            }
            b.attr(
                "workload_identity_pool_id",
                Expr::Raw(format!(
                    "google_iam_workload_identity_pool.{}.workload_identity_pool_id",
                    pool.id
                )),
            )
            .attr("workload_identity_pool_provider_id", text(&pr.provider_id));
            if let Some(d) = &pr.display_name {
                b.attr("display_name", text(d));
            }
            b.attr(
                "attribute_mapping",
                Expr::Object(
                    pr.mapping
                        .iter()
                        .map(|(k, v)| (k.clone(), text(v)))
                        .collect(),
                ),
            );
            if let Some(c) = &pr.condition {
                b.attr("attribute_condition", text(c));
            }
            let mut oidc = Block::new("oidc", &[]);
            oidc.attr("issuer_uri", text(&pr.issuer));
            if !pr.audiences.is_empty() {
                oidc.attr(
                    "allowed_audiences",
                    Expr::List(pr.audiences.iter().map(text).collect()),
                );
            }
            b.block(oidc);
            self.push(b);
            self.output(
                format!("{}_name", pr.id),
                format!("{ty}.{}.name", pr.id),
                format!(
                    "The provider's full name, for google-github-actions/auth's workload_identity_provider ({})",
                    pr.id
                ),
            );
        }
    }

    fn condition(b: &mut Block, g: &Grant) {
        if let Some(c) = &g.condition {
            let mut cb = Block::new("condition", &[]);
            cb.attr("title", Expr::str(c.title.clone()))
                .attr("expression", text(&c.expression));
            b.block(cb);
        }
    }

    fn grant(&mut self, g: &Grant) {
        let family = g.scope.kind.family;
        if g.authoritative {
            let ty = format!("{family}_binding");
            let mut b = Block::new("resource", &[&ty, &g.id]);
            Self::scope_args(&mut b, g);
            b.attr("role", self.role(&g.role)).attr(
                "members",
                Expr::List(g.members.iter().map(Self::member).collect()),
            );
            Self::condition(&mut b, g);
            self.main.push(Structure::Comment(
                "Authoritative (@authoritative): this binding removes every other member of the role on this scope.".into(),
            ));
            self.push(b);
            return;
        }
        let ty = format!("{family}_member");
        let mut taken = HashSet::new();
        for m in &g.members {
            let label = if g.members.len() == 1 {
                g.id.clone()
            } else {
                let slug = match m {
                    Member::ServiceAccount(id) => id.clone(),
                    Member::Raw(t) => label(&t.to_source()),
                    Member::PoolSubject { subject, .. } => label(&subject.to_source()),
                };
                let mut l = format!("{}_{slug}", g.id);
                let mut n = 2;
                while !taken.insert(l.clone()) {
                    l = format!("{}_{slug}_{n}", g.id);
                    n += 1;
                }
                l
            };
            let mut b = Block::new("resource", &[&ty, &label]);
            Self::scope_args(&mut b, g);
            b.attr("role", self.role(&g.role))
                .attr("member", Self::member(m));
            Self::condition(&mut b, g);
            self.push(b);
        }
    }
}
