//! The AWS lints (stage 6, behind the AWS boundary): named warnings over the IR's AWS
//! program, run by the driver beside the cloud-neutral framework (`crate::lints`: levels,
//! `@allow`, unused declarations) as Google Cloud's and Azure's lints are.
//!
//! What a statement reaches (actions, resources, conditions, denies, boundaries) is decided in
//! one place, `reach` (with the per-key condition table `aws::lint_data::conditions`), and read by
//! every lint.
//!
//! May use: `aws`, `diag`, `ir`, `span`, `suggest`; never the checker.

mod escalation;
mod managed;
mod reach;
mod statements;
mod trust;
mod uses;
mod variables;

use crate::aws::held::{Source, held as holdings};
use crate::aws::policy_json::write::Resolver;
use crate::diag::{Diag, Lint};
use crate::ir::Program;
use crate::ir::aws::{DocKind, Document, Effect, Entity, Group, PolicyRef, Statement};
use managed::ManagedDocs;
use reach::{Boundary, Caps};
use uses::Uses;

pub use crate::aws::glob::meet::{FormatCache, can_match, formats};

/// What every lint of a run shares.
struct Cx<'p> {
    uses: Uses<'p>,
    cache: FormatCache,
    /// The AWS managed policies the program names by ARN, read.
    managed: &'p ManagedDocs,
    /// The account being built, when known.
    account: Option<&'p str>,
    /// Measures documents as IAM counts them, as the checker's quotas do (`trust_policy_size`).
    measure: Resolver<'p>,
}

/// Run every implemented AWS lint over a checked program.
pub fn run(p: &Program) -> Vec<Diag> {
    run_with(p, None)
}

/// Run every implemented AWS lint, given, when known, the account being built (`--account`).
pub fn run_with(p: &Program, account: Option<&str>) -> Vec<Diag> {
    let managed = ManagedDocs::load(p);
    let cx = Cx {
        uses: Uses::new(p),
        cache: FormatCache::default(),
        managed: &managed,
        account,
        measure: Resolver::measuring(p),
    };
    let mut out = Vec::new();
    for e in &p.entities {
        entity(&cx, e, &mut out);
    }
    out
}

/// The identity documents whose grants and denies add up for `e`: a managed policy's document,
/// or what a principal holds ([`crate::aws::held::held`]: its inline policies, the managed policies
/// attached to it, local ones and AWS managed ones from the embedded documents, and for a user
/// its groups').
fn held<'p>(cx: &Cx<'p>, e: &'p Entity) -> Vec<&'p Document> {
    let groups: Vec<&Group> = match e {
        Entity::Policy(pol) => return vec![&pol.document],
        Entity::User(u) => cx
            .uses
            .groups_of(&u.common.id)
            .iter()
            .filter_map(|g| match g {
                Entity::Group(g) => Some(g),
                _ => None,
            })
            .collect(),
        _ => Vec::new(),
    };
    let Some(held) = holdings(e, &groups) else {
        return Vec::new();
    };
    let mut docs: Vec<&Document> = Vec::new();
    for source in held.identity {
        match source {
            Source::Inline { policy, .. } => docs.push(&policy.document),
            Source::Attached(a) => match &a.policy {
                PolicyRef::Local(id) => {
                    if let Some(Entity::Policy(pol)) = cx.uses.entity(id) {
                        docs.push(&pol.document);
                    }
                }
                r @ PolicyRef::Arn(_) => docs.extend(cx.managed.get(r, a.span)),
            },
        }
    }
    docs
}

/// The permissions boundary of a role or user: a local policy, an AWS managed policy (from the
/// embedded documents), or another policy iamx cannot read.
fn boundary<'p>(cx: &Cx<'p>, e: &'p Entity) -> Boundary<'p> {
    match e.identity_policies().and_then(|(b, _, _)| b) {
        Some(PolicyRef::Local(id)) => match cx.uses.entity(id) {
            Some(Entity::Policy(pol)) => Boundary::known(&pol.document.statements),
            _ => Boundary::None,
        },
        Some(r @ PolicyRef::Arn(t)) => match cx.managed.get(r, managed::boundary_span(e)) {
            Some(doc) => Boundary::known(&doc.statements),
            None => Boundary::Unknown(t.to_source()),
        },
        None => Boundary::None,
    }
}

fn entity<'p>(cx: &Cx<'p>, e: &'p Entity, out: &mut Vec<Diag>) {
    let c = e.common();
    if let Some((_, _, attachments)) = e.identity_policies() {
        trust::attachments(attachments, &c.allow, out);
    }
    let held = held(cx, e);
    let denies: Vec<&Statement> = held
        .iter()
        .flat_map(|d| &d.statements)
        .filter(|s| s.effect == Effect::Deny)
        .collect();
    let caps = Caps {
        denies,
        boundary: boundary(cx, e),
    };
    escalation::check(cx, e, &held, &caps, out);
    variables::check(cx, e, out);
    // A policy used only as a permissions boundary caps what its principals get and grants
    // nothing: what it allows is no over-grant.
    let grants = match e {
        Entity::Policy(_) => {
            let (attached, boundary) = cx.uses.policy_use(&c.id);
            attached || !boundary
        }
        _ => true,
    };
    let scope = statements::Scope {
        caps: &caps,
        cache: &cx.cache,
        entity_allow: &c.allow,
    };
    let mismatch_on = !c.allow.contains(&Lint::ResourceMismatch);
    for (_, doc) in e.documents() {
        for s in &doc.statements {
            if doc.kind == DocKind::Trust {
                trust::check(s, cx, &c.allow, out);
                continue;
            }
            if grants {
                statements::check(s, &scope, out);
            }
            if mismatch_on && !s.allow.contains(&Lint::ResourceMismatch) {
                resource_mismatch(s, &cx.cache, out);
            }
        }
    }
    quotas(cx, e, out);
}

/// `trust_policy_size` and `attachment_count`.
fn quotas(cx: &Cx, e: &Entity, out: &mut Vec<Diag>) {
    let c = e.common();
    let allowed = |lint: Lint| c.allow.contains(&lint);
    let role = match e {
        Entity::Role(r) if !allowed(Lint::TrustPolicySize) => Some(r),
        _ => None,
    };
    if let Some(r) = role {
        let size = cx.measure.size(&r.trust);
        if size > 2048 {
            out.push(
                Diag::warning(
                    Lint::TrustPolicySize,
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
    if attached > 10 && !allowed(Lint::AttachmentCount) {
        out.push(
            Diag::warning(
                Lint::AttachmentCount,
                format!("{attached} managed policies are attached to `{}`, over the default quota of 10", c.id),
                c.span,
                "declared here",
            )
            .with_help("AWS can raise the quota to 20 on request; or combine policies"),
        );
    }
}

fn resource_mismatch(s: &Statement, cache: &FormatCache, out: &mut Vec<Diag>) {
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
                    Lint::ResourceMismatch,
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
            Lint::ResourceMismatch,
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
