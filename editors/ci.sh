#!/usr/bin/env bash
# CI for the editor support (called by .ci/run; runnable alone from anywhere):
# - VS Code (editors/vscode): `npm ci` with the committed lock file, the TextMate grammar is what
#   its generator writes, type check, bundle, unit and activation tests of the client, scope
#   assertions (vscode-tmgrammar-test), snapshots over examples/ and stdlib/, and the .vsix
#   (vsce, offline);
# - tree-sitter (editors/tree-sitter-iamx): the test crate compiles the committed parser and
#   parses every .iamx of the repository, checks the queries and the keyword lists; the pinned
#   CLI checks that src/ is what grammar.js generates and runs the corpus and highlight tests;
# - Neovim (Debian's package) loads the parser and compiles the queries, and is a real client of
#   `iamx lsp` (diagnostics and hover: editors/neovim/lsp_smoke.lua, run by tests/it/lsp.rs).
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
cd "$repo"
export CARGO_TERM_COLOR=never

step() { printf '\n== editors: %s\n' "$*"; }

step "VS Code extension"
(
  cd editors/vscode
  npm ci --no-audit --no-fund --loglevel=error
  npm run --silent check:grammar
  npm run --silent typecheck
  npm run --silent build
  npm run --silent test:unit
  npm run --silent test:grammar
  npm run --silent test:snap
  npm run --silent package
)

step "tree-sitter test crate"
(
  cd editors/tree-sitter-iamx
  export CARGO_TARGET_DIR="$repo/target/editors"
  cargo fmt --check
  cargo clippy --locked --all-targets -- -D warnings
  cargo test --locked
)

step "tree-sitter CLI: generated parser up to date, corpus and highlight tests"
editors/tree-sitter-iamx/regenerate.sh --check

step "Neovim"
if ! command -v nvim >/dev/null; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq && apt-get install -y -qq neovim >/dev/null
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cc -O2 -shared -fPIC -I editors/tree-sitter-iamx/src editors/tree-sitter-iamx/src/parser.c -o "$work/iamx.so"
IAMX_PARSER="$work/iamx.so" IAMX_QUERIES="$repo/editors/neovim/queries/iamx" \
  IAMX_FILES="$(find examples stdlib -name '*.iamx' | sort)" \
  timeout 60 nvim --headless --clean -u NONE -c "luafile editors/neovim/smoke.lua" </dev/null

step "Neovim as a client of iamx lsp"
timeout 600 cargo test --locked --test it lsp::neovim_is_a_client
