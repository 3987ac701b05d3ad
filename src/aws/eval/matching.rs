//! Evaluator stage: whether one statement applies to a request — its action, resource, principal
//! and conditions, each exposed on its own so that later stages (permission snapshots, diffs) can
//! ask what a statement covers.
//!
//! Pure; uses [`crate::aws::glob::pattern`], [`super::condition`] and the model. Sources (IAM User Guide):
//! "IAM JSON policy elements: Action / NotAction / Resource / NotResource / Principal /
//! NotPrincipal". Actions match case-insensitively; resources case-sensitively, segment by
//! segment ([`crate::aws::glob::pattern::arn_matches`]); `NotX` matches what `X` does not.

use super::condition;
use super::model::{
    ActionElement, Effect, PrincipalElement, PrincipalEntry, ResourceElement, Statement,
};
use super::request::{Context, Principal, Request};
use crate::aws::glob::pattern;

/// Whether the statement's `Action`/`NotAction` covers `action_lower` (already lower-cased).
pub fn action_matches(el: &ActionElement, action_lower: &str) -> bool {
    el.patterns.iter().any(|p| p.matches_lower(action_lower)) != el.negated
}

/// Whether the `Resource`/`NotResource` covers `resource`. A pattern whose policy variable has no
/// value matches nothing. Under `NotResource` such a pattern makes the element match nothing
/// either, unless the resource lies outside it whatever the variable's value (then it is outside
/// the pattern for certain).
pub fn resource_matches(el: &ResourceElement, resource: &str, ctx: &Context) -> bool {
    let mut unknown = false;
    let hit = el.patterns.iter().any(|p| match p.pattern(ctx) {
        Some(pat) => pattern::arn_matches(&pat, resource),
        None => {
            unknown |= pattern::arn_matches(&p.template.widest(ctx), resource);
            false
        }
    });
    if el.negated { !hit && !unknown } else { hit }
}

/// How a `Principal` element names the requesting principal.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum PrincipalMatch {
    No,
    /// Through its account (`"111122223333"`, `arn:aws:iam::111122223333:root`): the account
    /// delegates to its own identity policies.
    Account,
    /// By the role's ARN for one of its sessions, or as a service or federated principal.
    Named,
    /// By its own identity: the IAM user's ARN, the role session's `assumed-role` ARN, or `*`.
    /// Such grants are not limited by an implicit deny of a permissions boundary.
    Identity,
}

/// How one principal entry names the request's principal.
pub fn entry_matches(entry: &PrincipalEntry, who: &Principal) -> PrincipalMatch {
    match (entry, who) {
        (PrincipalEntry::Any, _) => PrincipalMatch::Identity,
        (PrincipalEntry::Service(s), Principal::Service(t)) if s == t => PrincipalMatch::Named,
        (PrincipalEntry::Federated(s), Principal::Federated(t)) if s == t => PrincipalMatch::Named,
        (PrincipalEntry::Aws(a), Principal::User { arn } | Principal::RoleSession { arn, .. }) => {
            aws_entry(a, arn, who)
        }
        _ => PrincipalMatch::No,
    }
}

fn aws_entry(entry: &str, arn: &str, who: &Principal) -> PrincipalMatch {
    let account = who.account().unwrap_or_default();
    let is_account = entry == account
        || entry
            .strip_suffix(":root")
            .and_then(|p| p.rsplit(':').next())
            .is_some_and(|acct| acct == account && entry.starts_with("arn:"));
    if who.is_root() && (entry == arn || is_account) {
        return PrincipalMatch::Identity;
    }
    if is_account {
        return PrincipalMatch::Account;
    }
    match who {
        Principal::User { .. } if entry == arn => PrincipalMatch::Identity,
        Principal::RoleSession { .. } if entry == arn => PrincipalMatch::Named,
        Principal::RoleSession { .. } if who.session_arn().as_deref() == Some(entry) => {
            PrincipalMatch::Identity
        }
        _ => PrincipalMatch::No,
    }
}

/// How a statement's `Principal`/`NotPrincipal` names the principal (the best entry).
/// `NotPrincipal` names everyone its entries do not name; a principal with a permissions boundary
/// is never excluded by a `NotPrincipal` (IAM User Guide, "Permissions boundaries for IAM
/// entities": such a `Deny` "will always deny any IAM principal that has a permissions boundary").
pub fn principal_matches(
    el: &PrincipalElement,
    who: &Principal,
    has_boundary: bool,
) -> PrincipalMatch {
    let best = el
        .entries
        .iter()
        .map(|e| entry_matches(e, who))
        .max()
        .unwrap_or(PrincipalMatch::No);
    if !el.negated {
        return best;
    }
    if best == PrincipalMatch::No || has_boundary {
        PrincipalMatch::Named
    } else {
        PrincipalMatch::No
    }
}

/// Which parts of a statement match a request, for explanations and enumeration.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StatementMatch {
    pub action: bool,
    pub resource: bool,
    /// `Named` when the statement has no principal element (identity policies).
    pub principal: PrincipalMatch,
    pub conditions: bool,
}

impl StatementMatch {
    pub fn applies(&self) -> bool {
        self.action && self.resource && self.principal != PrincipalMatch::No && self.conditions
    }
}

/// Evaluate every part of `stmt` against `req` (no short cut). `action_lower` is the request's
/// action lower-cased; a statement without a resource element (a trust policy) matches any
/// resource. `has_boundary`: whether the principal has a permissions boundary.
pub fn explain(
    stmt: &Statement,
    req: &Request,
    action_lower: &str,
    has_boundary: bool,
) -> StatementMatch {
    let has_boundary = has_boundary && stmt.effect == Effect::Deny;
    StatementMatch {
        action: action_matches(&stmt.action, action_lower),
        resource: stmt
            .resource
            .as_ref()
            .is_none_or(|r| resource_matches(r, &req.resource, &req.context)),
        principal: stmt.principal.as_ref().map_or(PrincipalMatch::Named, |p| {
            principal_matches(p, &req.principal, has_boundary)
        }),
        conditions: condition::all_hold(&stmt.conditions, &req.context),
    }
}

/// Whether `stmt` applies to `req`, and how it names the principal (`No` when it does not apply);
/// the cheap checks first.
pub fn applies(
    stmt: &Statement,
    req: &Request,
    action_lower: &str,
    has_boundary: bool,
) -> PrincipalMatch {
    let has_boundary = has_boundary && stmt.effect == Effect::Deny;
    if !action_matches(&stmt.action, action_lower) {
        return PrincipalMatch::No;
    }
    if let Some(r) = &stmt.resource {
        if !resource_matches(r, &req.resource, &req.context) {
            return PrincipalMatch::No;
        }
    }
    let principal = stmt.principal.as_ref().map_or(PrincipalMatch::Named, |p| {
        principal_matches(p, &req.principal, has_boundary)
    });
    if principal == PrincipalMatch::No || !condition::all_hold(&stmt.conditions, &req.context) {
        return PrincipalMatch::No;
    }
    principal
}
