//! Testing stage: an IAM policy document as the json target writes it (`iamjson`'s typed model)
//! turned into the evaluator's model directly, element by element, as `eval::read` reads the
//! same JSON — without building a JSON tree for each of ten thousand documents.
//!
//! Uses `iamjson` and the evaluator's model. A test in this module checks that both ways give the
//! same document.

use crate::aws::eval::condition::Condition;
use crate::aws::eval::model::{
    ActionElement, ActionPattern, Document, Effect, PrincipalElement, PrincipalEntry,
    ResourceElement, ResourcePattern, Statement, VERSION_2012,
};
use crate::aws::operator::Operator;
use crate::aws::policy_json::write::{OneOrMany, PolicyDocument, PrincipalJson, StatementJson};

fn list(v: &OneOrMany) -> &[String] {
    match v {
        OneOrMany::One(s) => std::slice::from_ref(s),
        OneOrMany::Many(v) => v,
    }
}

fn principal(p: &PrincipalJson) -> PrincipalElement {
    let PrincipalJson::Map(m) = p;
    let mut entries = Vec::new();
    for (kind, values) in m {
        for v in list(values) {
            entries.push(match kind.as_str() {
                "AWS" if v == "*" => PrincipalEntry::Any,
                "AWS" => PrincipalEntry::Aws(v.clone()),
                "Service" => PrincipalEntry::Service(v.clone()),
                "Federated" => PrincipalEntry::Federated(v.clone()),
                _ => PrincipalEntry::CanonicalUser(v.clone()),
            });
        }
    }
    PrincipalElement {
        negated: false,
        entries,
    }
}

fn statement(s: &StatementJson) -> Option<Statement> {
    let (negated, actions) = match (&s.action, &s.not_action) {
        (Some(a), None) => (false, a),
        (None, Some(a)) => (true, a),
        _ => return None,
    };
    let resource = match (&s.resource, &s.not_resource) {
        (Some(r), None) => Some((false, r)),
        (None, Some(r)) => Some((true, r)),
        _ => None,
    };
    let mut conditions = Vec::new();
    for (op, keys) in s.condition.iter().flatten() {
        let operator = Operator::parse(op)?;
        for (key, values) in keys {
            conditions.push(Condition::new(operator, key, list(values), true));
        }
    }
    Some(Statement {
        sid: s.sid.clone(),
        effect: if s.effect == "Deny" {
            Effect::Deny
        } else {
            Effect::Allow
        },
        principal: s.principal.as_ref().map(principal),
        action: ActionElement {
            negated,
            patterns: list(actions)
                .iter()
                .map(|a| ActionPattern::new(a))
                .collect(),
        },
        resource: resource.map(|(negated, r)| ResourceElement {
            negated,
            patterns: list(r)
                .iter()
                .map(|p| ResourcePattern::new(p, true))
                .collect(),
        }),
        conditions,
    })
}

/// The evaluator's document for a rendered IR document; `None` for an element the evaluator
/// would refuse (an unknown condition operator), which the checker does not let through.
pub fn document(d: &PolicyDocument) -> Option<Document> {
    Some(Document {
        version: Some(VERSION_2012.to_string()),
        id: None,
        statements: d.statement.iter().map(statement).collect::<Option<_>>()?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::aws::policy_json::write::Resolver;
    use crate::driver::compile_str;

    #[test]
    fn the_same_document_as_reading_the_json() {
        let src = r#"
            param team: String = "data"
            role r {
              trust service "ecs-tasks.amazonaws.com" when aws:SourceAccount == current.account
              trust anyone when aws:PrincipalOrgID == "o-1"
              inline {
                @sid("A")
                allow s3:GetObject, s3:List* on "arn:aws:s3:::b/${aws:username}/*", "arn:aws:s3:::c"
                  when aws:SourceIp in ["10.0.0.0/8"] when any aws:TagKeys like "t*"
                deny not iam:* on not "arn:aws:iam::111122223333:role/${team}"
              }
            }
        "#;
        let c = compile_str("t.iamx", src);
        let p = c.program.unwrap();
        let mut r = Resolver::measuring(&p);
        r.account = Some("111122223333".into());
        for e in &p.entities {
            for (_, d) in e.documents() {
                let json = r.document(d).unwrap();
                let via_json =
                    crate::aws::eval::read(&serde_json::to_value(&json).unwrap()).unwrap();
                assert_eq!(document(&json).unwrap(), via_json);
            }
        }
    }
}
