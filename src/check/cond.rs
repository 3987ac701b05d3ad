//! Conditions: `when` clauses lowered to IAM condition entries, the operator chosen from the
//! key's type (catalog), values checked against it, and keys built from values
//! (`"${eks.issuer}:sub"`) checked for shape.

use super::Checker;
use super::error::CheckError;
use super::eval::{Env, V, Value, describe, managed_arn};
use super::misuse::Misuse;
use crate::ast::{self, CmpOp, CondKey, CondKind, Expr, Quant};
use crate::aws::catalog::{KeyInfo, KeyType, catalog};
use crate::aws::operator::{Base, Operator, SetOp};
use crate::aws::values;
use crate::ir::{self, Part, Text};
use crate::span::{Span, Spanned};

/// The key type an operator family works on (`None`: any type).
fn operator_family(base: Base) -> Option<KeyType> {
    use Base as B;
    match base {
        B::StringEquals
        | B::StringNotEquals
        | B::StringEqualsIgnoreCase
        | B::StringNotEqualsIgnoreCase
        | B::StringLike
        | B::StringNotLike => Some(KeyType::String),
        B::NumericEquals
        | B::NumericNotEquals
        | B::NumericLessThan
        | B::NumericLessThanEquals
        | B::NumericGreaterThan
        | B::NumericGreaterThanEquals => Some(KeyType::Numeric),
        B::DateEquals
        | B::DateNotEquals
        | B::DateLessThan
        | B::DateLessThanEquals
        | B::DateGreaterThan
        | B::DateGreaterThanEquals => Some(KeyType::Date),
        B::Bool => Some(KeyType::Bool),
        B::IpAddress | B::NotIpAddress => Some(KeyType::Ip),
        B::ArnEquals | B::ArnLike | B::ArnNotEquals | B::ArnNotLike => Some(KeyType::Arn),
        B::BinaryEquals | B::Null => None,
    }
}

/// The operator an unknown raw operator name was probably meant to be: its part without
/// `ForAnyValue:`/`ForAllValues:` and `IfExists`, matched against IAM's operators.
fn suggest_operator(name: &str) -> Option<String> {
    let rest = name
        .strip_prefix("ForAnyValue:")
        .or_else(|| name.strip_prefix("ForAllValues:"))
        .unwrap_or(name);
    let base = rest.strip_suffix("IfExists").unwrap_or(rest);
    crate::suggest::closest(base, Base::ALL.iter().map(|(n, _)| *n)).map(str::to_string)
}

/// The IAM operator for an iamx comparison on a key of the given type.
fn operator_for(op: CmpOp, ty: KeyType) -> Option<Base> {
    use Base as B;
    use CmpOp::*;
    use KeyType as K;
    Some(match (ty, op) {
        (K::String | K::Unknown, Eq | In) => B::StringEquals,
        (K::String | K::Unknown, Ne | NotIn) => B::StringNotEquals,
        (K::String | K::Unknown, Like) => B::StringLike,
        (K::String | K::Unknown, NotLike) => B::StringNotLike,
        (K::Arn, Eq | In) => B::ArnEquals,
        (K::Arn, Ne | NotIn) => B::ArnNotEquals,
        (K::Arn, Like) => B::ArnLike,
        (K::Arn, NotLike) => B::ArnNotLike,
        (K::Numeric, Eq | In) => B::NumericEquals,
        (K::Numeric, Ne | NotIn) => B::NumericNotEquals,
        (K::Numeric, Lt) => B::NumericLessThan,
        (K::Numeric, Le) => B::NumericLessThanEquals,
        (K::Numeric, Gt) => B::NumericGreaterThan,
        (K::Numeric, Ge) => B::NumericGreaterThanEquals,
        (K::Date, Eq | In) => B::DateEquals,
        (K::Date, Ne | NotIn) => B::DateNotEquals,
        (K::Date, Lt) => B::DateLessThan,
        (K::Date, Le) => B::DateLessThanEquals,
        (K::Date, Gt) => B::DateGreaterThan,
        (K::Date, Ge) => B::DateGreaterThanEquals,
        (K::Bool, Eq | In) => B::Bool,
        (K::Ip, Eq | In) => B::IpAddress,
        (K::Ip, Ne | NotIn) => B::NotIpAddress,
        _ => return None,
    })
}

/// The comparisons a key of this type takes, each with the IAM operator it becomes (what a
/// language server shows on a key).
pub fn comparisons(ty: KeyType) -> Vec<(CmpOp, &'static str)> {
    use CmpOp::*;
    [Eq, Ne, In, NotIn, Like, NotLike, Lt, Le, Gt, Ge]
        .into_iter()
        .filter_map(|op| Some((op, operator_for(op, ty)?.name())))
        .collect()
}

/// A condition key after evaluation: its text (for messages, lints and literal keys), the text
/// with params when it is built from values, and its type (`None` once reported).
struct Key {
    name: String,
    text: Option<Text>,
    info: Option<KeyInfo>,
}

impl Checker<'_> {
    pub fn lower_conds(&mut self, conds: &[ast::Cond], env: Env) -> Vec<ir::aws::Condition> {
        let mut out: Vec<ir::aws::Condition> = Vec::new();
        for c in conds {
            let Some(cond) = self.lower_cond(c, env) else {
                continue;
            };
            if let Some(first) = out
                .iter()
                .find(|o| o.operator == cond.operator && o.key.eq_ignore_ascii_case(&cond.key))
            {
                self.err(CheckError::ConflictingConditions {
                    op: cond.operator.name(),
                    key: cond.key.clone(),
                    span: cond.span,
                    first: first.span,
                });
                continue;
            }
            out.push(cond);
        }
        out
    }

    pub(super) fn key_info(&mut self, key: &str, span: Span) -> Option<KeyInfo> {
        let info = catalog().condition_key(key);
        if info.is_none() {
            self.err(CheckError::UnknownKey {
                key: key.into(),
                span,
                suggestion: catalog().suggest_key(key),
            });
        }
        info
    }

    /// A condition key: a name, or a string whose value is known (`"${eks.issuer}:sub"`, the
    /// issuer of a declared provider) or built from params and `current.*` (`"${issuer}:sub"`):
    /// such a key must end in `:CLAIM` and is typed as a web identity claim. `info` is `None` when
    /// the key was reported.
    fn cond_key(&mut self, key: &CondKey, env: Env) -> Key {
        let (text, span) = match key {
            CondKey::Name(n) => {
                let info = self.key_info(&n.node, n.span);
                return Key {
                    name: n.node.clone(),
                    text: None,
                    info,
                };
            }
            CondKey::Str(s) => match (self.errors.len(), self.eval_str(s, env).val) {
                // An interpolation that failed is reported; no echo about what is left.
                (before, Value::Text(t)) if self.errors.len() == before => (t, s.span),
                _ => {
                    return Key {
                        name: String::new(),
                        text: None,
                        info: None,
                    };
                }
            },
        };
        self.policy_text(&text, span);
        if let Some(lit) = text.as_lit() {
            let info = self.key_info(&lit, span);
            return Key {
                name: lit,
                text: None,
                info,
            };
        }
        let name = text.to_source();
        let claim = match text.parts.last() {
            Some(Part::Lit(l)) => l.rsplit_once(':').map(|(_, c)| c.to_string()),
            _ => None,
        };
        let claim_ok = claim.as_deref().is_some_and(|c| {
            !c.is_empty()
                && c.chars()
                    .all(|ch| ch.is_ascii_alphanumeric() || "_-.".contains(ch))
        });
        let parts_ok = text
            .parts
            .iter()
            .all(|p| matches!(p, Part::Lit(_) | Part::Param(_) | Part::Current(_)));
        if !(claim_ok && parts_ok) {
            self.err(CheckError::Misuse {
                misuse: Misuse::NotIssuerKey { name: name.clone() },
                span,
            });
            return Key {
                name,
                text: None,
                info: None,
            };
        }
        let multi = claim.as_deref() == Some("amr");
        Key {
            name,
            text: Some(text),
            info: Some(KeyInfo {
                ty: KeyType::String,
                multi,
            }),
        }
    }

    fn lower_cond(&mut self, c: &ast::Cond, env: Env) -> Option<ir::aws::Condition> {
        match &c.kind {
            CondKind::Op {
                quant,
                key,
                op,
                value,
                if_present,
            } => {
                let key = self.cond_key(key, env);
                let v = self.eval(value, env);
                let info = key.info?;
                let operator = self.comparison_operator(c, *quant, op, &key, info, *if_present)?;
                let value_span = v.span;
                let before = self.errors.len();
                let values = self.cond_values(v, info.ty, operator.base);
                if values.is_empty() && self.errors.len() == before {
                    self.no_values(value_span);
                }
                Some(ir::aws::Condition {
                    operator,
                    key: key.name,
                    key_text: key.text,
                    values,
                    span: c.span,
                })
            }
            CondKind::Exists { key, negated } => {
                let key = self.cond_key(key, env);
                key.info?;
                Some(ir::aws::Condition {
                    operator: Operator::plain(Base::Null),
                    key: key.name,
                    key_text: key.text,
                    values: vec![Text::lit(if *negated { "true" } else { "false" })],
                    span: c.span,
                })
            }
            CondKind::Raw { op, key, values } => self.lower_raw(c, op, key, values, env),
        }
    }

    /// The IAM operator of a comparison (`when KEY == VALUE`, `when any KEY like VALUE if
    /// present`): chosen from the key's type; `None` once reported when none fits.
    fn comparison_operator(
        &mut self,
        c: &ast::Cond,
        quant: Option<Quant>,
        op: &Spanned<CmpOp>,
        key: &Key,
        info: KeyInfo,
        if_present: bool,
    ) -> Option<Operator> {
        let Some(base) = operator_for(op.node, info.ty) else {
            self.err(CheckError::OperatorMismatch {
                op: op.node.text().into(),
                key: key.name.clone(),
                key_type: info.ty.name().into(),
                span: op.span,
                help: Some(match info.ty {
                    KeyType::Bool => "compare a Bool key with `== true` or `== false`".into(),
                    KeyType::Numeric | KeyType::Date => "use ==, !=, <, <=, > or >=".into(),
                    _ => "use ==, !=, in, not in, like or not like".into(),
                }),
            });
            return None;
        };
        if let Some(q) = quant {
            if !info.multi && info.ty != KeyType::Unknown {
                self.err(CheckError::SingleValued {
                    quant: if q == Quant::Any { "any" } else { "all" }.into(),
                    key: key.name.clone(),
                    span: c.span,
                });
            }
        }
        Some(Operator {
            set: quant.map(|q| match q {
                Quant::Any => SetOp::ForAnyValue,
                Quant::All => SetOp::ForAllValues,
            }),
            base,
            if_exists: if_present,
        })
    }

    /// The raw form `when Operator(KEY, VALUES)`: IAM's operator as written, checked against the
    /// key's type.
    fn lower_raw(
        &mut self,
        c: &ast::Cond,
        op: &Spanned<String>,
        key: &CondKey,
        values: &[Expr],
        env: Env,
    ) -> Option<ir::aws::Condition> {
        let key = self.cond_key(key, env);
        let vals: Vec<V> = values.iter().map(|v| self.eval(v, env)).collect();
        let name = op.node.as_str();
        let Some(operator) = Operator::from_name(name) else {
            self.err(CheckError::UnknownOperator {
                op: name.into(),
                span: op.span,
                suggestion: suggest_operator(name),
            });
            return None;
        };
        let info = key.info?;
        self.raw_operator_fits(operator, name, op.span, &key, info);
        let base = operator.base;
        let ty = operator_family(base).unwrap_or(KeyType::Unknown);
        let mut texts = Vec::new();
        let before = self.errors.len();
        for v in vals {
            texts.extend(self.cond_values(v, ty, base));
        }
        if texts.is_empty() && self.errors.len() == before {
            let span = values
                .iter()
                .map(Expr::span)
                .reduce(Span::to)
                .unwrap_or(c.span);
            self.no_values(span);
        }
        Some(ir::aws::Condition {
            operator,
            key: key.name,
            key_text: key.text,
            values: texts,
            span: c.span,
        })
    }

    /// A raw operator's family against the key's type, and a set operator on a single-valued
    /// key.
    fn raw_operator_fits(
        &mut self,
        operator: Operator,
        name: &str,
        span: Span,
        key: &Key,
        info: KeyInfo,
    ) {
        if let Some(family) = operator_family(operator.base) {
            let fits = info.ty == KeyType::Unknown
                || family == info.ty
                || (family == KeyType::String && info.ty == KeyType::Arn);
            if !fits {
                self.err(CheckError::OperatorMismatch {
                    op: name.into(),
                    key: key.name.clone(),
                    key_type: info.ty.name().into(),
                    span,
                    help: None,
                });
            }
        }
        if operator.set.is_some() && !info.multi && info.ty != KeyType::Unknown {
            self.err(CheckError::SingleValued {
                quant: name.into(),
                key: key.name.clone(),
                span,
            });
        }
    }

    /// An empty value list (`when aws:username in []`) matches no request, and IAM rejects a
    /// condition without values.
    fn no_values(&mut self, span: Span) {
        self.err(CheckError::Misuse {
            misuse: Misuse::EmptyCondition,
            span,
        });
    }

    fn cond_values(&mut self, v: V, ty: KeyType, base: Base) -> Vec<Text> {
        let mut out = Vec::new();
        for item in v.flatten() {
            let text = match item.val {
                Value::Text(t) => {
                    self.check_policy_vars(&t, item.span);
                    t
                }
                Value::Int(n) => Text::lit(n.to_string()),
                Value::Bool(b) => Text::lit(b.to_string()),
                Value::Star => Text::lit("*"),
                Value::Managed(m) => managed_arn(&m),
                // `when aws:SourceIp in office_cidrs`: the list param's values.
                Value::ParamList(n) => {
                    out.push(Text {
                        parts: vec![Part::Param(n)],
                    });
                    continue;
                }
                Value::Error => continue,
                other => {
                    let help = self.arn_help(&other);
                    self.err(CheckError::TypeMismatch {
                        expected: "a condition value".into(),
                        found: describe(&other),
                        span: item.span,
                        help,
                    });
                    continue;
                }
            };
            self.policy_text(&text, item.span);
            if let Some(lit) = text.as_lit() {
                let ok = match (ty, base) {
                    (_, Base::Null) | (KeyType::Bool, _) => {
                        matches!(lit.as_str(), "true" | "false")
                    }
                    (KeyType::Numeric, _) => values::is_number(&lit),
                    (KeyType::Date, _) => values::is_date(&lit),
                    (KeyType::Ip, _) => values::is_cidr(&lit),
                    (
                        KeyType::Arn,
                        Base::ArnEquals | Base::ArnLike | Base::ArnNotEquals | Base::ArnNotLike,
                    ) => lit.starts_with("arn:") || lit == "*" || lit.starts_with("${"),
                    _ => true,
                };
                if !ok {
                    let expected = if base == Base::Null {
                        "Null (true or false)"
                    } else {
                        ty.name()
                    };
                    self.err(CheckError::BadConditionValue {
                        value: lit,
                        expected: expected.into(),
                        span: item.span,
                    });
                }
            }
            out.push(text);
        }
        out
    }
}
