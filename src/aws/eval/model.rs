//! Evaluator stage: the typed policy-document model the evaluator reads (built by [`super::read`]
//! from IAM policy JSON, or directly by a caller).
//!
//! Pure data, with the patterns pre-compiled: action patterns lower-cased once, resources and
//! condition values split at their policy variables ([`super::vars::Template`]).

use super::condition::Condition;
use super::vars::Template;
use crate::aws::glob::pattern::Pattern;

/// The policy language version that enables policy variables.
pub const VERSION_2012: &str = "2012-10-17";

/// A policy document.
#[derive(Debug, Clone, PartialEq)]
pub struct Document {
    /// `Version`; without `2012-10-17`, `${...}` is plain text.
    pub version: Option<String>,
    /// `Id`.
    pub id: Option<String>,
    pub statements: Vec<Statement>,
}

impl Document {
    /// Whether policy variables are read in this document.
    pub fn has_variables(&self) -> bool {
        self.version.as_deref() == Some(VERSION_2012)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Effect {
    Allow,
    Deny,
}

/// One statement.
#[derive(Debug, Clone, PartialEq)]
pub struct Statement {
    pub sid: Option<String>,
    pub effect: Effect,
    /// `Principal` / `NotPrincipal`: present in resource-based and trust policies.
    pub principal: Option<PrincipalElement>,
    /// `Action` / `NotAction`.
    pub action: ActionElement,
    /// `Resource` / `NotResource`; absent in trust policies (the role is the resource).
    pub resource: Option<ResourceElement>,
    /// Every condition (operator, key, values), ANDed.
    pub conditions: Vec<Condition>,
}

/// `Action` or, when `negated`, `NotAction`.
#[derive(Debug, Clone, PartialEq)]
pub struct ActionElement {
    pub negated: bool,
    pub patterns: Vec<ActionPattern>,
}

/// One action pattern (`s3:Get*`), matched case-insensitively.
#[derive(Debug, Clone, PartialEq)]
pub struct ActionPattern {
    pub raw: String,
    lower: Pattern,
}

impl ActionPattern {
    pub fn new(raw: &str) -> ActionPattern {
        ActionPattern {
            raw: raw.to_string(),
            lower: Pattern::wild(&raw.to_ascii_lowercase()),
        }
    }

    /// Whether the pattern matches `action`, which must already be lower-cased.
    pub fn matches_lower(&self, action: &str) -> bool {
        self.lower.matches(action)
    }

    /// Whether the pattern matches `action` (any case).
    pub fn matches(&self, action: &str) -> bool {
        self.matches_lower(&action.to_ascii_lowercase())
    }
}

/// `Resource` or, when `negated`, `NotResource`.
#[derive(Debug, Clone, PartialEq)]
pub struct ResourceElement {
    pub negated: bool,
    pub patterns: Vec<ResourcePattern>,
}

/// One resource ARN pattern, possibly with policy variables.
#[derive(Debug, Clone, PartialEq)]
pub struct ResourcePattern {
    pub template: Template,
    /// The pattern when the template has no variables (most do): compiled once.
    fixed: Option<Pattern>,
}

impl ResourcePattern {
    pub fn new(raw: &str, variables: bool) -> ResourcePattern {
        let template = Template::new(raw, variables);
        let fixed = if template.has_variables() {
            None
        } else {
            template.pattern(&super::request::Context::new())
        };
        ResourcePattern { template, fixed }
    }

    pub fn raw(&self) -> &str {
        &self.template.raw
    }

    /// The pattern for a request context; `None` when a variable has no value (the pattern then
    /// matches nothing).
    pub fn pattern(&self, ctx: &super::request::Context) -> Option<std::borrow::Cow<'_, Pattern>> {
        match &self.fixed {
            Some(p) => Some(std::borrow::Cow::Borrowed(p)),
            None => self.template.pattern(ctx).map(std::borrow::Cow::Owned),
        }
    }
}

/// `Principal` or, when `negated`, `NotPrincipal`.
#[derive(Debug, Clone, PartialEq)]
pub struct PrincipalElement {
    pub negated: bool,
    pub entries: Vec<PrincipalEntry>,
}

/// One principal named by a `Principal` element.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PrincipalEntry {
    /// `"Principal": "*"` or `{"AWS": "*"}`: everyone, anonymous requests included.
    Any,
    /// `{"AWS": ...}`: an account id, an account root ARN, a user, role or role-session ARN.
    Aws(String),
    /// `{"Service": ...}`.
    Service(String),
    /// `{"Federated": ...}`.
    Federated(String),
    /// `{"CanonicalUser": ...}` (S3): never matches the principals of this evaluator.
    CanonicalUser(String),
}
