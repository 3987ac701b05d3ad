//! Stage 6 (lints) over trust policies and attachments: `wildcard_principal`, `confused_deputy`,
//! `cross_account_unconditioned`, `oidc_unscoped_subject` and `broad_managed_policy`.

use super::Cx;
use crate::aws::lint_data::trust::{CROSS_ACCOUNT_KEYS, SOURCE_AWARE, SOURCE_KEYS};
use crate::diag::{Diag, Lint};
use crate::ir::aws::{Attachment, PolicyRef, PrincipalKind, Statement};
use crate::ir::{Current, Kind, Part, Text};

fn has_key(s: &Statement, keys: &[&str]) -> bool {
    s.conditions
        .iter()
        .any(|c| keys.contains(&c.key.to_ascii_lowercase().as_str()))
}

fn allowed(s: &Statement, lint: Lint, entity_allow: &[Lint]) -> bool {
    s.allow.iter().chain(entity_allow).any(|a| *a == lint)
}

/// The account of an AWS principal when it is another account's, or unknowable (a param):
/// `None` for the account being built (`current.account`, `--account`) and local declarations.
fn foreign_account(t: &Text, account: Option<&str>) -> Option<String> {
    if t.parts
        .iter()
        .any(|p| matches!(p, Part::Current(Current::Account) | Part::Ref { .. }))
    {
        return None;
    }
    // `arn:PARTITION:iam::ACCOUNT:...`: the account field, when it is written out.
    let flat: String = t
        .parts
        .iter()
        .map(|p| match p {
            Part::Lit(l) => l.as_str(),
            _ => "\u{0}",
        })
        .collect();
    if account.is_some() && flat.split(':').nth(4) == account {
        return None;
    }
    Some(t.to_source())
}

/// The OIDC provider host of a federated principal (`token.actions.githubusercontent.com`).
fn oidc_host(t: &Text, cx: &Cx) -> Option<String> {
    match t.parts.as_slice() {
        [
            Part::Ref {
                kind: Kind::OidcProvider,
                id,
                ..
            },
        ] => match cx.uses.entity(id) {
            Some(crate::ir::aws::Entity::OidcProvider(o)) => Some(
                o.url
                    .trim_start_matches("https://")
                    .trim_end_matches('/')
                    .to_string(),
            ),
            _ => None,
        },
        _ => t
            .as_lit()
            .and_then(|l| l.split_once(":oidc-provider/").map(|(_, h)| h.to_string())),
    }
}

/// A GitHub `sub` value scoped to one repository: `repo:OWNER/NAME:...` with no wildcard in
/// OWNER or NAME.
fn github_sub_scoped(v: &str) -> bool {
    let Some(rest) = v.strip_prefix("repo:") else {
        return false;
    };
    let repo = rest.split(':').next().unwrap_or("");
    let Some((owner, name)) = repo.split_once('/') else {
        return false;
    };
    !owner.is_empty()
        && !name.is_empty()
        && !owner.contains(['*', '?'])
        && !name.contains(['*', '?'])
        && rest.contains(':')
}

pub fn check(s: &Statement, cx: &Cx, entity_allow: &[Lint], out: &mut Vec<Diag>) {
    let Some(principal) = &s.principal else {
        return;
    };
    let on = |lint: Lint| !allowed(s, lint, entity_allow);
    match principal.kind {
        PrincipalKind::Anyone if s.conditions.is_empty() && on(Lint::WildcardPrincipal) => out
            .push(
                Diag::warning(
                    Lint::WildcardPrincipal,
                    "anyone in any AWS account may assume this role",
                    s.span,
                    "`trust anyone` with no condition",
                )
                .with_help(
                    "trust named accounts or roles, or add `when aws:PrincipalOrgID == \"o-...\"`",
                ),
            ),
        PrincipalKind::Service if on(Lint::ConfusedDeputy) && !has_key(s, SOURCE_KEYS) => {
            let aware: Vec<String> = principal
                .values
                .iter()
                .filter_map(Text::as_lit)
                .filter(|v| SOURCE_AWARE.contains(&v.as_str()))
                .collect();
            if let Some(svc) = aware.first() {
                out.push(
                    Diag::warning(Lint::ConfusedDeputy, format!("`{svc}` may assume this role on behalf of any account"), s.span, "no source condition")
                        .with_help("add `when aws:SourceAccount == current.account` (and `aws:SourceArn like ...` for the resources that use the role)"),
                );
            }
        }
        PrincipalKind::Aws
            if on(Lint::CrossAccountUnconditioned) && !has_key(s, CROSS_ACCOUNT_KEYS) =>
        {
            if let Some(acct) = principal
                .values
                .iter()
                .find_map(|t| foreign_account(t, cx.account))
            {
                out.push(
                    Diag::warning(Lint::CrossAccountUnconditioned, format!("`{acct}` may assume this role with no condition"), s.span, "cross-account trust")
                        .with_help("add `when sts:ExternalId == \"...\"`, `aws:PrincipalOrgID`, `aws:PrincipalArn` or an MFA condition"),
                );
            }
        }
        PrincipalKind::Federated if on(Lint::OidcUnscopedSubject) => {
            for host in principal.values.iter().filter_map(|t| oidc_host(t, cx)) {
                oidc_subject(s, &host, out);
            }
        }
        _ => {}
    }
}

/// `oidc_unscoped_subject` for one identity provider `host` a statement trusts.
fn oidc_subject(s: &Statement, host: &str, out: &mut Vec<Diag>) {
    let sub_key = format!("{host}:sub").to_ascii_lowercase();
    let subs: Vec<String> = s
        .conditions
        .iter()
        .filter(|c| c.key.to_ascii_lowercase() == sub_key && !c.operator.base.negated())
        .flat_map(|c| {
            c.values
                .iter()
                .map(|v| v.as_lit().unwrap_or_else(|| "repo:x/x:x".into()))
        })
        .collect();
    let github = host == "token.actions.githubusercontent.com";
    let bad = unscoped_subject(host, &subs, github);
    let no_aud = github
        && !s
            .conditions
            .iter()
            .any(|c| c.key.eq_ignore_ascii_case(&format!("{host}:aud")));
    if let Some(msg) = bad {
        out.push(
            Diag::warning(
                Lint::OidcUnscopedSubject,
                msg,
                s.span,
                "unscoped web identity trust",
            )
            .with_help(format!(
                "add `when {host}:sub in [\"repo:OWNER/NAME:ref:refs/heads/main\"]`"
            )),
        );
    } else if no_aud {
        out.push(
            Diag::warning(
                Lint::OidcUnscopedSubject,
                format!("no `{host}:aud` condition"),
                s.span,
                "audience not checked",
            )
            .with_help(format!("add `when {host}:aud == \"sts.amazonaws.com\"`")),
        );
    }
}

/// What is wrong with the `sub` values a statement allows for `host`, if anything.
fn unscoped_subject(host: &str, subs: &[String], github: bool) -> Option<String> {
    if subs.is_empty() {
        Some(format!(
            "any identity of `{host}` may assume this role: there is no `{host}:sub` condition"
        ))
    } else if github {
        subs.iter().find(|v| !github_sub_scoped(v)).map(|v| {
            let owner = v
                .strip_prefix("repo:")
                .and_then(|r| r.split_once('/'))
                .map(|(o, _)| o)
                .filter(|o| !o.is_empty() && !o.contains(['*', '?']));
            match owner {
                Some(o) => format!("`{v}` lets every repository of `{o}` assume this role"),
                None => format!("`{v}` lets any GitHub repository assume this role"),
            }
        })
    } else {
        subs.iter()
            .find(|v| v.as_str() == "*")
            .map(|_| format!("`{host}:sub` matches everyone"))
    }
}

/// AWS managed policies that grant (nearly) everything of an account or a service.
fn broad(name: &str) -> bool {
    let base = name.rsplit('/').next().unwrap_or(name);
    matches!(
        base,
        "AdministratorAccess" | "IAMFullAccess" | "PowerUserAccess"
    ) || base.ends_with("FullAccess")
}

pub fn attachments(attachments: &[Attachment], entity_allow: &[Lint], out: &mut Vec<Diag>) {
    if entity_allow.contains(&Lint::BroadManagedPolicy) {
        return;
    }
    for a in attachments {
        let PolicyRef::Arn(t) = &a.policy else {
            continue;
        };
        let Some(Part::Lit(tail)) = t.parts.last() else {
            continue;
        };
        let Some(name) = tail
            .split(":policy/")
            .nth(1)
            .filter(|_| tail.contains(":iam::aws:policy/"))
        else {
            continue;
        };
        if broad(name) {
            out.push(
                Diag::warning(
                    Lint::BroadManagedPolicy,
                    format!("`{name}` grants far more than one workload needs"),
                    a.span,
                    "broad AWS managed policy",
                )
                .with_help("attach a policy with the actions and resources this principal uses"),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn github_subjects() {
        assert!(github_sub_scoped("repo:acme/app:ref:refs/heads/main"));
        assert!(github_sub_scoped("repo:acme/app:environment:prod"));
        assert!(!github_sub_scoped("repo:*"));
        assert!(!github_sub_scoped("repo:acme/*:ref:refs/heads/main"));
        assert!(!github_sub_scoped("repo:acme/app"));
        assert!(
            broad("AdministratorAccess") && broad("AmazonS3FullAccess") && !broad("ReadOnlyAccess")
        );
    }
}
