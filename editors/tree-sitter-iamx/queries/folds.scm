[
  (block)
  (list)
  (map)
  (arguments)
  (block_comment)
] @fold
