//! Where sources come from: the [`Host`] trait (the driver's only I/O), the real file system and
//! an in-memory host for tests. A host reads regular files of bounded size and nothing else.

use super::paths::normalize;
use std::collections::HashMap;
use std::io::Read;
use std::path::{Path, PathBuf};

/// The largest source file iamx reads (8 MiB: a thousand times a large hand-written module).
pub const MAX_SOURCE_BYTES: u64 = 8 * 1024 * 1024;

/// Why a source could not be read.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum ReadError {
    #[error("no such file")]
    NotFound,
    #[error("permission denied")]
    PermissionDenied,
    #[error("it is a directory")]
    Directory,
    #[error("it is not a regular file (a FIFO, socket or device is never read)")]
    NotRegular,
    #[error("it is larger than {} MiB, the limit of a source file", MAX_SOURCE_BYTES / (1024 * 1024))]
    TooLarge,
    #[error("{0}")]
    Other(String),
}

impl From<std::io::Error> for ReadError {
    fn from(e: std::io::Error) -> Self {
        match e.kind() {
            std::io::ErrorKind::NotFound => ReadError::NotFound,
            std::io::ErrorKind::PermissionDenied => ReadError::PermissionDenied,
            std::io::ErrorKind::IsADirectory => ReadError::Directory,
            _ => ReadError::Other(e.to_string()),
        }
    }
}

/// Where sources come from.
pub trait Host {
    /// The bytes of a regular file of at most [`MAX_SOURCE_BYTES`].
    fn read(&self, path: &Path) -> Result<Vec<u8>, ReadError>;

    /// The path with every symbolic link resolved, or `None` when it does not exist. Two paths
    /// naming one file resolve to the same path.
    fn resolve(&self, path: &Path) -> Option<PathBuf> {
        Some(normalize(path))
    }

    /// The path made absolute (lexically, against the working directory).
    fn absolute(&self, path: &Path) -> PathBuf {
        normalize(path)
    }
}

/// The real file system.
pub struct FsHost;

impl Host for FsHost {
    fn read(&self, path: &Path) -> Result<Vec<u8>, ReadError> {
        // Look before opening: opening a FIFO blocks until a writer comes.
        let meta = std::fs::metadata(path)?;
        check_meta(&meta)?;
        let file = std::fs::File::open(path)?;
        // The file may have been replaced between the two calls: check what was opened.
        check_meta(&file.metadata()?)?;
        let mut bytes = Vec::new();
        file.take(MAX_SOURCE_BYTES + 1).read_to_end(&mut bytes)?;
        if bytes.len() as u64 > MAX_SOURCE_BYTES {
            return Err(ReadError::TooLarge);
        }
        Ok(bytes)
    }

    fn resolve(&self, path: &Path) -> Option<PathBuf> {
        std::fs::canonicalize(path).ok()
    }

    fn absolute(&self, path: &Path) -> PathBuf {
        normalize(&std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf()))
    }
}

fn check_meta(meta: &std::fs::Metadata) -> Result<(), ReadError> {
    if meta.is_dir() {
        Err(ReadError::Directory)
    } else if !meta.is_file() {
        Err(ReadError::NotRegular)
    } else if meta.len() > MAX_SOURCE_BYTES {
        Err(ReadError::TooLarge)
    } else {
        Ok(())
    }
}

/// An in-memory host for tests and the benchmark; paths are compared after lexical
/// normalisation, and `links` maps a path to the path it resolves to (a symbolic link).
#[derive(Default)]
pub struct MemHost {
    pub files: HashMap<PathBuf, Vec<u8>>,
    pub links: HashMap<PathBuf, PathBuf>,
}

impl MemHost {
    pub fn with(mut self, path: &str, src: &str) -> Self {
        self.files
            .insert(normalize(Path::new(path)), src.as_bytes().to_vec());
        self
    }

    /// `path` is a symbolic link to `target`.
    pub fn link(mut self, path: &str, target: &str) -> Self {
        self.links
            .insert(normalize(Path::new(path)), normalize(Path::new(target)));
        self
    }
}

impl Host for MemHost {
    fn read(&self, path: &Path) -> Result<Vec<u8>, ReadError> {
        let path = self.resolve(path).ok_or(ReadError::NotFound)?;
        // No size limit here: benchmarks compile generated modules larger than a file may be.
        self.files.get(&path).cloned().ok_or(ReadError::NotFound)
    }

    fn resolve(&self, path: &Path) -> Option<PathBuf> {
        let p = normalize(path);
        let p = self.links.get(&p).cloned().unwrap_or(p);
        let dir = self.files.keys().any(|f| f.starts_with(&p) && *f != p);
        (self.files.contains_key(&p) || dir || p.as_os_str().is_empty()).then_some(p)
    }
}

/// A host whose open documents replace the files of another (a language server's unsaved
/// edits over [`FsHost`]): a path with an open document reads its text, anything else reads
/// through. Documents are keyed by the path the base host resolves them to, or, for a file that
/// does not exist yet, by its absolute path.
pub struct Overlay<'h> {
    base: &'h dyn Host,
    open: HashMap<PathBuf, Vec<u8>>,
}

impl<'h> Overlay<'h> {
    pub fn new(base: &'h dyn Host) -> Self {
        Overlay {
            base,
            open: HashMap::new(),
        }
    }

    fn key(&self, path: &Path) -> PathBuf {
        self.base
            .resolve(path)
            .unwrap_or_else(|| self.base.absolute(path))
    }

    /// Open (or change) a document.
    pub fn open(&mut self, path: &Path, text: &str) {
        let key = self.key(path);
        self.open.insert(key, text.as_bytes().to_vec());
    }

    /// Close a document: the file is read from the base host again.
    pub fn close(&mut self, path: &Path) {
        let key = self.key(path);
        self.open.remove(&key);
    }
}

impl Host for Overlay<'_> {
    fn read(&self, path: &Path) -> Result<Vec<u8>, ReadError> {
        match self.open.get(path) {
            Some(text) => Ok(text.clone()),
            None => self.base.read(path),
        }
    }

    fn resolve(&self, path: &Path) -> Option<PathBuf> {
        self.base.resolve(path).or_else(|| {
            let abs = self.base.absolute(path);
            self.open.contains_key(&abs).then_some(abs)
        })
    }

    fn absolute(&self, path: &Path) -> PathBuf {
        self.base.absolute(path)
    }
}
