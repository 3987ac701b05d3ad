//! `--target json` for `target gcp` modules: `roles/ID.json` per custom role in the IAM REST
//! `Role` shape (`title`, `description`, `includedPermissions`, `stage`), and `manifest.json`
//! listing every service account, custom role and binding (role, full resource name, members,
//! condition) with its files. Params are substituted from `--param` or their defaults; a value
//! the build needs and lacks is an error naming the flag.

use super::fill;
use crate::backend::cloud::{Values, json_file};
use crate::backend::{BuildOptions, Files, OutputFile};
use crate::diag::{Diag, ErrorCode};
use crate::gcp::ir::{
    CustomRole, DenyPolicy, DenyPrincipal, Entity, Grant, Member, Pool, Program as GcpProgram,
    RoleParent, RoleRef, ScopeTarget, ServiceAccount,
};
use crate::ir::Program;
use serde::Serialize;

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct RestRole {
    title: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    description: Option<String>,
    included_permissions: Vec<String>,
    stage: &'static str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Manifest {
    cloud: &'static str,
    service_accounts: Vec<ManifestSa>,
    custom_roles: Vec<ManifestRole>,
    workload_identity_pools: Vec<ManifestPool>,
    bindings: Vec<ManifestBinding>,
    deny_policies: Vec<ManifestDeny>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ManifestDeny {
    id: String,
    /// The attachment point, URL-encoded as the API takes it.
    attachment_point: String,
    file: String,
}

/// A deny policy in the IAM v2 REST `Policy` shape (`gcloud iam policies create
/// --policy-file`).
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct RestDenyPolicy {
    #[serde(skip_serializing_if = "Option::is_none")]
    display_name: Option<String>,
    rules: Vec<RestDenyRuleWrap>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct RestDenyRuleWrap {
    deny_rule: RestDenyRule,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct RestDenyRule {
    denied_principals: Vec<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    exception_principals: Vec<String>,
    denied_permissions: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    denial_condition: Option<ManifestCondition>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ManifestPool {
    id: String,
    /// `projects/NUMBER/locations/global/workloadIdentityPools/ID`.
    name: String,
    providers: Vec<ManifestProvider>,
}

/// A provider in the IAM REST `WorkloadIdentityPoolProvider` shape.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ManifestProvider {
    id: String,
    name: String,
    attribute_mapping: serde_json::Map<String, serde_json::Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    attribute_condition: Option<String>,
    oidc: ManifestOidc,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ManifestOidc {
    issuer_uri: String,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    allowed_audiences: Vec<String>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ManifestSa {
    id: String,
    account_id: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    project: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    display_name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    description: Option<String>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ManifestRole {
    id: String,
    /// `projects/P/roles/ID`, `organizations/O/roles/ID`, or `roles/ID` under the project the
    /// build does not know (`project` unset).
    parent: String,
    role_id: String,
    file: String,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ManifestBinding {
    id: String,
    /// The full resource name (`//storage.googleapis.com/projects/_/buckets/b`).
    resource: String,
    /// The scope kind (`storage.bucket`).
    scope: &'static str,
    role: String,
    members: Vec<String>,
    authoritative: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    condition: Option<ManifestCondition>,
}

#[derive(Serialize)]
struct ManifestCondition {
    title: String,
    expression: String,
}

/// The files of the json target for a Google Cloud program.
pub fn emit(p: &Program, g: &GcpProgram, opts: &BuildOptions) -> Result<Files, Vec<Diag>> {
    let mut v = Values::new(p, opts);
    let mut files = Vec::new();
    let mut manifest = Manifest {
        cloud: "gcp",
        service_accounts: vec![],
        custom_roles: vec![],
        workload_identity_pools: vec![],
        bindings: vec![],
        deny_policies: vec![],
    };
    for e in &g.entities {
        match e {
            Entity::ServiceAccount(sa) => {
                manifest.service_accounts.push(service_account(&mut v, sa))
            }
            Entity::CustomRole(r) => {
                let (entry, file) = custom_role(&mut v, r);
                manifest.custom_roles.push(entry);
                files.push(file);
            }
            Entity::Grant(gr) => manifest.bindings.push(binding(&mut v, g, gr)),
            Entity::Pool(p) => manifest.workload_identity_pools.push(pool(&mut v, p)),
            Entity::Deny(d) => {
                let (entry, file) = deny(&mut v, g, d);
                manifest.deny_policies.push(entry);
                files.push(file);
            }
        }
    }
    v.finish(&manifest, files)
}

fn service_account(v: &mut Values, sa: &ServiceAccount) -> ManifestSa {
    ManifestSa {
        id: sa.id.clone(),
        account_id: v.text(&sa.account_id),
        project: sa.project.as_ref().map(|p| v.text(p)),
        display_name: sa.display_name.as_ref().map(|d| v.text(d)),
        description: sa.description.as_ref().map(|d| v.text(d)),
    }
}

fn role_name(v: &mut Values, r: &CustomRole) -> String {
    match &r.parent {
        RoleParent::Project(Some(p)) => format!("projects/{}/roles/{}", v.text(p), r.role_id),
        RoleParent::Project(None) => format!("roles/{}", r.role_id),
        RoleParent::Organization(o) => format!("organizations/{}/roles/{}", v.text(o), r.role_id),
    }
}

fn custom_role(v: &mut Values, r: &CustomRole) -> (ManifestRole, OutputFile) {
    let rest = RestRole {
        title: v.text(&r.title),
        description: r.description.as_ref().map(|d| v.text(d)),
        included_permissions: r.permissions.clone(),
        stage: r.stage.as_str(),
    };
    let path = format!("roles/{}.json", r.id);
    let entry = ManifestRole {
        id: r.id.clone(),
        parent: role_name(v, r),
        role_id: r.role_id.clone(),
        file: path.clone(),
    };
    (entry, json_file(path, &rest))
}

fn binding(v: &mut Values, g: &GcpProgram, gr: &Grant) -> ManifestBinding {
    let resource = match &gr.scope.target {
        ScopeTarget::Args(args) => v.text(&fill(gr.scope.kind.resource_name, args)),
        ScopeTarget::ServiceAccount(id) => {
            let email = sa_email(v, g, id);
            let project = email.split_once('@').map_or("", |(_, rest)| {
                rest.trim_end_matches(".iam.gserviceaccount.com")
            });
            format!("//iam.googleapis.com/projects/{project}/serviceAccounts/{email}")
        }
    };
    let role = match &gr.role {
        RoleRef::Predefined(n) => n.clone(),
        RoleRef::Custom(id) => g
            .custom_roles()
            .find(|c| c.id == *id)
            .map_or_else(|| id.clone(), |c| role_name(v, c)),
    };
    let members = gr
        .members
        .iter()
        .map(|m| match m {
            Member::ServiceAccount(id) => format!("serviceAccount:{}", sa_email(v, g, id)),
            Member::Raw(t) => v.text(t),
            Member::PoolSubject { pool, subject } => {
                let name = g
                    .pools()
                    .find(|p| p.id == *pool)
                    .map_or_else(String::new, |p| pool_name(v, p));
                format!(
                    "principal://iam.googleapis.com/{name}/subject/{}",
                    v.text(subject)
                )
            }
        })
        .collect();
    let condition = gr.condition.as_ref().map(|c| ManifestCondition {
        title: c.title.clone(),
        expression: v.text(&c.expression),
    });
    ManifestBinding {
        id: gr.id.clone(),
        resource,
        scope: gr.scope.kind.name,
        role,
        members,
        authoritative: gr.authoritative,
        condition,
    }
}

/// `ACCOUNT_ID@PROJECT.iam.gserviceaccount.com`: the account needs its `project`.
fn sa_email(v: &mut Values, g: &GcpProgram, id: &str) -> String {
    let Some(sa) = g.service_accounts().find(|s| s.id == id) else {
        return id.to_string();
    };
    let account = v.text(&sa.account_id);
    let Some(project) = sa.project.as_ref().map(|p| v.text(p)) else {
        v.error(
            Diag::global(
                ErrorCode::E1004,
                format!("service account `{id}` has no `project`, which its email names"),
            )
            .with_help("set `project = ...` on the service account (a `ProjectId` param), or build with `--target terraform`, which takes the provider's project"),
        );
        return account;
    };
    format!("{account}@{project}.iam.gserviceaccount.com")
}

/// `projects/NUMBER/locations/global/workloadIdentityPools/ID`: principal identifiers name the
/// project number, which the build needs (`project_number = ...`).
fn pool_name(v: &mut Values, p: &Pool) -> String {
    let number = match &p.project_number {
        Some(n) => v.text(n),
        None => {
            v.error(
                Diag::global(
                    ErrorCode::E1004,
                    format!(
                        "workload identity pool `{}` has no `project_number`, which its principals name",
                        p.id
                    ),
                )
                .with_help("set `project_number = ...` on the pool (a param, given with `--param NAME=VALUE`), or build with `--target terraform`, which reads it from the pool"),
            );
            "PROJECT_NUMBER".into()
        }
    };
    format!(
        "projects/{number}/locations/global/workloadIdentityPools/{}",
        v.text(&p.pool_id)
    )
}

fn pool(v: &mut Values, p: &Pool) -> ManifestPool {
    let name = pool_name(v, p);
    let providers = p
        .providers
        .iter()
        .map(|pr| ManifestProvider {
            id: pr.id.clone(),
            name: format!("{name}/providers/{}", v.text(&pr.provider_id)),
            attribute_mapping: pr
                .mapping
                .iter()
                .map(|(k, e)| (k.clone(), serde_json::Value::String(v.text(e))))
                .collect(),
            attribute_condition: pr.condition.as_ref().map(|c| v.text(c)),
            oidc: ManifestOidc {
                issuer_uri: v.text(&pr.issuer),
                allowed_audiences: pr.audiences.iter().map(|a| v.text(a)).collect(),
            },
        })
        .collect();
    ManifestPool {
        id: p.id.clone(),
        name,
        providers,
    }
}

fn deny(v: &mut Values, g: &GcpProgram, d: &DenyPolicy) -> (ManifestDeny, OutputFile) {
    let principal = |v: &mut Values, p: &DenyPrincipal| match p {
        DenyPrincipal::ServiceAccount(id) => format!(
            "principal://iam.googleapis.com/projects/-/serviceAccounts/{}",
            sa_email(v, g, id)
        ),
        DenyPrincipal::Raw(t) => v.text(t),
    };
    let rules = d
        .rules
        .iter()
        .map(|r| RestDenyRuleWrap {
            deny_rule: RestDenyRule {
                denied_principals: r.principals.iter().map(|p| principal(v, p)).collect(),
                exception_principals: r.exceptions.iter().map(|p| principal(v, p)).collect(),
                denied_permissions: r.permissions.clone(),
                denial_condition: r.condition.as_ref().map(|c| ManifestCondition {
                    title: c.title.clone(),
                    expression: v.text(&c.expression),
                }),
            },
        })
        .collect();
    let rest = RestDenyPolicy {
        display_name: d.display_name.as_ref().map(|n| v.text(n)),
        rules,
    };
    let path = format!("deny_policies/{}.json", d.id);
    let entry = ManifestDeny {
        id: d.id.clone(),
        attachment_point: v.text(&d.attachment_point).replace('/', "%2F"),
        file: path.clone(),
    };
    (entry, json_file(path, &rest))
}
