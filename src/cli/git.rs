//! The old version of the sources for `iamx diff --base REF`, read from git: a [`Host`] whose
//! files are the blobs of one commit. `git` is run directly with an argument list (never
//! through a shell, so nothing in a reference or path is interpreted as a command); the
//! reference is first resolved to a commit id (`git rev-parse --verify --end-of-options`), so it
//! cannot be taken for an option, and every later command names that id. Blobs are size-checked
//! before they are read, with the same limit as the file system host.

use crate::driver::{FsHost, Host, MAX_SOURCE_BYTES, ReadError, normalize};
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// One commit of the repository around the working directory.
pub struct GitHost {
    /// The top-level directory of the working tree (symbolic links resolved).
    top: PathBuf,
    /// The commit id.
    commit: String,
    /// The reference as the user wrote it (for file names in messages).
    pub name: String,
}

/// Run git with `args` (in `dir` when given); its standard output, at most `limit` bytes, or
/// why it failed.
fn git_in(dir: Option<&Path>, args: &[&str], limit: u64) -> Result<Vec<u8>, String> {
    let mut cmd = Command::new("git");
    if let Some(d) = dir {
        cmd.current_dir(d);
    }
    let mut child = cmd
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| format!("cannot run git: {e}"))?;
    let mut out = Vec::new();
    if let Some(stdout) = child.stdout.take() {
        stdout
            .take(limit)
            .read_to_end(&mut out)
            .map_err(|e| format!("cannot read from git: {e}"))?;
    }
    let mut err = Vec::new();
    if let Some(stderr) = child.stderr.take() {
        let _ = stderr.take(4096).read_to_end(&mut err);
    }
    let status = child.wait().map_err(|e| format!("git failed: {e}"))?;
    if status.success() {
        Ok(out)
    } else {
        let msg = String::from_utf8_lossy(&err);
        Err(msg
            .lines()
            .next()
            .unwrap_or("git failed")
            .trim()
            .to_string())
    }
}

fn git(args: &[&str], limit: u64) -> Result<Vec<u8>, String> {
    git_in(None, args, limit)
}

fn text(bytes: Vec<u8>) -> String {
    String::from_utf8_lossy(&bytes).trim().to_string()
}

impl GitHost {
    /// The commit `reference` names, in the repository of the working directory.
    pub fn open(reference: &str) -> Result<GitHost, String> {
        if reference.is_empty()
            || reference.starts_with('-')
            || reference.len() > 256
            || reference.chars().any(|c| c.is_control())
        {
            return Err(format!("`{reference}` is not a git reference"));
        }
        let top = text(git(&["rev-parse", "--show-toplevel"], 1 << 16)?);
        let top = std::fs::canonicalize(&top).map_err(|e| format!("`{top}`: {e}"))?;
        let spec = format!("{reference}^{{commit}}");
        let commit = text(
            git(
                &[
                    "rev-parse",
                    "--verify",
                    "--quiet",
                    "--end-of-options",
                    &spec,
                ],
                1 << 16,
            )
            .map_err(|_| format!("`{reference}` names no commit"))?,
        );
        if commit.is_empty() || !commit.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Err(format!("`{reference}` names no commit"));
        }
        Ok(GitHost {
            top,
            commit,
            name: reference.to_string(),
        })
    }

    /// The path inside the repository of an absolute working-tree path (`/`-separated).
    fn rel(&self, abs: &Path) -> Option<String> {
        let abs = normalize(abs);
        let inside = abs
            .strip_prefix(&self.top)
            .ok()
            .map(Path::to_path_buf)
            .or_else(|| {
                // The working directory may be reached through a symbolic link.
                let parent = abs.parent()?;
                let real = std::fs::canonicalize(parent).ok()?.join(abs.file_name()?);
                real.strip_prefix(&self.top).ok().map(Path::to_path_buf)
            })?;
        let parts: Vec<String> = inside
            .components()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect();
        Some(parts.join("/"))
    }

    fn object(&self, rel: &str) -> String {
        format!("{}:{rel}", self.commit)
    }

    /// The `.iamx` files under a working-tree directory, relative to it: as they are in the
    /// commit (`in_commit`), or in the working tree as git sees it (tracked, and untracked but
    /// not ignored: build directories are not searched). Run at the top of the working tree,
    /// so paths and pathspecs do not depend on the working directory.
    pub fn list(&self, dir: &Path, in_commit: bool) -> Result<Vec<PathBuf>, String> {
        let abs = FsHost.absolute(dir);
        let rel = self
            .rel(&abs)
            .ok_or_else(|| format!("`{}` is not in the git repository", dir.display()))?;
        let mut args = if in_commit {
            vec![
                "ls-tree",
                "-r",
                "-z",
                "--name-only",
                "--full-name",
                &self.commit,
            ]
        } else {
            vec![
                "ls-files",
                "-z",
                "--cached",
                "--others",
                "--exclude-standard",
                "--full-name",
            ]
        };
        args.push("--");
        args.push(if rel.is_empty() { "." } else { rel.as_str() });
        let out = git_in(Some(&self.top), &args, 64 << 20)?;
        let prefix = if rel.is_empty() {
            String::new()
        } else {
            format!("{rel}/")
        };
        let mut files: Vec<PathBuf> = out
            .split(|b| *b == 0)
            .map(|p| String::from_utf8_lossy(p).into_owned())
            .filter(|p| p.ends_with(".iamx"))
            .filter_map(|p| p.strip_prefix(&prefix).map(PathBuf::from))
            .filter(|p| in_commit || abs.join(p).is_file())
            .collect();
        files.sort();
        files.dedup();
        Ok(files)
    }
}

impl Host for GitHost {
    fn read(&self, path: &Path) -> Result<Vec<u8>, ReadError> {
        let rel = self.rel(path).ok_or(ReadError::NotFound)?;
        let object = self.object(&rel);
        let kind = git(&["cat-file", "-t", &object], 64).map_err(|_| ReadError::NotFound)?;
        match text(kind).as_str() {
            "blob" => {}
            "tree" => return Err(ReadError::Directory),
            _ => return Err(ReadError::NotRegular),
        }
        let size = text(git(&["cat-file", "-s", &object], 64).map_err(ReadError::Other)?);
        if size.parse::<u64>().map_or(true, |s| s > MAX_SOURCE_BYTES) {
            return Err(ReadError::TooLarge);
        }
        git(&["cat-file", "blob", &object], MAX_SOURCE_BYTES + 1).map_err(ReadError::Other)
    }

    fn resolve(&self, path: &Path) -> Option<PathBuf> {
        let rel = self.rel(path)?;
        if rel.is_empty() {
            return Some(normalize(path));
        }
        git(&["cat-file", "-e", &self.object(&rel)], 64)
            .ok()
            .map(|_| normalize(path))
    }

    fn absolute(&self, path: &Path) -> PathBuf {
        FsHost.absolute(path)
    }
}
