//! The IR (stage 5): the normalised policy model every backend and lint reads.
//!
//! Strings stay symbolic (`Text`): a param, `current.*` or another declaration's ARN is a part of
//! its own, so the json backend can substitute values while Terraform and CloudFormation emit
//! references. Backends never look at the AST.
//!
//! May use: `ast` (the resource kind), `diag` (lint names), `span`, and `aws::operator` (IAM's
//! condition operators, a leaf of `aws` that uses nothing) for the typed operator of a
//! [`Condition`]: the IR is still an AWS IAM model.
//!
//! The Google Cloud and Azure parts are its submodules [`gcp`] and [`azure`] (re-exported by
//! their rooms as `gcp::ir` and `azure::ir`); they name only the leaves `gcp::scopes` and
//! `azure::scopes` (their scope tables, pure data), so `ir` depends on no cloud room and the
//! rooms form no cycle.

pub mod azure;
pub mod gcp;

use crate::aws::operator::Operator;
use crate::span::Span;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Current {
    Account,
    Region,
    Partition,
}

impl Current {
    pub fn name(self) -> &'static str {
        match self {
            Current::Account => "account",
            Current::Region => "region",
            Current::Partition => "partition",
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Attr {
    Arn,
    Name,
}

/// The kind of a declared resource, as the AST names it.
pub use crate::ast::ResKind as Kind;

#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Part {
    Lit(String),
    /// An IAM policy variable, the text between `${` and `}` (`aws:username`).
    PolicyVar(String),
    /// A module param by name.
    Param(String),
    Current(Current),
    /// Another declaration's ARN or name, by emitted id.
    Ref {
        kind: Kind,
        id: String,
        attr: Attr,
    },
}

/// A possibly symbolic string.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Default)]
pub struct Text {
    pub parts: Vec<Part>,
}

impl Text {
    /// The text as the user wrote it, for messages: `${param}`, `${current.region}`,
    /// `${id.arn}` and policy variables written back in their `${...}` form.
    pub fn to_source(&self) -> String {
        let mut s = String::new();
        for p in &self.parts {
            match p {
                Part::Lit(l) => s.push_str(l),
                Part::PolicyVar(v) => s.push_str(&format!("${{{v}}}")),
                Part::Param(n) => s.push_str(&format!("${{{n}}}")),
                Part::Current(c) => s.push_str(&format!("${{current.{}}}", c.name())),
                Part::Ref { id, attr, .. } => s.push_str(&format!(
                    "${{{id}.{}}}",
                    if *attr == Attr::Arn { "arn" } else { "name" }
                )),
            }
        }
        s
    }

    pub fn lit(s: impl Into<String>) -> Text {
        Text {
            parts: vec![Part::Lit(s.into())],
        }
    }

    pub fn push(&mut self, part: Part) {
        match (self.parts.last_mut(), part) {
            (Some(Part::Lit(a)), Part::Lit(b)) => a.push_str(&b),
            (_, Part::Lit(b)) if b.is_empty() => {}
            (_, p) => self.parts.push(p),
        }
    }

    pub fn extend(&mut self, other: &Text) {
        for p in &other.parts {
            self.push(p.clone());
        }
    }

    /// The text when it is fully known at compile time (policy variables included as `${..}`).
    pub fn as_lit(&self) -> Option<String> {
        let mut s = String::new();
        for p in &self.parts {
            match p {
                Part::Lit(l) => s.push_str(l),
                Part::PolicyVar(v) => {
                    s.push_str("${");
                    s.push_str(v);
                    s.push('}');
                }
                _ => return None,
            }
        }
        Some(s)
    }

    pub fn is_star(&self) -> bool {
        self.as_lit().is_some_and(|s| s == "*")
    }
}

/// The condition key an IAM policy variable reads (`aws:PrincipalTag/team` in
/// `${aws:PrincipalTag/team, 'none'}`) and its default as written (`'none'`); `None` for the
/// character escapes `${*}`, `${?}` and `${$}`.
pub fn policy_var_key(v: &str) -> Option<(&str, Option<&str>)> {
    if matches!(v, "*" | "?" | "$") {
        return None;
    }
    Some(match v.split_once(',') {
        Some((key, default)) => (key.trim(), Some(default.trim())),
        None => (v.trim(), None),
    })
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Effect {
    Allow,
    Deny,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PrincipalKind {
    Aws,
    Service,
    Federated,
    /// `"Principal": "*"`.
    Anyone,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Principal {
    pub kind: PrincipalKind,
    pub values: Vec<Text>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Action {
    pub name: String,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Resource {
    pub text: Text,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Condition {
    /// The full IAM operator (`ForAnyValue:StringLikeIfExists`), typed.
    pub operator: Operator,
    /// The key; for a key built from params (`${issuer}:sub`), its rendering for messages.
    pub key: String,
    /// The key when it is built from params or `current.*` (`"${issuer}:sub"`): backends write
    /// this instead of `key`.
    pub key_text: Option<Text>,
    pub values: Vec<Text>,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Statement {
    pub sid: Option<String>,
    pub effect: Effect,
    pub principal: Option<Principal>,
    pub not_action: bool,
    pub actions: Vec<Action>,
    pub not_resource: bool,
    /// Empty for trust statements (no `Resource` element).
    pub resources: Vec<Resource>,
    pub conditions: Vec<Condition>,
    pub span: Span,
    /// Lints suppressed with `@allow` on the statement or an enclosing item.
    pub allow: Vec<crate::diag::Lint>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DocKind {
    Managed,
    Inline,
    Trust,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Document {
    pub kind: DocKind,
    pub statements: Vec<Statement>,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PolicyRef {
    /// A managed policy declared in the program, by id.
    Local(String),
    /// An AWS managed or external policy ARN.
    Arn(Text),
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Attachment {
    pub policy: PolicyRef,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InlinePolicy {
    pub name: String,
    pub document: Document,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Tag {
    pub key: String,
    pub value: Text,
}

/// What every IAM entity shares.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Common {
    pub id: String,
    pub name: Text,
    /// The author set `name` (changing it may replace the resource; backends say so).
    pub name_explicit: bool,
    pub path: String,
    pub description: Option<Text>,
    pub tags: Vec<Tag>,
    pub span: Span,
    pub allow: Vec<crate::diag::Lint>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ManagedPolicy {
    pub common: Common,
    pub document: Document,
    /// Declared `@boundary`: meant only as a permissions boundary; it grants nothing.
    pub boundary_only: bool,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Role {
    pub common: Common,
    pub max_session: Option<u32>,
    pub boundary: Option<PolicyRef>,
    pub trust: Document,
    pub attachments: Vec<Attachment>,
    pub inline: Vec<InlinePolicy>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct User {
    pub common: Common,
    pub boundary: Option<PolicyRef>,
    pub attachments: Vec<Attachment>,
    pub inline: Vec<InlinePolicy>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Group {
    pub common: Common,
    pub members: Vec<String>,
    pub attachments: Vec<Attachment>,
    pub inline: Vec<InlinePolicy>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InstanceProfile {
    pub common: Common,
    pub role: String,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OidcProvider {
    pub common: Common,
    pub url: String,
    pub client_ids: Vec<String>,
    pub thumbprints: Vec<String>,
}

/// A SAML identity provider: its metadata document, read from a file of the project.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SamlProvider {
    pub common: Common,
    /// The path as written, relative to the declaring module.
    pub metadata_path: String,
    /// The IdP's SAML metadata XML.
    pub metadata: String,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Entity {
    Policy(ManagedPolicy),
    Role(Role),
    User(User),
    Group(Group),
    InstanceProfile(InstanceProfile),
    OidcProvider(OidcProvider),
    SamlProvider(SamlProvider),
}

impl Entity {
    pub fn common(&self) -> &Common {
        match self {
            Entity::Policy(p) => &p.common,
            Entity::Role(r) => &r.common,
            Entity::User(u) => &u.common,
            Entity::Group(g) => &g.common,
            Entity::InstanceProfile(i) => &i.common,
            Entity::OidcProvider(o) => &o.common,
            Entity::SamlProvider(s) => &s.common,
        }
    }

    pub fn kind(&self) -> Kind {
        match self {
            Entity::Policy(_) => Kind::Policy,
            Entity::Role(_) => Kind::Role,
            Entity::User(_) => Kind::User,
            Entity::Group(_) => Kind::Group,
            Entity::InstanceProfile(_) => Kind::InstanceProfile,
            Entity::OidcProvider(_) => Kind::OidcProvider,
            Entity::SamlProvider(_) => Kind::SamlProvider,
        }
    }

    /// The policies of a role, user or group: its boundary, inline policies and attachments.
    pub fn identity_policies(
        &self,
    ) -> Option<(Option<&PolicyRef>, &[InlinePolicy], &[Attachment])> {
        match self {
            Entity::Role(r) => Some((r.boundary.as_ref(), &r.inline, &r.attachments)),
            Entity::User(u) => Some((u.boundary.as_ref(), &u.inline, &u.attachments)),
            Entity::Group(g) => Some((None, &g.inline, &g.attachments)),
            _ => None,
        }
    }

    /// Every policy document of the entity, mutably, in the order of [`Entity::documents`].
    pub fn documents_mut(&mut self) -> Vec<&mut Document> {
        match self {
            Entity::Policy(p) => vec![&mut p.document],
            Entity::Role(r) => std::iter::once(&mut r.trust)
                .chain(r.inline.iter_mut().map(|i| &mut i.document))
                .collect(),
            Entity::User(u) => u.inline.iter_mut().map(|i| &mut i.document).collect(),
            Entity::Group(g) => g.inline.iter_mut().map(|i| &mut i.document).collect(),
            Entity::InstanceProfile(_) | Entity::OidcProvider(_) | Entity::SamlProvider(_) => {
                vec![]
            }
        }
    }

    /// Every policy document of the entity, with the inline policy name where there is one.
    pub fn documents(&self) -> Vec<(Option<&str>, &Document)> {
        let mut out = Vec::new();
        match self {
            Entity::Policy(p) => out.push((None, &p.document)),
            Entity::Role(r) => {
                out.push((None, &r.trust));
                out.extend(
                    r.inline
                        .iter()
                        .map(|i| (Some(i.name.as_str()), &i.document)),
                );
            }
            Entity::User(u) => out.extend(
                u.inline
                    .iter()
                    .map(|i| (Some(i.name.as_str()), &i.document)),
            ),
            Entity::Group(g) => out.extend(
                g.inline
                    .iter()
                    .map(|i| (Some(i.name.as_str()), &i.document)),
            ),
            Entity::InstanceProfile(_) | Entity::OidcProvider(_) | Entity::SamlProvider(_) => {}
        }
        out
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ParamType {
    String,
    Int,
    Bool,
    Duration,
    AccountId,
    Region,
    Arn,
    Cidr,
    Date,
    /// A Google Cloud project id (`acme-shop-prod`).
    ProjectId,
    /// A Google Cloud region (`europe-west1`).
    GcpRegion,
    /// An Azure subscription id (a GUID).
    SubscriptionId,
    /// An Azure location (`westeurope`).
    AzureLocation,
}

impl ParamType {
    /// Every type a param may have.
    pub const ALL: [ParamType; 13] = [
        ParamType::String,
        ParamType::Int,
        ParamType::Bool,
        ParamType::Duration,
        ParamType::AccountId,
        ParamType::Region,
        ParamType::Arn,
        ParamType::Cidr,
        ParamType::Date,
        ParamType::ProjectId,
        ParamType::GcpRegion,
        ParamType::SubscriptionId,
        ParamType::AzureLocation,
    ];

    /// The param type a type name stands for (`AccountId`).
    pub fn from_name(name: &str) -> Option<ParamType> {
        ParamType::ALL.into_iter().find(|t| t.name() == name)
    }

    pub fn name(self) -> &'static str {
        match self {
            ParamType::String => "String",
            ParamType::Int => "Int",
            ParamType::Bool => "Bool",
            ParamType::Duration => "Duration",
            ParamType::AccountId => "AccountId",
            ParamType::Region => "Region",
            ParamType::Arn => "Arn",
            ParamType::Cidr => "Cidr",
            ParamType::Date => "Date",
            ParamType::ProjectId => "ProjectId",
            ParamType::GcpRegion => "GcpRegion",
            ParamType::SubscriptionId => "SubscriptionId",
            ParamType::AzureLocation => "AzureLocation",
        }
    }
}

/// A param's value: one, or several for a `List[T]` param.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ParamValue {
    One(String),
    List(Vec<String>),
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Param {
    pub name: String,
    /// The type of the value, or of each element of a list.
    pub ty: ParamType,
    /// `List[T]`: the param holds several values. It stands alone in a list position (`on`, a
    /// condition's values, trust principals) as a `Text` whose only part is the param.
    pub list: bool,
    pub default: Option<ParamValue>,
    pub description: Option<String>,
    pub span: Span,
}

/// A whole compiled program: params and entities in author order.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct Program {
    pub params: Vec<Param>,
    pub entities: Vec<Entity>,
    /// Which `current.*` values any text uses (the backends emit data sources only for these).
    pub uses_current: Vec<Current>,
    /// The `test` blocks of the root modules, in source order (run by `iamx test`).
    pub tests: Vec<TestBlock>,
    /// What the `target gcp` modules declare; `None` when no module targets Google Cloud.
    pub gcp: Option<gcp::Program>,
    /// What the `target azure` modules declare; `None` when no module targets Azure.
    pub azure: Option<azure::Program>,
}

/// A `test "name" { expect ... }` block.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TestBlock {
    pub name: String,
    pub span: Span,
    pub expectations: Vec<Expectation>,
}

/// One `expect` line: its subject is a role or user of the program, by emitted id.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Expectation {
    pub subject: String,
    pub subject_kind: Kind,
    pub kind: ExpectationKind,
    /// The request context, `with { KEY: VALUE, ... }`, in source order.
    pub context: Vec<ContextEntry>,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ExpectationKind {
    /// `can` (`negated`: `cannot`) ACTIONS `on` RESOURCES: every pair is one request.
    Can {
        negated: bool,
        actions: Vec<Action>,
        resources: Vec<Resource>,
    },
    /// `[not] assumable by KIND PRINCIPALS`: each principal as the trust policy names it
    /// (an account as its root ARN, a declaration as its ARN); none for `anyone`.
    Assumable {
        negated: bool,
        by: PrincipalKind,
        /// The trust kind as written (`service`, `account`, `oidc`, ...).
        keyword: String,
        /// The kind's default action (`sts:AssumeRoleWithWebIdentity` for `oidc`).
        action: String,
        principals: Vec<Text>,
        kind_span: Span,
    },
}

/// One key of a `with { ... }` map: a single value, or several for a multi-valued key.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ContextEntry {
    pub key: String,
    pub values: Vec<Text>,
    pub many: bool,
    pub span: Span,
}

/// A let, fn, template, param or import nothing refers to: found by the checker, which knows
/// what was used, and handed beside the program to the lints (`unused_declaration`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Unused {
    pub kind: &'static str,
    pub name: String,
    pub span: Span,
}

impl Program {
    pub fn entity(&self, id: &str) -> Option<&Entity> {
        self.entities.iter().find(|e| e.common().id == id)
    }

    pub fn param(&self, name: &str) -> Option<&Param> {
        self.params.iter().find(|p| p.name == name)
    }

    /// The list param a text stands for, when it is exactly one (`on bucket_arns`).
    pub fn list_param(&self, t: &Text) -> Option<&Param> {
        match t.parts.as_slice() {
            [Part::Param(n)] => self.param(n).filter(|p| p.list),
            _ => None,
        }
    }
}
