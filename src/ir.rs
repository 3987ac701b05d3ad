//! The IR (stage 5): the normalised model every backend and lint reads.
//!
//! Strings stay symbolic (`Text`): a param, `current.*` or another declaration's ARN is a part of
//! its own, so the json backend can substitute values while Terraform and CloudFormation emit
//! references. Backends never look at the AST.
//!
//! This module holds what every cloud shares: `Text` and its parts, params, the unused
//! declarations, and the `Program` that carries each cloud's part. Each cloud's model is a
//! submodule: [`aws`] (IAM's roles, policies, statements and `test` blocks; the only part that
//! names `aws::operator`, IAM's condition operators, a leaf of `aws` that uses nothing),
//! [`gcp`] and [`azure`] (re-exported by their rooms as `gcp::ir` and `azure::ir`; they name
//! only the leaves `gcp::scopes` and `azure::scopes`), so `ir` depends on no cloud room and the
//! rooms form no cycle.
//!
//! May use: `ast` (the resource kind), `diag` (lint names), `span`; `ir::aws` also
//! `aws::operator`.

pub mod aws;
pub mod azure;
pub mod gcp;

use crate::span::Span;
use aws::{Entity, TestBlock};

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
