//! Reading IAM policy JSON into the IR (the corpus test reads AWS managed policies with it; it is
//! the base of `iamx lint` and `iamx import`). Accepts what IAM accepts: a single statement or a
//! list, strings or lists for every multi-valued element, booleans and numbers as condition values.

use crate::aws::operator::Operator;
use crate::ir::aws::{
    Action, Condition, DocKind, Document, Effect, Principal, PrincipalKind, Resource, Statement,
};
use crate::ir::{self, Text};
use crate::span::Span;
use serde_json::Value;

#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum PolicyJsonError {
    #[error("invalid JSON: {0}")]
    Json(String),
    #[error("statement {index}: {message}")]
    Statement { index: usize, message: String },
    #[error("{0}")]
    Document(String),
}

fn strings(v: &Value, what: &str) -> Result<Vec<String>, String> {
    match v {
        Value::String(s) => Ok(vec![s.clone()]),
        Value::Array(items) => items
            .iter()
            .map(|i| match i {
                Value::String(s) => Ok(s.clone()),
                Value::Bool(b) => Ok(b.to_string()),
                Value::Number(n) => Ok(n.to_string()),
                _ => Err(format!("`{what}` holds a value that is not a string")),
            })
            .collect(),
        Value::Bool(b) => Ok(vec![b.to_string()]),
        Value::Number(n) => Ok(vec![n.to_string()]),
        _ => Err(format!("`{what}` must be a string or a list of strings")),
    }
}

/// Parse a policy document from text.
pub fn parse_str(text: &str, kind: DocKind) -> Result<Document, PolicyJsonError> {
    let v: Value = serde_json::from_str(text).map_err(|e| PolicyJsonError::Json(e.to_string()))?;
    parse(&v, kind)
}

/// Parse a policy document.
pub fn parse(v: &Value, kind: DocKind) -> Result<Document, PolicyJsonError> {
    let obj = v
        .as_object()
        .ok_or_else(|| PolicyJsonError::Document("a policy document is a JSON object".into()))?;
    let stmts = match obj.get("Statement") {
        Some(Value::Array(a)) => a.iter().collect::<Vec<_>>(),
        Some(s @ Value::Object(_)) => vec![s],
        _ => {
            return Err(PolicyJsonError::Document(
                "`Statement` is missing or not an object or list".into(),
            ));
        }
    };
    let mut statements = Vec::new();
    for (index, s) in stmts.into_iter().enumerate() {
        statements
            .push(statement(s).map_err(|message| PolicyJsonError::Statement { index, message })?);
    }
    Ok(Document {
        kind,
        statements,
        span: Span::default(),
    })
}

fn statement(v: &Value) -> Result<Statement, String> {
    let o = v.as_object().ok_or("a statement is a JSON object")?;
    let effect = match o.get("Effect").and_then(Value::as_str) {
        Some("Allow") => Effect::Allow,
        Some("Deny") => Effect::Deny,
        _ => return Err("`Effect` must be \"Allow\" or \"Deny\"".into()),
    };
    let (not_action, actions) = match (o.get("Action"), o.get("NotAction")) {
        (Some(a), None) => (false, strings(a, "Action")?),
        (None, Some(a)) => (true, strings(a, "NotAction")?),
        _ => return Err("a statement has exactly one of `Action` and `NotAction`".into()),
    };
    let (not_resource, resources) = match (o.get("Resource"), o.get("NotResource")) {
        (Some(r), None) => (false, strings(r, "Resource")?),
        (None, Some(r)) => (true, strings(r, "NotResource")?),
        (None, None) => (false, vec![]),
        _ => return Err("a statement has at most one of `Resource` and `NotResource`".into()),
    };
    let principal = principal(o.get("Principal"))?;
    let conditions = conditions(o.get("Condition"))?;
    Ok(Statement {
        sid: o.get("Sid").and_then(Value::as_str).map(str::to_string),
        effect,
        principal,
        not_action,
        actions: actions
            .into_iter()
            .map(|name| Action {
                name,
                span: Span::default(),
            })
            .collect(),
        not_resource,
        resources: resources
            .into_iter()
            .map(|r| Resource {
                text: Text::lit(r),
                span: Span::default(),
            })
            .collect(),
        conditions,
        span: Span::default(),
        allow: vec![],
    })
}

/// A statement's `Principal` element.
fn principal(principal: Option<&Value>) -> Result<Option<Principal>, String> {
    Ok(match principal {
        None => None,
        Some(Value::String(s)) if s == "*" => Some(Principal {
            kind: PrincipalKind::Anyone,
            values: vec![],
        }),
        Some(Value::Object(m)) => {
            let (k, vals) = m.iter().next().ok_or("`Principal` is empty")?;
            let values = strings(vals, "Principal")?;
            let kind = match k.as_str() {
                // `{"AWS": "*"}` is how a trust policy writes "everyone" (IAM rejects a bare
                // `"*"` there); it means the same as `"*"`.
                "AWS" if values == ["*"] => PrincipalKind::Anyone,
                "AWS" => PrincipalKind::Aws,
                "Service" => PrincipalKind::Service,
                "Federated" => PrincipalKind::Federated,
                other => return Err(format!("unknown principal type `{other}`")),
            };
            Some(Principal {
                kind,
                values: if kind == PrincipalKind::Anyone {
                    vec![]
                } else {
                    values.into_iter().map(Text::lit).collect()
                },
            })
        }
        Some(_) => return Err("`Principal` must be \"*\" or an object".into()),
    })
}

/// A statement's `Condition` element: one condition per operator and key.
fn conditions(condition: Option<&Value>) -> Result<Vec<Condition>, String> {
    let mut conditions = Vec::new();
    if let Some(c) = condition {
        let ops = c.as_object().ok_or("`Condition` must be an object")?;
        for (op, keys) in ops {
            let operator =
                Operator::parse(op).ok_or_else(|| format!("unknown condition operator `{op}`"))?;
            let keys = keys
                .as_object()
                .ok_or_else(|| format!("condition `{op}` must map keys to values"))?;
            for (key, vals) in keys {
                conditions.push(Condition {
                    operator,
                    key: key.clone(),
                    key_text: None,
                    values: strings(vals, key)?.into_iter().map(Text::lit).collect(),
                    span: Span::default(),
                });
            }
        }
    }
    Ok(conditions)
}

/// Round trip helper for tests: render an IR document back to JSON with the json backend's model.
pub fn render(doc: &Document) -> Option<String> {
    let program = ir::Program::default();
    let r = crate::aws::policy_json::write::Resolver::measuring(&program);
    r.document(doc)
        .ok()
        .and_then(|d| serde_json::to_string(&d).ok())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_single_statements_and_lists() {
        let d = parse_str(
            r#"{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:GetObject","Resource":["arn:aws:s3:::b/*"],
               "Condition":{"Bool":{"aws:SecureTransport":true}}}}"#,
            DocKind::Managed,
        )
        .unwrap();
        assert_eq!(d.statements.len(), 1);
        assert_eq!(d.statements[0].conditions[0].values[0], Text::lit("true"));
        let back = render(&d).unwrap();
        assert!(back.contains(r#""Action":"s3:GetObject""#), "{back}");
    }

    #[test]
    fn aws_star_is_everyone_and_round_trips() {
        for principal in [r#""*""#, r#"{"AWS":"*"}"#, r#"{"AWS":["*"]}"#] {
            let d = parse_str(
                &format!(r#"{{"Statement":[{{"Effect":"Allow","Principal":{principal},"Action":"sts:AssumeRole"}}]}}"#),
                DocKind::Trust,
            )
            .unwrap();
            let p = d.statements[0].principal.as_ref().unwrap();
            assert_eq!(p.kind, PrincipalKind::Anyone, "{principal}");
            let back = render(&d).unwrap();
            assert!(back.contains(r#""Principal":{"AWS":"*"}"#), "{back}");
        }
    }

    #[test]
    fn rejects_what_iam_rejects() {
        assert!(
            parse_str(
                r#"{"Statement":[{"Effect":"Maybe","Action":"s3:*"}]}"#,
                DocKind::Managed
            )
            .is_err()
        );
        assert!(
            parse_str(
                r#"{"Statement":[{"Effect":"Allow","Action":"a","NotAction":"b"}]}"#,
                DocKind::Managed
            )
            .is_err()
        );
        assert!(parse_str("[", DocKind::Managed).is_err());
    }
}
