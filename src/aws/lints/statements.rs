//! Least-privilege lints over identity-policy statements: wildcard actions and resources,
//! permissions management, `iam:PassRole`, `NotAction`, `ForAllValues` and redundant actions.
//!
//! Every lint reads the statement before it accuses (through `reach`): what it covers
//! (`NotResource`, type-wide patterns), the conditions that narrow it (per key, `aws::lint_data::conditions`),
//! the principal's denies (`deny not` included) and its permissions boundary; actions AWS only
//! allows on `*` are never blamed for their `*`.

use super::reach::{Caps, Reach, reach};
use crate::aws::catalog::{
    AccessLevel, Action as CatalogAction, ActionLookup, catalog, glob_match,
};
use crate::aws::glob::meet::FormatCache;
use crate::aws::lint_data::conditions::restricted;
use crate::aws::operator::{Base, Operator, SetOp};
use crate::diag::{Diag, Lint};
use crate::ir::aws::{Effect, Statement};

/// Catalog actions an action or pattern of a statement grants (`*` expands to nothing here:
/// `wildcard_action` answers it).
pub fn expand(name: &str) -> Vec<&'static CatalogAction> {
    match catalog().lookup_action(name) {
        ActionLookup::Found(a) => vec![a],
        ActionLookup::Pattern(v) => v,
        _ => vec![],
    }
}

/// "12 Permissions management, 80 Write" and the riskiest few, for messages.
pub fn summary(actions: &[&CatalogAction]) -> String {
    let mut levels: Vec<(AccessLevel, usize)> = Vec::new();
    for a in actions {
        match levels.iter_mut().find(|(l, _)| *l == a.level) {
            Some((_, n)) => *n += 1,
            None => levels.push((a.level, 1)),
        }
    }
    levels.sort_by_key(|l| std::cmp::Reverse(l.0));
    levels
        .iter()
        .map(|(l, n)| format!("{n} {}", l.name()))
        .collect::<Vec<_>>()
        .join(", ")
}

fn riskiest(actions: &[(&str, &CatalogAction)], n: usize) -> String {
    let mut v: Vec<&(&str, &CatalogAction)> = actions.iter().collect();
    v.sort_by(|a, b| b.1.level.cmp(&a.1.level).then(a.1.name.cmp(&b.1.name)));
    v.iter()
        .take(n)
        .map(|(svc, a)| format!("`{svc}:{}`", a.name))
        .collect::<Vec<_>>()
        .join(", ")
}

/// How a statement's resources read in a message.
fn everywhere(s: &Statement) -> &'static str {
    if s.not_resource {
        "on every resource but the ones listed"
    } else if s.resources.iter().any(|r| r.text.is_star()) {
        "on every resource"
    } else {
        "on every resource of their type"
    }
}

fn allowed(s: &Statement, lint: Lint, entity_allow: &[Lint]) -> bool {
    s.allow.iter().chain(entity_allow).any(|a| *a == lint)
}

/// What the statement lints share: the principal's caps and the run's format cache.
pub struct Scope<'a, 'p> {
    pub caps: &'a Caps<'p>,
    pub cache: &'a FormatCache,
    pub entity_allow: &'a [Lint],
}

/// The catalog actions a statement grants, with their service prefix, once denies and the
/// boundary have taken theirs (`*` grants nothing here unless a deny-everything-except or a
/// boundary bounds it: `wildcard_action` answers it). Reports `wildcard_action` and
/// `service_wildcard` on the way.
fn granted<'p>(
    s: &'p Statement,
    sc: &Scope<'_, 'p>,
    out: &mut Vec<Diag>,
) -> Vec<(&'p str, &'static CatalogAction)> {
    let lint_on = |lint: Lint| !allowed(s, lint, sc.entity_allow);
    let caps = sc.caps;
    let keep =
        |prefix: &str, x: &CatalogAction| caps.keeps(&format!("{prefix}:{}", x.name), sc.cache);
    let mut granted: Vec<(&str, &CatalogAction)> = Vec::new();
    for a in &s.actions {
        if a.name == "*" {
            if caps.within_limits("*") {
                if lint_on(Lint::WildcardAction) && !caps.removes_all("*") {
                    out.push(
                        Diag::warning(
                            Lint::WildcardAction,
                            "`*` grants every action of every service",
                            a.span,
                            "every action",
                        )
                        .with_help("list the actions the principal needs"),
                    );
                }
            } else if let Some(set) = caps.limits().into_iter().find(|l| !l.contains(&"*")) {
                // A deny of everything but a list, or a boundary, leaves only what it names.
                for pattern in set {
                    let prefix = pattern.split(':').next().unwrap_or("");
                    granted.extend(
                        expand(pattern)
                            .into_iter()
                            .filter(|x| keep(prefix, x))
                            .map(|x| (prefix, x)),
                    );
                }
            }
            continue;
        }
        let prefix = a.name.split(':').next().unwrap_or("");
        let expanded = expand(&a.name);
        if a.name.ends_with(":*")
            && lint_on(Lint::ServiceWildcard)
            && caps.within_limits(&a.name)
            && !caps.removes_all(&a.name)
            && !expanded.is_empty()
        {
            out.push(
                Diag::warning(
                    Lint::ServiceWildcard,
                    format!(
                        "`{}` grants all {} actions of `{prefix}`",
                        a.name,
                        expanded.len()
                    ),
                    a.span,
                    summary(&expanded),
                )
                .with_help(format!(
                    "list the `{prefix}` actions needed; `{}` also grants actions AWS adds later",
                    a.name
                )),
            );
        }
        granted.extend(
            expanded
                .into_iter()
                .filter(|x| keep(prefix, x))
                .map(|x| (prefix, x)),
        );
    }
    granted
}

/// All statement lints for one allow statement of a principal.
pub fn check<'p>(s: &'p Statement, sc: &Scope<'_, 'p>, out: &mut Vec<Diag>) {
    if s.effect != Effect::Allow {
        return;
    }
    // `on not *` matches no resource: the statement grants nothing.
    if s.not_resource && s.resources.iter().any(|r| r.text.is_star()) {
        return;
    }
    let entity_allow = sc.entity_allow;
    let lint_on = |lint: Lint| !allowed(s, lint, entity_allow);
    if s.not_action {
        if lint_on(Lint::NotActionAllow) {
            out.push(
                Diag::warning(
                    Lint::NotActionAllow,
                    "`allow not` grants every action but the ones listed",
                    s.span,
                    "NotAction with Allow",
                )
                .with_help(
                    "list the actions to allow instead; every future AWS action is granted too",
                ),
            );
        }
        return;
    }
    let granted = granted(s, sc, out);
    // Granted on every resource of their type with no condition that narrows them.
    let broad: Vec<(&str, &CatalogAction)> = granted
        .iter()
        .filter(|(svc, a)| {
            !a.resources.is_empty() && {
                let full = format!("{svc}:{}", a.name);
                reach(s, &full, sc.cache) == Reach::TypeWide && !restricted(&s.conditions, &full)
            }
        })
        .copied()
        .collect();
    broad_grants(s, &broad, &lint_on, out);
    exposure(s, &broad, entity_allow, out);
    pass_role(s, &granted, sc, out);
    forallvalues(s, entity_allow, out);
    redundant(s, entity_allow, out);
}

/// `wildcard_resource` and `permissions_management`: the `broad` grants of an allow (on every
/// resource of their type with no condition that narrows them).
fn broad_grants(
    s: &Statement,
    broad: &[(&str, &CatalogAction)],
    lint_on: &dyn Fn(Lint) -> bool,
    out: &mut Vec<Diag>,
) {
    // Permissions management is `permissions_management`'s to report (and `iam:PassRole`
    // `pass_role_unscoped`'s); counted here only when that lint is silenced.
    let pm_here = !lint_on(Lint::PermissionsManagement);
    let is_pass_role = |svc: &str, a: &CatalogAction| svc == "iam" && a.name == "PassRole";
    let scoped_writes: Vec<(&str, &CatalogAction)> = broad
        .iter()
        .filter(|(svc, a)| match a.level {
            AccessLevel::Write | AccessLevel::Tagging => true,
            AccessLevel::PermissionsManagement => pm_here && !is_pass_role(svc, a),
            _ => false,
        })
        .copied()
        .collect();
    let what = everywhere(s);
    if !scoped_writes.is_empty() && lint_on(Lint::WildcardResource) {
        out.push(
            Diag::warning(
                Lint::WildcardResource,
                format!("{} write, permissions or tagging action(s) granted {what}", scoped_writes.len()),
                s.span,
                format!("{} {what}", riskiest(&scoped_writes, 3)),
            )
            .with_help("these actions take resource ARNs: name the resources, or restrict with a condition"),
        );
    }
    let pm: Vec<(&str, &CatalogAction)> = broad
        .iter()
        .filter(|(svc, a)| a.level == AccessLevel::PermissionsManagement && !is_pass_role(svc, a))
        .copied()
        .collect();
    if !pm.is_empty() && lint_on(Lint::PermissionsManagement) {
        out.push(
            Diag::warning(
                Lint::PermissionsManagement,
                format!("{} permissions-management action(s) {what}", pm.len()),
                s.span,
                riskiest(&pm, 3),
            )
            .with_help("permissions management lets the principal change who can do what; scope it to named resources"),
        );
    }
}

/// `credentials_exposure` and `data_exfiltration`: listed actions granted on every resource of
/// their type (`*`, `bucket/*`, `secret:*`) with no condition that narrows them (wildcard-only
/// actions excepted: they cannot be scoped).
fn exposure(
    s: &Statement,
    broad: &[(&str, &CatalogAction)],
    entity_allow: &[Lint],
    out: &mut Vec<Diag>,
) {
    use crate::aws::lint_data::actions::{CREDENTIALS_EXPOSURE, DATA_EXFILTRATION};
    let listed = |list: &[&str], svc: &str, a: &CatalogAction| {
        list.iter().any(|l| {
            l.split_once(':')
                .is_some_and(|(p, n)| p == svc && n.eq_ignore_ascii_case(&a.name))
        })
    };
    for (lint, list, what, help) in [
        (
            Lint::CredentialsExposure,
            CREDENTIALS_EXPOSURE,
            "return credentials",
            "name the users, roles or clusters whose credentials are needed",
        ),
        (
            Lint::DataExfiltration,
            DATA_EXFILTRATION,
            "read data or secrets",
            "name the buckets, parameters or secrets, or restrict with `aws:SourceVpce` or `aws:ResourceTag/...`",
        ),
    ] {
        if allowed(s, lint, entity_allow) {
            continue;
        }
        let hits: Vec<(&str, &CatalogAction)> = broad
            .iter()
            .filter(|(svc, a)| listed(list, svc, a))
            .copied()
            .collect();
        if !hits.is_empty() {
            out.push(
                Diag::warning(
                    lint,
                    format!(
                        "{} action(s) that {what} on every resource of their type",
                        hits.len()
                    ),
                    s.span,
                    riskiest(&hits, 4),
                )
                .with_help(help),
            );
        }
    }
}

fn pass_role(s: &Statement, granted: &[(&str, &CatalogAction)], sc: &Scope, out: &mut Vec<Diag>) {
    if allowed(s, Lint::PassRoleUnscoped, sc.entity_allow)
        || !granted
            .iter()
            .any(|(svc, a)| *svc == "iam" && a.name == "PassRole")
    {
        return;
    }
    // `iam:PassedToService` scopes the pass when it must match (a negated operator excludes
    // some services and admits every other one).
    let to_service = s.conditions.iter().any(|c| {
        c.key.eq_ignore_ascii_case("iam:PassedToService")
            && crate::aws::lint_data::conditions::restricts(c, "iam")
    });
    if to_service || reach(s, "iam:PassRole", sc.cache) != Reach::TypeWide {
        return;
    }
    let span = s
        .actions
        .iter()
        .find(|a| glob_match(&a.name, "iam:PassRole"))
        .map_or(s.span, |a| a.span);
    out.push(
        Diag::warning(Lint::PassRoleUnscoped, "`iam:PassRole` on any role without `iam:PassedToService`", span, "passes any role")
            .with_help("name the roles to pass, and add `when iam:PassedToService == \"SERVICE.amazonaws.com\"`"),
    );
}

fn forallvalues(s: &Statement, entity_allow: &[Lint], out: &mut Vec<Diag>) {
    if allowed(s, Lint::ForallvaluesAllow, entity_allow) {
        return;
    }
    for c in &s.conditions {
        if c.operator.set != Some(SetOp::ForAllValues) {
            continue;
        }
        let has_null = s.conditions.iter().any(|o| {
            o.operator == Operator::plain(Base::Null) && o.key.eq_ignore_ascii_case(&c.key)
        });
        if !has_null {
            out.push(
                Diag::warning(
                    Lint::ForallvaluesAllow,
                    format!(
                        "`all {}` in an allow is also true when the request has no `{}`",
                        c.key, c.key
                    ),
                    c.span,
                    "true for an empty set",
                )
                .with_help(format!("add `when {} exists`", c.key)),
            );
        }
    }
}

fn redundant(s: &Statement, entity_allow: &[Lint], out: &mut Vec<Diag>) {
    if allowed(s, Lint::RedundantAction, entity_allow) {
        return;
    }
    // Only a pattern can cover another action; duplicates are found with a set. Statements of
    // real policies list hundreds of actions, so no pairwise comparison of everything.
    let patterns: Vec<&crate::ir::aws::Action> = s
        .actions
        .iter()
        .filter(|a| a.name.contains(['*', '?']))
        .collect();
    let mut seen: std::collections::HashMap<String, &crate::ir::aws::Action> =
        std::collections::HashMap::new();
    for a in &s.actions {
        let lower = a.name.to_ascii_lowercase();
        let covering = match seen.get(&lower) {
            Some(first) => Some(*first),
            None => patterns
                .iter()
                .copied()
                .find(|b| !b.name.eq_ignore_ascii_case(&a.name) && glob_match(&b.name, &a.name)),
        };
        seen.entry(lower).or_insert(a);
        if let Some(b) = covering {
            out.push(
                Diag::warning(
                    Lint::RedundantAction,
                    format!("`{}` is already granted by `{}`", a.name, b.name),
                    a.span,
                    "redundant",
                )
                .with_label(b.span, "covers it")
                .with_help(format!("remove `{}`", a.name)),
            );
        }
    }
}
