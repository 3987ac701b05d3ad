//! Catalog data: the packed text format of the Google Cloud and Azure catalogs
//! (`src/gcp/catalog.rs`, `src/azure/catalog.rs`), written by `scripts/catalog/cloudsrc.py`:
//! inflating the embedded zlib bytes, `= NAME COUNT` sections, front-coded name lists and escaped
//! free-text fields.
//!
//! Pure: works on byte strings embedded with `include_bytes!`; uses nothing else of the crate.

use std::borrow::Cow;
use std::cmp::Ordering;

/// The most an embedded catalog may inflate to (the largest is about 1.2 MB).
const MAX_TEXT: usize = 32 << 20;

/// Why an embedded catalog could not be loaded: a build defect, reported rather than panicking.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LoadError {
    #[error("the embedded {catalog} catalog does not inflate: {message}")]
    Inflate {
        catalog: &'static str,
        message: String,
    },
    #[error("the embedded {catalog} catalog is not UTF-8")]
    Utf8 { catalog: &'static str },
    #[error("line {line} of the embedded {catalog} catalog is malformed: {what}")]
    Format {
        catalog: &'static str,
        line: usize,
        what: &'static str,
    },
}

/// The text of an embedded catalog.
pub fn inflate(catalog: &'static str, data: &[u8]) -> Result<String, LoadError> {
    let bytes =
        miniz_oxide::inflate::decompress_to_vec_zlib_with_limit(data, MAX_TEXT).map_err(|e| {
            LoadError::Inflate {
                catalog,
                message: format!("{:?}", e.status),
            }
        })?;
    String::from_utf8(bytes).map_err(|_| LoadError::Utf8 { catalog })
}

/// A byte range of a catalog's text (`u32`: the texts are far below 4 GB).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Span {
    start: u32,
    end: u32,
}

impl Span {
    /// The range of `part`, a slice of `text` (the addresses only give the offset; a `part`
    /// from elsewhere yields a range that [`Span::of`] reads as "" or as other text of `text`,
    /// never out of bounds).
    pub fn within(text: &str, part: &str) -> Span {
        let start = (part.as_ptr() as usize).saturating_sub(text.as_ptr() as usize);
        Span {
            start: start as u32,
            end: (start + part.len()) as u32,
        }
    }

    pub fn of(self, text: &str) -> &str {
        text.get(self.start as usize..self.end as usize)
            .unwrap_or("")
    }

    pub fn is_empty(self) -> bool {
        self.start == self.end
    }
}

/// The lines of a catalog's text, numbered from 1, with its `#` comment lines skipped. A cursor
/// over the bytes: the catalogs have tens of thousands of short lines, and one pass that looks at
/// each byte once is several times faster than splitting with `str` searchers.
pub struct Reader<'a> {
    catalog: &'static str,
    text: &'a str,
    pos: usize,
    line: usize,
}

impl<'a> Reader<'a> {
    pub fn new(catalog: &'static str, text: &'a str) -> Reader<'a> {
        Reader {
            catalog,
            text,
            pos: 0,
            line: 0,
        }
    }

    pub fn error(&self, what: &'static str) -> LoadError {
        LoadError::Format {
            catalog: self.catalog,
            line: self.line,
            what,
        }
    }

    fn byte(&self, i: usize) -> Option<u8> {
        self.text.as_bytes().get(i).copied()
    }

    /// The end of the line starting at `from` (its `\n` or the end of the text).
    fn line_end(&self, from: usize) -> usize {
        let rest = self.text.get(from..).unwrap_or("");
        from + rest.find('\n').unwrap_or(rest.len())
    }

    /// The first of `stop` or `\n` at or after `from` (or the end of the text): one byte at a
    /// time, faster than a searcher on the short fields of name lists.
    fn scan(&self, from: usize, stop: u8) -> usize {
        let rest = self.text.as_bytes().get(from..).unwrap_or(&[]);
        from + rest
            .iter()
            .position(|&b| b == stop || b == b'\n')
            .unwrap_or(rest.len())
    }

    /// The next line that is not a comment.
    pub fn line(&mut self) -> Result<&'a str, LoadError> {
        while self.pos < self.text.len() {
            let end = self.line_end(self.pos);
            let line = self.text.get(self.pos..end).unwrap_or("");
            self.pos = end + 1;
            self.line += 1;
            if !line.starts_with('#') {
                return Ok(line);
            }
        }
        Err(self.error("the text ends early"))
    }

    /// The header `= NAME COUNT` of the next section: its count.
    pub fn section(&mut self, name: &str) -> Result<usize, LoadError> {
        let line = self.line()?;
        line.strip_prefix("= ")
            .and_then(|l| l.strip_prefix(name))
            .and_then(|l| l.strip_prefix(' '))
            .and_then(|n| n.parse().ok())
            .ok_or_else(|| self.error("expected a section header"))
    }

    /// A decimal number at the cursor, then one space.
    fn number_then_space(&mut self) -> Option<usize> {
        let start = self.pos;
        let mut n: usize = 0;
        while let Some(d) = self.byte(self.pos).filter(u8::is_ascii_digit) {
            n = n.checked_mul(10)?.checked_add(usize::from(d - b'0'))?;
            self.pos += 1;
        }
        (self.pos > start && self.byte(self.pos) == Some(b' ')).then(|| {
            self.pos += 1;
            n
        })
    }
}

/// A sorted list of names decoded from front coding, in one buffer.
#[derive(Debug, Default)]
pub struct Names {
    text: String,
    /// The end of each name in `text` (the start is the previous end).
    ends: Vec<u32>,
}

impl Names {
    /// Decode `count` lines `SHARED SUFFIX[ REST]`; returns the names and each line's `REST`
    /// (empty when absent), a slice of the reader's text.
    pub fn decode<'a>(
        r: &mut Reader<'a>,
        count: usize,
    ) -> Result<(Names, Vec<&'a str>), LoadError> {
        let mut buf: Vec<u8> = Vec::with_capacity(count * 48);
        let mut ends = Vec::with_capacity(count);
        let mut rests = Vec::with_capacity(count);
        let mut prev = 0..0;
        for _ in 0..count {
            r.line += 1;
            let shared = r
                .number_then_space()
                .filter(|&n| n <= prev.len())
                .ok_or_else(|| r.error("expected `SHARED SUFFIX` within the previous name"))?;
            let cut = r.scan(r.pos, b' ');
            let suffix = r.text.as_bytes().get(r.pos..cut).unwrap_or(&[]);
            if !suffix.is_ascii() {
                return Err(r.error("a name that is not ASCII"));
            }
            let start = buf.len();
            buf.extend_from_within(prev.start..prev.start + shared);
            buf.extend_from_slice(suffix);
            prev = start..buf.len();
            ends.push(buf.len() as u32);
            let (rest, end) = match r.byte(cut) {
                Some(b' ') => {
                    let end = r.scan(cut + 1, b'\n');
                    (r.text.get(cut + 1..end).unwrap_or(""), end)
                }
                _ => ("", cut),
            };
            rests.push(rest);
            r.pos = end + 1;
        }
        // Only ASCII was copied in, so this never fails.
        let text = String::from_utf8(buf).map_err(|_| r.error("not ASCII"))?;
        Ok((Names { text, ends }, rests))
    }

    pub fn len(&self) -> usize {
        self.ends.len()
    }

    pub fn is_empty(&self) -> bool {
        self.ends.is_empty()
    }

    /// The `i`th name ("" past the end).
    pub fn get(&self, i: usize) -> &str {
        let start = match i.checked_sub(1) {
            Some(p) => self.ends.get(p).copied().unwrap_or(0),
            None => 0,
        };
        let end = self.ends.get(i).copied().unwrap_or(start);
        self.text.get(start as usize..end as usize).unwrap_or("")
    }

    pub fn iter(&self) -> impl ExactSizeIterator<Item = &str> + '_ {
        (0..self.len()).map(|i| self.get(i))
    }

    /// The index of `name` in a list sorted by `cmp`.
    pub fn find(&self, name: &str, cmp: fn(&str, &str) -> Ordering) -> Option<usize> {
        let (mut lo, mut hi) = (0, self.len());
        while lo < hi {
            let mid = lo + (hi - lo) / 2;
            match cmp(self.get(mid), name) {
                Ordering::Less => lo = mid + 1,
                Ordering::Greater => hi = mid,
                Ordering::Equal => return Some(mid),
            }
        }
        None
    }

    /// The range of names starting with `prefix`, in a list sorted by `cmp` (which must order a
    /// name's prefixes before it).
    pub fn prefix_range(&self, prefix: &str, cmp: fn(&str, &str) -> Ordering) -> (usize, usize) {
        let before = |i: usize| cmp(self.get(i), prefix) == Ordering::Less;
        let start = partition(self.len(), before);
        let len = prefix.len();
        let within = |i: usize| {
            let name = self.get(i);
            name.len() >= len && cmp(name.get(..len).unwrap_or(""), prefix) == Ordering::Equal
        };
        let end = start + partition(self.len() - start, |i| within(start + i));
        (start, end)
    }
}

/// The first index in `0..len` where `pred` turns false (`pred` true then false).
fn partition(len: usize, pred: impl Fn(usize) -> bool) -> usize {
    let (mut lo, mut hi) = (0, len);
    while lo < hi {
        let mid = lo + (hi - lo) / 2;
        if pred(mid) {
            lo = mid + 1;
        } else {
            hi = mid;
        }
    }
    lo
}

/// Byte order (Google Cloud permission and role names).
pub fn cmp_exact(a: &str, b: &str) -> Ordering {
    a.cmp(b)
}

/// ASCII-case-insensitive order (Azure operation names).
pub fn cmp_ignore_case(a: &str, b: &str) -> Ordering {
    a.bytes()
        .map(|c| c.to_ascii_lowercase())
        .cmp(b.bytes().map(|c| c.to_ascii_lowercase()))
}

/// A free-text field with `\\`, `\t`, `\n`, `\r` escapes undone.
pub fn unescape(field: &str) -> Cow<'_, str> {
    if !field.contains('\\') {
        return Cow::Borrowed(field);
    }
    let mut out = String::with_capacity(field.len());
    let mut chars = field.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('t') => out.push('\t'),
            Some('n') => out.push('\n'),
            Some('r') => out.push('\r'),
            Some(other) => out.push(other),
            None => out.push('\\'),
        }
    }
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(lines: &str) -> Names {
        let mut r = Reader::new("test", lines);
        let n = r.section("names").unwrap();
        Names::decode(&mut r, n).unwrap().0
    }

    #[test]
    fn decodes_front_coding_and_finds_names() {
        let n = names("# c\n= names 4\n0 a.b.c x\n4 d\n2 e.f\n0 b\n");
        assert_eq!(
            n.iter().collect::<Vec<_>>(),
            ["a.b.c", "a.b.d", "a.e.f", "b"]
        );
        assert_eq!(n.find("a.e.f", cmp_exact), Some(2));
        assert_eq!(n.find("a.e", cmp_exact), None);
        assert_eq!(n.prefix_range("a.b.", cmp_exact), (0, 2));
        assert_eq!(n.prefix_range("c", cmp_exact), (4, 4));
        assert_eq!(n.get(9), "");
    }

    #[test]
    fn rejects_malformed_text() {
        let mut r = Reader::new("test", "= names 2\n0 a\n5 b\n");
        let n = r.section("names").unwrap();
        assert!(matches!(
            Names::decode(&mut r, n),
            Err(LoadError::Format { line: 3, .. })
        ));
        let mut r = Reader::new("test", "= names 3\n0 a\n");
        assert!(Names::decode(&mut r, 3).is_err());
        assert!(Reader::new("test", "= other 1\n").section("names").is_err());
        assert!(inflate("test", b"not zlib").is_err());
    }

    #[test]
    fn case_insensitive_ranges() {
        let n = names("= names 3\n0 Microsoft.A/x\n10 b/Y\n0 microsoft.c/z\n");
        assert_eq!(n.find("MICROSOFT.B/y", cmp_ignore_case), Some(1));
        assert_eq!(n.prefix_range("microsoft.a/", cmp_ignore_case), (0, 1));
    }

    #[test]
    fn unescapes() {
        assert_eq!(unescape(r"a\tb\nc\\d\re"), "a\tb\nc\\d\re");
        assert!(matches!(unescape("plain"), Cow::Borrowed("plain")));
    }
}
