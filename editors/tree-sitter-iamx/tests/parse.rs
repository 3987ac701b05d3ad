//! The committed parser (src/parser.c) against every iamx source of the repository.
//!
//! Every `.iamx` file and every ```iamx block of the Markdown files must parse with no ERROR or
//! MISSING node, except the compiler's own lexer and parser error cases (`tests/errors/lex_*`,
//! `tests/errors/parse_*`, and editors/vscode/test/grammar/invalid.test.iamx), which must produce one: the grammar accepts what the compiler accepts,
//! and does not silently swallow what it rejects.

mod common;

use common::*;

fn expects_error(path: &std::path::Path) -> bool {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let dir = path.parent();
    (dir.is_some_and(|p| p.ends_with("tests/errors")) && (name.starts_with("lex_") || name.starts_with("parse_")))
        // The TextMate grammar's assertions over what the lexer rejects.
        || (dir.is_some_and(|p| p.ends_with("editors/vscode/test/grammar")) && name == "invalid.test.iamx")
}

#[test]
fn every_iamx_file_parses() {
    let repo = repo();
    let all = files(&repo, "iamx");
    assert!(
        all.len() > 100,
        "found only {} .iamx files under {}",
        all.len(),
        repo.display()
    );
    let mut problems = Vec::new();
    let mut clean = 0;
    for path in &all {
        let source = read(path);
        let errors = errors(&parse(&source));
        let rel = path
            .strip_prefix(&repo)
            .unwrap_or(path)
            .display()
            .to_string();
        match (expects_error(path), errors.is_empty()) {
            (false, false) => problems.push(format!("{rel}: {}", errors.join(", "))),
            (true, true) => problems.push(format!(
                "{rel}: the compiler rejects it, the grammar does not"
            )),
            (false, true) => clean += 1,
            (true, false) => {}
        }
    }
    assert!(
        problems.is_empty(),
        "{} of {} files:\n{}",
        problems.len(),
        all.len(),
        problems.join("\n")
    );
    assert!(clean > 100);
}

#[test]
fn every_markdown_iamx_block_parses() {
    let repo = repo();
    let mut problems = Vec::new();
    let mut blocks = 0;
    for path in files(&repo, "md") {
        for (line, block) in markdown_blocks(&read(&path)) {
            blocks += 1;
            let errors = errors(&parse(&block));
            if !errors.is_empty() {
                let rel = path
                    .strip_prefix(&repo)
                    .unwrap_or(&path)
                    .display()
                    .to_string();
                problems.push(format!("{rel}:{line}: {}", errors.join(", ")));
            }
        }
    }
    assert!(
        blocks > 0,
        "no ```iamx block found in the repository's Markdown"
    );
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn the_provider_examples_parse() {
    // The examples of the providers contract (section 10.3) and the syntax other branches add:
    // new declaration kinds and contextual words need no grammar change.
    for path in files(&here().join("test/sources"), "iamx") {
        let errors = errors(&parse(&read(&path)));
        assert!(
            errors.is_empty(),
            "{}: {}",
            path.display(),
            errors.join(", ")
        );
    }
}

#[test]
fn broken_input_never_hangs_or_crashes() {
    // Every prefix of an example: the parser recovers from any truncation.
    let source = read(&repo().join("examples/every_kind.iamx"));
    for end in (0..source.len()).filter(|i| source.is_char_boundary(*i)) {
        let tree = parse(&source[..end]);
        assert_eq!(tree.root_node().kind(), "source_file");
    }
}
