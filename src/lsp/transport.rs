//! The stdio loop: frames JSON-RPC messages (`Content-Length` headers) from standard input,
//! hands each to the [`Server`] and writes what it returns to standard output. Bad input is
//! answered, never fatal: a message that is not JSON-RPC gets a parse error (-32700) and the
//! loop reads on; a header block without a length is skipped; a body over
//! [`MAX_MESSAGE`] bytes is read past without being kept; a handler that panics (a bug) gets
//! an internal error for its request and the server goes on. Whole-text changes of a document
//! that a later change replaces before anything else arrived are skipped ([`coalesce`]).

use super::server::Server;
use lsp_server::{ErrorCode, Message, Response};
use std::io::{BufRead, Read, Write};

/// The largest message the server reads (a source file is at most 8 MiB, in JSON with escapes).
pub const MAX_MESSAGE: usize = 64 << 20;

/// The longest header line kept.
const MAX_HEADER: u64 = 8 << 10;

/// What reading one message found.
enum Frame {
    Body(Vec<u8>),
    /// Something that is not a message; answered with a parse error.
    Bad(String),
    End,
}

fn read_frame(r: &mut impl BufRead) -> std::io::Result<Frame> {
    let mut length: Option<usize> = None;
    let mut bad = None;
    let mut saw_header = false;
    loop {
        let mut line = Vec::new();
        let n = r.by_ref().take(MAX_HEADER).read_until(b'\n', &mut line)?;
        if n == 0 {
            return Ok(Frame::End);
        }
        if !line.ends_with(b"\n") {
            // A header line longer than any real one: drop the rest of it.
            let mut rest = Vec::new();
            while !rest.ends_with(b"\n") {
                rest.clear();
                if r.by_ref().take(MAX_HEADER).read_until(b'\n', &mut rest)? == 0 {
                    return Ok(Frame::End);
                }
            }
            bad = Some("a header line is too long".to_string());
            continue;
        }
        let text = String::from_utf8_lossy(&line);
        let text = text.trim_end_matches(['\r', '\n']);
        if text.is_empty() {
            if saw_header {
                break;
            }
            continue;
        }
        saw_header = true;
        if let Some((name, value)) = text.split_once(':') {
            if name.trim().eq_ignore_ascii_case("content-length") {
                length = value.trim().parse().ok();
                if length.is_none() {
                    bad = Some(format!("bad Content-Length `{}`", value.trim()));
                }
            }
        }
    }
    let Some(len) = length else {
        return Ok(Frame::Bad(
            bad.unwrap_or_else(|| "a message without Content-Length".into()),
        ));
    };
    if len > MAX_MESSAGE {
        let skipped = std::io::copy(&mut r.by_ref().take(len as u64), &mut std::io::sink())?;
        if skipped < len as u64 {
            return Ok(Frame::End);
        }
        return Ok(Frame::Bad(format!(
            "a message of {len} bytes, over the limit of {MAX_MESSAGE}"
        )));
    }
    let mut body = vec![0; len];
    match r.read_exact(&mut body) {
        Ok(()) => Ok(match bad {
            Some(b) => Frame::Bad(b),
            None => Frame::Body(body),
        }),
        Err(e) if e.kind() == std::io::ErrorKind::UnexpectedEof => Ok(Frame::End),
        Err(e) => Err(e),
    }
}

fn parse_error(w: &mut impl Write, why: &str) -> std::io::Result<()> {
    let body = serde_json::json!({
        "jsonrpc": "2.0",
        "id": null,
        "error": { "code": ErrorCode::ParseError as i32, "message": why },
    })
    .to_string();
    write!(w, "Content-Length: {}\r\n\r\n{body}", body.len())?;
    w.flush()
}

/// Handle one message; a panic in a handler becomes an internal error for its request.
fn handle(server: &mut Server, msg: Message) -> Vec<Message> {
    let id = match &msg {
        Message::Request(r) => Some(r.id.clone()),
        _ => None,
    };
    let run = std::panic::AssertUnwindSafe(|| server.handle(msg));
    match std::panic::catch_unwind(run) {
        Ok(out) => out,
        Err(_) => id
            .map(|id| {
                Message::Response(Response::new_err(
                    id,
                    ErrorCode::InternalError as i32,
                    "iamx stopped on an internal error; please report it".into(),
                ))
            })
            .into_iter()
            .collect(),
    }
}

/// A frame read, parsed: a message, or why it is none.
enum Input {
    Msg(Message),
    Bad(String),
    End,
    Failed,
}

fn next_input(input: &mut impl BufRead) -> Input {
    match read_frame(input) {
        Err(_) => Input::Failed,
        Ok(Frame::End) => Input::End,
        Ok(Frame::Bad(why)) => Input::Bad(why),
        Ok(Frame::Body(body)) => match serde_json::from_slice::<Message>(&body) {
            Err(e) => Input::Bad(format!("not a JSON-RPC message: {e}")),
            Ok(msg) => Input::Msg(msg),
        },
    }
}

/// The document a notification replaces the whole text of (a `didChange` without ranges).
fn whole_change(i: &Input) -> Option<&str> {
    let Input::Msg(Message::Notification(n)) = i else {
        return None;
    };
    if n.method != "textDocument/didChange" {
        return None;
    }
    let changes = n.params.get("contentChanges")?.as_array()?;
    let whole = !changes.is_empty() && changes.iter().all(|c| c.get("range").is_none());
    whole.then(|| n.params.get("textDocument")?.get("uri")?.as_str())?
}

/// Drop the changes that a later change of the same document in `batch` replaces with no
/// other message between them: the text they set is never read and their diagnostics would
/// be outdated on arrival. A client typing fast in a large document queues several changes
/// while one compiles; only the last is compiled.
fn coalesce(batch: &mut Vec<Input>) {
    let mut keep = vec![true; batch.len()];
    for (k, next) in batch.iter().zip(batch.iter().skip(1)).enumerate() {
        if let (Some(a), Some(b)) = (whole_change(next.0), whole_change(next.1)) {
            if a == b {
                if let Some(x) = keep.get_mut(k) {
                    *x = false;
                }
            }
        }
    }
    let mut flags = keep.into_iter();
    batch.retain(|_| flags.next().unwrap_or(true));
}

/// Serve until `exit` or the end of the input; the process exit code (0 after `shutdown`
/// then `exit`, 1 otherwise, 2 when standard input or output fails). Input is read on a
/// thread of its own, so that the messages that arrived while one was handled are seen
/// together and superseded changes are skipped ([`coalesce`]).
pub fn serve(
    server: Server,
    mut input: impl BufRead + Send + 'static,
    output: &mut impl Write,
) -> i32 {
    let (tx, rx) = std::sync::mpsc::channel();
    let _ = std::thread::Builder::new()
        .name("iamx-lsp-input".into())
        .spawn(move || {
            loop {
                let i = next_input(&mut input);
                let last = matches!(i, Input::End | Input::Failed);
                if tx.send(i).is_err() || last {
                    return;
                }
            }
        });
    let mut server = server;
    loop {
        let Ok(first) = rx.recv() else {
            return 2;
        };
        let mut batch = vec![first];
        batch.extend(rx.try_iter());
        coalesce(&mut batch);
        for i in batch {
            let sent = match i {
                Input::Failed => return 2,
                Input::End => return i32::from(server.exit != Some(0)),
                Input::Bad(why) => parse_error(output, &why),
                Input::Msg(msg) => handle(&mut server, msg)
                    .into_iter()
                    .try_for_each(|m| m.write(output)),
            };
            if sent.is_err() {
                return 2;
            }
            if let Some(code) = server.exit {
                return code;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn change(uri: &str, text: &str, ranged: bool) -> Input {
        let mut c = serde_json::json!({"text": text});
        if ranged {
            c["range"] = serde_json::json!({"start": {"line": 0, "character": 0},
                                            "end": {"line": 0, "character": 0}});
        }
        Input::Msg(Message::Notification(lsp_server::Notification::new(
            "textDocument/didChange".into(),
            serde_json::json!({"textDocument": {"uri": uri, "version": 1}, "contentChanges": [c]}),
        )))
    }

    fn texts(batch: &[Input]) -> Vec<String> {
        batch
            .iter()
            .map(|i| match i {
                Input::Msg(Message::Notification(n)) => n.params["contentChanges"][0]["text"]
                    .as_str()
                    .unwrap_or("?")
                    .to_string(),
                Input::Msg(_) => "request".into(),
                _ => "other".into(),
            })
            .collect()
    }

    #[test]
    fn only_the_last_of_consecutive_changes_of_a_document_is_kept() {
        let hover = Input::Msg(Message::Request(lsp_server::Request::new(
            1.into(),
            "textDocument/hover".into(),
            serde_json::json!({}),
        )));
        let mut batch = vec![
            change("file:///a", "1", false),
            change("file:///a", "2", false),
            change("file:///b", "3", false),
            change("file:///b", "4", false),
            change("file:///a", "5", false),
            hover,
            change("file:///a", "6", false),
            change("file:///a", "7", true),
            change("file:///a", "8", false),
            Input::End,
        ];
        coalesce(&mut batch);
        // A change is kept when a request, another document's change, a ranged change (which
        // applies to the text before it) or the end follows it.
        assert_eq!(
            texts(&batch),
            ["2", "4", "5", "request", "6", "7", "8", "other"]
        );
    }
}
