//! Positions and document names: byte offsets ↔ LSP positions (lines and UTF-16 code units, as
//! the protocol requires) and `file://` URIs ↔ paths. Pure; every conversion clamps what is out
//! of range instead of failing, so a client's stale or wrong position never ends a request.

use lsp_types::{Position, Range, Uri};
use std::path::{Path, PathBuf};
use std::str::FromStr;

/// Where each line of a text starts, for converting offsets and positions.
pub struct LineIndex {
    starts: Vec<usize>,
}

impl LineIndex {
    pub fn new(text: &str) -> LineIndex {
        let mut starts = vec![0];
        starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        LineIndex { starts }
    }

    /// The position of byte `offset` (clamped to the text, and back to a character boundary).
    pub fn position(&self, text: &str, offset: usize) -> Position {
        let mut offset = offset.min(text.len());
        while !text.is_char_boundary(offset) {
            offset -= 1;
        }
        let line = self
            .starts
            .partition_point(|&s| s <= offset)
            .saturating_sub(1);
        let start = self.starts.get(line).copied().unwrap_or(0);
        let units: usize = text
            .get(start..offset)
            .map_or(0, |s| s.chars().map(char::len_utf16).sum());
        Position::new(to_u32(line), to_u32(units))
    }

    /// The byte offset of a position: a line past the end is the end of the text, a character
    /// past the end of its line is the end of the line, and a position inside a surrogate pair
    /// is the start of its character.
    pub fn offset(&self, text: &str, pos: Position) -> usize {
        let Some(&start) = self.starts.get(pos.line as usize) else {
            return text.len();
        };
        let line = text.get(start..).unwrap_or("");
        let line = line.split_inclusive('\n').next().unwrap_or("");
        let line = line.strip_suffix('\n').unwrap_or(line);
        let line = line.strip_suffix('\r').unwrap_or(line);
        let mut units = 0usize;
        for (i, ch) in line.char_indices() {
            units += ch.len_utf16();
            if units > pos.character as usize {
                return start + i;
            }
        }
        start + line.len()
    }

    pub fn range(&self, text: &str, start: usize, end: usize) -> Range {
        Range::new(self.position(text, start), self.position(text, end))
    }
}

fn to_u32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// The local path of a `file://` URI (percent-decoded), or `None` for another scheme, a remote
/// host, a relative or malformed path.
pub fn uri_to_path(uri: &Uri) -> Option<PathBuf> {
    let rest = uri.as_str().strip_prefix("file://")?;
    let path = match rest.find('/') {
        Some(0) => rest,
        Some(i)
            if rest
                .get(..i)
                .is_some_and(|h| h.eq_ignore_ascii_case("localhost")) =>
        {
            rest.get(i..)?
        }
        _ => return None,
    };
    let path = path.split(['?', '#']).next().unwrap_or(path);
    let bytes = decode(path)?;
    let text = String::from_utf8(bytes).ok()?;
    if text.contains('\0') {
        return None;
    }
    let p = PathBuf::from(text);
    p.is_absolute().then_some(p)
}

fn decode(s: &str) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(s.len());
    let mut bytes = s.bytes();
    while let Some(b) = bytes.next() {
        if b == b'%' {
            let hi = char::from(bytes.next()?).to_digit(16)?;
            let lo = char::from(bytes.next()?).to_digit(16)?;
            out.push(u8::try_from(hi * 16 + lo).ok()?);
        } else {
            out.push(b);
        }
    }
    Some(out)
}

/// The `file://` URI of an absolute path, percent-encoding what a URI path may not hold.
pub fn path_to_uri(path: &Path) -> Option<Uri> {
    let text = path.to_str()?;
    let mut out = String::from("file://");
    for b in text.bytes() {
        if b.is_ascii_alphanumeric() || b"/-._~!$&'()*+,;=:@".contains(&b) {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    Uri::from_str(&out).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_count_utf16_units() {
        // `é` is one UTF-16 unit and two bytes; `😀` two units and four bytes.
        let text = "ab\nxé😀z\r\nlast";
        let idx = LineIndex::new(text);
        let z = text.find('z').unwrap();
        assert_eq!(idx.position(text, z), Position::new(1, 4));
        assert_eq!(idx.offset(text, Position::new(1, 4)), z);
        // Inside the surrogate pair: the start of the emoji.
        assert_eq!(
            idx.offset(text, Position::new(1, 3)),
            text.find('😀').unwrap()
        );
        // Past the end of a line, past the last line, inside a character.
        assert_eq!(idx.offset(text, Position::new(1, 99)), z + 1);
        assert_eq!(idx.offset(text, Position::new(99, 0)), text.len());
        assert_eq!(
            idx.position(text, text.find('é').unwrap() + 1),
            Position::new(1, 1)
        );
        assert_eq!(idx.position(text, 10_000), Position::new(2, 4));
    }

    #[test]
    fn file_uris_round_trip() {
        let p = PathBuf::from("/tmp/a dir/ü#1.iamx");
        let uri = path_to_uri(&p).unwrap();
        assert_eq!(uri.as_str(), "file:///tmp/a%20dir/%C3%BC%231.iamx");
        assert_eq!(uri_to_path(&uri), Some(p));
        let other = Uri::from_str("untitled:Untitled-1").unwrap();
        assert_eq!(uri_to_path(&other), None);
        let remote = Uri::from_str("file://host/x.iamx").unwrap();
        assert_eq!(uri_to_path(&remote), None);
        let bad = Uri::from_str("file:///a%00b").unwrap();
        assert_eq!(uri_to_path(&bad), None);
    }
}
