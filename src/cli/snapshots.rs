//! The permission snapshot files of `iamx test`: compared one principal's block at a time
//! (`testing::perms::snapshot`), replaced atomically ([`super::write::replace_file`]), each
//! principal rendered when it is needed, so neither side of a snapshot of ten thousand roles is
//! ever held in memory. A snapshot path that exists and is not a regular file (a directory, a
//! symbolic link, a FIFO) is neither read nor replaced.

use super::write;
use crate::diag::{Diag, ErrorCode};
use crate::span::Span;
use crate::testing::perms::build::{Expander, perms};
use crate::testing::perms::{render, snapshot};
use crate::testing::world::Principal;
use std::fs;
use std::io::{BufReader, Write};
use std::path::Path;

/// One principal's block: its key, declaration and text.
fn block(x: &mut Expander, p: &Principal) -> (String, Span, String) {
    let perms = perms(x, p);
    let mut buf = Vec::new();
    let _ = render::block(&mut buf, &perms);
    (
        perms.key(),
        p.span,
        String::from_utf8_lossy(&buf).into_owned(),
    )
}

/// Whether `path` may be read or replaced: `Ok(false)` when it does not exist.
fn regular(path: &Path) -> Result<bool, Box<Diag>> {
    match fs::symlink_metadata(path) {
        Ok(m) if m.file_type().is_file() => Ok(true),
        Ok(_) => Err(Box::new(Diag::global(ErrorCode::E0801,
            format!(
                "`{}` is not a regular file: iamx neither reads nor replaces it",
                path.display()
            ),
        )
        .with_help("a permission snapshot is a plain file; remove what is there, or choose another --snapshots DIR"))),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(false),
        Err(e) => Err(Box::new(Diag::global(ErrorCode::E0801,
            format!("cannot read `{}`: {e}", path.display()),
        ))),
    }
}

/// Compare the snapshot at `path` with this run; `Ok(None)` when there is none.
pub fn compare(
    path: &Path,
    header: &str,
    x: &mut Expander,
    principals: &[&Principal],
) -> Result<Option<snapshot::Outcome>, Box<Diag>> {
    if !regular(path)? {
        return Ok(None);
    }
    let cannot = |e: std::io::Error| {
        Box::new(Diag::global(
            ErrorCode::E0801,
            format!("cannot read `{}`: {e}", path.display()),
        ))
    };
    let file = fs::File::open(path).map_err(cannot)?;
    let mut reader = BufReader::new(file);
    let mut blocks = principals.iter().map(|p| block(x, p));
    snapshot::compare(&mut reader, header, &mut blocks)
        .map(Some)
        .map_err(cannot)
}

/// Write this run's snapshot to `path`, replacing the old one atomically.
pub fn write(
    path: &Path,
    values: &str,
    x: &mut Expander,
    principals: &[&Principal],
) -> Result<(), Box<Diag>> {
    regular(path)?;
    let cannot = |e: std::io::Error| {
        Box::new(
            Diag::global(
                ErrorCode::E0804,
                format!("cannot write `{}`: {e}", path.display()),
            )
            .with_help("the snapshot was left as it was"),
        )
    };
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        fs::create_dir_all(dir).map_err(cannot)?;
    }
    write::replace_file(path, &mut |w: &mut dyn Write| {
        crate::testing::perms::write(w, values, x, principals)
    })
    .map_err(cannot)
}
