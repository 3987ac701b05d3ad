//! Testing stage: why an expectation failed — the diagnostic at the expectation with a label on
//! each statement that decided the request (or, when nothing allows it, on the statements that
//! almost did: the right action on other resources, or conditions that do not hold), and the
//! request context used in the help line.
//!
//! Uses the evaluator's decisions and per-statement matching, the world's origins and the
//! diagnostics model.

use super::context::RequestContext;
use super::error::TestError;
use super::world::{Doc, Principal};
use crate::aws::eval::matching::{self, PrincipalMatch};
use crate::aws::eval::{Decision, Effect, Layer, Reason, Request, StatementRef};
use crate::diag::Diag;
use crate::span::Span;

/// At most this many "almost" labels on one diagnostic.
const MAX_NEAR: usize = 3;

/// One failed request of an expectation.
pub struct Failure {
    pub request: Request,
    pub decision: Decision,
    /// What the request was made of, as written in the message (`service \`x\``, an action).
    pub what: String,
}

/// The document a deciding statement is in.
fn doc_of<'p>(p: &'p Principal, at: &StatementRef) -> Option<&'p Doc> {
    match at.layer {
        Layer::Identity => p.identity.get(at.document),
        Layer::Boundary => p.boundary.as_ref(),
        Layer::Trust => p.trust.as_ref(),
        Layer::Resource => None,
    }
}

/// Labels on the statements that decided the request (at most two of each effect).
fn deciding(p: &Principal, d: &Decision) -> Vec<(Span, String)> {
    let mut out = Vec::new();
    let mut seen = 0;
    for at in &d.statements {
        let Some(doc) = doc_of(p, at) else { continue };
        let Some(stmt) = doc.doc.get().statements.get(at.statement) else {
            continue;
        };
        let (span, name) = doc.statement(at.statement);
        let text = match (stmt.effect, at.layer, d.reason) {
            (Effect::Deny, _, _) => format!("{name} denies it"),
            (Effect::Allow, Layer::Boundary, _) => {
                format!("{name} (the permissions boundary) allows it too")
            }
            (Effect::Allow, _, Reason::BoundaryDoesNotAllow) => {
                format!("{name} allows it, but the permissions boundary does not")
            }
            (Effect::Allow, _, _) => format!("{name} allows it"),
        };
        if out.iter().any(|(s, _)| *s == span) {
            continue;
        }
        out.push((span, text));
        seen += 1;
        if seen == 3 {
            break;
        }
    }
    out
}

/// Allow statements that match the request but for their conditions or resources.
fn near_misses(docs: &[&Doc], req: &Request, boundary: bool) -> Vec<(Span, String)> {
    let action = req.action.to_ascii_lowercase();
    let mut out: Vec<(Span, String)> = Vec::new();
    for doc in docs {
        for (i, stmt) in doc.doc.get().statements.iter().enumerate() {
            if stmt.effect != Effect::Allow || out.len() >= MAX_NEAR {
                continue;
            }
            let m = matching::explain(stmt, req, &action, boundary);
            if !m.action || m.principal == PrincipalMatch::No {
                continue;
            }
            let (span, name) = doc.statement(i);
            let text = if !m.resource {
                format!("{name} allows it on other resources")
            } else if !m.conditions {
                let keys: Vec<String> = stmt
                    .conditions
                    .iter()
                    .filter(|c| !c.holds(&req.context))
                    .map(|c| format!("`{} {}`", c.operator.name(), c.key))
                    .collect();
                format!(
                    "{name} would allow it, but {} not hold for this request",
                    match keys.as_slice() {
                        [one] => format!("its condition {one} does"),
                        many => format!("its conditions {} do", many.join(", ")),
                    }
                )
            } else {
                continue;
            };
            if !out.iter().any(|(s, _)| *s == span) {
                out.push((span, text));
            }
        }
    }
    out
}

/// The diagnostic of a failed `can`/`cannot` expectation.
pub fn access(
    p: &Principal,
    span: Span,
    f: &Failure,
    expected_allowed: bool,
    more: usize,
    ctx: &RequestContext,
) -> Diag {
    let err = TestError::Access {
        principal: p.title(),
        action: f.what.clone(),
        resource: f.request.resource.clone(),
        expected_allowed,
        reason: f.decision.reason,
        more,
        span,
    };
    let d = err.to_diag().with_help(ctx.describe());
    let labels = match f.decision.reason {
        Reason::NoAllow => {
            let docs: Vec<&Doc> = p.identity.iter().collect();
            let mut l = near_misses(&docs, &f.request, p.boundary.is_some());
            l.insert(
                0,
                (p.span, format!("no statement of {} allows it", p.title())),
            );
            l
        }
        Reason::BoundaryDoesNotAllow => {
            let mut l = deciding(p, &f.decision);
            if let Some(b) = &p.boundary {
                l.push((p.span, format!("its permissions boundary is {}", b.name())));
            }
            l
        }
        _ => deciding(p, &f.decision),
    };
    with_labels(d, labels)
}

/// The diagnostic of a failed `assumable by` / `not assumable by` expectation.
pub fn trust(
    p: &Principal,
    span: Span,
    f: &Failure,
    expected_allowed: bool,
    more: usize,
    ctx: &RequestContext,
) -> Diag {
    let err = TestError::Trust {
        role: p.title(),
        by: f.what.clone(),
        expected_allowed,
        denied: f.decision.reason == Reason::Denied,
        more,
        span,
    };
    let d = err.to_diag().with_help(ctx.describe());
    let labels = match (f.decision.reason, p.trust.as_ref()) {
        (Reason::NoAllow, Some(t)) => {
            let mut l = near_misses(&[t], &f.request, false);
            l.insert(0, (p.span, "no trust statement allows it".to_string()));
            l
        }
        (Reason::NoAllow, None) => vec![(p.span, "the role has no trust policy".to_string())],
        _ => deciding(p, &f.decision),
    };
    with_labels(d, labels)
}

fn with_labels(mut d: Diag, labels: Vec<(Span, String)>) -> Diag {
    for (s, m) in labels {
        d = d.with_label(s, m);
    }
    d
}
