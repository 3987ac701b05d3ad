//! AWS: what iamx knows about AWS IAM, behind one boundary. The catalog of services, actions,
//! condition keys and managed policies; the rules for literal values (account ids, regions,
//! ARNs, IAM names); IAM's condition operators and wildcard patterns; the policies a principal
//! holds; the AWS lints (`lints`) and the tables they read (escalation paths, sensitive actions,
//! what a condition key narrows); IAM policy JSON, read and written; and IAM's evaluation logic.
//!
//! Pure data and functions over the IR's shared parts ([`crate::ir`], [`crate::span`]) and
//! [`crate::diag`]; the front end, the checker, the lints and the backends reach AWS facts only
//! through this module. Google Cloud ([`crate::gcp`]) and Azure ([`crate::azure`]) sit beside it.

pub mod catalog;
pub mod eval;
pub mod glob;
pub mod held;
pub mod lint_data;
pub mod lints;
pub mod operator;
pub mod policy_json;
pub mod quota;
pub mod values;
