//! Criterion benchmark of the language server in process (`iamx::lsp::Server::handle`, as the
//! stdio loop calls it) on a module of 1,000 roles: the diagnostics after a change (the whole
//! compilation and the conversion), then hover, completion, definition, references, the
//! outline, formatting and quick fixes on the compiled document. See docs/benchmarks.md; the
//! whole-process session is `benches/lsp_session.py`.
#[path = "gen/mod.rs"]
#[allow(dead_code, reason = "the server is measured on the roles module only")]
mod generate;

use criterion::{Criterion, criterion_group, criterion_main};
use iamx::lsp::Server;
use lsp_server::Message;
use serde_json::{Value, json};

fn message(v: Value) -> Message {
    serde_json::from_value(v).expect("a valid message")
}

/// The LSP position (UTF-16; the generated module is ASCII) of the `nth` byte of the last
/// occurrence of `needle`.
fn pos(text: &str, needle: &str, nth: usize) -> Value {
    let off = text.rfind(needle).expect("the needle is in the module") + nth;
    let before = &text[..off];
    let line = before.matches('\n').count();
    let col = before.rsplit('\n').next().map_or(0, str::len);
    json!({"line": line, "character": col})
}

fn bench(c: &mut Criterion) {
    let dir = std::env::temp_dir().join(format!("iamx-lsp-bench-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("a temporary directory");
    let src = generate::module(1_000);
    // A change that keeps the module valid: one role renamed, back and forth.
    let other = src.replacen("role worker_500 {", "role worker_500x {", 1);
    let uri = format!("file://{}/roles.iamx", dir.display());
    let mut s = Server::new();
    let root = format!("file://{}", dir.display());
    s.handle(message(
        json!({"jsonrpc": "2.0", "id": 0, "method": "initialize",
        "params": {"processId": null, "rootUri": root, "capabilities": {}}}),
    ));
    s.handle(message(
        json!({"jsonrpc": "2.0", "method": "textDocument/didOpen",
        "params": {"textDocument": {"uri": uri, "languageId": "iamx", "version": 0, "text": src}}}),
    ));

    let mut g = c.benchmark_group("lsp_1000_roles");
    g.sample_size(20);
    // For comparison: `iamx check` of the same module in process.
    g.bench_function("check_alone", |b| {
        b.iter(|| iamx::driver::compile_str("roles.iamx", &src).diags.len());
    });
    let mut version = 0;
    g.bench_function("diagnostics_after_change", |b| {
        b.iter(|| {
            version += 1;
            let text = if version % 2 == 0 { &src } else { &other };
            let out = s.handle(message(
                json!({"jsonrpc": "2.0", "method": "textDocument/didChange",
                "params": {"textDocument": {"uri": uri, "version": version},
                           "contentChanges": [{"text": text}]}}),
            ));
            assert!(!out.is_empty());
        });
    });
    // Back to the generated text, compiled once; the requests below answer from it.
    s.handle(message(
        json!({"jsonrpc": "2.0", "method": "textDocument/didChange",
        "params": {"textDocument": {"uri": uri, "version": version + 1},
                   "contentChanges": [{"text": src}]}}),
    ));
    let doc = json!({"uri": uri});
    let at =
        |needle: &str, nth: usize| json!({"textDocument": doc, "position": pos(&src, needle, nth)});
    let requests = [
        ("hover_action", "textDocument/hover", at("s3:GetObject", 4)),
        (
            "hover_key",
            "textDocument/hover",
            at("aws:SecureTransport", 4),
        ),
        (
            "hover_declaration",
            "textDocument/hover",
            at("attach shared_read", 9),
        ),
        (
            "completion_actions",
            "textDocument/completion",
            at("sqs:DeleteMessage", 4),
        ),
        (
            "completion_keys",
            "textDocument/completion",
            at("aws:SecureTransport", 0),
        ),
        (
            "completion_names",
            "textDocument/completion",
            at("attach shared_read", 7),
        ),
        (
            "definition",
            "textDocument/definition",
            at("attach shared_read", 9),
        ),
        (
            "references",
            "textDocument/references",
            json!({"textDocument": doc, "position": pos(&src, "attach shared_read", 9),
                   "context": {"includeDeclaration": true}}),
        ),
        (
            "document_symbols",
            "textDocument/documentSymbol",
            json!({"textDocument": doc}),
        ),
        (
            "code_action",
            "textDocument/codeAction",
            json!({"textDocument": doc, "range": {"start": pos(&src, "s3:GetObject", 0),
                   "end": pos(&src, "s3:GetObject", 0)}, "context": {"diagnostics": []}}),
        ),
        (
            "formatting",
            "textDocument/formatting",
            json!({"textDocument": doc, "options": {"tabSize": 2, "insertSpaces": true}}),
        ),
    ];
    for (name, method, params) in requests {
        g.bench_function(name, |b| {
            b.iter(|| {
                let out = s.handle(message(json!({"jsonrpc": "2.0", "id": 1, "method": method,
                    "params": params})));
                assert_eq!(out.len(), 1);
            });
        });
    }
    g.finish();
    let _ = std::fs::remove_dir_all(&dir);
}

criterion_group!(benches, bench);
criterion_main!(benches);
