//! AWS, lint data: the AWS facts the lints (stage 6, [`crate::lints`]) read, kept behind the AWS
//! boundary so the lint framework names them only through it. Data tables with their sources,
//! and the per-key reading of conditions they need.
//!
//! - `paths`: the published privilege-escalation paths `privilege_escalation` checks;
//! - `actions`: the action lists `credentials_exposure` and `data_exfiltration` rely on;
//! - `conditions`: whether a condition of an identity-policy allow narrows a grant, per key;
//! - `presence`: which request keys a kind of principal's requests carry (`unset_policy_variable`);
//! - `trust`: the service principals and condition keys the trust-policy lints read.
//!
//! Uses [`crate::aws::operator`] and the IR's conditions and texts ([`crate::ir`]); its tests read
//! the catalog.

pub mod actions;
pub mod conditions;
pub mod paths;
pub mod presence;
pub mod trust;
