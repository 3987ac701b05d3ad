//! Property tests of the evaluator over generated policies and requests (the universe of
//! tests/it/eval_support/generate.rs): invariants of AWS's evaluation logic that hold whatever the
//! policies say.
#[cfg(test)]
use crate::eval_support as support;

use iamx::aws::eval::{self, Document, Layer, Outcome, PolicySet};
use proptest::prelude::*;
use serde_json::{Value, json};
use support::Case;

fn docs(vs: &[Value]) -> Vec<Document> {
    vs.iter().map(|v| eval::read(v).unwrap()).collect()
}

fn decide_with(
    identity: &[Value],
    boundary: Option<&Value>,
    resource: Option<&Value>,
    c: &Case,
) -> eval::Decision {
    let id = docs(identity);
    let b = boundary.map(|v| eval::read(v).unwrap());
    let r: Vec<Document> = resource.iter().map(|v| eval::read(v).unwrap()).collect();
    let set = PolicySet {
        identity: id.iter().collect(),
        boundary: b.as_ref(),
        resource: r.iter().collect(),
    };
    eval::evaluate(&set, &support::request(&c.request))
}

fn outcome(c: &Case) -> Outcome {
    support::decide(c).outcome
}

const ALLOW_ALL: &str =
    r#"{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"*","Resource":"*"}}"#;

proptest! {
    #![proptest_config(ProptestConfig { cases: 600, ..ProptestConfig::default() })]

    /// An explicit deny dominates: adding a statement that denies everything to any identity
    /// policy makes every request `ExplicitDeny`, whatever else allows it.
    #[test]
    fn deny_dominates(c in support::generate::case()) {
        let mut identity = c.identity.clone();
        identity.push(json!({"Version": "2012-10-17", "Statement":
            {"Effect": "Deny", "Action": "*", "Resource": "*"}}));
        let d = decide_with(&identity, c.boundary.as_ref(), c.resource_policy.as_ref(), &c);
        prop_assert_eq!(d.outcome, Outcome::ExplicitDeny);
    }

    /// Adding an allow never turns `Allowed` into a deny, nor `ExplicitDeny` into anything else.
    #[test]
    fn adding_an_identity_allow_is_monotone(c in support::generate::case(), extra in support::generate::document(false)) {
        let before = outcome(&c);
        let allow_only = only_allows(&extra);
        let mut identity = c.identity.clone();
        identity.push(allow_only);
        let after = decide_with(&identity, c.boundary.as_ref(), c.resource_policy.as_ref(), &c).outcome;
        match before {
            Outcome::Allowed => prop_assert_eq!(after, Outcome::Allowed),
            Outcome::ExplicitDeny => prop_assert_eq!(after, Outcome::ExplicitDeny),
            Outcome::ImplicitDeny => prop_assert_ne!(after, Outcome::ExplicitDeny),
        }
    }

    /// A permissions boundary only removes: with one, nothing is allowed that is not allowed
    /// without it; and a boundary that allows everything changes no decision (unless a resource
    /// policy has a `NotPrincipal` deny, which always denies a principal with a boundary).
    #[test]
    fn boundary_intersection_is_monotone(c in support::generate::case(), b in support::generate::document(false)) {
        let without = decide_with(&c.identity, None, c.resource_policy.as_ref(), &c).outcome;
        let with = decide_with(&c.identity, Some(&b), c.resource_policy.as_ref(), &c).outcome;
        if with == Outcome::Allowed {
            prop_assert_eq!(without, Outcome::Allowed);
        }
        let not_principal = c.resource_policy.as_ref().is_some_and(|r| r.to_string().contains("NotPrincipal"));
        prop_assume!(!not_principal);
        let all: Value = serde_json::from_str(ALLOW_ALL).unwrap();
        let open = decide_with(&c.identity, Some(&all), c.resource_policy.as_ref(), &c).outcome;
        prop_assert_eq!(open, without);
    }

    /// Without a resource-based policy, `Allowed` needs an identity allow (and a boundary allow
    /// if there is a boundary), and the decision names them; `ExplicitDeny` names a deny.
    #[test]
    fn decisions_name_their_statements(c in support::generate::case()) {
        let d = decide_with(&c.identity, c.boundary.as_ref(), None, &c);
        let layers: Vec<Layer> = d.statements.iter().map(|s| s.layer).collect();
        match d.outcome {
            Outcome::Allowed => {
                prop_assert!(layers.contains(&Layer::Identity));
                prop_assert_eq!(c.boundary.is_some(), layers.contains(&Layer::Boundary));
            }
            Outcome::ExplicitDeny => prop_assert!(!d.statements.is_empty()),
            Outcome::ImplicitDeny => {}
        }
        let id = docs(&c.identity);
        let b = c.boundary.as_ref().map(|v| eval::read(v).unwrap());
        for s in &d.statements {
            let doc = match s.layer {
                Layer::Identity => &id[s.document],
                Layer::Boundary => b.as_ref().unwrap(),
                _ => unreachable!(),
            };
            let effect = doc.statements[s.statement].effect;
            let want = if d.outcome == Outcome::ExplicitDeny { eval::Effect::Deny } else { eval::Effect::Allow };
            prop_assert_eq!(effect, want);
        }
    }

    /// Action names are case-insensitive: the request's action in any case decides the same.
    #[test]
    fn action_case_does_not_matter(c in support::generate::case()) {
        let mut upper = c.clone();
        upper.request.action = c.request.action.to_uppercase();
        prop_assert_eq!(outcome(&c), outcome(&upper));
    }

    /// Condition key names are case-insensitive.
    #[test]
    fn context_key_case_does_not_matter(c in support::generate::case()) {
        let mut upper = c.clone();
        upper.request.context = c.request.context.iter().map(|(k, v)| (k.to_uppercase(), v.clone())).collect();
        prop_assert_eq!(outcome(&c), outcome(&upper));
    }

    /// The evaluator is deterministic and does not depend on the order of the policies.
    #[test]
    fn policy_order_does_not_change_the_outcome(c in support::generate::case()) {
        let mut rev = c.clone();
        rev.identity.reverse();
        prop_assert_eq!(outcome(&c), outcome(&rev));
    }
}

/// The document with its deny statements removed (an allow-only document; at least one
/// statement stays, an allow of nothing if all were denies).
fn only_allows(doc: &Value) -> Value {
    let statements: Vec<Value> = doc["Statement"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|s| s["Effect"] == "Allow")
        .cloned()
        .collect();
    let statements = if statements.is_empty() {
        vec![json!({"Effect": "Allow", "Action": "none:None", "Resource": "*"})]
    } else {
        statements
    };
    json!({"Version": "2012-10-17", "Statement": statements})
}
