//! The standard modules as files an editor can open, for go to definition into them: the
//! modules are embedded in the binary, so the server writes each one, the first time an
//! answer points into it, to a read-only file under the server's cache directory (the
//! `Server`'s option, by default the user's: `$XDG_CACHE_HOME/iamx/std-VERSION-HASH/aws/arn.iamx`,
//! else `~/.cache/…`, else the temporary directory) and answers with that file's `file://` location. Every client opens a
//! file (no custom URI scheme and no client code, as Gleam and rust-analyzer answer with the
//! files of dependencies and of the standard library). The directory is named by the version
//! and a hash of the modules' text, so servers of different versions never share a file; a
//! file whose text differs is replaced (atomically, by renaming a complete copy over it).
//!
//! The only writes of the language server; nothing in the project is ever written.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, OnceLock};

/// The directory of this build's standard modules under `cache` (the user's cache directory
/// when `None`).
fn dir(cache: Option<&Path>) -> Option<PathBuf> {
    let base = cache.map(Path::to_path_buf).unwrap_or_else(user_cache);
    // FNV-1a over every module's name and text.
    let mut hash: u32 = 0x811c_9dc5;
    for name in crate::stdlib::names() {
        let text = crate::stdlib::source(name).unwrap_or("");
        for b in name.bytes().chain(text.bytes()) {
            hash = (hash ^ u32::from(b)).wrapping_mul(0x0100_0193);
        }
    }
    let version = env!("CARGO_PKG_VERSION");
    Some(base.join("iamx").join(format!("std-{version}-{hash:08x}")))
}

/// `$XDG_CACHE_HOME`, else `~/.cache`, else the temporary directory.
fn user_cache() -> PathBuf {
    std::env::var_os("XDG_CACHE_HOME")
        .map(PathBuf::from)
        .filter(|p| p.is_absolute())
        .or_else(|| {
            std::env::var_os("HOME")
                .map(PathBuf::from)
                .filter(|p| p.is_absolute())
                .map(|h| h.join(".cache"))
        })
        .unwrap_or_else(std::env::temp_dir)
}

/// The file of standard module `name` (`std.aws.arn`) under `cache` (the user's cache
/// directory when `None`), written if it is missing or differs; `None` when it is no standard
/// module or the file cannot be written.
pub fn path_of(cache: Option<&Path>, name: &str) -> Option<PathBuf> {
    type Done = HashMap<(Option<PathBuf>, String), Option<PathBuf>>;
    static DONE: OnceLock<Mutex<Done>> = OnceLock::new();
    let done = DONE.get_or_init(Mutex::default);
    let key = (cache.map(Path::to_path_buf), name.to_string());
    if let Some(p) = done.lock().ok()?.get(&key) {
        return p.clone();
    }
    let written = write(cache, name);
    done.lock().ok()?.insert(key, written.clone());
    written
}

fn write(cache: Option<&Path>, name: &str) -> Option<PathBuf> {
    let text = crate::stdlib::source(name)?;
    let rel = name.strip_prefix("std.")?.replace('.', "/");
    let path = dir(cache)?.join(format!("{rel}.iamx"));
    if std::fs::read(&path).is_ok_and(|on_disk| on_disk == text.as_bytes()) {
        return Some(path);
    }
    let parent = path.parent()?;
    std::fs::create_dir_all(parent).ok()?;
    let tmp = parent.join(format!(".{}.{}.tmp", file_name(&path)?, std::process::id()));
    let written = std::fs::write(&tmp, text).and_then(|()| {
        let mut perm = std::fs::metadata(&tmp)?.permissions();
        perm.set_readonly(true);
        std::fs::set_permissions(&tmp, perm)?;
        std::fs::rename(&tmp, &path)
    });
    if written.is_err() {
        let _ = std::fs::remove_file(&tmp);
        return None;
    }
    Some(path)
}

fn file_name(p: &Path) -> Option<String> {
    Some(p.file_name()?.to_string_lossy().into_owned())
}
