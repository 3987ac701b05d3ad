-- A headless Neovim (0.7+) as a real client of `iamx lsp`: it opens IAMX_FILE (which has a
-- misspelt action after non-ASCII text on its line), waits for the server's diagnostics, checks
-- the code, message and column (Neovim converts the server's UTF-16 positions to bytes), asks
-- for hover on another action and checks its description, then stops the server. Run by
-- tests/it/lsp.rs (`neovim_is_a_client`) and editors/ci.sh:
--   IAMX_BIN=target/debug/iamx IAMX_FILE=/tmp/x/main.iamx \
--     nvim --headless --clean -u NONE -c 'luafile editors/neovim/lsp_smoke.lua'
local failures = {}
local function fail(msg) table.insert(failures, msg) end

local bin = assert(os.getenv("IAMX_BIN"), "IAMX_BIN is not set")
local file = assert(os.getenv("IAMX_FILE"), "IAMX_FILE is not set")
vim.cmd("edit " .. vim.fn.fnameescape(file))
vim.bo.filetype = "iamx"
local id = vim.lsp.start_client({
  name = "iamx",
  cmd = { bin, "lsp" },
  root_dir = vim.fn.fnamemodify(file, ":p:h"),
})
if not id then fail("the server did not start") end
vim.lsp.buf_attach_client(0, id)

local lines = vim.api.nvim_buf_get_lines(0, 0, -1, false)
local function find(needle)
  for i, l in ipairs(lines) do
    local s = l:find(needle, 1, true)
    if s then return i - 1, s - 1 end
  end
end

local got = vim.wait(15000, function() return #vim.diagnostic.get(0) > 0 end, 50)
if not got then
  fail("no diagnostics within 15 s")
else
  local d = vim.diagnostic.get(0)[1]
  local line, col = find("s3:GetObjet")
  if not d.message:find("unknown action `s3:GetObjet`", 1, true) then fail("message: " .. d.message) end
  if not d.message:find("did you mean `s3:GetObject`?", 1, true) then fail("help: " .. d.message) end
  if d.lnum ~= line or d.col ~= col then
    fail(string.format("diagnostic at %d:%d, the action is at %d:%d", d.lnum, d.col, line, col))
  end
  local code = d.code or (d.user_data and d.user_data.lsp and d.user_data.lsp.code)
  if code ~= "E0502" then fail("code: " .. tostring(code)) end
  io.stdout:write(string.format("diagnostic %d:%d %s [%s]\n", d.lnum + 1, d.col + 1, d.message:gsub("\n.*", ""), tostring(code)))
end

local hl, hc = find("logs:PutLogEvents")
local res = vim.lsp.buf_request_sync(0, "textDocument/hover", {
  textDocument = { uri = vim.uri_from_bufnr(0) },
  position = { line = hl, character = hc + 5 },
}, 10000)
local hover = res and res[id] and res[id].result
local text = hover and hover.contents and hover.contents.value or ""
if not text:find("Grants permission to upload a batch of log events", 1, true) then
  fail("hover: " .. vim.inspect(res))
else
  io.stdout:write("hover " .. text:gsub("\n.*", "") .. "\n")
end

vim.lsp.stop_client(id)
vim.wait(5000, function() return vim.lsp.get_client_by_id(id) == nil end, 50)

if #failures > 0 then
  io.stdout:write("neovim lsp smoke test failed:\n  " .. table.concat(failures, "\n  ") .. "\n")
  vim.cmd("cquit 1")
else
  vim.cmd("qall!")
end
