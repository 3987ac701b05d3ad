//! `iamx fmt [--check] FILE...`: the formatter's I/O (the layout itself is `crate::fmt`).
//!
//! A file is read like a module (a regular `.iamx` file of at most 8 MiB), formatted, and
//! replaced atomically only when its text changes: the new text is written and synced to a new
//! temporary file beside it, which is then renamed over it, so a reader sees the old file or the
//! new one and never a mix. A file that does not parse is refused with its diagnostics and left
//! untouched; so is a file that changed while it was being formatted. `-` formats standard input
//! to standard output.

use crate::diag::{Diag, ErrorCode, SourceFiles};
use crate::driver::{FsHost, Host, MAX_SOURCE_BYTES};
use crate::fmt::{self, FmtError};
use crate::span::Span;
use std::fs;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};

/// What `iamx fmt` did: diagnostics to report, files changed, and the exit code.
pub struct Outcome {
    pub files: SourceFiles,
    pub diags: Vec<Diag>,
    /// Files reformatted (or, with `--check`, that would be) and files already formatted.
    pub changed: usize,
    pub unchanged: usize,
    pub code: i32,
}

impl Outcome {
    fn fail(&mut self, code: i32, d: Diag) {
        self.diags.push(d);
        self.code = self.code.max(code);
    }
}

/// `iamx fmt`: format, report, and return the exit code (0 done or nothing to do, 1 a file does
/// not parse or, with `--check`, is not formatted, 2 a file could not be read or written or the
/// formatter failed).
pub(super) fn command(g: &super::Global, paths: &[PathBuf], check: bool) -> i32 {
    use std::io::IsTerminal;
    let o = run(paths, check, std::io::stdout().is_terminal());
    let mut diags = o.diags;
    crate::diag::sort(&mut diags);
    let (diags, hidden) = crate::diag::limit(diags, &o.files);
    super::report_diags(g, &o.files, &diags, hidden);
    let files = o.changed + o.unchanged;
    if g.error_format == super::ErrorFormat::Human
        && files > 0
        && paths.iter().any(|p| p.as_os_str() != "-")
    {
        let done = if check {
            "would be reformatted"
        } else {
            "reformatted"
        };
        let line = match (o.changed, o.unchanged) {
            (0, n) => format!("{} already formatted", count(n, "file")),
            (c, 0) => format!("{} {done}", count(c, "file")),
            (c, n) => format!("{} {done}, {n} already formatted", count(c, "file")),
        };
        super::say_err(&line);
    }
    o.code
}

fn count(n: usize, what: &str) -> String {
    if n == 1 {
        format!("1 {what}")
    } else {
        format!("{n} {what}s")
    }
}

/// Format each path (`-` is standard input, formatted to standard output; `stdout_tty` escapes
/// control characters when that is a terminal).
pub fn run(paths: &[PathBuf], check: bool, stdout_tty: bool) -> Outcome {
    let mut o = Outcome {
        files: SourceFiles::new(),
        diags: Vec::new(),
        changed: 0,
        unchanged: 0,
        code: 0,
    };
    for path in paths {
        if path.as_os_str() == "-" {
            stdin(&mut o, check, stdout_tty);
        } else {
            one_file(&mut o, path, check);
        }
    }
    o
}

/// Read, decode and format one source; `None` (with diagnostics) when it cannot be formatted.
fn format_bytes(o: &mut Outcome, name: &str, bytes: Vec<u8>) -> Option<(usize, String, String)> {
    let src = match String::from_utf8(bytes) {
        Ok(s) => s,
        Err(e) => {
            let at = e.utf8_error().valid_up_to();
            let lossy = String::from_utf8_lossy(e.as_bytes()).into_owned();
            let file = o.files.add(name.to_string(), lossy);
            let d = Diag::error(
                ErrorCode::E0802,
                format!("`{name}` is not valid UTF-8"),
                Span::new(file, at, at + 1),
                "invalid byte here",
            )
            .with_help("iamx sources are UTF-8; re-save the file as UTF-8");
            o.fail(1, d);
            return None;
        }
    };
    let file = o.files.add(name.to_string(), src.clone());
    match fmt::format(&src, file) {
        Ok(out) => Some((file, src, out)),
        Err(e) => {
            let code = match e {
                FmtError::Syntax(_) => 1,
                FmtError::Internal(_) => 2,
            };
            for d in e.to_diags(name, file) {
                o.fail(code, d);
            }
            None
        }
    }
}

fn one_file(o: &mut Outcome, path: &Path, check: bool) {
    let name = path.display().to_string();
    if path.extension().is_none_or(|e| e != "iamx") {
        let d = Diag::global(ErrorCode::E0801, format!("`{name}` is not an iamx source")).with_help(
            "iamx formats only files whose name ends in `.iamx`; for a directory, name its files (`DIR/*.iamx`)",
        );
        return o.fail(2, d);
    }
    // Read after taking the metadata: a change in between shows at the write.
    let before = fs::metadata(path).ok();
    let bytes = match FsHost.read(path) {
        Ok(b) => b,
        Err(e) => {
            return o.fail(
                2,
                Diag::global(ErrorCode::E0801, format!("cannot read `{name}`: {e}")),
            );
        }
    };
    let Some((file, src, out)) = format_bytes(o, &name, bytes) else {
        return;
    };
    if src == out {
        o.unchanged += 1;
        return;
    }
    o.changed += 1;
    if check {
        let d = not_formatted(file, &name, &src, &out);
        return o.fail(1, d);
    }
    if let Err(e) = replace(path, out.as_bytes(), before.as_ref()) {
        let d = Diag::global(ErrorCode::E0808, format!("cannot write `{name}`: {e}"))
            .with_help("the file was left as it was");
        o.fail(2, d);
    }
}

/// `--check` found a file that formatting would change: point at the first line that differs.
fn not_formatted(file: usize, name: &str, src: &str, out: &str) -> Diag {
    let same = src
        .bytes()
        .zip(out.bytes())
        .take_while(|(a, b)| a == b)
        .count();
    let line_start = src
        .get(..same)
        .and_then(|s| s.rfind('\n'))
        .map_or(0, |i| i + 1);
    let line_end = src
        .get(line_start..)
        .and_then(|s| s.find('\n'))
        .map_or(src.len(), |i| line_start + i);
    Diag::error(
        ErrorCode::E0807,
        format!("`{name}` is not formatted"),
        Span::new(file, line_start, line_end),
        "the formatted file differs from this line on",
    )
    .with_help(format!("run `iamx fmt {name}`"))
}

fn stdin(o: &mut Outcome, check: bool, stdout_tty: bool) {
    let name = "<stdin>";
    let mut bytes = Vec::new();
    if let Err(e) = std::io::stdin()
        .lock()
        .take(MAX_SOURCE_BYTES + 1)
        .read_to_end(&mut bytes)
    {
        return o.fail(
            2,
            Diag::global(ErrorCode::E0801, format!("cannot read {name}: {e}")),
        );
    }
    if bytes.len() as u64 > MAX_SOURCE_BYTES {
        let d = Diag::global(
            ErrorCode::E0801,
            format!(
                "cannot read {name}: it is larger than {} MiB, the limit of a source file",
                MAX_SOURCE_BYTES >> 20
            ),
        );
        return o.fail(2, d);
    }
    let Some((file, src, out)) = format_bytes(o, name, bytes) else {
        return;
    };
    if src == out {
        o.unchanged += 1;
    } else {
        o.changed += 1;
        if check {
            let d = not_formatted(file, name, &src, &out);
            o.fail(1, d);
        }
    }
    if !check {
        let text = if stdout_tty {
            out.chars()
                .map(|c| match c {
                    '\n' => "\n".to_string(),
                    c if crate::diag::needs_escape(c) => format!("\\u{{{:x}}}", u32::from(c)),
                    c => c.to_string(),
                })
                .collect()
        } else {
            out
        };
        let mut w = std::io::stdout().lock();
        let _ = w.write_all(text.as_bytes()).and_then(|()| w.flush());
    }
}

/// Replace the file `path` leads to (through symbolic links) with `bytes`, atomically: a new
/// file beside it, synced, with the old file's permissions, renamed over it. Refused when the
/// file is read-only or changed since `before` was taken.
fn replace(path: &Path, bytes: &[u8], before: Option<&fs::Metadata>) -> std::io::Result<()> {
    // The rename would replace a file whose permissions forbid writing it: refuse, as a
    // write in place would.
    if before.is_some_and(|m| m.permissions().readonly()) {
        return Err(std::io::Error::other("it is read-only"));
    }
    let real = fs::canonicalize(path)?;
    let dir = real.parent().unwrap_or(Path::new("."));
    let name = real.file_name().unwrap_or_default().to_string_lossy();
    let tmp = dir.join(format!(".{name}.iamx-fmt-{}.tmp", std::process::id()));
    let result = write_new(&tmp, bytes, before).and_then(|()| {
        let now = fs::metadata(&real)?;
        let same = before
            .is_some_and(|b| b.len() == now.len() && b.modified().ok() == now.modified().ok());
        if !same {
            return Err(std::io::Error::other(
                "it changed while it was being formatted",
            ));
        }
        fs::rename(&tmp, &real)
    });
    if result.is_err() {
        let _ = fs::remove_file(&tmp);
    }
    result
}

/// Create `path` (it must not exist), write and sync `bytes`, with `like`'s permissions.
fn write_new(path: &Path, bytes: &[u8], like: Option<&fs::Metadata>) -> std::io::Result<()> {
    let mut f = fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)?;
    f.write_all(bytes)?;
    if let Some(m) = like {
        f.set_permissions(m.permissions())?;
    }
    f.sync_all()
}
