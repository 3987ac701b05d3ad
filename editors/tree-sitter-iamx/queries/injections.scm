; Comments may carry TODO/FIXME/NOTE markers: hand them to the `comment` grammar where the editor
; has it (Neovim, Helix).

([
  (line_comment)
  (block_comment)
  (doc_comment)
] @injection.content
  (#set! injection.language "comment"))
