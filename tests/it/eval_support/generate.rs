//! proptest strategies for evaluator cases over a small closed universe: actions and resources of
//! four services with `*`/`?` patterns, every condition operator family on keys of every type
//! (absent, present, multi-valued), policy variables with and without defaults, identity policies,
//! permissions boundaries and resource-based policies with their principals.
//!
//! The universe leaves out the constructs where iamx follows the AWS documentation and the oracle
//! does not; each is a fixed case in tests/it/evaluator.rs (`documented_divergences`) and a section
//! of docs/evaluation.md: `ForAnyValue:...IfExists` on an absent key, variables in `Bool`,
//! policies without `"Version": "2012-10-17"`, a wildcard in an action's service prefix, and
//! `NotResource` with an ARN of fewer than six segments or a variable without a value, variables
//! in ARN operators, epoch-second dates, `/0` networks and
//! IPv6 request addresses against IPv4 ranges. Requests pair each action with resources
//! of its own service, as real requests do.

use super::{Case, RequestJson};
use proptest::prelude::*;
use proptest::sample::select;
use serde_json::{Map, Value, json};

pub const ACCOUNT: &str = "111122223333";
pub const ALICE: &str = "arn:aws:iam::111122223333:user/alice";
pub const BOB: &str = "arn:aws:iam::111122223333:user/bob";
pub const ROLE: &str = "arn:aws:iam::111122223333:role/app";
pub const SESSION: &str = "arn:aws:sts::111122223333:assumed-role/app/s1";

/// Requests: an action and the resources it can act on.
const REQUESTS: &[(&str, &[&str])] = &[
    (
        "s3:GetObject",
        &[
            "arn:aws:s3:::bucket-a/data/file.txt",
            "arn:aws:s3:::bucket-a/alice/notes",
            "arn:aws:s3:::Bucket-A/data/x",
        ],
    ),
    (
        "s3:PutObject",
        &[
            "arn:aws:s3:::bucket-a/data/file.txt",
            "arn:aws:s3:::bucket-a/alice/notes",
        ],
    ),
    (
        "s3:ListBucket",
        &["arn:aws:s3:::bucket-a", "arn:aws:s3:::Bucket-A"],
    ),
    (
        "sqs:SendMessage",
        &[
            "arn:aws:sqs:us-east-1:111122223333:queue1",
            "arn:aws:sqs:eu-west-1:111122223333:queue2",
        ],
    ),
    (
        "dynamodb:GetItem",
        &["arn:aws:dynamodb:eu-west-1:111122223333:table/users"],
    ),
    (
        "ec2:TerminateInstances",
        &["arn:aws:ec2:us-east-1:111122223333:instance/i-123"],
    ),
];

const ACTION_PATTERNS: &[&str] = &[
    "*",
    "s3:*",
    "s3:Get*",
    "s3:get?bject",
    "S3:GETOBJECT",
    "s3:PutObject",
    "s3:List*",
    "sqs:*",
    "sqs:Send*",
    "dynamodb:GetItem",
    "ec2:*Instances",
    "s3:?utObject",
];

const RESOURCE_PATTERNS: &[&str] = &[
    "*",
    "arn:aws:s3:::bucket-a/*",
    "arn:aws:s3:::bucket-a",
    "arn:aws:s3:::bucket-?/*",
    "arn:aws:s3:::*",
    "arn:aws:s3:::Bucket-A/*",
    "arn:aws:s3:::bucket-a/data/*.txt",
    "arn:aws:s3:::bucket-a/${aws:username}/*",
    "arn:aws:s3:::bucket-a/${aws:PrincipalTag/team, 'data'}/*",
    "arn:aws:s3:::bucket-a/${*}",
    "arn:aws:sqs:*:111122223333:*",
    "arn:aws:sqs:*",
    "arn:aws:sqs:us-east-1:111122223333:queue?",
    "arn:aws:dynamodb:*:*:table/*",
    "arn:aws:ec2:us-east-1:*:instance/*",
    "arn:aws:ec2:*:instance/*",
];

/// `NotResource` patterns: full six-segment ARNs (see docs/evaluation.md on short ARNs).
const NOT_RESOURCE_PATTERNS: &[&str] = &[
    "arn:aws:s3:::bucket-a/*",
    "arn:aws:s3:::bucket-a",
    "arn:aws:s3:::bucket-?/data/*",
    "arn:aws:s3:::bucket-a/${aws:username, 'alice'}/*",
    "arn:aws:sqs:*:111122223333:*",
    "arn:aws:sqs:us-east-1:111122223333:queue1",
    "arn:aws:dynamodb:*:*:table/*",
    "arn:aws:ec2:us-east-1:*:instance/*",
];

#[derive(Clone, Copy, Debug)]
enum Family {
    Str,
    Ip,
    Date,
    Num,
    Bool,
    Arn,
    Multi,
}

/// Condition keys: (key, family, policy values, request values).
const KEYS: &[(&str, Family, &[&str], &[&str])] = &[
    (
        "aws:username",
        Family::Str,
        &["alice", "bob", "a*", "Alice", "${aws:PrincipalTag/team}"],
        &["alice", "bob", "a*"],
    ),
    (
        "aws:PrincipalTag/team",
        Family::Str,
        &[
            "data",
            "ops",
            "Data",
            "d?ta",
            "${aws:username}",
            "${aws:username, 'data'}",
        ],
        &["data", "Data", "ops"],
    ),
    (
        "aws:SourceIp",
        Family::Ip,
        &[
            "10.0.0.0/8",
            "10.1.2.3",
            "192.168.0.0/16",
            "2001:db8::/32",
            "128.0.0.0/1",
        ],
        &["10.1.2.3", "192.168.1.1", "8.8.8.8"],
    ),
    (
        "aws:CurrentTime",
        Family::Date,
        &[
            "2025-01-01T00:00:00Z",
            "2020-06-01",
            "2026-11-23T12:00:00+01:00",
            "2026-11-23T11:00:00Z",
        ],
        &["2026-11-23T12:00:00Z", "2019-01-01T00:00:00Z"],
    ),
    (
        "s3:max-keys",
        Family::Num,
        &["10", "100", "10.5", "5"],
        &["5", "10", "1000"],
    ),
    (
        "aws:SecureTransport",
        Family::Bool,
        &["true", "false"],
        &["true", "false"],
    ),
    (
        "aws:SourceArn",
        Family::Arn,
        &[
            "arn:aws:sqs:us-east-1:111122223333:queue1",
            "arn:aws:sqs:*:111122223333:*",
            "arn:aws:s3:::*",
            "arn:aws:*:*:*:*",
        ],
        &[
            "arn:aws:sqs:us-east-1:111122223333:queue1",
            "arn:aws:s3:::bucket-a",
        ],
    ),
    (
        "aws:TagKeys",
        Family::Multi,
        &["env", "team", "Env", "e*"],
        &[],
    ),
];

const MULTI_VALUES: &[&[&str]] = &[&[], &["env"], &["env", "team"], &["Env", "x"]];

fn operators(f: Family) -> &'static [&'static str] {
    match f {
        Family::Str | Family::Multi => &[
            "StringEquals",
            "StringNotEquals",
            "StringEqualsIgnoreCase",
            "StringNotEqualsIgnoreCase",
            "StringLike",
            "StringNotLike",
        ],
        Family::Ip => &["IpAddress", "NotIpAddress"],
        Family::Date => &[
            "DateEquals",
            "DateNotEquals",
            "DateLessThan",
            "DateLessThanEquals",
            "DateGreaterThan",
            "DateGreaterThanEquals",
        ],
        Family::Num => &[
            "NumericEquals",
            "NumericNotEquals",
            "NumericLessThan",
            "NumericLessThanEquals",
            "NumericGreaterThan",
            "NumericGreaterThanEquals",
        ],
        Family::Bool => &["Bool"],
        Family::Arn => &["ArnEquals", "ArnLike", "ArnNotEquals", "ArnNotLike"],
    }
}

/// One condition: (operator, key, values).
fn condition() -> impl Strategy<Value = (String, String, Value)> {
    (
        0..KEYS.len(),
        any::<u8>(),
        0u8..8,
        0u8..10,
        prop::collection::vec(any::<prop::sample::Index>(), 1..3),
    )
        .prop_map(|(k, op_i, modifier, null, picks)| {
            let (key, family, values, _) = KEYS[k];
            let ops = operators(family);
            let mut op = ops[op_i as usize % ops.len()].to_string();
            if null == 0 {
                let v = if modifier % 2 == 0 { "true" } else { "false" };
                return ("Null".into(), key.into(), json!(v));
            }
            let set = matches!(family, Family::Multi) || modifier == 7;
            if set {
                let prefix = if modifier % 2 == 0 {
                    "ForAnyValue:"
                } else {
                    "ForAllValues:"
                };
                op = format!("{prefix}{op}");
            } else if modifier < 2 {
                op.push_str("IfExists");
            }
            let vals: Vec<Value> = picks.iter().map(|i| json!(i.get(values))).collect();
            let value = if vals.len() == 1 {
                vals[0].clone()
            } else {
                Value::Array(vals)
            };
            (op, key.to_string(), value)
        })
}

fn one_or_many(items: Vec<&str>) -> Value {
    if items.len() == 1 {
        json!(items[0])
    } else {
        json!(items)
    }
}

fn principal_element() -> impl Strategy<Value = Value> {
    select(vec![
        json!("*"),
        json!({"AWS": "*"}),
        json!({"AWS": ACCOUNT}),
        json!({"AWS": format!("arn:aws:iam::{ACCOUNT}:root")}),
        json!({"AWS": ALICE}),
        json!({"AWS": ROLE}),
        json!({"AWS": SESSION}),
        json!({"AWS": [BOB, ROLE]}),
        json!({"AWS": "arn:aws:iam::444455556666:user/eve"}),
        json!({"Service": "ec2.amazonaws.com"}),
    ])
}

/// A statement; `resource_policy` adds a `Principal` (or, for a deny, sometimes `NotPrincipal`).
fn statement(resource_policy: bool) -> impl Strategy<Value = Value> {
    (
        prop::bool::weighted(0.7),
        prop::bool::weighted(0.15),
        prop::collection::vec(select(ACTION_PATTERNS), 1..3),
        prop::bool::weighted(0.15),
        prop::collection::vec(select(RESOURCE_PATTERNS), 1..3),
        prop::collection::vec(select(NOT_RESOURCE_PATTERNS), 1..3),
        prop::collection::vec(condition(), 0..3),
        principal_element(),
        prop::bool::weighted(0.15),
    )
        .prop_map(
            move |(
                allow,
                not_action,
                actions,
                not_resource,
                resources,
                not_resources,
                conds,
                principal,
                not_principal,
            )| {
                let mut s = Map::new();
                s.insert("Effect".into(), json!(if allow { "Allow" } else { "Deny" }));
                if resource_policy {
                    let name = if not_principal && !allow && principal != json!("*") {
                        "NotPrincipal"
                    } else {
                        "Principal"
                    };
                    s.insert(name.into(), principal);
                }
                let a = if not_action { "NotAction" } else { "Action" };
                s.insert(a.into(), one_or_many(actions));
                if not_resource {
                    s.insert("NotResource".into(), one_or_many(not_resources));
                } else {
                    s.insert("Resource".into(), one_or_many(resources));
                }
                if !conds.is_empty() {
                    let mut c: Map<String, Value> = Map::new();
                    for (op, key, value) in conds {
                        let entry = c.entry(op).or_insert_with(|| json!({}));
                        entry.as_object_mut().unwrap().insert(key, value);
                    }
                    s.insert("Condition".into(), Value::Object(c));
                }
                Value::Object(s)
            },
        )
}

pub fn document(resource_policy: bool) -> impl Strategy<Value = Value> {
    prop::collection::vec(statement(resource_policy), 1..4)
        .prop_map(|st| json!({"Version": "2012-10-17", "Statement": st}))
}

fn context() -> impl Strategy<Value = Map<String, Value>> {
    prop::collection::vec(
        (any::<prop::sample::Index>(), prop::bool::weighted(0.55)),
        KEYS.len(),
    )
    .prop_map(|picks| {
        let mut m = Map::new();
        for ((key, family, _, values), (i, present)) in KEYS.iter().zip(picks) {
            if !present {
                continue;
            }
            let v = match family {
                Family::Multi => json!(i.get(MULTI_VALUES)),
                _ => json!(i.get(values)),
            };
            m.insert((*key).to_string(), v);
        }
        m.insert("aws:PrincipalAccount".into(), json!(ACCOUNT));
        m
    })
}

pub fn request() -> impl Strategy<Value = RequestJson> {
    (
        select(vec![ALICE, BOB, SESSION]),
        select(REQUESTS),
        any::<prop::sample::Index>(),
        context(),
    )
        .prop_map(|(p, (action, resources), r, context)| RequestJson {
            principal: json!(p),
            action: action.into(),
            resource: r.get(resources).to_string(),
            context,
        })
}

/// A whole case: 0–3 identity policies, maybe a boundary, maybe a resource-based policy.
pub fn case() -> impl Strategy<Value = Case> {
    (
        prop::collection::vec(document(false), 0..4),
        prop::option::weighted(0.35, document(false)),
        prop::option::weighted(0.4, document(true)),
        request(),
    )
        .prop_map(|(identity, boundary, resource_policy, request)| Case {
            id: String::new(),
            name: None,
            source: None,
            identity,
            boundary,
            resource_policy,
            trust: None,
            request,
            expect: None,
        })
}
