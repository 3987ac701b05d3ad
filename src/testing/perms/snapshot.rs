//! Testing stage: comparing a committed snapshot with the permissions of this run, one principal
//! at a time. The old snapshot is indexed in one pass over a reader (each block's key, offset and
//! length); a block is read back only to compare it, so memory stays bounded by the largest
//! block, whatever the size of the module. A line longer than [`MAX_LINE`] or a block longer than
//! [`MAX_BLOCK`] makes the block differ (a hostile snapshot cannot make iamx read gigabytes).
//!
//! Uses the `similar` crate for the line diff of a block that changed, bounded in time.

use std::collections::HashMap;
use std::io::{self, BufRead, Read, Seek, SeekFrom};
use std::time::Duration;

/// The longest line a snapshot may hold (bytes).
pub const MAX_LINE: usize = 1 << 20;
/// The largest block compared (bytes); a larger one is reported as changed, not diffed.
pub const MAX_BLOCK: u64 = 64 << 20;
/// The most diff lines printed for one principal.
pub const MAX_DIFF_LINES: usize = 400;

/// Where one principal's block is in the old snapshot.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Block {
    pub key: String,
    pub offset: u64,
    pub len: u64,
}

/// The blocks of an old snapshot, in file order.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Index {
    pub blocks: Vec<Block>,
    by_key: HashMap<String, usize>,
    /// The header (the lines before the first block) as read.
    pub header: String,
    /// A line was too long, or the file is not a snapshot: every block counts as changed.
    pub damaged: bool,
}

/// Read one line of at most [`MAX_LINE`] bytes (the newline included); `Ok(None)` at the end.
/// A longer line is consumed and returned cut, with `damaged` set.
fn line(r: &mut dyn BufRead, buf: &mut Vec<u8>, damaged: &mut bool) -> io::Result<Option<u64>> {
    buf.clear();
    let n = (&mut *r).take(MAX_LINE as u64).read_until(b'\n', buf)?;
    if n == 0 {
        return Ok(None);
    }
    let mut total = n as u64;
    if buf.last() != Some(&b'\n') && n == MAX_LINE {
        *damaged = true;
        // Skip the rest of the line without keeping it.
        let mut rest = Vec::new();
        loop {
            rest.clear();
            let m = (&mut *r)
                .take(MAX_LINE as u64)
                .read_until(b'\n', &mut rest)?;
            total += m as u64;
            if m == 0 || rest.last() == Some(&b'\n') {
                break;
            }
        }
    }
    Ok(Some(total))
}

/// The key of a block's first line (`role task`), or `None` for another line.
fn key_of(line: &str) -> Option<String> {
    if line.starts_with([' ', '#']) || line.trim().is_empty() {
        return None;
    }
    let mut words = line.split(' ');
    let (kind, id) = (words.next()?, words.next()?);
    Some(format!("{kind} {}", id.trim_end()))
}

impl Index {
    /// Index a snapshot read from `r`.
    pub fn read(r: &mut dyn BufRead) -> io::Result<Index> {
        let mut idx = Index::default();
        let mut buf = Vec::new();
        let mut offset = 0u64;
        let mut in_header = true;
        while let Some(n) = line(r, &mut buf, &mut idx.damaged)? {
            let text = String::from_utf8_lossy(&buf);
            if let Some(key) = key_of(&text) {
                in_header = false;
                idx.by_key.insert(key.clone(), idx.blocks.len());
                idx.blocks.push(Block {
                    key,
                    offset,
                    len: 0,
                });
            } else if in_header && idx.header.len() < MAX_LINE {
                idx.header.push_str(&text);
            }
            offset += n;
            if let Some(b) = idx.blocks.last_mut() {
                b.len = offset - b.offset;
            }
        }
        if !idx.header.starts_with(super::render::MAGIC) {
            idx.damaged = true;
        }
        Ok(idx)
    }

    pub fn get(&self, key: &str) -> Option<&Block> {
        self.by_key.get(key).and_then(|&i| self.blocks.get(i))
    }
}

/// The text of a block, read back from the snapshot (`None` when it is too large).
pub fn read_block<R: Read + Seek>(r: &mut R, b: &Block) -> io::Result<Option<String>> {
    if b.len > MAX_BLOCK {
        return Ok(None);
    }
    r.seek(SeekFrom::Start(b.offset))?;
    let mut bytes = Vec::new();
    r.by_ref().take(b.len).read_to_end(&mut bytes)?;
    Ok(Some(String::from_utf8_lossy(&bytes).into_owned()))
}

/// A new block's text as it appears in a file: the leading blank line dropped, as the index
/// keeps a block from its first line.
pub fn trimmed(block: &str) -> &str {
    block.strip_prefix('\n').unwrap_or(block)
}

/// A unified diff of one principal's block (`-` the snapshot, `+` this run), at most
/// [`MAX_DIFF_LINES`] lines; `None` when they are equal.
pub fn diff(old: &str, new: &str) -> Option<String> {
    if old.trim_end() == new.trim_end() {
        return None;
    }
    let (old, new) = (
        format!("{}\n", old.trim_end()),
        format!("{}\n", new.trim_end()),
    );
    let d = similar::TextDiff::configure()
        .timeout(Duration::from_secs(2))
        .diff_lines(&old, &new);
    let mut out = String::new();
    let mut lines = 0;
    for hunk in d.unified_diff().context_radius(2).iter_hunks() {
        for l in hunk.to_string().lines() {
            if lines == MAX_DIFF_LINES {
                out.push_str("… (the rest of the difference is not shown)\n");
                return Some(out);
            }
            out.push_str(l);
            out.push('\n');
            lines += 1;
        }
    }
    Some(out)
}

/// A principal whose block differs from the snapshot.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Changed {
    /// `role task`, or `header` for the snapshot's header (the values of the run).
    pub key: String,
    /// The principal's declaration (`None` for the header and for removed principals).
    pub span: Option<crate::span::Span>,
    /// The difference (`-` snapshot, `+` now); empty for a block too large to diff.
    pub diff: String,
}

/// How a snapshot compares with this run.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Outcome {
    /// Principals (or the header) whose text differs, including new ones, in run order.
    pub changed: Vec<Changed>,
    /// Principals in the snapshot that the program no longer has.
    pub gone: Vec<String>,
}

impl Outcome {
    pub fn same(&self) -> bool {
        self.changed.is_empty() && self.gone.is_empty()
    }
}

/// Compare the snapshot `old` with the header and the blocks of this run (`(key, declaration,
/// text)` each, produced one at a time by the caller).
pub fn compare<R: BufRead + Seek>(
    old: &mut R,
    header: &str,
    blocks: &mut dyn Iterator<Item = (String, crate::span::Span, String)>,
) -> io::Result<Outcome> {
    let idx = Index::read(old)?;
    let mut out = Outcome::default();
    if let Some(d) = diff(&idx.header, header) {
        out.changed.push(Changed {
            key: "header".into(),
            span: None,
            diff: d,
        });
    }
    let mut seen = std::collections::HashSet::new();
    for (key, span, text) in blocks {
        let new = trimmed(&text);
        let old_text = match idx.get(&key) {
            Some(b) => read_block(old, b)?,
            None => Some(String::new()),
        };
        seen.insert(key.clone());
        let d = match old_text {
            Some(o) if !idx.damaged || o.is_empty() => diff(&o, new),
            Some(o) => diff(&o, new).or_else(|| Some(String::new())),
            None => Some(String::new()),
        };
        if let Some(diff) = d {
            out.changed.push(Changed {
                key,
                span: Some(span),
                diff,
            });
        }
    }
    out.gone = idx
        .blocks
        .iter()
        .filter(|b| !seen.contains(&b.key))
        .map(|b| b.key.clone())
        .collect();
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Cursor;

    fn snapshot() -> String {
        format!(
            "{}\n# x\n\nrole a arn:1\n  allows\n    s3 Read\n      GetObject on *\n\nuser b arn:2\n",
            super::super::render::MAGIC
        )
    }

    #[test]
    fn blocks_are_indexed_and_read_back() {
        let text = snapshot();
        let idx = Index::read(&mut Cursor::new(text.as_bytes())).unwrap();
        assert!(!idx.damaged);
        assert_eq!(idx.blocks.len(), 2);
        let a = idx.get("role a").unwrap();
        let mut cur = Cursor::new(text.as_bytes());
        let block = read_block(&mut cur, a).unwrap().unwrap();
        assert_eq!(
            block,
            "role a arn:1\n  allows\n    s3 Read\n      GetObject on *\n\n"
        );
        assert!(
            diff(
                &block,
                "role a arn:1\n  allows\n    s3 Read\n      GetObject on *\n"
            )
            .is_none()
        );
        let d = diff(
            &block,
            "role a arn:1\n  allows\n    s3 Read\n      GetObject on b\n",
        )
        .unwrap();
        assert!(
            d.contains("-      GetObject on *") && d.contains("+      GetObject on b"),
            "{d}"
        );
    }

    #[test]
    fn long_lines_and_foreign_files_are_damaged() {
        let mut text = snapshot();
        text.push_str(&"x".repeat(MAX_LINE * 2));
        text.push_str("\nrole c arn:3\n");
        let idx = Index::read(&mut Cursor::new(text.as_bytes())).unwrap();
        assert!(idx.damaged);
        assert!(idx.get("role c").is_some());
        let idx = Index::read(&mut Cursor::new(&b"role a x\n"[..])).unwrap();
        assert!(idx.damaged, "no header");
    }
}
