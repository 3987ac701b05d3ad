//! Lints of `target azure` programs (contract 10.5), over the Azure IR: wildcard actions and
//! the all-powerful built-in roles, grants at a subscription or wider of roles about one kind
//! of resource, identity assignment at a resource group or wider, permissions management,
//! `not_actions` read as a deny, and federated subjects that name no environment or ref. A
//! grant's `@allow(NAME, reason = "...")` silences a lint on it, like on AWS statements.
//!
//! May use: `diag`, `ir` (its `Text`), `span`, this room (catalog, IR, values).

use super::catalog::{self, Plane, wildcard_match};
use super::ir::{Credential, Entity, Grant, Program, RoleDefinition, RoleRef};
use super::values::Level;
use crate::diag::{Diag, Lint};
use std::collections::HashMap;

/// The program's role definitions by emitted id.
type Roles<'a> = HashMap<&'a str, &'a RoleDefinition>;

/// Built-in roles that grant (nearly) everything at their scope.
const ALL_POWERFUL: &[&str] = &["Owner", "Contributor", "User Access Administrator"];

/// Operations that change who may do what.
const PERMISSIONS_MANAGEMENT: &[&str] = &[
    "Microsoft.Authorization/roleAssignments/write",
    "Microsoft.Authorization/roleDefinitions/write",
    "Microsoft.Authorization/elevateAccess/Action",
    "Microsoft.ManagedIdentity/userAssignedIdentities/federatedIdentityCredentials/write",
];

/// Attaching a user-assigned identity to a resource (Azure's `iam:PassRole`), as the operation
/// list spells it and as the built-in roles' pattern (`userAssignedIdentities/*/assign/action`)
/// reaches it.
const ASSIGN: &[&str] = &[
    "Microsoft.ManagedIdentity/userAssignedIdentities/assign/action",
    "Microsoft.ManagedIdentity/userAssignedIdentities/IDENTITY/assign/action",
];

/// Providers whose operations are about the subscription itself, not one kind of resource.
const SUBSCRIPTION_WIDE: &[&str] = &[
    "*",
    "Microsoft.Resources",
    "Microsoft.Authorization",
    "Microsoft.Support",
    "Microsoft.Insights",
    "Microsoft.Management",
    "Microsoft.Consumption",
    "Microsoft.CostManagement",
    "Microsoft.Billing",
];

/// Every lint over the program's grants, role definitions and credentials.
pub fn run(p: &Program) -> Vec<Diag> {
    let mut out = Vec::new();
    let roles: Roles<'_> = p.role_definitions().map(|r| (r.id.as_str(), r)).collect();
    for e in &p.entities {
        match e {
            Entity::Grant(g) => grant(&roles, g, &mut out),
            Entity::RoleDefinition(r) => role_definition(r, &mut out),
            Entity::Credential(c) => credential(c, &mut out),
            Entity::Identity(_) => {}
        }
    }
    out
}

fn push(allow: &[String], out: &mut Vec<Diag>, d: Diag) {
    let name = match d.code {
        crate::diag::Code::Lint(l) => l.name(),
        crate::diag::Code::Error(_) => "",
    };
    if !allow.iter().any(|a| a == name) {
        out.push(d);
    }
}

/// A wildcard that reaches a whole provider or everything: `*`, `*/...` is left alone (it
/// names a verb), `Microsoft.Storage/*`.
fn provider_wide(op: &str) -> bool {
    op == "*" || op.split_once('/').is_some_and(|(_, rest)| rest == "*")
}

fn role_definition(r: &RoleDefinition, out: &mut Vec<Diag>) {
    for op in r.actions.iter().chain(&r.data_actions) {
        if provider_wide(op) {
            out.push(
                Diag::warning(
                    Lint::WildcardActions,
                    format!("role definition `{}` grants `{op}`", r.id),
                    r.span,
                    "every operation of the provider, present and future",
                )
                .with_help("list the operations the workload calls; a wildcard also grants every operation the provider adds later"),
            );
        }
    }
    if !r.not_actions.is_empty() || !r.not_data_actions.is_empty() {
        out.push(
            Diag::warning(
                Lint::NotActionsNotDeny,
                format!("`not_actions` of `{}` subtract from this role only", r.id),
                r.span,
                "no deny",
            )
            .with_help("another role assigned to the same principal still grants these operations; Azure RBAC has no user-written deny, so grant less instead of subtracting"),
        );
    }
}

/// The operations the role grants that match `op` (a concrete operation).
fn grants(roles: &Roles<'_>, role: &RoleRef, op: &str, plane: Plane) -> bool {
    match role {
        RoleRef::Builtin { name, .. } => catalog::catalog()
            .ok()
            .and_then(|c| c.role_by_name(name))
            .is_some_and(|r| r.grants(op, plane)),
        RoleRef::Custom(id) => roles.get(id.as_str()).is_some_and(|r| {
            let (allow, except) = match plane {
                Plane::Control => (&r.actions, &r.not_actions),
                Plane::Data => (&r.data_actions, &r.not_data_actions),
            };
            allow.iter().any(|a| wildcard_match(a, op))
                && !except.iter().any(|a| wildcard_match(a, op))
        }),
    }
}

/// The providers of every pattern the role lists in actions and data actions.
fn providers(roles: &Roles<'_>, role: &RoleRef) -> Vec<String> {
    let mut ops: Vec<String> = Vec::new();
    match role {
        RoleRef::Builtin { name, .. } => {
            if let Some(r) = catalog::catalog().ok().and_then(|c| c.role_by_name(name)) {
                for b in r.permissions() {
                    ops.extend(b.actions().chain(b.data_actions()).map(str::to_string));
                }
            }
        }
        RoleRef::Custom(id) => {
            if let Some(r) = roles.get(id.as_str()) {
                ops.extend(r.actions.iter().chain(&r.data_actions).cloned());
            }
        }
    }
    ops.iter()
        .map(|o| catalog::provider_of(o).to_string())
        .collect()
}

fn grant(p: &Roles<'_>, g: &Grant, out: &mut Vec<Diag>) {
    let role_name = match &g.role {
        RoleRef::Builtin { name, .. } => name.clone(),
        RoleRef::Custom(id) => id.clone(),
    };
    if let RoleRef::Builtin { name, .. } = &g.role {
        if ALL_POWERFUL.contains(&name.as_str()) {
            push(&g.allow, out, Diag::warning(
                Lint::WildcardActions,
                format!("`{name}` grants every operation at its scope"),
                g.span,
                "an all-powerful built-in role",
            )
            .with_help("grant the service's own roles (`AcrPush`, `Storage Blob Data Reader`, ...) or a `role_definition` with the operations needed"));
        }
    }
    let level = g.scope.level;
    let provs = providers(p, &g.role);
    let specific = !provs.is_empty()
        && provs
            .iter()
            .all(|pv| !SUBSCRIPTION_WIDE.iter().any(|s| s.eq_ignore_ascii_case(pv)));
    if level <= Level::Subscription && specific && g.condition.is_none() {
        push(&g.allow, out, Diag::warning(
            Lint::BroadScope,
            format!("`{role_name}` at {} reaches every resource below it", level.describe()),
            g.span,
            "granted on the whole scope",
        )
        .with_help("grant it on the resource (`acr.registry(s, rg, name)`, `storage_account(...)`) or its resource group: assignments are inherited by everything below the scope"));
    }
    if level <= Level::ResourceGroup
        && ASSIGN
            .iter()
            .any(|op| grants(p, &g.role, op, Plane::Control))
    {
        push(&g.allow, out, Diag::warning(
            Lint::IdentityAssignUnscoped,
            format!("`{role_name}` at {} can attach every managed identity below it", level.describe()),
            g.span,
            "identity assignment on the whole scope",
        )
        .with_help("grant it on the one identity (`grant builtin(\"Managed Identity Operator\") on IDENTITY`)"));
    }
    if g.condition.is_none() {
        if let Some(op) = PERMISSIONS_MANAGEMENT
            .iter()
            .find(|op| grants(p, &g.role, op, Plane::Control))
        {
            push(&g.allow, out, Diag::warning(
                Lint::PermissionsManagement,
                format!("`{role_name}` grants `{op}`"),
                g.span,
                "changes who may do what",
            )
            .with_help("whoever holds it can grant themselves more; constrain a role assignment writer with an ABAC condition naming the roles and principal types it may assign (`when abac \"...\"`)"));
        }
    }
}

/// A GitHub subject that names no environment or ref, or a pull request's.
fn credential(c: &Credential, out: &mut Vec<Diag>) {
    let s = c.subject.to_source();
    let broad =
        s.ends_with(":pull_request") || !(s.contains(":environment:") || s.contains(":ref:"));
    if broad {
        push(&c.allow, out, Diag::warning(
            Lint::OidcUnscopedSubject,
            format!("federated subject `{s}` names no environment or ref"),
            c.span,
            "any workflow of the repository matching it",
        )
        .with_help("trust a deployment environment (`github.environment(repo, \"production\")`, which GitHub can protect with reviewers) or a branch (`github.branch(repo, \"main\")`); a pull request's token comes from code anyone may propose"));
    }
}
