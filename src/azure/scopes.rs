//! The scope kinds of `target azure`: the typed constructors a grant names
//! (`subscription(s)`, `acr.registry(s, rg, name)`, ...), each with the ARM id it builds and
//! what the checks and lints read (its level, its resource provider, whether it has a data
//! plane). Data, not code paths: a new scope kind is one row. Raw ARM id strings are accepted
//! too and checked for shape by [`super::values::arm_scope`].
//!
//! Pure data (the `ir` room names it, so it uses nothing of the crate). May use nothing.

/// How wide an ARM scope is. Role assignments at a scope reach everything below it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Level {
    /// `/`, the tenant root.
    Root,
    ManagementGroup,
    Subscription,
    ResourceGroup,
    Resource,
}

impl Level {
    pub fn describe(self) -> &'static str {
        match self {
            Level::Root => "the tenant root",
            Level::ManagementGroup => "a management group",
            Level::Subscription => "a subscription",
            Level::ResourceGroup => "a resource group",
            Level::Resource => "a resource",
        }
    }
}

/// One kind of scope.
#[derive(Debug, PartialEq, Eq)]
pub struct ScopeKind {
    /// The constructor as written (`acr.registry`).
    pub name: &'static str,
    /// The constructor's parameters, in order.
    pub params: &'static [&'static str],
    /// The ARM id, a template over the arguments `{0}`, `{1}`, ...
    pub template: &'static str,
    pub level: Level,
    /// The resource type (`Microsoft.ContainerRegistry/registries`) of a resource scope.
    pub resource_type: Option<&'static str>,
    /// Whether the resource has a data plane that data actions reach (blobs, secrets,
    /// repositories).
    pub data_plane: bool,
}

impl ScopeKind {
    /// `acr.registry(subscription, resource_group, name)`.
    pub fn signature(&self) -> String {
        format!("{}({})", self.name, self.params.join(", "))
    }
}

const RG: &str = "/subscriptions/{0}/resourceGroups/{1}";

/// Every constructor.
pub static SCOPES: &[ScopeKind] = &[
    ScopeKind {
        name: "management_group",
        params: &["id"],
        template: "/providers/Microsoft.Management/managementGroups/{0}",
        level: Level::ManagementGroup,
        resource_type: None,
        data_plane: false,
    },
    ScopeKind {
        name: "subscription",
        params: &["subscription_id"],
        template: "/subscriptions/{0}",
        level: Level::Subscription,
        resource_type: None,
        data_plane: true,
    },
    ScopeKind {
        name: "resource_group",
        params: &["subscription_id", "name"],
        template: RG,
        level: Level::ResourceGroup,
        resource_type: None,
        data_plane: true,
    },
    ScopeKind {
        name: "acr.registry",
        params: &["subscription_id", "resource_group", "name"],
        template: "/subscriptions/{0}/resourceGroups/{1}/providers/Microsoft.ContainerRegistry/registries/{2}",
        level: Level::Resource,
        resource_type: Some("Microsoft.ContainerRegistry/registries"),
        data_plane: true,
    },
    ScopeKind {
        name: "container_app",
        params: &["subscription_id", "resource_group", "name"],
        template: "/subscriptions/{0}/resourceGroups/{1}/providers/Microsoft.App/containerApps/{2}",
        level: Level::Resource,
        resource_type: Some("Microsoft.App/containerApps"),
        data_plane: false,
    },
    ScopeKind {
        name: "key_vault",
        params: &["subscription_id", "resource_group", "name"],
        template: "/subscriptions/{0}/resourceGroups/{1}/providers/Microsoft.KeyVault/vaults/{2}",
        level: Level::Resource,
        resource_type: Some("Microsoft.KeyVault/vaults"),
        data_plane: true,
    },
    ScopeKind {
        name: "storage_account",
        params: &["subscription_id", "resource_group", "name"],
        template: "/subscriptions/{0}/resourceGroups/{1}/providers/Microsoft.Storage/storageAccounts/{2}",
        level: Level::Resource,
        resource_type: Some("Microsoft.Storage/storageAccounts"),
        data_plane: true,
    },
];

/// A `managed_identity` of the module as a scope (`grant builtin("Managed Identity Operator")
/// on release`).
pub static MANAGED_IDENTITY: ScopeKind = ScopeKind {
    name: "managed_identity",
    params: &[],
    template: "",
    level: Level::Resource,
    resource_type: Some("Microsoft.ManagedIdentity/userAssignedIdentities"),
    data_plane: false,
};

/// A raw ARM id string.
pub static RAW: ScopeKind = ScopeKind {
    name: "an ARM id",
    params: &[],
    template: "",
    level: Level::Resource,
    resource_type: None,
    data_plane: true,
};

/// The constructor of that name.
pub fn find(name: &str) -> Option<&'static ScopeKind> {
    SCOPES.iter().find(|k| k.name == name)
}

/// The constructors' names, for "did you mean".
pub fn names() -> impl Iterator<Item = &'static str> {
    SCOPES.iter().map(|k| k.name)
}
