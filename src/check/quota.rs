//! IAM size quotas on every emitted document (spec section 5), measured on the JSON IAM would
//! receive, without whitespace, with params at their defaults and representative values for the
//! rest. The warning levels (trust policies over 2,048 characters, more than 10 attachments) are
//! lints; these are the hard limits.

use super::error::CheckError;
use crate::iamjson::Resolver;
use crate::ir::{self, Entity};

pub const MANAGED_LIMIT: usize = 6_144;
pub const ROLE_INLINE_LIMIT: usize = 10_240;
pub const USER_INLINE_LIMIT: usize = 2_048;
pub const GROUP_INLINE_LIMIT: usize = 5_120;
pub const TRUST_HARD_LIMIT: usize = 4_096;
pub const ATTACH_HARD_LIMIT: usize = 20;

/// Measure every document (storing its size in the IR) and report the ones over a quota.
pub fn check(p: &mut ir::Program) -> Vec<CheckError> {
    let sizes: Vec<Vec<usize>> = {
        let r = Resolver::measuring(p);
        p.entities
            .iter()
            .map(|e| e.documents().iter().map(|(_, d)| r.size(d)).collect())
            .collect()
    };
    for (e, sizes) in p.entities.iter_mut().zip(sizes) {
        for (d, size) in e.documents_mut().into_iter().zip(sizes) {
            d.size = size;
        }
    }
    let p = &*p;
    let mut errors = Vec::new();
    let mut attach_errors = Vec::new();
    let mut over = |what: String, size: usize, limit: usize, span| {
        if size > limit {
            errors.push(CheckError::SizeQuota {
                what,
                size,
                limit,
                span,
            });
        }
    };
    for e in &p.entities {
        let c = e.common();
        let inline_total =
            |inline: &[ir::InlinePolicy]| inline.iter().map(|i| i.document.size).sum::<usize>();
        match e {
            Entity::Policy(m) => over(
                format!("managed policy `{}`", c.id),
                m.document.size,
                MANAGED_LIMIT,
                c.span,
            ),
            Entity::Role(role) => {
                over(
                    format!("the trust policy of role `{}`", c.id),
                    role.trust.size,
                    TRUST_HARD_LIMIT,
                    c.span,
                );
                over(
                    format!("the inline policies of role `{}` together", c.id),
                    inline_total(&role.inline),
                    ROLE_INLINE_LIMIT,
                    c.span,
                );
            }
            Entity::User(u) => over(
                format!("the inline policies of user `{}` together", c.id),
                inline_total(&u.inline),
                USER_INLINE_LIMIT,
                c.span,
            ),
            Entity::Group(g) => over(
                format!("the inline policies of group `{}` together", c.id),
                inline_total(&g.inline),
                GROUP_INLINE_LIMIT,
                c.span,
            ),
            Entity::InstanceProfile(_) | Entity::OidcProvider(_) => {}
        }
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
            attach_errors.push(CheckError::TooManyAttachments {
                count: attachments,
                span: c.span,
            });
        }
    }
    errors.extend(attach_errors);
    errors
}
