//! `iamx lsp` end to end: the built binary over stdio, spoken to as an editor does (JSON-RPC
//! with `Content-Length` framing), with snapshots of every response. Positions are computed
//! here in UTF-16 independently of the server, on a line with non-ASCII text before the cursor.

use serde_json::{Value, json};
use std::collections::VecDeque;
use std::io::{BufRead, BufReader, Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc::{Receiver, channel};
use std::time::Duration;

use crate::common::prefixes;

const MAIN: &str = r#"use "./shared.iamx" as shared
use std.aws.arn

/// The task's role: reads the données bucket
role task {
  trust service "ecs-tasks.amazonaws.com"
  attach shared.read
  attach logs
}

policy logs {
  /* 😀 */ allow s3:GetObjet on "arn:aws:s3:::données/*" when aws:SourceIp == "10.0.0.0/8"
  allow logs:PutLogEvents on arn.log_streams("us-east-1", "111122223333", "app")
}
"#;

const SHARED: &str = r#"/// Read access to the input bucket
policy read {
  allow s3:GetObject on "arn:aws:s3:::input/*"
}
"#;

/// A client of the server process: requests by id, notifications kept in order.
struct Client {
    child: Child,
    stdin: ChildStdin,
    rx: Receiver<Value>,
    pending: VecDeque<Value>,
    next_id: i64,
    root: PathBuf,
}

fn read_messages(out: impl Read, tx: std::sync::mpsc::Sender<Value>) {
    let mut r = BufReader::new(out);
    loop {
        let mut len = 0usize;
        loop {
            let mut line = String::new();
            if r.read_line(&mut line).unwrap_or(0) == 0 {
                return;
            }
            let line = line.trim_end();
            if line.is_empty() {
                break;
            }
            if let Some(v) = line.strip_prefix("Content-Length: ") {
                len = v.parse().unwrap();
            }
        }
        let mut body = vec![0; len];
        r.read_exact(&mut body).unwrap();
        if tx.send(serde_json::from_slice(&body).unwrap()).is_err() {
            return;
        }
    }
}

impl Client {
    fn start(root: &Path) -> Client {
        Client::start_with(root, &["lsp"])
    }

    fn start_with(root: &Path, args: &[&str]) -> Client {
        Client::start_env(root, args, &[])
    }

    fn start_env(root: &Path, args: &[&str], env: &[(&str, &Path)]) -> Client {
        let mut child = Command::new(env!("CARGO_BIN_EXE_iamx"))
            .args(args)
            .envs(env.iter().copied())
            .current_dir(root)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .unwrap();
        let stdin = child.stdin.take().unwrap();
        let out = child.stdout.take().unwrap();
        let (tx, rx) = channel();
        std::thread::spawn(move || read_messages(out, tx));
        Client {
            child,
            stdin,
            rx,
            pending: VecDeque::new(),
            next_id: 1,
            root: root.to_path_buf(),
        }
    }

    fn send_raw(&mut self, body: &[u8]) {
        write!(self.stdin, "Content-Length: {}\r\n\r\n", body.len()).unwrap();
        self.stdin.write_all(body).unwrap();
        self.stdin.flush().unwrap();
    }

    fn send(&mut self, msg: Value) {
        self.send_raw(msg.to_string().as_bytes());
    }

    fn recv(&mut self) -> Value {
        self.rx
            .recv_timeout(Duration::from_secs(30))
            .expect("the server answers within 30 s")
    }

    fn request(&mut self, method: &str, params: Value) -> Value {
        let id = self.next_id;
        self.next_id += 1;
        self.send(json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params}));
        loop {
            let m = self.recv();
            if m.get("id") == Some(&json!(id)) && m.get("method").is_none() {
                return m;
            }
            self.pending.push_back(m);
        }
    }

    fn notify(&mut self, method: &str, params: Value) {
        self.send(json!({"jsonrpc": "2.0", "method": method, "params": params}));
    }

    /// The next notification of this method (earlier ones of other methods are kept).
    fn notification(&mut self, method: &str) -> Value {
        if let Some(i) = self.pending.iter().position(|m| m["method"] == method) {
            return self.pending.remove(i).unwrap();
        }
        loop {
            let m = self.recv();
            if m["method"] == method {
                return m;
            }
            self.pending.push_back(m);
        }
    }

    /// The diagnostics published next for `uri`.
    fn diagnostics_for(&mut self, uri: &str) -> Value {
        loop {
            let n = self.notification("textDocument/publishDiagnostics");
            if n["params"]["uri"] == uri {
                return n["params"].clone();
            }
        }
    }

    fn uri(&self, name: &str) -> String {
        format!("file://{}/{name}", self.root.display())
    }

    /// A response as a stable text: the temporary root written `ROOT`.
    fn show(&self, v: &Value) -> String {
        let text = serde_json::to_string_pretty(v).unwrap();
        text.replace(&format!("file://{}", self.root.display()), "file:///ROOT")
    }
}

/// The LSP position (UTF-16) of the `nth` byte after the start of `needle` in `text`.
fn pos(text: &str, needle: &str, nth: usize) -> Value {
    pos_at(text, text.find(needle).unwrap() + nth)
}

/// The LSP position (UTF-16) of byte `off` of `text`.
fn pos_at(text: &str, off: usize) -> Value {
    let before = &text[..off];
    let line = before.matches('\n').count();
    let col: usize = before
        .rsplit('\n')
        .next()
        .unwrap()
        .chars()
        .map(char::len_utf16)
        .sum();
    json!({"line": line, "character": col})
}

fn project(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("iamx-lsp-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    // The text on disk differs from what the editor opens: the server reads the editor's.
    std::fs::write(dir.join("main.iamx"), "policy old {}\n").unwrap();
    std::fs::write(dir.join("shared.iamx"), SHARED).unwrap();
    dir
}

fn initialize(c: &mut Client) -> Value {
    let root = c.uri("");
    let root = root.trim_end_matches('/').to_string();
    let r = c.request(
        "initialize",
        json!({"processId": null, "rootUri": root, "capabilities": {},
               "workspaceFolders": [{"uri": root, "name": "p"}]}),
    );
    c.notify("initialized", json!({}));
    r
}

#[test]
fn a_session_over_stdio() {
    let dir = project("session");
    let mut c = Client::start(&dir);
    let init = initialize(&mut c);
    insta::assert_snapshot!("initialize", c.show(&init["result"]));

    // didOpen: the diagnostics of `iamx check`, code, range in UTF-16 (after `/* 😀 */`),
    // help and the suggestion for the quick fix; the imported module's (none) too.
    let main = c.uri("main.iamx");
    c.notify(
        "textDocument/didOpen",
        json!({"textDocument": {"uri": main, "languageId": "iamx", "version": 1, "text": MAIN}}),
    );
    let diags = c.diagnostics_for(&main);
    assert_eq!(
        diags["diagnostics"][0]["range"]["start"],
        pos(MAIN, "s3:GetObjet", 0)
    );
    insta::assert_snapshot!("diagnostics_open", c.show(&diags));
    let shared = c.diagnostics_for(&c.uri("shared.iamx"));
    assert_eq!(shared["diagnostics"], json!([]));

    let doc = json!({"uri": main});
    let at =
        |needle: &str, nth: usize| json!({"textDocument": doc, "position": pos(MAIN, needle, nth)});

    // Hover: an action (description and access level), a key after non-ASCII text (type
    // and operators), a declaration from another file (its doc comment).
    let h = c.request("textDocument/hover", at("logs:PutLogEvents", 6));
    insta::assert_snapshot!("hover_action", c.show(&h["result"]));
    let h = c.request("textDocument/hover", at("aws:SourceIp", 3));
    insta::assert_snapshot!("hover_key", c.show(&h["result"]));
    let h = c.request("textDocument/hover", at("read\n", 1));
    insta::assert_snapshot!("hover_decl", c.show(&h["result"]));

    // Code action: the did-you-mean as a quick fix.
    let range = json!({"start": pos(MAIN, "s3:GetObjet", 2), "end": pos(MAIN, "s3:GetObjet", 2)});
    let a = c.request(
        "textDocument/codeAction",
        json!({"textDocument": doc, "range": range, "context": {"diagnostics": []}}),
    );
    insta::assert_snapshot!("code_action", c.show(&a["result"]));

    // Definition and references across files.
    let d = c.request("textDocument/definition", at("read\n", 0));
    insta::assert_snapshot!("definition_across_files", c.show(&d["result"]));
    let d = c.request("textDocument/definition", at("./shared.iamx", 3));
    assert_eq!(d["result"]["uri"], c.uri("shared.iamx"));
    let r = c.request(
        "textDocument/references",
        json!({"textDocument": doc, "position": pos(MAIN, "logs {", 0),
               "context": {"includeDeclaration": true}}),
    );
    insta::assert_snapshot!("references", c.show(&r["result"]));

    // The outline.
    let s = c.request("textDocument/documentSymbol", json!({"textDocument": doc}));
    insta::assert_snapshot!("symbols", c.show(&s["result"]));

    // didChange: the fix applied, now a half-typed action to complete.
    let fixed = MAIN
        .replace("s3:GetObjet", "s3:GetObject")
        .replace("  allow logs:", "  allow kms:\n  allow logs:");
    c.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": main, "version": 2}, "contentChanges": [{"text": fixed}]}),
    );
    let diags = c.diagnostics_for(&main);
    insta::assert_snapshot!("diagnostics_change", c.show(&diags));
    let comp = c.request(
        "textDocument/completion",
        json!({"textDocument": doc, "position": pos(&fixed, "kms:\n", 4)}),
    );
    let items = comp["result"].as_array().unwrap();
    let labels: Vec<&str> = items.iter().map(|i| i["label"].as_str().unwrap()).collect();
    assert!(labels.contains(&"kms:Decrypt"), "{labels:?}");
    assert!(labels.iter().all(|l| l.starts_with("kms:")));
    let decrypt = items.iter().find(|i| i["label"] == "kms:Decrypt").unwrap();
    insta::assert_snapshot!("completion_action", c.show(decrypt));
    // Operators after a key, after the non-ASCII text.
    let comp = c.request(
        "textDocument/completion",
        json!({"textDocument": doc, "position": pos(&fixed, "== \"10.0", 0)}),
    );
    let ops: Vec<(&str, &str)> = comp["result"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| (i["label"].as_str().unwrap(), i["detail"].as_str().unwrap()))
        .collect();
    insta::assert_snapshot!("completion_operators", format!("{ops:#?}"));
    // The functions of a standard module.
    let comp = c.request(
        "textDocument/completion",
        json!({"textDocument": doc, "position": pos(&fixed, "arn.log_streams", 4)}),
    );
    let fns: Vec<&str> = comp["result"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["label"].as_str().unwrap())
        .collect();
    assert!(
        fns.contains(&"log_streams") && fns.contains(&"s3_bucket"),
        "{fns:?}"
    );

    // Formatting: exactly `iamx fmt`; none on a file that does not parse.
    let messy = fixed
        .replace("  allow kms:\n", "")
        .replace("role task {", "role   task{");
    c.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": main, "version": 3}, "contentChanges": [{"text": messy}]}),
    );
    c.diagnostics_for(&main);
    let f = c.request(
        "textDocument/formatting",
        json!({"textDocument": doc, "options": {"tabSize": 2, "insertSpaces": true}}),
    );
    let edits = f["result"].as_array().unwrap();
    assert_eq!(edits.len(), 1);
    assert_eq!(edits[0]["newText"], iamx::fmt::format(&messy, 0).unwrap());
    c.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": main, "version": 4}, "contentChanges": [{"text": "role {"}]}),
    );
    c.diagnostics_for(&main);
    let f = c.request(
        "textDocument/formatting",
        json!({"textDocument": doc, "options": {"tabSize": 2, "insertSpaces": true}}),
    );
    assert_eq!(f["result"], Value::Null);

    // An unknown method, then shutdown and exit: exit code 0.
    let u = c.request("textDocument/unknownThing", json!({}));
    assert_eq!(u["error"]["code"], -32601);
    let s = c.request("shutdown", Value::Null);
    assert_eq!(s["result"], Value::Null);
    c.notify("exit", Value::Null);
    let status = c.child.wait().unwrap();
    assert_eq!(status.code(), Some(0));
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn hostile_input_is_answered_and_never_ends_the_server() {
    let dir = project("hostile");
    let mut c = Client::start(&dir);
    // Before initialize: refused, not fatal.
    let r = c.request("textDocument/hover", json!({}));
    assert_eq!(r["error"]["code"], -32002);
    initialize(&mut c);
    // Malformed JSON, JSON that is no message, a header without a length, a huge length.
    c.send_raw(b"{not json");
    assert_eq!(c.recv()["error"]["code"], -32700);
    c.send_raw(b"[1, 2]");
    assert_eq!(c.recv()["error"]["code"], -32700);
    c.stdin.write_all(b"X-Nothing: 1\r\n\r\n").unwrap();
    c.stdin.flush().unwrap();
    assert_eq!(c.recv()["error"]["code"], -32700);
    // Parameters of the wrong shape, positions far out of range, unknown documents.
    let r = c.request("textDocument/hover", json!({"textDocument": 5}));
    assert_eq!(r["error"]["code"], -32602);
    let main = c.uri("main.iamx");
    c.notify(
        "textDocument/didOpen",
        json!({"textDocument": {"uri": main, "languageId": "iamx", "version": 1, "text": MAIN}}),
    );
    c.diagnostics_for(&main);
    for (line, character) in [
        (0, 0),
        (9999, 9999),
        (4_000_000_000u32, 4_000_000_000u32),
        (11, 4),
    ] {
        let p = json!({"textDocument": {"uri": main}, "position": {"line": line, "character": character}});
        for m in [
            "textDocument/hover",
            "textDocument/completion",
            "textDocument/definition",
        ] {
            let r = c.request(m, p.clone());
            assert!(r.get("error").is_none(), "{m} {line}:{character}: {r}");
        }
    }
    let r = c.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": "file:///nowhere/x.iamx"}, "position": {"line": 0, "character": 0}}),
    );
    assert_eq!(r["result"], Value::Null);
    // A document outside the workspace whose import would leave it: nothing outside is read.
    let outside = "file:///etc/iamx-outside.iamx";
    c.notify(
        "textDocument/didOpen",
        json!({"textDocument": {"uri": outside, "languageId": "iamx", "version": 1,
               "text": "use \"./passwd.iamx\" as p\n"}}),
    );
    let d = c.diagnostics_for(outside);
    let text = d.to_string();
    assert!(text.contains("E0304") && !text.contains("root:"), "{text}");
    // Still serving.
    let s = c.request("shutdown", Value::Null);
    assert_eq!(s["result"], Value::Null);
    c.notify("exit", Value::Null);
    assert_eq!(c.child.wait().unwrap().code(), Some(0));
    std::fs::remove_dir_all(&dir).unwrap();
}

/// The cache directory of this run's in-process servers (never the user's `~/.cache`).
fn std_cache() -> PathBuf {
    static DIR: std::sync::OnceLock<PathBuf> = std::sync::OnceLock::new();
    DIR.get_or_init(|| crate::common::tmp("lsp", "std-cache"))
        .clone()
}

/// The server in process, fed messages as the stdio loop feeds it; standard modules for go to
/// definition go to [`std_cache`].
fn in_process(root: &Path) -> iamx::lsp::Server {
    let mut s = iamx::lsp::Server::new().with_cache_dir(std_cache());
    let uri = format!("file://{}", root.display());
    let init = json!({"jsonrpc": "2.0", "id": 0, "method": "initialize",
                      "params": {"processId": null, "rootUri": uri, "capabilities": {}}});
    s.handle(serde_json::from_value(init).unwrap());
    s
}

fn message(v: Value) -> lsp_server::Message {
    serde_json::from_value(v).unwrap()
}

/// Every prefix of every example and standard module, opened and then changed to (a document
/// being typed), with hover, completion and definition at the end of the text: the server
/// answers every request and never panics. The prefixes are those of `common/prefixes.rs`:
/// every class of position (between tokens, after each keyword, inside names, strings,
/// interpolations and comments) wherever it occurs, at about half the byte offsets.
#[test]
fn every_prefix_of_every_example_is_served() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files: Vec<PathBuf> = Vec::new();
    let mut dirs = vec![root.join("examples"), root.join("stdlib")];
    while let Some(d) = dirs.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                dirs.push(p);
            } else if p.extension().is_some_and(|x| x == "iamx") {
                files.push(p);
            }
        }
    }
    assert!(files.len() >= 10);
    // The largest files first (a file costs about the square of its length), taken from one
    // queue by a server per core, so that the cores finish together.
    files.sort_by_key(|f| std::cmp::Reverse(std::fs::metadata(f).unwrap().len()));
    let next = std::sync::atomic::AtomicUsize::new(0);
    let threads = std::thread::available_parallelism().map_or(2, |n| n.get());
    let answered: usize = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..threads)
            .map(|_| scope.spawn(|| serve_prefixes(root, &files, &next)))
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).sum()
    });
    assert!(answered > 30_000, "{answered}");
}

/// Take files from the queue; open each empty, then change it to each of its prefixes in turn
/// and ask at the end of the text; the number of requests answered.
fn serve_prefixes(root: &Path, files: &[PathBuf], next: &std::sync::atomic::AtomicUsize) -> usize {
    let mut s = in_process(root);
    let mut answered = 0;
    while let Some(path) = files.get(next.fetch_add(1, std::sync::atomic::Ordering::Relaxed)) {
        let src = std::fs::read_to_string(path).unwrap();
        let uri = format!("file://{}", path.display());
        s.handle(message(json!({"jsonrpc": "2.0", "method": "textDocument/didOpen",
            "params": {"textDocument": {"uri": uri, "languageId": "iamx", "version": 0, "text": ""}}})));
        for (version, i) in prefixes::prefixes(&src).into_iter().enumerate() {
            let text = &src[..i];
            let out = s.handle(message(
                json!({"jsonrpc": "2.0", "method": "textDocument/didChange",
                "params": {"textDocument": {"uri": uri, "version": version},
                           "contentChanges": [{"text": text}]}}),
            ));
            assert!(!out.is_empty(), "no diagnostics published for {uri} at {i}");
            let line = text.matches('\n').count();
            let character = text.rsplit('\n').next().unwrap().encode_utf16().count();
            for m in [
                "textDocument/hover",
                "textDocument/completion",
                "textDocument/definition",
            ] {
                let out = s.handle(message(json!({"jsonrpc": "2.0", "id": 1, "method": m,
                    "params": {"textDocument": {"uri": uri},
                               "position": {"line": line, "character": character}}})));
                match out.as_slice() {
                    [lsp_server::Message::Response(r)] if r.response_result.is_ok() => {
                        answered += 1
                    }
                    other => panic!("{m} on {uri} at {i}: {other:?}"),
                }
            }
        }
    }
    answered
}

/// Every "did you mean" carries its suggestion as the replacement of the primary span: the
/// quick fix, applied, makes that diagnostic go away.
#[test]
fn every_did_you_mean_is_a_quick_fix_that_fixes() {
    const ROLE: &str = "role r {\n  trust service \"ecs-tasks.amazonaws.com\"\n  attach p\n}\n";
    let cases: &[(&str, String)] = &[
        ("E0301", format!("{ROLE}policy q {{\n  allow s3:GetObject on *\n}}\nlet x = [pp]\npolicy p {{\n  allow s3:GetObject on *\n}}\n")),
        ("E0306", format!("use std.aws.ar\n{ROLE}policy p {{\n  allow s3:GetObject on *\n}}\n")),
        ("E0307", format!("{ROLE}policy p {{\n  allow s3:GetObject on r.ar\n}}\n")),
        ("E0307", format!("{ROLE}policy p {{\n  allow s3:GetObject on \"arn:aws:s3:::${{current.acount}}/*\"\n}}\n")),
        ("E0409", format!("param x: Strin\n{ROLE}policy p {{\n  allow s3:GetObject on \"arn:aws:s3:::${{x}}/*\"\n}}\n")),
        ("E0410", format!("{ROLE}policy p {{\n  allow s3:GetObject on *\n  descripton = \"d\"\n}}\n")),
        ("E0414", format!("{ROLE}policy p {{\n  @allow(wildcard_resourse, reason = \"r\")\n  allow s3:GetObject on *\n}}\n")),
        ("E0501", format!("{ROLE}policy p {{\n  allow s33:GetObject on *\n}}\n")),
        ("E0502", format!("{ROLE}policy p {{\n  allow s3:GetObjet on *\n}}\n")),
        ("E0504", format!("{ROLE}policy p {{\n  allow s3:GetObject on * when aws:SourceIpp == \"10.0.0.0/8\"\n}}\n")),
        ("E0508", format!("{ROLE}policy p {{\n  allow s3:GetObject on * when StringEqual(aws:SourceAccount, \"111122223333\")\n}}\n")),
        ("E0509", "role r {\n  trust service \"ecs-tasks.amazonaws.com\"\n  attach aws_managed(\"ReadOnlyAcess\")\n}\n".to_string()),
        ("E0510", format!("{ROLE}policy p {{\n  allow s3:GetObject on \"arn:aws:s3:::b/${{aws:usernam}}/*\"\n}}\n")),
        ("E0617", "role r {\n  trust servce \"ecs-tasks.amazonaws.com\"\n}\n".to_string()),
    ];
    for (code, src) in cases {
        let c = iamx::driver::compile_str("t.iamx", src);
        let d = c
            .diags
            .iter()
            .find(|d| d.code == *code)
            .unwrap_or_else(|| panic!("no {code} in {src}: {:#?}", c.diags));
        let (span, s) = d
            .fix(src)
            .unwrap_or_else(|| panic!("{code}: no suggestion: {d:#?}"));
        assert!(
            d.help.as_ref().is_some_and(|h| h.contains("did you mean")),
            "{d:#?}"
        );
        let fixed = format!("{}{s}{}", &src[..span.start], &src[span.end..]);
        let again = iamx::driver::compile_str("t.iamx", &fixed);
        assert!(
            !again.has_errors(),
            "{code}: `{s}` over `{}` leaves\n{fixed}\n{:#?}",
            &src[span.range()],
            again.diags
        );
    }
}

/// Neovim (Debian's package, installed by editors/ci.sh in CI) as a real client over stdio:
/// diagnostics at the right column after non-ASCII text, and hover
/// (`editors/neovim/lsp_smoke.lua`). Skipped, saying so, where `nvim` is not installed.
#[test]
fn neovim_is_a_client() {
    let nvim = ["/usr/bin/nvim", "/usr/local/bin/nvim"]
        .into_iter()
        .find(|p| Path::new(p).exists());
    let Some(nvim) = nvim else {
        eprintln!("skipped: no nvim on this machine (editors/ci.sh installs Debian's)");
        return;
    };
    let dir = project("nvim");
    let file = dir.join("main.iamx");
    std::fs::write(&file, MAIN).unwrap();
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let out = Command::new(nvim)
        .args(["--headless", "--clean", "-u", "NONE", "-c"])
        .arg(format!(
            "luafile {}",
            repo.join("editors/neovim/lsp_smoke.lua").display()
        ))
        .env("IAMX_BIN", env!("CARGO_BIN_EXE_iamx"))
        .env("IAMX_FILE", &file)
        .stdin(Stdio::null())
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "nvim: {stdout}\n{stderr}");
    assert!(
        stdout.contains("[E0502]") && stdout.contains("hover"),
        "{stdout}\n{stderr}"
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

/// The labels the server completes at the `|` of `text` (a file `main.iamx` of `dir`).
fn labels_at(s: &mut iamx::lsp::Server, dir: &Path, text: &str, version: i32) -> Vec<String> {
    let at = text.find('|').unwrap();
    let src = text.replacen('|', "", 1);
    let uri = format!("file://{}/main.iamx", dir.display());
    s.handle(message(json!({"jsonrpc": "2.0", "method": "textDocument/didOpen",
        "params": {"textDocument": {"uri": uri, "languageId": "iamx", "version": version, "text": src}}})));
    let out = s.handle(message(
        json!({"jsonrpc": "2.0", "id": 1, "method": "textDocument/completion",
        "params": {"textDocument": {"uri": uri}, "position": pos_at(&src, at)}}),
    ));
    let [lsp_server::Message::Response(r)] = out.as_slice() else {
        panic!("{out:?}")
    };
    let v = r.response_result.clone().unwrap();
    v.as_array()
        .unwrap()
        .iter()
        .map(|i| i["label"].as_str().unwrap().to_string())
        .collect()
}

/// What completion offers in each place (in process).
#[test]
fn completion_follows_the_context() {
    let dir = project("complete");
    let mut s = in_process(&dir);
    let has = |v: &[String], x: &str| v.iter().any(|l| l == x);
    let body = "policy p {\n  allow s3:GetObject on * when |\n}\n";
    let keys = labels_at(&mut s, &dir, body, 1);
    assert!(
        has(&keys, "aws:SourceIp") && has(&keys, "s3:prefix"),
        "{keys:?}"
    );
    assert!(!keys.iter().any(|k| k.starts_with("kms:")), "{keys:?}");
    let body = "policy p {\n  allow s3:GetObject on * when s3:|\n}\n";
    let keys = labels_at(&mut s, &dir, body, 2);
    assert!(
        has(&keys, "s3:prefix") && keys.iter().all(|k| k.starts_with("s3:")),
        "{keys:?}"
    );
    let body = "policy p {\n  allow s3:GetObject on * when s3:max-keys |\n}\n";
    let ops = labels_at(&mut s, &dir, body, 3);
    assert!(
        has(&ops, "<") && has(&ops, "==") && !has(&ops, "like"),
        "{ops:?}"
    );
    let body = "policy p {\n  allow |\n}\n";
    let start = labels_at(&mut s, &dir, body, 4);
    assert!(has(&start, "s3:") && has(&start, "p"), "{}", start.len());
    // Typed in the middle of a module, and at its very end, where the parser keeps nothing
    // after the unexpected end of file (the names come from the last version that parsed).
    let body = "use std.aws.arn\nlet b = arn.|\npolicy p {\n  allow s3:GetObject on *\n}\n";
    let fns = labels_at(&mut s, &dir, body, 5);
    assert!(has(&fns, "s3_bucket") && has(&fns, "kms_alias"), "{fns:?}");
    let body = "use std.aws.arn\nlet b = arn.|\n";
    let fns = labels_at(&mut s, &dir, body, 51);
    assert!(has(&fns, "s3_bucket") && has(&fns, "kms_alias"), "{fns:?}");
    let body = "let a = current.|\nlet c = 1\n";
    assert_eq!(
        labels_at(&mut s, &dir, body, 6),
        ["account", "region", "partition"]
    );
    let body = "role r {\n  trust service \"ecs-tasks.amazonaws.com\"\n}\nlet a = r.|\nlet c = 1\n";
    assert_eq!(labels_at(&mut s, &dir, body, 7), ["arn", "name"]);
    let body = "use |\n";
    assert!(has(&labels_at(&mut s, &dir, body, 8), "std.aws.arn"));
    let body =
        "/// Shared\npolicy logs {\n  allow logs:PutLogEvents on *\n}\nrole r {\n  attach |\n}\n";
    let names = labels_at(&mut s, &dir, body, 9);
    assert!(
        has(&names, "logs") && has(&names, "aws_managed") && has(&names, "r"),
        "{names:?}"
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

/// A module changed on disk (saved, or reported by the client's file watcher) is read again:
/// the open document importing it gets new diagnostics; closing a document clears its own.
#[test]
fn a_module_changed_on_disk_is_read_again() {
    let dir = project("watch");
    let mut s = in_process(&dir);
    let uri = format!("file://{}/main.iamx", dir.display());
    let shared = format!("file://{}/shared.iamx", dir.display());
    let main = "use \"./shared.iamx\" as shared\nrole r {\n  trust service \"ecs-tasks.amazonaws.com\" when aws:SourceAccount == current.account\n  attach shared.read\n}\n";
    let diags = |out: Vec<lsp_server::Message>, uri: &str| -> Vec<String> {
        out.iter()
            .filter_map(|m| match m {
                lsp_server::Message::Notification(n) if n.params["uri"] == uri => Some(
                    n.params["diagnostics"]
                        .as_array()
                        .unwrap()
                        .iter()
                        .map(|d| d["code"].as_str().unwrap().to_string())
                        .collect::<Vec<_>>(),
                ),
                _ => None,
            })
            .next_back()
            .unwrap_or_else(|| panic!("nothing for {uri} in {out:?}"))
    };
    let out = s.handle(message(json!({"jsonrpc": "2.0", "method": "textDocument/didOpen",
        "params": {"textDocument": {"uri": uri, "languageId": "iamx", "version": 1, "text": main}}})));
    assert_eq!(diags(out, &uri), Vec::<String>::new());
    std::fs::write(
        dir.join("shared.iamx"),
        "policy read {\n  allow s3:GetObjet on *\n}\n",
    )
    .unwrap();
    let out = s.handle(message(
        json!({"jsonrpc": "2.0", "method": "workspace/didChangeWatchedFiles",
        "params": {"changes": [{"uri": shared, "type": 2}]}}),
    ));
    assert_eq!(diags(out, &shared), ["E0502"]);
    let out = s.handle(message(
        json!({"jsonrpc": "2.0", "method": "textDocument/didClose",
        "params": {"textDocument": {"uri": uri}}}),
    ));
    assert_eq!(diags(out, &shared), Vec::<String>::new());
    std::fs::remove_dir_all(&dir).unwrap();
}

/// In process, go to definition into the standard library answers with a file under the
/// server's cache directory option, not the user's.
#[test]
fn the_cache_directory_is_a_server_option() {
    let dir = project("stdopt");
    let mut s = in_process(&dir);
    let uri = format!("file://{}", dir.join("main.iamx").display());
    s.handle(message(json!({"jsonrpc": "2.0", "method": "textDocument/didOpen",
        "params": {"textDocument": {"uri": uri, "languageId": "iamx", "version": 1, "text": MAIN}}})));
    let out = s.handle(message(
        json!({"jsonrpc": "2.0", "id": 1, "method": "textDocument/definition",
        "params": {"textDocument": {"uri": uri}, "position": pos(MAIN, "arn.log_streams", 5)}}),
    ));
    let [lsp_server::Message::Response(r)] = out.as_slice() else {
        panic!("{out:?}")
    };
    let result = r.response_result.clone().unwrap();
    let path = PathBuf::from(
        result["uri"]
            .as_str()
            .unwrap()
            .strip_prefix("file://")
            .unwrap(),
    );
    assert!(
        path.starts_with(std_cache().join("iamx")),
        "{}",
        path.display()
    );
    assert!(
        path.ends_with("aws/arn.iamx") && path.exists(),
        "{}",
        path.display()
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

/// Go to definition into the standard library: on a `std.x.y` function used in a document and
/// on the `use` line, the server answers with the module written, read-only, to the cache
/// directory (`$XDG_CACHE_HOME/iamx/std-VERSION-HASH/`); the client opens that file and goes on
/// from a reference inside it (`arn.log_streams` in `std.aws.ecs`) to another standard module.
#[test]
fn definition_goes_into_the_standard_library() {
    let dir = project("stddef");
    let cache = dir.join("cache");
    let mut c = Client::start_env(&dir, &["lsp"], &[("XDG_CACHE_HOME", &cache)]);
    initialize(&mut c);
    let main = c.uri("main.iamx");
    c.notify(
        "textDocument/didOpen",
        json!({"textDocument": {"uri": main, "languageId": "iamx", "version": 1, "text": MAIN}}),
    );
    c.diagnostics_for(&main);
    let def = |c: &mut Client, uri: &str, text: &str, needle: &str, nth: usize| {
        let r = c.request(
            "textDocument/definition",
            json!({"textDocument": {"uri": uri}, "position": pos(text, needle, nth)}),
        );
        let uri = r["result"]["uri"].as_str().unwrap_or_else(|| panic!("{r}"));
        let path = PathBuf::from(uri.strip_prefix("file://").unwrap());
        let line = r["result"]["range"]["start"]["line"].as_u64().unwrap() as usize;
        let on_disk = std::fs::read_to_string(&path).unwrap();
        let at = on_disk.lines().nth(line).unwrap().to_string();
        (uri.to_string(), path, on_disk, at)
    };
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let (uri, path, text, line) = def(&mut c, &main, MAIN, "arn.log_streams", 5);
    assert!(path.starts_with(cache.join("iamx")), "{}", path.display());
    assert!(path.ends_with("aws/arn.iamx"), "{}", path.display());
    assert_eq!(
        text,
        std::fs::read_to_string(repo.join("stdlib/aws/arn.iamx")).unwrap()
    );
    assert!(line.starts_with("fn log_streams("), "{line}");
    assert!(std::fs::metadata(&path).unwrap().permissions().readonly());
    let (on_use, ..) = def(&mut c, &main, MAIN, "std.aws.arn", 8);
    assert_eq!(on_use, uri);
    // The client opens `std.aws.ecs` (as after a definition into it) and follows a reference.
    let ecs = "use std.aws.ecs\nrole r {\n  trust service \"ecs-tasks.amazonaws.com\"\n  inline ecs.secrets([\"arn:aws:secretsmanager:us-east-1:111122223333:secret:x\"])\n}\n";
    c.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": main, "version": 2}, "contentChanges": [{"text": ecs}]}),
    );
    c.diagnostics_for(&main);
    let (ecs_uri, _, ecs_text, line) = def(&mut c, &main, ecs, "ecs.secrets", 5);
    assert!(ecs_uri.ends_with("/aws/ecs.iamx"), "{ecs_uri}");
    assert!(line.starts_with("template secrets("), "{line}");
    c.notify(
        "textDocument/didOpen",
        json!({"textDocument": {"uri": ecs_uri, "languageId": "iamx", "version": 1, "text": ecs_text}}),
    );
    c.diagnostics_for(&ecs_uri);
    let (to_arn, _, _, line) = def(&mut c, &ecs_uri, &ecs_text, "arn.log_streams", 5);
    assert_eq!(to_arn, uri);
    assert!(line.starts_with("fn log_streams("), "{line}");
    c.request("shutdown", Value::Null);
    c.notify("exit", Value::Null);
    assert_eq!(c.child.wait().unwrap().code(), Some(0));
    std::fs::remove_dir_all(&dir).unwrap();
}

/// The command line's lint levels apply as for `iamx check` (`--deny`), and `--stdio`, which
/// some clients add, is accepted.
#[test]
fn lint_levels_from_the_command_line() {
    let dir = project("deny");
    let mut c = Client::start_with(&dir, &["lsp", "--stdio", "--deny", "confused_deputy"]);
    initialize(&mut c);
    let uri = c.uri("main.iamx");
    let text = "role r {\n  trust service \"ecs-tasks.amazonaws.com\"\n}\n";
    c.notify(
        "textDocument/didOpen",
        json!({"textDocument": {"uri": uri, "languageId": "iamx", "version": 1, "text": text}}),
    );
    let d = c.diagnostics_for(&uri);
    assert_eq!(d["diagnostics"][0]["code"], "confused_deputy", "{d}");
    assert_eq!(d["diagnostics"][0]["severity"], 1, "{d}");
    c.request("shutdown", Value::Null);
    c.notify("exit", Value::Null);
    assert_eq!(c.child.wait().unwrap().code(), Some(0));
    std::fs::remove_dir_all(&dir).unwrap();
}

/// A Google Cloud module with a typo in a predefined role: the server offers the catalog's
/// spelling as a quick fix, and the edit replaces exactly the misspelt role.
#[test]
fn a_google_cloud_typo_is_a_quick_fix() {
    const GCP: &str = "target gcp\nservice_account deploy {\n  account_id = \"shop-deploy\"\n  grant roles/run.develper on project(\"acme-shop-prod\")\n}\n";
    let dir = project("gcp-fix");
    let mut c = Client::start(&dir);
    initialize(&mut c);
    let uri = c.uri("gcp.iamx");
    c.notify(
        "textDocument/didOpen",
        json!({"textDocument": {"uri": uri, "languageId": "iamx", "version": 1, "text": GCP}}),
    );
    let diags = c.diagnostics_for(&uri);
    assert_eq!(diags["diagnostics"][0]["code"], "E1006", "{diags}");
    let at = pos(GCP, "roles/run.develper", 8);
    let a = c.request(
        "textDocument/codeAction",
        json!({"textDocument": {"uri": uri}, "range": {"start": at, "end": at},
               "context": {"diagnostics": []}}),
    );
    let actions = a["result"].as_array().expect("code actions");
    let edit = actions
        .iter()
        .flat_map(|a| {
            a["edit"]["changes"][&uri]
                .as_array()
                .cloned()
                .unwrap_or_default()
        })
        .next()
        .unwrap_or_else(|| panic!("no quick fix in {a}"));
    assert_eq!(edit["newText"], "roles/run.developer");
    assert_eq!(edit["range"]["start"], pos(GCP, "roles/run.develper", 0));
    assert_eq!(
        edit["range"]["end"],
        pos(GCP, "roles/run.develper", "roles/run.develper".len())
    );
    let s = c.request("shutdown", Value::Null);
    assert_eq!(s["result"], Value::Null);
    c.notify("exit", Value::Null);
    assert_eq!(c.child.wait().unwrap().code(), Some(0));
    std::fs::remove_dir_all(&dir).unwrap();
}
