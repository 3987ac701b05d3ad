//! The driver: loads modules through a [`Host`] (the only I/O, so tests can use memory), then
//! runs resolution, checking and lints, and collects every diagnostic.

use crate::ast::{DeclKind, UseTarget};
use crate::check;
use crate::diag::{self, Diag, SourceFiles};
use crate::ir::Program;
use crate::lints::{self, LintConfig};
use crate::parser;
use crate::resolve::{Graph, Module, ResolveError};
use crate::span::Span;
use std::collections::HashMap;
use std::path::{Component, Path, PathBuf};

/// Where sources come from.
pub trait Host {
    fn read(&self, path: &Path) -> std::io::Result<Vec<u8>>;
    /// A key that is equal for two paths naming the same file.
    fn canonical(&self, path: &Path) -> PathBuf {
        normalize(path)
    }
}

/// The real file system.
pub struct FsHost;

impl Host for FsHost {
    fn read(&self, path: &Path) -> std::io::Result<Vec<u8>> {
        if path.is_dir() {
            return Err(std::io::Error::other("it is a directory"));
        }
        std::fs::read(path)
    }

    fn canonical(&self, path: &Path) -> PathBuf {
        std::fs::canonicalize(path).unwrap_or_else(|_| normalize(path))
    }
}

/// An in-memory host for tests and the benchmark.
#[derive(Default)]
pub struct MemHost {
    pub files: HashMap<PathBuf, Vec<u8>>,
}

impl MemHost {
    pub fn with(mut self, path: &str, src: &str) -> Self {
        self.files
            .insert(normalize(Path::new(path)), src.as_bytes().to_vec());
        self
    }
}

impl Host for MemHost {
    fn read(&self, path: &Path) -> std::io::Result<Vec<u8>> {
        self.files
            .get(&normalize(path))
            .cloned()
            .ok_or_else(|| std::io::Error::new(std::io::ErrorKind::NotFound, "no such file"))
    }
}

/// Lexical normalisation: `a/./b/../c` → `a/c`.
pub fn normalize(p: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in p.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => {
                if !out.pop() {
                    out.push("..");
                }
            }
            other => out.push(other.as_os_str()),
        }
    }
    out
}

/// The result of compiling some files: sources (for rendering), the program when it is valid,
/// every diagnostic in source order, and whether a file could not be read at all.
pub struct Compilation {
    pub files: SourceFiles,
    pub program: Option<Program>,
    pub diags: Vec<Diag>,
    pub io_error: bool,
}

impl Compilation {
    pub fn has_errors(&self) -> bool {
        self.diags.iter().any(Diag::is_error)
    }
}

struct Loader<'h> {
    host: &'h dyn Host,
    files: SourceFiles,
    graph: Graph,
    diags: Vec<Diag>,
    by_key: HashMap<String, usize>,
    stack: Vec<(String, String)>,
    io_error: bool,
}

impl Loader<'_> {
    /// Load one module and, depth first, everything it imports. `from` is the `use` span.
    fn load(
        &mut self,
        path: &Path,
        prefix: String,
        root: bool,
        from: Option<Span>,
    ) -> Option<usize> {
        let key = self.host.canonical(path).to_string_lossy().into_owned();
        let display = path.to_string_lossy().into_owned();
        if let Some(pos) = self.stack.iter().position(|(k, _)| *k == key) {
            let mut chain: Vec<&str> = self.stack[pos..].iter().map(|(_, d)| d.as_str()).collect();
            chain.push(&display);
            let err = ResolveError::ImportCycle {
                path: display.clone(),
                chain: chain.join(" → "),
                span: from.unwrap_or_default(),
            };
            self.diags.push(err.to_diag());
            return None;
        }
        if let Some(&m) = self.by_key.get(&key) {
            return Some(m);
        }
        let bytes = match self.host.read(path) {
            Ok(b) => b,
            Err(e) => {
                let reason = match e.kind() {
                    std::io::ErrorKind::NotFound => "no such file".to_string(),
                    std::io::ErrorKind::PermissionDenied => "permission denied".to_string(),
                    _ => e.to_string(),
                };
                match from {
                    Some(span) => self.diags.push(
                        ResolveError::ModuleNotFound {
                            path: display,
                            reason,
                            span,
                        }
                        .to_diag(),
                    ),
                    None => {
                        self.io_error = true;
                        self.diags.push(Diag::global(
                            "E0801",
                            format!("cannot read `{display}`: {reason}"),
                        ));
                    }
                }
                return None;
            }
        };
        let (src, bad_utf8) = match String::from_utf8(bytes) {
            Ok(s) => (s, None),
            Err(e) => {
                let at = e.utf8_error().valid_up_to();
                (String::from_utf8_lossy(e.as_bytes()).into_owned(), Some(at))
            }
        };
        let file = self.files.add(display.clone(), src.clone());
        if let Some(at) = bad_utf8 {
            self.diags.push(
                Diag::error(
                    "E0802",
                    format!("`{display}` is not valid UTF-8"),
                    Span::new(file, at, at + 1),
                    "invalid byte here",
                )
                .with_help("iamx sources are UTF-8; re-save the file as UTF-8"),
            );
            return None;
        }
        let (ast, errs) = parser::parse(&src, file);
        for e in &errs.lex {
            self.diags.push(crate::explain::lex_diag(e, file));
        }
        for e in &errs.parse {
            self.diags.push(crate::explain::parse_diag(e));
        }
        if ast.decls.is_empty() && errs.is_empty() {
            self.diags.push(
                Diag::warning(
                    "empty_module",
                    format!("`{display}` declares nothing"),
                    Span::new(file, 0, 0),
                    "empty module",
                )
                .with_help("an empty module compiles to no output"),
            );
        }
        let idx = self.graph.modules.len();
        self.graph.modules.push(Module {
            file,
            ast,
            name: display.clone(),
            id_prefix: prefix.clone(),
            root,
            scope: HashMap::new(),
        });
        self.by_key.insert(key.clone(), idx);
        self.stack.push((key, display));
        self.load_uses(idx, Some(path), &prefix);
        self.stack.pop();
        Some(idx)
    }

    /// Load what module `idx` imports (depth first); `path` is its file (`None` for a standard
    /// module, which may only import standard modules).
    fn load_uses(&mut self, idx: usize, path: Option<&Path>, prefix: &str) {
        let uses: Vec<(usize, UseTarget, String)> = self.graph.modules[idx]
            .ast
            .decls
            .iter()
            .enumerate()
            .filter_map(|(i, d)| match &d.kind {
                DeclKind::Use(t) => Some((i, t.clone(), d.name.name.clone())),
                _ => None,
            })
            .collect();
        for (decl, target, alias) in uses {
            let child_prefix = format!("{prefix}{alias}_");
            let loaded = match (target, path) {
                (UseTarget::Std(p), _) => self.load_std(&p.dotted(), p.span),
                (UseTarget::File(rel), Some(path)) => {
                    let base = path.parent().unwrap_or(Path::new(""));
                    let full = normalize(&base.join(&rel.node));
                    self.load(&full, child_prefix, false, Some(rel.span))
                }
                (UseTarget::File(rel), None) => {
                    let reason = "a standard module can only import standard modules".to_string();
                    let err = ResolveError::ModuleNotFound {
                        path: rel.node.clone(),
                        reason,
                        span: rel.span,
                    };
                    self.diags.push(err.to_diag());
                    None
                }
            };
            if let Some(m) = loaded {
                self.graph.imports.insert((idx, decl), m);
            }
        }
    }

    fn load_std(&mut self, name: &str, span: Span) -> Option<usize> {
        let key = format!("<std>/{name}");
        if let Some(&m) = self.by_key.get(&key) {
            return Some(m);
        }
        let Some(src) = crate::stdlib::source(name) else {
            let suggestion = crate::suggest::closest(name, crate::stdlib::names().into_iter())
                .map(str::to_string);
            self.diags.push(
                ResolveError::UnknownStd {
                    name: name.into(),
                    span,
                    suggestion,
                }
                .to_diag(),
            );
            return None;
        };
        let file = self.files.add(format!("<{name}>"), src.to_string());
        let (ast, errs) = parser::parse(src, file);
        for e in &errs.parse {
            self.diags.push(crate::explain::parse_diag(e));
        }
        let idx = self.graph.modules.len();
        let prefix = format!("{}_", name.replace('.', "_"));
        self.graph.modules.push(Module {
            file,
            ast,
            name: name.into(),
            id_prefix: prefix,
            root: false,
            scope: HashMap::new(),
        });
        self.by_key.insert(key, idx);
        self.load_uses(idx, None, "");
        Some(idx)
    }
}

/// Compile files: load, resolve, check, lint. `program` is `Some` only when there is no error.
pub fn compile(host: &dyn Host, roots: &[PathBuf], lint_config: &LintConfig) -> Compilation {
    let mut l = Loader {
        host,
        files: SourceFiles::new(),
        graph: Graph::default(),
        diags: Vec::new(),
        by_key: HashMap::new(),
        stack: Vec::new(),
        io_error: false,
    };
    for root in roots {
        l.load(&normalize(root), String::new(), true, None);
    }
    // A file imported by another root is still a root: its declarations are emitted as written.
    for r in roots {
        let key = l
            .host
            .canonical(&normalize(r))
            .to_string_lossy()
            .into_owned();
        if let Some(&m) = l.by_key.get(&key) {
            l.graph.modules[m].root = true;
            l.graph.modules[m].id_prefix.clear();
        }
    }
    let mut diags = l.diags;
    diags.extend(l.graph.build_scopes().iter().map(ResolveError::to_diag));
    let (program, errors) = check::check(&l.graph);
    diags.extend(errors.iter().map(check::CheckError::to_diag));
    let ok = !diags.iter().any(Diag::is_error);
    if ok {
        diags.extend(lints::run(&program));
    }
    let mut diags = lint_config.apply(diags);
    diag::sort(&mut diags);
    let failed = diags.iter().any(Diag::is_error);
    Compilation {
        files: l.files,
        program: (!failed).then_some(program),
        diags,
        io_error: l.io_error,
    }
}

/// Compile one in-memory source (tests, benchmarks, the language server).
pub fn compile_str(name: &str, src: &str) -> Compilation {
    let host = MemHost::default().with(name, src);
    compile(&host, &[PathBuf::from(name)], &LintConfig::default())
}
