; Generated from editors/tree-sitter-iamx/queries/folds.scm by editors/tree-sitter-iamx/tests/editors.rs:
; edit that file, then run `UPDATE_QUERIES=1 cargo test --test editors` there.
[
  (block)
  (list)
  (map)
  (arguments)
  (block_comment)
] @fold
