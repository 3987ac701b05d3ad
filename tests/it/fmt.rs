//! `iamx fmt`: the layout (snapshots of each case in tests/fmt/, source beside the formatted
//! text), idempotence and unchanged meaning over every iamx source of the repository, the json
//! output of every example unchanged by formatting, every prefix of every example, hostile
//! input, and the command as users run it.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "test code"
)]

use iamx::backend::{BuildOptions, json};
use iamx::driver::{self, FsHost};
use iamx::fmt::{FmtError, format};
use iamx::lexer::Token;
use iamx::lints::LintConfig;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use crate::common::prefixes;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// Format, and check that formatting the result changes nothing.
fn fmt_twice(src: &str, what: &str) -> Result<String, FmtError> {
    let out = format(src, 0)?;
    match format(&out, 0) {
        Ok(again) => assert_eq!(again, out, "{what}: formatting is not idempotent"),
        Err(e) => panic!("{what}: the formatted text is refused: {e:?}\n{out}"),
    }
    Ok(out)
}

#[test]
fn layout_cases() {
    let mut n = 0;
    insta::glob!("../fmt", "*.iamx", |path| {
        let src = fs::read_to_string(path).unwrap();
        let out = fmt_twice(&src, &path.display().to_string()).unwrap();
        insta::assert_snapshot!(format!("{src}\n----- formatted -----\n{out}"));
        n += 1;
    });
    assert!(n >= 7, "only {n} layout cases");
}

/// Every `.iamx` file under `dir`, sorted.
fn sources(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else if p.extension().is_some_and(|x| x == "iamx") {
                out.push(p);
            }
        }
    }
    out.sort();
    out
}

/// The error cases of the lexer and parser are refused; every other source of the repository
/// formats, idempotently; examples and stdlib are already formatted.
#[test]
fn every_source_of_the_repository_formats_idempotently() {
    let (mut formatted, mut refused) = (0, Vec::new());
    for dir in ["examples", "stdlib", "tests"] {
        for path in sources(&root().join(dir)) {
            let rel = path.strip_prefix(root()).unwrap().display().to_string();
            let src = fs::read_to_string(&path).unwrap();
            match fmt_twice(&src, &rel) {
                Ok(out) => {
                    formatted += 1;
                    if dir != "tests" {
                        assert_eq!(out, src, "{rel} is not formatted: run `iamx fmt {rel}`");
                    }
                }
                Err(FmtError::Syntax(_)) => refused.push(rel),
                Err(e) => panic!("{rel}: {e:?}"),
            }
        }
    }
    assert!(formatted > 150, "only {formatted} sources formatted");
    for rel in &refused {
        let name = rel.rsplit('/').next().unwrap();
        assert!(
            rel.starts_with("tests/errors/")
                && (name.starts_with("lex_") || name.starts_with("parse_")),
            "{rel} does not parse"
        );
    }
}

/// The same tokens and comments with other white space: each run of it between tokens replaced
/// by another (a space, a tab, line breaks, empty lines), a `//` comment still ending its line.
fn scramble(src: &str, seed: u64) -> String {
    #[derive(PartialEq)]
    enum In {
        Code,
        Str,
        Line,
        Block,
    }
    let mut state = seed;
    let mut next = move || {
        state = state
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (state >> 33) as usize
    };
    let mut out = String::new();
    let mut chars = src.chars().peekable();
    let mut at = In::Code;
    while let Some(c) = chars.next() {
        match at {
            In::Str => {
                out.push(c);
                if c == '\\' {
                    out.extend(chars.next());
                } else if c == '"' {
                    at = In::Code;
                }
                continue;
            }
            In::Block => {
                out.push(c);
                if c == '*' && chars.peek() == Some(&'/') {
                    out.extend(chars.next());
                    at = In::Code;
                }
                continue;
            }
            In::Line if c != '\n' => {
                out.push(c);
                continue;
            }
            In::Line | In::Code => {}
        }
        if c.is_whitespace() {
            while chars.peek().is_some_and(|c| c.is_whitespace()) {
                chars.next();
            }
            let choices = [" ", "\t ", "\n", "\n\n\n  ", "  \n "];
            let w = choices[next() % choices.len()];
            out.push_str(if at == In::Line && !w.contains('\n') {
                "\n"
            } else {
                w
            });
            at = In::Code;
            continue;
        }
        out.push(c);
        match (c, chars.peek()) {
            ('"', _) => at = In::Str,
            ('/', Some('/')) => at = In::Line,
            ('/', Some('*')) => at = In::Block,
            _ => {}
        }
    }
    out
}

fn copy_tree(from: &Path, to: &Path, edit: &dyn Fn(&Path, String) -> String) {
    fs::create_dir_all(to).unwrap();
    for e in fs::read_dir(from).unwrap() {
        let p = e.unwrap().path();
        let dest = to.join(p.file_name().unwrap());
        if p.is_dir() {
            copy_tree(&p, &dest, edit);
        } else if p.extension().is_some_and(|x| x == "iamx") {
            let text = edit(&p, fs::read_to_string(&p).unwrap());
            fs::write(&dest, text).unwrap();
        } else {
            fs::copy(&p, &dest).unwrap();
        }
    }
}

fn json_of(path: &Path) -> Vec<(String, Vec<u8>)> {
    let c = driver::compile(&FsHost, &[path.to_path_buf()], &LintConfig::default());
    let program = c.program.as_ref().unwrap_or_else(|| {
        panic!(
            "{}:\n{}",
            path.display(),
            iamx::diag::to_human(&c.diags, &c.files, false)
        )
    });
    let opts = BuildOptions {
        params: vec![],
        account: Some("111122223333".into()),
        region: Some("eu-west-1".into()),
        partition: None,
    };
    let files = json::emit(program, &opts).unwrap();
    files.into_iter().map(|f| (f.path, f.contents)).collect()
}

fn tmp(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("iamx-fmt-{}-{name}", std::process::id()));
    let _ = fs::remove_dir_all(&d);
    fs::create_dir_all(&d).unwrap();
    d
}

/// The json output of every example is byte-identical after formatting, and after scrambling
/// its white space and then formatting.
#[test]
fn formatting_keeps_the_json_output_of_every_example() {
    let examples = root().join("examples");
    let work = tmp("json");
    let fmt_only =
        |p: &Path, s: String| format(&s, 0).unwrap_or_else(|e| panic!("{}: {e:?}", p.display()));
    let scrambled = |p: &Path, s: String| {
        let messy = scramble(&s, p.as_os_str().len() as u64);
        assert_ne!(messy, s);
        let out = fmt_twice(&messy, &format!("{} scrambled", p.display()))
            .unwrap_or_else(|e| panic!("{} scrambled: {e:?}\n{messy}", p.display()));
        assert_eq!(format(&out, 0).unwrap(), out);
        out
    };
    copy_tree(&examples, &work.join("formatted"), &fmt_only);
    copy_tree(&examples, &work.join("scrambled"), &scrambled);
    let mut n = 0;
    for path in sources(&examples) {
        let rel = path.strip_prefix(&examples).unwrap();
        let original = json_of(&path);
        for copy in ["formatted", "scrambled"] {
            let other = json_of(&work.join(copy).join(rel));
            assert!(
                other == original,
                "{copy} {}: json output differs",
                rel.display()
            );
        }
        n += 1;
    }
    assert!(n >= 10, "only {n} examples");
    let _ = fs::remove_dir_all(&work);
}

/// Every prefix of every example and stdlib module either formats (idempotently) or is refused
/// as a syntax error: never a panic, never an internal error. The prefixes are those of
/// `common/prefixes.rs`: every class of position wherever it occurs (between tokens, after
/// each keyword, inside names, strings, interpolations and comments), at about half the offsets.
#[test]
fn every_prefix_of_every_example_formats_or_is_refused() {
    let (mut ok, mut refused) = (0, 0);
    for dir in ["examples", "stdlib"] {
        for path in sources(&root().join(dir)) {
            let src = fs::read_to_string(&path).unwrap();
            for i in prefixes::prefixes(&src) {
                let what = format!("{} prefix of {i} bytes", path.display());
                match fmt_twice(&src[..i], &what) {
                    Ok(_) => ok += 1,
                    Err(FmtError::Syntax(_)) => refused += 1,
                    Err(e) => panic!("{what}: {e:?}"),
                }
            }
        }
    }
    assert!(
        ok > 100 && refused > 1000,
        "{ok} formatted, {refused} refused"
    );
}

/// Comments put between any two tokens of the examples (one at a time, and several at once
/// with empty lines) always format, idempotently: where the layout cannot keep a comment at the
/// end of a line it keeps it where it was.
#[test]
fn comments_anywhere_format_idempotently() {
    const KINDS: [&str; 6] = [
        " /* c */ ",
        " // c\n",
        "\n// c\n",
        "\n\n/* c */\n\n",
        " /* a\n b */ ",
        "\n/* k */ /* l */ // m\n",
    ];
    let mut state = 7u64;
    let mut next = move |n: usize| {
        state = state
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        ((state >> 33) as usize) % n
    };
    let mut cases = 0;
    for dir in ["examples", "stdlib", "tests/fmt"] {
        for path in sources(&root().join(dir)) {
            let src = fs::read_to_string(&path).unwrap();
            // The gaps between tokens: after each token's end (not after a doc comment, whose
            // line would take the comment in).
            let toks: Vec<_> = iamx::lexer::tokens(&src, 0).map(|t| t.unwrap()).collect();
            let gaps: Vec<usize> = toks
                .iter()
                .filter(|t| !matches!(t.1, Token::DocComment(_)))
                .map(|t| t.2)
                .collect();
            // One comment at a time in each kind of gap of the file: where the layout puts a
            // comment depends on the tokens on either side and the bracket it is in, so a gap
            // between the same two kinds of token in the same kind of bracket (`,` then a
            // string in a list, `}` at the end of a block) is the same case again, as is
            // any comment there; each distinct case is tried once per file, the kinds of
            // comment in turn, and every kind again in the random mixes below.
            let mut seen = std::collections::HashSet::new();
            let mut open: Vec<&Token> = Vec::new();
            let mut one_at_a_time = Vec::new();
            for w in toks.windows(2) {
                let [(_, a, end), (_, b, _)] = w else {
                    unreachable!()
                };
                match a {
                    Token::LBrace | Token::LParen | Token::LBracket => open.push(a),
                    Token::RBrace | Token::RParen | Token::RBracket => drop(open.pop()),
                    _ => {}
                }
                if matches!(a, Token::DocComment(_)) {
                    continue;
                }
                let inside = open.last().map(|t| std::mem::discriminant(*t));
                let case = (std::mem::discriminant(a), std::mem::discriminant(b), inside);
                if seen.insert(case) {
                    one_at_a_time.push(vec![(*end, KINDS[seen.len() % 6])]);
                }
            }
            // And after the last token.
            if let Some(&last) = gaps.last() {
                one_at_a_time.push(vec![(last, KINDS[0])]);
            }
            let several = (0..40).map(|_| {
                let mut at: Vec<(usize, &str)> = (0..4)
                    .map(|_| (gaps[next(gaps.len())], KINDS[next(6)]))
                    .collect();
                at.sort_by_key(|a| std::cmp::Reverse(a.0));
                at
            });
            for inserts in one_at_a_time.into_iter().chain(several) {
                let mut text = src.clone();
                for (at, what) in &inserts {
                    text.insert_str(*at, what);
                }
                let what = format!("{} with {inserts:?}", path.display());
                match fmt_twice(&text, &what) {
                    Ok(_) => cases += 1,
                    Err(e) => panic!("{what}: {e:?}\n{text}"),
                }
            }
        }
    }
    assert!(cases > 1500, "only {cases} cases");
}

#[test]
fn nesting_up_to_the_parser_limit_formats() {
    let limit = iamx::parser::MAX_NESTING;
    let mut value = "1".to_string();
    for i in 0..limit {
        value = match i % 3 {
            0 => format!("[{value}]"),
            1 => format!("f({value})"),
            _ => format!("{{ a: {value} }}"),
        };
    }
    let out = fmt_twice(&format!("let a = {value}\n"), "deep").unwrap();
    assert!(out.lines().count() > limit);
    let too_deep = format!(
        "let a = {}1{}\n",
        "[".repeat(limit + 1),
        "]".repeat(limit + 1)
    );
    assert!(matches!(format(&too_deep, 0), Err(FmtError::Syntax(_))));
}

#[test]
fn large_lists_and_many_comments_format() {
    let list: String = (0..20_000)
        .map(|i| format!("\"item-{i}\", // c{i}\n"))
        .collect();
    let src = format!("let a = [{list}]\n");
    let out = fmt_twice(&src, "large list").unwrap();
    assert_eq!(out.lines().count(), 20_002);
}

fn iamx(args: &[&str], stdin: Option<&[u8]>) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_iamx"))
        .args(args)
        .current_dir(root())
        .env("NO_COLOR", "1")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let input = child.stdin.take().unwrap();
    if let Some(bytes) = stdin {
        use std::io::Write;
        let mut input = input;
        input.write_all(bytes).unwrap();
    }
    child.wait_with_output().unwrap()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

const MESSY: &str = "role r { name = \"r\"\n trust service \"ecs-tasks.amazonaws.com\" }\n";
const TIDY: &str = "role r {\n  name = \"r\"\n  trust service \"ecs-tasks.amazonaws.com\"\n}\n";

#[test]
fn check_names_the_files_that_would_change_and_writes_nothing() {
    let d = tmp("check");
    let (messy, tidy) = (d.join("messy.iamx"), d.join("tidy.iamx"));
    fs::write(&messy, MESSY).unwrap();
    fs::write(&tidy, TIDY).unwrap();
    let o = iamx(&["fmt", "--check", tidy.to_str().unwrap()], None);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let o = iamx(
        &[
            "fmt",
            "--check",
            tidy.to_str().unwrap(),
            messy.to_str().unwrap(),
        ],
        None,
    );
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert!(
        err.contains("error[E0807]") && err.contains("messy.iamx` is not formatted"),
        "{err}"
    );
    assert!(!err.contains("tidy.iamx` is not"), "{err}");
    assert!(
        err.contains("1 file would be reformatted, 1 already formatted"),
        "{err}"
    );
    assert_eq!(fs::read_to_string(&messy).unwrap(), MESSY);
    // Machine-readable: the same diagnostic in json.
    let o = iamx(
        &[
            "--error-format",
            "json",
            "fmt",
            "--check",
            messy.to_str().unwrap(),
        ],
        None,
    );
    let diags: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(diags[0]["code"], "E0807");
    assert_eq!(diags[0]["line"], 1);
}

#[test]
fn fmt_rewrites_atomically_and_leaves_formatted_files_alone() {
    use std::os::unix::fs::{MetadataExt, PermissionsExt};
    let d = tmp("write");
    let (messy, tidy) = (d.join("messy.iamx"), d.join("tidy.iamx"));
    fs::write(&messy, MESSY).unwrap();
    fs::write(&tidy, TIDY).unwrap();
    fs::set_permissions(&messy, fs::Permissions::from_mode(0o640)).unwrap();
    let before = fs::metadata(&tidy).unwrap();
    let o = iamx(
        &["fmt", messy.to_str().unwrap(), tidy.to_str().unwrap()],
        None,
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(stderr(&o).contains("1 file reformatted, 1 already formatted"));
    assert_eq!(fs::read_to_string(&messy).unwrap(), TIDY);
    let mode = fs::metadata(&messy).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o640, "permissions kept");
    let after = fs::metadata(&tidy).unwrap();
    assert_eq!(
        (before.ino(), before.mtime(), before.mtime_nsec()),
        (after.ino(), after.mtime(), after.mtime_nsec()),
        "a formatted file is not rewritten"
    );
    let names: Vec<_> = fs::read_dir(&d)
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(names.len(), 2, "no temporary file left: {names:?}");
}

#[test]
fn a_read_only_file_is_not_replaced() {
    use std::os::unix::fs::PermissionsExt;
    let d = tmp("readonly");
    let file = d.join("locked.iamx");
    fs::write(&file, MESSY).unwrap();
    fs::set_permissions(&file, fs::Permissions::from_mode(0o444)).unwrap();
    let o = iamx(&["fmt", file.to_str().unwrap()], None);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("E0808") && stderr(&o).contains("read-only"),
        "{}",
        stderr(&o)
    );
    assert_eq!(fs::read_to_string(&file).unwrap(), MESSY);
    // --check reads it all the same.
    assert_eq!(
        iamx(&["fmt", "--check", file.to_str().unwrap()], None)
            .status
            .code(),
        Some(1)
    );
}

#[test]
fn a_symbolic_link_is_formatted_through() {
    let d = tmp("link");
    let target = d.join("real.iamx");
    let link = d.join("link.iamx");
    fs::write(&target, MESSY).unwrap();
    std::os::unix::fs::symlink(&target, &link).unwrap();
    let o = iamx(&["fmt", link.to_str().unwrap()], None);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(
        fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink()
    );
    assert_eq!(fs::read_to_string(&target).unwrap(), TIDY);
}

#[test]
fn a_file_that_does_not_parse_is_refused_and_left_untouched() {
    let d = tmp("broken");
    let broken = d.join("broken.iamx");
    let messy = d.join("messy.iamx");
    let text = "role r {  name = \n}\nrole   s { }\n";
    fs::write(&broken, text).unwrap();
    fs::write(&messy, MESSY).unwrap();
    let o = iamx(
        &["fmt", broken.to_str().unwrap(), messy.to_str().unwrap()],
        None,
    );
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("error[E0201]"), "{}", stderr(&o));
    assert_eq!(fs::read_to_string(&broken).unwrap(), text);
    assert_eq!(
        fs::read_to_string(&messy).unwrap(),
        TIDY,
        "the other file is formatted"
    );
}

#[test]
fn stdin_is_formatted_to_stdout() {
    let o = iamx(&["fmt", "-"], Some(MESSY.as_bytes()));
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(String::from_utf8_lossy(&o.stdout), TIDY);
    assert_eq!(stderr(&o), "");
    let o = iamx(&["fmt", "--check", "-"], Some(MESSY.as_bytes()));
    assert_eq!(o.status.code(), Some(1));
    assert!(o.stdout.is_empty());
    assert!(
        stderr(&o).contains("`<stdin>` is not formatted"),
        "{}",
        stderr(&o)
    );
    let o = iamx(&["fmt", "-"], Some(b"role r { name = }"));
    assert_eq!(o.status.code(), Some(1));
    assert!(
        o.stdout.is_empty(),
        "nothing on stdout for a source that does not parse"
    );
    let o = iamx(&["fmt", "-"], Some(b"let a = \"\xff\""));
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("E0802"), "{}", stderr(&o));
}

#[test]
fn bad_paths_are_usage_errors_and_names_reach_the_terminal_escaped() {
    let o = iamx(&["fmt", "README.md"], None);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("is not an iamx source"));
    let o = iamx(&["fmt", "no/such/file.iamx"], None);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("E0801"));
    let d = tmp("names");
    let odd = d.join("a\u{1b}]0;title\u{7}\n.iamx");
    fs::write(&odd, MESSY).unwrap();
    let o = iamx(&["fmt", "--check", odd.to_str().unwrap()], None);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert!(err.contains("E0807"), "{err}");
    assert!(
        !err.chars()
            .any(|c| c != '\n' && iamx::diag::needs_escape(c)),
        "a control character reached the terminal: {err:?}"
    );
}

/// docs/formatting.md shows what the formatter does: each "Before:" block formats to the
/// "After:" block that follows it, and that one is a fixed point.
#[test]
fn the_examples_of_docs_formatting_md_are_true() {
    let doc = fs::read_to_string(root().join("docs/formatting.md")).unwrap();
    let mut pairs = 0;
    let mut rest = doc.as_str();
    let block = |label: &str, text: &str| -> Option<(String, usize)> {
        let head = format!("{label}:\n\n```iamx\n");
        let start = text.find(&head)? + head.len();
        let len = text[start..].find("```")?;
        Some((text[start..start + len].to_string(), start + len))
    };
    while let Some((before, end)) = block("Before", rest) {
        let (after, end2) = block("After", &rest[end..]).expect("an After: block");
        let out = fmt_twice(&before, "docs/formatting.md").unwrap();
        assert_eq!(out, after, "docs/formatting.md: Before block {}", pairs + 1);
        rest = &rest[end + end2..];
        pairs += 1;
    }
    assert!(pairs >= 4, "only {pairs} before/after pairs");
}
