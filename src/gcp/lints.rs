//! Lints of `target gcp` programs (contract 10.5), over the Google Cloud IR: basic and admin
//! roles, grants wider than the resource the role is about, impersonation at project level or
//! wider, public members, authoritative bindings, default service accounts and key creation.
//! A grant's `@allow(NAME, reason = "...")` silences a lint on it, like on AWS statements.
//!
//! May use: `diag`, `ir` (its `Text`), `span`, this room (catalog, scopes, IR).

use super::catalog;
use super::ir::{CustomRole, Entity, Grant, Member, Program, RoleRef};
use super::scopes::Level;
use crate::diag::{Diag, Lint};

const IMPERSONATION: &[&str] = &[
    "roles/iam.serviceAccountUser",
    "roles/iam.serviceAccountTokenCreator",
    "roles/iam.workloadIdentityUser",
];

/// Services whose resources have an IAM policy of their own, and the scope that names one.
const OWN_IAM: &[(&str, &str)] = &[
    (
        "artifactregistry",
        "artifact_registry.repository(project, location, name)",
    ),
    ("run", "run.service(project, location, name)"),
    ("secretmanager", "secret_manager.secret(project, secret_id)"),
    ("storage", "storage.bucket(bucket)"),
    ("pubsub", "pubsub.topic(project, topic)"),
    ("bigquery", "bigquery.dataset(project, dataset_id)"),
    ("cloudkms", "kms.crypto_key(crypto_key_id)"),
];

/// Every lint over the program's grants and custom roles.
pub fn run(p: &Program) -> Vec<Diag> {
    let mut out = Vec::new();
    for e in &p.entities {
        match e {
            Entity::Grant(g) => grant(p, g, &mut out),
            Entity::CustomRole(r) => custom_role(r, &mut out),
            Entity::ServiceAccount(_) | Entity::Pool(_) | Entity::Deny(_) => {}
        }
    }
    out
}

fn predefined(g: &Grant) -> Option<&str> {
    match &g.role {
        RoleRef::Predefined(n) => Some(n.as_str()),
        RoleRef::Custom(_) => None,
    }
}

fn push(g: &Grant, out: &mut Vec<Diag>, d: Diag) {
    let name = match d.code {
        crate::diag::Code::Lint(l) => l.name(),
        crate::diag::Code::Error(_) => "",
    };
    if !g.allow.iter().any(|a| a == name) {
        out.push(d);
    }
}

fn grant(p: &Program, g: &Grant, out: &mut Vec<Diag>) {
    let level = g.scope.kind.level;
    let narrowed = g
        .condition
        .as_ref()
        .is_some_and(|c| c.expression.to_source().contains("resource.name"));
    if let Some(role) = predefined(g) {
        basic_and_admin(g, role, level, out);
        if IMPERSONATION.contains(&role) && level <= Level::Project {
            push(g, out, Diag::warning(
                Lint::ActAsUnscoped,
                format!("`{role}` at {} level: every service account below can be used", level_name(level)),
                g.span,
                "impersonation of every service account of the scope",
            )
            .with_help("grant it on the one service account (`grant ROLE on SA`): at project level it reaches the default compute account too"));
        }
        let service = role
            .strip_prefix("roles/")
            .and_then(|r| r.split('.').next())
            .unwrap_or("");
        if let Some((_, scope)) = OWN_IAM.iter().find(|(s, _)| *s == service) {
            if level <= Level::Project && !narrowed && !role.ends_with(".admin") {
                push(g, out, Diag::warning(
                    Lint::BroadScope,
                    format!("`{role}` at {} level reaches every {service} resource", level_name(level)),
                    g.span,
                    "granted on the whole scope",
                )
                .with_help(format!("grant it on the resource, `{scope}`, or narrow it with `when cel \"resource.name.startsWith(...)\"`: a grant at a project, folder or organization is inherited by everything below")));
            }
        }
        if catalog::catalog()
            .ok()
            .and_then(|c| c.role(role))
            .is_some_and(|r| r.has_permission("iam.serviceAccountKeys.create"))
            && !BASIC.contains(&role)
        {
            push(g, out, key_diag(role, g.span));
        }
    }
    for m in &g.members {
        public_or_default(p, g, m, out);
    }
    if g.authoritative {
        push(g, out, Diag::warning(
            Lint::AuthoritativeBinding,
            "an authoritative binding removes every member it does not list",
            g.span,
            "`@authoritative`",
        )
        .with_help("other teams' and Google's service agents' bindings of this role on the scope are removed at apply; use an additive grant unless this module owns the role here (`@allow(authoritative_binding, reason = \"...\")`)"));
    }
}

const BASIC: &[&str] = &["roles/owner", "roles/editor", "roles/viewer"];

fn basic_and_admin(g: &Grant, role: &str, level: Level, out: &mut Vec<Diag>) {
    let basic = matches!(role, "roles/owner" | "roles/editor")
        || (role == "roles/viewer" && level <= Level::Folder);
    if basic {
        push(g, out, Diag::warning(
            Lint::BasicRole,
            format!("the basic role `{role}`"),
            g.span,
            "thousands of permissions",
        )
        .with_help("grant predefined roles of the services used (`roles/run.developer`), or a custom role"));
    } else if role.ends_with(".admin") {
        push(g, out, Diag::warning(
            Lint::AdminRole,
            format!("the admin role `{role}`"),
            g.span,
            "full control of the service, its IAM policies included",
        )
        .with_help("grant the narrower roles the workload needs (`...writer`, `...developer`), or a custom role"));
    }
}

fn public_or_default(p: &Program, g: &Grant, m: &Member, out: &mut Vec<Diag>) {
    let Member::Raw(t) = m else {
        return;
    };
    let text = t.to_source();
    if matches!(text.as_str(), "allUsers" | "allAuthenticatedUsers") {
        push(g, out, Diag::warning(
            Lint::PublicMember,
            format!("`{text}`: anyone on the internet"),
            g.span,
            "a public grant",
        )
        .with_help("`allAuthenticatedUsers` is any Google account, not your organization's; name the groups or service accounts that need it"));
    }
    let default_sa = text.ends_with("-compute@developer.gserviceaccount.com")
        || text.ends_with("@appspot.gserviceaccount.com");
    if default_sa {
        let _ = p;
        push(
            g,
            out,
            Diag::warning(
                Lint::DefaultServiceAccount,
                "a grant to a default service account",
                g.span,
                "every VM or App Engine app without its own account runs as it",
            )
            .with_help("declare a `service_account` for the workload and grant to it"),
        );
    }
}

fn key_diag(role: &str, span: crate::span::Span) -> Diag {
    Diag::warning(
        Lint::ServiceAccountKey,
        format!("`{role}` can create service account keys"),
        span,
        "long-lived credentials",
    )
    .with_help("keys never expire by default and leak; use workload identity federation (`trust github subject ...`) or impersonation instead")
}

fn custom_role(r: &CustomRole, out: &mut Vec<Diag>) {
    if r.permissions
        .iter()
        .any(|p| p == "iam.serviceAccountKeys.create")
    {
        out.push(key_diag(&r.id, r.span));
    }
}

fn level_name(l: Level) -> &'static str {
    match l {
        Level::Organization => "organization",
        Level::Folder => "folder",
        Level::Project => "project",
        Level::Resource => "resource",
    }
}
