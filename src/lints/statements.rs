//! Least-privilege lints over identity-policy statements: wildcard actions and resources,
//! permissions management, `iam:PassRole`, `NotAction`, `ForAllValues` and redundant actions.
//!
//! Every lint reads the statement before it accuses: a condition restricts a broad grant, a deny
//! of the same actions on `*` elsewhere in the principal's policies answers it, and actions AWS
//! only allows on `*` are never blamed for their `*`.

use crate::catalog::{AccessLevel, Action as CatalogAction, ActionLookup, catalog, glob_match};
use crate::diag::Diag;
use crate::ir::{Effect, Part, Statement};

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

fn is_star(s: &Statement) -> bool {
    s.resources.iter().any(|r| r.text.is_star())
}

/// Whether a resource of `s` covers every resource of `action`'s types: `*`, `NotResource`, or
/// an ARN whose resource field is the literal type prefix of one of the action's catalog formats
/// followed only by wildcards, ending in one (`domain/*/` is the root path of every domain) (`secret:*`, `table/*`, `function:*`; for S3 objects, whose format
/// starts with the bucket name, only `*` or `*/*`). Partition, region and account are not
/// looked at: every secret of an account is still every secret. Params and references name
/// something, so they never cover a type.
/// Only `*`, `NotResource` or a resource ending in a wildcard can cover a type; most statements
/// have none, and they need no catalog lookup.
fn could_be_wide(s: &Statement) -> bool {
    s.not_resource
        || s.resources
            .iter()
            .any(|r| matches!(r.text.parts.last(), Some(Part::Lit(l)) if l.ends_with('*')))
}

pub fn type_wide(s: &Statement, action: &str) -> bool {
    if s.not_resource || s.resources.iter().any(|r| r.text.is_star()) {
        return true;
    }
    if !could_be_wide(s) {
        return false;
    }
    let Some((formats, _)) = super::resource::formats(action) else {
        return false;
    };
    s.resources.iter().any(|r| {
        if r.text
            .parts
            .iter()
            .any(|p| matches!(p, Part::Param(_) | Part::Ref { .. }))
        {
            return false;
        }
        let flat: String = r
            .text
            .parts
            .iter()
            .map(|p| match p {
                Part::Lit(l) => l.as_str(),
                _ => "x",
            })
            .collect();
        let Some(field) = flat.splitn(6, ':').nth(5) else {
            return false;
        };
        formats.iter().any(|f| {
            let Some(ff) = f.splitn(6, ':').nth(5) else {
                return false;
            };
            let prefix = &ff[..ff.find("${").unwrap_or(ff.len())];
            field.strip_prefix(prefix).is_some_and(|rest| {
                rest.ends_with('*') && rest.chars().all(|c| matches!(c, '*' | '/' | ':'))
            })
        })
    })
}

/// Whether a deny among `denies` takes away `action` on every resource, unconditionally.
pub fn denied(action: &str, denies: &[&Statement]) -> bool {
    denies.iter().any(|d| {
        d.conditions.is_empty()
            && !d.not_action
            && !d.not_resource
            && d.resources.iter().any(|r| r.text.is_star())
            && d.actions.iter().any(|a| glob_match(&a.name, action))
    })
}

fn allowed(s: &Statement, lint: &str, entity_allow: &[String]) -> bool {
    s.allow.iter().chain(entity_allow).any(|a| a == lint)
}

/// All statement lints for one allow statement. `denies` are the principal's deny statements.
pub fn check(s: &Statement, denies: &[&Statement], entity_allow: &[String], out: &mut Vec<Diag>) {
    if s.effect != Effect::Allow {
        return;
    }
    let lint_on = |name: &str| !allowed(s, name, entity_allow);
    if s.not_action {
        if lint_on("not_action_allow") {
            out.push(
                Diag::warning(
                    "not_action_allow",
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
    let star = is_star(s) && !s.not_resource;
    let conditioned = !s.conditions.is_empty();
    // Actions each name grants, with their service prefix.
    let mut granted: Vec<(&str, &CatalogAction)> = Vec::new();
    for a in &s.actions {
        if a.name == "*" {
            if lint_on("wildcard_action") && !denied("*", denies) {
                out.push(
                    Diag::warning(
                        "wildcard_action",
                        "`*` grants every action of every service",
                        a.span,
                        "every action",
                    )
                    .with_help("list the actions the principal needs"),
                );
            }
            continue;
        }
        let prefix = a.name.split(':').next().unwrap_or("");
        let expanded = expand(&a.name);
        if a.name.ends_with(":*")
            && lint_on("service_wildcard")
            && !denied(&a.name, denies)
            && !expanded.is_empty()
        {
            out.push(
                Diag::warning(
                    "service_wildcard",
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
                .filter(|x| !denied(&format!("{prefix}:{}", x.name), denies))
                .map(|x| (prefix, x)),
        );
    }
    // Resource `*` without a restricting condition.
    if star && !conditioned {
        // Permissions management is `permissions_management`'s to report (and `iam:PassRole`
        // `pass_role_unscoped`'s); counted here only when that lint is silenced.
        let pm_here = !lint_on("permissions_management");
        let scoped_writes: Vec<(&str, &CatalogAction)> = granted
            .iter()
            .filter(|(svc, a)| {
                !a.resources.is_empty()
                    && match a.level {
                        AccessLevel::Write | AccessLevel::Tagging => true,
                        AccessLevel::PermissionsManagement => {
                            pm_here && !(*svc == "iam" && a.name == "PassRole")
                        }
                        _ => false,
                    }
            })
            .copied()
            .collect();
        if !scoped_writes.is_empty() && lint_on("wildcard_resource") {
            out.push(
                Diag::warning(
                    "wildcard_resource",
                    format!("{} write, permissions or tagging action(s) granted on every resource", scoped_writes.len()),
                    s.span,
                    format!("{} on `*`", riskiest(&scoped_writes, 3)),
                )
                .with_help("these actions take resource ARNs: name the resources, or restrict with a condition"),
            );
        }
        let pm: Vec<(&str, &CatalogAction)> = granted
            .iter()
            .filter(|(svc, a)| {
                a.level == AccessLevel::PermissionsManagement
                    && !(*svc == "iam" && a.name == "PassRole")
            })
            .copied()
            .collect();
        if !pm.is_empty() && lint_on("permissions_management") {
            out.push(
                Diag::warning(
                    "permissions_management",
                    format!("{} permissions-management action(s) on every resource", pm.len()),
                    s.span,
                    riskiest(&pm, 3),
                )
                .with_help("permissions management lets the principal change who can do what; scope it to named resources"),
            );
        }
    }
    if !conditioned && could_be_wide(s) {
        exposure(s, &granted, entity_allow, out);
    }
    pass_role(s, &granted, entity_allow, out);
    forallvalues(s, entity_allow, out);
    redundant(s, entity_allow, out);
}

/// `credentials_exposure` and `data_exfiltration`: listed actions granted on every resource of
/// their type (`*`, `bucket/*`, `secret:*`) with no condition (wildcard-only actions excepted:
/// they cannot be scoped).
fn exposure(
    s: &Statement,
    granted: &[(&str, &CatalogAction)],
    entity_allow: &[String],
    out: &mut Vec<Diag>,
) {
    use super::data::{CREDENTIALS_EXPOSURE, DATA_EXFILTRATION};
    let listed = |list: &[&str], svc: &str, a: &CatalogAction| {
        list.iter().any(|l| {
            l.split_once(':')
                .is_some_and(|(p, n)| p == svc && n.eq_ignore_ascii_case(&a.name))
        })
    };
    for (lint, list, what, help) in [
        (
            "credentials_exposure",
            CREDENTIALS_EXPOSURE,
            "return credentials",
            "name the users, roles or clusters whose credentials are needed",
        ),
        (
            "data_exfiltration",
            DATA_EXFILTRATION,
            "read data or secrets",
            "name the buckets, parameters or secrets, or restrict with `aws:SourceVpce` or `aws:ResourceAccount`",
        ),
    ] {
        if allowed(s, lint, entity_allow) {
            continue;
        }
        let hits: Vec<(&str, &CatalogAction)> = granted
            .iter()
            .filter(|(svc, a)| {
                !a.resources.is_empty()
                    && listed(list, svc, a)
                    && type_wide(s, &format!("{svc}:{}", a.name))
            })
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

fn pass_role(
    s: &Statement,
    granted: &[(&str, &CatalogAction)],
    entity_allow: &[String],
    out: &mut Vec<Diag>,
) {
    if allowed(s, "pass_role_unscoped", entity_allow)
        || !granted
            .iter()
            .any(|(svc, a)| *svc == "iam" && a.name == "PassRole")
    {
        return;
    }
    if s.conditions
        .iter()
        .any(|c| c.key.eq_ignore_ascii_case("iam:PassedToService"))
    {
        return;
    }
    let any_role = s.not_resource
        || s.resources.iter().any(|r| {
            r.text.is_star()
                || r.text.as_lit().is_some_and(|l| {
                    let tail = l.rsplit(':').next().unwrap_or("");
                    tail == "*" || tail == "role/*" || tail == "role*"
                })
        });
    if any_role {
        let span = s
            .actions
            .iter()
            .find(|a| glob_match(&a.name, "iam:PassRole"))
            .map_or(s.span, |a| a.span);
        out.push(
            Diag::warning("pass_role_unscoped", "`iam:PassRole` on any role without `iam:PassedToService`", span, "passes any role")
                .with_help("name the roles to pass, and add `when iam:PassedToService == \"SERVICE.amazonaws.com\"`"),
        );
    }
}

fn forallvalues(s: &Statement, entity_allow: &[String], out: &mut Vec<Diag>) {
    if allowed(s, "forallvalues_allow", entity_allow) {
        return;
    }
    for c in &s.conditions {
        if !c.operator.starts_with("ForAllValues:") {
            continue;
        }
        let has_null = s
            .conditions
            .iter()
            .any(|o| o.operator == "Null" && o.key.eq_ignore_ascii_case(&c.key));
        if !has_null {
            out.push(
                Diag::warning(
                    "forallvalues_allow",
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

fn redundant(s: &Statement, entity_allow: &[String], out: &mut Vec<Diag>) {
    if allowed(s, "redundant_action", entity_allow) {
        return;
    }
    // Only a pattern can cover another action; duplicates are found with a set. Statements of
    // real policies list hundreds of actions, so no pairwise comparison of everything.
    let patterns: Vec<&crate::ir::Action> = s
        .actions
        .iter()
        .filter(|a| a.name.contains(['*', '?']))
        .collect();
    let mut seen: std::collections::HashMap<String, &crate::ir::Action> =
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
                    "redundant_action",
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
