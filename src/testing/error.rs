//! Testing stage: the errors of `iamx test` (failed expectations, undecidable ones, snapshots),
//! as data, each converted to a diagnostic with its code (E09xx, explained by `iamx explain`).

use crate::aws::eval::Reason;
use crate::diag::{Diag, ErrorCode};
use crate::span::Span;

#[derive(Clone, Debug, PartialEq, thiserror::Error)]
pub enum TestError {
    #[error(
        "{principal} {} `{action}` on `{resource}`{}",
        if *expected_allowed { "cannot" } else { "can" },
        and_more(*more)
    )]
    Access {
        principal: String,
        action: String,
        resource: String,
        expected_allowed: bool,
        reason: Reason,
        more: usize,
        span: Span,
    },
    #[error(
        "{role} is {}assumable by {by}{}",
        if *expected_allowed { "not " } else { "" },
        and_more(*more)
    )]
    Trust {
        role: String,
        by: String,
        expected_allowed: bool,
        denied: bool,
        more: usize,
        span: Span,
    },
    #[error("cannot decide this expectation: iamx cannot read `{arn}`")]
    Undecidable {
        principal: String,
        arn: String,
        boundary: bool,
        span: Span,
        at: Span,
    },
    #[error("this test run makes more than {limit} requests")]
    TooManyRequests { limit: usize, span: Span },
    #[error("the permissions of {principal} differ from the snapshot `{path}`")]
    SnapshotDiffers {
        principal: String,
        path: String,
        span: Span,
    },
    #[error("{principal} is in the snapshot `{path}` but no longer in the program")]
    SnapshotGone { principal: String, path: String },
    #[error("no permission snapshot `{path}`")]
    SnapshotMissing { path: String },
}

fn and_more(n: usize) -> String {
    match n {
        0 => String::new(),
        1 => " (and 1 more request of this expectation)".into(),
        n => format!(" (and {n} more requests of this expectation)"),
    }
}

const ACCEPT: &str = "if the change is intended, accept it with `iamx test --update-snapshots` and commit the snapshot";

impl TestError {
    pub fn to_diag(&self) -> Diag {
        let m = self.to_string();
        match self {
            TestError::Access {
                expected_allowed: true,
                reason,
                span,
                ..
            } => {
                let why = match reason {
                    Reason::Denied => "a statement denies it",
                    Reason::BoundaryDoesNotAllow => "its permissions boundary does not allow it",
                    _ => "no statement allows it",
                };
                Diag::error(
                ErrorCode::E0901, m, *span, format!("expected to be allowed, but {why}"))
            }
            TestError::Access { span, .. } => {
                Diag::error(
                ErrorCode::E0902, m, *span, "expected to be denied, but it is allowed")
            }
            TestError::Trust {
                expected_allowed: true,
                denied,
                span,
                ..
            } => {
                let why = if *denied {
                    "a trust statement denies it"
                } else {
                    "no trust statement allows it"
                };
                Diag::error(
                ErrorCode::E0903, m, *span, format!("expected to be assumable, but {why}"))
            }
            TestError::Trust { span, .. } => Diag::error(
                ErrorCode::E0904,
                m,
                *span,
                "expected not to be assumable, but the trust policy allows it",
            ),
            TestError::Undecidable {
                principal,
                boundary,
                span,
                at,
                ..
            } => {
                let what = if *boundary {
                    "its permissions boundary"
                } else {
                    "this policy"
                };
                Diag::error(
                ErrorCode::E0907, m, *span, "the answer depends on a policy iamx cannot read")
                    .with_label(*at, format!("{what} of {principal}"))
                    .with_help("iamx reads the program's policies and the AWS managed policies it embeds; a policy of another account (or one newer than iamx) is unknown to it: test the principal without it, or declare the policy in the program")
            }
            TestError::TooManyRequests { span, .. } => {
                Diag::error(
                ErrorCode::E0908, m, *span, "the run stops here")
                    .with_help("each action (a pattern counts every action it matches) times each resource and principal is one request; name fewer, or split the module")
            }
            TestError::SnapshotDiffers { span, .. } => {
                Diag::error(
                ErrorCode::E0905, m, *span, "its permissions changed").with_help(ACCEPT)
            }
            TestError::SnapshotGone { .. } => Diag::global(ErrorCode::E0905, m).with_help(ACCEPT),
            TestError::SnapshotMissing { .. } => Diag::global(ErrorCode::E0906, m).with_help(
                "write it with `iamx test --update-snapshots`, review it and commit it (or run with `--no-snapshots`)",
            ),
        }
    }
}
