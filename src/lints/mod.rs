//! Stage 6, lints: named warnings over the IR, suppressible with `@allow(NAME)` and raised to
//! errors with `--deny NAME` / `--deny-warnings`.
//!
//! Every lint name of the spec is registered so `@allow`, `--allow` and `--deny` accept it; the
//! ones not implemented yet say so in `iamx explain` and never fire.

mod data;
mod escalation;
mod resource;
mod statements;
mod trust;

use crate::diag::{Diag, Severity};
use crate::ir::{DocKind, Document, Effect, Entity, PolicyRef, Program, Statement};

pub use resource::{FormatCache, can_match, formats};

pub struct Lint {
    pub name: &'static str,
    pub implemented: bool,
    pub summary: &'static str,
}

const fn lint(name: &'static str, implemented: bool, summary: &'static str) -> Lint {
    Lint {
        name,
        implemented,
        summary,
    }
}

pub static LINTS: &[Lint] = &[
    lint(
        "resource_mismatch",
        true,
        "an action cannot act on any resource of its statement",
    ),
    lint(
        "trust_policy_size",
        true,
        "a trust policy over the default 2,048-character quota",
    ),
    lint(
        "attachment_count",
        true,
        "more than the default 10 managed policies attached",
    ),
    lint("empty_module", true, "a source file with no declarations"),
    lint("wildcard_action", true, "`*` as an action"),
    lint(
        "service_wildcard",
        true,
        "every action of a service (`s3:*`)",
    ),
    lint(
        "wildcard_resource",
        true,
        "write, permissions-management or tagging actions on `*`",
    ),
    lint(
        "permissions_management",
        true,
        "actions of the Permissions management access level",
    ),
    lint(
        "pass_role_unscoped",
        true,
        "`iam:PassRole` without a scoped role ARN or `iam:PassedToService`",
    ),
    lint(
        "privilege_escalation",
        true,
        "a combination of grants that can escalate privileges",
    ),
    lint(
        "credentials_exposure",
        true,
        "actions that return credentials or secrets",
    ),
    lint(
        "data_exfiltration",
        true,
        "actions that read data out of a service",
    ),
    lint(
        "not_action_allow",
        true,
        "`allow not ...` grants everything else",
    ),
    lint(
        "confused_deputy",
        true,
        "service trust without `aws:SourceAccount`/`aws:SourceArn`",
    ),
    lint(
        "cross_account_unconditioned",
        true,
        "cross-account trust without ExternalId, org or MFA conditions",
    ),
    lint(
        "oidc_unscoped_subject",
        true,
        "OIDC trust without a `sub` condition, or `repo:*`",
    ),
    lint(
        "wildcard_principal",
        true,
        "trust of `anyone` without conditions",
    ),
    lint(
        "broad_managed_policy",
        true,
        "AdministratorAccess, IAMFullAccess, PowerUserAccess, *FullAccess",
    ),
    lint(
        "forallvalues_allow",
        true,
        "`ForAllValues` in an allow, true when the key is absent",
    ),
    lint(
        "redundant_action",
        true,
        "an action already granted by another in the same statement",
    ),
    lint(
        "unused_declaration",
        true,
        "a let, fn, template or param nothing uses",
    ),
];

pub fn is_lint(name: &str) -> bool {
    LINTS.iter().any(|l| l.name == name)
}

pub fn names() -> impl Iterator<Item = &'static str> {
    LINTS.iter().map(|l| l.name)
}

/// How the command line changed lint levels.
#[derive(Clone, Debug, Default)]
pub struct LintConfig {
    pub allow: Vec<String>,
    pub deny: Vec<String>,
    pub deny_warnings: bool,
}

impl LintConfig {
    /// Drop allowed warnings and raise denied ones to errors.
    pub fn apply(&self, diags: Vec<Diag>) -> Vec<Diag> {
        diags
            .into_iter()
            .filter(|d| d.severity == Severity::Error || !self.allow.contains(&d.code))
            .map(|mut d| {
                if d.severity == Severity::Warning
                    && (self.deny_warnings || self.deny.contains(&d.code))
                {
                    d.severity = Severity::Error;
                }
                d
            })
            .collect()
    }
}

/// Run every implemented lint over a checked program.
pub fn run(p: &Program) -> Vec<Diag> {
    let mut out = Vec::new();
    let mut cache = FormatCache::default();
    for u in &p.unused {
        out.push(
            Diag::warning("unused_declaration", format!("{} `{}` is never used", u.kind, u.name), u.span, "declared here")
                .with_help("remove it, or mark it `@allow(unused_declaration)` if other modules are meant to use it"),
        );
    }
    for e in &p.entities {
        let c = e.common();
        let allowed = |name: &str| c.allow.iter().any(|a| a == name);
        // The principal's denies: its own documents and the local policies attached to it.
        let mut own: Vec<&Document> = e
            .documents()
            .into_iter()
            .map(|(_, d)| d)
            .filter(|d| d.kind != DocKind::Trust)
            .collect();
        if let Some((_, _, attachments)) = e.identity_policies() {
            for a in attachments {
                if let PolicyRef::Local(id) = &a.policy {
                    if let Some(Entity::Policy(pol)) = p.entity(id) {
                        own.push(&pol.document);
                    }
                }
            }
            trust::attachments(attachments, &c.allow, &mut out);
        }
        let denies: Vec<&Statement> = own
            .iter()
            .flat_map(|d| &d.statements)
            .filter(|s| s.effect == Effect::Deny)
            .collect();
        escalation::check(p, e, &mut out);
        // A policy used only as a permissions boundary caps what its principals get and grants
        // nothing: what it allows is no over-grant.
        let grants = match e {
            Entity::Policy(_) => {
                let (attached, boundary) = policy_use(p, &c.id);
                attached || !boundary
            }
            _ => true,
        };
        for (_, doc) in e.documents() {
            for s in &doc.statements {
                if doc.kind == DocKind::Trust {
                    trust::check(s, p, &c.allow, &mut out);
                } else if grants {
                    statements::check(s, &denies, &c.allow, &mut out);
                }
            }
        }
        for (_, doc) in e.documents() {
            if doc.kind == DocKind::Trust {
                continue;
            }
            for s in &doc.statements {
                if s.allow.iter().any(|a| a == "resource_mismatch") || allowed("resource_mismatch")
                {
                    continue;
                }
                resource_mismatch(s, &mut cache, &mut out);
            }
        }
        if let Entity::Role(r) = e {
            let size = r.trust.size;
            if size > 2048 && !allowed("trust_policy_size") {
                out.push(
                    Diag::warning(
                        "trust_policy_size",
                        format!("the trust policy of role `{}` is {size} characters, over the default quota of 2,048", c.id),
                        c.span,
                        "this role's trust policy",
                    )
                    .with_help("AWS can raise the quota to 4,096 on request; fewer trust clauses or shorter conditions avoid it"),
                );
            }
        }
        let attached = match e {
            Entity::Role(r) => r.attachments.len(),
            Entity::User(u) => u.attachments.len(),
            _ => 0,
        };
        if attached > 10 && !allowed("attachment_count") {
            out.push(
                Diag::warning(
                    "attachment_count",
                    format!("{attached} managed policies are attached to `{}`, over the default quota of 10", c.id),
                    c.span,
                    "declared here",
                )
                .with_help("AWS can raise the quota to 20 on request; or combine policies"),
            );
        }
    }
    out
}

/// How the program uses the local managed policy `id`: (attached to some principal, some
/// principal's permissions boundary, or declared `@boundary`: meant only as one).
fn policy_use(p: &Program, id: &str) -> (bool, bool) {
    let is_id = |r: &PolicyRef| matches!(r, PolicyRef::Local(x) if x == id);
    let declared = matches!(p.entity(id), Some(Entity::Policy(pol)) if pol.boundary_only);
    let (mut attached, mut boundary) = (false, declared);
    for o in &p.entities {
        if let Some((b, _, attachments)) = o.identity_policies() {
            attached |= attachments.iter().any(|a| is_id(&a.policy));
            boundary |= b.is_some_and(is_id);
        }
    }
    (attached, boundary)
}

fn resource_mismatch(s: &crate::ir::Statement, cache: &mut FormatCache, out: &mut Vec<Diag>) {
    if s.not_action || s.not_resource || s.resources.is_empty() {
        return;
    }
    let has_star = s.resources.iter().any(|r| r.text.is_star());
    for a in &s.actions {
        let Some(compiled) = cache.get(&a.name) else {
            continue;
        };
        let fmts = &compiled.formats;
        if compiled.wildcard_only {
            if !has_star {
                let mut d = Diag::warning(
                    "resource_mismatch",
                    format!("`{}` only works with `Resource: \"*\"`", a.name),
                    a.span,
                    "this action takes no resource ARN",
                )
                .with_help(format!("grant `{}` in a statement `on *`", a.name));
                for r in &s.resources {
                    d = d.with_label(r.span, "never matches this action");
                }
                out.push(d);
            }
            continue;
        }
        if has_star || s.resources.iter().any(|r| compiled.any_match(&r.text)) {
            continue;
        }
        let mut d = Diag::warning(
            "resource_mismatch",
            format!("`{}` cannot act on any resource of this statement", a.name),
            a.span,
            "no resource here is of a type this action takes",
        )
        .with_help(format!(
            "it takes {}",
            fmts.iter()
                .map(|f| format!("`{f}`"))
                .collect::<Vec<_>>()
                .join(" or ")
        ));
        for r in &s.resources {
            d = d.with_label(r.span, "not a matching ARN");
        }
        out.push(d);
    }
}
