//! Atomic output: the whole directory is written beside the target and swapped in with renames,
//! so on any error the previous output is left exactly as it was.

use crate::backend::OutputFile;
use std::fs;
use std::path::{Path, PathBuf};

/// The marker that says a directory was written by iamx and may be replaced.
pub const MARKER: &str = ".iamx-build";

#[derive(Debug, thiserror::Error)]
pub enum WriteError {
    #[error("refusing to replace `{0}`: it holds files iamx did not write")]
    NotOurs(String),
    #[error("cannot write `{path}`: {source}")]
    Io {
        path: String,
        source: std::io::Error,
    },
}

fn io(path: &Path) -> impl FnOnce(std::io::Error) -> WriteError + '_ {
    move |source| WriteError::Io {
        path: path.display().to_string(),
        source,
    }
}

fn replaceable(dir: &Path) -> Result<bool, WriteError> {
    if !dir.exists() {
        return Ok(true);
    }
    if !dir.is_dir() {
        return Ok(false);
    }
    if dir.join(MARKER).is_file() {
        return Ok(true);
    }
    Ok(fs::read_dir(dir).map_err(io(dir))?.next().is_none())
}

fn sibling(dir: &Path, tag: &str) -> PathBuf {
    let name = dir
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "out".into());
    dir.with_file_name(format!(".{name}.iamx-{tag}-{}", std::process::id()))
}

/// Replace `dir` with exactly `files` (plus the marker).
pub fn write_atomic(dir: &Path, files: &[OutputFile]) -> Result<(), WriteError> {
    if !replaceable(dir)? {
        return Err(WriteError::NotOurs(dir.display().to_string()));
    }
    if let Some(parent) = dir.parent().filter(|p| !p.as_os_str().is_empty()) {
        fs::create_dir_all(parent).map_err(io(parent))?;
    }
    let tmp = sibling(dir, "new");
    let old = sibling(dir, "old");
    let _ = fs::remove_dir_all(&tmp);
    let result = (|| {
        fs::create_dir_all(&tmp).map_err(io(&tmp))?;
        fs::write(
            tmp.join(MARKER),
            "written by iamx build; replaced as a whole on every build\n",
        )
        .map_err(io(&tmp))?;
        let mut made = std::collections::HashSet::new();
        for f in files {
            let path = tmp.join(&f.path);
            if let Some(p) = path.parent() {
                if made.insert(p.to_path_buf()) {
                    fs::create_dir_all(p).map_err(io(p))?;
                }
            }
            fs::write(&path, &f.contents).map_err(io(&path))?;
        }
        Ok(())
    })();
    if let Err(e) = result {
        let _ = fs::remove_dir_all(&tmp);
        return Err(e);
    }
    let had_old = dir.exists();
    if had_old {
        if let Err(e) = fs::rename(dir, &old) {
            let _ = fs::remove_dir_all(&tmp);
            return Err(io(dir)(e));
        }
    }
    if let Err(e) = fs::rename(&tmp, dir) {
        if had_old {
            let _ = fs::rename(&old, dir);
        }
        let _ = fs::remove_dir_all(&tmp);
        return Err(io(dir)(e));
    }
    if had_old {
        let _ = fs::remove_dir_all(&old);
    }
    Ok(())
}
