//! Shared by the evaluator's tests (tests/it/evaluator.rs, eval_props.rs, eval_oracle.rs): a JSON
//! case format (policies, request, expected outcome) and a runner for it, plus the generators.
//!
//! Case format (also what tests/oracle/run.mjs reads):
//! `{"id", "name"?, "source"?, "identity": [doc], "boundary"?: doc, "resource_policy"?: doc,
//!   "trust"?: doc, "request": {"principal", "action", "resource", "context"}, "expect"?}`;
//! `principal` is an ARN (an `assumed-role` ARN is a role session) or `{"Service": ...}`,
//! `{"Federated": ...}`; `expect` is `Allowed`, `ExplicitlyDenied` or `ImplicitlyDenied`.

pub mod generate;

use iamx::aws::eval::{self, Context, Document, Outcome, PolicySet, Principal, Request};
use serde::{Deserialize, Serialize};
use serde_json::Value;

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Case {
    pub id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    #[serde(default)]
    pub identity: Vec<Value>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub boundary: Option<Value>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resource_policy: Option<Value>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub trust: Option<Value>,
    pub request: RequestJson,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expect: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct RequestJson {
    pub principal: Value,
    pub action: String,
    pub resource: String,
    #[serde(default)]
    pub context: serde_json::Map<String, Value>,
}

/// The oracle's name for an outcome.
pub fn outcome_name(o: Outcome) -> &'static str {
    match o {
        Outcome::Allowed => "Allowed",
        Outcome::ExplicitDeny => "ExplicitlyDenied",
        Outcome::ImplicitDeny => "ImplicitlyDenied",
    }
}

pub fn principal(v: &Value) -> Principal {
    if let Some(o) = v.as_object() {
        if let Some(Value::String(s)) = o.get("Service") {
            return Principal::Service(s.clone());
        }
        if let Some(Value::String(s)) = o.get("Federated") {
            return Principal::Federated(s.clone());
        }
        panic!("unknown principal {v}");
    }
    let arn = v.as_str().expect("a principal ARN");
    if let Some((head, rest)) = arn.split_once(":assumed-role/") {
        let (name, session) = rest.split_once('/').expect("assumed-role/NAME/SESSION");
        let (partition, account) = {
            let p: Vec<&str> = head.split(':').collect();
            (p[1], p[4])
        };
        return Principal::RoleSession {
            arn: format!("arn:{partition}:iam::{account}:role/{name}"),
            session: session.to_string(),
        };
    }
    Principal::User {
        arn: arn.to_string(),
    }
}

pub fn request(r: &RequestJson) -> Request {
    let mut context = Context::new();
    for (k, v) in &r.context {
        match v {
            Value::String(s) => context.insert(k, s.as_str()),
            Value::Array(items) => context.insert(
                k,
                items
                    .iter()
                    .map(|i| i.as_str().expect("string values").to_string())
                    .collect::<Vec<_>>(),
            ),
            other => context.insert(k, other.to_string()),
        }
    }
    Request {
        principal: principal(&r.principal),
        action: r.action.clone(),
        resource: r.resource.clone(),
        context,
    }
}

fn doc(v: &Value) -> Document {
    eval::read(v).unwrap_or_else(|e| panic!("{e}: {v}"))
}

/// Evaluate a case with iamx's evaluator: the outcome's name.
pub fn run(case: &Case) -> &'static str {
    outcome_name(decide(case).outcome)
}

pub fn decide(case: &Case) -> eval::Decision {
    let req = request(&case.request);
    if let Some(t) = &case.trust {
        return eval::evaluate_trust(&doc(t), &req);
    }
    let identity: Vec<Document> = case.identity.iter().map(doc).collect();
    let boundary = case.boundary.as_ref().map(doc);
    let resource: Vec<Document> = case.resource_policy.iter().map(doc).collect();
    let set = PolicySet {
        identity: identity.iter().collect(),
        boundary: boundary.as_ref(),
        resource: resource.iter().collect(),
    };
    eval::evaluate(&set, &req)
}

/// A statement written alone in a table stands for a one-statement document.
fn normalize(v: Value) -> Value {
    if v.get("Effect").is_some() {
        serde_json::json!({"Version": "2012-10-17", "Statement": [v]})
    } else {
        v
    }
}

fn load(path: &str) -> Vec<Case> {
    let full = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(path);
    let text = std::fs::read_to_string(&full).unwrap_or_else(|e| panic!("{path}: {e}"));
    let mut cases: Vec<Case> =
        serde_json::from_str(&text).unwrap_or_else(|e| panic!("{path}: {e}"));
    for c in &mut cases {
        c.identity = c.identity.drain(..).map(normalize).collect();
        c.boundary = c.boundary.take().map(normalize);
        c.resource_policy = c.resource_policy.take().map(normalize);
        c.trust = c.trust.take().map(normalize);
    }
    cases
}

/// The table of cases from AWS's documentation (tests/eval/cases.json).
pub fn table() -> Vec<Case> {
    load("tests/eval/cases.json")
}

/// Cases where iamx follows the AWS documentation and the oracle does not
/// (tests/eval/divergences.json; docs/evaluation.md explains each).
pub fn divergences() -> Vec<Case> {
    load("tests/eval/divergences.json")
}
