//! Testing stage: the request context of an expectation — the keys AWS sets for the principal that
//! makes the request (derived), and the `with { ... }` map (given), which overrides them.
//!
//! Uses the IR, the evaluator's request model and the world. Derived keys (IAM User Guide, "AWS
//! global condition context keys", each key's Availability): for an IAM role session or user,
//! `aws:PrincipalArn`, `aws:PrincipalAccount`, `aws:PrincipalType`, `aws:PrincipalIsAWSService`,
//! `aws:PrincipalTag/KEY` for its tags and, for users, `aws:username`; for a service principal,
//! `aws:PrincipalIsAWSService` and `aws:PrincipalServiceName`. Nothing else is derived: no time,
//! no network, no MFA — a key not given is absent, as in a request that does not carry it.

use super::world::Principal;
use crate::aws::eval::{Context, Value};
use crate::aws::policy_json::write::{Missing, Resolver};
use crate::ir::Kind;
use crate::ir::aws::ContextEntry;
use std::fmt::Write;

/// One key of a request context.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Entry {
    pub key: String,
    pub value: Value,
    /// From the expectation's `with` map (otherwise derived).
    pub given: bool,
}

/// A request context, keys in a stable order: given keys as written, then derived ones.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RequestContext {
    pub entries: Vec<Entry>,
}

impl RequestContext {
    /// The given keys, resolved with the run's values.
    pub fn given(entries: &[ContextEntry], r: &Resolver<'_>) -> Result<RequestContext, Missing> {
        let mut out = RequestContext::default();
        for e in entries {
            let mut values = Vec::new();
            for t in &e.values {
                values.extend(r.values(t)?);
            }
            let value = match (e.many, values.len()) {
                (false, 1) => Value::One(values.swap_remove(0)),
                _ => Value::Many(values),
            };
            out.entries.push(Entry {
                key: e.key.clone(),
                value,
                given: true,
            });
        }
        Ok(out)
    }

    /// Add a derived key unless the expectation gives it.
    pub fn derive(&mut self, key: &str, value: impl Into<Value>) {
        if !self.has(key) {
            self.entries.push(Entry {
                key: key.to_string(),
                value: value.into(),
                given: false,
            });
        }
    }

    pub fn has(&self, key: &str) -> bool {
        self.entries.iter().any(|e| e.key.eq_ignore_ascii_case(key))
    }

    /// The keys a request made by `p` carries.
    pub fn derive_principal(&mut self, p: &Principal) {
        self.derive_arn(&p.arn);
        for (k, v) in &p.tags {
            self.derive(&format!("aws:PrincipalTag/{k}"), v.as_str());
        }
        if p.kind == Kind::User {
            self.derive("aws:username", p.name.as_str());
        }
    }

    /// The keys of a principal known only by its ARN (a role, a user, an account root).
    pub fn derive_arn(&mut self, arn: &str) {
        let account = arn.split(':').nth(4).unwrap_or_default().to_string();
        let resource = arn.split(':').nth(5).unwrap_or_default();
        let ty = if resource == "root" {
            "Account"
        } else if resource.starts_with("role/") {
            "AssumedRole"
        } else {
            "User"
        };
        self.derive("aws:PrincipalArn", arn);
        self.derive("aws:PrincipalAccount", account);
        self.derive("aws:PrincipalType", ty);
        self.derive("aws:PrincipalIsAWSService", "false");
    }

    /// The keys a service principal's request carries.
    pub fn derive_service(&mut self, service: &str) {
        self.derive("aws:PrincipalIsAWSService", "true");
        self.derive("aws:PrincipalServiceName", service);
    }

    /// The evaluator's context.
    pub fn to_eval(&self) -> Context {
        let mut c = Context::new();
        for e in &self.entries {
            c.insert(&e.key, e.value.clone());
        }
        c
    }

    /// For a help line: `aws:SourceIp = 10.0.0.1 (given), aws:PrincipalArn = ... (derived)`.
    pub fn describe(&self) -> String {
        if self.entries.is_empty() {
            return "the request context is empty".into();
        }
        let mut s = String::from("request context: ");
        for (i, e) in self.entries.iter().enumerate() {
            if i > 0 {
                s.push_str(", ");
            }
            let value = match &e.value {
                Value::One(v) => format!("`{v}`"),
                Value::Many(vs) => format!(
                    "[{}]",
                    vs.iter()
                        .map(|v| format!("`{v}`"))
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            };
            let from = if e.given { "" } else { " (derived)" };
            let _ = write!(s, "`{}` = {value}{from}", e.key);
        }
        s
    }
}
