-- `iamx lsp` for Neovim 0.11+: `vim.lsp.enable("iamx")` once this directory is on 'runtimepath'.
---@type vim.lsp.Config
return {
  cmd = { "iamx", "lsp" },
  filetypes = { "iamx" },
  root_markers = { ".git" },
}
