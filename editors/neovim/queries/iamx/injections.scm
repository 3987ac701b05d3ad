; Generated from editors/tree-sitter-iamx/queries/injections.scm by editors/tree-sitter-iamx/tests/editors.rs:
; edit that file, then run `UPDATE_QUERIES=1 cargo test --test editors` there.

([
  (line_comment)
  (block_comment)
  (doc_comment)
] @injection.content
  (#set! injection.language "comment"))
