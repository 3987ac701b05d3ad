//! Every resource, argument, nested block and reference the Azure terraform backend writes,
//! checked against the hashicorp/azurerm schema table extracted from the CDK for Terraform
//! package (`scripts/schema/out/azurerm-*.tsv`): on the `azure-*` examples and on a module that
//! uses every scope kind, declaration and property.

use super::model;
use crate::azure::scopes::SCOPES;
use crate::backend::Outputs;
use crate::backend::cloud::schema_tests::{check_model, examples_fit, problems_of, tables};
use crate::backend::hcl::{Block, Expr};
use crate::driver::compile_str;

fn check(src: &str) -> (Vec<String>, Vec<String>) {
    let c = compile_str("t.iamx", src);
    assert!(!c.has_errors(), "{:?}", c.diags);
    let p = c.program.as_ref().unwrap();
    let program = p.azure.as_ref().unwrap();
    check_model(&tables("azurerm-"), model(p, program, Outputs::All))
}

/// Every declaration, property and scope kind, with a condition and module-level principals.
const EVERYTHING: &str = r#"
target azure
use std.github
param sub: SubscriptionId = "00000000-0000-0000-0000-000000000000"
param location: AzureLocation = "westeurope"
/// Reads blobs
role_definition reader {
  name = "Blob reader"
  description = "reads"
  actions = [Microsoft.Storage/storageAccounts/read]
  not_actions = [Microsoft.Storage/storageAccounts/listKeys/action]
  data_actions = [Microsoft.Storage/storageAccounts/blobServices/containers/blobs/read]
  not_data_actions = [Microsoft.Storage/storageAccounts/blobServices/containers/blobs/delete]
  assignable_scopes = [subscription(sub), resource_group(sub, "data")]
}
managed_identity app {
  name = "app-id"
  resource_group = "data"
  location = location
  trust github subject github.environment("acme/shop", "production")
  trust github subject github.branch("acme/shop", "main")
  grant builtin("Reader") on management_group("platform")
  grant builtin("Reader") on subscription(sub)
  grant reader on resource_group(sub, "data")
  grant builtin("AcrPull") on acr.registry(sub, "data", "reg")
  grant builtin("Container Apps Contributor") on container_app(sub, "data", "app")
  grant builtin("Key Vault Secrets User") on key_vault(sub, "data", "kv")
  grant builtin("Storage Blob Data Reader") on storage_account(sub, "data", "st")
    when abac "((!(ActionMatches{'Microsoft.Storage/storageAccounts/blobServices/containers/blobs/read'})) OR (@Resource[Microsoft.Storage/storageAccounts/blobServices/containers:name] StringEquals 'logs'))"
  grant builtin("Reader") on "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/data/providers/Microsoft.Storage/storageAccounts/st2"
}
managed_identity release { resource_group = "data" location = "westeurope" }
grant builtin("Managed Identity Operator") on release to app, group("11111111-1111-1111-1111-111111111111"), user("22222222-2222-2222-2222-222222222222"), service_principal("33333333-3333-3333-3333-333333333333")
"#;

#[test]
fn every_argument_and_reference_is_in_the_provider_schema() {
    let (problems, types) = check(EVERYTHING);
    assert!(problems.is_empty(), "{problems:#?}");
    for t in [
        "azurerm_user_assigned_identity",
        "azurerm_role_definition",
        "azurerm_role_assignment",
        "azurerm_federated_identity_credential",
    ] {
        assert!(types.iter().any(|x| x == t), "{t} not emitted");
    }
    // Every scope kind was used.
    for s in SCOPES {
        assert!(
            EVERYTHING.contains(&format!("{}(", s.name)),
            "{} not used",
            s.name
        );
    }
}

#[test]
fn the_azure_examples_fit_the_provider_schema() {
    examples_fit("azure-", |src| check(src).0);
}

#[test]
fn the_check_can_fail() {
    let mut b = Block::new("resource", &["azurerm_role_assignment", "a"]);
    b.attr("scope", Expr::str("/"))
        .attr("role_name", Expr::str("Reader"))
        .attr(
            "principal_type",
            Expr::Raw("azurerm_user_assigned_identity.x.object_id".into()),
        );
    let all = problems_of(&tables("azurerm-"), &b);
    assert!(all.contains("`role_name`"), "{all}");
    assert!(all.contains("required `principal_id` missing"), "{all}");
    assert!(
        all.contains("`azurerm_user_assigned_identity.x.object_id`"),
        "{all}"
    );
}
