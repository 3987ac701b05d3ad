//! Literal checks used by the type checker: account ids, regions, ARNs, CIDRs, dates, and the IAM
//! limits on names, paths, descriptions, tags and Sids.

use crate::diag::{Diag, ErrorCode};
use crate::ir::{Current, ParamType, Part, Text};
use crate::span::Span;

pub fn is_account_id(s: &str) -> bool {
    s.len() == 12 && s.bytes().all(|b| b.is_ascii_digit())
}

/// `us-east-1`, `eu-central-2`, `us-gov-west-1`, `cn-north-1`, `us-isob-east-1`.
#[expect(
    clippy::indexing_slicing,
    reason = "`parts` has 3 or 4 elements, checked first"
)]
pub fn is_region(s: &str) -> bool {
    let parts: Vec<&str> = s.split('-').collect();
    if parts.len() < 3 || parts.len() > 4 {
        return false;
    }
    let ok_word = |w: &str| !w.is_empty() && w.bytes().all(|b| b.is_ascii_lowercase());
    parts[0].len() == 2
        && ok_word(parts[0])
        && parts[1..parts.len() - 1].iter().all(|w| ok_word(w))
        && parts[parts.len() - 1].parse::<u8>().is_ok()
}

pub fn is_cidr(s: &str) -> bool {
    let (addr, bits) = match s.split_once('/') {
        Some((a, b)) => (a, Some(b)),
        None => (s, None),
    };
    let max = if addr.parse::<std::net::Ipv4Addr>().is_ok() {
        32
    } else if addr.parse::<std::net::Ipv6Addr>().is_ok() {
        128
    } else {
        return false;
    };
    bits.is_none_or(|b| b.parse::<u8>().is_ok_and(|n| n <= max))
}

/// ISO 8601 dates and date-times as IAM accepts them, or epoch seconds.
#[expect(
    clippy::indexing_slicing,
    reason = "every index is behind a length check of the same bytes"
)]
pub fn is_date(s: &str) -> bool {
    if !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit()) {
        return true;
    }
    let b = s.as_bytes();
    let digits =
        |r: std::ops::Range<usize>| r.clone().all(|i| b.get(i).is_some_and(u8::is_ascii_digit));
    if b.len() < 10
        || !digits(0..4)
        || b[4] != b'-'
        || !digits(5..7)
        || b[7] != b'-'
        || !digits(8..10)
    {
        return false;
    }
    let year: u32 = s[0..4].parse().unwrap_or(0);
    let month: u8 = s[5..7].parse().unwrap_or(0);
    let day: u8 = s[8..10].parse().unwrap_or(0);
    let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    let days = match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return false,
    };
    if day == 0 || day > days {
        return false;
    }
    if b.len() == 10 {
        return true;
    }
    let rest = &s[10..];
    let Some(time) = rest.strip_prefix('T') else {
        return false;
    };
    let tb = time.as_bytes();
    tb.len() >= 8
        && tb[2] == b':'
        && tb[5] == b':'
        && [0, 1, 3, 4, 6, 7].iter().all(|&i| tb[i].is_ascii_digit())
        && {
            let zone = &time[8..];
            let zone = zone
                .strip_prefix('.')
                .map_or(zone, |z| z.trim_start_matches(|c: char| c.is_ascii_digit()));
            zone.is_empty()
                || zone == "Z"
                || ((zone.starts_with('+') || zone.starts_with('-')) && zone.len() == 6)
        }
}

pub fn is_number(s: &str) -> bool {
    let t = s.strip_prefix('-').unwrap_or(s);
    !t.is_empty()
        && t.split_once('.')
            .map_or(t.bytes().all(|b| b.is_ascii_digit()), |(a, b)| {
                !a.is_empty()
                    && a.bytes().all(|c| c.is_ascii_digit())
                    && b.bytes().all(|c| c.is_ascii_digit())
            })
}

/// Check the shape of a (possibly symbolic) ARN. `None` when it is fine or cannot be judged.
///
/// Symbolic parts count as one field each (`${current.partition}`), except a param or reference
/// that may itself be a whole ARN, which makes the shape unknowable.
#[expect(
    clippy::indexing_slicing,
    reason = "`fields` has six elements, checked first"
)]
pub fn arn_problem(text: &Text, param_is_arn: &dyn Fn(&str) -> bool) -> Option<String> {
    let mut flat = String::new();
    for p in &text.parts {
        match p {
            Part::Lit(s) => flat.push_str(s),
            Part::PolicyVar(_) => flat.push('x'),
            Part::Current(Current::Partition) => flat.push_str("aws"),
            Part::Current(Current::Region) => flat.push_str("us-east-1"),
            Part::Current(Current::Account) => flat.push_str("111122223333"),
            Part::Param(name) if !param_is_arn(name) => flat.push('x'),
            Part::Param(_) | Part::Ref { .. } => return None,
        }
    }
    if flat == "*" {
        return None;
    }
    if !flat.starts_with("arn:") {
        return Some("an ARN starts with `arn:`".into());
    }
    let fields: Vec<&str> = flat.splitn(6, ':').collect();
    if fields.len() < 6 {
        return Some(format!(
            "an ARN has six `:`-separated fields; this has {}",
            fields.len()
        ));
    }
    if fields[1].is_empty() {
        return Some("the partition field is empty".into());
    }
    if fields[2].is_empty() {
        return Some("the service field is empty".into());
    }
    None
}

/// IAM names of roles and users: 1..=64 of `[\w+=,.@-]`; groups, policies, profiles 128.
pub fn name_problem(name: &str, max: usize) -> Option<String> {
    if name.is_empty() {
        return Some("a name cannot be empty".into());
    }
    if name.chars().count() > max {
        return Some(format!(
            "{} characters; the limit is {max}",
            name.chars().count()
        ));
    }
    if let Some(c) = name
        .chars()
        .find(|c| !(c.is_ascii_alphanumeric() || "_+=,.@-".contains(*c)))
    {
        return Some(format!(
            "`{c}` is not allowed; use letters, digits and _+=,.@-"
        ));
    }
    None
}

/// IAM paths: `/` or `/a/b/`, at most 512 characters of ASCII 0x21..=0x7E.
pub fn path_problem(path: &str) -> Option<String> {
    if path.len() > 512 {
        return Some("over 512 characters".into());
    }
    if !path.starts_with('/') || !path.ends_with('/') {
        return Some("a path starts and ends with `/`".into());
    }
    if path.contains("//") {
        return Some("a path has no empty segment".into());
    }
    if let Some(c) = path.chars().find(|c| !('\u{21}'..='\u{7e}').contains(c)) {
        return Some(format!("`{}` is not allowed in a path", c.escape_default()));
    }
    None
}

pub fn description_problem(d: &str) -> Option<String> {
    if d.chars().count() > 1000 {
        return Some(format!(
            "{} characters; the limit is 1000",
            d.chars().count()
        ));
    }
    d.chars()
        .find(|c| !matches!(*c, '\t' | '\n' | '\r' | ' '..='~' | '\u{a1}'..='\u{ff}'))
        .map(|c| {
            format!(
                "`{}` is not allowed in an IAM description",
                c.escape_default()
            )
        })
}

/// IAM tags: key 1..=128, value 0..=256, letters, digits, spaces and `_.:/=+-@`; no `aws:` keys.
pub fn tag_problem(key: &str, value: Option<&str>) -> Option<String> {
    let ok = |c: char| c.is_alphanumeric() || c.is_whitespace() || "_.:/=+-@".contains(c);
    if key.is_empty() || key.chars().count() > 128 {
        return Some("a tag key has 1 to 128 characters".into());
    }
    if key.to_ascii_lowercase().starts_with("aws:") {
        return Some("the `aws:` prefix is reserved for AWS".into());
    }
    if let Some(c) = key.chars().find(|c| !ok(*c)) {
        return Some(format!("`{c}` is not allowed in a tag key"));
    }
    if let Some(v) = value {
        if v.chars().count() > 256 {
            return Some("a tag value has at most 256 characters".into());
        }
        if let Some(c) = v.chars().find(|c| !ok(*c)) {
            return Some(format!("`{c}` is not allowed in a tag value"));
        }
    }
    None
}

/// The first character IAM does not accept in a policy document: its API takes
/// `[\u0009\u000A\u000D\u0020-\u00FF]`.
pub fn policy_char_problem(s: &str) -> Option<char> {
    s.chars()
        .find(|c| !matches!(*c, '\t' | '\n' | '\r' | '\u{20}'..='\u{ff}'))
}

/// A character for a message: itself when it is printable, else its code point (`U+0007`), so
/// a message never puts a control character on a terminal.
pub fn char_name(c: char) -> String {
    if c.is_control()
        || c.is_whitespace()
        || matches!(c, '\u{200b}'..='\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{feff}')
    {
        format!("U+{:04X}", u32::from(c))
    } else {
        format!("`{c}` (U+{:04X})", u32::from(c))
    }
}

pub fn is_sid(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_alphanumeric())
}

/// What is wrong with an IAM policy variable.
pub enum PolicyVarProblem {
    /// It names no key of the request context; the closest known key.
    UnknownKey(String, Option<String>),
    /// Its default is not `'quoted'`: the variable and its key.
    UnquotedDefault(String, String),
}

/// The first problem with the IAM policy variables of a text. Keys are checked against the
/// catalog: global keys, service keys, SAML and web identity keys (IAM User Guide, "IAM policy
/// elements: Variables and tags": a variable names a key of the request context).
pub fn policy_var_problem(t: &Text) -> Option<PolicyVarProblem> {
    let catalog = crate::aws::catalog::catalog();
    t.parts.iter().find_map(|p| {
        let Part::PolicyVar(v) = p else { return None };
        let (key, default) = crate::ir::aws::policy_var_key(v)?;
        let quoted = |d: &str| d.len() >= 2 && d.starts_with('\'') && d.ends_with('\'');
        if default.is_some_and(|d| !quoted(d)) {
            return Some(PolicyVarProblem::UnquotedDefault(
                v.clone(),
                key.to_string(),
            ));
        }
        if catalog.condition_key(key).is_some() {
            return None;
        }
        Some(PolicyVarProblem::UnknownKey(
            v.clone(),
            catalog.suggest_key(key),
        ))
    })
}

/// Whether `value` (a default, a `--param` value, one element of a list) is a value of a param
/// of type `ty`.
pub fn param_value_ok(ty: ParamType, value: &str) -> bool {
    match ty {
        ParamType::String => true,
        ParamType::Int => value.parse::<i64>().is_ok(),
        ParamType::Bool => matches!(value, "true" | "false"),
        ParamType::Duration => value.parse::<u64>().is_ok(),
        ParamType::AccountId => is_account_id(value),
        ParamType::Region => is_region(value),
        ParamType::Arn => arn_problem(&Text::lit(value), &|_| false).is_none(),
        ParamType::Cidr => is_cidr(value),
        ParamType::Date => is_date(value),
        ParamType::ProjectId => crate::gcp::values::is_project_id(value),
        ParamType::GcpRegion => crate::gcp::values::is_region(value),
        ParamType::SubscriptionId => crate::azure::values::is_subscription_id(value),
        ParamType::AzureLocation => crate::azure::values::is_location(value),
    }
}

/// The error for a character IAM refuses in a policy document (E0619).
pub fn policy_char_diag(ch: char, span: Span) -> Diag {
    Diag::error(
        ErrorCode::E0619,
        format!(
            "character {} is not allowed in an IAM policy document",
            char_name(ch)
        ),
        span,
        "not accepted by IAM",
    )
    .with_help(
        "IAM policy documents take tab, newline, carriage return and the characters U+0020 to U+00FF",
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn literals() {
        assert!(is_account_id("111122223333"));
        assert!(!is_account_id("11112222333"));
        assert!(is_region("us-east-1") && is_region("us-gov-west-1") && !is_region("useast1"));
        assert!(is_cidr("10.0.0.0/16") && is_cidr("2001:db8::/32") && !is_cidr("10.0.0.0/33"));
        assert!(is_date("2026-01-31") && is_date("2026-01-31T12:00:00Z") && !is_date("2026-13-01"));
        assert!(is_date("2028-02-29") && !is_date("2026-02-29") && !is_date("2026-04-31"));
        assert!(is_number("3600") && is_number("1.5") && !is_number("1h"));
    }

    #[test]
    fn arns() {
        let no_arn = |_: &str| false;
        assert_eq!(arn_problem(&Text::lit("arn:aws:s3:::b"), &no_arn), None);
        assert!(arn_problem(&Text::lit("arn:aws:s3:b"), &no_arn).is_some());
        assert!(arn_problem(&Text::lit("s3:::b"), &no_arn).is_some());
        let t = Text {
            parts: vec![
                Part::Lit("arn:".into()),
                Part::Current(Current::Partition),
                Part::Lit(":s3:::b".into()),
            ],
        };
        assert_eq!(arn_problem(&t, &no_arn), None);
    }

    #[test]
    fn iam_limits() {
        assert!(name_problem("batch-task", 64).is_none());
        assert!(name_problem(&"x".repeat(65), 64).is_some());
        assert!(name_problem("a b", 64).is_some());
        assert!(path_problem("/batch/").is_none() && path_problem("batch").is_some());
        assert!(
            tag_problem("aws:x", None).is_some() && tag_problem("team", Some("data")).is_none()
        );
        assert!(is_sid("ReadInput") && !is_sid("read-input"));
    }
}
