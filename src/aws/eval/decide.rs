//! Evaluator stage: the decision for one request against a principal's policies in one account
//! (identity policies, permissions boundary, resource-based policies), and against a role's trust
//! policy alone.
//!
//! Pure; uses [`super::matching`]. Sources (IAM User Guide): "Policy evaluation logic", "Policy
//! evaluation for requests within a single account", "How AWS enforcement code logic evaluates
//! requests", "Permissions boundaries for IAM entities". The order:
//! 1. an explicit deny in any applicable policy decides (`ExplicitDeny`);
//! 2. the account root user is allowed (it has no policies of its own);
//! 3. a resource-based policy that allows the principal by its own identity (the user ARN, the
//!    role session ARN, or `*`) allows, whatever the boundary;
//! 4. a resource-based policy that allows it by the role's ARN, or an identity policy that allows
//!    it, allows when the permissions boundary (if any) allows it too;
//! 5. everything else is an implicit deny. A resource policy that names only the principal's
//!    account delegates to the identity policies and grants nothing by itself.

use super::matching::{self, PrincipalMatch};
use super::model::{Document, Effect};
use super::request::{Principal, Request};

/// The policies that apply to one principal and one resource.
#[derive(Debug, Clone, Default)]
pub struct PolicySet<'a> {
    /// Identity-based policies: inline, attached (local and AWS managed), the groups' policies.
    pub identity: Vec<&'a Document>,
    /// The permissions boundary, if the principal has one.
    pub boundary: Option<&'a Document>,
    /// Resource-based policies of the requested resource.
    pub resource: Vec<&'a Document>,
}

/// The result of an evaluation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Outcome {
    Allowed,
    ExplicitDeny,
    ImplicitDeny,
}

/// Which list a deciding statement is in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Layer {
    Identity,
    Boundary,
    Resource,
    /// A role's trust policy ([`evaluate_trust`]).
    Trust,
}

/// A statement: its list, the document's index in that list, and its index in the document.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct StatementRef {
    pub layer: Layer,
    pub document: usize,
    pub statement: usize,
}

/// Why the evaluation ended as it did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Reason {
    /// A `Deny` statement applies (`statements`: every one that does).
    Denied,
    /// The request is made by the account root user.
    Root,
    /// An identity policy allows (`statements`: the allows, then the boundary's allows).
    IdentityAllows,
    /// A resource-based or trust policy allows (`statements`: its allows, then the boundary's).
    ResourceAllows,
    /// Some policy allows, but the permissions boundary does not (`statements`: those allows).
    BoundaryDoesNotAllow,
    /// No statement allows the request.
    NoAllow,
}

/// The decision, with the statements that made it (the first is the one to show).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decision {
    pub outcome: Outcome,
    pub reason: Reason,
    pub statements: Vec<StatementRef>,
}

impl Decision {
    fn new(outcome: Outcome, reason: Reason, statements: Vec<StatementRef>) -> Decision {
        Decision {
            outcome,
            reason,
            statements,
        }
    }

    pub fn allowed(&self) -> bool {
        self.outcome == Outcome::Allowed
    }
}

/// The statements of one list that apply, by effect, with how they name the principal.
#[derive(Default)]
struct Hits {
    allows: Vec<(StatementRef, PrincipalMatch)>,
    denies: Vec<StatementRef>,
}

fn scan(layer: Layer, docs: &[&Document], req: &Request, action: &str, boundary: bool) -> Hits {
    let mut hits = Hits::default();
    for (d, doc) in docs.iter().enumerate() {
        for (s, stmt) in doc.statements.iter().enumerate() {
            let m = matching::applies(stmt, req, action, boundary);
            if m == PrincipalMatch::No {
                continue;
            }
            let at = StatementRef {
                layer,
                document: d,
                statement: s,
            };
            match stmt.effect {
                Effect::Allow => hits.allows.push((at, m)),
                Effect::Deny => hits.denies.push(at),
            }
        }
    }
    hits
}

fn refs(
    hits: &[(StatementRef, PrincipalMatch)],
    keep: impl Fn(PrincipalMatch) -> bool,
) -> Vec<StatementRef> {
    hits.iter()
        .filter(|(_, m)| keep(*m))
        .map(|(r, _)| *r)
        .collect()
}

/// Evaluate `req` against the principal's policies.
pub fn evaluate(set: &PolicySet<'_>, req: &Request) -> Decision {
    let action = req.action.to_ascii_lowercase();
    let has_boundary = set.boundary.is_some();
    let identity = scan(Layer::Identity, &set.identity, req, &action, has_boundary);
    let boundary = set
        .boundary
        .map(|b| scan(Layer::Boundary, &[b], req, &action, has_boundary));
    let resource = scan(Layer::Resource, &set.resource, req, &action, has_boundary);

    let mut denies = identity.denies.clone();
    denies.extend(boundary.iter().flat_map(|b| b.denies.iter().copied()));
    denies.extend(resource.denies.iter().copied());
    if !denies.is_empty() {
        return Decision::new(Outcome::ExplicitDeny, Reason::Denied, denies);
    }
    if req.principal.is_root() {
        return Decision::new(Outcome::Allowed, Reason::Root, Vec::new());
    }
    let direct = refs(&resource.allows, |m| m == PrincipalMatch::Identity);
    if !direct.is_empty() {
        return Decision::new(Outcome::Allowed, Reason::ResourceAllows, direct);
    }
    let named = refs(&resource.allows, |m| m == PrincipalMatch::Named);
    let granted = refs(&identity.allows, |_| true);
    let bounded: Option<Vec<StatementRef>> = boundary.map(|b| refs(&b.allows, |_| true));
    let boundary_ok = bounded.as_ref().is_none_or(|b| !b.is_empty());
    let with_boundary = |mut v: Vec<StatementRef>| {
        v.extend(bounded.iter().flatten().copied());
        v
    };
    if boundary_ok && !named.is_empty() {
        return Decision::new(
            Outcome::Allowed,
            Reason::ResourceAllows,
            with_boundary(named),
        );
    }
    if boundary_ok && !granted.is_empty() {
        return Decision::new(
            Outcome::Allowed,
            Reason::IdentityAllows,
            with_boundary(granted),
        );
    }
    if !granted.is_empty() || !named.is_empty() {
        let mut cut = granted;
        cut.extend(named);
        return Decision::new(Outcome::ImplicitDeny, Reason::BoundaryDoesNotAllow, cut);
    }
    Decision::new(Outcome::ImplicitDeny, Reason::NoAllow, Vec::new())
}

/// Evaluate `req` against a role's trust policy alone (a resource-based policy whose resource is
/// the role): an explicit deny decides; otherwise an allow that names the principal (by its
/// account, too) allows. `req.principal` is who assumes: a service, a federated provider, a user
/// or role session, or an account's root.
pub fn evaluate_trust(trust: &Document, req: &Request) -> Decision {
    let action = req.action.to_ascii_lowercase();
    let hits = scan(Layer::Trust, &[trust], req, &action, false);
    if !hits.denies.is_empty() {
        return Decision::new(Outcome::ExplicitDeny, Reason::Denied, hits.denies);
    }
    let allows = refs(&hits.allows, |_| true);
    if allows.is_empty() {
        return Decision::new(Outcome::ImplicitDeny, Reason::NoAllow, Vec::new());
    }
    Decision::new(Outcome::Allowed, Reason::ResourceAllows, allows)
}

/// The account root of `account` as a request principal (for `assumable by account ...`).
pub fn account_root(partition: &str, account: &str) -> Principal {
    Principal::User {
        arn: format!("arn:{partition}:iam::{account}:root"),
    }
}
