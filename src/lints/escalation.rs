//! `privilege_escalation`: the whole-principal view. Everything a role or user ends up with (its
//! inline policies, the local managed policies attached to it, and for a user its groups'
//! policies) is checked against the published escalation paths. An action counts only when some
//! allow grants it on every resource of its type with no condition and no deny takes it away, so
//! a scoped or conditioned grant is never accused.

use super::data::ESCALATION;
use super::statements::denied;
use crate::catalog::glob_match;
use crate::diag::Diag;
use crate::ir::{Document, Effect, Entity, Part, PolicyRef, Program, Statement};
use crate::span::Span;

/// A resource that covers every resource of the action's type: `*`, or `...:TYPE/*` / `TYPE:*`.
fn type_wide(s: &Statement) -> bool {
    s.not_resource
        || s.resources.iter().any(|r| {
            if r.text.is_star() {
                return true;
            }
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
                    Part::Lit(l) => l.clone(),
                    _ => "x".into(),
                })
                .collect();
            let resource = flat.splitn(6, ':').nth(5).unwrap_or("");
            resource == "*"
                || resource
                    .strip_suffix("/*")
                    .is_some_and(|t| !t.contains(['/', '*']))
                || resource
                    .strip_suffix(":*")
                    .is_some_and(|t| !t.contains([':', '/', '*']))
        })
}

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
            && type_wide(s)
            && if s.not_action {
                !s.actions.iter().any(|a| glob_match(&a.name, action))
            } else {
                s.actions.iter().any(|a| glob_match(&a.name, action))
            }
    })
}

fn documents<'p>(p: &'p Program, e: &'p Entity) -> Vec<&'p Document> {
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
    add(e);
    if let Entity::User(u) = e {
        for g in &p.entities {
            if let Entity::Group(grp) = g {
                if grp.members.contains(&u.common.id) {
                    add(g);
                }
            }
        }
    }
    docs
}

/// A path a principal holds: its name, its source and each action with the granting statement.
type Found = (&'static str, &'static str, Vec<(String, Span)>);

pub fn check(p: &Program, e: &Entity, out: &mut Vec<Diag>) {
    if !matches!(e, Entity::Role(_) | Entity::User(_))
        || e.common().allow.iter().any(|a| a == "privilege_escalation")
    {
        return;
    }
    let docs = documents(p, e);
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
    let mut d = Diag::warning(
        "privilege_escalation",
        format!(
            "{} `{}` can escalate its privileges: {name}{others}",
            e.kind().keyword(),
            c.id
        ),
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
