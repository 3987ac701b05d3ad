//! AWS: the identity policies a principal holds, in one place for every stage that adds them up
//! (the lints' `held`, and the principals `iamx test`, permission snapshots and `iamx diff` hand
//! to the evaluator). IAM adds up a principal's inline policies, the managed policies attached
//! to it and, for a user, the inline and attached policies of its groups; a permissions boundary
//! limits the sum (IAM User Guide, "Policy evaluation logic").
//!
//! What a reference points to (a local policy's document, an AWS managed policy's embedded one)
//! each caller reads its own way: the lints as IR documents, the evaluator's callers as the
//! evaluator's documents with the values of the run.
//!
//! May use: `ir`.

use crate::ir::aws::{Attachment, Entity, Group, InlinePolicy, PolicyRef};

/// One identity policy a principal holds.
#[derive(Clone, Copy, Debug)]
pub enum Source<'p> {
    /// An inline policy of the principal, or of `group` when it is one of the principal's groups'.
    Inline {
        policy: &'p InlinePolicy,
        group: Option<&'p Group>,
    },
    /// A managed policy attached to the principal or to one of its groups.
    Attached(&'p Attachment),
}

/// What a role, user or group holds.
#[derive(Clone, Debug)]
pub struct Held<'p> {
    /// The identity policies, in the order IAM adds them up for messages: the principal's own
    /// inline policies and attachments, then each group's.
    pub identity: Vec<Source<'p>>,
    /// The permissions boundary (a role's or user's).
    pub boundary: Option<&'p PolicyRef>,
}

/// The policies `e` holds, with those of `groups` (the groups a user is a member of; empty for
/// anything else). `None` for an entity that holds no identity policies (a managed policy, an
/// instance profile, a provider).
pub fn held<'p>(e: &'p Entity, groups: &[&'p Group]) -> Option<Held<'p>> {
    let (boundary, inline, attachments) = e.identity_policies()?;
    let mut identity = Vec::new();
    let mut add = |inline: &'p [InlinePolicy], attachments: &'p [Attachment], group| {
        identity.extend(inline.iter().map(|policy| Source::Inline { policy, group }));
        identity.extend(attachments.iter().map(Source::Attached));
    };
    add(inline, attachments, None);
    for g in groups {
        add(&g.inline, &g.attachments, Some(*g));
    }
    Some(Held { identity, boundary })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::driver::compile_str;

    #[test]
    fn a_user_holds_its_own_policies_then_its_groups() {
        let c = compile_str(
            "t.iamx",
            r#"policy read { allow s3:GetObject on "arn:aws:s3:::b/*" }
            policy limit { allow s3:* on * }
            user alice {
              boundary = limit
              inline own { allow s3:ListBucket on "arn:aws:s3:::b" }
              attach read
            }
            group readers {
              members = [alice]
              inline shared { allow s3:PutObject on "arn:aws:s3:::b/*" }
              attach read
            }"#,
        );
        let p = c.program.expect("compiles");
        let group = |id: &str| match p.entity(id) {
            Some(Entity::Group(g)) => g,
            _ => panic!("no group {id}"),
        };
        let alice = p.entity("alice").unwrap();
        let h = held(alice, &[group("readers")]).unwrap();
        let names: Vec<String> = h
            .identity
            .iter()
            .map(|s| match s {
                Source::Inline { policy, group } => {
                    format!("{}@{}", policy.name, group.map_or("-", |g| &g.common.id))
                }
                Source::Attached(a) => format!("{:?}", a.policy),
            })
            .collect();
        assert_eq!(
            names,
            [
                "own@-",
                "Local(\"read\")",
                "shared@readers",
                "Local(\"read\")"
            ]
        );
        assert_eq!(h.boundary, Some(&PolicyRef::Local("limit".into())));
        assert!(held(p.entity("read").unwrap(), &[]).is_none());
    }
}
