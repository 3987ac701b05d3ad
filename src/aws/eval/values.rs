//! Evaluator stage: reading condition values as numbers, dates and IP networks, as the Numeric,
//! Date and IpAddress operator families do.
//!
//! Pure. Sources (IAM User Guide, "IAM JSON policy elements: Condition operators"): numbers are
//! integers or decimals; dates are ISO 8601 (`2020-01-01`, `2020-01-01T12:00:00Z`, with fractions
//! and offsets) or epoch seconds; addresses and CIDR ranges are IPv4 or IPv6 (RFC 4632). A value
//! that does not read matches nothing.

use std::net::IpAddr;

/// A decimal number: `[+-]digits[.digits]`.
pub fn number(s: &str) -> Option<f64> {
    let body = s.strip_prefix(['-', '+']).unwrap_or(s);
    let (int, frac) = match body.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (body, None),
    };
    let digits = |t: &str| !t.is_empty() && t.bytes().all(|b| b.is_ascii_digit());
    if !digits(int) || frac.is_some_and(|f| !digits(f)) {
        return None;
    }
    s.parse().ok()
}

/// A date as milliseconds since the Unix epoch (UTC).
pub fn date(s: &str) -> Option<i64> {
    if !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit()) {
        return s.parse::<i64>().ok()?.checked_mul(1000);
    }
    let b = s.as_bytes();
    let year = digits(b, 0, 4)?;
    if b.get(4) != Some(&b'-') || b.get(7) != Some(&b'-') {
        return None;
    }
    let month = digits(b, 5, 2)?;
    let day = digits(b, 8, 2)?;
    if !(1..=12).contains(&month) || day < 1 || day > days_in_month(year, month) {
        return None;
    }
    let days = days_from_civil(year, month, day);
    let rest = b.get(10..)?;
    let ms = if rest.is_empty() {
        0
    } else {
        time_of_day(rest)?
    };
    days.checked_mul(86_400_000)?.checked_add(ms)
}

fn digits(b: &[u8], at: usize, n: usize) -> Option<i64> {
    let part = b.get(at..at + n)?;
    if !part.iter().all(u8::is_ascii_digit) {
        return None;
    }
    Some(part.iter().fold(0, |acc, d| acc * 10 + i64::from(d - b'0')))
}

/// `THH:MM[:SS[.fff]][Z|±HH:MM|±HHMM]` → milliseconds from midnight UTC (may be negative or past
/// a day with an offset).
fn time_of_day(b: &[u8]) -> Option<i64> {
    if !matches!(b.first(), Some(b'T' | b't' | b' ')) {
        return None;
    }
    let hour = digits(b, 1, 2)?;
    if b.get(3) != Some(&b':') {
        return None;
    }
    let minute = digits(b, 4, 2)?;
    let mut i = 6;
    let mut second = 0;
    let mut millis = 0;
    if b.get(i) == Some(&b':') {
        second = digits(b, i + 1, 2)?;
        i += 3;
        if b.get(i) == Some(&b'.') {
            i += 1;
            let start = i;
            while b.get(i).is_some_and(u8::is_ascii_digit) {
                if i - start < 3 {
                    millis = millis * 10 + i64::from(b.get(i)? - b'0');
                }
                i += 1;
            }
            if i == start {
                return None;
            }
            for _ in (i - start)..3 {
                millis *= 10;
            }
        }
    }
    if hour > 23 || minute > 59 || second > 60 {
        return None;
    }
    let offset = zone(b.get(i..)?)?;
    Some(((hour * 60 + minute - offset) * 60 + second) * 1000 + millis)
}

/// The zone suffix as minutes east of UTC.
fn zone(b: &[u8]) -> Option<i64> {
    match b {
        [] | [b'Z' | b'z'] => Some(0),
        [sign @ (b'+' | b'-'), rest @ ..] => {
            let (h, m) = match rest {
                [_, _, b':', _, _] => (digits(rest, 0, 2)?, digits(rest, 3, 2)?),
                [_, _, _, _] => (digits(rest, 0, 2)?, digits(rest, 2, 2)?),
                [_, _] => (digits(rest, 0, 2)?, 0),
                _ => return None,
            };
            if h > 23 || m > 59 {
                return None;
            }
            let minutes = h * 60 + m;
            Some(if *sign == b'-' { -minutes } else { minutes })
        }
        _ => None,
    }
}

fn days_in_month(y: i64, m: i64) -> i64 {
    match m {
        2 if (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's algorithm).
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// An IP network: an address and a prefix length.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Network {
    addr: IpAddr,
    prefix: u8,
}

impl Network {
    /// `a.b.c.d[/n]` or an IPv6 address with an optional `/n`; no prefix means one address.
    pub fn parse(s: &str) -> Option<Network> {
        let (a, p) = match s.split_once('/') {
            Some((a, p)) => (a, Some(p)),
            None => (s, None),
        };
        let addr: IpAddr = a.trim().parse().ok()?;
        let max = if addr.is_ipv4() { 32 } else { 128 };
        let prefix = match p {
            Some(p) if !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()) => p.parse().ok()?,
            Some(_) => return None,
            None => max,
        };
        (prefix <= max).then_some(Network { addr, prefix })
    }

    /// Whether `other` lies inside this network (same address family).
    pub fn contains(&self, other: &Network) -> bool {
        if other.prefix < self.prefix {
            return false;
        }
        match (self.addr, other.addr) {
            (IpAddr::V4(a), IpAddr::V4(b)) => {
                let mask = u32::MAX
                    .checked_shl(32 - u32::from(self.prefix))
                    .unwrap_or(0);
                u32::from(a) & mask == u32::from(b) & mask
            }
            (IpAddr::V6(a), IpAddr::V6(b)) => {
                let mask = u128::MAX
                    .checked_shl(128 - u32::from(self.prefix))
                    .unwrap_or(0);
                u128::from(a) & mask == u128::from(b) & mask
            }
            _ => false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers() {
        assert_eq!(number("10"), Some(10.0));
        assert_eq!(number("-1.5"), Some(-1.5));
        assert_eq!(number("1e3"), None);
        assert_eq!(number("inf"), None);
        assert_eq!(number("1."), None);
        assert_eq!(number(""), None);
    }

    #[test]
    fn dates() {
        assert_eq!(date("1970-01-01"), Some(0));
        assert_eq!(date("1970-01-02T00:00:00Z"), Some(86_400_000));
        assert_eq!(date("2020-01-01T00:00:00Z"), Some(1_577_836_800_000));
        assert_eq!(date("1577836800"), Some(1_577_836_800_000));
        assert_eq!(date("2020-01-01T01:00:00+01:00"), Some(1_577_836_800_000));
        assert_eq!(date("2020-01-01T00:00:00.5Z"), Some(1_577_836_800_500));
        assert_eq!(date("2020-01-01T00:00Z"), Some(1_577_836_800_000));
        assert_eq!(date("2020-02-30"), None);
        assert_eq!(date("2020-13-01"), None);
        assert_eq!(date("2020-01-01T25:00:00Z"), None);
        assert_eq!(date("yesterday"), None);
        assert_eq!(date("2024-02-29"), Some(1_709_164_800_000));
    }

    #[test]
    fn networks() {
        let n = Network::parse("10.0.0.0/8").unwrap();
        assert!(n.contains(&Network::parse("10.1.2.3").unwrap()));
        assert!(!n.contains(&Network::parse("11.1.2.3").unwrap()));
        let all = Network::parse("0.0.0.0/0").unwrap();
        assert!(all.contains(&Network::parse("1.2.3.4").unwrap()));
        let v6 = Network::parse("2001:db8::/32").unwrap();
        assert!(v6.contains(&Network::parse("2001:db8::1").unwrap()));
        assert!(!v6.contains(&Network::parse("10.0.0.1").unwrap()));
        assert_eq!(Network::parse("10.0.0.0/33"), None);
        assert_eq!(Network::parse("10.0.0/8"), None);
    }
}
