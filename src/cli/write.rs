//! Writing a build's output into `--out DIR` without ever touching a file iamx did not write.
//!
//! iamx lists the files it wrote in `DIR/.iamx-build`; a later build replaces exactly those and
//! refuses to overwrite anything else. The write is a journaled transaction:
//!
//! 1. every new file is written and synced under `DIR/.iamx-staging/` (a crash here leaves the
//!    old output untouched; the next build removes the staging directory);
//! 2. the journal `DIR/.iamx-commit` (new files, old files to delete) appears with one rename:
//!    the commit point;
//! 3. the staged files are renamed over the old ones, old files no longer produced are removed,
//!    the new list replaces `.iamx-build`, and the journal goes. A build killed during this step
//!    is completed by the next `iamx build` into DIR before anything else (roll forward).
//!
//! Each file is replaced by one rename, so no reader ever sees a half-written file, and DIR
//! itself never disappears; during step 3 alone (a few renames) a reader can see some files new
//! and others old. Without `renameat2(RENAME_EXCHANGE)` (unsafe code) a directory that also
//! holds the user's files cannot change as a whole; docs/security.md states the guarantee.
//! Builds into one DIR serialise on a lock file, `DIR/.iamx-lock`. All file system changes
//! go through [`OutFs`], so tests can stop the transaction at any step.

use crate::backend::OutputFile;
use std::collections::BTreeSet;
use std::fs;
use std::io::Write;
use std::path::{Component, Path, PathBuf};

/// The list of files iamx wrote into the directory (the first line is a comment).
pub const MANIFEST: &str = ".iamx-build";
/// Where the next output is written before it is committed.
pub const STAGING: &str = ".iamx-staging";
/// The journal of a committed build that is being applied.
pub const JOURNAL: &str = ".iamx-commit";
const HEADER: &str = "# written by iamx build: the files below are replaced on every build";

#[derive(Debug, thiserror::Error)]
pub enum WriteError {
    #[error("refusing to write into `{dir}`: `{path}` was not written by iamx")]
    NotOurs { dir: String, path: String },
    #[error("refusing to write into `{dir}`: it is not a directory")]
    NotADirectory { dir: String },
    #[error("refusing to write into `{dir}`: another build has held it for ten minutes")]
    Locked { dir: String },
    #[error("refusing to write into `{dir}`: it is read-only")]
    ReadOnly { dir: String },
    #[error("refusing to write into `{dir}`: `{path}` in its {MANIFEST} is not a path inside it")]
    BadManifest { dir: String, path: String },
    #[error("cannot write `{path}`: {source}")]
    Io {
        path: String,
        source: std::io::Error,
        /// The build was committed: the next build into the directory completes it.
        committed: bool,
    },
}

impl WriteError {
    /// Whether the error is a refusal (nothing was changed, by decision) rather than a failure.
    pub fn is_refusal(&self) -> bool {
        !matches!(self, WriteError::Io { .. })
    }

    /// What happened to the directory, for the help line.
    pub fn outcome(&self) -> &'static str {
        match self {
            WriteError::Io {
                committed: true, ..
            } => {
                "the new output is committed; the next `iamx build` into this directory completes it"
            }
            WriteError::NotOurs { .. } => {
                "iamx replaces only the files it wrote (listed in .iamx-build) and never overwrites others; move the file or choose another --out; the directory was left as it was"
            }
            WriteError::Locked { .. } => {
                "if no iamx build is running, remove its .iamx-lock file; the directory was left as it was"
            }
            WriteError::ReadOnly { .. } => {
                "make it writable (chmod u+w) if iamx should write there; the directory was left as it was"
            }
            _ => "the output directory was left as it was",
        }
    }
}

/// The file system operations that change the output directory.
pub trait OutFs {
    /// Create (or truncate) a file with these bytes, synced to disk.
    fn write(&self, path: &Path, bytes: &[u8]) -> std::io::Result<()>;
    fn rename(&self, from: &Path, to: &Path) -> std::io::Result<()>;
    fn remove_file(&self, path: &Path) -> std::io::Result<()>;
    /// Remove a directory only when it is empty.
    fn remove_dir(&self, path: &Path) -> std::io::Result<()>;
    fn remove_dir_all(&self, path: &Path) -> std::io::Result<()>;
    fn create_dir_all(&self, path: &Path) -> std::io::Result<()>;
}

/// The real file system.
pub struct RealFs;

impl OutFs for RealFs {
    fn write(&self, path: &Path, bytes: &[u8]) -> std::io::Result<()> {
        let mut f = fs::File::create(path)?;
        f.write_all(bytes)?;
        f.sync_all()
    }
    fn rename(&self, from: &Path, to: &Path) -> std::io::Result<()> {
        fs::rename(from, to)
    }
    fn remove_file(&self, path: &Path) -> std::io::Result<()> {
        fs::remove_file(path)
    }
    fn remove_dir(&self, path: &Path) -> std::io::Result<()> {
        fs::remove_dir(path)
    }
    fn remove_dir_all(&self, path: &Path) -> std::io::Result<()> {
        fs::remove_dir_all(path)
    }
    fn create_dir_all(&self, path: &Path) -> std::io::Result<()> {
        fs::create_dir_all(path)
    }
}

/// What a successful write leaves to report: old files that could not be removed.
#[derive(Debug, Default)]
pub struct Written {
    pub not_removed: Vec<(String, std::io::Error)>,
}

fn io(path: &Path, committed: bool) -> impl FnOnce(std::io::Error) -> WriteError + '_ {
    move |source| WriteError::Io {
        path: path.display().to_string(),
        source,
        committed,
    }
}

/// Build into `dir` on the real file system, holding the directory's lock: a second build into
/// the same directory waits for the first.
pub fn write_output(dir: &Path, files: &[OutputFile]) -> Result<Written, WriteError> {
    if dir.exists() && !dir.is_dir() {
        return Err(WriteError::NotADirectory {
            dir: dir.display().to_string(),
        });
    }
    fs::create_dir_all(dir).map_err(io(dir, false))?;
    // A directory without write permission says "keep out", also to a build run as root.
    if fs::metadata(dir).is_ok_and(|m| m.permissions().readonly()) {
        return Err(WriteError::ReadOnly {
            dir: dir.display().to_string(),
        });
    }
    let _lock = lock(dir)?;
    write_into(&RealFs, dir, files)
}

/// The lock file of a build in progress: it holds the builder's process id.
pub const LOCK: &str = ".iamx-lock";

/// Held while a build writes into a directory; removes its lock file when dropped.
pub struct Lock(PathBuf);

impl Drop for Lock {
    fn drop(&mut self) {
        let _ = fs::remove_file(&self.0);
    }
}

/// Take the directory's lock file, waiting while another live build holds it. A lock whose
/// process is gone (a killed build; seen through /proc) is taken over.
fn lock(dir: &Path) -> Result<Lock, WriteError> {
    let path = dir.join(LOCK);
    let mut waited = false;
    for _ in 0..6000 {
        match fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&path)
        {
            Ok(mut f) => {
                let _ = write!(f, "{}", std::process::id());
                return Ok(Lock(path));
            }
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
                let holder = fs::read_to_string(&path).unwrap_or_default();
                let pid = holder.trim();
                let dead = !pid.is_empty()
                    && pid.bytes().all(|b| b.is_ascii_digit())
                    && Path::new("/proc/self").exists()
                    && !Path::new("/proc").join(pid).exists();
                if dead {
                    let _ = fs::remove_file(&path);
                    continue;
                }
                if !waited {
                    waited = true;
                    let _ = writeln!(
                        std::io::stderr(),
                        "waiting for another iamx build into `{}`",
                        dir.display()
                    );
                }
                std::thread::sleep(std::time::Duration::from_millis(100));
            }
            Err(e) => return Err(io(&path, false)(e)),
        }
    }
    Err(WriteError::Locked {
        dir: dir.display().to_string(),
    })
}

/// The transaction itself (the caller holds the lock).
pub fn write_into(fs: &dyn OutFs, dir: &Path, files: &[OutputFile]) -> Result<Written, WriteError> {
    recover(fs, dir)?;
    let owned = owned_files(dir)?;
    let new: Vec<&str> = files.iter().map(|f| f.path.as_str()).collect();
    check_conflicts(dir, owned.as_ref(), &new)?;
    let staging = dir.join(STAGING);
    fs.create_dir_all(&staging).map_err(io(&staging, false))?;
    let mut made = BTreeSet::new();
    for f in files {
        let path = staging.join(&f.path);
        if let Some(p) = path.parent() {
            if made.insert(p.to_path_buf()) {
                fs.create_dir_all(p).map_err(io(p, false))?;
            }
        }
        fs.write(&path, &f.contents).map_err(io(&path, false))?;
    }
    let manifest: String = std::iter::once(HEADER)
        .chain(new.iter().copied())
        .map(|l| format!("{l}\n"))
        .collect();
    let staged_manifest = staging.join(MANIFEST);
    fs.write(&staged_manifest, manifest.as_bytes())
        .map_err(io(&staged_manifest, false))?;
    // The journal: new files, then the old ones no longer produced.
    let old = owned.map(|o| o.files).unwrap_or_default();
    let journal: String = new
        .iter()
        .map(|p| format!("new\t{p}\n"))
        .chain(
            old.iter()
                .filter(|p| !new.contains(&p.as_str()))
                .map(|p| format!("old\t{p}\n")),
        )
        .collect();
    let tmp = staging.join("commit.tmp");
    fs.write(&tmp, journal.as_bytes())
        .map_err(io(&tmp, false))?;
    let committed = dir.join(JOURNAL);
    fs.rename(&tmp, &committed).map_err(io(&committed, false))?;
    apply(fs, dir)
}

/// Finish what an earlier build left: a committed journal is applied, an uncommitted staging
/// directory removed.
fn recover(fs: &dyn OutFs, dir: &Path) -> Result<(), WriteError> {
    if dir.join(JOURNAL).is_file() {
        apply(fs, dir)?;
    }
    let staging = dir.join(STAGING);
    if staging.exists() {
        fs.remove_dir_all(&staging).map_err(io(&staging, false))?;
    }
    clean_old_siblings(fs, dir);
    Ok(())
}

/// Builds before the journal wrote into `.NAME.iamx-new-PID` / `.NAME.iamx-old-PID` beside the
/// directory and left them behind when killed; remove those whose process is gone.
fn clean_old_siblings(fs: &dyn OutFs, dir: &Path) {
    let (Some(parent), Some(name)) = (dir.parent(), dir.file_name()) else {
        return;
    };
    let parent = if parent.as_os_str().is_empty() {
        Path::new(".")
    } else {
        parent
    };
    let prefix = format!(".{}.iamx-", name.to_string_lossy());
    let Ok(entries) = fs::read_dir(parent) else {
        return;
    };
    for e in entries.flatten() {
        let n = e.file_name().to_string_lossy().into_owned();
        let Some(rest) = n.strip_prefix(&prefix) else {
            continue;
        };
        let pid = rest
            .strip_prefix("new-")
            .or_else(|| rest.strip_prefix("old-"))
            .filter(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()));
        let gone = pid.is_some_and(|p| {
            Path::new("/proc/self").exists() && !Path::new("/proc").join(p).exists()
        });
        if gone && e.path().is_dir() {
            let _ = fs.remove_dir_all(&e.path());
        }
    }
}

/// Apply the committed journal (idempotent: a second run after a crash finishes the first).
fn apply(fs: &dyn OutFs, dir: &Path) -> Result<Written, WriteError> {
    let journal = dir.join(JOURNAL);
    let text = fs::read_to_string(&journal).map_err(io(&journal, true))?;
    let staging = dir.join(STAGING);
    let mut written = Written::default();
    for line in text.lines() {
        let Some((kind, rel)) = line.split_once('\t') else {
            continue;
        };
        let Some(rel) = safe_relative(rel) else {
            return Err(WriteError::BadManifest {
                dir: dir.display().to_string(),
                path: rel.to_string(),
            });
        };
        let target = dir.join(&rel);
        match kind {
            "new" => {
                let staged = staging.join(&rel);
                if !staged.exists() {
                    continue; // moved by the build that was interrupted
                }
                if let Some(p) = target.parent() {
                    fs.create_dir_all(p).map_err(io(p, true))?;
                }
                fs.rename(&staged, &target).map_err(io(&target, true))?;
            }
            "old" => match fs.remove_file(&target) {
                Ok(()) => remove_empty_parents(fs, dir, &target),
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
                Err(e) => written.not_removed.push((target.display().to_string(), e)),
            },
            _ => {}
        }
    }
    let staged_manifest = staging.join(MANIFEST);
    if staged_manifest.exists() {
        let m = dir.join(MANIFEST);
        fs.rename(&staged_manifest, &m).map_err(io(&m, true))?;
    }
    fs.remove_file(&journal).map_err(io(&journal, true))?;
    // The output is complete; a staging directory that cannot go now goes at the next build.
    if staging.exists() {
        if let Err(e) = fs.remove_dir_all(&staging) {
            written.not_removed.push((staging.display().to_string(), e));
        }
    }
    Ok(written)
}

/// Remove the directories an old file leaves empty, up to (not including) `dir`.
fn remove_empty_parents(fs: &dyn OutFs, dir: &Path, file: &Path) {
    let mut p = file.parent();
    while let Some(d) = p.filter(|d| d.starts_with(dir) && *d != dir) {
        if fs.remove_dir(d).is_err() {
            break;
        }
        p = d.parent();
    }
}

/// A path from a manifest or journal, accepted only when it stays inside the directory.
fn safe_relative(rel: &str) -> Option<PathBuf> {
    let p = Path::new(rel);
    let ok = !rel.is_empty() && p.components().all(|c| matches!(c, Component::Normal(_)));
    ok.then(|| p.to_path_buf())
}

/// The files iamx wrote into `dir`, from its manifest: `None` when there is none (then `dir`
/// must be empty), an empty list for the marker of older versions (which listed nothing).
fn owned_files(dir: &Path) -> Result<Option<Owned>, WriteError> {
    let path = dir.join(MANIFEST);
    let text = match fs::read_to_string(&path) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            let first = fs::read_dir(dir)
                .map_err(io(dir, false))?
                .flatten()
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .filter(|n| ![LOCK, STAGING, JOURNAL].contains(&n.as_str()))
                .min();
            return match first {
                None => Ok(None),
                Some(path) => Err(WriteError::NotOurs {
                    dir: dir.display().to_string(),
                    path,
                }),
            };
        }
        Err(e) => return Err(io(&path, false)(e)),
    };
    // Older versions wrote a one-line marker and listed nothing: any output path may be
    // overwritten (it was theirs), and nothing is deleted.
    if text.lines().next() != Some(HEADER) {
        return Ok(Some(Owned {
            files: vec![],
            legacy: true,
        }));
    }
    let mut out = Vec::new();
    for line in text.lines().skip(1).filter(|l| !l.trim().is_empty()) {
        if safe_relative(line).is_none() {
            return Err(WriteError::BadManifest {
                dir: dir.display().to_string(),
                path: line.to_string(),
            });
        }
        out.push(line.to_string());
    }
    Ok(Some(Owned {
        files: out,
        legacy: false,
    }))
}

/// The files listed in a directory's manifest.
struct Owned {
    files: Vec<String>,
    legacy: bool,
}

/// Refuse to overwrite a file (or go through a directory) that iamx did not write.
fn check_conflicts(dir: &Path, owned: Option<&Owned>, new: &[&str]) -> Result<(), WriteError> {
    let ours = |p: &str| owned.is_some_and(|o| o.legacy || o.files.iter().any(|x| x == p));
    for p in new {
        let Some(rel) = safe_relative(p) else {
            return Err(WriteError::BadManifest {
                dir: dir.display().to_string(),
                path: (*p).to_string(),
            });
        };
        let target = dir.join(&rel);
        let meta = fs::symlink_metadata(&target);
        let foreign = match &meta {
            Ok(m) => m.is_dir() || !ours(p),
            Err(_) => false,
        };
        // A parent that is a file (or a link) the user put there blocks the path as well.
        let blocked = rel.ancestors().skip(1).find(|a| {
            !a.as_os_str().is_empty()
                && fs::symlink_metadata(dir.join(a)).is_ok_and(|m| !m.is_dir())
        });
        if foreign || blocked.is_some() {
            let shown = blocked.map_or_else(|| (*p).to_string(), |a| a.display().to_string());
            return Err(WriteError::NotOurs {
                dir: dir.display().to_string(),
                path: shown,
            });
        }
    }
    Ok(())
}

/// Replace one file atomically: the content is written by `fill` (streamed through a buffer) to a
/// temporary file beside it, synced, then renamed over `path` with [`OutFs::rename`]; a reader
/// sees the old file or the new one, never a part. On any error the temporary file is removed
/// and `path` is left as it was. Used for permission snapshots, which live among the user's
/// files: nothing but `path` (and, for a moment, the temporary file) is touched.
pub fn replace_file(
    path: &Path,
    fill: &mut dyn FnMut(&mut dyn Write) -> std::io::Result<()>,
) -> std::io::Result<()> {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let tmp = dir.join(format!(".{name}.iamx-tmp-{}", std::process::id()));
    let result = (|| {
        let file = fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&tmp)?;
        let mut w = std::io::BufWriter::new(file);
        fill(&mut w)?;
        let file = w.into_inner().map_err(|e| e.into_error())?;
        file.sync_all()?;
        RealFs.rename(&tmp, path)
    })();
    if result.is_err() {
        let _ = fs::remove_file(&tmp);
    }
    result
}
