//! Evaluator stage: policy variables (`${aws:username}`, `${aws:PrincipalTag/team, 'shared'}`,
//! the escapes `${*}`, `${?}`, `${$}`) in resources and string/ARN condition values.
//!
//! Pure; uses [`crate::aws::glob::pattern`] and the request [`super::request::Context`]. Rules (IAM User
//! Guide, "IAM policy elements: Variables and tags"): variables are only read in policies of
//! version `2012-10-17`; the key name is case-insensitive and trimmed; a default is single-quoted
//! (`''` is a quote) and used when the key is absent; a value substituted from the request is
//! literal, never a wildcard; a key that is absent without a default, or multi-valued, has no
//! value and the element that holds it matches nothing; only one round of substitution is made.

use super::request::{Context, Value};
use crate::aws::glob::pattern::Pattern;

/// One piece of a string that may hold variables.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Part {
    /// Policy text: `*` and `?` are wildcards where the element allows them.
    Text(String),
    /// A literal character from `${*}`, `${?}` or `${$}`.
    Escape(char),
    /// `${key}` or `${key, 'default'}`; `key` is lower-cased.
    Var {
        key: String,
        default: Option<String>,
    },
}

/// A string of a policy, split at its variables.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Template {
    /// The text as written in the policy.
    pub raw: String,
    parts: Vec<Part>,
}

impl Template {
    /// Parse `text`; when `variables` is false (a policy without `"Version": "2012-10-17"`),
    /// `${...}` is plain text.
    pub fn new(text: &str, variables: bool) -> Template {
        let parts = if variables && text.contains("${") {
            parse(text)
        } else {
            vec![Part::Text(text.to_string())]
        };
        Template {
            raw: text.to_string(),
            parts,
        }
    }

    pub fn parts(&self) -> &[Part] {
        &self.parts
    }

    /// Whether the template holds a `${key}` variable (escapes do not count).
    pub fn has_variables(&self) -> bool {
        self.parts.iter().any(|p| matches!(p, Part::Var { .. }))
    }

    /// The template as a wildcard pattern for this request, or `None` when a variable has no
    /// value.
    pub fn pattern(&self, ctx: &Context) -> Option<Pattern> {
        let mut p = Pattern::default();
        for part in &self.parts {
            match part {
                Part::Text(t) => p.push_wild(t),
                Part::Escape(c) => p.push_literal(c.encode_utf8(&mut [0; 4])),
                Part::Var { key, default } => p.push_literal(&resolve(key, default, ctx)?),
            }
        }
        Some(p)
    }

    /// The widest pattern the template could become: a variable without a value reads as `*`.
    /// Used to tell whether a pattern could match a resource for some value of its variables.
    pub fn widest(&self, ctx: &Context) -> Pattern {
        let mut p = Pattern::default();
        for part in &self.parts {
            match part {
                Part::Text(t) => p.push_wild(t),
                Part::Escape(c) => p.push_literal(c.encode_utf8(&mut [0; 4])),
                Part::Var { key, default } => match resolve(key, default, ctx) {
                    Some(v) => p.push_literal(&v),
                    None => p.push_wild("*"),
                },
            }
        }
        p
    }

    /// The template as plain text for this request (no wildcards), or `None` when a variable has
    /// no value.
    pub fn text(&self, ctx: &Context) -> Option<String> {
        if let [Part::Text(t)] = self.parts.as_slice() {
            return Some(t.clone());
        }
        let mut s = String::new();
        for part in &self.parts {
            match part {
                Part::Text(t) => s.push_str(t),
                Part::Escape(c) => s.push(*c),
                Part::Var { key, default } => s.push_str(&resolve(key, default, ctx)?),
            }
        }
        Some(s)
    }
}

fn resolve(key: &str, default: &Option<String>, ctx: &Context) -> Option<String> {
    match ctx.get_lower(key) {
        Some(Value::One(v)) => Some(v.clone()),
        // A multi-valued key cannot be a policy variable.
        Some(Value::Many(_)) => None,
        None => default.clone(),
    }
}

fn parse(text: &str) -> Vec<Part> {
    let mut parts = Vec::new();
    let mut plain = String::new();
    let mut rest = text;
    while let Some(start) = rest.find("${") {
        let (before, from) = rest.split_at(start);
        plain.push_str(before);
        let body_and_rest = from.get(2..).unwrap_or_default();
        match variable(body_and_rest) {
            Some((part, used)) => {
                if !plain.is_empty() {
                    parts.push(Part::Text(std::mem::take(&mut plain)));
                }
                parts.push(part);
                rest = body_and_rest.get(used..).unwrap_or_default();
            }
            None => {
                // Not a variable: `${` is text.
                plain.push_str("${");
                rest = body_and_rest;
            }
        }
    }
    plain.push_str(rest);
    if !plain.is_empty() || parts.is_empty() {
        parts.push(Part::Text(plain));
    }
    parts
}

/// Parse the body of `${...}` (text after `${`): the part and the bytes used, closing brace
/// included.
fn variable(s: &str) -> Option<(Part, usize)> {
    let comma = s.find([',', '}'])?;
    let key = s.get(..comma)?.trim();
    if s.get(comma..)?.starts_with('}') {
        let part = match key {
            "*" => Part::Escape('*'),
            "?" => Part::Escape('?'),
            "$" => Part::Escape('$'),
            "" => return None,
            k => Part::Var {
                key: k.to_ascii_lowercase(),
                default: None,
            },
        };
        return Some((part, comma + 1));
    }
    // `${key, 'default'}`: the default is single-quoted, `''` is one quote.
    let after = s.get(comma + 1..)?;
    let trimmed = after.trim_start();
    let mut pos = comma + 1 + (after.len() - trimmed.len());
    let mut chars = trimmed.char_indices();
    if chars.next()?.1 != '\'' {
        return None;
    }
    let mut default = String::new();
    let mut closed = None;
    let bytes = trimmed.as_bytes();
    let mut i = 1;
    while let Some(&b) = bytes.get(i) {
        if b == b'\'' {
            if bytes.get(i + 1) == Some(&b'\'') {
                default.push('\'');
                i += 2;
                continue;
            }
            closed = Some(i);
            break;
        }
        let len = trimmed.get(i..)?.chars().next()?.len_utf8();
        default.push_str(trimmed.get(i..i + len)?);
        i += len;
    }
    let close = closed?;
    let tail = trimmed.get(close + 1..)?;
    let tail_trim = tail.trim_start();
    if !tail_trim.starts_with('}') || key.is_empty() {
        return None;
    }
    pos += close + 1 + (tail.len() - tail_trim.len()) + 1;
    Some((
        Part::Var {
            key: key.to_ascii_lowercase(),
            default: Some(default),
        },
        pos,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ctx() -> Context {
        let mut c = Context::new();
        c.insert("aws:username", "alice");
        c.insert("aws:PrincipalTag/team", "a*b");
        c.insert("aws:TagKeys", vec!["x".to_string(), "y".to_string()]);
        c
    }

    #[test]
    fn parses_and_resolves() {
        let c = ctx();
        let t = Template::new("arn:aws:s3:::b/${aws:username}/*", true);
        assert_eq!(t.text(&c).as_deref(), Some("arn:aws:s3:::b/alice/*"));
        let t = Template::new("${ AWS:UserName }", true);
        assert_eq!(t.text(&c).as_deref(), Some("alice"));
        let t = Template::new("${aws:missing, 'd''x'}-${aws:username,'z'}", true);
        assert_eq!(t.text(&c).as_deref(), Some("d'x-alice"));
        let t = Template::new("${aws:missing}", true);
        assert_eq!(t.text(&c), None);
        let t = Template::new("${aws:TagKeys}", true);
        assert_eq!(t.text(&c), None, "a multi-valued key has no value");
        let t = Template::new("${*}${?}${$}", true);
        assert_eq!(t.text(&c).as_deref(), Some("*?$"));
        let t = Template::new("${aws:username}", false);
        assert_eq!(t.text(&c).as_deref(), Some("${aws:username}"));
        let t = Template::new("a${b", true);
        assert_eq!(t.text(&c).as_deref(), Some("a${b"));
        let t = Template::new("${k, d}", true);
        assert_eq!(t.text(&c).as_deref(), Some("${k, d}"));
    }

    #[test]
    fn substituted_values_are_literal() {
        let c = ctx();
        let p = Template::new("x/${aws:PrincipalTag/team}", true)
            .pattern(&c)
            .unwrap();
        assert!(p.matches("x/a*b"));
        assert!(!p.matches("x/aXb"));
        let p = Template::new("x/${*}", true).pattern(&c).unwrap();
        assert!(!p.matches("x/y"));
        assert!(p.matches("x/*"));
    }
}
