//! The per-editor copies of the queries (editors/neovim, editors/helix, editors/zed) are generated
//! from queries/*.scm: the same patterns, in the same order (every one of these editors lets the
//! last matching pattern win), with capture names mapped to each editor's vocabulary. This test
//! fails when a copy is stale; `UPDATE_QUERIES=1 cargo test --test editors` rewrites them.
//! Every query, generated or written by hand, must compile against the grammar.

mod common;

use common::*;
use std::path::PathBuf;

/// Helix's scope names (docs.helix-editor.com/themes.html#scopes) for Neovim's capture names.
const HELIX: &[(&str, &str)] = &[
    ("keyword.type", "keyword.storage.type"),
    ("keyword.import", "keyword.control.import"),
    ("keyword.conditional", "keyword.control.conditional"),
    ("number", "constant.numeric.integer"),
    ("boolean", "constant.builtin.boolean"),
    ("character.special", "special"),
    ("module", "namespace"),
    ("variable.member", "variable.other.member"),
    ("property", "variable.other.member"),
    ("string.escape", "constant.character.escape"),
    ("comment.documentation", "comment.line.documentation"),
    ("function.call", "function"),
    ("type.definition", "type"),
    ("local.definition.var", "local.definition.variable"),
    (
        "local.definition.parameter",
        "local.definition.variable.parameter",
    ),
    ("local.definition.import", "local.definition.namespace"),
];

/// Zed's highlight names (zed.dev/docs/extensions/languages#syntax-highlighting); names with a
/// known prefix (`keyword.type` -> `keyword`) are resolved by Zed itself.
const ZED: &[(&str, &str)] = &[
    ("comment.documentation", "comment.doc"),
    ("module", "type"),
    ("variable.member", "property"),
    ("variable.builtin", "variable.special"),
    ("character.special", "constant"),
];

struct Copy {
    from: &'static str,
    to: &'static str,
    names: &'static [(&'static str, &'static str)],
}

const COPIES: &[Copy] = &[
    Copy {
        from: "highlights",
        to: "neovim/queries/iamx/highlights.scm",
        names: &[],
    },
    Copy {
        from: "locals",
        to: "neovim/queries/iamx/locals.scm",
        names: &[],
    },
    Copy {
        from: "injections",
        to: "neovim/queries/iamx/injections.scm",
        names: &[],
    },
    Copy {
        from: "folds",
        to: "neovim/queries/iamx/folds.scm",
        names: &[],
    },
    Copy {
        from: "indents",
        to: "neovim/queries/iamx/indents.scm",
        names: &[],
    },
    Copy {
        from: "highlights",
        to: "helix/queries/iamx/highlights.scm",
        names: HELIX,
    },
    Copy {
        from: "locals",
        to: "helix/queries/iamx/locals.scm",
        names: HELIX,
    },
    Copy {
        from: "injections",
        to: "helix/queries/iamx/injections.scm",
        names: HELIX,
    },
    Copy {
        from: "highlights",
        to: "zed/languages/iamx/highlights.scm",
        names: ZED,
    },
];

/// Hand-written, editor-specific queries: checked to compile.
const HAND_WRITTEN: &[&str] = &[
    "helix/queries/iamx/indents.scm",
    "helix/queries/iamx/textobjects.scm",
    "zed/languages/iamx/brackets.scm",
    "zed/languages/iamx/indents.scm",
    "zed/languages/iamx/outline.scm",
];

fn editors() -> PathBuf {
    here().join("..")
}

/// Replaces every `@capture` whose whole name is in `names`.
fn rename(source: &str, names: &[(&str, &str)]) -> String {
    let mut out = String::with_capacity(source.len());
    let mut rest = source;
    while let Some(at) = rest.find('@') {
        out.push_str(&rest[..at]);
        let after = &rest[at + 1..];
        let len = after
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '.' || c == '_' || c == '-'))
            .unwrap_or(after.len());
        let name = &after[..len];
        let mapped = names
            .iter()
            .find(|(from, _)| *from == name)
            .map_or(name, |(_, to)| to);
        out.push('@');
        out.push_str(mapped);
        rest = &after[len..];
    }
    out.push_str(rest);
    out
}

fn generated(copy: &Copy) -> String {
    let source = read(&here().join(format!("queries/{}.scm", copy.from)));
    // Drop the source's header comment: it describes the source, not the copy.
    let body = source
        .lines()
        .skip_while(|l| l.starts_with(';'))
        .collect::<Vec<_>>()
        .join("\n");
    format!(
        "; Generated from editors/tree-sitter-iamx/queries/{}.scm by editors/tree-sitter-iamx/tests/editors.rs:\n\
         ; edit that file, then run `UPDATE_QUERIES=1 cargo test --test editors` there.\n{}\n",
        copy.from,
        rename(body.trim_end(), copy.names)
    )
}

#[test]
fn editor_queries_are_generated_from_the_grammar_queries() {
    let update = std::env::var_os("UPDATE_QUERIES").is_some();
    let mut stale = Vec::new();
    for copy in COPIES {
        let path = editors().join(copy.to);
        let want = generated(copy);
        if std::fs::read_to_string(&path).ok().as_deref() != Some(want.as_str()) {
            if update {
                std::fs::create_dir_all(path.parent().expect("a file in a directory"))
                    .expect("mkdir");
                std::fs::write(&path, &want).expect("write");
            } else {
                stale.push(copy.to);
            }
        }
    }
    assert!(
        stale.is_empty(),
        "stale editor queries (run `UPDATE_QUERIES=1 cargo test --test editors` in editors/tree-sitter-iamx): {stale:?}"
    );
}

#[test]
fn every_editor_query_compiles() {
    for rel in COPIES
        .iter()
        .map(|c| c.to)
        .chain(HAND_WRITTEN.iter().copied())
    {
        let path = editors().join(rel);
        query(&read(&path), rel);
    }
}

#[test]
fn renaming_maps_whole_capture_names_only() {
    let out = rename("(x) @module (y) @module.other (#eq? @module \"m\")", HELIX);
    assert_eq!(
        out,
        "(x) @namespace (y) @module.other (#eq? @namespace \"m\")"
    );
}
