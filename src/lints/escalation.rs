//! `privilege_escalation`: the whole-principal view. Everything a role or user ends up with (its
//! inline policies, the local managed policies attached to it, and for a user its groups'
//! policies) is checked against the published escalation paths. An action counts only when some
//! allow grants it on every resource of its type with no condition and no deny takes it away, so
//! a scoped or conditioned grant is never accused.

use super::data::ESCALATION;
use super::policy_use;
use super::statements::{denied, type_wide};
use crate::catalog::glob_match;
use crate::diag::Diag;
use crate::ir::{Document, Effect, Entity, PolicyRef, Program, Statement};
use crate::span::Span;

/// The statement that grants `action` broadly, if one does.
fn grant<'a>(
    action: &str,
    allows: &[&'a Statement],
    denies: &[&Statement],
) -> Option<&'a Statement> {
    if denied(action, denies) {
        return None;
    }
    allows.iter().copied().find(|s| {
        s.conditions.is_empty()
            && if s.not_action {
                !s.actions.iter().any(|a| glob_match(&a.name, action))
            } else {
                s.actions.iter().any(|a| glob_match(&a.name, action))
            }
            && type_wide(s, action)
    })
}

/// The documents whose grants add up for `e`: a role's or user's own and attached policies (a
/// user's groups too), or, for a managed policy neither attached nor used as a boundary here and a group with no
/// members, that policy or group alone (whoever it is attached to later holds its paths).
fn documents<'p>(p: &'p Program, e: &'p Entity) -> Option<Vec<&'p Document>> {
    let mut docs: Vec<&Document> = Vec::new();
    let mut add = |ent: &'p Entity| {
        if let Some((_, inline, attachments)) = ent.identity_policies() {
            docs.extend(inline.iter().map(|i| &i.document));
            for a in attachments {
                if let PolicyRef::Local(id) = &a.policy {
                    if let Some(Entity::Policy(pol)) = p.entity(id) {
                        docs.push(&pol.document);
                    }
                }
            }
        }
    };
    match e {
        Entity::Role(_) => add(e),
        Entity::User(u) => {
            add(e);
            for g in &p.entities {
                if let Entity::Group(grp) = g {
                    if grp.members.contains(&u.common.id) {
                        add(g);
                    }
                }
            }
        }
        Entity::Group(g) if g.members.is_empty() => add(e),
        Entity::Policy(pol) => {
            let (attached, boundary) = policy_use(p, &pol.common.id);
            if attached || boundary {
                return None;
            }
            docs.push(&pol.document);
        }
        _ => return None,
    }
    Some(docs)
}

/// A path a principal holds: its name, its source and each action with the granting statement.
type Found = (&'static str, &'static str, Vec<(String, Span)>);

pub fn check(p: &Program, e: &Entity, out: &mut Vec<Diag>) {
    if e.common().allow.iter().any(|a| a == "privilege_escalation") {
        return;
    }
    let Some(docs) = documents(p, e) else {
        return;
    };
    let stmts: Vec<&Statement> = docs.iter().flat_map(|d| &d.statements).collect();
    let allows: Vec<&Statement> = stmts
        .iter()
        .copied()
        .filter(|s| {
            s.effect == Effect::Allow && !s.allow.iter().any(|a| a == "privilege_escalation")
        })
        .collect();
    let denies: Vec<&Statement> = stmts
        .iter()
        .copied()
        .filter(|s| s.effect == Effect::Deny)
        .collect();
    let mut found: Vec<Found> = Vec::new();
    for path in ESCALATION {
        let grants: Option<Vec<(String, Span)>> = path
            .actions
            .iter()
            .map(|a| grant(a, &allows, &denies).map(|s| ((*a).to_string(), s.span)))
            .collect();
        if let Some(g) = grants {
            found.push((path.name, path.source, g));
        }
    }
    let Some((name, source, grants)) = found.first() else {
        return;
    };
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
    let mut d = Diag::warning(
        "privilege_escalation",
        format!("{} `{}` {who}: {name}{others}", e.kind().keyword(), c.id),
        c.span,
        format!("holds {}", actions.join(" + ")),
    )
    .with_help(format!(
        "scope or condition one of these actions, or deny it; source: {source}"
    ));
    let mut seen = Vec::new();
    for (a, span) in grants {
        if !seen.contains(&span.start) {
            seen.push(span.start);
            d = d.with_label(*span, format!("grants `{a}` on every resource"));
        }
    }
    out.push(d);
}
