//! The server's state and dispatch: open documents in memory, one analysis per document kept
//! until a document changes, and a handler per method. [`Server::handle`] takes one message
//! and returns what to send; it does no I/O of its own beyond the driver's reads, so tests
//! drive it directly and the stdio loop (`transport.rs`) only frames messages.

use super::analysis::{Analysis, Place};
use super::text::{LineIndex, path_to_uri, uri_to_path};
use super::{complete, features};
use crate::driver::{dir_of, normalize, within};
use lsp_server::{ErrorCode, Message, Notification, Request, RequestId, Response};
use lsp_types::notification::{
    DidChangeTextDocument, DidChangeWatchedFiles, DidCloseTextDocument, DidOpenTextDocument,
    DidSaveTextDocument, Notification as _, PublishDiagnostics,
};
use lsp_types::request::{
    CodeActionRequest, Completion, DocumentSymbolRequest, Formatting, GotoDefinition, HoverRequest,
    Initialize, References, Request as _, Shutdown,
};
use lsp_types::{
    CodeActionProviderCapability, CompletionOptions, InitializeParams, InitializeResult, OneOf,
    Position, PositionEncodingKind, PublishDiagnosticsParams, ServerCapabilities, ServerInfo,
    TextDocumentSyncCapability, TextDocumentSyncKind, Uri,
};
use serde::de::DeserializeOwned;
use serde_json::Value;
use std::collections::{HashMap, HashSet};
use std::path::PathBuf;

/// An open document.
struct Doc {
    uri: Uri,
    text: String,
    version: i32,
}

/// What the server knows: the workspace root, the open documents (by path; a document that
/// is not a `file://` URI gets a path under `/unsaved/`, which is never on disk), their
/// analyses, and which files each document's last diagnostics went to.
#[derive(Default)]
pub struct Server {
    root: Option<PathBuf>,
    docs: HashMap<PathBuf, Doc>,
    paths: HashMap<String, PathBuf>,
    /// Documents with no file on disk (`untitled:` and other schemes).
    unsaved: HashSet<PathBuf>,
    analyses: HashMap<PathBuf, Analysis>,
    /// Per document, the last analysis in which it declared something: completion takes the
    /// names in scope from it while the document does not parse at all (an unfinished
    /// expression at the end of the file leaves the parser nothing).
    declared: HashMap<PathBuf, Analysis>,
    published: HashMap<PathBuf, HashSet<String>>,
    /// Lint levels from the command line (`iamx lsp --deny LINT`), as `iamx check` takes them.
    lints: crate::lints::LintConfig,
    /// The project root from the command line (`--root`), when the client names no workspace.
    default_root: Option<PathBuf>,
    /// Where standard modules are written for go to definition; the user's cache directory
    /// (`$XDG_CACHE_HOME`, `~/.cache`) when `None`.
    cache_dir: Option<PathBuf>,
    initialized: bool,
    shutdown: bool,
    /// Set when `exit` arrives: the exit code (0 after `shutdown`, 1 without).
    pub exit: Option<i32>,
}

fn ok<R: serde::Serialize>(id: RequestId, result: R) -> Message {
    Message::Response(Response::new_ok(id, result))
}

fn err(id: RequestId, code: ErrorCode, message: impl Into<String>) -> Message {
    Message::Response(Response::new_err(id, code as i32, message.into()))
}

fn params<P: DeserializeOwned>(v: Value) -> Option<P> {
    serde_json::from_value(v).ok()
}

impl Server {
    pub fn new() -> Server {
        Server::default()
    }

    /// A server with the command line's lint levels and default project root.
    pub fn with(lints: crate::lints::LintConfig, root: Option<PathBuf>) -> Server {
        Server {
            lints,
            default_root: root.map(|r| normalize(&std::path::absolute(&r).unwrap_or(r))),
            ..Server::default()
        }
    }

    /// This server, writing the standard modules that go to definition answers with under
    /// `dir` instead of the user's cache directory (tests and embedders).
    #[must_use]
    pub fn with_cache_dir(self, dir: PathBuf) -> Server {
        Server {
            cache_dir: Some(dir),
            ..self
        }
    }

    /// The capabilities this server offers.
    pub fn capabilities() -> ServerCapabilities {
        ServerCapabilities {
            position_encoding: Some(PositionEncodingKind::UTF16),
            text_document_sync: Some(TextDocumentSyncCapability::Kind(TextDocumentSyncKind::FULL)),
            hover_provider: Some(lsp_types::HoverProviderCapability::Simple(true)),
            completion_provider: Some(CompletionOptions {
                trigger_characters: Some(vec![":".into(), ".".into(), " ".into()]),
                ..CompletionOptions::default()
            }),
            definition_provider: Some(OneOf::Left(true)),
            references_provider: Some(OneOf::Left(true)),
            document_formatting_provider: Some(OneOf::Left(true)),
            code_action_provider: Some(CodeActionProviderCapability::Simple(true)),
            document_symbol_provider: Some(OneOf::Left(true)),
            ..ServerCapabilities::default()
        }
    }

    /// Handle one message; what to send back, in order.
    pub fn handle(&mut self, msg: Message) -> Vec<Message> {
        match msg {
            Message::Request(req) => self.request(req),
            Message::Notification(n) => self.notification(n),
            Message::Response(_) => vec![],
        }
    }

    fn request(&mut self, req: Request) -> Vec<Message> {
        let Request { id, method, params } = req;
        if method == Initialize::METHOD {
            return vec![self.initialize(id, params)];
        }
        if !self.initialized {
            return vec![err(
                id,
                ErrorCode::ServerNotInitialized,
                "the server is not initialized",
            )];
        }
        if self.shutdown {
            return vec![err(
                id,
                ErrorCode::InvalidRequest,
                "the server is shutting down",
            )];
        }
        if method == Shutdown::METHOD {
            self.shutdown = true;
            return vec![ok(id, ())];
        }
        match self.answer(&method, params) {
            Some(Ok(v)) => vec![ok(id, v)],
            Some(Err(())) => vec![err(
                id,
                ErrorCode::InvalidParams,
                format!("invalid parameters for `{method}`"),
            )],
            None => vec![err(
                id,
                ErrorCode::MethodNotFound,
                format!("unknown method `{method}`"),
            )],
        }
    }

    fn initialize(&mut self, id: RequestId, params: Value) -> Message {
        let Some(p) = self::params::<InitializeParams>(params) else {
            return err(
                id,
                ErrorCode::InvalidParams,
                "invalid initialize parameters",
            );
        };
        #[expect(deprecated, reason = "older clients send only `rootUri`")]
        let root_uri = p.root_uri.clone();
        let root = p
            .workspace_folders
            .as_ref()
            .and_then(|f| f.first())
            .map(|f| f.uri.clone())
            .or(root_uri);
        self.root = root
            .as_ref()
            .and_then(uri_to_path)
            .map(|p| normalize(&p))
            .or_else(|| self.default_root.clone());
        self.initialized = true;
        // Read the catalog's descriptions and every service on another thread while the client
        // opens its first document, so the first hover and completion do not wait for them
        // (about 50 ms). Nothing depends on it: a request that needs them first waits for them.
        let _ = std::thread::Builder::new()
            .name("iamx-catalog".into())
            .spawn(|| {
                let cat = crate::aws::catalog::catalog();
                let _ = crate::aws::catalog::action_description("s3:GetObject");
                for p in cat.prefixes() {
                    let _ = cat.service(p);
                }
            });
        ok(
            id,
            InitializeResult {
                capabilities: Server::capabilities(),
                server_info: Some(ServerInfo {
                    name: "iamx".into(),
                    version: Some(env!("CARGO_PKG_VERSION").into()),
                }),
            },
        )
    }

    /// The result of a request, `Err` for bad parameters, `None` for an unknown method.
    fn answer(&mut self, method: &str, params: Value) -> Option<Result<Value, ()>> {
        use serde_json::to_value as json;
        let r = match method {
            HoverRequest::METHOD => self.at(params, |a, off, _| features::hover(a, off)),
            Completion::METHOD => self.completion(params),
            GotoDefinition::METHOD => self.at(params, |a, off, _| features::definition(a, off)),
            References::METHOD => {
                let p: Option<lsp_types::ReferenceParams> = self::params(params);
                p.map(|p| {
                    let pos = p.text_document_position;
                    let with = p.context.include_declaration;
                    self.with_analysis(&pos.text_document.uri, pos.position, |a, off| {
                        features::references(a, off, with)
                    })
                })
                .map(|v| json(v).unwrap_or_default())
            }
            Formatting::METHOD => {
                let p: Option<lsp_types::DocumentFormattingParams> = self::params(params);
                p.map(|p| {
                    let path = self.paths.get(p.text_document.uri.as_str());
                    let doc = path.and_then(|p| self.docs.get(p));
                    json(doc.and_then(|d| features::format(&d.text))).unwrap_or_default()
                })
            }
            CodeActionRequest::METHOD => {
                let p: Option<lsp_types::CodeActionParams> = self::params(params);
                p.map(|p| {
                    let uri = p.text_document.uri;
                    let r = self
                        .analysis(&uri)
                        .map(|a| features::code_actions(a, &uri, p.range));
                    json(r).unwrap_or_default()
                })
            }
            DocumentSymbolRequest::METHOD => {
                let p: Option<lsp_types::DocumentSymbolParams> = self::params(params);
                p.map(|p| {
                    let r = self.analysis(&p.text_document.uri).map(features::symbols);
                    json(r).unwrap_or_default()
                })
            }
            _ => return None,
        };
        Some(r.ok_or(()))
    }

    fn completion(&mut self, params: Value) -> Option<Value> {
        let p: lsp_types::TextDocumentPositionParams = self::params(params.clone())?;
        let path = self.paths.get(p.text_document.uri.as_str()).cloned();
        let a = self.analysis(&p.text_document.uri)?;
        let empty = a
            .file
            .and_then(|f| a.comp.module_of(f))
            .and_then(|m| a.comp.graph.modules.get(m))
            .is_none_or(|m| m.ast.decls.is_empty());
        if !empty {
            return self.at(params, |a, off, _| complete::complete(a, None, off));
        }
        let fallback = path.and_then(|p| self.declared.remove(&p));
        let r = self.at(params, |a, off, _| {
            complete::complete(a, fallback.as_ref(), off)
        });
        if let (Some(f), Some(p)) = (fallback, self.paths.get(p.text_document.uri.as_str())) {
            self.declared.insert(p.clone(), f);
        }
        r
    }

    /// Answer a request at a position of a document.
    fn at<R: serde::Serialize>(
        &mut self,
        params: Value,
        f: impl FnOnce(&Analysis, usize, Position) -> R,
    ) -> Option<Value> {
        let p: lsp_types::TextDocumentPositionParams = self::params(params)?;
        let pos = p.position;
        let r = self.with_analysis(&p.text_document.uri, pos, |a, off| f(a, off, pos));
        serde_json::to_value(r).ok()
    }

    fn with_analysis<R>(
        &mut self,
        uri: &Uri,
        pos: Position,
        f: impl FnOnce(&Analysis, usize) -> R,
    ) -> Option<R> {
        let a = self.analysis(uri)?;
        let file = a.file?;
        let off = a.line_index(file)?.offset(a.source(file), pos);
        Some(f(a, off))
    }

    fn notification(&mut self, n: Notification) -> Vec<Message> {
        match n.method.as_str() {
            "exit" => {
                self.exit = Some(if self.shutdown { 0 } else { 1 });
                vec![]
            }
            "initialized" => vec![],
            DidOpenTextDocument::METHOD => {
                let Some(p) = params::<lsp_types::DidOpenTextDocumentParams>(n.params) else {
                    return vec![];
                };
                let d = p.text_document;
                self.set(d.uri, d.text, d.version)
            }
            DidChangeTextDocument::METHOD => {
                let Some(p) = params::<lsp_types::DidChangeTextDocumentParams>(n.params) else {
                    return vec![];
                };
                let uri = p.text_document.uri;
                // Full sync: the last change holds the whole text. A ranged change (a client
                // ignoring the sync kind) is applied to the text.
                let Some(mut text) = self
                    .paths
                    .get(uri.as_str())
                    .and_then(|path| self.docs.get(path))
                    .map(|d| d.text.clone())
                else {
                    return vec![];
                };
                for c in p.content_changes {
                    match c.range {
                        None => text = c.text,
                        Some(r) => {
                            let idx = LineIndex::new(&text);
                            let s = idx.offset(&text, r.start);
                            let e = idx.offset(&text, r.end).max(s);
                            text.replace_range(s..e, &c.text);
                        }
                    }
                }
                self.set(uri, text, p.text_document.version)
            }
            // A module on disk changed (saved here, or changed by another program, which a
            // client reports through watched files): every open document is compiled again.
            DidSaveTextDocument::METHOD | DidChangeWatchedFiles::METHOD => {
                self.analyses.clear();
                let mut open: Vec<PathBuf> = self.docs.keys().cloned().collect();
                open.sort();
                open.iter().flat_map(|p| self.publish(p)).collect()
            }
            DidCloseTextDocument::METHOD => {
                let Some(p) = params::<lsp_types::DidCloseTextDocumentParams>(n.params) else {
                    return vec![];
                };
                self.close(&p.text_document.uri)
            }
            _ => vec![],
        }
    }

    /// The path a document is known by.
    fn path_of(&mut self, uri: &Uri) -> PathBuf {
        if let Some(p) = self.paths.get(uri.as_str()) {
            return p.clone();
        }
        let p = uri_to_path(uri).map(|p| normalize(&p)).unwrap_or_else(|| {
            let n = self.unsaved.len();
            let p = PathBuf::from(format!("/unsaved/{n}.iamx"));
            self.unsaved.insert(p.clone());
            p
        });
        self.paths.insert(uri.as_str().to_string(), p.clone());
        p
    }

    /// Open or change a document: every analysis is stale (another document may import it);
    /// this one is compiled again and its diagnostics published.
    fn set(&mut self, uri: Uri, text: String, version: i32) -> Vec<Message> {
        let path = self.path_of(&uri);
        self.docs.insert(path.clone(), Doc { uri, text, version });
        if let Some(old) = self.analyses.remove(&path) {
            let declared = old
                .file
                .and_then(|f| old.comp.module_of(f))
                .and_then(|m| old.comp.graph.modules.get(m))
                .is_some_and(|m| !m.ast.decls.is_empty());
            if declared {
                self.declared.insert(path.clone(), old);
            }
        }
        self.analyses.clear();
        self.publish(&path)
    }

    fn close(&mut self, uri: &Uri) -> Vec<Message> {
        let Some(path) = self.paths.get(uri.as_str()).cloned() else {
            return vec![];
        };
        self.docs.remove(&path);
        self.declared.remove(&path);
        self.analyses.clear();
        let mut out = Vec::new();
        for u in self.published.remove(&path).unwrap_or_default() {
            out.extend(self.publish_to(&u, vec![], None));
        }
        // The documents still open publish again what they share with the closed one.
        let mut open: Vec<PathBuf> = self.docs.keys().cloned().collect();
        open.sort();
        for p in open {
            out.extend(self.publish(&p));
        }
        out
    }

    /// Where a document is compiled: inside the workspace, from the disk with the workspace
    /// as the project root; without a workspace, its own directory (as `iamx check FILE`);
    /// outside the workspace or unsaved, from open documents only.
    fn place(&self, path: &std::path::Path) -> Place {
        let unsaved = self.unsaved.contains(path);
        let cache = &self.cache_dir;
        match &self.root {
            _ if unsaved => Place {
                root: dir_of(path),
                disk: false,
                cache: cache.clone(),
            },
            Some(r) if within(path, r) => Place {
                root: r.clone(),
                disk: true,
                cache: cache.clone(),
            },
            Some(_) => Place {
                root: dir_of(path),
                disk: false,
                cache: cache.clone(),
            },
            None => Place {
                root: dir_of(path),
                disk: true,
                cache: cache.clone(),
            },
        }
    }

    fn analysis(&mut self, uri: &Uri) -> Option<&Analysis> {
        let path = self.paths.get(uri.as_str())?.clone();
        if !self.docs.contains_key(&path) {
            return None;
        }
        if !self.analyses.contains_key(&path) {
            let open: HashMap<PathBuf, String> = self
                .docs
                .iter()
                .map(|(p, d)| (p.clone(), d.text.clone()))
                .collect();
            let a = Analysis::compile(&path, &open, &self.place(&path), &self.lints);
            self.analyses.insert(path.clone(), a);
        }
        self.analyses.get(&path)
    }

    /// Publish the diagnostics of a document's compilation to every file it reached, and
    /// clear them from files it no longer reaches.
    fn publish(&mut self, path: &PathBuf) -> Vec<Message> {
        let Some(doc) = self.docs.get(path) else {
            return vec![];
        };
        let (uri, version) = (doc.uri.clone(), doc.version);
        let Some(a) = self.analysis(&uri) else {
            return vec![];
        };
        let lists = a.diagnostics(&uri);
        let mut out = Vec::new();
        let mut now = HashSet::new();
        for (u, diags) in lists {
            let v = (u == uri).then_some(version);
            now.insert(u.as_str().to_string());
            out.extend(self.publish_to(u.as_str(), diags, v));
        }
        let before = self.published.insert(path.clone(), now.clone());
        for u in before.unwrap_or_default().difference(&now) {
            out.extend(self.publish_to(u, vec![], None));
        }
        out
    }

    fn publish_to(
        &self,
        uri: &str,
        diagnostics: Vec<lsp_types::Diagnostic>,
        version: Option<i32>,
    ) -> Option<Message> {
        let uri: Uri = uri.parse().ok()?;
        let p = PublishDiagnosticsParams {
            uri,
            diagnostics,
            version,
        };
        Some(Message::Notification(Notification::new(
            PublishDiagnostics::METHOD.into(),
            p,
        )))
    }
}

/// The URI of a path (re-exported for the tests).
pub fn uri_of(path: &std::path::Path) -> Option<Uri> {
    path_to_uri(path)
}
