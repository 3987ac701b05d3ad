//! Evaluator stage: conditions and their evaluation against the request context (the operators
//! are [`crate::aws::operator`]'s).
//!
//! Pure; uses [`super::values`], [`super::vars`] and [`crate::aws::glob::pattern`]. The rules (IAM User Guide,
//! "IAM JSON policy elements: Condition operators" and "Condition with multiple context keys or
//! values", "Single-valued vs. multivalued context keys"):
//! - the values of one key are ORed; a negated operator (`StringNotEquals`, `NotIpAddress`, ...)
//!   is true when the request value matches none of them;
//! - a key absent from the request makes a condition false, except for negated operators (true),
//!   `...IfExists` (true), `ForAllValues` (true) and `Null`;
//! - `ForAnyValue`: at least one request value satisfies the operator; `ForAllValues`: every
//!   request value does (true for an absent or empty set);
//! - key names are case-insensitive; `StringEquals`, `StringLike`, `Arn*` compare case-sensitively,
//!   `StringEqualsIgnoreCase` and `Bool` ignore case; `ArnEquals` and `ArnLike` are the same
//!   operator: "each of the six colon-delimited components of the ARN is checked separately";
//! - a multi-valued request value needs a set operator: a plain operator is not met by one;
//! - a policy value whose variable has no value matches nothing; under a negated operator it
//!   makes the condition false (nothing can be shown to differ from it).

use super::request::{Context, Value};
use super::values::{self, Network};
use super::vars::Template;
use crate::aws::glob::pattern::{self, Pattern};
use crate::aws::operator::{Base, Operator, SetOp};
use std::borrow::Cow;

/// Policy values read once for the operator's family.
#[derive(Debug, Clone, PartialEq)]
enum Typed {
    /// String, Bool, Binary, Null values with variables: substituted for each request.
    Text,
    /// String, Bool, Binary, Null values without variables.
    Texts(Vec<String>),
    /// `StringLike`/`Arn*` values without variables, compiled once.
    Patterns(Vec<Pattern>),
    Numbers(Vec<Option<f64>>),
    Dates(Vec<Option<i64>>),
    Networks(Vec<Option<Network>>),
}

/// One condition: an operator, a context key and the policy's values for it.
#[derive(Debug, Clone, PartialEq)]
pub struct Condition {
    pub operator: Operator,
    /// The key as written.
    pub key: String,
    key_lower: String,
    pub values: Vec<Template>,
    typed: Typed,
}

impl Condition {
    /// `variables`: whether the document reads policy variables (version 2012-10-17).
    pub fn new(operator: Operator, key: &str, values: &[String], variables: bool) -> Condition {
        let vars = variables && operator.base.takes_variables();
        let values: Vec<Template> = values.iter().map(|v| Template::new(v, vars)).collect();
        let typed = match operator.base.positive() {
            Base::StringLike | Base::ArnLike if !values.iter().any(Template::has_variables) => {
                let ctx = Context::new();
                Typed::Patterns(values.iter().filter_map(|t| t.pattern(&ctx)).collect())
            }
            Base::NumericEquals
            | Base::NumericLessThan
            | Base::NumericLessThanEquals
            | Base::NumericGreaterThan
            | Base::NumericGreaterThanEquals => {
                Typed::Numbers(values.iter().map(|t| values::number(&t.raw)).collect())
            }
            Base::DateEquals
            | Base::DateLessThan
            | Base::DateLessThanEquals
            | Base::DateGreaterThan
            | Base::DateGreaterThanEquals => {
                Typed::Dates(values.iter().map(|t| values::date(&t.raw)).collect())
            }
            Base::IpAddress => {
                Typed::Networks(values.iter().map(|t| Network::parse(&t.raw)).collect())
            }
            Base::StringLike | Base::ArnLike => Typed::Text,
            _ if !values.iter().any(Template::has_variables) => {
                Typed::Texts(values.iter().map(|t| t.raw.clone()).collect())
            }
            _ => Typed::Text,
        };
        Condition {
            operator,
            key: key.to_string(),
            key_lower: key.to_ascii_lowercase(),
            values,
            typed,
        }
    }

    /// Whether the condition holds for the request context.
    pub fn holds(&self, ctx: &Context) -> bool {
        let op = self.operator;
        let found = ctx.get_lower(&self.key_lower);
        if op.base == Base::Null {
            return self.null_holds(found.is_some());
        }
        let Some(value) = found else {
            return op.if_exists
                || match op.set {
                    Some(SetOp::ForAllValues) => true,
                    Some(SetOp::ForAnyValue) => false,
                    None => op.base.negated(),
                };
        };
        let (resolved, unresolved) = self.resolve(ctx);
        let negated = op.base.negated();
        // Whether the request value `v` satisfies the operator. A negated operator needs every
        // policy value to be known: a value whose variable has no value matches nothing, so
        // "`v` is not that value" cannot be shown either.
        let sat = |v: &String| {
            let hit = resolved.matches(op.base, v);
            if negated { !hit && !unresolved } else { hit }
        };
        match (op.set, value) {
            (Some(SetOp::ForAnyValue), v) => v.as_slice().iter().any(sat),
            (Some(SetOp::ForAllValues), v) => v.as_slice().iter().all(sat),
            (None, Value::One(v)) => sat(v),
            // A multi-valued key needs a set operator; without one the condition is not met,
            // negated or not.
            (None, Value::Many(_)) => false,
        }
    }

    fn null_holds(&self, present: bool) -> bool {
        self.values.iter().any(|v| {
            let t = v.raw.to_ascii_lowercase();
            (t == "true" && !present) || (t == "false" && present)
        })
    }

    /// The policy values for this request, variables substituted, and whether some value was
    /// dropped because a variable in it has no value.
    fn resolve(&self, ctx: &Context) -> (Resolved<'_>, bool) {
        let all = |n: usize| n != self.values.len();
        match &self.typed {
            Typed::Patterns(p) => (Resolved::Patterns(Cow::Borrowed(p)), false),
            Typed::Texts(t) => (Resolved::Texts(Cow::Borrowed(t)), false),
            Typed::Numbers(n) => (Resolved::Numbers(n), false),
            Typed::Dates(d) => (Resolved::Dates(d), false),
            Typed::Networks(n) => (Resolved::Networks(n), false),
            Typed::Text => match self.operator.base.positive() {
                Base::StringLike | Base::ArnLike => {
                    let ps: Vec<Pattern> =
                        self.values.iter().filter_map(|t| t.pattern(ctx)).collect();
                    let dropped = all(ps.len());
                    (Resolved::Patterns(Cow::Owned(ps)), dropped)
                }
                _ => {
                    let ts: Vec<String> = self.values.iter().filter_map(|t| t.text(ctx)).collect();
                    let dropped = all(ts.len());
                    (Resolved::Texts(Cow::Owned(ts)), dropped)
                }
            },
        }
    }
}

/// Policy values ready to compare with request values.
enum Resolved<'a> {
    Texts(Cow<'a, [String]>),
    Patterns(Cow<'a, [Pattern]>),
    Numbers(&'a [Option<f64>]),
    Dates(&'a [Option<i64>]),
    Networks(&'a [Option<Network>]),
}

impl Resolved<'_> {
    /// Whether some policy value matches the request value `v` under the positive form of `base`.
    fn matches(&self, base: Base, v: &str) -> bool {
        match (self, base.positive()) {
            (Resolved::Texts(ts), Base::StringEquals | Base::BinaryEquals) => {
                ts.iter().any(|t| t == v)
            }
            (Resolved::Texts(ts), Base::StringEqualsIgnoreCase) => {
                let lv = v.to_lowercase();
                ts.iter().any(|t| t.to_lowercase() == lv)
            }
            (Resolved::Texts(ts), Base::Bool) => ts.iter().any(|t| t.eq_ignore_ascii_case(v)),
            (Resolved::Patterns(ps), Base::StringLike) => ps.iter().any(|p| p.matches(v)),
            (Resolved::Patterns(ps), Base::ArnLike) => {
                ps.iter().any(|p| pattern::arn_condition_matches(p, v))
            }
            (Resolved::Numbers(ns), b) => {
                values::number(v).is_some_and(|x| ns.iter().flatten().any(|n| compare(b, x, *n)))
            }
            (Resolved::Dates(ds), b) => {
                values::date(v).is_some_and(|x| ds.iter().flatten().any(|d| compare(b, x, *d)))
            }
            (Resolved::Networks(ns), _) => {
                Network::parse(v).is_some_and(|x| ns.iter().flatten().any(|n| n.contains(&x)))
            }
            _ => false,
        }
    }
}

/// `request OP policy` for the ordering operators.
fn compare<T: PartialOrd>(base: Base, request: T, policy: T) -> bool {
    match base {
        Base::NumericEquals | Base::DateEquals => request == policy,
        Base::NumericLessThan | Base::DateLessThan => request < policy,
        Base::NumericLessThanEquals | Base::DateLessThanEquals => request <= policy,
        Base::NumericGreaterThan | Base::DateGreaterThan => request > policy,
        Base::NumericGreaterThanEquals | Base::DateGreaterThanEquals => request >= policy,
        _ => false,
    }
}

/// Whether every condition holds (conditions are ANDed).
pub fn all_hold(conditions: &[Condition], ctx: &Context) -> bool {
    conditions.iter().all(|c| c.holds(ctx))
}
