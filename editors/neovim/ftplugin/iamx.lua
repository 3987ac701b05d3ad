-- iamx buffers: comments, indentation, and tree-sitter highlighting when the parser is installed.
vim.bo.commentstring = "// %s"
vim.bo.comments = "s1:/*,mb:*,ex:*/,:///,://"
vim.bo.expandtab = true
vim.bo.shiftwidth = 2
vim.bo.softtabstop = 2

-- Highlight with the iamx parser (parser/iamx.so on 'runtimepath', see docs/editors.md); without
-- it, keep Vim's plain highlighting rather than fail.
if vim.treesitter.start then
  pcall(vim.treesitter.start)
end
