#!/usr/bin/env bash
# Regenerates the committed parser (src/) from grammar.js with the pinned tree-sitter CLI, then
# runs the CLI's corpus and highlight tests (test/corpus, test/highlight).
#
#   editors/tree-sitter-iamx/regenerate.sh           regenerate src/ in place, then test
#   editors/tree-sitter-iamx/regenerate.sh --check   fail if src/ differs from what grammar.js
#                                                    generates (CI), then test
#
# The CLI is built from crates.io once per machine (about 3 minutes on 2 idle cores) into
# $IAMX_TOOLS (default: ~/.cache/iamx/tree-sitter-cli-VERSION). Its version matches the
# `tree-sitter` crate the test crate uses; the parser is generated for ABI 14, which Neovim 0.9+,
# Helix and Zed all load.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
version=0.27.1
abi=14
root=${IAMX_TOOLS:-${XDG_CACHE_HOME:-$HOME/.cache}/iamx/tree-sitter-cli-$version}
ts=$root/bin/tree-sitter
if ! "$ts" --version 2>/dev/null | grep -qF "$version"; then
  echo "installing tree-sitter-cli $version into $root" >&2
  cargo install --quiet --locked --root "$root" "tree-sitter-cli@$version"
fi

if [ "${1:-}" = "--check" ]; then
  work=$(mktemp -d)
  trap 'rm -rf "$work"' EXIT
  cp -r "$here/grammar.js" "$here/tree-sitter.json" "$here/src" "$work/"
  (cd "$work" && "$ts" generate --abi "$abi")
  if ! diff -r "$here/src" "$work/src" >/dev/null; then
    diff -r "$here/src" "$work/src" | head -20 >&2
    echo "editors/tree-sitter-iamx/src is stale: run editors/tree-sitter-iamx/regenerate.sh" >&2
    exit 1
  fi
  echo "editors/tree-sitter-iamx/src is what grammar.js generates"
else
  (cd "$here" && "$ts" generate --abi "$abi")
fi

# `tree-sitter test` compiles src/parser.c with the system C compiler into a cache; a private one,
# since the shared ~/.cache/tree-sitter/lib keeps a parser built from another checkout's grammar.
libdir=$(mktemp -d)
trap 'rm -rf "$libdir" ${work:+"$work"}' EXIT
export TREE_SITTER_LIBDIR=$libdir
cd "$here"
out=$("$ts" test 2>&1 | sed 's/\x1b\[[0-9;]*m//g') || { echo "$out" >&2; exit 1; }
echo "$out"
if ! grep -q '^Total parses: [0-9]*; successful parses: [0-9]*; failed parses: 0;' <<<"$out" \
  || grep -q '✗' <<<"$out"; then
  echo "tree-sitter test failed" >&2
  exit 1
fi
