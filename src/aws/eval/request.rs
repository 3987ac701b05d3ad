//! Evaluator stage: the request (who, which action, on what, with which context) that policies are
//! evaluated against.
//!
//! Pure data. Context keys are case-insensitive (IAM User Guide, "IAM JSON policy elements:
//! Condition": "condition key names are not case-sensitive"); values are kept as strings, as IAM
//! sends them, and each condition operator reads them as numbers, dates, booleans or addresses.

use std::collections::HashMap;

/// A context value: one string, or a set of strings for multi-valued keys (`aws:TagKeys`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Value {
    One(String),
    Many(Vec<String>),
}

impl Value {
    /// The values as a set (a single value is a set of one).
    pub fn as_slice(&self) -> &[String] {
        match self {
            Value::One(v) => std::slice::from_ref(v),
            Value::Many(v) => v,
        }
    }
}

impl From<&str> for Value {
    fn from(v: &str) -> Value {
        Value::One(v.to_string())
    }
}

impl From<String> for Value {
    fn from(v: String) -> Value {
        Value::One(v)
    }
}

impl From<bool> for Value {
    fn from(v: bool) -> Value {
        Value::One(v.to_string())
    }
}

impl From<i64> for Value {
    fn from(v: i64) -> Value {
        Value::One(v.to_string())
    }
}

impl From<Vec<String>> for Value {
    fn from(v: Vec<String>) -> Value {
        Value::Many(v)
    }
}

/// The request context: condition keys and their values.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Context {
    /// Lower-cased key → (key as given, value).
    map: HashMap<String, (String, Value)>,
}

impl Context {
    pub fn new() -> Context {
        Context::default()
    }

    /// Set `key` (any case) to `value`, replacing a previous value of the same key.
    pub fn insert(&mut self, key: &str, value: impl Into<Value>) {
        self.map
            .insert(key.to_ascii_lowercase(), (key.to_string(), value.into()));
    }

    pub fn get(&self, key: &str) -> Option<&Value> {
        self.get_lower(&key.to_ascii_lowercase())
    }

    /// Look up an already lower-cased key.
    pub fn get_lower(&self, key: &str) -> Option<&Value> {
        self.map.get(key).map(|(_, v)| v)
    }

    /// The keys and values, sorted by key, with the keys as given.
    pub fn entries(&self) -> Vec<(&str, &Value)> {
        let mut v: Vec<_> = self.map.values().map(|(k, v)| (k.as_str(), v)).collect();
        v.sort_by(|a, b| a.0.cmp(b.0));
        v
    }

    pub fn is_empty(&self) -> bool {
        self.map.is_empty()
    }
}

/// Who makes the request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Principal {
    /// An IAM user (`arn:aws:iam::111122223333:user/path/name`) or the account root
    /// (`arn:aws:iam::111122223333:root`).
    User { arn: String },
    /// A session of an IAM role: `arn` is the role's ARN (`arn:aws:iam::111122223333:role/path/name`),
    /// `session` the role session name. Its session ARN is
    /// `arn:aws:sts::111122223333:assumed-role/name/session`.
    RoleSession { arn: String, session: String },
    /// A service principal (`ecs-tasks.amazonaws.com`), for trust policies.
    Service(String),
    /// A federated identity provider: an OIDC or SAML provider ARN or a web identity host
    /// (`cognito-identity.amazonaws.com`), for trust policies.
    Federated(String),
    /// An unsigned request.
    Anonymous,
}

impl Principal {
    /// The AWS account the principal belongs to, for IAM users and roles.
    pub fn account(&self) -> Option<&str> {
        match self {
            Principal::User { arn } | Principal::RoleSession { arn, .. } => {
                arn.split(':').nth(4).filter(|a| !a.is_empty())
            }
            _ => None,
        }
    }

    /// The ARN of the principal's own identity: the user or root ARN, or for a role session the
    /// `assumed-role` session ARN.
    pub fn session_arn(&self) -> Option<String> {
        match self {
            Principal::User { arn } => Some(arn.clone()),
            Principal::RoleSession { arn, session } => {
                let mut parts = arn.splitn(6, ':');
                let (_, partition, _, _, account, resource) = (
                    parts.next()?,
                    parts.next()?,
                    parts.next()?,
                    parts.next()?,
                    parts.next()?,
                    parts.next()?,
                );
                let name = resource.rsplit('/').next()?;
                Some(format!(
                    "arn:{partition}:sts::{account}:assumed-role/{name}/{session}"
                ))
            }
            _ => None,
        }
    }

    /// Whether this is the account root user.
    pub fn is_root(&self) -> bool {
        matches!(self, Principal::User { arn } if arn.ends_with(":root"))
    }
}

/// One request: `principal` calls `action` on `resource` with `context`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Request {
    pub principal: Principal,
    /// `service:Action`, any case.
    pub action: String,
    /// The resource's ARN, or `*` for actions without a resource type.
    pub resource: String,
    pub context: Context,
}

impl Request {
    pub fn new(principal: Principal, action: &str, resource: &str) -> Request {
        Request {
            principal,
            action: action.to_string(),
            resource: resource.to_string(),
            context: Context::new(),
        }
    }

    /// The same request with `key` set in its context.
    pub fn with(mut self, key: &str, value: impl Into<Value>) -> Request {
        self.context.insert(key, value);
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn session_arn_and_account() {
        let p = Principal::RoleSession {
            arn: "arn:aws:iam::111122223333:role/team/app".into(),
            session: "s1".into(),
        };
        assert_eq!(p.account(), Some("111122223333"));
        assert_eq!(
            p.session_arn().as_deref(),
            Some("arn:aws:sts::111122223333:assumed-role/app/s1")
        );
        let mut c = Context::new();
        c.insert("AWS:SourceIp", "1.2.3.4");
        assert_eq!(c.get("aws:sourceip"), Some(&Value::One("1.2.3.4".into())));
    }
}
