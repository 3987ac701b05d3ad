//! AWS: whether two IAM wildcard patterns can match a common string. The lints ask it of two
//! action patterns (`s3:Get*` and `s3:*Object`, [`globs_meet`]) and of a statement's resource and
//! the ARN formats the catalog gives an action (`resource_mismatch`: `s3:GetObject` on a bucket
//! ARN, [`FormatCache`]).
//!
//! For resources both sides are ARN patterns: the user's with `*`, `?` and symbolic parts (params, references,
//! policy variables: any text), the catalog's with `${Placeholder}` fields. The lint fires only
//! when no resource of the statement can intersect any format the action accepts, so it never
//! accuses a pattern that could be right.

use crate::aws::catalog::{ActionLookup, catalog};
use crate::ir::{Part, Text};
use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

#[derive(Clone, Copy, Debug, PartialEq)]
enum Class {
    Char(char),
    Any,
    /// Any character but `:` (a placeholder inside an ARN format).
    NoColon,
}

#[derive(Clone, Copy, Debug)]
enum Tok {
    One(Class),
    Star(Class),
}

fn user_pattern(t: &Text) -> Vec<Tok> {
    let mut out = Vec::new();
    for p in &t.parts {
        match p {
            Part::Lit(s) => {
                for c in s.chars() {
                    out.push(match c {
                        '*' => Tok::Star(Class::Any),
                        '?' => Tok::One(Class::Any),
                        c => Tok::One(Class::Char(c)),
                    });
                }
            }
            Part::Current(_) | Part::Param(_) | Part::PolicyVar(_) | Part::Ref { .. } => {
                out.push(Tok::Star(Class::Any))
            }
        }
    }
    out
}

fn format_pattern(f: &str) -> Vec<Tok> {
    let mut out = Vec::new();
    let mut rest = f;
    while let Some(i) = rest.find("${") {
        out.extend(rest[..i].chars().map(|c| Tok::One(Class::Char(c))));
        let after = &rest[i..];
        let end = after.find('}').map_or(after.len(), |e| e + 1);
        let name = after.get(2..end.saturating_sub(1)).unwrap_or("");
        rest = &after[end..];
        // The last field of a format may hold anything (`${ObjectName}` has `/`, `${LogGroupName}`
        // may be followed by `:*`); inner fields stop at `:`.
        let class = if rest.is_empty() {
            Class::Any
        } else {
            Class::NoColon
        };
        // Resources AWS owns have no account in their ARN
        // (`arn:aws:ssm:us-east-1::document/AWS-RunShellScript`).
        if name != "Account" {
            out.push(Tok::One(class));
        }
        out.push(Tok::Star(class));
    }
    out.extend(rest.chars().map(|c| Tok::One(Class::Char(c))));
    out
}

fn meets(a: Class, b: Class) -> bool {
    match (a, b) {
        (Class::Char(x), Class::Char(y)) => x == y,
        (Class::Char(x), Class::NoColon) | (Class::NoColon, Class::Char(x)) => x != ':',
        _ => true,
    }
}

/// Whether some string matches both patterns (product automaton search).
#[expect(
    clippy::indexing_slicing,
    reason = "`seen` has (n + 1) * (m + 1) cells and i <= n, j <= m"
)]
fn intersect(a: &[Tok], b: &[Tok]) -> bool {
    let (n, m) = (a.len(), b.len());
    let mut seen = vec![false; (n + 1) * (m + 1)];
    let mut stack = vec![(0usize, 0usize)];
    while let Some((i, j)) = stack.pop() {
        if seen[i * (m + 1) + j] {
            continue;
        }
        seen[i * (m + 1) + j] = true;
        if i == n && j == m {
            return true;
        }
        // Epsilon moves past stars.
        if let Some(Tok::Star(_)) = a.get(i) {
            stack.push((i + 1, j));
        }
        if let Some(Tok::Star(_)) = b.get(j) {
            stack.push((i, j + 1));
        }
        let (Some(ta), Some(tb)) = (a.get(i), b.get(j)) else {
            continue;
        };
        let (ca, na) = match ta {
            Tok::One(c) => (*c, i + 1),
            Tok::Star(c) => (*c, i),
        };
        let (cb, nb) = match tb {
            Tok::One(c) => (*c, j + 1),
            Tok::Star(c) => (*c, j),
        };
        if meets(ca, cb) && (na, nb) != (i, j) {
            stack.push((na, nb));
        }
    }
    false
}

/// The catalog's ARN formats for an action and whether it is wildcard-only (`None` for unknown
/// actions and patterns: the lint stays silent).
pub fn formats(action: &str) -> Option<(Vec<&'static str>, bool)> {
    typed_formats(action).map(|(t, w)| (t.into_iter().map(|(_, f)| f).collect(), w))
}

/// [`formats`] with the name of each resource type (`instance`, `document`).
fn typed_formats(action: &str) -> Option<(Vec<(&'static str, &'static str)>, bool)> {
    let (prefix, _) = action.split_once(':')?;
    let ActionLookup::Found(a) = catalog().lookup_action(action) else {
        return None;
    };
    let svc = catalog().service(prefix)?;
    let formats: Vec<(&'static str, &'static str)> = a
        .resources
        .iter()
        .filter_map(|r| svc.resources.get_key_value(r))
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    let wildcard_only = a.resources.is_empty();
    if formats.is_empty() && !wildcard_only {
        return None;
    }
    Some((formats, wildcard_only))
}

/// Whether a resource (user pattern) can be of a type whose format is given.
pub fn can_match(resource: &Text, format: &str) -> bool {
    intersect(&user_pattern(resource), &format_pattern(format))
}

/// An action's formats, compiled once per lint run.
pub struct Compiled {
    pub formats: Vec<&'static str>,
    /// The resource type of each format.
    pub types: Vec<&'static str>,
    patterns: Vec<Vec<Tok>>,
    pub wildcard_only: bool,
}

impl Compiled {
    pub fn any_match(&self, resource: &Text) -> bool {
        let user = user_pattern(resource);
        self.patterns.iter().any(|p| intersect(&user, p))
    }
}

/// Memoised [`formats`] for a lint run (actions repeat across statements and principals). Shared
/// by every lint through `&`, hence the cell: lints run on one thread.
#[derive(Default)]
pub struct FormatCache {
    map: RefCell<HashMap<String, Option<Rc<Compiled>>>>,
}

impl FormatCache {
    pub fn get(&self, action: &str) -> Option<Rc<Compiled>> {
        let key = action.to_ascii_lowercase();
        if let Some(hit) = self.map.borrow().get(&key) {
            return hit.clone();
        }
        let compiled = typed_formats(action).map(|(typed, wildcard_only)| {
            let patterns = typed.iter().map(|(_, f)| format_pattern(f)).collect();
            Rc::new(Compiled {
                formats: typed.iter().map(|(_, f)| *f).collect(),
                types: typed.iter().map(|(t, _)| *t).collect(),
                patterns,
                wildcard_only,
            })
        });
        self.map.borrow_mut().insert(key, compiled.clone());
        compiled
    }
}

/// Whether some action name matches both patterns (`s3:Get*` and `s3:*Object`), as IAM compares
/// names: case-insensitively.
pub fn globs_meet(a: &str, b: &str) -> bool {
    let toks = |p: &str| -> Vec<Tok> {
        p.chars()
            .map(|c| match c {
                '*' => Tok::Star(Class::Any),
                '?' => Tok::One(Class::Any),
                c => Tok::One(Class::Char(c.to_ascii_lowercase())),
            })
            .collect()
    };
    intersect(&toks(a), &toks(b))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fits(action: &str, arn: &str) -> bool {
        let (formats, _) = formats(action).unwrap();
        formats.iter().any(|f| can_match(&Text::lit(arn), f))
    }

    #[test]
    fn object_actions_need_object_arns() {
        assert!(!fits("s3:GetObject", "arn:aws:s3:::my-bucket"));
        assert!(fits("s3:GetObject", "arn:aws:s3:::my-bucket/*"));
        assert!(fits("s3:ListBucket", "arn:aws:s3:::my-bucket"));
    }

    #[test]
    fn log_group_star_covers_streams() {
        assert!(fits(
            "logs:PutLogEvents",
            "arn:aws:logs:*:*:log-group:/ecs/batch:*"
        ));
        assert!(fits(
            "logs:CreateLogStream",
            "arn:aws:logs:us-east-1:111122223333:log-group:/ecs/batch:*"
        ));
    }

    #[test]
    fn aws_owned_resources_have_no_account() {
        assert!(fits(
            "ssm:SendCommand",
            "arn:aws:ssm:us-east-1::document/AWS-RunShellScript"
        ));
        assert!(!fits("s3:GetObject", "arn:aws:s3:::bucket"));
    }

    #[test]
    fn symbolic_parts_match_anything() {
        let t = Text {
            parts: vec![
                Part::Lit("arn:aws:s3:::".into()),
                Part::Param("bucket".into()),
            ],
        };
        let (formats, _) = formats("s3:GetObject").unwrap();
        assert!(formats.iter().any(|f| can_match(&t, f)));
    }

    #[test]
    fn action_patterns_meet() {
        assert!(globs_meet("s3:Get*", "S3:*Object"));
        assert!(globs_meet("*", "iam:PassRole"));
        assert!(!globs_meet("s3:Get*", "iam:*"));
        assert!(!globs_meet("s3:GetObject", "s3:PutObject"));
    }

    #[test]
    fn wildcard_only_actions() {
        assert_eq!(
            formats("ecr:GetAuthorizationToken").map(|f| f.1),
            Some(true)
        );
    }
}
