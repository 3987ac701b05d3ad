//! AWS: wildcard patterns (`*` any run, `?` one character) as IAM uses them in actions, resource
//! ARNs and the `…Like` condition operators, and IAM's ARN matching segment by segment.
//!
//! Pure string code; used by the evaluator (`aws::eval`). A pattern is a list of tokens, so that a character
//! that came from a policy variable (`${aws:username}` = `a*b`) or an escape (`${*}`) stays literal.
//! Matching is the iterative two-pointer algorithm: no recursion, O(pattern × text) at worst.

/// One token of a pattern.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tok {
    /// One byte of literal UTF-8 text.
    Lit(u8),
    /// `*`: any run of characters, the empty one included.
    Star,
    /// `?`: exactly one character.
    One,
}

/// A compiled wildcard pattern.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Pattern {
    toks: Vec<Tok>,
}

impl Pattern {
    /// `*` and `?` in `text` are wildcards.
    pub fn wild(text: &str) -> Pattern {
        let mut p = Pattern::default();
        p.push_wild(text);
        p
    }

    /// Every character of `text` is literal.
    pub fn literal(text: &str) -> Pattern {
        let mut p = Pattern::default();
        p.push_literal(text);
        p
    }

    pub fn push_wild(&mut self, text: &str) {
        self.toks.extend(text.bytes().map(|b| match b {
            b'*' => Tok::Star,
            b'?' => Tok::One,
            b => Tok::Lit(b),
        }));
    }

    pub fn push_literal(&mut self, text: &str) {
        self.toks.extend(text.bytes().map(Tok::Lit));
    }

    pub fn tokens(&self) -> &[Tok] {
        &self.toks
    }

    /// Whether the pattern has no wildcard token.
    pub fn is_literal(&self) -> bool {
        self.toks.iter().all(|t| matches!(t, Tok::Lit(_)))
    }

    /// Whether the pattern is exactly `*`.
    pub fn is_star(&self) -> bool {
        self.toks == [Tok::Star]
    }

    /// The pattern with ASCII letters lower-cased (for case-insensitive matching against a
    /// lower-cased text).
    pub fn to_ascii_lowercase(&self) -> Pattern {
        let toks = self
            .toks
            .iter()
            .map(|t| match t {
                Tok::Lit(b) => Tok::Lit(b.to_ascii_lowercase()),
                t => *t,
            })
            .collect();
        Pattern { toks }
    }

    /// Case-sensitive match of the whole text.
    pub fn matches(&self, text: &str) -> bool {
        glob(&self.toks, text.as_bytes())
    }
}

/// Length in bytes of the UTF-8 character starting with `b` (1 for a stray continuation byte).
fn char_len(b: u8) -> usize {
    match b {
        0xF0..=0xFF => 4,
        0xE0..=0xEF => 3,
        0xC0..=0xDF => 2,
        _ => 1,
    }
}

/// Whole-text match of `pat` against `text` (case-sensitive, byte tokens, `?` one character).
pub fn glob(pat: &[Tok], text: &[u8]) -> bool {
    let (mut p, mut t) = (0usize, 0usize);
    // Where to resume after the last `*`: (pattern index after it, text index it covers up to).
    let mut back: Option<(usize, usize)> = None;
    while t < text.len() {
        let step = match (pat.get(p), text.get(t)) {
            (Some(Tok::Lit(a)), Some(b)) if a == b => Some(1),
            (Some(Tok::One), Some(&b)) => Some(char_len(b)),
            (Some(Tok::Star), _) => {
                back = Some((p + 1, t));
                p += 1;
                continue;
            }
            _ => None,
        };
        match (step, back) {
            (Some(n), _) => {
                p += 1;
                t += n;
            }
            (None, Some((bp, bt))) => {
                let next = bt + text.get(bt).map_or(1, |&b| char_len(b));
                back = Some((bp, next));
                p = bp;
                t = next;
            }
            (None, None) => return false,
        }
    }
    pat.get(p..)
        .is_some_and(|rest| rest.iter().all(|t| *t == Tok::Star))
}

/// IAM's ARN matching: `pattern` against a concrete `arn`, both case-sensitive.
///
/// The first five colon-separated segments (`arn`, partition, service, region, account) match
/// one by one; a wildcard inside one of them does not cross a `:`. The sixth segment (the
/// resource, which may hold colons) matches as a whole. A pattern with fewer than six segments
/// whose last segment ends in `*` lets that `*` run to the end of the ARN ("if the `*` is the last
/// character of a segment, it can expand to match beyond the colon boundaries"). A pattern that
/// is not an ARN (`*`, or text without the `arn:` prefix) matches the whole text.
pub fn arn_matches(pattern: &Pattern, arn: &str) -> bool {
    let toks = pattern.tokens();
    if !starts_with_arn(toks) {
        return glob(toks, arn.as_bytes());
    }
    let pat_segs = split_toks(toks);
    let text_segs = split_text(arn.as_bytes());
    for (i, seg) in pat_segs.iter().enumerate() {
        let last = i + 1 == pat_segs.len();
        if last && pat_segs.len() < 6 && seg.last() == Some(&Tok::Star) {
            // The trailing `*` spans the rest of the ARN, colons included.
            return match text_segs.get(i) {
                Some(&(start, _)) => arn
                    .as_bytes()
                    .get(start..)
                    .is_some_and(|rest| glob(seg, rest)),
                None => false,
            };
        }
        let Some(&(start, end)) = text_segs.get(i) else {
            return false;
        };
        let Some(text) = arn.as_bytes().get(start..end) else {
            return false;
        };
        if !glob(seg, text) {
            return false;
        }
    }
    pat_segs.len() == text_segs.len()
}

/// The ARN condition operators (`ArnLike`, `ArnEquals` and their negations): "each of the six
/// colon-delimited components of the ARN is checked separately". The request value must be an ARN
/// of six components and the pattern must have six too (no trailing-`*` rule here); the last
/// component keeps its colons on both sides.
pub fn arn_condition_matches(pattern: &Pattern, arn: &str) -> bool {
    let pat_segs = split_toks(pattern.tokens());
    let text = arn.as_bytes();
    let text_segs = split_text(text);
    if pat_segs.len() != 6 || text_segs.len() != 6 || !arn.starts_with("arn:") {
        return false;
    }
    pat_segs
        .iter()
        .zip(&text_segs)
        .all(|(seg, &(start, end))| text.get(start..end).is_some_and(|t| glob(seg, t)))
}

fn starts_with_arn(toks: &[Tok]) -> bool {
    toks.len() >= 4
        && toks.get(..4)
            == Some(&[
                Tok::Lit(b'a'),
                Tok::Lit(b'r'),
                Tok::Lit(b'n'),
                Tok::Lit(b':'),
            ])
}

/// The pattern's segments: split at the first five literal colons; the sixth keeps the rest.
fn split_toks(toks: &[Tok]) -> Vec<&[Tok]> {
    let mut out = Vec::with_capacity(6);
    let mut start = 0;
    for (i, t) in toks.iter().enumerate() {
        if out.len() == 5 {
            break;
        }
        if *t == Tok::Lit(b':') {
            out.push(toks.get(start..i).unwrap_or_default());
            start = i + 1;
        }
    }
    out.push(toks.get(start..).unwrap_or_default());
    out
}

/// Byte ranges of the ARN's segments (at most six; the sixth keeps its colons).
fn split_text(text: &[u8]) -> Vec<(usize, usize)> {
    let mut out = Vec::with_capacity(6);
    let mut start = 0;
    for (i, b) in text.iter().enumerate() {
        if out.len() == 5 {
            break;
        }
        if *b == b':' {
            out.push((start, i));
            start = i + 1;
        }
    }
    out.push((start, text.len()));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn g(p: &str, t: &str) -> bool {
        Pattern::wild(p).matches(t)
    }

    #[test]
    fn globs() {
        assert!(g("*", ""));
        assert!(g("*", "abc"));
        assert!(g("a*c", "abbbc"));
        assert!(g("a?c", "abc"));
        assert!(!g("a?c", "ac"));
        assert!(g("a?c", "aéc"), "? is one character, not one byte");
        assert!(g("*é", "ééé"));
        assert!(!g("abc", "abcd"));
        assert!(g("a*b*c", "a-b-b-c"));
        assert!(!g("a*b*c", "a-b-b-"));
        assert!(g("s3:Get*", "s3:GetObject"));
        assert!(!g("s3:get*", "s3:GetObject"), "case-sensitive");
    }

    #[test]
    fn literal_stars_are_not_wildcards() {
        let mut p = Pattern::literal("a*");
        p.push_wild("*");
        assert!(p.matches("a*xyz"));
        assert!(!p.matches("abxyz"));
    }

    fn a(p: &str, t: &str) -> bool {
        arn_matches(&Pattern::wild(p), t)
    }

    #[test]
    fn arns() {
        assert!(a("*", "arn:aws:s3:::b/k"));
        assert!(a("arn:aws:s3:::b/*", "arn:aws:s3:::b/k/l"));
        assert!(!a("arn:aws:s3:::b/*", "arn:aws:s3:::b"));
        assert!(!a("arn:aws:s3:::B/*", "arn:aws:s3:::b/k"));
        assert!(a(
            "arn:aws:logs:*",
            "arn:aws:logs:eu-west-1:1:log-group:g:log-stream:s"
        ));
        assert!(a(
            "arn:aws:ec2:*:*:instance/*",
            "arn:aws:ec2:eu-west-1:1:instance/i-1"
        ));
        assert!(!a(
            "arn:aws:ec2:*:instance/*",
            "arn:aws:ec2:eu-west-1:1:instance/i-1"
        ));
        assert!(a("arn:aws:iam::1:*", "arn:aws:iam::1:role/a/b"));
        assert!(a(
            "arn:aws:logs:eu-west-1:1:log-group:g:*",
            "arn:aws:logs:eu-west-1:1:log-group:g:log-stream:s"
        ));
        assert!(
            !a("arn:aws:s*:::b", "arn:aws:s3:x::b"),
            "a mid-segment star stays in its segment"
        );
        assert!(a("arn:aws:s?:::b", "arn:aws:s3:::b"));
        assert!(!a("arn:aws:s3", "arn:aws:s3:::b"));
        assert!(a("arn:aws:s3*", "arn:aws:s3:::b"));
    }

    #[test]
    fn arn_conditions() {
        let c = |p: &str, t: &str| arn_condition_matches(&Pattern::wild(p), t);
        assert!(c("arn:aws:sqs:*:*:*", "arn:aws:sqs:us-east-1:1:q"));
        assert!(
            !c("arn:aws:sqs:*", "arn:aws:sqs:us-east-1:1:q"),
            "six components"
        );
        assert!(!c("*", "abc"), "the value must be an ARN");
        assert!(c("arn:*:*:*:*:*", "arn:aws:logs:r:1:log-group:g:s"));
        assert!(c("arn:aws:iam::*:role/app", "arn:aws:iam::1:role/app"));
    }
}
