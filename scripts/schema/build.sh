#!/usr/bin/env bash
# Regenerate the Terraform provider argument tables (scripts/schema/out/*.tsv) from the CDK for
# Terraform prebuilt provider packages on npm. Re-run by a maintainer when the provider range in
# versions.tf moves (src/backend/terraform/variables.rs) or the backend emits a new type; commit
# the regenerated files. Generic over the provider: add a line below for google or azurerm.
#
# Each table is one package version; the terraform backend's arguments are tested against the
# oldest and the newest version of the range it pins (tests/schema.rs, scripts/validate/).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
work=${IAMX_SCHEMA_WORK:-$(mktemp -d)}
mkdir -p "$here/out"

# extract PROVIDER NPM_PACKAGE VERSION TYPE_GLOBS
extract() {
  local provider=$1 package=$2 version=$3 types=$4
  local dir="$work/$provider-$version"
  mkdir -p "$dir"
  (cd "$dir" && npm pack -q "$package@$version" >/dev/null && tar xzf ./*.tgz)
  local provider_version
  provider_version=$(grep -o "providerVersion: '[^']*'" "$dir/package/lib/provider/index.js" | head -1 | cut -d"'" -f2)
  python3 "$here/extract.py" "$dir/package" "$here/out/$provider-$provider_version.tsv" "$types"
}

# hashicorp/aws >= 6.0, < 7.0: @cdktf/provider-aws 21.0.0 is provider 6.0.0, 21.22.1 is 6.25.0.
# The types the terraform backend emits or reads (MPL-2.0, see scripts/schema/README.md).
AWS_TYPES='aws_iam_*,aws_caller_identity,aws_region,aws_partition'
extract aws @cdktf/provider-aws 21.0.0 "$AWS_TYPES"
extract aws @cdktf/provider-aws 21.22.1 "$AWS_TYPES"

# hashicorp/google >= 6.50, < 7.0: @cdktf/provider-google 16.12.1 is provider 6.50.0, the newest
# google package the CDK for Terraform project published (MPL-2.0). The types the Google Cloud
# backend emits: service accounts, custom roles, every `*_iam_member`/`*_iam_binding` family (the
# scope table, src/gcp/scopes.rs, is checked against them), and the federation and deny resources.
GOOGLE_TYPES='google_*_iam_member,google_*_iam_binding,google_*_iam_custom_role,google_service_account,google_iam_workload_identity_pool,google_iam_workload_identity_pool_provider,google_iam_deny_policy'
extract google @cdktf/provider-google 16.12.1 "$GOOGLE_TYPES"

# hashicorp/azurerm >= 4.55, < 5.0: @cdktf/provider-azurerm 14.23.1 is provider 4.55.0, the newest
# azurerm package the CDK for Terraform project published (MPL-2.0). The types the Azure backend
# emits: user-assigned identities, role definitions, role assignments, federated credentials.
AZURERM_TYPES='azurerm_user_assigned_identity,azurerm_role_definition,azurerm_role_assignment,azurerm_federated_identity_credential'
extract azurerm @cdktf/provider-azurerm 14.23.1 "$AZURERM_TYPES"
