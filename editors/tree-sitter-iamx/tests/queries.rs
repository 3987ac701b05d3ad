//! The queries compile against the grammar, and highlight what they should.

mod common;

use common::*;
use std::collections::HashSet;
use streaming_iterator::StreamingIterator;
use tree_sitter::QueryCursor;

#[test]
fn the_grammar_queries_compile() {
    for name in [
        "highlights",
        "locals",
        "injections",
        "tags",
        "folds",
        "indents",
    ] {
        let path = here().join(format!("queries/{name}.scm"));
        query(&read(&path), &path.display().to_string());
    }
}

/// Every keyword and every literal of every example is captured by the highlights query.
#[test]
fn highlights_cover_every_keyword_and_literal() {
    let highlights = query(tree_sitter_iamx::HIGHLIGHTS_QUERY, "highlights.scm");
    let mut sources: Vec<_> = files(&repo().join("examples"), "iamx");
    sources.extend(files(&repo().join("stdlib"), "iamx"));
    sources.extend(files(&here().join("test/sources"), "iamx"));
    sources.push(repo().join("editors/vscode/test/grammar/syntax.test.iamx"));
    let mut missing = Vec::new();
    for path in &sources {
        let text = read(path);
        let tree = parse(&text);
        let mut captured = HashSet::new();
        let mut cursor = QueryCursor::new();
        let mut captures = cursor.captures(&highlights, tree.root_node(), text.as_bytes());
        while let Some((m, i)) = captures.next() {
            captured.insert(m.captures()[*i].node.id());
        }
        let mut stack = vec![tree.root_node()];
        while let Some(node) = stack.pop() {
            let leaf = node.child_count() == 0;
            let wanted = leaf
                && (node
                    .kind()
                    .chars()
                    .all(|c| c.is_ascii_alphabetic() || c == '_')
                    || matches!(
                        node.kind(),
                        "integer"
                            | "duration"
                            | "qualified_name"
                            | "condition_key"
                            | "raw_operator"
                            | "escape_sequence"
                            | "policy_variable"
                            | "doc_comment"
                            | "line_comment"
                            | "block_comment"
                            | "identifier"
                    ));
            if wanted && !captured.contains(&node.id()) && !ancestor_captured(node, &captured) {
                let p = node.start_position();
                missing.push(format!(
                    "{}:{}:{} `{}`",
                    path.display(),
                    p.row + 1,
                    p.column + 1,
                    &text[node.byte_range()]
                ));
            }
            let mut cursor = node.walk();
            stack.extend(node.children(&mut cursor));
        }
    }
    assert!(
        missing.is_empty(),
        "not highlighted:\n{}",
        missing.join("\n")
    );
}

fn ancestor_captured(node: tree_sitter::Node, captured: &HashSet<usize>) -> bool {
    let mut n = node.parent();
    while let Some(p) = n {
        if captured.contains(&p.id()) {
            return true;
        }
        n = p.parent();
    }
    false
}
