#!/usr/bin/env bash
# Renders examples with the TextMate grammar (shiki, scripts/render.mjs) and takes headless
# Chromium screenshots of them: docs/img/highlighting.png (VS Code's Dark+ theme, in the README)
# and docs/img/highlighting-light.png (Light+, in docs/editors.md). Needs Debian's chromium
# (`apt-get install -y chromium`); runs `npm ci` in editors/vscode when needed.
#
#   editors/vscode/scripts/screenshot.sh                      both images below
#   editors/vscode/scripts/screenshot.sh OUT.png THEME FILE...  one image
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
repo=$(cd "$here/../.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
[ -d "$here/node_modules" ] || npm ci --prefix "$here" --no-audit --no-fund

shot() { # OUT.png THEME FILE...
  local out=$1 theme=$2
  shift 2
  node "$here/scripts/render.mjs" --theme "$theme" "$work/page.html" "$@" >/dev/null
  mkdir -p "$(dirname "$out")"
  rm -rf "$work/profile"
  chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
    --disable-background-networking --disable-component-update --disable-sync \
    --user-data-dir="$work/profile" --hide-scrollbars --force-device-scale-factor=1 \
    --default-background-color=00000000 \
    --window-size="$(cat "$work/page.html.size")" --screenshot="$out" "file://$work/page.html" \
    2>"$work/chromium.log" || { cat "$work/chromium.log" >&2; exit 1; }
  echo "wrote ${out#"$repo"/}"
}

if [ $# -gt 0 ]; then
  shot "$@"
else
  shot "$repo/docs/img/highlighting.png" dark-plus "$repo/examples/ecs_task_role.iamx"
  shot "$repo/docs/img/highlighting-light.png" light-plus "$repo/examples/every_kind.iamx"
fi
