; Helix indentation (hand-written: Helix's captures differ from Neovim's).

[
  (block)
  (list)
  (map)
  (arguments)
  (parameters)
] @indent

[
  "}"
  "]"
  ")"
] @outdent
