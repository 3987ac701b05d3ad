//! Part of stage 4: the types of the language (`String`, `Arn`, `List[T]`, the declaration
//! kinds): parsing a type written in a signature and checking a value against it.

use super::Checker;
use super::error::CheckError;
use super::eval::{V, Value, describe};
use super::misuse::Misuse;
use crate::ast::{self, DeclKind, ResKind};
use crate::aws::values;
use crate::ir::{self, Text};
use crate::span::Span;

const TYPE_NAMES: &[&str] = &[
    "String",
    "Int",
    "Bool",
    "Duration",
    "AccountId",
    "Region",
    "Arn",
    "Cidr",
    "Date",
    "Action",
    "List",
    "Map",
    "Role",
    "Policy",
    "User",
    "Group",
    "InstanceProfile",
    "OidcProvider",
    "SamlProvider",
];

#[derive(Clone, Debug, PartialEq)]
pub enum Ty {
    String,
    Int,
    Bool,
    Duration,
    AccountId,
    Region,
    Arn,
    Cidr,
    Date,
    Action,
    List(Box<Ty>),
    Map(Box<Ty>),
    Res(ResKind),
}

impl Checker<'_> {
    pub fn parse_type(&mut self, t: &ast::TypeExpr) -> Option<Ty> {
        let arg = |s: &mut Self| match t.args.as_slice() {
            [a] => s.parse_type(a),
            _ => {
                s.err(CheckError::Misuse {
                    misuse: Misuse::TypeArgs {
                        name: t.name.name.clone(),
                    },
                    span: t.span,
                });
                None
            }
        };
        let ty = match t.name.name.as_str() {
            "String" => Ty::String,
            "Int" => Ty::Int,
            "Bool" => Ty::Bool,
            "Duration" => Ty::Duration,
            "AccountId" => Ty::AccountId,
            "Region" => Ty::Region,
            "Arn" => Ty::Arn,
            "Cidr" => Ty::Cidr,
            "Date" => Ty::Date,
            "Action" => Ty::Action,
            "List" => Ty::List(Box::new(arg(self)?)),
            "Map" => Ty::Map(Box::new(arg(self)?)),
            "Role" | "role" => Ty::Res(ResKind::Role),
            "Policy" | "policy" => Ty::Res(ResKind::Policy),
            "User" | "user" => Ty::Res(ResKind::User),
            "Group" | "group" => Ty::Res(ResKind::Group),
            "InstanceProfile" => Ty::Res(ResKind::InstanceProfile),
            "OidcProvider" => Ty::Res(ResKind::OidcProvider),
            "SamlProvider" => Ty::Res(ResKind::SamlProvider),
            other => {
                self.err(CheckError::UnknownType {
                    name: other.into(),
                    span: t.name.span,
                    suggestion: crate::suggest::closest(other, TYPE_NAMES.iter().copied())
                        .map(str::to_string),
                });
                return None;
            }
        };
        Some(ty)
    }

    /// Check a value against a type, reporting what does not fit; literals are checked in full.
    pub fn check_type(&mut self, v: &V, ty: &Ty) {
        let mismatch = |expected: &str| CheckError::TypeMismatch {
            expected: expected.into(),
            found: describe(&v.val),
            span: v.span,
            help: None,
        };
        let err = match (&v.val, ty) {
            (Value::Error, _) => None,
            (Value::Text(_), Ty::String) => None,
            (Value::Text(t), Ty::AccountId | Ty::Region | Ty::Cidr | Ty::Date | Ty::Arn) => {
                self.text_error(t, ty, v.span)
            }
            (Value::Managed(_), Ty::Arn) => None,
            (Value::Int(_), Ty::Int)
            | (Value::Bool(_), Ty::Bool)
            | (Value::Duration(_), Ty::Duration) => None,
            (Value::Action(_) | Value::Star, Ty::Action) => None,
            (Value::ParamList(n), Ty::List(inner)) => {
                (!self.param_list_fits(n, inner)).then(|| mismatch(&ty_name(ty)))
            }
            (Value::List(items), Ty::List(inner)) => {
                for i in items.clone().iter() {
                    self.check_type(i, inner);
                }
                None
            }
            (Value::Map(items), Ty::Map(inner)) => {
                for (_, i) in items.clone().iter() {
                    self.check_type(i, inner);
                }
                None
            }
            (Value::Decl(r), Ty::Res(k)) => match &self.graph.decl(*r).kind {
                DeclKind::Resource { kind, .. } if kind == k => None,
                _ => Some(mismatch(&format!("a {}", k.keyword()))),
            },
            (_, ty) => Some(mismatch(&ty_name(ty))),
        };
        if let Some(e) = err {
            self.err(e);
        }
    }

    /// A literal string checked against a value type (`AccountId`, `Region`, `Cidr`, `Date`,
    /// `Arn`); text with params or references is checked when it has values.
    fn text_error(&self, t: &Text, ty: &Ty, span: Span) -> Option<CheckError> {
        let lit = |ok: fn(&str) -> bool| t.as_lit().filter(|s| !ok(s));
        match ty {
            Ty::AccountId => {
                lit(values::is_account_id).map(|text| CheckError::BadAccountId { text, span })
            }
            Ty::Region => lit(values::is_region).map(|text| CheckError::BadRegion { text, span }),
            Ty::Cidr => lit(values::is_cidr).map(|text| CheckError::BadCidr { text, span }),
            Ty::Date => lit(values::is_date).map(|text| CheckError::BadDate { text, span }),
            Ty::Arn => self.arn_error(t, span),
            _ => None,
        }
    }

    /// Whether the elements of list param `n` fit `inner` (an unknown param fits: it was
    /// reported).
    fn param_list_fits(&self, n: &str, inner: &Ty) -> bool {
        let elem = self.params.iter().find(|p| p.name == n).map(|p| p.ty);
        matches!(
            (elem, inner),
            (Some(ir::ParamType::String), Ty::String)
                | (Some(ir::ParamType::AccountId), Ty::AccountId | Ty::String)
                | (Some(ir::ParamType::Region), Ty::Region | Ty::String)
                | (Some(ir::ParamType::Arn), Ty::Arn | Ty::String)
                | (Some(ir::ParamType::Cidr), Ty::Cidr | Ty::String)
                | (Some(ir::ParamType::Date), Ty::Date | Ty::String)
                | (Some(ir::ParamType::Int), Ty::Int)
                | (Some(ir::ParamType::Bool), Ty::Bool)
                | (Some(ir::ParamType::Duration), Ty::Duration)
                | (None, _)
        )
    }

    pub fn arn_error(&self, t: &Text, span: Span) -> Option<CheckError> {
        let params = &self.params;
        let is_arn = |n: &str| {
            params
                .iter()
                .any(|p| p.name == n && p.ty == ir::ParamType::Arn)
        };
        values::arn_problem(t, &is_arn).map(|reason| CheckError::BadArn {
            text: t.to_source(),
            reason,
            span,
        })
    }
}

pub fn ty_name(ty: &Ty) -> String {
    match ty {
        Ty::String => "a string".into(),
        Ty::Int => "a number".into(),
        Ty::Bool => "a boolean".into(),
        Ty::Duration => "a duration".into(),
        Ty::AccountId => "an account id".into(),
        Ty::Region => "a region".into(),
        Ty::Arn => "an ARN".into(),
        Ty::Cidr => "a CIDR block".into(),
        Ty::Date => "a date".into(),
        Ty::Action => "an action".into(),
        Ty::List(t) => format!("a list of {}", ty_name(t)),
        Ty::Map(t) => format!("a map of {}", ty_name(t)),
        Ty::Res(k) => format!("a {}", k.keyword()),
    }
}
