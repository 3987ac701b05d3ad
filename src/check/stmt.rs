//! Statements, conditions and trust clauses: lowered to IR statements and checked against the
//! catalog (actions, condition keys and their types) and IAM's statement rules.

use super::error::CheckError;
use super::eval::{Env, V, Value, describe, managed_arn};
use super::{Checker, values};
use crate::ast::{self, CmpOp, CondKind, Expr, Quant};
use crate::catalog::{ActionLookup, KeyInfo, KeyType, catalog};
use crate::ir::{self, Text};
use crate::span::Span;

/// Every IAM condition operator (without `ForAnyValue:`/`ForAllValues:` and `IfExists`).
const OPERATORS: &[&str] = &[
    "StringEquals",
    "StringNotEquals",
    "StringEqualsIgnoreCase",
    "StringNotEqualsIgnoreCase",
    "StringLike",
    "StringNotLike",
    "NumericEquals",
    "NumericNotEquals",
    "NumericLessThan",
    "NumericLessThanEquals",
    "NumericGreaterThan",
    "NumericGreaterThanEquals",
    "DateEquals",
    "DateNotEquals",
    "DateLessThan",
    "DateLessThanEquals",
    "DateGreaterThan",
    "DateGreaterThanEquals",
    "Bool",
    "BinaryEquals",
    "IpAddress",
    "NotIpAddress",
    "ArnEquals",
    "ArnLike",
    "ArnNotEquals",
    "ArnNotLike",
    "Null",
];

/// The key type an operator family works on (`None`: any type).
fn operator_family(base: &str) -> Option<KeyType> {
    if base.starts_with("String") {
        Some(KeyType::String)
    } else if base.starts_with("Numeric") {
        Some(KeyType::Numeric)
    } else if base.starts_with("Date") {
        Some(KeyType::Date)
    } else if base == "Bool" {
        Some(KeyType::Bool)
    } else if base.contains("IpAddress") {
        Some(KeyType::Ip)
    } else if base.starts_with("Arn") {
        Some(KeyType::Arn)
    } else {
        None
    }
}

/// The IAM operator for an iamx comparison on a key of the given type.
fn operator_for(op: CmpOp, ty: KeyType) -> Option<&'static str> {
    use CmpOp::*;
    use KeyType as K;
    Some(match (ty, op) {
        (K::String | K::Unknown, Eq | In) => "StringEquals",
        (K::String | K::Unknown, Ne | NotIn) => "StringNotEquals",
        (K::String | K::Unknown, Like) => "StringLike",
        (K::String | K::Unknown, NotLike) => "StringNotLike",
        (K::Arn, Eq | In) => "ArnEquals",
        (K::Arn, Ne | NotIn) => "ArnNotEquals",
        (K::Arn, Like) => "ArnLike",
        (K::Arn, NotLike) => "ArnNotLike",
        (K::Numeric, Eq | In) => "NumericEquals",
        (K::Numeric, Ne | NotIn) => "NumericNotEquals",
        (K::Numeric, Lt) => "NumericLessThan",
        (K::Numeric, Le) => "NumericLessThanEquals",
        (K::Numeric, Gt) => "NumericGreaterThan",
        (K::Numeric, Ge) => "NumericGreaterThanEquals",
        (K::Date, Eq | In) => "DateEquals",
        (K::Date, Ne | NotIn) => "DateNotEquals",
        (K::Date, Lt) => "DateLessThan",
        (K::Date, Le) => "DateLessThanEquals",
        (K::Date, Gt) => "DateGreaterThan",
        (K::Date, Ge) => "DateGreaterThanEquals",
        (K::Bool, Eq | In) => "Bool",
        (K::Ip, Eq | In) => "IpAddress",
        (K::Ip, Ne | NotIn) => "NotIpAddress",
        _ => return None,
    })
}

impl Checker<'_> {
    /// Statement attributes: `@sid("X")` and `@allow(lint, ...)`.
    pub fn stmt_attrs(
        &mut self,
        attrs: &[ast::Attr],
        sid_ok: bool,
    ) -> (Option<(String, Span)>, Vec<String>) {
        let mut sid = None;
        let mut allow = Vec::new();
        for a in attrs {
            match a.name.name.as_str() {
                "sid" if sid_ok => match a.args.as_slice() {
                    [ast::AttrArg::Pos(Expr::Str(s))] if s.as_plain().is_some() => {
                        let text = s.as_plain().unwrap_or_default();
                        if !values::is_sid(&text) {
                            self.err(CheckError::BadSid {
                                sid: text.clone(),
                                span: s.span,
                            });
                        }
                        sid = Some((text, s.span));
                    }
                    _ => self.err(CheckError::Misuse {
                        what: "`@sid` takes one string literal".into(),
                        span: a.span,
                        help: "write `@sid(\"ReadInput\")`".into(),
                    }),
                },
                "allow" => allow.extend(self.allow_attr(a)),
                _ => self.err(CheckError::UnknownAttribute {
                    name: a.name.name.clone(),
                    span: a.name.span,
                }),
            }
        }
        (sid, allow)
    }

    /// The lint names of one `@allow(...)`.
    pub fn allow_attr(&mut self, a: &ast::Attr) -> Vec<String> {
        let mut out = Vec::new();
        for arg in &a.args {
            match arg {
                ast::AttrArg::Pos(Expr::Path(p)) if p.segs.len() == 1 => {
                    let name = &p.segs[0].name;
                    if crate::lints::is_lint(name) {
                        out.push(name.clone());
                    } else {
                        self.err(CheckError::Misuse {
                            what: format!("unknown lint `{name}`"),
                            span: p.span,
                            help: match crate::suggest::closest(name, crate::lints::names()) {
                                Some(s) => format!("did you mean `{s}`?"),
                                None => "`iamx explain` lists the lints".into(),
                            },
                        });
                    }
                }
                ast::AttrArg::Named(n, _) if n.name == "reason" => {}
                ast::AttrArg::Named(n, _) => self.err(CheckError::Misuse {
                    what: format!("`@allow` has no argument `{}`", n.name),
                    span: n.span,
                    help: "write `@allow(LINT, reason = \"why\")`".into(),
                }),
                ast::AttrArg::Pos(e) => self.err(CheckError::Misuse {
                    what: "`@allow` takes lint names".into(),
                    span: e.span(),
                    help: "write `@allow(wildcard_resource, reason = \"why\")`".into(),
                }),
            }
        }
        out
    }

    pub fn lower_actions(&mut self, exprs: &[Expr], env: Env) -> Vec<ir::Action> {
        let mut out = Vec::new();
        for e in exprs {
            for v in self.eval(e, env).flatten() {
                let name = match v.val {
                    Value::Action(a) => a,
                    Value::Star => "*".to_string(),
                    Value::Text(t) if t.as_lit().is_some_and(|s| s.contains(':') || s == "*") => {
                        t.as_lit().unwrap_or_default()
                    }
                    Value::Error => continue,
                    other => {
                        self.err(CheckError::TypeMismatch {
                            expected: "an action".into(),
                            found: describe(&other),
                            span: v.span,
                            help: Some(
                                "actions are written `service:Action`, e.g. `s3:GetObject`".into(),
                            ),
                        });
                        continue;
                    }
                };
                self.check_action(&name, v.span);
                out.push(ir::Action { name, span: v.span });
            }
        }
        out
    }

    /// Report a character IAM does not accept in a policy document (in the literal parts; params
    /// are checked where their values are known).
    pub fn policy_text(&mut self, t: &Text, span: Span) {
        for p in &t.parts {
            let (ir::Part::Lit(s) | ir::Part::PolicyVar(s)) = p else {
                continue;
            };
            if let Some(ch) = values::policy_char_problem(s) {
                self.err(CheckError::BadPolicyChar { ch, span });
                return;
            }
        }
    }

    /// "write `task.arn`" for a declaration used where an ARN belongs.
    fn arn_help(&self, v: &Value) -> Option<String> {
        match v {
            Value::Decl(r) => Some(format!(
                "write `{}.arn` for its ARN",
                self.graph.decl(*r).name.name
            )),
            _ => None,
        }
    }

    fn check_action(&mut self, name: &str, span: Span) {
        if name == "*" {
            return;
        }
        if !name.contains(':') {
            self.err(CheckError::UnknownAction {
                action: name.into(),
                span,
                suggestion: None,
            });
            return;
        }
        match catalog().lookup_action(name) {
            ActionLookup::Found(_) => {}
            ActionLookup::Pattern(v) if !v.is_empty() => {}
            ActionLookup::Pattern(_) => self.err(CheckError::PatternMatchesNothing {
                pattern: name.into(),
                span,
            }),
            ActionLookup::UnknownService { suggestion } => self.err(CheckError::UnknownService {
                service: name.split(':').next().unwrap_or(name).into(),
                span,
                suggestion,
            }),
            ActionLookup::UnknownAction { suggestion } => self.err(CheckError::UnknownAction {
                action: name.into(),
                span,
                suggestion,
            }),
        }
    }

    pub fn lower_resources(&mut self, exprs: &[Expr], env: Env) -> Vec<ir::Resource> {
        let mut out = Vec::new();
        for e in exprs {
            for v in self.eval(e, env).flatten() {
                let text = match v.val {
                    Value::Star => Text::lit("*"),
                    Value::Text(t) => {
                        if let Some(err) = self.arn_error(&t, v.span) {
                            self.err(err);
                        }
                        self.policy_text(&t, v.span);
                        t
                    }
                    Value::Managed(m) => managed_arn(&m),
                    Value::Error => {
                        // Already reported where it was made (a let, a value too large).
                        self.error_value = true;
                        continue;
                    }
                    other => {
                        let help = self.arn_help(&other);
                        self.err(CheckError::TypeMismatch {
                            expected: "a resource ARN".into(),
                            found: describe(&other),
                            span: v.span,
                            help,
                        });
                        continue;
                    }
                };
                out.push(ir::Resource { text, span: v.span });
            }
        }
        out
    }

    /// One identity-policy statement.
    pub fn lower_stmt(&mut self, s: &ast::Stmt, env: Env, inherited: &[String]) -> ir::Statement {
        let (sid, mut allow) = self.stmt_attrs(&s.attrs, true);
        allow.extend(inherited.iter().cloned());
        let before = self.errors.len();
        let actions = self.lower_actions(&s.actions, env);
        if actions.is_empty() && self.errors.len() == before {
            self.err(CheckError::Misuse {
                what: "this statement names no action".into(),
                span: s.span,
                help: "an empty list of actions grants nothing".into(),
            });
        }
        let (not_resource, resources) = match &s.resources {
            Some(r) => {
                let before = self.errors.len();
                self.error_value = false;
                let items = self.lower_resources(&r.items, env);
                if items.is_empty() && self.errors.len() == before && !self.error_value {
                    self.err(CheckError::Misuse {
                        what: "`on` names no resource".into(),
                        span: r.span,
                        help: "an empty list grants nothing; name at least one ARN, or `*`".into(),
                    });
                }
                (r.not, items)
            }
            None => {
                self.err(CheckError::MissingOn { span: s.span });
                (false, vec![])
            }
        };
        let conditions = self.lower_conds(&s.conds, env);
        ir::Statement {
            sid: sid.map(|s| s.0),
            effect: match s.effect {
                ast::Effect::Allow => ir::Effect::Allow,
                ast::Effect::Deny => ir::Effect::Deny,
            },
            principal: None,
            not_action: s.not_actions,
            actions,
            not_resource,
            resources,
            conditions,
            span: s.span,
            allow,
        }
    }

    pub fn lower_conds(&mut self, conds: &[ast::Cond], env: Env) -> Vec<ir::Condition> {
        let mut out: Vec<ir::Condition> = Vec::new();
        for c in conds {
            let Some(cond) = self.lower_cond(c, env) else {
                continue;
            };
            if let Some(first) = out
                .iter()
                .find(|o| o.operator == cond.operator && o.key.eq_ignore_ascii_case(&cond.key))
            {
                self.err(CheckError::ConflictingConditions {
                    op: cond.operator.clone(),
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

    fn key_info(&mut self, key: &crate::span::Spanned<String>) -> Option<KeyInfo> {
        let info = catalog().condition_key(&key.node);
        if info.is_none() {
            self.err(CheckError::UnknownKey {
                key: key.node.clone(),
                span: key.span,
                suggestion: catalog().suggest_key(&key.node),
            });
        }
        info
    }

    fn lower_cond(&mut self, c: &ast::Cond, env: Env) -> Option<ir::Condition> {
        match &c.kind {
            CondKind::Op {
                quant,
                key,
                op,
                value,
                if_present,
            } => {
                let info = self.key_info(key);
                let v = self.eval(value, env);
                let info = info?;
                let Some(base) = operator_for(op.node, info.ty) else {
                    self.err(CheckError::OperatorMismatch {
                        op: op.node.text().into(),
                        key: key.node.clone(),
                        key_type: info.ty.name().into(),
                        span: op.span,
                        help: Some(match info.ty {
                            KeyType::Bool => {
                                "compare a Bool key with `== true` or `== false`".into()
                            }
                            KeyType::Numeric | KeyType::Date => "use ==, !=, <, <=, > or >=".into(),
                            _ => "use ==, !=, in, not in, like or not like".into(),
                        }),
                    });
                    return None;
                };
                let mut operator = String::new();
                if let Some(q) = quant {
                    if !info.multi && info.ty != KeyType::Unknown {
                        self.err(CheckError::SingleValued {
                            quant: if *q == Quant::Any { "any" } else { "all" }.into(),
                            key: key.node.clone(),
                            span: c.span,
                        });
                    }
                    operator.push_str(if *q == Quant::Any {
                        "ForAnyValue:"
                    } else {
                        "ForAllValues:"
                    });
                }
                operator.push_str(base);
                if *if_present {
                    operator.push_str("IfExists");
                }
                let value_span = v.span;
                let before = self.errors.len();
                let values = self.cond_values(v, info.ty, base);
                if values.is_empty() && self.errors.len() == before {
                    self.no_values(value_span);
                }
                Some(ir::Condition {
                    operator,
                    key: key.node.clone(),
                    values,
                    span: c.span,
                })
            }
            CondKind::Exists { key, negated } => {
                self.key_info(key);
                Some(ir::Condition {
                    operator: "Null".into(),
                    key: key.node.clone(),
                    values: vec![Text::lit(if *negated { "true" } else { "false" })],
                    span: c.span,
                })
            }
            CondKind::Raw { op, key, values } => {
                let info = self.key_info(key);
                let vals: Vec<V> = values.iter().map(|v| self.eval(v, env)).collect();
                let name = op.node.as_str();
                let rest = name
                    .strip_prefix("ForAnyValue:")
                    .or_else(|| name.strip_prefix("ForAllValues:"))
                    .unwrap_or(name);
                let quantified = rest.len() != name.len();
                let base = rest.strip_suffix("IfExists").unwrap_or(rest);
                if !OPERATORS.contains(&base) || (base == "Null" && rest != base) {
                    let sug = crate::suggest::closest(base, OPERATORS.iter().copied())
                        .map(str::to_string);
                    self.err(CheckError::UnknownOperator {
                        op: name.into(),
                        span: op.span,
                        suggestion: sug,
                    });
                    return None;
                }
                let info = info?;
                if let Some(family) = operator_family(base) {
                    let fits = info.ty == KeyType::Unknown
                        || family == info.ty
                        || (family == KeyType::String && info.ty == KeyType::Arn);
                    if !fits {
                        self.err(CheckError::OperatorMismatch {
                            op: name.into(),
                            key: key.node.clone(),
                            key_type: info.ty.name().into(),
                            span: op.span,
                            help: None,
                        });
                    }
                }
                if quantified && !info.multi && info.ty != KeyType::Unknown {
                    self.err(CheckError::SingleValued {
                        quant: name.into(),
                        key: key.node.clone(),
                        span: op.span,
                    });
                }
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
                Some(ir::Condition {
                    operator: name.into(),
                    key: key.node.clone(),
                    values: texts,
                    span: c.span,
                })
            }
        }
    }

    /// An empty value list (`when aws:username in []`) matches no request, and IAM rejects a
    /// condition without values.
    fn no_values(&mut self, span: Span) {
        self.err(CheckError::Misuse {
            what: "this condition names no value".into(),
            span,
            help: "an empty list matches nothing and IAM rejects it; name at least one value, or drop the condition".into(),
        });
    }

    fn cond_values(&mut self, v: V, ty: KeyType, base: &str) -> Vec<Text> {
        let mut out = Vec::new();
        for item in v.flatten() {
            let text = match item.val {
                Value::Text(t) => t,
                Value::Int(n) => Text::lit(n.to_string()),
                Value::Bool(b) => Text::lit(b.to_string()),
                Value::Star => Text::lit("*"),
                Value::Managed(m) => managed_arn(&m),
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
                    (_, "Null") | (KeyType::Bool, _) => matches!(lit.as_str(), "true" | "false"),
                    (KeyType::Numeric, _) => values::is_number(&lit),
                    (KeyType::Date, _) => values::is_date(&lit),
                    (KeyType::Ip, _) => values::is_cidr(&lit),
                    (KeyType::Arn, _) if base.starts_with("Arn") => {
                        lit.starts_with("arn:") || lit == "*" || lit.starts_with("${")
                    }
                    _ => true,
                };
                if !ok {
                    let expected = if base == "Null" {
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
