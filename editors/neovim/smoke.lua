-- A headless Neovim as a real client of the tree-sitter grammar: it loads the compiled parser,
-- parses every file given in IAMX_FILES (newline-separated) without an error node, and compiles
-- every query of editors/neovim/queries/iamx. Run by editors/ci.sh:
--   IAMX_PARSER=parser.so IAMX_FILES="..." nvim --headless --clean -u NONE -l ... (0.9+) or
--   nvim --headless --clean -u NONE -c 'luafile editors/neovim/smoke.lua' (0.7+)
local failures = {}
local function fail(msg) table.insert(failures, msg) end

local parser_path = assert(os.getenv("IAMX_PARSER"), "IAMX_PARSER is not set")
local queries = assert(os.getenv("IAMX_QUERIES"), "IAMX_QUERIES is not set")
local add = vim.treesitter.language.add or function(lang, opts)
  return vim.treesitter.require_language(lang, opts.path)
end
local ok, err = pcall(add, "iamx", { path = parser_path })
if not ok then fail("loading " .. parser_path .. ": " .. tostring(err)) end

local count = 0
for file in (os.getenv("IAMX_FILES") or ""):gmatch("[^\n]+") do
  local src = assert(io.open(file)):read("*a")
  local tree = vim.treesitter.get_string_parser(src, "iamx"):parse()[1]
  if tree:root():has_error() then fail(file .. ": error nodes") end
  count = count + 1
end

local parse_query = (vim.treesitter.query and vim.treesitter.query.parse) or vim.treesitter.parse_query
for _, name in ipairs({ "highlights", "locals", "folds", "indents", "injections" }) do
  local text = assert(io.open(queries .. "/" .. name .. ".scm")):read("*a")
  local qok, qerr = pcall(parse_query, "iamx", text)
  if not qok then fail(name .. ".scm: " .. tostring(qerr)) end
end

if #failures > 0 or count == 0 then
  io.stdout:write("neovim smoke test failed (" .. count .. " files):\n  " .. table.concat(failures, "\n  ") .. "\n")
  vim.cmd("cquit 1")
else
  io.stdout:write(string.format("neovim %s: parsed %d files, compiled 5 queries\n",
    tostring(vim.version().major .. "." .. vim.version().minor .. "." .. vim.version().patch), count))
  vim.cmd("qall!")
end
