//! The stdio loop: frames JSON-RPC messages (`Content-Length` headers) from standard input,
//! hands each to the [`Server`] and writes what it returns to standard output. Bad input is
//! answered, never fatal: a message that is not JSON-RPC gets a parse error (-32700) and the
//! loop reads on; a header block without a length is skipped; a body over
//! [`MAX_MESSAGE`] bytes is read past without being kept; a handler that panics (a bug) gets
//! an internal error for its request and the server goes on.

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

/// Serve until `exit` or the end of the input; the process exit code (0 after `shutdown`
/// then `exit`, 1 otherwise, 2 when standard input or output fails).
pub fn serve(server: Server, input: &mut impl BufRead, output: &mut impl Write) -> i32 {
    let mut server = server;
    loop {
        let frame = match read_frame(input) {
            Ok(f) => f,
            Err(_) => return 2,
        };
        let sent = match frame {
            Frame::End => return i32::from(server.exit != Some(0)),
            Frame::Bad(why) => parse_error(output, &why),
            Frame::Body(body) => match serde_json::from_slice::<Message>(&body) {
                Err(e) => parse_error(output, &format!("not a JSON-RPC message: {e}")),
                Ok(msg) => handle(&mut server, msg)
                    .into_iter()
                    .try_for_each(|m| m.write(output)),
            },
        };
        if sent.is_err() {
            return 2;
        }
        if let Some(code) = server.exit {
            return code;
        }
    }
}
