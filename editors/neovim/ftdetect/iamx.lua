-- `.iamx` files are iamx.
vim.filetype.add({ extension = { iamx = "iamx" } })
