//! The scope kinds of `target gcp`: the typed constructors a grant names (`project(p)`,
//! `storage.bucket(b)`, ...), each with the Terraform IAM resource family that grants on it, the
//! arguments that family takes, whether its bindings take a condition, and the REST resource
//! name the json manifest records. Data, not code paths: a new scope kind is one row.
//!
//! The families and their arguments are those of hashicorp/google 6.x; `tests/it/gcp.rs` checks
//! every row against the schema table extracted from the provider package
//! (`scripts/schema/out/google-*.tsv`): the family's `_member` and `_binding` resources exist,
//! every argument named here is one of theirs and every required argument is named.
//!
//! Pure data. May use nothing.

/// Where in the resource hierarchy a scope sits (the lints read it: a grant at a project or
/// wider reaches every resource below).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Level {
    Organization,
    Folder,
    Project,
    Resource,
}

/// One kind of scope.
#[derive(Debug, PartialEq, Eq)]
pub struct ScopeKind {
    /// The constructor as written (`artifact_registry.repository`).
    pub name: &'static str,
    /// The constructor's parameters, in order (for messages: `project, location, name`).
    pub params: &'static [&'static str],
    /// The Terraform family: `FAMILY_member`, `FAMILY_binding`.
    pub family: &'static str,
    /// The family's arguments that locate the scope: (argument, template over the
    /// constructor's arguments `{0}`, `{1}`, ...).
    pub args: &'static [(&'static str, &'static str)],
    /// Whether a binding on it takes an IAM condition (from the provider's documentation:
    /// Artifact Registry repositories and Cloud Run services do not).
    pub condition: bool,
    pub level: Level,
    /// The full resource name (`//SERVICE/...`), a template over the arguments, for the json
    /// manifest.
    pub resource_name: &'static str,
}

impl ScopeKind {
    /// `storage.bucket(bucket)`.
    pub fn signature(&self) -> String {
        format!("{}({})", self.name, self.params.join(", "))
    }
}

/// Every constructor, in the order the documentation lists them.
pub static SCOPES: &[ScopeKind] = &[
    ScopeKind {
        name: "organization",
        params: &["org_id"],
        family: "google_organization_iam",
        args: &[("org_id", "{0}")],
        condition: true,
        level: Level::Organization,
        resource_name: "//cloudresourcemanager.googleapis.com/organizations/{0}",
    },
    ScopeKind {
        name: "folder",
        params: &["folder_id"],
        family: "google_folder_iam",
        args: &[("folder", "folders/{0}")],
        condition: true,
        level: Level::Folder,
        resource_name: "//cloudresourcemanager.googleapis.com/folders/{0}",
    },
    ScopeKind {
        name: "project",
        params: &["project"],
        family: "google_project_iam",
        args: &[("project", "{0}")],
        condition: true,
        level: Level::Project,
        resource_name: "//cloudresourcemanager.googleapis.com/projects/{0}",
    },
    ScopeKind {
        name: "storage.bucket",
        params: &["bucket"],
        family: "google_storage_bucket_iam",
        args: &[("bucket", "{0}")],
        condition: true,
        level: Level::Resource,
        resource_name: "//storage.googleapis.com/projects/_/buckets/{0}",
    },
    ScopeKind {
        name: "artifact_registry.repository",
        params: &["project", "location", "name"],
        family: "google_artifact_registry_repository_iam",
        args: &[
            ("project", "{0}"),
            ("location", "{1}"),
            ("repository", "{2}"),
        ],
        condition: false,
        level: Level::Resource,
        resource_name: "//artifactregistry.googleapis.com/projects/{0}/locations/{1}/repositories/{2}",
    },
    ScopeKind {
        name: "run.service",
        params: &["project", "location", "name"],
        family: "google_cloud_run_v2_service_iam",
        args: &[("project", "{0}"), ("location", "{1}"), ("name", "{2}")],
        condition: false,
        level: Level::Resource,
        resource_name: "//run.googleapis.com/projects/{0}/locations/{1}/services/{2}",
    },
    ScopeKind {
        name: "secret_manager.secret",
        params: &["project", "secret_id"],
        family: "google_secret_manager_secret_iam",
        args: &[("project", "{0}"), ("secret_id", "{1}")],
        condition: true,
        level: Level::Resource,
        resource_name: "//secretmanager.googleapis.com/projects/{0}/secrets/{1}",
    },
    ScopeKind {
        name: "kms.crypto_key",
        params: &["crypto_key_id"],
        family: "google_kms_crypto_key_iam",
        args: &[("crypto_key_id", "{0}")],
        condition: true,
        level: Level::Resource,
        resource_name: "//cloudkms.googleapis.com/{0}",
    },
    ScopeKind {
        name: "pubsub.topic",
        params: &["project", "topic"],
        family: "google_pubsub_topic_iam",
        args: &[("project", "{0}"), ("topic", "{1}")],
        condition: true,
        level: Level::Resource,
        resource_name: "//pubsub.googleapis.com/projects/{0}/topics/{1}",
    },
    ScopeKind {
        name: "bigquery.dataset",
        params: &["project", "dataset_id"],
        family: "google_bigquery_dataset_iam",
        args: &[("project", "{0}"), ("dataset_id", "{1}")],
        condition: true,
        level: Level::Resource,
        resource_name: "//bigquery.googleapis.com/projects/{0}/datasets/{1}",
    },
];

/// A `service_account` declaration as a scope: the family that grants on it.
pub static SERVICE_ACCOUNT: ScopeKind = ScopeKind {
    name: "service_account",
    params: &["service_account_id"],
    family: "google_service_account_iam",
    args: &[("service_account_id", "{0}")],
    condition: true,
    level: Level::Resource,
    resource_name: "//iam.googleapis.com/{0}",
};

/// The scope kind of a constructor name.
pub fn find(name: &str) -> Option<&'static ScopeKind> {
    SCOPES.iter().find(|s| s.name == name)
}

/// Every constructor name (for "did you mean").
pub fn names() -> impl Iterator<Item = &'static str> {
    SCOPES.iter().map(|s| s.name)
}
