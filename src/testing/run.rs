//! Testing stage: running `test` blocks. Each expectation becomes one or more requests (every
//! action a pattern matches, times every resource or principal), each decided by the evaluator
//! against the principal as deployed ([`super::world`]), with the request context of
//! [`super::context`]. A failure is one diagnostic per expectation ([`super::why`]).
//!
//! Spec section 9: `can`/`cannot` read the subject's identity policies, intersected with its
//! permissions boundary (there are no resource-based policies in a program besides trust
//! policies, which these do not consult); `assumable by` reads the role's trust policy alone.

use super::actions;
use super::context::RequestContext;
use super::error::TestError;
use super::why::{self, Failure};
use super::world::{Principal, World};
use crate::aws::eval::{self, Decision, Request};
use crate::aws::policy_json::write::{Missing, Resolver};
use crate::diag::Diag;
use crate::ir::aws::{Expectation, ExpectationKind, PrincipalKind};
use crate::ir::{Part, Program, Text};
use crate::span::Span;
use std::rc::Rc;

/// The most requests one run evaluates (a hostile module cannot keep `iamx test` busy for hours:
/// `cannot *` is 17,000 requests).
pub const MAX_REQUESTS: usize = 5_000_000;

/// The account `assumable by anyone` asks for: one that nothing in a program names.
pub const ANYONE_ACCOUNT: &str = "000000000000";

/// One test block's result.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TestResult {
    pub name: String,
    pub span: Span,
    pub expectations: usize,
    pub failed: usize,
}

/// The results of every test block, and a diagnostic per failed expectation.
#[derive(Clone, Debug, Default)]
pub struct Report {
    pub tests: Vec<TestResult>,
    pub diags: Vec<Diag>,
    pub requests: usize,
}

struct Runner<'a, 'r, 'p> {
    world: &'a mut World<'r, 'p>,
    r: &'a Resolver<'p>,
    requests: usize,
    limit: usize,
    /// A request was refused: the budget is spent.
    exhausted: bool,
    stopped: bool,
}

/// Run every test block of the program.
pub fn run<'r, 'p>(
    p: &Program,
    world: &mut World<'r, 'p>,
    r: &'r Resolver<'p>,
) -> Result<Report, Vec<Missing>> {
    run_limited(p, world, r, MAX_REQUESTS)
}

/// [`run`], stopping after `limit` requests (E0908).
pub fn run_limited<'r, 'p>(
    p: &Program,
    world: &mut World<'r, 'p>,
    r: &'r Resolver<'p>,
    limit: usize,
) -> Result<Report, Vec<Missing>> {
    let mut run = Runner {
        world,
        r,
        requests: 0,
        limit,
        exhausted: false,
        stopped: false,
    };
    let mut report = Report::default();
    let mut missing = Vec::new();
    for t in &p.tests {
        let mut result = TestResult {
            name: t.name.clone(),
            span: t.span,
            expectations: t.expectations.len(),
            failed: 0,
        };
        for x in &t.expectations {
            match run.expectation(x) {
                Ok(None) => {}
                Ok(Some(d)) => {
                    result.failed += 1;
                    report.diags.push(d);
                }
                Err(m) if !missing.contains(&m) => missing.push(m),
                Err(_) => {}
            }
        }
        report.tests.push(result);
    }
    report.requests = run.requests;
    if missing.is_empty() {
        Ok(report)
    } else {
        Err(missing)
    }
}

/// The first failed request and how many more failed.
#[derive(Default)]
struct Failed {
    first: Option<Failure>,
    more: usize,
}

impl Failed {
    fn add(&mut self, f: Failure) {
        if self.first.is_none() {
            self.first = Some(f);
        } else {
            self.more += 1;
        }
    }
}

impl Runner<'_, '_, '_> {
    /// Count one request; `false` once the run's budget is spent.
    fn spend(&mut self) -> bool {
        if self.requests >= self.limit {
            self.exhausted = true;
            return false;
        }
        self.requests += 1;
        true
    }

    fn expectation(&mut self, x: &Expectation) -> Result<Option<Diag>, Missing> {
        if self.stopped {
            return Ok(None);
        }
        let Some(p) = self.world.get(&x.subject) else {
            return Ok(None);
        };
        let p = &*p;
        let given = RequestContext::given(&x.context, self.r)?;
        let out = match &x.kind {
            ExpectationKind::Can {
                negated,
                actions,
                resources,
            } => {
                let names: Vec<&str> = actions.iter().map(|a| a.name.as_str()).collect();
                let res: Vec<&Text> = resources.iter().map(|r| &r.text).collect();
                self.access(p, x.span, !negated, &names, &res, given)?
            }
            ExpectationKind::Assumable {
                negated,
                by,
                keyword,
                action,
                principals,
                ..
            } => {
                let by = By {
                    kind: *by,
                    keyword,
                    action,
                };
                self.assumable(p, x.span, !negated, &by, principals, given)?
            }
        };
        if self.exhausted && !self.stopped {
            self.stopped = true;
            let err = TestError::TooManyRequests {
                limit: self.limit,
                span: x.span,
            };
            return Ok(Some(err.to_diag()));
        }
        Ok(out)
    }

    /// `can` (`allowed`) / `cannot` every action on every resource.
    fn access(
        &mut self,
        p: &Principal,
        span: Span,
        allowed: bool,
        names: &[&str],
        resources: &[&Text],
        given: RequestContext,
    ) -> Result<Option<Diag>, Missing> {
        if let Some(u) = p.unread.iter().find(|u| !u.boundary) {
            return Ok(Some(undecidable(p, span, u)));
        }
        let mut ctx = given;
        ctx.derive_principal(p);
        let mut req = Request::new(p.request_principal(), "", "");
        req.context = ctx.to_eval();
        let set = p.policy_set();
        let mut values = Vec::new();
        for t in resources {
            values.extend(self.r.values(t)?);
        }
        let mut failed = Failed::default();
        for name in names {
            let expanded: Vec<String> = if name.contains(['*', '?']) {
                actions::expand(name)
                    .iter()
                    .map(|k| k.qualified())
                    .collect()
            } else {
                vec![(*name).to_string()]
            };
            for action in expanded {
                for resource in &values {
                    if !self.spend() {
                        return Ok(None);
                    }
                    req.action.clone_from(&action);
                    req.resource.clone_from(resource);
                    let d = eval::evaluate(&set, &req);
                    if d.allowed() {
                        if let Some(u) = p.unread.iter().find(|u| u.boundary) {
                            return Ok(Some(undecidable(p, span, u)));
                        }
                    }
                    if d.allowed() != allowed {
                        failed.add(failure(&req, d, action.clone()));
                    }
                }
            }
        }
        Ok(failed
            .first
            .map(|f| why::access(p, span, &f, allowed, failed.more, &ctx)))
    }

    /// `assumable by` (`allowed`) / `not assumable by` each principal.
    fn assumable(
        &mut self,
        role: &Principal,
        span: Span,
        allowed: bool,
        by: &By<'_>,
        principals: &[Text],
        given: RequestContext,
    ) -> Result<Option<Diag>, Missing> {
        let mut who: Vec<(String, Option<Rc<Principal>>)> = Vec::new();
        for t in principals {
            let program = match t.parts.as_slice() {
                [Part::Ref { id, .. }] => self.world.get(id),
                _ => None,
            };
            for v in self.r.values(t)? {
                who.push((v, program.clone()));
            }
        }
        if by.kind == PrincipalKind::Anyone {
            let partition = role.arn.split(':').nth(1).unwrap_or("aws");
            who.push((
                format!("arn:{partition}:iam::{ANYONE_ACCOUNT}:user/anyone"),
                None,
            ));
        }
        let mut failed = Failed::default();
        let mut last_ctx = given.clone();
        for (value, program) in who {
            if !self.spend() {
                return Ok(None);
            }
            let mut ctx = given.clone();
            let principal = by.principal(&value, program.as_deref(), &mut ctx);
            let mut req = Request::new(principal, by.action, &role.arn);
            req.context = ctx.to_eval();
            let d = match &role.trust {
                Some(t) => eval::evaluate_trust(t.doc.get(), &req),
                None => Decision {
                    outcome: eval::Outcome::ImplicitDeny,
                    reason: eval::Reason::NoAllow,
                    statements: Vec::new(),
                },
            };
            if d.allowed() != allowed {
                let shown = match by.keyword {
                    "account" => value
                        .strip_suffix(":root")
                        .and_then(|v| v.rsplit(':').next())
                        .unwrap_or(&value),
                    _ => &value,
                };
                let what = match by.kind {
                    PrincipalKind::Anyone => "anyone".to_string(),
                    _ => format!("{} `{shown}`", by.keyword),
                };
                if failed.first.is_none() {
                    last_ctx = ctx;
                }
                failed.add(failure(&req, d, what));
            }
        }
        Ok(failed
            .first
            .map(|f| why::trust(role, span, &f, allowed, failed.more, &last_ctx)))
    }
}

fn failure(req: &Request, decision: Decision, what: String) -> Failure {
    Failure {
        request: req.clone(),
        decision,
        what,
    }
}

fn undecidable(p: &Principal, span: Span, u: &super::world::Unread) -> Diag {
    TestError::Undecidable {
        principal: p.title(),
        arn: u.arn.clone(),
        boundary: u.boundary,
        span,
        at: u.at,
    }
    .to_diag()
}

/// How `assumable by KIND` names who assumes.
struct By<'a> {
    kind: PrincipalKind,
    keyword: &'a str,
    action: &'a str,
}

impl By<'_> {
    /// The request principal for one value of the expectation, and the keys its request carries.
    fn principal(
        &self,
        value: &str,
        program: Option<&Principal>,
        ctx: &mut RequestContext,
    ) -> eval::Principal {
        match (self.kind, self.keyword) {
            (PrincipalKind::Service, _) => {
                ctx.derive_service(value);
                eval::Principal::Service(value.to_string())
            }
            (PrincipalKind::Federated, _) => eval::Principal::Federated(value.to_string()),
            (_, "role") => {
                match program {
                    Some(p) => ctx.derive_principal(p),
                    None => ctx.derive_arn(value),
                }
                eval::Principal::RoleSession {
                    arn: value.to_string(),
                    session: "iamx-test".into(),
                }
            }
            _ => {
                match program {
                    Some(p) => ctx.derive_principal(p),
                    None => ctx.derive_arn(value),
                }
                eval::Principal::User {
                    arn: value.to_string(),
                }
            }
        }
    }
}
