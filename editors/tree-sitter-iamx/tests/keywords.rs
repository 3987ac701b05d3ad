//! Three lexers must not drift apart: every token of the compiler's lexer (src/lexer/mod.rs, the
//! authority) is named by the tree-sitter grammar (src/grammar.json, generated from grammar.js),
//! by the TextMate grammar (editors/vscode/syntaxes/iamx.tmLanguage.json, generated from
//! iamx.tmLanguage.mjs), and used in the VS Code scope-assertion file
//! (editors/vscode/test/grammar/syntax.test.iamx), whose assertions `vscode-tmgrammar-test` checks.

mod common;

use common::*;
use serde_json::Value;

/// The `#[token("...")]` literals of the lexer.
fn lexer_tokens() -> Vec<String> {
    let source = read(&repo().join("src/lexer/mod.rs"));
    let mut out = Vec::new();
    for line in source.lines() {
        let Some(rest) = line.trim().strip_prefix("#[token(\"") else {
            continue;
        };
        let mut token = String::new();
        let mut chars = rest.chars();
        while let Some(c) = chars.next() {
            match c {
                '\\' => token.extend(chars.next()),
                '"' => break,
                c => token.push(c),
            }
        }
        out.push(token);
    }
    assert!(
        out.len() > 50,
        "read only {} tokens from the lexer: has its layout changed?",
        out.len()
    );
    out
}

fn is_word(token: &str) -> bool {
    token.chars().all(|c| c.is_ascii_alphabetic() || c == '_')
}

/// Every STRING rule of the generated tree-sitter grammar.
fn tree_sitter_strings() -> Vec<String> {
    fn walk(v: &Value, out: &mut Vec<String>) {
        match v {
            Value::Object(map) => {
                if map.get("type").and_then(Value::as_str) == Some("STRING") {
                    out.extend(map.get("value").and_then(Value::as_str).map(str::to_string));
                }
                map.values().for_each(|v| walk(v, out));
            }
            Value::Array(items) => items.iter().for_each(|v| walk(v, out)),
            _ => {}
        }
    }
    let grammar: Value =
        serde_json::from_str(&read(&here().join("src/grammar.json"))).expect("grammar.json");
    let mut out = Vec::new();
    walk(&grammar, &mut out);
    out
}

/// Every regex of the TextMate grammar.
fn textmate_regexes() -> Vec<String> {
    fn walk(v: &Value, out: &mut Vec<String>) {
        match v {
            Value::Object(map) => {
                for (k, v) in map {
                    match (k.as_str(), v) {
                        ("match" | "begin" | "end", Value::String(s)) => out.push(s.clone()),
                        _ => walk(v, out),
                    }
                }
            }
            Value::Array(items) => items.iter().for_each(|v| walk(v, out)),
            _ => {}
        }
    }
    let path = repo().join("editors/vscode/syntaxes/iamx.tmLanguage.json");
    let grammar: Value = serde_json::from_str(&read(&path)).expect("iamx.tmLanguage.json");
    let mut out = Vec::new();
    walk(&grammar, &mut out);
    out
}

/// The regex without its negative lookaheads `(?!...)`, which name words they do NOT match.
fn without_negative_lookaheads(regex: &str) -> String {
    let mut out = String::new();
    let mut rest = regex;
    while let Some(start) = rest.find("(?!") {
        out.push_str(&rest[..start]);
        let mut depth = 0;
        let mut end = rest.len();
        let mut escaped = false;
        for (i, c) in rest[start..].char_indices() {
            match c {
                _ if escaped => escaped = false,
                '\\' => escaped = true,
                '(' => depth += 1,
                ')' => {
                    depth -= 1;
                    if depth == 0 {
                        end = start + i + 1;
                        break;
                    }
                }
                _ => {}
            }
        }
        rest = &rest[end..];
    }
    out.push_str(rest);
    out
}

/// `word` stands as a whole alternative in a regex: `(?:use|as)`, `\b(allow|deny)\b`.
fn names_word(regex: &str, word: &str) -> bool {
    let regex = without_negative_lookaheads(regex);
    let regex = regex.as_str();
    regex.match_indices(word).any(|(i, _)| {
        let before = regex[..i].chars().next_back();
        let after = regex[i + word.len()..].chars().next();
        matches!(before, Some('(' | '|' | ':')) && matches!(after, Some('|' | ')'))
    })
}

#[test]
fn the_tree_sitter_grammar_names_every_lexer_token() {
    let strings = tree_sitter_strings();
    let missing: Vec<_> = lexer_tokens()
        .into_iter()
        // `"` opens a string and `/*` a block comment: tokens of their own in tree-sitter.
        .filter(|t| t != "\"" && t != "/*")
        .filter(|t| !strings.contains(t))
        .collect();
    assert!(
        missing.is_empty(),
        "tokens of src/lexer/mod.rs not in grammar.js: {missing:?}"
    );
}

#[test]
fn the_textmate_grammar_names_every_lexer_keyword() {
    let regexes = textmate_regexes();
    let missing: Vec<_> = lexer_tokens()
        .into_iter()
        .filter(|t| is_word(t))
        .filter(|t| !regexes.iter().any(|r| names_word(r, t)))
        .collect();
    assert!(
        missing.is_empty(),
        "keywords of src/lexer/mod.rs not in editors/vscode/syntaxes/iamx.tmLanguage.mjs: {missing:?}"
    );
}

#[test]
fn the_scope_assertions_use_every_lexer_token() {
    let path = repo().join("editors/vscode/test/grammar/syntax.test.iamx");
    let text = read(&path);
    // Source lines only: assertion lines start with `//` followed by `^` or `<`.
    let source: String = text
        .lines()
        .filter(|l| {
            let t = l.trim_start();
            !(t.starts_with("//") && matches!(t[2..].trim_start().chars().next(), Some('^' | '<')))
        })
        .collect::<Vec<_>>()
        .join("\n");
    let tree = parse(&source);
    let mut leaves = std::collections::HashSet::new();
    let mut stack = vec![tree.root_node()];
    while let Some(node) = stack.pop() {
        if node.child_count() == 0 {
            leaves.insert(source[node.byte_range()].to_string());
        }
        let mut cursor = node.walk();
        stack.extend(node.children(&mut cursor));
    }
    let missing: Vec<_> = lexer_tokens()
        .into_iter()
        .filter(|t| t != "\"" && t != "/*")
        .filter(|t| !leaves.contains(t))
        .collect();
    assert!(
        missing.is_empty(),
        "{} does not use: {missing:?}",
        path.display()
    );
    for kind in [
        "qualified_name",
        "duration",
        "integer",
        "doc_comment",
        "line_comment",
        "block_comment",
        "escape_sequence",
        "interpolation",
        "policy_variable",
        "attribute",
    ] {
        assert!(sexp_has(&tree, kind), "{} has no {kind}", path.display());
    }
    assert!(
        errors(&tree).is_empty(),
        "{}: {:?}",
        path.display(),
        errors(&tree)
    );
}

fn sexp_has(tree: &tree_sitter::Tree, kind: &str) -> bool {
    let mut stack = vec![tree.root_node()];
    while let Some(node) = stack.pop() {
        if node.kind() == kind {
            return true;
        }
        let mut cursor = node.walk();
        stack.extend(node.children(&mut cursor));
    }
    false
}

#[test]
fn drift_is_caught() {
    assert!(names_word(r"\b(?:use|as)\b", "use"));
    assert!(names_word(r"\b(?:use|as)\b", "as"));
    assert!(!names_word(r"\b(?:user|assumable)\b", "use"));
    assert!(!names_word(r"\b(?:fuse)\b", "use"));
    assert!(!names_word(r"^(?!\b(?:use|as)\b)(x)", "use"));
    assert!(names_word(r"^(?!\b(?:a\)|b)\b)(use|x)", "use"));
    assert!(lexer_tokens().iter().any(|t| t == "allow"));
    assert!(lexer_tokens().iter().any(|t| t == "=="));
}
