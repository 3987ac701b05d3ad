//! Policy documents for the terraform target: `data "aws_iam_policy_document"` blocks with
//! statements in author order, or the document as JSON where the data source would change its
//! meaning.

use super::text;
use crate::backend::hcl::{Block, Expr};
use crate::ir::aws::{Condition, Document, Effect, PrincipalKind, Statement};
use crate::ir::{Part, Program, Text};

/// Rendering documents needs the program to tell list params from scalars.
pub(super) struct Docs<'p> {
    pub program: &'p Program,
}

impl Docs<'_> {
    /// A list attribute: `[...]`, a list param as `var.x`, or `concat([...], var.x, ...)` when
    /// a list param stands among other values.
    fn texts(&self, ts: impl IntoIterator<Item = Text>) -> Expr {
        let mut groups: Vec<Expr> = Vec::new();
        let mut scalars: Vec<Expr> = Vec::new();
        for t in ts {
            match self.program.list_param(&t) {
                Some(p) => {
                    if !scalars.is_empty() {
                        groups.push(Expr::List(std::mem::take(&mut scalars)));
                    }
                    groups.push(Expr::Raw(format!("var.{}", p.name)));
                }
                None => scalars.push(text(&t)),
            }
        }
        if groups.is_empty() {
            return Expr::List(scalars);
        }
        if !scalars.is_empty() {
            groups.push(Expr::List(scalars));
        }
        if groups.len() == 1 {
            groups.remove(0)
        } else {
            Expr::Call("concat".into(), groups)
        }
    }

    /// One value or a list, as IAM JSON writes them (a list param is a list).
    fn one_or_many(&self, ts: &[Text]) -> Expr {
        match ts {
            [one] if self.program.list_param(one).is_none() => text(one),
            _ => self.texts(ts.iter().cloned()),
        }
    }

    fn statement(&self, s: &Statement) -> Block {
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
            let r = self.texts(s.resources.iter().map(|r| r.text.clone()));
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
                PrincipalKind::Aws => ("AWS", self.texts(p.values.clone())),
                PrincipalKind::Service => ("Service", self.texts(p.values.clone())),
                PrincipalKind::Federated => ("Federated", self.texts(p.values.clone())),
            };
            let mut pb = Block::new("principals", &[]);
            pb.attr("type", Expr::str(ty)).attr("identifiers", ids);
            b.block(pb);
        }
        for c in &s.conditions {
            b.block(self.condition(c));
        }
        b
    }

    fn condition(&self, c: &Condition) -> Block {
        let mut b = Block::new("condition", &[]);
        let variable = match &c.key_text {
            Some(t) => text(t),
            None => Expr::str(c.key.clone()),
        };
        b.attr("test", Expr::str(c.operator.name()))
            .attr("variable", variable)
            .attr("values", self.texts(c.values.clone()));
        b
    }

    pub(super) fn document(&self, label: &str, d: &Document) -> Block {
        let mut b = Block::new("data", &["aws_iam_policy_document", label]);
        b.attr("version", Expr::str("2012-10-17"));
        if amp_brace(d) {
            b.attr(
                "source_policy_documents",
                Expr::List(vec![Expr::Call(
                    "jsonencode".into(),
                    vec![self.json_document(d)],
                )]),
            );
            return b;
        }
        for s in &d.statements {
            b.block(self.statement(s));
        }
        b
    }

    /// A document as the HCL object `jsonencode` turns into IAM JSON (same keys and order as the
    /// json target).
    fn json_document(&self, d: &Document) -> Expr {
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
                        PrincipalKind::Anyone => ("AWS", Expr::str("*")),
                        PrincipalKind::Aws => ("AWS", self.one_or_many(&p.values)),
                        PrincipalKind::Service => ("Service", self.one_or_many(&p.values)),
                        PrincipalKind::Federated => ("Federated", self.one_or_many(&p.values)),
                    };
                    o.push(("Principal".into(), Expr::Object(vec![(key.into(), ids)])));
                }
                let actions: Vec<Text> = s.actions.iter().map(|a| Text::lit(&a.name)).collect();
                let akey = if s.not_action { "NotAction" } else { "Action" };
                o.push((akey.into(), self.one_or_many(&actions)));
                if !s.resources.is_empty() {
                    let rkey = if s.not_resource {
                        "NotResource"
                    } else {
                        "Resource"
                    };
                    let rs: Vec<Text> = s.resources.iter().map(|r| r.text.clone()).collect();
                    o.push((rkey.into(), self.one_or_many(&rs)));
                }
                if !s.conditions.is_empty() {
                    let mut ops: Vec<(String, Expr)> = Vec::new();
                    for c in &s.conditions {
                        let v = self.one_or_many(&c.values);
                        // A key built from params is an expression key: `("${var.issuer}:sub")`.
                        let key = match &c.key_text {
                            Some(t) => format!("({})", crate::backend::hcl::single_line(&text(t))),
                            None => c.key.clone(),
                        };
                        let op = c.operator.name();
                        match ops.iter_mut().find(|(o, _)| *o == op) {
                            Some((_, Expr::Object(keys))) => keys.push((key, v)),
                            _ => ops.push((op, Expr::Object(vec![(key, v)]))),
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
