//! The permission snapshot files of `iamx test`: compared one principal's block at a time
//! (`testing::perms::snapshot`), replaced atomically ([`super::write::replace_file`]), each
//! principal rendered when it is needed, so neither side of a snapshot of ten thousand roles is
//! ever held in memory. A snapshot path that exists and is not a regular file (a directory, a
//! symbolic link, a FIFO) is neither read nor replaced.

use super::write;
use crate::diag::{Diag, ErrorCode};
use crate::testing::perms::{Principals, snapshot};
use std::fs;
use std::io::{BufReader, Write};
use std::path::Path;

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
    set: &mut Principals<'_, '_, '_>,
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
    let mut blocks = set.blocks();
    snapshot::compare(&mut reader, header, &mut blocks)
        .map(Some)
        .map_err(cannot)
}

/// Write this run's snapshot to `path`, replacing the old one atomically.
pub fn write(path: &Path, values: &str, set: &mut Principals<'_, '_, '_>) -> Result<(), Box<Diag>> {
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
        crate::testing::perms::write(w, values, set)?;
        // A value found missing while writing (normally found before) leaves the old snapshot.
        match set.world.missing().first() {
            Some(m) => Err(std::io::Error::other(format!("a value is missing: {m:?}"))),
            None => Ok(()),
        }
    })
    .map_err(cannot)
}
