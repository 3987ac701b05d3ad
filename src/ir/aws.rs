//! The AWS part of the IR (stage 5): IAM's model of roles, users, groups, managed and inline
//! policies, statements (effect, principals, actions, resources, typed conditions), trust and
//! the providers, and the `test` blocks `iamx test` runs. Every AWS backend and lint reads it.
//!
//! May use: the shared IR (`Text`, `Part`, `Kind`, ...), `span`, and `aws::operator` (IAM's
//! condition operators, a leaf of `aws` that uses nothing).

use super::{Kind, Text};
use crate::aws::operator::Operator;
use crate::span::Span;

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
