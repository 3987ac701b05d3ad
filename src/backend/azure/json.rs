//! `--target json` for `target azure` modules: `role_definitions/ID.json` per role definition
//! in the shape `az role definition create --role-definition @FILE` takes (`Name`, `IsCustom`,
//! `Description`, `Actions`, `NotActions`, `DataActions`, `NotDataActions`,
//! `AssignableScopes`), and `manifest.json` listing every managed identity, role definition,
//! role assignment (scope, role, principal and its type, condition) and federated identity
//! credential, with its files. Params are substituted from `--param` or their defaults; a value
//! the build needs and lacks is an error naming the flag.

use super::scope_id;
use crate::azure::ir::{
    Credential, Entity, Grant, Identity, Principal, PrincipalType, Program as AzureProgram,
    RoleDefinition, RoleRef, Scope, ScopeTarget,
};
use crate::backend::cloud::{Values, json_file};
use crate::backend::{BuildOptions, Files, OutputFile};
use crate::diag::Diag;
use crate::ir::Program;
use serde::Serialize;

/// `az role definition create --role-definition @FILE`.
#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
struct AzRoleDefinition {
    name: String,
    is_custom: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    description: Option<String>,
    actions: Vec<String>,
    not_actions: Vec<String>,
    data_actions: Vec<String>,
    not_data_actions: Vec<String>,
    assignable_scopes: Vec<String>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Manifest {
    cloud: &'static str,
    managed_identities: Vec<ManifestIdentity>,
    role_definitions: Vec<ManifestRole>,
    role_assignments: Vec<ManifestAssignment>,
    federated_identity_credentials: Vec<ManifestCredential>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ManifestIdentity {
    id: String,
    name: String,
    resource_group: String,
    location: String,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ManifestRole {
    id: String,
    name: String,
    file: String,
}

/// A scope: an ARM id, or a managed identity of the program (whose ARM id needs its
/// subscription, known once deployed).
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
enum ManifestScope {
    Id(String),
    ManagedIdentity(String),
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
enum ManifestRoleRef {
    /// A built-in role by name.
    BuiltIn { name: String, id: String },
    /// A role definition of the program, by id.
    RoleDefinition(String),
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
enum ManifestPrincipal {
    /// A managed identity of the program (its principal id is known once deployed).
    ManagedIdentity(String),
    ObjectId(String),
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ManifestAssignment {
    id: String,
    scope: ManifestScope,
    role: ManifestRoleRef,
    principal: ManifestPrincipal,
    principal_type: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    condition: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    condition_version: Option<&'static str>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ManifestCredential {
    id: String,
    identity: String,
    name: String,
    issuer: String,
    subject: String,
    audiences: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    after: Option<String>,
}

impl Values {
    fn scope(&mut self, s: &Scope) -> ManifestScope {
        match (&s.target, scope_id(s)) {
            (ScopeTarget::Identity(id), _) => ManifestScope::ManagedIdentity(id.clone()),
            (_, Some(t)) => ManifestScope::Id(self.text(&t)),
            (_, None) => ManifestScope::Id("/".into()),
        }
    }
}

/// The files of the json target for an Azure program.
pub fn emit(p: &Program, a: &AzureProgram, opts: &BuildOptions) -> Result<Files, Vec<Diag>> {
    let mut v = Values::new(p, opts);
    let mut files = Vec::new();
    let mut m = Manifest {
        cloud: "azure",
        managed_identities: vec![],
        role_definitions: vec![],
        role_assignments: vec![],
        federated_identity_credentials: vec![],
    };
    for e in &a.entities {
        match e {
            Entity::Identity(i) => m.managed_identities.push(identity(&mut v, i)),
            Entity::RoleDefinition(r) => {
                let (entry, file) = role_definition(&mut v, r);
                m.role_definitions.push(entry);
                files.push(file);
            }
            Entity::Grant(g) => m.role_assignments.push(assignment(&mut v, g)),
            Entity::Credential(c) => m.federated_identity_credentials.push(credential(&mut v, c)),
        }
    }
    v.finish(&m, files)
}

fn identity(v: &mut Values, i: &Identity) -> ManifestIdentity {
    ManifestIdentity {
        id: i.id.clone(),
        name: v.text(&i.name),
        resource_group: v.text(&i.resource_group),
        location: v.text(&i.location),
    }
}

fn role_definition(v: &mut Values, r: &RoleDefinition) -> (ManifestRole, OutputFile) {
    let file = format!("role_definitions/{}.json", r.id);
    let scopes = r
        .assignable_scopes
        .iter()
        .map(|s| match v.scope(s) {
            ManifestScope::Id(id) => id,
            ManifestScope::ManagedIdentity(id) => id,
        })
        .collect();
    let doc = AzRoleDefinition {
        name: v.text(&r.name),
        is_custom: true,
        description: r.description.as_ref().map(|d| v.text(d)),
        actions: r.actions.clone(),
        not_actions: r.not_actions.clone(),
        data_actions: r.data_actions.clone(),
        not_data_actions: r.not_data_actions.clone(),
        assignable_scopes: scopes,
    };
    let entry = ManifestRole {
        id: r.id.clone(),
        name: doc.name.clone(),
        file: file.clone(),
    };
    (entry, json_file(file, &doc))
}

fn assignment(v: &mut Values, g: &Grant) -> ManifestAssignment {
    let (principal, kind) = match &g.principal {
        Principal::Identity(id) => (
            ManifestPrincipal::ManagedIdentity(id.clone()),
            PrincipalType::ServicePrincipal,
        ),
        Principal::Object { id, kind } => (ManifestPrincipal::ObjectId(v.text(id)), *kind),
    };
    ManifestAssignment {
        id: g.id.clone(),
        scope: v.scope(&g.scope),
        role: match &g.role {
            RoleRef::Builtin { name, guid } => ManifestRoleRef::BuiltIn {
                name: name.clone(),
                id: guid.clone(),
            },
            RoleRef::Custom(id) => ManifestRoleRef::RoleDefinition(id.clone()),
        },
        principal,
        principal_type: kind.as_str(),
        condition: g.condition.as_ref().map(|c| v.text(c)),
        condition_version: g.condition.as_ref().map(|_| "2.0"),
    }
}

fn credential(v: &mut Values, c: &Credential) -> ManifestCredential {
    ManifestCredential {
        id: c.id.clone(),
        identity: c.identity.clone(),
        name: c.name.clone(),
        issuer: c.issuer.clone(),
        subject: v.text(&c.subject),
        audiences: vec![c.audience.clone()],
        after: c.after.clone(),
    }
}
