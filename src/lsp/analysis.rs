//! One compilation of an open document, as `iamx check` would run it (the driver, with the
//! editor's unsaved documents over the file system), and its diagnostics in LSP form.

use super::text::{LineIndex, path_to_uri};
use crate::diag::{Diag, Severity};
use crate::driver::{self, Compilation, FsHost, Host, Overlay, ReadError, normalize};
use crate::lints::LintConfig;
use crate::resolve::Reference;
use crate::span::{FileId, Span};
use lsp_types::{
    Diagnostic, DiagnosticRelatedInformation, DiagnosticSeverity, DiagnosticTag, Location,
    NumberOrString, Range, Uri,
};
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// A host with no file system: for a document outside the workspace, only open documents are
/// read, so nothing outside the workspace root is.
struct OpenOnly;

impl Host for OpenOnly {
    fn read(&self, _path: &Path) -> Result<Vec<u8>, ReadError> {
        Err(ReadError::NotFound)
    }

    fn resolve(&self, _path: &Path) -> Option<PathBuf> {
        None
    }
}

static FS: FsHost = FsHost;
static NO_FS: OpenOnly = OpenOnly;

/// Where a document is compiled: the project root (imports stay under it) and whether the
/// file system may be read at all.
pub struct Place {
    pub root: PathBuf,
    pub disk: bool,
    /// Where standard modules are written for go to definition (`stdfiles.rs`); the user's
    /// cache directory when `None`.
    pub cache: Option<PathBuf>,
}

/// A compiled document: the compilation, its reference table, the file id of the document
/// and, per file id, the file's path (none for standard modules) and line index.
pub struct Analysis {
    pub comp: Compilation,
    pub refs: Vec<Reference>,
    pub file: Option<FileId>,
    paths: HashMap<FileId, PathBuf>,
    /// The standard modules' files by their names (`std.aws.arn`).
    std_names: HashMap<FileId, String>,
    lines: HashMap<FileId, LineIndex>,
    /// The cache directory of `Place::cache`.
    cache: Option<PathBuf>,
    /// The document's tokens, lexed on the first request that needs them.
    tokens: std::cell::OnceCell<Vec<(usize, crate::lexer::Token, usize)>>,
}

impl Analysis {
    /// Compile `path` with the open documents `open` (path → text) over the disk when
    /// `place.disk`.
    pub fn compile(
        path: &Path,
        open: &HashMap<PathBuf, String>,
        place: &Place,
        lints: &LintConfig,
    ) -> Analysis {
        let base: &dyn Host = if place.disk { &FS } else { &NO_FS };
        let mut host = Overlay::new(base);
        for (p, text) in open {
            host.open(p, text);
        }
        let comp = driver::compile_in(&host, &[path.to_path_buf()], Some(&place.root), lints);
        let refs = comp.references();
        let mut paths = HashMap::new();
        let mut std_names = HashMap::new();
        let mut lines = HashMap::new();
        let mut file = None;
        for m in &comp.graph.modules {
            if let Ok(f) = comp.files.get(m.file) {
                lines.insert(m.file, LineIndex::new(f.source()));
            }
            // Standard modules are named `std.aws.arn`; files by their absolute path.
            let p = PathBuf::from(&m.name);
            if p.is_absolute() {
                if m.root {
                    file = Some(m.file);
                }
                paths.insert(m.file, normalize(&p));
            } else {
                std_names.insert(m.file, m.name.clone());
            }
        }
        Analysis {
            comp,
            refs,
            file,
            paths,
            std_names,
            lines,
            cache: place.cache.clone(),
            tokens: std::cell::OnceCell::new(),
        }
    }

    /// The tokens of the document with their byte ranges (lexing errors left out).
    pub fn tokens(&self) -> &[(usize, crate::lexer::Token, usize)] {
        self.tokens.get_or_init(|| match self.file {
            Some(f) => crate::lexer::tokens(self.source(f), f)
                .filter_map(Result::ok)
                .collect(),
            None => Vec::new(),
        })
    }

    /// The text of a file of the compilation.
    pub fn source(&self, file: FileId) -> &str {
        self.comp.files.get(file).map_or("", |f| f.source())
    }

    pub fn path(&self, file: FileId) -> Option<&Path> {
        self.paths.get(&file).map(PathBuf::as_path)
    }

    /// The files of the compilation that are files on disk or open documents.
    pub fn files(&self) -> impl Iterator<Item = (FileId, &Path)> {
        self.paths.iter().map(|(f, p)| (*f, p.as_path()))
    }

    pub fn line_index(&self, file: FileId) -> Option<&LineIndex> {
        self.lines.get(&file)
    }

    /// The LSP range of a span (empty at the start when the file is unknown).
    pub fn range(&self, span: Span) -> Range {
        match self.line_index(span.file) {
            Some(idx) => idx.range(self.source(span.file), span.start, span.end),
            None => Range::default(),
        }
    }

    /// The location of a span in a file with a path, or in a standard module (its file under
    /// the cache directory, `stdfiles.rs`).
    pub fn location(&self, span: Span) -> Option<Location> {
        let path = match self.path(span.file) {
            Some(p) => p.to_path_buf(),
            None => {
                super::stdfiles::path_of(self.cache.as_deref(), self.std_names.get(&span.file)?)?
            }
        };
        let uri = path_to_uri(&path)?;
        Some(Location::new(uri, self.range(span)))
    }

    /// The diagnostics of each file, the document's own including those with no place (`uri`
    /// is the document's).
    pub fn diagnostics(&self, uri: &Uri) -> Vec<(Uri, Vec<Diagnostic>)> {
        let mut out: Vec<(Uri, Vec<Diagnostic>)> = Vec::new();
        let mut by_file: HashMap<FileId, usize> = HashMap::new();
        let mut files: Vec<(FileId, &Path)> = self.files().collect();
        files.sort_by_key(|(f, _)| *f);
        for (f, p) in files {
            let u = if Some(f) == self.file {
                uri.clone()
            } else {
                match path_to_uri(p) {
                    Some(u) => u,
                    None => continue,
                }
            };
            by_file.insert(f, out.len());
            out.push((u, Vec::new()));
        }
        let own = self.file.and_then(|f| by_file.get(&f).copied());
        for d in &self.comp.diags {
            let slot = match &d.primary {
                Some(p) => by_file.get(&p.span.file).copied(),
                None => own,
            };
            if let Some(list) = slot.and_then(|i| out.get_mut(i)) {
                list.1.push(self.to_lsp(d));
            }
        }
        out
    }

    /// A diagnostic in LSP form: the code, the message and its help line as `iamx check`
    /// prints them, the secondary labels as related information, and the "did you mean" in
    /// `data` for the quick fix.
    pub fn to_lsp(&self, d: &Diag) -> Diagnostic {
        let range = d
            .primary
            .as_ref()
            .map_or_else(Range::default, |p| self.range(p.span));
        let severity = match d.severity {
            Severity::Error => DiagnosticSeverity::ERROR,
            Severity::Warning => DiagnosticSeverity::WARNING,
            Severity::Note => DiagnosticSeverity::INFORMATION,
        };
        let mut message = d.message.clone();
        if let Some(h) = &d.help {
            message.push_str("\nhelp: ");
            message.push_str(h);
        }
        let related: Vec<DiagnosticRelatedInformation> = d
            .secondary
            .iter()
            .filter_map(|l| {
                Some(DiagnosticRelatedInformation {
                    location: self.location(l.span)?,
                    message: l.message.clone(),
                })
            })
            .collect();
        let unused = d.code == "unused_declaration";
        Diagnostic {
            range,
            severity: Some(severity),
            code: Some(NumberOrString::String(d.code.as_str().to_string())),
            code_description: None,
            source: Some("iamx".into()),
            message,
            related_information: (!related.is_empty()).then_some(related),
            tags: unused.then(|| vec![DiagnosticTag::UNNECESSARY]),
            data: d
                .suggestion
                .as_ref()
                .map(|s| serde_json::json!({ "suggestion": s.text })),
        }
    }
}
