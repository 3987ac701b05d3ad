//! Shared helpers: the repository's files, the parser, queries.

#![allow(dead_code, reason = "each test binary uses a part")]

use std::path::{Path, PathBuf};
use tree_sitter::{Language, Node, Parser, Query, Tree};

/// The repository root (two levels above this crate).
pub fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// This crate's directory.
pub fn here() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

pub fn language() -> Language {
    tree_sitter_iamx::LANGUAGE.into()
}

pub fn parse(source: &str) -> Tree {
    let mut parser = Parser::new();
    parser
        .set_language(&language())
        .expect("the generated parser's ABI is one the tree-sitter crate loads");
    parser
        .parse(source, None)
        .expect("parsing without a timeout or cancellation")
}

pub fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Every file under `dir` with the extension `ext`, sorted, skipping build output and tools.
pub fn files(dir: &Path, ext: &str) -> Vec<PathBuf> {
    let mut out = Vec::new();
    walk(dir, ext, &mut out);
    out.sort();
    out
}

fn walk(dir: &Path, ext: &str, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        let name = entry.file_name().to_string_lossy().into_owned();
        if path.is_dir() {
            if !matches!(
                name.as_str(),
                "target" | "node_modules" | ".git" | "out" | "dist"
            ) {
                walk(&path, ext, out);
            }
        } else if path.extension().is_some_and(|e| e == ext) {
            out.push(path);
        }
    }
}

/// The ERROR and MISSING nodes of a tree, as `line:column kind` strings (1-based).
pub fn errors(tree: &Tree) -> Vec<String> {
    let mut out = Vec::new();
    collect_errors(tree.root_node(), &mut out);
    out
}

fn collect_errors(node: Node, out: &mut Vec<String>) {
    if node.is_error() || node.is_missing() {
        let p = node.start_position();
        let what = if node.is_missing() {
            format!("MISSING {}", node.kind())
        } else {
            "ERROR".to_string()
        };
        out.push(format!("{}:{} {what}", p.row + 1, p.column + 1));
        return;
    }
    if !node.has_error() {
        return;
    }
    let mut cursor = node.walk();
    for child in node.children(&mut cursor) {
        collect_errors(child, out);
    }
}

pub fn query(source: &str, what: &str) -> Query {
    Query::new(&language(), source).unwrap_or_else(|e| panic!("{what} does not compile: {e}"))
}

/// The ```iamx blocks of a Markdown file, with the 1-based line each starts on.
pub fn markdown_blocks(text: &str) -> Vec<(usize, String)> {
    let mut out = Vec::new();
    let mut current: Option<(usize, String)> = None;
    for (i, line) in text.lines().enumerate() {
        let trimmed = line.trim_start();
        match current.as_mut() {
            None if trimmed.starts_with("```iamx") => current = Some((i + 2, String::new())),
            None => {}
            Some(_) if trimmed.starts_with("```") => out.extend(current.take()),
            Some((_, body)) => {
                body.push_str(line);
                body.push('\n');
            }
        }
    }
    out
}
