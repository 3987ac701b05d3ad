//! IAM size quotas on every emitted document (spec section 5), measured on the JSON IAM would
//! receive, without whitespace, with params at their defaults and representative values for the
//! rest. The warning levels (trust policies over 2,048 characters, more than 10 attachments) are
//! lints; these are the hard limits.

use crate::aws::policy_json::write::Resolver;
use crate::diag::{Diag, ErrorCode};
use crate::ir;
use crate::ir::aws::Entity;
use crate::span::Span;

/// A document or an attachment list over one of IAM's hard quotas.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
pub enum QuotaError {
    #[error("{what} is {size} characters, over the IAM quota of {limit}")]
    SizeQuota {
        what: String,
        size: usize,
        limit: usize,
        span: Span,
    },
    #[error("{count} managed policies are attached, over the IAM quota")]
    TooManyAttachments { count: usize, span: Span },
}

impl QuotaError {
    pub fn to_diag(&self) -> Diag {
        let m = self.to_string();
        match self {
            QuotaError::SizeQuota { span, .. } => Diag::error(ErrorCode::E0613, m, *span, "this document is too large")
                .with_help("split it into several policies, or use wildcards where they do not widen the grant"),
            QuotaError::TooManyAttachments { span, .. } => Diag::error(ErrorCode::E0614, m, *span, "too many attachments")
                .with_help("combine policies; IAM allows at most 20 managed policies per role or user (10 by default) and 10 per group"),
        }
    }
}

pub const MANAGED_LIMIT: usize = 6_144;
pub const ROLE_INLINE_LIMIT: usize = 10_240;
pub const USER_INLINE_LIMIT: usize = 2_048;
pub const GROUP_INLINE_LIMIT: usize = 5_120;
pub const TRUST_HARD_LIMIT: usize = 4_096;
pub const ATTACH_HARD_LIMIT: usize = 20;

/// The size of every document of every entity, in the order of [`Entity::documents`], as the
/// resolver renders them.
pub fn sizes(p: &ir::Program, r: &Resolver) -> Vec<Vec<usize>> {
    p.entities
        .iter()
        .map(|e| e.documents().iter().map(|(_, d)| r.size(d)).collect())
        .collect()
}

/// Measure every document and report the ones over a quota. The sizes are measured with params
/// at their defaults and representative values for the rest ([`Resolver::measuring`], as the
/// `trust_policy_size` lint measures); the json target measures again with the values of the
/// build ([`size_errors`]).
pub fn check(p: &ir::Program) -> Vec<QuotaError> {
    let sizes = sizes(p, &Resolver::measuring(p));
    let mut errors = size_errors(p, &sizes);
    errors.extend(attachment_errors(p));
    errors
}

/// The documents over a size quota, given every document's size (see [`sizes`]).
pub fn size_errors(p: &ir::Program, sizes: &[Vec<usize>]) -> Vec<QuotaError> {
    let mut errors = Vec::new();
    let mut over = |what: String, size: usize, limit: usize, span| {
        if size > limit {
            errors.push(QuotaError::SizeQuota {
                what,
                size,
                limit,
                span,
            });
        }
    };
    for (e, sizes) in p.entities.iter().zip(sizes) {
        let c = e.common();
        // documents(): a role's trust first, then the inline policies; a policy's one document.
        let first = sizes.first().copied().unwrap_or(0);
        let all: usize = sizes.iter().sum();
        match e {
            Entity::Policy(_) => over(
                format!("managed policy `{}`", c.id),
                first,
                MANAGED_LIMIT,
                c.span,
            ),
            Entity::Role(_) => {
                over(
                    format!("the trust policy of role `{}`", c.id),
                    first,
                    TRUST_HARD_LIMIT,
                    c.span,
                );
                over(
                    format!("the inline policies of role `{}` together", c.id),
                    all - first,
                    ROLE_INLINE_LIMIT,
                    c.span,
                );
            }
            Entity::User(_) => over(
                format!("the inline policies of user `{}` together", c.id),
                all,
                USER_INLINE_LIMIT,
                c.span,
            ),
            Entity::Group(_) => over(
                format!("the inline policies of group `{}` together", c.id),
                all,
                GROUP_INLINE_LIMIT,
                c.span,
            ),
            Entity::InstanceProfile(_) | Entity::OidcProvider(_) | Entity::SamlProvider(_) => {}
        }
    }
    errors
}

fn attachment_errors(p: &ir::Program) -> Vec<QuotaError> {
    let mut attach_errors = Vec::new();
    for e in &p.entities {
        let c = e.common();
        let attachments = match e {
            Entity::Role(r) => r.attachments.len(),
            Entity::User(u) => u.attachments.len(),
            Entity::Group(g) => g.attachments.len(),
            _ => 0,
        };
        // Groups take at most 10 managed policies; roles and users 10 by default, 20 on request.
        let hard = if matches!(e, Entity::Group(_)) {
            10
        } else {
            ATTACH_HARD_LIMIT
        };
        if attachments > hard {
            attach_errors.push(QuotaError::TooManyAttachments {
                count: attachments,
                span: c.span,
            });
        }
    }
    attach_errors
}
