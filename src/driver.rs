//! The driver: loads modules through a [`Host`] (the only I/O, so tests can use memory), then
//! runs resolution, checking and lints, and collects every diagnostic.
//!
//! May use: every stage up to the lints (it runs them); never the backends or the CLI.

use crate::ast::{DeclKind, UseTarget};
use crate::check;
use crate::diag::{self, Diag, ErrorCode, Lint, SourceFiles};
use crate::ir::Program;
use crate::lints::{self, LintConfig};
use crate::parser;
use crate::resolve::{Graph, Module, ResolveError};
use crate::span::Span;
use std::collections::HashMap;
use std::path::{Path, PathBuf};

mod editor;
mod host;
pub mod metadata;
mod paths;
mod std_cache;

pub use host::{FsHost, Host, MAX_SOURCE_BYTES, MemHost, Overlay, ReadError};
pub use paths::{dir_of, normalize, within};

/// How deep `use` may nest (a chain of modules each importing the next).
pub const MAX_IMPORT_DEPTH: usize = 64;

/// The result of compiling some files: sources (for rendering), the program when it is valid,
/// every diagnostic in source order, and whether a file could not be read at all. It keeps
/// what an editor needs also when there are errors: the parsed modules with their scopes
/// ([`Compilation::graph`]), the program as far as it was checked ([`Compilation::partial`])
/// and the references between them ([`Compilation::references`], `editor.rs`).
pub struct Compilation {
    pub files: SourceFiles,
    pub program: Option<Program>,
    /// The checked program when there were errors: what could be lowered, without what failed.
    pub partial: Option<Program>,
    /// Every module loaded (the files named, what they import, the standard modules): its file,
    /// its AST with spans, its scope and its imports.
    pub graph: Graph,
    pub diags: Vec<Diag>,
    pub io_error: bool,
    /// Diagnostics not shown (over the per-file limit), counted in an E0805 diagnostic.
    pub hidden: diag::Hidden,
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
    /// The project root, lexically absolute, and with its symbolic links resolved.
    root_abs: PathBuf,
    root_real: Option<PathBuf>,
}

/// A module file: its path as shown to the user and as an absolute path.
struct Src {
    display: PathBuf,
    abs: PathBuf,
}

impl Loader<'_> {
    fn fail(&mut self, from: Option<Span>, err: impl FnOnce(Span) -> ResolveError, what: String) {
        match from {
            Some(span) => self.diags.push(err(span).to_diag()),
            None => {
                self.io_error = true;
                self.diags.push(Diag::global(ErrorCode::E0801, what));
            }
        }
    }

    /// Load one module and, depth first, everything it imports. `from` is the `use` span.
    #[expect(
        clippy::indexing_slicing,
        reason = "`pos` is a position found in `self.stack`"
    )]
    fn load(&mut self, src: &Src, prefix: String, root: bool, from: Option<Span>) -> Option<usize> {
        let display = src.display.to_string_lossy().into_owned();
        let Some(real) = self.host.resolve(&src.abs) else {
            let path = display.clone();
            let reason = ReadError::NotFound.to_string();
            let what = format!("cannot read `{display}`: {reason}");
            self.fail(
                from,
                |span| ResolveError::ModuleNotFound { path, reason, span },
                what,
            );
            return None;
        };
        let key = real.to_string_lossy().into_owned();
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
        if let Some(span) = from {
            if self.stack.len() >= MAX_IMPORT_DEPTH {
                let err = ResolveError::ImportsTooDeep {
                    path: display,
                    limit: MAX_IMPORT_DEPTH,
                    span,
                };
                self.diags.push(err.to_diag());
                return None;
            }
            // The lexical path is inside the root (checked by the caller); a symbolic link
            // must not lead out of it.
            let inside = self
                .root_real
                .as_ref()
                .is_some_and(|r| paths::within(&real, r));
            if !inside {
                let err = ResolveError::OutsideProject {
                    path: display,
                    reason: "a symbolic link leads outside the project root".into(),
                    span,
                };
                self.diags.push(err.to_diag());
                return None;
            }
        }
        let bytes = match self.host.read(&real) {
            Ok(b) => b,
            Err(e) => {
                let path = display.clone();
                let reason = e.to_string();
                let what = format!("cannot read `{display}`: {reason}");
                self.fail(
                    from,
                    |span| ResolveError::ModuleNotFound { path, reason, span },
                    what,
                );
                return None;
            }
        };
        let idx = self.add_module(bytes, &display, prefix.clone(), root)?;
        self.by_key.insert(key.clone(), idx);
        self.stack.push((key, display));
        self.load_uses(idx, Some(src), &prefix);
        self.stack.pop();
        Some(idx)
    }

    /// Parse a module's source and add it to the graph (`None` when it is not UTF-8).
    fn add_module(
        &mut self,
        bytes: Vec<u8>,
        display: &str,
        prefix: String,
        root: bool,
    ) -> Option<usize> {
        let (src, bad_utf8) = match String::from_utf8(bytes) {
            Ok(s) => (s, None),
            Err(e) => {
                let at = e.utf8_error().valid_up_to();
                (String::from_utf8_lossy(e.as_bytes()).into_owned(), Some(at))
            }
        };
        let file = self.files.add(display.to_string(), src.clone());
        if let Some(at) = bad_utf8 {
            self.diags.push(
                Diag::error(
                    ErrorCode::E0802,
                    format!("`{display}` is not valid UTF-8"),
                    Span::new(file, at, at + 1),
                    "invalid byte here",
                )
                .with_help("iamx sources are UTF-8; re-save the file as UTF-8"),
            );
            return None;
        }
        self.graph.source_bytes += src.len();
        let (ast, errs) = parser::parse(&src, file);
        for e in &errs.lex {
            self.diags.push(e.to_diag(file));
        }
        for e in &errs.parse {
            self.diags.push(e.to_diag());
        }
        if ast.decls.is_empty() && errs.is_empty() {
            self.diags.push(
                Diag::warning(
                    Lint::EmptyModule,
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
            name: display.to_string(),
            id_prefix: prefix,
            root,
            scope: HashMap::new(),
        });
        Some(idx)
    }

    /// Load the files named on the command line (and what they import); the modules loaded.
    fn load_roots(&mut self, srcs: &[Src]) -> Vec<usize> {
        let mut root_keys = Vec::new();
        for src in srcs {
            let shown = src.display.display();
            if src.abs.extension().is_none_or(|e| e != "iamx") {
                self.io_error = true;
                self.diags.push(
                    Diag::global(ErrorCode::E0801, format!("`{shown}` is not an iamx source"))
                        .with_help(
                            "iamx reads only files whose name ends in `.iamx`; for a directory, name its files (`DIR/*.iamx`)",
                        ),
                );
            } else if !paths::within(&src.abs, &self.root_abs) {
                self.io_error = true;
                self.diags.push(Diag::global(
                    ErrorCode::E0801,
                    format!(
                        "`{shown}` is outside the project root `{}`",
                        self.root_abs.display()
                    ),
                ));
            } else if let Some(m) = self.load(src, String::new(), true, None) {
                root_keys.push(m);
            }
        }
        root_keys
    }

    /// Where `use "rel"` in module `from` leads, or why it may not be read.
    fn import_path(&self, from: &Src, rel: &str, span: Span) -> Result<Src, ResolveError> {
        let rel_path = Path::new(rel);
        let outside = |reason: &str| ResolveError::OutsideProject {
            path: rel.to_string(),
            reason: reason.into(),
            span,
        };
        if rel_path.has_root() || rel_path.is_absolute() {
            return Err(outside(
                "an import is a path relative to the importing file",
            ));
        }
        if rel_path.extension().is_none_or(|e| e != "iamx") {
            return Err(ResolveError::NotSource {
                path: rel.to_string(),
                span,
            });
        }
        let abs = normalize(&paths::dir_of(&from.abs).join(rel_path));
        if !paths::within(&abs, &self.root_abs) {
            return Err(outside("it leaves the project root"));
        }
        Ok(Src {
            display: normalize(&paths::dir_of(&from.display).join(rel_path)),
            abs,
        })
    }

    /// Load what module `idx` imports (depth first); `src` is its file (`None` for a standard
    /// module, which may only import standard modules).
    #[expect(
        clippy::indexing_slicing,
        reason = "`idx` is a module this loader just added"
    )]
    fn load_uses(&mut self, idx: usize, src: Option<&Src>, prefix: &str) {
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
            let loaded = match (target, src) {
                (UseTarget::Std(p), _) => self.load_std(&p.dotted(), p.span),
                (UseTarget::File(rel), Some(src)) => {
                    match self.import_path(src, &rel.node, rel.span) {
                        Ok(child) => self.load(&child, child_prefix, false, Some(rel.span)),
                        Err(e) => {
                            self.diags.push(e.to_diag());
                            None
                        }
                    }
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
        let (ast, diags) = std_cache::parse(name, src, file);
        self.diags.extend(diags);
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
/// Imports are confined to the directory that holds every root file.
pub fn compile(host: &dyn Host, roots: &[PathBuf], lint_config: &LintConfig) -> Compilation {
    compile_in(host, roots, None, lint_config)
}

/// Load the roots, what they import and the files they read (SAML metadata), all confined to the
/// project root.
#[expect(
    clippy::indexing_slicing,
    reason = "the root keys are indices of modules the loader added"
)]
fn load<'h>(host: &'h dyn Host, roots: &[PathBuf], project_root: Option<&Path>) -> Loader<'h> {
    let srcs: Vec<Src> = roots
        .iter()
        .map(|r| Src {
            display: normalize(r),
            abs: host.absolute(r),
        })
        .collect();
    let root_abs = match project_root {
        Some(r) => host.absolute(r),
        None => paths::common_dir(&srcs.iter().map(|s| s.abs.clone()).collect::<Vec<_>>()),
    };
    let mut l = Loader {
        host,
        files: SourceFiles::new(),
        graph: Graph::default(),
        diags: Vec::new(),
        by_key: HashMap::new(),
        stack: Vec::new(),
        io_error: false,
        root_real: host.resolve(&root_abs),
        root_abs,
    };
    if let (Some(r), None) = (project_root, &l.root_real) {
        l.io_error = true;
        l.diags.push(Diag::global(
            ErrorCode::E0801,
            format!("the project root `{}` does not exist", r.display()),
        ));
    }
    let root_keys = l.load_roots(&srcs);
    // A file imported by another root is still a root: its declarations are emitted as written.
    for m in root_keys {
        l.graph.modules[m].root = true;
        l.graph.modules[m].id_prefix.clear();
    }
    // Files the modules read (SAML metadata), inside the project root like imports.
    let file_modules: Vec<(usize, PathBuf)> = l
        .by_key
        .iter()
        .filter(|(k, _)| !k.starts_with("<std>/"))
        .map(|(k, &m)| (m, PathBuf::from(k)))
        .collect();
    if let Some(root) = &l.root_real {
        metadata::read_all(host, &mut l.graph, &file_modules, root);
    }
    l
}

/// [`compile`] with an explicit project root (`--root`): imports may read any `.iamx` file under
/// it, and nothing outside it.
pub fn compile_in(
    host: &dyn Host,
    roots: &[PathBuf],
    project_root: Option<&Path>,
    lint_config: &LintConfig,
) -> Compilation {
    let mut l = load(host, roots, project_root);
    let mut diags = l.diags;
    diags.extend(l.graph.build_scopes().iter().map(ResolveError::to_diag));
    let (mut program, mut unused, errors) = check::check(&l.graph);
    diags.extend(errors.iter().map(check::CheckError::to_diag));
    // Modules of other clouds (`target gcp`); nothing happens for an AWS program.
    let gcp = crate::gcp::check::check(&l.graph, &program.params);
    diags.extend(gcp.errors.iter().map(crate::gcp::check::GcpError::to_diag));
    diags.extend(gcp.warnings);
    unused.extend(gcp.unused);
    program.gcp = gcp.program;
    // Modules of `target azure`; nothing happens for a program without one.
    let azure = crate::azure::check::check(&l.graph, &program.params);
    diags.extend(
        azure
            .errors
            .iter()
            .map(crate::azure::check::AzureError::to_diag),
    );
    diags.extend(azure.warnings);
    unused.extend(azure.unused);
    program.azure = azure.program;
    let ok = !diags.iter().any(Diag::is_error);
    if ok {
        diags.extend(lints::unused(&unused));
        diags.extend(crate::aws::lints::run_with(
            &program,
            lint_config.account.as_deref(),
        ));
        if let Some(g) = &program.gcp {
            diags.extend(crate::gcp::lints::run(g));
        }
        if let Some(a) = &program.azure {
            diags.extend(crate::azure::lints::run(a));
        }
    }
    let mut diags = lint_config.apply(diags);
    diag::sort(&mut diags);
    let (diags, hidden) = diag::limit(diags, &l.files);
    let failed = diags.iter().any(Diag::is_error);
    let (program, partial) = if failed {
        (None, Some(program))
    } else {
        (Some(program), None)
    };
    Compilation {
        files: l.files,
        program,
        partial,
        graph: l.graph,
        diags,
        io_error: l.io_error,
        hidden,
    }
}

/// Compile one in-memory source (tests, benchmarks, the language server).
pub fn compile_str(name: &str, src: &str) -> Compilation {
    let host = MemHost::default().with(name, src);
    compile(&host, &[PathBuf::from(name)], &LintConfig::default())
}
