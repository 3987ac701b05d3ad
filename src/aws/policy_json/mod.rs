//! IAM policy JSON both ways: [`write`] renders IR documents into IAM's JSON model (the json
//! backend, the size quotas), [`read`] reads IAM policy JSON into IR documents (the AWS managed
//! policies the lints and the evaluator read).

pub mod read;
pub mod write;
