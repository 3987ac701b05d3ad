//! Evaluator stage: reading IAM policy JSON into the evaluator's model ([`super::model`]).
//!
//! Pure; takes a `serde_json::Value`. Accepts what IAM accepts (IAM User Guide, "IAM JSON policy
//! language grammar"): one statement or a list, one string or a list for every multi-valued
//! element, booleans and numbers as condition values. Anything else is a [`ReadError`] naming the
//! statement and element.

use super::condition::Condition;
use super::model::{
    ActionElement, ActionPattern, Document, Effect, PrincipalElement, PrincipalEntry,
    ResourceElement, ResourcePattern, Statement, VERSION_2012,
};
use crate::aws::operator::Operator;
use serde_json::{Map, Value};

/// Why a policy document could not be read. `statement` is the 0-based statement index.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ReadError {
    #[error("invalid JSON: {message}")]
    Json { message: String },
    #[error("a policy document must be a JSON object")]
    NotAnObject,
    #[error("`{element}` is not a policy document element")]
    UnknownDocumentElement { element: String },
    #[error("`{element}` must be {expected}")]
    DocumentType {
        element: &'static str,
        expected: &'static str,
    },
    #[error("the policy document has no `Statement`")]
    NoStatement,
    #[error("statement {statement}: a statement must be a JSON object")]
    StatementNotAnObject { statement: usize },
    #[error("statement {statement}: `{element}` is not a statement element")]
    UnknownElement { statement: usize, element: String },
    #[error("statement {statement}: `{element}` must be {expected}")]
    WrongType {
        statement: usize,
        element: String,
        expected: &'static str,
    },
    #[error("statement {statement}: `Effect` must be `Allow` or `Deny`, not `{value}`")]
    BadEffect { statement: usize, value: String },
    #[error("statement {statement}: `{element}` is required")]
    Missing {
        statement: usize,
        element: &'static str,
    },
    #[error("statement {statement}: `{first}` and `{second}` cannot both appear")]
    Conflict {
        statement: usize,
        first: &'static str,
        second: &'static str,
    },
    #[error("statement {statement}: `{operator}` is not an IAM condition operator")]
    UnknownOperator { statement: usize, operator: String },
    #[error("statement {statement}: `{kind}` is not a principal type")]
    UnknownPrincipalType { statement: usize, kind: String },
}

/// Read a policy document from JSON text.
pub fn read_str(text: &str) -> Result<Document, ReadError> {
    let v: Value = serde_json::from_str(text).map_err(|e| ReadError::Json {
        message: e.to_string(),
    })?;
    read(&v)
}

/// Read a policy document.
pub fn read(v: &Value) -> Result<Document, ReadError> {
    let obj = v.as_object().ok_or(ReadError::NotAnObject)?;
    let mut version = None;
    let mut id = None;
    let mut statements = None;
    for (k, val) in obj {
        match k.as_str() {
            "Version" => version = Some(doc_string(val, "Version")?),
            "Id" => id = Some(doc_string(val, "Id")?),
            "Statement" => statements = Some(val),
            _ => {
                return Err(ReadError::UnknownDocumentElement { element: k.clone() });
            }
        }
    }
    let variables = version.as_deref() == Some(VERSION_2012);
    let list = match statements.ok_or(ReadError::NoStatement)? {
        Value::Array(items) => items.iter().collect::<Vec<_>>(),
        one @ Value::Object(_) => vec![one],
        _ => {
            return Err(ReadError::DocumentType {
                element: "Statement",
                expected: "an object or a list of objects",
            });
        }
    };
    let statements = list
        .into_iter()
        .enumerate()
        .map(|(i, s)| statement(i, s, variables))
        .collect::<Result<_, _>>()?;
    Ok(Document {
        version,
        id,
        statements,
    })
}

fn doc_string(v: &Value, element: &'static str) -> Result<String, ReadError> {
    v.as_str()
        .map(str::to_string)
        .ok_or(ReadError::DocumentType {
            element,
            expected: "a string",
        })
}

/// The parts of a statement before they are checked.
#[derive(Default)]
struct Raw<'a> {
    sid: Option<&'a Value>,
    effect: Option<&'a Value>,
    principal: Option<(&'static str, &'a Value)>,
    action: Option<(&'static str, &'a Value)>,
    resource: Option<(&'static str, &'a Value)>,
    condition: Option<&'a Value>,
}

fn set<'a>(
    slot: &mut Option<(&'static str, &'a Value)>,
    name: &'static str,
    v: &'a Value,
    statement: usize,
) -> Result<(), ReadError> {
    if let Some((first, _)) = slot {
        return Err(ReadError::Conflict {
            statement,
            first,
            second: name,
        });
    }
    *slot = Some((name, v));
    Ok(())
}

fn statement(i: usize, v: &Value, variables: bool) -> Result<Statement, ReadError> {
    let obj = v
        .as_object()
        .ok_or(ReadError::StatementNotAnObject { statement: i })?;
    let raw = gather(i, obj)?;
    let sid = match raw.sid {
        Some(s) => Some(
            s.as_str()
                .ok_or_else(|| wrong(i, "Sid", "a string"))?
                .to_string(),
        ),
        None => None,
    };
    let effect = match raw.effect.map(|e| e.as_str()) {
        Some(Some("Allow")) => Effect::Allow,
        Some(Some("Deny")) => Effect::Deny,
        Some(Some(other)) => {
            return Err(ReadError::BadEffect {
                statement: i,
                value: other.to_string(),
            });
        }
        Some(None) => return Err(wrong(i, "Effect", "a string")),
        None => {
            return Err(ReadError::Missing {
                statement: i,
                element: "Effect",
            });
        }
    };
    let (aname, aval) = raw.action.ok_or(ReadError::Missing {
        statement: i,
        element: "Action",
    })?;
    let action = ActionElement {
        negated: aname == "NotAction",
        patterns: strings(i, aname, aval)?
            .iter()
            .map(|a| ActionPattern::new(a))
            .collect(),
    };
    let resource = match raw.resource {
        Some((name, val)) => Some(ResourceElement {
            negated: name == "NotResource",
            patterns: strings(i, name, val)?
                .iter()
                .map(|r| ResourcePattern::new(r, variables))
                .collect(),
        }),
        None => None,
    };
    let principal = match raw.principal {
        Some((name, val)) => Some(principal(i, name, val)?),
        None => None,
    };
    let conditions = match raw.condition {
        Some(c) => conditions(i, c, variables)?,
        None => Vec::new(),
    };
    Ok(Statement {
        sid,
        effect,
        principal,
        action,
        resource,
        conditions,
    })
}

fn gather(i: usize, obj: &Map<String, Value>) -> Result<Raw<'_>, ReadError> {
    let mut raw = Raw::default();
    for (k, val) in obj {
        match k.as_str() {
            "Sid" => raw.sid = Some(val),
            "Effect" => raw.effect = Some(val),
            "Principal" => set(&mut raw.principal, "Principal", val, i)?,
            "NotPrincipal" => set(&mut raw.principal, "NotPrincipal", val, i)?,
            "Action" => set(&mut raw.action, "Action", val, i)?,
            "NotAction" => set(&mut raw.action, "NotAction", val, i)?,
            "Resource" => set(&mut raw.resource, "Resource", val, i)?,
            "NotResource" => set(&mut raw.resource, "NotResource", val, i)?,
            "Condition" => raw.condition = Some(val),
            _ => {
                return Err(ReadError::UnknownElement {
                    statement: i,
                    element: k.clone(),
                });
            }
        }
    }
    Ok(raw)
}

fn wrong(statement: usize, element: &str, expected: &'static str) -> ReadError {
    ReadError::WrongType {
        statement,
        element: element.to_string(),
        expected,
    }
}

/// A string or a list of strings.
fn strings(i: usize, element: &str, v: &Value) -> Result<Vec<String>, ReadError> {
    let expected = "a string or a list of strings";
    match v {
        Value::String(s) => Ok(vec![s.clone()]),
        Value::Array(items) => items
            .iter()
            .map(|x| x.as_str().map(str::to_string))
            .collect::<Option<_>>()
            .ok_or_else(|| wrong(i, element, expected)),
        _ => Err(wrong(i, element, expected)),
    }
}

/// A condition value list: strings, booleans and numbers, one or many.
fn scalars(i: usize, element: &str, v: &Value) -> Result<Vec<String>, ReadError> {
    let one = |x: &Value| match x {
        Value::String(s) => Some(s.clone()),
        Value::Bool(b) => Some(b.to_string()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    };
    let expected = "a string, number or boolean, or a list of them";
    match v {
        Value::Array(items) => items
            .iter()
            .map(one)
            .collect::<Option<_>>()
            .ok_or_else(|| wrong(i, element, expected)),
        x => one(x)
            .map(|s| vec![s])
            .ok_or_else(|| wrong(i, element, expected)),
    }
}

fn principal(i: usize, name: &'static str, v: &Value) -> Result<PrincipalElement, ReadError> {
    let negated = name == "NotPrincipal";
    let entries = match v {
        Value::String(s) if s == "*" => vec![PrincipalEntry::Any],
        Value::Object(map) => {
            let mut out = Vec::new();
            for (kind, val) in map {
                for s in strings(i, &format!("{name}.{kind}"), val)? {
                    out.push(match kind.as_str() {
                        "AWS" if s == "*" => PrincipalEntry::Any,
                        "AWS" => PrincipalEntry::Aws(s),
                        "Service" => PrincipalEntry::Service(s),
                        "Federated" => PrincipalEntry::Federated(s),
                        "CanonicalUser" => PrincipalEntry::CanonicalUser(s),
                        _ => {
                            return Err(ReadError::UnknownPrincipalType {
                                statement: i,
                                kind: kind.clone(),
                            });
                        }
                    });
                }
            }
            out
        }
        _ => return Err(wrong(i, name, "`\"*\"` or an object of principal types")),
    };
    Ok(PrincipalElement { negated, entries })
}

fn conditions(i: usize, v: &Value, variables: bool) -> Result<Vec<Condition>, ReadError> {
    let ops = v
        .as_object()
        .ok_or_else(|| wrong(i, "Condition", "an object of operators"))?;
    let mut out = Vec::new();
    for (op_name, keys) in ops {
        let operator = Operator::parse(op_name).ok_or_else(|| ReadError::UnknownOperator {
            statement: i,
            operator: op_name.clone(),
        })?;
        let keys = keys
            .as_object()
            .ok_or_else(|| wrong(i, op_name, "an object of condition keys"))?;
        for (key, vals) in keys {
            let values = scalars(i, &format!("{op_name}.{key}"), vals)?;
            out.push(Condition::new(operator, key, &values, variables));
        }
    }
    Ok(out)
}
