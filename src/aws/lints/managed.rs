//! Stage 6 (lints): the AWS managed policies a program names by ARN (attached, or as a
//! permissions boundary), read into the IR from the documents embedded with the evaluator
//! (`stdlib/managed/`, from iam-dataset; `eval::managed`), so the lints read them as they read
//! local policies. Uses the IR, the embedded data and the JSON policy reader.
//!
//! Each document is read once per reference: its statements carry the span of the `attach` or
//! `boundary` that names it, so a warning built on them points there. An ARN that names no AWS
//! managed policy (another account's, a param) stays unread.

use crate::aws::eval::managed::aws_managed;
use crate::ir::aws::{DocKind, Document, Entity, PolicyRef};
use crate::ir::{Part, Program, Text};
use crate::span::Span;
use std::collections::HashMap;

#[derive(Default)]
pub struct ManagedDocs {
    docs: HashMap<(String, Span), Document>,
}

/// The name of the AWS managed policy an ARN names (`service-role/AWSLambdaRole`), if it names
/// one: `arn:PARTITION:iam::aws:policy/NAME`.
fn managed_name(t: &Text) -> Option<&str> {
    let Some(Part::Lit(tail)) = t.parts.last() else {
        return None;
    };
    tail.split_once(":iam::aws:policy/").map(|(_, name)| name)
}

/// The document of the AWS managed policy `name`, its statements placed at `span`.
fn read(name: &str, span: Span) -> Option<Document> {
    let policy = aws_managed(name)?;
    let mut doc = crate::aws::policy_json::read::parse_str(policy.json(), DocKind::Managed).ok()?;
    doc.span = span;
    for s in &mut doc.statements {
        s.span = span;
        s.actions.iter_mut().for_each(|a| a.span = span);
        s.resources.iter_mut().for_each(|r| r.span = span);
        s.conditions.iter_mut().for_each(|c| c.span = span);
    }
    Some(doc)
}

impl ManagedDocs {
    /// Read every AWS managed policy the program attaches or uses as a boundary.
    pub fn load(p: &Program) -> ManagedDocs {
        let mut m = ManagedDocs::default();
        for e in &p.entities {
            let Some((boundary, _, attachments)) = e.identity_policies() else {
                continue;
            };
            let refs = boundary
                .map(|b| (b, boundary_span(e)))
                .into_iter()
                .chain(attachments.iter().map(|a| (&a.policy, a.span)));
            for (r, span) in refs {
                let PolicyRef::Arn(t) = r else { continue };
                if let Some(name) = managed_name(t) {
                    if let std::collections::hash_map::Entry::Vacant(slot) =
                        m.docs.entry((name.to_string(), span))
                    {
                        if let Some(doc) = read(name, span) {
                            slot.insert(doc);
                        }
                    }
                }
            }
        }
        m
    }

    /// The document a reference written at `span` names, when it is an AWS managed policy.
    pub fn get(&self, r: &PolicyRef, span: Span) -> Option<&Document> {
        let PolicyRef::Arn(t) = r else { return None };
        self.docs.get(&(managed_name(t)?.to_string(), span))
    }
}

/// Where a principal's boundary is written: the IR keeps no span of its own for it, so the
/// principal's.
pub fn boundary_span(e: &Entity) -> Span {
    e.common().span
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn managed_arns_are_read() {
        let t = Text {
            parts: vec![
                Part::Lit("arn:".into()),
                Part::Current(crate::ir::Current::Partition),
                Part::Lit(":iam::aws:policy/PowerUserAccess".into()),
            ],
        };
        assert_eq!(managed_name(&t), Some("PowerUserAccess"));
        let doc = read("PowerUserAccess", Span::new(0, 1, 2)).unwrap();
        assert!(doc.statements.iter().all(|s| s.span == Span::new(0, 1, 2)));
        assert!(doc.statements.iter().any(|s| s.not_action));
        assert!(read("NoSuchPolicy", Span::default()).is_none());
        assert_eq!(
            managed_name(&Text::lit("arn:aws:iam::111122223333:policy/mine")),
            None
        );
    }
}
