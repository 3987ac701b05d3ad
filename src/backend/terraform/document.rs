//! Policy documents for the terraform target: `data "aws_iam_policy_document"` blocks with
//! statements in author order, or the document as JSON where the data source would change its
//! meaning.

use super::text;
use crate::backend::hcl::{Block, Expr};
use crate::ir::{Condition, Document, Effect, Part, PrincipalKind, Statement, Text};

fn texts(ts: impl IntoIterator<Item = Text>) -> Expr {
    Expr::List(ts.into_iter().map(|t| text(&t)).collect())
}

fn statement(s: &Statement) -> Block {
    let mut b = Block::new("statement", &[]);
    if let Some(sid) = &s.sid {
        b.attr("sid", Expr::str(sid.clone()));
    }
    b.attr(
        "effect",
        Expr::str(if s.effect == Effect::Allow {
            "Allow"
        } else {
            "Deny"
        }),
    );
    let actions = Expr::List(
        s.actions
            .iter()
            .map(|a| Expr::str(a.name.clone()))
            .collect(),
    );
    b.attr(
        if s.not_action {
            "not_actions"
        } else {
            "actions"
        },
        actions,
    );
    if !s.resources.is_empty() {
        let r = texts(s.resources.iter().map(|r| r.text.clone()));
        b.attr(
            if s.not_resource {
                "not_resources"
            } else {
                "resources"
            },
            r,
        );
    }
    if let Some(p) = &s.principal {
        let (ty, ids) = match p.kind {
            // `{"AWS": "*"}`: IAM rejects a bare `"*"` in a role trust policy.
            PrincipalKind::Anyone => ("AWS", Expr::List(vec![Expr::str("*")])),
            PrincipalKind::Aws => ("AWS", texts(p.values.clone())),
            PrincipalKind::Service => ("Service", texts(p.values.clone())),
            PrincipalKind::Federated => ("Federated", texts(p.values.clone())),
        };
        let mut pb = Block::new("principals", &[]);
        pb.attr("type", Expr::str(ty)).attr("identifiers", ids);
        b.block(pb);
    }
    for c in &s.conditions {
        b.block(condition(c));
    }
    b
}

fn condition(c: &Condition) -> Block {
    let mut b = Block::new("condition", &[]);
    let variable = match &c.key_text {
        Some(t) => text(t),
        None => Expr::str(c.key.clone()),
    };
    b.attr("test", Expr::str(c.operator.clone()))
        .attr("variable", variable)
        .attr("values", texts(c.values.clone()));
    b
}

pub(super) fn document(label: &str, d: &Document) -> Block {
    let mut b = Block::new("data", &["aws_iam_policy_document", label]);
    b.attr("version", Expr::str("2012-10-17"));
    if amp_brace(d) {
        b.attr(
            "source_policy_documents",
            Expr::List(vec![Expr::Call(
                "jsonencode".into(),
                vec![json_document(d)],
            )]),
        );
        return b;
    }
    for s in &d.statements {
        b.block(statement(s));
    }
    b
}

/// Whether a document holds a literal `&{` where `aws_iam_policy_document` reads `&{` as the
/// start of an IAM policy variable (resources, principals, condition values). No escape exists
/// there, so such a document is handed to the data source as JSON (`source_policy_documents`),
/// which it takes as written.
fn amp_brace(d: &Document) -> bool {
    let has = |t: &Text| {
        let mut lit = String::new();
        t.parts.iter().any(|p| match p {
            Part::Lit(l) => {
                lit.push_str(l);
                lit.contains("&{")
            }
            _ => {
                lit.clear();
                false
            }
        })
    };
    d.statements.iter().any(|s| {
        s.resources.iter().any(|r| has(&r.text))
            || s.principal.iter().flat_map(|p| &p.values).any(has)
            || s.conditions.iter().flat_map(|c| &c.values).any(has)
    })
}

/// One value or a list, as IAM JSON writes them.
fn one_or_many(mut v: Vec<Expr>) -> Expr {
    if v.len() == 1 {
        v.remove(0)
    } else {
        Expr::List(v)
    }
}

/// A document as the HCL object `jsonencode` turns into IAM JSON (same keys and order as the
/// json target).
fn json_document(d: &Document) -> Expr {
    let statements = d
        .statements
        .iter()
        .map(|s| {
            let mut o: Vec<(String, Expr)> = Vec::new();
            if let Some(sid) = &s.sid {
                o.push(("Sid".into(), Expr::str(sid.clone())));
            }
            let effect = if s.effect == Effect::Allow {
                "Allow"
            } else {
                "Deny"
            };
            o.push(("Effect".into(), Expr::str(effect)));
            if let Some(p) = &s.principal {
                let (key, ids) = match p.kind {
                    PrincipalKind::Anyone => ("AWS", vec![Expr::str("*")]),
                    PrincipalKind::Aws => ("AWS", p.values.iter().map(text).collect()),
                    PrincipalKind::Service => ("Service", p.values.iter().map(text).collect()),
                    PrincipalKind::Federated => ("Federated", p.values.iter().map(text).collect()),
                };
                o.push((
                    "Principal".into(),
                    Expr::Object(vec![(key.into(), one_or_many(ids))]),
                ));
            }
            let actions = s
                .actions
                .iter()
                .map(|a| Expr::str(a.name.clone()))
                .collect();
            let akey = if s.not_action { "NotAction" } else { "Action" };
            o.push((akey.into(), one_or_many(actions)));
            if !s.resources.is_empty() {
                let rkey = if s.not_resource {
                    "NotResource"
                } else {
                    "Resource"
                };
                let rs = s.resources.iter().map(|r| text(&r.text)).collect();
                o.push((rkey.into(), one_or_many(rs)));
            }
            if !s.conditions.is_empty() {
                let mut ops: Vec<(String, Expr)> = Vec::new();
                for c in &s.conditions {
                    let v = one_or_many(c.values.iter().map(text).collect());
                    // A key built from params is an expression key: `("${var.issuer}:sub")`.
                    let key = match &c.key_text {
                        Some(t) => format!("({})", crate::backend::hcl::single_line(&text(t))),
                        None => c.key.clone(),
                    };
                    match ops.iter_mut().find(|(o, _)| *o == c.operator) {
                        Some((_, Expr::Object(keys))) => keys.push((key, v)),
                        _ => ops.push((c.operator.clone(), Expr::Object(vec![(key, v)]))),
                    }
                }
                o.push(("Condition".into(), Expr::Object(ops)));
            }
            Expr::Object(o)
        })
        .collect();
    Expr::Object(vec![
        ("Version".into(), Expr::str("2012-10-17")),
        ("Statement".into(), Expr::List(statements)),
    ])
}
