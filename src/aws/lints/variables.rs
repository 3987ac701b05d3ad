//! Stage 6 (lints), `unset_policy_variable`: a policy variable whose key the requests of the
//! principals holding the policy never carry. IAM replaces a variable with the request's value
//! of its key; when the key is "not present ... any attempt to match it fails and causes the
//! statement to be invalid" (IAM User Guide, "IAM policy elements: Variables and tags",
//! principal key values), so the resource or condition value never matches: an allow grants
//! nothing there, a deny denies nothing. IAM accepts the policy, so this is a warning, as
//! `resource_mismatch` is for a resource no action can match. Uses the IR and `uses`.

use super::Cx;
use crate::aws::lint_data::presence::presence;
use crate::diag::{Diag, Lint};
use crate::ir::aws::{DocKind, Effect, Entity, Statement, policy_var_key};
use crate::ir::{Part, Text};
use crate::span::Span;

/// Which kinds of principal hold the documents of `e`: (users, roles); `None` when unknown (a
/// managed policy attached to nothing here).
fn holders(cx: &Cx, e: &Entity) -> Option<(bool, bool)> {
    match e {
        Entity::Role(_) => Some((false, true)),
        // A group's policies act for its members, who are users.
        Entity::User(_) | Entity::Group(_) => Some((true, false)),
        Entity::Policy(pol) => {
            let hs = cx.uses.holders(&pol.common.id);
            if hs.is_empty() {
                return None;
            }
            let roles = hs.iter().any(|h| matches!(h, Entity::Role(_)));
            let users = hs.iter().any(|h| !matches!(h, Entity::Role(_)));
            Some((users, roles))
        }
        _ => None,
    }
}

/// The variables of a text with no default: (variable as written, key).
fn unset_vars(t: &Text) -> impl Iterator<Item = (&str, &str)> {
    t.parts.iter().filter_map(|p| match p {
        Part::PolicyVar(v) => match policy_var_key(v) {
            Some((key, None)) => Some((v.as_str(), key)),
            _ => None,
        },
        _ => None,
    })
}

fn check_text(t: &Text, span: Span, s: &Statement, kinds: (bool, bool), out: &mut Vec<Diag>) {
    for (var, key) in unset_vars(t) {
        let Some((users, roles, why)) = presence(key) else {
            continue;
        };
        let (has_users, has_roles) = kinds;
        if (has_users && users) || (has_roles && roles) {
            continue;
        }
        let who = match (has_users, has_roles) {
            (true, true) => "users or roles",
            (true, false) => "users",
            _ => "roles",
        };
        let effect = if s.effect == Effect::Deny {
            "this deny never applies here"
        } else {
            "this grants nothing here"
        };
        let help = if key.eq_ignore_ascii_case("aws:username") {
            "a role has no user name: use `${aws:userid}` (`ROLE-ID:SESSION-NAME` for a role session) or a tag, `${aws:PrincipalTag/KEY}`"
                .to_string()
        } else {
            format!("give it a default (`${{{key}, 'value'}}`) or use a key {who} carry")
        };
        out.push(
            Diag::warning(
                Lint::UnsetPolicyVariable,
                format!("`${{{var}}}` is never set for {who}: {effect}"),
                span,
                format!("`{key}` is not in their requests"),
            )
            .with_help(format!("{help} ({key}: {why})")),
        );
    }
}

pub fn check(cx: &Cx, e: &Entity, out: &mut Vec<Diag>) {
    if e.common().allow.contains(&Lint::UnsetPolicyVariable) {
        return;
    }
    let Some(kinds) = holders(cx, e) else {
        return;
    };
    for (_, doc) in e.documents() {
        if doc.kind == DocKind::Trust {
            continue;
        }
        for s in &doc.statements {
            if s.allow.contains(&Lint::UnsetPolicyVariable) {
                continue;
            }
            for r in &s.resources {
                check_text(&r.text, r.span, s, kinds, out);
            }
            for c in &s.conditions {
                for v in &c.values {
                    check_text(v, c.span, s, kinds, out);
                }
            }
        }
    }
}
