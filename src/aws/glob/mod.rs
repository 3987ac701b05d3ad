//! AWS: IAM's wildcard patterns (`*` any run, `?` one character) in actions, resource ARNs and
//! the `…Like` condition operators, in one place:
//!
//! - [`pattern`]: whether a pattern matches a string, and IAM's ARN matching segment by segment
//!   (the evaluator's);
//! - [`meet`]: whether two patterns can match a common string (`s3:Get*` and `s3:*Object`; a
//!   statement's resource and an action's ARN formats from the catalog), and those formats
//!   compiled once per lint run ([`meet::FormatCache`]) (the lints').
//!
//! May use: `ir` (a resource's symbolic parts match anything), `aws::catalog`.

pub mod meet;
pub mod pattern;
