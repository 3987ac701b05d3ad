; Neovim indentation: bodies, lists, maps and argument lists indent their contents.

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
