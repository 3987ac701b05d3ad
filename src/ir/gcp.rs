//! The Google Cloud part of the IR (stage 5): what a `target gcp` module declares, checked and
//! normalised, in the author's order. Strings stay symbolic ([`Text`]: params, references to
//! other declarations) so each backend writes them its own way.
//!
//! It lives in the `ir` room so that `ir::Program` can hold it without `ir` and `gcp` naming
//! each other; `crate::gcp::ir` re-exports it.
//!
//! May use: `ir` (its `Text`), `span`, and the leaf `gcp::scopes` (the scope table, pure data).

use super::Text;
use crate::gcp::scopes::ScopeKind;
use crate::span::Span;

/// The launch stage of a role.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Stage {
    Alpha,
    Beta,
    Ga,
    Deprecated,
    Disabled,
    Eap,
}

/// Everything the `target gcp` root modules declare, in source order.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct Program {
    pub entities: Vec<Entity>,
}

impl Program {
    pub fn service_accounts(&self) -> impl Iterator<Item = &ServiceAccount> {
        self.entities.iter().filter_map(|e| match e {
            Entity::ServiceAccount(s) => Some(s),
            _ => None,
        })
    }

    pub fn custom_roles(&self) -> impl Iterator<Item = &CustomRole> {
        self.entities.iter().filter_map(|e| match e {
            Entity::CustomRole(r) => Some(r),
            _ => None,
        })
    }

    pub fn pools(&self) -> impl Iterator<Item = &Pool> {
        self.entities.iter().filter_map(|e| match e {
            Entity::Pool(p) => Some(p),
            _ => None,
        })
    }

    pub fn grants(&self) -> impl Iterator<Item = &Grant> {
        self.entities.iter().filter_map(|e| match e {
            Entity::Grant(g) => Some(g),
            _ => None,
        })
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Entity {
    ServiceAccount(ServiceAccount),
    CustomRole(CustomRole),
    /// A grant, after the identity that holds it (or where the module-level grant stands).
    Grant(Grant),
    /// `workload_identity_pool x { ... }` with its providers.
    Pool(Pool),
    /// `deny_policy x on SCOPE { deny ... }`.
    Deny(DenyPolicy),
}

/// `deny_policy x on SCOPE { deny PERMISSIONS to PRINCIPALS [except ...] [when ...] }` →
/// `google_iam_deny_policy`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DenyPolicy {
    pub id: String,
    /// The policy's id (`name`): the declaration's name with `_` as `-`.
    pub name: String,
    pub display_name: Option<Text>,
    /// The attachment point, `cloudresourcemanager.googleapis.com/projects/P` (not yet
    /// URL-encoded).
    pub attachment_point: Text,
    pub rules: Vec<DenyRule>,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DenyRule {
    /// Permissions in the v2 form deny policies take (`iam.googleapis.com/roles.create`).
    pub permissions: Vec<String>,
    pub principals: Vec<DenyPrincipal>,
    pub exceptions: Vec<DenyPrincipal>,
    pub condition: Option<Condition>,
}

/// A principal as deny policies spell it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DenyPrincipal {
    /// A `service_account` of the program:
    /// `principal://iam.googleapis.com/projects/-/serviceAccounts/EMAIL`.
    ServiceAccount(String),
    /// `principalSet://goog/group/G`, `principal://goog/subject/U`, ... (translated from the
    /// allow-policy spelling when written so).
    Raw(Text),
}

/// `workload_identity_pool x { pool_id, provider p { ... } }` →
/// `google_iam_workload_identity_pool` and a `google_iam_workload_identity_pool_provider` per
/// provider.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Pool {
    pub id: String,
    pub pool_id: Text,
    pub display_name: Option<Text>,
    pub description: Option<Text>,
    pub project: Option<Text>,
    /// The project number, which principal identifiers name (only `--target json` needs it;
    /// Terraform reads it from the pool's `name`).
    pub project_number: Option<Text>,
    pub providers: Vec<PoolProvider>,
    pub span: Span,
}

/// `provider p { oidc "ISSUER", map K = V, accept when ... }`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PoolProvider {
    /// The emitted id (`POOL_PROVIDER`).
    pub id: String,
    pub name: String,
    pub provider_id: Text,
    pub display_name: Option<Text>,
    pub issuer: Text,
    pub audiences: Vec<Text>,
    /// `google.subject` → `assertion.sub`, in the author's order.
    pub mapping: Vec<(String, Text)>,
    /// The attribute condition (CEL).
    pub condition: Option<Text>,
}

/// `service_account x { ... }` → `google_service_account`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ServiceAccount {
    /// The emitted id (the declaration's name, prefixed by its module's alias when imported).
    pub id: String,
    pub account_id: Text,
    pub display_name: Option<Text>,
    /// From the `///` doc comment or `description = "..."`.
    pub description: Option<Text>,
    pub project: Option<Text>,
    pub span: Span,
}

/// Where a custom role lives.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RoleParent {
    /// `project = ...`, or the provider's project when absent.
    Project(Option<Text>),
    /// `organization = ...`.
    Organization(Text),
}

/// `custom_role x { ... }` → `google_project_iam_custom_role` or
/// `google_organization_iam_custom_role`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CustomRole {
    pub id: String,
    pub role_id: String,
    pub title: Text,
    pub description: Option<Text>,
    /// In the author's order, without repeats.
    pub permissions: Vec<String>,
    pub stage: Stage,
    pub parent: RoleParent,
    pub span: Span,
}

/// The role a grant gives.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RoleRef {
    /// `roles/run.developer`: checked against the catalog.
    Predefined(String),
    /// A `custom_role` of the program, by its emitted id.
    Custom(String),
}

/// Where a grant applies.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Scope {
    pub kind: &'static ScopeKind,
    pub target: ScopeTarget,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ScopeTarget {
    /// A constructor's arguments, in the kind's parameter order.
    Args(Vec<Text>),
    /// A `service_account` of the program, by its emitted id.
    ServiceAccount(String),
}

/// Who a grant is for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Member {
    /// A `service_account` of the program, by its emitted id (`serviceAccount:EMAIL`).
    ServiceAccount(String),
    /// A member as the cloud spells it (`group:ops@example.com`, `allUsers`).
    Raw(Text),
    /// A federated identity of a pool: `principal://iam.googleapis.com/POOL_NAME/subject/S`.
    PoolSubject { pool: String, subject: Text },
}

/// An IAM condition (CEL) on a binding.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Condition {
    pub title: String,
    pub expression: Text,
}

/// `grant ROLE on SCOPE [to MEMBERS] [when cel "..."]` → the scope family's `_member` resource
/// per member, or one `_binding` with `@authoritative`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Grant {
    /// The emitted id: `IDENTITY_ROLE_SCOPE`-like, unique in the program.
    pub id: String,
    pub role: RoleRef,
    pub scope: Scope,
    pub members: Vec<Member>,
    pub condition: Option<Condition>,
    /// `@authoritative`: a `_binding` that owns every member of the role on the scope.
    pub authoritative: bool,
    /// Lints silenced on this grant by `@allow(NAME, reason = "...")`.
    pub allow: Vec<String>,
    pub span: Span,
}
