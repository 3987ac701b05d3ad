//! Testing stage: containment between patterns and conditions — whether one grant covers another
//! (used to drop actions a deny takes away everywhere, and to classify a diff).
//!
//! Pure string code; uses the evaluator's value readers (numbers, CIDRs). Every answer is sound:
//! `true` means every request the inner pattern (condition) admits, the outer one admits too; a
//! `false` may be conservative for exotic patterns (`*?` against `?*`), which then shows as a
//! change rather than as no change.

use crate::aws::eval::values::{Network, number};

/// Patterns longer than this are never shown to contain another (the table is quadratic).
const MAX_LEN: usize = 2048;

/// Whether the glob `outer` (`*` any run, `?` one character) matches every string the glob
/// `inner` matches. `fold`: compare letters case-insensitively (actions).
pub fn glob_contains(outer: &str, inner: &str, fold: bool) -> bool {
    if outer == inner || outer == "*" {
        return true;
    }
    let lower = |s: &str| -> Vec<char> {
        if fold {
            s.chars().map(|c| c.to_ascii_lowercase()).collect()
        } else {
            s.chars().collect()
        }
    };
    let (o, i) = (lower(outer), lower(inner));
    if o.len() > MAX_LEN || i.len() > MAX_LEN {
        return false;
    }
    // reach[a][b]: outer[..a] can cover inner[..b].
    let w = i.len() + 1;
    let mut reach = vec![false; (o.len() + 1) * w];
    let at = |a: usize, b: usize| a * w + b;
    if let Some(r) = reach.get_mut(0) {
        *r = true;
    }
    for a in 0..=o.len() {
        for b in 0..=i.len() {
            if !reach.get(at(a, b)).copied().unwrap_or(false) {
                continue;
            }
            let (oc, ic) = (o.get(a).copied(), i.get(b).copied());
            let mut set = |x: usize, y: usize| {
                if let Some(r) = reach.get_mut(at(x, y)) {
                    *r = true;
                }
            };
            match (oc, ic) {
                (Some('*'), Some(_)) => {
                    set(a + 1, b);
                    set(a, b + 1);
                }
                (Some('*'), None) => set(a + 1, b),
                (Some('?'), Some(c)) if c != '*' => set(a + 1, b + 1),
                (Some(x), Some(y)) if x == y && x != '?' => set(a + 1, b + 1),
                _ => {}
            }
        }
    }
    reach.get(at(o.len(), i.len())).copied().unwrap_or(false)
}

/// The first five colon-separated segments of an ARN and the rest (the resource, colons kept).
fn segments(arn: &str) -> Vec<&str> {
    arn.splitn(6, ':').collect()
}

/// Whether the resource pattern `outer` covers every resource `inner` matches, with IAM's ARN
/// rules: segment by segment for two six-segment ARNs (a wildcard does not cross a `:` in the
/// first five), as a whole otherwise (a trailing `*` runs over colons).
pub fn resource_contains(outer: &str, inner: &str) -> bool {
    if outer == "*" || outer == inner {
        return true;
    }
    let (o, i) = (segments(outer), segments(inner));
    if o.len() == 6 && i.len() == 6 && outer.starts_with("arn:") && inner.starts_with("arn:") {
        return o.iter().zip(&i).all(|(a, b)| glob_contains(a, b, false));
    }
    glob_contains(outer, inner, false)
}

/// One condition as the snapshot and the diff read it.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Cond {
    /// The IAM operator (`StringLikeIfExists`, `ForAnyValue:StringEquals`).
    pub operator: String,
    pub key: String,
    pub values: Vec<String>,
}

fn base(op: &str) -> (&str, bool) {
    match op.strip_suffix("IfExists") {
        Some(b) => (b, true),
        None => (op, false),
    }
}

/// Whether `strict` implies `loose`: every request context that satisfies `strict` satisfies
/// `loose` (same key and operator family; `IfExists` only loosens).
pub fn implies(strict: &Cond, loose: &Cond) -> bool {
    if strict == loose {
        return true;
    }
    let (sb, s_if) = base(&strict.operator);
    let (lb, l_if) = base(&loose.operator);
    if sb != lb || (s_if && !l_if) || !strict.key.eq_ignore_ascii_case(&loose.key) {
        return false;
    }
    let op = sb.rsplit(':').next().unwrap_or(sb);
    let within = |a: &[String], b: &[String], f: &dyn Fn(&str, &str) -> bool| {
        a.iter().all(|x| b.iter().any(|y| f(y, x)))
    };
    let eq = |a: &str, b: &str| a == b;
    match op {
        "StringLike" | "ArnLike" | "ArnEquals" => within(&strict.values, &loose.values, &|o, i| {
            glob_contains(o, i, false)
        }),
        "StringEqualsIgnoreCase" => within(&strict.values, &loose.values, &|o, i| {
            o.eq_ignore_ascii_case(i)
        }),
        "IpAddress" => within(
            &strict.values,
            &loose.values,
            &|o, i| matches!((Network::parse(o), Network::parse(i)), (Some(a), Some(b)) if a.contains(&b)),
        ),
        "StringNotLike" | "ArnNotLike" | "ArnNotEquals" => {
            within(&loose.values, &strict.values, &|o, i| {
                glob_contains(o, i, false)
            })
        }
        "NotIpAddress" => within(
            &loose.values,
            &strict.values,
            &|o, i| matches!((Network::parse(o), Network::parse(i)), (Some(a), Some(b)) if a.contains(&b)),
        ),
        o if o.contains("Not") => within(&loose.values, &strict.values, &eq),
        "NumericLessThan" | "NumericLessThanEquals" | "DateLessThan" | "DateLessThanEquals" => {
            bound(strict, loose, |s, l| s <= l)
        }
        "NumericGreaterThan"
        | "NumericGreaterThanEquals"
        | "DateGreaterThan"
        | "DateGreaterThanEquals" => bound(strict, loose, |s, l| s >= l),
        _ => within(&strict.values, &loose.values, &eq),
    }
}

/// A one-value numeric or date bound compared (dates as text when both are ISO dates of one
/// form, which order as they read).
fn bound(strict: &Cond, loose: &Cond, ok: impl Fn(f64, f64) -> bool) -> bool {
    let (Some(s), Some(l)) = (strict.values.first(), loose.values.first()) else {
        return false;
    };
    if strict.values.len() != 1 || loose.values.len() != 1 {
        return false;
    }
    match (number(s), number(l)) {
        (Some(a), Some(b)) => ok(a, b),
        _ if s.len() == l.len() => ok(text_rank(s, l), 0.0),
        _ => false,
    }
}

/// -1, 0 or 1 as `a` orders before, with or after `b`.
fn text_rank(a: &str, b: &str) -> f64 {
    match a.cmp(b) {
        std::cmp::Ordering::Less => -1.0,
        std::cmp::Ordering::Equal => 0.0,
        std::cmp::Ordering::Greater => 1.0,
    }
}

/// Whether the conditions `loose` admit every request `strict` admits: each of `loose` is
/// implied by one of `strict` (conditions are ANDed, so fewer is looser).
pub fn conds_cover(loose: &[Cond], strict: &[Cond]) -> bool {
    loose.iter().all(|l| strict.iter().any(|s| implies(s, l)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn c(op: &str, key: &str, values: &[&str]) -> Cond {
        Cond {
            operator: op.into(),
            key: key.into(),
            values: values.iter().map(|v| v.to_string()).collect(),
        }
    }

    #[test]
    fn globs_contain() {
        assert!(glob_contains("s3:Get*", "s3:GetObject", true));
        assert!(glob_contains("s3:*", "s3:Get*", false));
        assert!(glob_contains("a*", "a?b*", false));
        assert!(!glob_contains("a?", "a*", false));
        assert!(!glob_contains("s3:GetObject", "s3:Get*", false));
        assert!(glob_contains("S3:get*", "s3:GetObject", true));
        assert!(!glob_contains("S3:get*", "s3:GetObject", false));
        assert!(glob_contains("*a*", "*a?*", false));
    }

    #[test]
    fn resources_contain_segment_by_segment() {
        assert!(resource_contains("*", "arn:aws:s3:::b/k"));
        assert!(resource_contains("arn:aws:s3:::b/*", "arn:aws:s3:::b/k/*"));
        assert!(!resource_contains("arn:aws:s3:::b/*", "arn:aws:s3:::b"));
        assert!(resource_contains(
            "arn:aws:logs:*",
            "arn:aws:logs:r:1:log-group:g:*"
        ));
        assert!(resource_contains(
            "arn:aws:sqs:*:*:q",
            "arn:aws:sqs:eu-west-1:111122223333:q"
        ));
        assert!(!resource_contains(
            "arn:aws:sqs:eu-west-1:*:q",
            "arn:aws:sqs:*:1:q"
        ));
    }

    #[test]
    fn conditions_imply() {
        let one = c("StringEquals", "aws:SourceVpce", &["vpce-1"]);
        let two = c("StringEquals", "aws:SourceVpce", &["vpce-1", "vpce-2"]);
        assert!(implies(&one, &two) && !implies(&two, &one));
        let not_two = c("StringNotEquals", "aws:SourceVpce", &["vpce-1", "vpce-2"]);
        let not_one = c("StringNotEquals", "aws:SourceVpce", &["vpce-1"]);
        assert!(implies(&not_two, &not_one) && !implies(&not_one, &not_two));
        let narrow = c("IpAddress", "aws:SourceIp", &["10.1.0.0/16"]);
        let wide = c("IpAddress", "aws:SourceIp", &["10.0.0.0/8"]);
        assert!(implies(&narrow, &wide) && !implies(&wide, &narrow));
        let lt1 = c("NumericLessThan", "aws:MultiFactorAuthAge", &["3600"]);
        let lt2 = c("NumericLessThan", "aws:MultiFactorAuthAge", &["7200"]);
        assert!(implies(&lt1, &lt2) && !implies(&lt2, &lt1));
        let if_exists = c("StringEqualsIfExists", "aws:SourceVpce", &["vpce-1"]);
        assert!(implies(&one, &if_exists) && !implies(&if_exists, &one));
        assert!(conds_cover(&[], std::slice::from_ref(&one)));
        assert!(!conds_cover(std::slice::from_ref(&one), &[]));
        assert!(conds_cover(&[two], &[one, lt1]));
    }
}
