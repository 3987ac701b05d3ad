; Generated from editors/tree-sitter-iamx/queries/indents.scm by editors/tree-sitter-iamx/tests/editors.rs:
; edit that file, then run `UPDATE_QUERIES=1 cargo test --test editors` there.

[
  (block)
  (list)
  (map)
  (arguments)
  (parameters)
] @indent.begin

[
  "}"
  "]"
  ")"
] @indent.branch

[
  "}"
  "]"
  ")"
] @indent.end

[
  (line_comment)
  (block_comment)
  (doc_comment)
] @indent.auto
