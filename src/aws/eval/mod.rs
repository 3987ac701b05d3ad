//! The IAM policy evaluator: AWS's documented evaluation logic for one account, used by
//! `iamx test` (expectations), permission snapshots and `iamx diff`.
//!
//! Stage: after the IR; pure (no I/O). It reads policy documents in its own model
//! ([`model::Document`], built from IAM policy JSON by [`read`]) and uses no other part of the
//! compiler but IAM's operators and patterns ([`crate::aws::operator`], [`crate::aws::glob`]), so it evaluates iamx's own output, imported JSON and the embedded AWS managed
//! policies ([`managed`]) alike.
//!
//! - [`decide::evaluate`]: a request against a principal's [`PolicySet`] (identity policies,
//!   permissions boundary, resource-based policies) → [`Decision`] (`Allowed`, `ExplicitDeny`,
//!   `ImplicitDeny`, and the statements that decided it);
//! - [`decide::evaluate_trust`]: a request against a role's trust policy alone;
//! - [`matching`]: the per-statement primitives (action, resource, principal, conditions).
//!
//! What it implements and what it does not (SCPs, RCPs, session policies, cross-account
//! requests) is documented in `docs/evaluation.md`.

pub mod condition;
pub mod decide;
pub mod managed;
pub mod matching;
pub mod model;
pub mod read;
pub mod request;
pub mod values;
pub mod vars;

pub use decide::{
    Decision, Layer, Outcome, PolicySet, Reason, StatementRef, evaluate, evaluate_trust,
};
pub use model::{Document, Effect, Statement};
pub use read::{ReadError, read, read_str};
pub use request::{Context, Principal, Request, Value};
