//! The Azure part of the IR (stage 5): what a `target azure` module declares, checked and
//! normalised, in the author's order. Strings stay symbolic ([`Text`]: params, references to
//! other declarations) so each backend writes them its own way.
//!
//! It lives in the `ir` room so that `ir::Program` can hold it without `ir` and `azure` naming
//! each other; `crate::azure::ir` re-exports it.
//!
//! May use: `ir` (its `Text`), `span`, and the leaf `azure::scopes` (the scope table and the
//! levels, pure data).

use super::Text;
use crate::azure::scopes::{Level, ScopeKind};
use crate::span::Span;

/// Everything the `target azure` root modules declare, in source order.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct Program {
    pub entities: Vec<Entity>,
}

impl Program {
    pub fn identities(&self) -> impl Iterator<Item = &Identity> {
        self.entities.iter().filter_map(|e| match e {
            Entity::Identity(i) => Some(i),
            _ => None,
        })
    }

    pub fn role_definitions(&self) -> impl Iterator<Item = &RoleDefinition> {
        self.entities.iter().filter_map(|e| match e {
            Entity::RoleDefinition(r) => Some(r),
            _ => None,
        })
    }

    pub fn grants(&self) -> impl Iterator<Item = &Grant> {
        self.entities.iter().filter_map(|e| match e {
            Entity::Grant(g) => Some(g),
            _ => None,
        })
    }

    pub fn credentials(&self) -> impl Iterator<Item = &Credential> {
        self.entities.iter().filter_map(|e| match e {
            Entity::Credential(c) => Some(c),
            _ => None,
        })
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Entity {
    Identity(Identity),
    RoleDefinition(RoleDefinition),
    /// A role assignment, after the identity that holds it (or where the module-level grant
    /// stands).
    Grant(Grant),
    /// A federated identity credential of an identity (`trust github subject S`).
    Credential(Credential),
}

/// `managed_identity x { name, resource_group, location }` → `azurerm_user_assigned_identity`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Identity {
    /// The emitted id (the declaration's name, prefixed by its module's alias when imported).
    pub id: String,
    pub name: Text,
    pub resource_group: Text,
    pub location: Text,
    pub span: Span,
}

/// `role_definition x { ... }` → `azurerm_role_definition` (one permission block).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RoleDefinition {
    pub id: String,
    /// The role's name (`roleName`), unique in the tenant.
    pub name: Text,
    /// From the `///` doc comment or `description = "..."`.
    pub description: Option<Text>,
    /// Operation names and patterns in the author's spelling and order, without repeats.
    pub actions: Vec<String>,
    pub not_actions: Vec<String>,
    pub data_actions: Vec<String>,
    pub not_data_actions: Vec<String>,
    /// At least one; the first is the definition's `scope` in Terraform.
    pub assignable_scopes: Vec<Scope>,
    pub span: Span,
}

/// The role a grant gives.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RoleRef {
    /// `builtin("AcrPush")`: the catalog's name and its role definition GUID.
    Builtin { name: String, guid: String },
    /// A `role_definition` of the program, by its emitted id.
    Custom(String),
}

/// Where a grant applies (or a role definition may be assigned).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Scope {
    pub kind: &'static ScopeKind,
    pub target: ScopeTarget,
    pub level: Level,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ScopeTarget {
    /// A constructor's arguments, in the kind's parameter order.
    Args(Vec<Text>),
    /// A `managed_identity` of the program, by its emitted id.
    Identity(String),
    /// An ARM id string, checked for shape when literal.
    Raw(Text),
}

/// `principalType` of a role assignment.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PrincipalType {
    User,
    Group,
    ServicePrincipal,
}

impl PrincipalType {
    pub fn as_str(self) -> &'static str {
        match self {
            PrincipalType::User => "User",
            PrincipalType::Group => "Group",
            PrincipalType::ServicePrincipal => "ServicePrincipal",
        }
    }
}

/// Who a grant is for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Principal {
    /// A `managed_identity` of the program, by emitted id (its `principal_id`, a service
    /// principal).
    Identity(String),
    /// `user("OBJECT_ID")`, `group(...)`, `service_principal(...)`.
    Object { id: Text, kind: PrincipalType },
}

/// `grant ROLE on SCOPE [to PRINCIPAL, ...] [when abac "..."]` → one `azurerm_role_assignment`
/// per principal.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Grant {
    /// The emitted id, unique in the program.
    pub id: String,
    pub role: RoleRef,
    pub scope: Scope,
    pub principal: Principal,
    /// An ABAC condition (version 2.0).
    pub condition: Option<Text>,
    /// Lints silenced on this grant by `@allow(NAME, reason = "...")`.
    pub allow: Vec<String>,
    pub span: Span,
}

/// `trust github subject S` → `azurerm_federated_identity_credential`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Credential {
    pub id: String,
    /// The credential's name (`IDENTITY-github-N`).
    pub name: String,
    /// The identity, by emitted id.
    pub identity: String,
    pub issuer: String,
    pub audience: String,
    pub subject: Text,
    /// The identity's previous credential: Azure refuses concurrent credential writes on one
    /// identity, so each waits for the one before (`depends_on`).
    pub after: Option<String>,
    /// Lints silenced on the clause.
    pub allow: Vec<String>,
    pub span: Span,
}

/// The issuer of GitHub Actions tokens.
pub const GITHUB_ISSUER: &str = "https://token.actions.githubusercontent.com";
/// The audience Azure expects in federated tokens.
pub const AZURE_AUDIENCE: &str = "api://AzureADTokenExchange";
