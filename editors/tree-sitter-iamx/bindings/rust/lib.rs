//! The iamx grammar for [tree-sitter](https://tree-sitter.github.io/).
//!
//! ```ignore
//! let mut parser = tree_sitter::Parser::new();
//! parser.set_language(&tree_sitter_iamx::LANGUAGE.into())?;
//! let tree = parser.parse("role task { trust service \"ecs-tasks.amazonaws.com\" }", None);
//! ```

use tree_sitter_language::LanguageFn;

unsafe extern "C" {
    fn tree_sitter_iamx() -> *const ();
}

/// The tree-sitter [`LanguageFn`] for iamx.
pub const LANGUAGE: LanguageFn = unsafe { LanguageFn::from_raw(tree_sitter_iamx) };

/// The content of the [`node-types.json`] file for this grammar.
pub const NODE_TYPES: &str = include_str!("../../src/node-types.json");

/// Highlights, in the order tree-sitter's own highlighter reads (the first match wins).
pub const HIGHLIGHTS_QUERY: &str = include_str!("../../queries/highlights.scm");

/// Scopes, definitions and references.
pub const LOCALS_QUERY: &str = include_str!("../../queries/locals.scm");

/// Language injections (comment markers).
pub const INJECTIONS_QUERY: &str = include_str!("../../queries/injections.scm");

/// Definitions and references for code navigation.
pub const TAGS_QUERY: &str = include_str!("../../queries/tags.scm");
