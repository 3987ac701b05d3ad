//! Stage 6 (lints): what a statement reaches, one notion for every lint. Which actions it names
//! (`NotAction` included), which resources of an action's types it covers (`*`, `NotResource`,
//! patterns that cover a whole type), whether its conditions narrow it, and what takes a broad
//! grant away again: the principal's denies and its permissions boundary. Uses the IR, the
//! catalog and the other lint helpers.

use crate::aws::catalog::glob_match;
use crate::aws::glob::meet::{FormatCache, globs_meet};
use crate::aws::lint_data::conditions::restricted;
use crate::ir::aws::{Effect, Statement};
use crate::ir::{Part, Text};

/// Which resources of an action's types a statement covers.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Reach {
    /// None (`on not *`, or `NotResource` listing every resource of the type).
    Nothing,
    /// Some named resources.
    Named,
    /// Every resource of the type (`*`, a pattern such as `role/*`, or `NotResource` naming
    /// some), in whichever partition, Region and account.
    TypeWide,
}

/// Whether `s` names the concrete action `action` (`svc:Name`): through `Action`, or through
/// `NotAction` by not listing it.
pub fn names_action(s: &Statement, action: &str) -> bool {
    s.actions.iter().any(|a| glob_match(&a.name, action)) != s.not_action
}

/// Whether `s` names every action the pattern `pattern` matches (`*`, `iam:*`).
pub fn names_all(s: &Statement, pattern: &str) -> bool {
    if s.not_action {
        !s.actions.iter().any(|a| globs_meet(&a.name, pattern))
    } else {
        s.actions.iter().any(|a| glob_match(&a.name, pattern))
    }
}

/// Only `*` or a pattern ending in a wildcard can cover a type; most resources are neither and
/// need no catalog lookup.
fn may_cover(t: &Text) -> bool {
    matches!(t.parts.last(), Some(Part::Lit(l)) if l.ends_with('*'))
}

/// Whether the resource pattern `t` covers every resource of one of `action`'s types: an ARN
/// whose service is the type's (or a wildcard) and whose resource field is a prefix of the
/// type's literal prefix followed only by wildcards and separators the format has (`role/*`,
/// `secret:*`, `trail/*`, `*/*` for S3 objects, `*` for buckets). Partition, Region and account
/// are not read: every secret of an account is still every secret. A param, a reference or a
/// policy variable in the resource field names something, so it never covers a type.
pub fn covers_type(t: &Text, action: &str, cache: &FormatCache) -> bool {
    if t.is_star() {
        return true;
    }
    if !may_cover(t) {
        return false;
    }
    let Some(compiled) = cache.get(action) else {
        return false;
    };
    let mut flat = String::new();
    for p in &t.parts {
        match p {
            Part::Lit(l) => flat.push_str(l),
            _ => flat.push('\u{0}'),
        }
    }
    compiled.formats.iter().any(|f| covers_format(&flat, f))
}

fn covers_format(flat: &str, format: &str) -> bool {
    let user: Vec<&str> = flat.splitn(6, ':').collect();
    let fmt: Vec<&str> = format.splitn(6, ':').collect();
    let ([arn, _, service, _, _, field], [_, _, fservice, _, _, ffield]) =
        (user.as_slice(), fmt.as_slice())
    else {
        return false;
    };
    if *arn != "arn" || service.contains('\u{0}') || field.contains('\u{0}') {
        return false;
    }
    if !glob_match(service, fservice) {
        return false;
    }
    let Some(wild) = field.find(['*', '?']) else {
        return false;
    };
    let (lit, rest) = field.split_at(wild);
    let prefix = ffield.split("${").next().unwrap_or("");
    if !prefix.starts_with(lit) || !rest.starts_with('*') || !rest.ends_with('*') {
        return false;
    }
    // The separators of the wildcard tail must fit what follows in the format: `*/*` covers S3
    // objects (`bucket/key`), not buckets; `role/*/*` only roles with a path.
    let tail = ffield.get(lit.len()..).unwrap_or("");
    rest.chars().all(|c| matches!(c, '*' | '/' | ':'))
        && ['/', ':']
            .iter()
            .all(|sep| rest.matches(*sep).count() <= tail.matches(*sep).count())
}

/// Whether `s` covers every resource of `action`'s resource type `ty` (`document`), or names one
/// of `equivalent` (resource names as good as the whole type, such as an SSM document that runs
/// any command: `document/AWS-RunShellScript`).
pub fn covers_named_type(
    s: &Statement,
    action: &str,
    ty: &str,
    equivalent: &[&str],
    cache: &FormatCache,
) -> bool {
    let Some(compiled) = cache.get(action) else {
        return false;
    };
    let Some(format) = compiled
        .types
        .iter()
        .position(|t| *t == ty)
        .and_then(|i| compiled.formats.get(i))
    else {
        return false;
    };
    let covers = |t: &Text| {
        t.is_star() || {
            let flat: String = t
                .parts
                .iter()
                .map(|p| match p {
                    Part::Lit(l) => l.as_str(),
                    _ => "\u{0}",
                })
                .collect();
            (may_cover(t) && covers_format(&flat, format))
                || flat.splitn(6, ':').nth(5).is_some_and(|field| {
                    equivalent
                        .iter()
                        .any(|e| glob_match(field, &format!("{ty}/{e}")))
                })
        }
    };
    if s.not_resource {
        !s.resources.iter().any(|r| covers(&r.text))
    } else {
        s.resources.iter().any(|r| covers(&r.text))
    }
}

/// Which resources of `action`'s types `s` covers.
pub fn reach(s: &Statement, action: &str, cache: &FormatCache) -> Reach {
    let covered = s
        .resources
        .iter()
        .any(|r| covers_type(&r.text, action, cache));
    match (s.not_resource, covered) {
        (true, true) => Reach::Nothing,
        (true, false) | (false, true) => Reach::TypeWide,
        (false, false) => Reach::Named,
    }
}

/// Whether `s` grants `action` on every resource of its type with no condition that narrows it.
pub fn broad(s: &Statement, action: &str, cache: &FormatCache) -> bool {
    names_action(s, action)
        && reach(s, action, cache) == Reach::TypeWide
        && !restricted(&s.conditions, action)
}

/// Whether the deny `d` applies to `action` on every resource, whatever the request.
fn denies_all(d: &Statement, action: &str, cache: &FormatCache) -> bool {
    if !d.conditions.is_empty() || !names_action(d, action) {
        return false;
    }
    if !d.not_resource {
        return d
            .resources
            .iter()
            .any(|r| covers_type(&r.text, action, cache));
    }
    // `deny ... on not LIST`: every resource unless one listed can be of the action's types.
    if d.resources.iter().any(|r| r.text.is_star()) {
        return false;
    }
    match cache.get(action) {
        Some(c) if !c.wildcard_only => !d.resources.iter().any(|r| c.any_match(&r.text)),
        Some(_) => true,
        None => false,
    }
}

/// Whether a deny among `denies` takes `action` away everywhere, unconditionally.
pub fn denied(action: &str, denies: &[&Statement], cache: &FormatCache) -> bool {
    denies.iter().any(|d| denies_all(d, action, cache))
}

/// A principal's permissions boundary.
pub enum Boundary<'p> {
    None,
    /// A local managed policy: its allows and its denies.
    Known {
        allows: Vec<&'p Statement>,
        denies: Vec<&'p Statement>,
    },
    /// An AWS managed or external policy, shown as written: iamx does not have its document,
    /// so it is taken to allow everything (a lint may then warn about what it would block).
    Unknown(String),
}

impl<'p> Boundary<'p> {
    /// The boundary made of these statements.
    pub fn known(statements: &'p [Statement]) -> Boundary<'p> {
        let (allows, denies) = statements.iter().partition(|s| s.effect == Effect::Allow);
        Boundary::Known { allows, denies }
    }

    /// Whether the boundary lets a broad grant of `action` through broadly.
    pub fn allows(&self, action: &str, cache: &FormatCache) -> bool {
        let Boundary::Known { allows, denies } = self else {
            return true;
        };
        allows.iter().any(|s| broad(s, action, cache)) && !denied(action, denies, cache)
    }
}

/// What caps a principal's grants: its denies and its permissions boundary.
pub struct Caps<'p> {
    pub denies: Vec<&'p Statement>,
    pub boundary: Boundary<'p>,
}

impl<'p> Caps<'p> {
    /// Whether a broad grant of `action` stays broad: no deny takes it away and the boundary
    /// lets it through.
    pub fn keeps(&self, action: &str, cache: &FormatCache) -> bool {
        !denied(action, &self.denies, cache) && self.boundary.allows(action, cache)
    }

    /// Whether an unconditioned deny on `*` takes away every action `pattern` matches.
    pub fn removes_all(&self, pattern: &str) -> bool {
        self.denies.iter().any(|d| {
            d.conditions.is_empty()
                && !d.not_resource
                && d.resources.iter().any(|r| r.text.is_star())
                && names_all(d, pattern)
        })
    }

    /// Sets of action patterns that bound what a `*` or `svc:*` grant can reach: the exceptions
    /// of each `deny not ... on *`, and the actions a boundary allows (unless it allows `*` or
    /// uses `allow not`).
    pub fn limits(&self) -> Vec<Vec<&'p str>> {
        let mut out: Vec<Vec<&str>> = self
            .denies
            .iter()
            .filter(|d| {
                d.not_action
                    && d.conditions.is_empty()
                    && !d.not_resource
                    && d.resources.iter().any(|r| r.text.is_star())
            })
            .map(|d| d.actions.iter().map(|a| a.name.as_str()).collect())
            .collect();
        if let Boundary::Known { allows, .. } = &self.boundary {
            let open = allows
                .iter()
                .any(|s| s.not_action || s.actions.iter().any(|a| a.name == "*"));
            if !open {
                out.push(
                    allows
                        .iter()
                        .flat_map(|s| s.actions.iter().map(|a| a.name.as_str()))
                        .collect(),
                );
            }
        }
        out
    }

    /// Whether `pattern` lies within every limit (no deny-everything-except and no boundary
    /// stops part of it).
    pub fn within_limits(&self, pattern: &str) -> bool {
        self.limits()
            .iter()
            .all(|set| set.iter().any(|l| glob_match(l, pattern)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn covers(arn: &str, action: &str) -> bool {
        covers_type(&Text::lit(arn), action, &FormatCache::default())
    }

    #[test]
    fn type_wide_patterns() {
        assert!(covers("arn:aws:s3:::*", "s3:PutBucketPolicy"));
        assert!(covers("arn:aws:s3:::*", "s3:GetObject"));
        assert!(covers("arn:aws:s3:::*/*", "s3:GetObject"));
        assert!(!covers("arn:aws:s3:::*/*", "s3:PutBucketPolicy"));
        assert!(covers(
            "arn:*:cloudtrail:*:*:trail/*",
            "cloudtrail:StopLogging"
        ));
        assert!(covers("arn:aws:iam::*:role/*", "iam:PassRole"));
        assert!(covers("arn:aws:iam::*:*", "iam:PassRole"));
        assert!(covers("arn:aws:iam::*:r*", "iam:PassRole"));
        assert!(!covers("arn:aws:iam::*:role/app-*", "iam:PassRole"));
        assert!(!covers("arn:aws:iam::*:role/*/*", "iam:PassRole"));
        assert!(!covers("arn:aws:sqs:*:*:*", "s3:PutBucketPolicy"));
        assert!(covers("arn:aws:*:*:*:*", "s3:PutBucketPolicy"));
        assert!(covers(
            "arn:aws:secretsmanager:*:*:secret:*",
            "secretsmanager:GetSecretValue"
        ));
        assert!(!covers("arn:aws:es:*:*:domain/*/", "es:ESHttpGet"));
        assert!(covers(
            "arn:aws:logs:*:*:log-group:*:*",
            "logs:GetLogEvents"
        ));
    }

    #[test]
    fn symbolic_resource_fields_name_something() {
        let t = Text {
            parts: vec![
                Part::Lit("arn:aws:iam::".into()),
                Part::Param("account".into()),
                Part::Lit(":role/*".into()),
            ],
        };
        assert!(covers_type(&t, "iam:PassRole", &FormatCache::default()));
        let t = Text {
            parts: vec![
                Part::Lit("arn:aws:iam::*:user/".into()),
                Part::PolicyVar("aws:username".into()),
                Part::Lit("*".into()),
            ],
        };
        assert!(!covers_type(
            &t,
            "iam:CreateAccessKey",
            &FormatCache::default()
        ));
    }
}
