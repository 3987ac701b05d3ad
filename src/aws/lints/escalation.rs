//! Stage 6 (lints), `privilege_escalation`: the whole-principal view. Everything a role or user
//! ends up with (its inline policies, the managed policies attached to it, local or AWS managed,
//! and for a user its groups' policies) is checked against the published escalation paths
//! (`aws::lint_data::paths`). An action
//! counts only when some allow grants it on every resource of its type with no condition that
//! narrows it, no deny takes it away (`deny not` included) and the permissions boundary lets it
//! through, so a scoped, conditioned, denied or bounded grant is never accused.

use super::Cx;
use super::reach::{Boundary, Caps, broad, covers_named_type, names_action};
use crate::aws::glob::meet::FormatCache;
use crate::aws::lint_data::conditions::restricted;
use crate::aws::lint_data::paths::{ANY_COMMAND_DOCUMENTS, DECIDED, ESCALATION};
use crate::diag::{Diag, Lint};
use crate::ir::aws::{Document, Effect, Entity, Statement};
use crate::span::Span;
use std::sync::OnceLock;

/// The statement that grants `action` broadly, if one does and nothing caps it.
fn grant<'a>(
    action: &str,
    allows: &[&'a Statement],
    caps: &Caps,
    cache: &FormatCache,
) -> Option<&'a Statement> {
    // The broad grant first: most principals hold few actions, and the caps cost more.
    let first = allows.iter().copied().find(|s| broad(s, action, cache))?;
    if !caps.keeps(action, cache) {
        return None;
    }
    if let Some(d) = DECIDED
        .iter()
        .find(|d| d.action.eq_ignore_ascii_case(action))
    {
        let open: Vec<&Statement> = allows
            .iter()
            .copied()
            .filter(|s| names_action(s, action) && !restricted(&s.conditions, action))
            .collect();
        let covered = |ty: &str| {
            open.iter()
                .any(|s| covers_named_type(s, action, ty, ANY_COMMAND_DOCUMENTS, cache))
        };
        if !d
            .types
            .iter()
            .all(|group| group.iter().any(|ty| covered(ty)))
        {
            return None;
        }
    }
    Some(first)
}

/// The documents whose grants add up for `e` when it is checked: a role's or user's held
/// documents, or, for a managed policy neither attached nor used as a boundary here and a group
/// with no members, that policy or group alone (whoever it is attached to later holds its
/// paths).
fn checked<'p>(cx: &Cx<'p>, e: &'p Entity, held: &[&'p Document]) -> bool {
    let kind = match e {
        Entity::Role(_) | Entity::User(_) => true,
        Entity::Group(g) => g.members.is_empty(),
        Entity::Policy(pol) => {
            let (attached, boundary) = cx.uses.policy_use(&pol.common.id);
            !attached && !boundary
        }
        _ => false,
    };
    kind && !held.is_empty()
}

/// The distinct actions of all paths, and each path as indexes into them.
fn path_index() -> &'static (Vec<&'static str>, Vec<Vec<usize>>) {
    static INDEX: OnceLock<(Vec<&'static str>, Vec<Vec<usize>>)> = OnceLock::new();
    INDEX.get_or_init(|| {
        let mut actions: Vec<&'static str> = Vec::new();
        let paths = ESCALATION
            .iter()
            .map(|p| {
                p.actions
                    .iter()
                    .map(|a| match actions.iter().position(|x| x == a) {
                        Some(i) => i,
                        None => {
                            actions.push(a);
                            actions.len() - 1
                        }
                    })
                    .collect()
            })
            .collect();
        (actions, paths)
    })
}

/// A path a principal holds: its name, its source and each action with the granting statement.
type Found = (&'static str, &'static str, Vec<(&'static str, Span)>);

pub fn check<'p>(
    cx: &Cx<'p>,
    e: &'p Entity,
    held: &[&'p Document],
    caps: &Caps,
    out: &mut Vec<Diag>,
) {
    if e.common().allow.contains(&Lint::PrivilegeEscalation) || !checked(cx, e, held) {
        return;
    }
    let allows: Vec<&Statement> = held
        .iter()
        .flat_map(|d| &d.statements)
        .filter(|s| s.effect == Effect::Allow && !s.allow.contains(&Lint::PrivilegeEscalation))
        .collect();
    if allows.is_empty() {
        return;
    }
    let found = paths_held(cx, &allows, caps);
    let Some((name, source, grants)) = found.first() else {
        return;
    };
    out.push(report(e, caps, &found, name, source, grants));
}

/// Every published path the allows hold, each action with the statement that grants it.
fn paths_held<'p>(cx: &Cx<'p>, allows: &[&'p Statement], caps: &Caps) -> Vec<Found> {
    // Paths share actions (`iam:PassRole` is in most): each is looked up once per principal.
    let (actions, paths) = path_index();
    let mut memo: Vec<Option<Option<Span>>> = vec![None; actions.len()];
    // The services the allows name: an action of another service is not held (most principals
    // name a few services, and the paths span dozens).
    let any_service = allows.iter().any(|s| {
        s.not_action
            || s.actions.iter().any(|a| {
                a.name
                    .split(':')
                    .next()
                    .is_none_or(|p| p.contains(['*', '?']))
            })
    });
    let services: Vec<&str> = allows
        .iter()
        .flat_map(|s| s.actions.iter().filter_map(|a| a.name.split(':').next()))
        .collect();
    let mut held = |i: usize| -> Option<Span> {
        let slot = memo.get_mut(i)?;
        *slot.get_or_insert_with(|| {
            let a = actions.get(i)?;
            let prefix = a.split(':').next().unwrap_or("");
            if !any_service && !services.iter().any(|s| s.eq_ignore_ascii_case(prefix)) {
                return None;
            }
            grant(a, allows, caps, &cx.cache).map(|s| s.span)
        })
    };
    let mut found: Vec<Found> = Vec::new();
    for (path, idx) in ESCALATION.iter().zip(paths) {
        if idx.iter().all(|&i| held(i).is_some()) {
            let grants = path
                .actions
                .iter()
                .zip(idx)
                .filter_map(|(a, &i)| held(i).map(|span| (*a, span)))
                .collect();
            found.push((path.name, path.source, grants));
        }
    }
    found
}

/// The warning for the first path found, a label on each statement that grants one of its
/// actions.
fn report(
    e: &Entity,
    caps: &Caps,
    found: &[Found],
    name: &str,
    source: &str,
    grants: &[(&'static str, Span)],
) -> Diag {
    let c = e.common();
    let others = if found.len() > 1 {
        format!(" (and {} more paths)", found.len() - 1)
    } else {
        String::new()
    };
    let actions: Vec<String> = grants.iter().map(|(a, _)| format!("`{a}`")).collect();
    let who = if matches!(e, Entity::Role(_) | Entity::User(_)) {
        "can escalate its privileges"
    } else {
        "lets whoever holds it escalate their privileges"
    };
    let unread = match &caps.boundary {
        Boundary::Unknown(b) => format!(
            "; the boundary `{b}` was not read (iamx has the documents of AWS managed policies only) and may stop this"
        ),
        _ => String::new(),
    };
    let mut d = Diag::warning(
        Lint::PrivilegeEscalation,
        format!("{} `{}` {who}: {name}{others}", e.kind().keyword(), c.id),
        c.span,
        format!("holds {}", actions.join(" + ")),
    )
    .with_help(format!(
        "scope or condition one of these actions, or deny it; source: {source}{unread}"
    ));
    let mut seen = Vec::new();
    for (a, span) in grants {
        if !seen.contains(&span.start) {
            seen.push(span.start);
            d = d.with_label(*span, format!("grants `{a}` on every resource"));
        }
    }
    d
}
