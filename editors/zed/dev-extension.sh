#!/usr/bin/env bash
# Writes target/zed-iamx/, this extension with its grammar pointing at this checkout (file:// URL,
# HEAD commit), for Zed's "zed: install dev extension". Commit first: Zed checks the grammar out
# at that commit.
set -euo pipefail
repo=$(git -C "$(dirname "$0")" rev-parse --show-toplevel)
rev=$(git -C "$repo" rev-parse HEAD)
out=$repo/target/zed-iamx
rm -rf "$out"
mkdir -p "$out"
cp -r "$repo/editors/zed/." "$out/"
rm -f "$out/dev-extension.sh"
sed -i -e "s|file:///path/to/iamx|file://$repo|g" -e "s|HEAD-COMMIT|$rev|" "$out/extension.toml"
echo "$out: install it with \"zed: install dev extension\""
